"""JSON-LD from groups, streamed: the vocabulary's context, then one node object per group.

The document embeds the shipped context (``vocab/context.jsonld``; no remote document is
needed to read it) and lists one node object per group in ``@graph``, so keys are the
vocabulary's readable terms (``title``, ``amount``, ``skos:prefLabel``…). A term is used
only where its coercion matches the value: an ``@id`` term for an IRI, an
``@language``-container term for a literal with a (lower-case) language tag, a typed
term for a literal of that datatype, a term without coercion for a simple literal.
Any other value is written under its predicate as a compact IRI (or a full one, where the
compact IRI is itself a term) with an explicit value object. Nothing is compacted by a
JSON-LD processor, so nothing holds the document in memory.

Spec: JSON-LD 1.1, https://www.w3.org/TR/json-ld11/ (§4.2.2 type coercion; §9.8 language
maps; §4.1.5 compact IRIs and the prefix flag).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import IO, Any

from nerima_opendata.rdf.vocab import load_context
from nerima_opendata.writers.rdf_terms import BufferedWriter, Pair, check_iri, refused

__all__ = ["JsonLdContext", "JsonLdWriter"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_JSON_SPECIAL = re.compile('["\\\\\x00-\x1f]')
#: Coercions of a term, by value: an IRI, a tagged literal, a simple literal.
_ID, _LANGUAGE, _PLAIN = "@id", "@language", ""


def _json(text: str) -> str:
    if _JSON_SPECIAL.search(text) is None:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


def _many(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"


class JsonLdContext:
    """What the writer needs to know of a context: terms by predicate and coercion,
    the prefixes of compact IRIs, the aliases of ``@id`` and ``@type``.

    Args:
        context: The value of ``@context`` (a dict, as in ``vocab/context.jsonld``).

    Raises:
        ValueError: The context sets ``@vocab`` or a default ``@language``, which would
            change what a plain key or string means.
    """

    def __init__(self, context: dict[str, Any]) -> None:
        if "@vocab" in context or "@language" in context:
            raise ValueError("a context with @vocab or @language is not supported")
        self.context = context
        self.terms = {key for key in context if not key.startswith("@")}
        self.by_predicate: dict[str, dict[str, str]] = {}
        self.names: dict[str, str] = {}  # IRI → simple term (for @type values)
        self.prefixes: dict[str, str] = {}  # namespace → prefix
        self.id_key, self.type_key = "@id", "@type"
        for key, definition in context.items():
            if key.startswith("@"):
                continue
            if definition == "@id":
                self.id_key = key
            elif definition == "@type":
                self.type_key = key
            elif isinstance(definition, str):
                iri = self._expand(definition)
                if iri[-1] in ":/?#[]@":
                    self.prefixes.setdefault(iri, key)
                self.names.setdefault(iri, key)
                self.by_predicate.setdefault(iri, {}).setdefault(_PLAIN, key)
            elif isinstance(definition, dict) and "@id" in definition:
                self._expanded(key, definition)

    def _expanded(self, key: str, definition: dict[str, Any]) -> None:
        container, coercion = definition.get("@container"), definition.get("@type")
        if container == "@language" and coercion is None:
            kind = _LANGUAGE
        elif container is None and coercion is None:
            kind = _PLAIN
        elif container is None and coercion == "@id":
            kind = _ID
        elif container is None and isinstance(coercion, str) and not coercion.startswith("@"):
            kind = self._expand(coercion)
        else:
            return  # a list, set or index container: not used
        terms = self.by_predicate.setdefault(self._expand(definition["@id"]), {})
        terms.setdefault(kind, key)

    def _expand(self, value: str) -> str:
        prefix, colon, suffix = value.partition(":")
        namespace = self.context.get(prefix)
        if colon and isinstance(namespace, str) and not suffix.startswith("//"):
            return namespace + suffix
        return value

    def compact(self, iri: str, *, vocab: bool) -> str:
        """An IRI as a key or ``@type`` value (``vocab``), or as an ``@id`` value.

        Raises:
            OutputError: The IRI would be read as a compact IRI of this context.
        """
        check_iri(iri)
        scheme = iri.partition(":")[0]
        if scheme in self.terms or scheme == "_":
            raise refused("an IRI in JSON-LD", iri, f"a scheme that is not a term ({scheme})")
        if not vocab:
            return iri
        if iri in self.names:
            return self.names[iri]
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        prefix = self.prefixes.get(iri[:cut])
        curie = f"{prefix}:{iri[cut:]}"
        if prefix is None or curie in self.terms or iri[cut:].startswith("//"):
            return iri
        return curie


class JsonLdWriter(BufferedWriter):
    """Groups as a JSON-LD document with the vocabulary's context embedded.

    Args:
        stream: Where the text goes.
        context: The ``@context`` (default: the shipped one).
    """

    def __init__(self, stream: IO[str], context: dict[str, Any] | None = None) -> None:
        super().__init__(stream)
        self._context = JsonLdContext(context or load_context()["@context"])
        self._plans: dict[str, tuple[dict[str, str], str]] = {}
        self._first = True
        head = json.dumps(self._context.context, ensure_ascii=False, indent=2)
        self._out.append(f'{{\n"@context": {head},\n"@graph": [\n')
        self._id = _json(self._context.id_key)
        self._type = _json(self._context.type_key)

    def _plan(self, predicate: str) -> tuple[dict[str, str], str]:
        """The keys of a predicate: JSON-encoded term by coercion, and the fallback."""
        plan = self._plans.get(predicate)
        if plan is None:
            terms = self._context.by_predicate.get(predicate, {})
            fallback = self._context.compact(predicate, vocab=True)
            plan = self._plans[predicate] = (
                {kind: _json(key) for kind, key in terms.items()},
                _json(fallback),
            )
        return plan

    def _iri(self, iri: str, *, vocab: bool = False) -> str:
        key = ("v" if vocab else "i") + iri
        text = self._cache.get(key)
        if text is None:
            text = self._cache[key] = _json(self._context.compact(iri, vocab=vocab))
        return text

    def _entry(
        self, predicate: str, value: str | tuple[str, str | None, str | None]
    ) -> tuple[str, str, str | None]:
        """The key, JSON value and language-map key of one pair."""
        terms, fallback = self._plan(predicate)
        if isinstance(value, str):
            key = terms.get(_ID)
            if key is not None:
                return key, self._iri(value), None
            return fallback, f'{{"@id": {self._iri(value)}}}', None
        lexical, lang, datatype = value
        if lang is not None:
            key = terms.get(_LANGUAGE)
            if key is not None and lang == lang.lower():
                return key, _json(lexical), _json(lang)
            return fallback, f'{{"@value": {_json(lexical)}, "@language": {_json(lang)}}}', None
        key = terms.get(_PLAIN if datatype is None else datatype)
        if key is not None:
            return key, _json(lexical), None
        if datatype is None:
            return fallback, f'{{"@value": {_json(lexical)}}}', None
        typed = f'{{"@value": {_json(lexical)}, "@type": {self._iri(datatype, vocab=True)}}}'
        return fallback, typed, None

    def write(self, subject: str, pairs: Sequence[Pair]) -> None:
        """Write one group as a node object."""
        types: list[str] = []
        plain: dict[str, list[str]] = {}
        tagged: dict[str, dict[str, list[str]]] = {}
        for predicate, value in pairs:
            if predicate == _RDF_TYPE and isinstance(value, str):
                types.append(self._iri(value, vocab=True))
                continue
            key, text, lang = self._entry(predicate, value)
            if lang is None:
                plain.setdefault(key, []).append(text)
            else:
                tagged.setdefault(key, {}).setdefault(lang, []).append(text)
        parts = ["{" if self._first else ",\n{", f"{self._id}: {self._iri(subject)}"]
        self._first = False
        if types:
            parts.append(f", {self._type}: {_many(types)}")
        parts.extend(f", {key}: {_many(values)}" for key, values in plain.items())
        for key, languages in tagged.items():
            inner = ", ".join(f"{lang}: {_many(values)}" for lang, values in languages.items())
            parts.append(f", {key}: {{{inner}}}")
        parts.append("}")
        self._out.append("".join(parts))
        if len(self._out) > self.FLUSH:
            self._flush()

    def close(self) -> None:
        """End the document and write what is left."""
        self._out.append("\n]\n}\n")
        self._flush()
