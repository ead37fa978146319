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
from collections.abc import Iterable, Sequence
from typing import IO, Any

from nerima_opendata.errors import OutputError
from nerima_opendata.rdf.vocab import load_context
from nerima_opendata.writers.rdf_shapes import Fill, Shape, Shaped, TemplateWriter, Writes
from nerima_opendata.writers.rdf_terms import Lit, Pair, check_iri, refused

__all__ = ["JsonLdContext", "JsonLdWriter"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_JSON_SPECIAL = re.compile('["\\\\\x00-\x1f]')
#: Coercions of a term, by value: an IRI, a tagged literal, a simple literal.
_ID, _LANGUAGE, _PLAIN = "@id", "@language", ""
#: The plan's key of a predicate's compact (or full) IRI, for explicit value objects.
_FALLBACK = "@fallback"


def _json(text: str) -> str:
    if _JSON_SPECIAL.search(text) is None:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


#: JSON values by key: one value, or several.
_Values = dict[str, "str | list[str]"]


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


class JsonLdWriter(TemplateWriter):
    """Groups as a JSON-LD document with the vocabulary's context embedded.

    Args:
        stream: Where the text goes.
        context: The ``@context`` (default: the shipped one).
        head: Whether to start the document (``False``: the node objects go on, after a
            comma, those of a first part that wrote at least one).
        tail: Whether :meth:`close` ends it (``False``: a second part goes on).
        base: The document's base (``@base``, first in the embedded context): an ``@id``
            within it is written relative to it where it may be
            (:func:`~nerima_opendata.writers.rdf_terms.relative`).
    """

    def __init__(
        self,
        stream: IO[str] | IO[bytes],
        context: dict[str, Any] | None = None,
        *,
        head: bool = True,
        tail: bool = True,
        base: str | None = None,
    ) -> None:
        super().__init__(stream, base)
        self._tail = tail
        context = context or load_context()["@context"]
        self._context = JsonLdContext({"@base": self.base, **context} if self.base else context)
        self._plans: dict[str, dict[str, str]] = {}
        self._schemes = self._context.terms | {"_"}
        #: IRI starts that cannot be read as a compact IRI of this context.
        self._safe = tuple(f"{s}://" for s in ("http", "https") if s not in self._schemes)
        self._first = head
        if head:
            embedded = json.dumps(self._context.context, ensure_ascii=False, indent=2)
            self._out.append(f'{{\n"@context": {embedded},\n"@graph": [\n')
        self._id = _json(self._context.id_key)
        self._type = _json(self._context.type_key)

    def _plan(self, predicate: str) -> dict[str, str]:
        """A predicate's JSON-encoded keys: term by coercion, and the fallback (``None``)."""
        plan = self._plans.get(predicate)
        if plan is None:
            terms = self._context.by_predicate.get(predicate, {})
            plan = {kind: _json(key) for kind, key in terms.items()}
            plan[_FALLBACK] = _json(self._context.compact(predicate, vocab=True))
            self._plans[predicate] = plan
        return plan

    def _vocab(self, iri: str) -> str:
        text = self._cache.get(iri)
        if text is None:
            text = _json(self._context.compact(iri, vocab=True))
            self._remember(iri, text)
        return text

    def _id_value(self, iri: str) -> str:
        """An IRI as an ``@id`` value: as it is (checked: no ``"``, ``\\`` nor controls),
        or relative to the base."""
        if not iri.startswith(self._safe) and iri.partition(":")[0] in self._schemes:
            self._context.compact(iri, vocab=False)  # raises
        return f'"{self.rel(iri)}"'

    def _value_object(self, plan: dict[str, str], value: Lit) -> tuple[str, str]:
        lexical, lang, datatype = value
        if lang is not None:
            return plan[_FALLBACK], f'{{"@value": {_json(lexical)}, "@language": "{lang}"}}'
        if datatype is None:
            return plan[_FALLBACK], f'{{"@value": {_json(lexical)}}}'
        typed = f'{{"@value": {_json(lexical)}, "@type": {self._vocab(datatype)}}}'
        return plan[_FALLBACK], typed

    def _entries(self, pairs: Iterable[Pair]) -> tuple[list[str], _Values, dict[str, _Values]]:
        """The ``@type`` values, the other values by key, the language maps by key."""
        types: list[str] = []
        keyed: _Values = {}
        tagged: dict[str, _Values] = {}
        plans, id_value = self._plans, self._id_value
        for predicate, value in pairs:
            plan = plans.get(predicate) or self._plan(predicate)
            target = keyed
            if isinstance(value, str):
                if predicate == _RDF_TYPE:
                    types.append(self._vocab(value))
                    continue
                key, text = plan.get(_ID), id_value(value)
                if key is None:
                    key, text = plan[_FALLBACK], f'{{"@id": {text}}}'
            else:
                lexical, lang, datatype = value
                key = plan.get(_LANGUAGE if lang is not None else datatype or _PLAIN)
                if key is None or (lang is not None and not lang.islower()):
                    key, text = self._value_object(plan, value)
                elif lang is not None:
                    target = tagged.get(key) or tagged.setdefault(key, {})
                    key, text = f'"{lang}"', _json(lexical)
                else:
                    text = _json(lexical)
            old = target.get(key)
            if old is None:
                target[key] = text
            elif isinstance(old, list):
                old.append(text)
            else:
                target[key] = [old, text]
        return types, keyed, tagged

    def text(self, subject: str, pairs: Iterable[Pair]) -> str:
        """One group as a node object."""
        types, keyed, tagged = self._entries(pairs)
        # @type before @id: the order of the JSON-LD streaming profile, so a streaming
        # parser (pyoxigraph's STREAMING_JSON_LD) reads the file in bounded memory.
        parts = ["{"]
        if types:
            parts.append(f"{self._type}: {_many(types)}, ")
        parts.append(f'{self._id}: "{self.rel(subject)}"')
        for key, values in keyed.items():
            parts.append(f", {key}: {values if isinstance(values, str) else _many(values)}")
        for key, languages in tagged.items():
            inner = ", ".join(
                f"{lang}: {values if isinstance(values, str) else _many(values)}"
                for lang, values in languages.items()
            )
            parts.append(f", {key}: {{{inner}}}")
        parts.append("}")
        return "".join(parts)

    def filler(self, shape: Shape, form: Fill) -> Writes | None:
        """The template filled, once each IRI among the values is known to be one a
        reader cannot take for a compact IRI (as :meth:`text` checks; those within a
        text that starts as no compact IRI can are). None for a shape whose ``rdf:type``
        takes values: a type is written compacted, value by value."""
        if any(slot.predicate == _RDF_TYPE for slot in shape.variables):
            return None
        checks = [
            i
            for i in shape.iri_values
            if not (shape.variables[i].within or "").startswith(self._safe)
        ]
        id_value, fill = self._id_value, self.relative_fill(shape, form)

        def writes(subject: str, group: Shaped) -> str:
            values = group.values
            for i in checks:
                id_value(values[i])
            return fill(subject, values)

        return writes

    def write(self, subject: str, pairs: Sequence[Pair] | Shaped) -> None:
        """Write one group as a node object (after a comma but for the first; nothing,
        not even the comma, when the group cannot be written)."""
        mark = len(self._out)
        if not self._first:
            self._out.append(",\n")
        try:
            super().write(subject, pairs)
        except OutputError:
            del self._out[mark:]
            raise
        self._first = False

    def close(self) -> None:
        """End the document (unless a part goes on) and write what is left."""
        if self._tail:
            self._out.append("\n]\n}\n")
        self.flush()
