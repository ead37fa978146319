"""Streaming RDF serializers: one pass over groups writes every RDF format at once.

A *group* is one subject and its ``(predicate, object)`` pairs
(:mod:`nerima_opendata.writers.rdf_terms`); :func:`write_groups` hands each group to a
writer per format, which turns it into text and forgets it, so memory holds one group
(at most :data:`CHUNK` pairs of it), never the document. The output is the groups in
the order given, byte-identical for the same groups:

* N-Triples (:class:`NTriplesWriter`): one line per pair; literals escaped as the
  grammar requires (``"``, ``\\``, LF, CR), and every other C0 control character and
  DEL too (``\\t``, ``\\b``, ``\\f`` or ``\\u00XX``), so no line holds a control character;
* Turtle (:class:`TurtleWriter`): our prefixes (the graph bindings of
  :func:`nerima_opendata.writers.graph.new_graph`) and the document's ``@base``, if
  given, a subject's pairs grouped with ``;`` and ``,``, a QName only where the local
  name is a plain ``PN_LOCAL`` (no escapes), else ``<iri>``, relative to the base where
  it may be (:func:`~nerima_opendata.writers.rdf_terms.relative`); integers and booleans
  bare;
* RDF/XML (:mod:`nerima_opendata.writers.rdf_xml`) and JSON-LD
  (:mod:`nerima_opendata.writers.rdf_jsonld`).

A plain group of a known shape (:class:`~nerima_opendata.writers.rdf_shapes.Shaped`) is
written from the shape's template, the same text made without a loop over its pairs.

A term a format cannot hold (an IRI with a space, a control character in XML) raises
:class:`~nerima_opendata.errors.OutputError`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import IO, Protocol

from nerima_opendata.writers.charsets import PN_CHARS, PN_CHARS_BASE, ranges_class
from nerima_opendata.writers.graph import new_graph
from nerima_opendata.writers.rdf_jsonld import JsonLdWriter
from nerima_opendata.writers.rdf_shapes import (
    Fill,
    Shape,
    Shaped,
    Shapes,
    Slot,
    TemplateWriter,
    Writes,
)
from nerima_opendata.writers.rdf_terms import (
    XSD_BOOLEAN,
    XSD_INTEGER,
    Group,
    Lit,
    Pair,
    TermChecker,
    check_iri,
)
from nerima_opendata.writers.rdf_xml import RdfXmlWriter
from nerima_opendata.writers.term_grammar import takes_segments

__all__ = [
    "CHUNK",
    "GroupWriter",
    "NTriplesWriter",
    "TurtleWriter",
    "group_writer",
    "prefixes",
    "write_groups",
]

#: The most pairs of one group a writer is handed at a time (a longer group, such as a
#: budget's ``nb:hasLine`` of every line, is written as several of the same subject).
CHUNK = 2_000

#: Characters a quoted literal cannot hold as they are (N-Triples and Turtle).
_NEEDS_ESCAPE = re.compile(r"[\x00-\x1f\"\\\x7f]")
_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]} | {
    ord('"'): '\\"',
    ord("\\"): "\\\\",
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    ord("\b"): "\\b",
    ord("\f"): "\\f",
}
_FIRST = ranges_class(PN_CHARS_BASE, (0x5F, 0x5F), (0x30, 0x39))
_MIDDLE = ranges_class(PN_CHARS, (0x2E, 0x2E))
_LAST = ranges_class(PN_CHARS)
#: A Turtle local name that needs no escape (PN_LOCAL without ':' and PLX).
_PN_LOCAL = re.compile(f"({_FIRST}({_MIDDLE}*{_LAST})?)?")
_TURTLE_INTEGER = re.compile(r"[+-]?[0-9]+")


def quoted(text: str) -> str:
    """A string as an N-Triples/Turtle ``"..."`` literal."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + text.translate(_ESCAPES) + '"'


def prefixes() -> dict[str, str]:
    """Our prefixes (the graph bindings), prefix → namespace, in binding order."""
    return {prefix: str(ns) for prefix, ns in new_graph().namespaces()}


class GroupWriter(Protocol):
    """A serializer of groups: :meth:`write` each group, then :meth:`close`."""

    def write(self, subject: str, pairs: Sequence[Pair] | Shaped) -> None: ...

    def close(self) -> None: ...


class NTriplesWriter(TemplateWriter):
    """Groups as N-Triples, one line per pair (terms checked by :func:`write_groups`)."""

    def text(self, subject: str, pairs: Iterable[Pair]) -> str:
        """One group's lines."""
        out, needs_escape, escapes = [], _NEEDS_ESCAPE.search, _ESCAPES
        head = f"<{subject}> <"
        for predicate, value in pairs:
            if isinstance(value, str):
                out.append(f"{head}{predicate}> <{value}> .\n")
                continue
            lexical, lang, datatype = value
            if needs_escape(lexical) is not None:
                lexical = lexical.translate(escapes)
            if lang is not None:
                out.append(f'{head}{predicate}> "{lexical}"@{lang} .\n')
            elif datatype is not None:
                out.append(f'{head}{predicate}> "{lexical}"^^<{datatype}> .\n')
            else:
                out.append(f'{head}{predicate}> "{lexical}" .\n')
        return "".join(out)


class TurtleWriter(TemplateWriter):
    """Groups as Turtle: the prefixes, then one block per group (terms checked by
    :func:`write_groups`).

    Args:
        stream: Where the text goes.
        namespaces: Prefix → namespace.
        head: Whether to declare the base and prefixes first (``False``: the groups go
            on a document whose first part declared the same ones).
        base: The document's base (``@base``): an IRI within it is written relative to
            it where it may be (:func:`~nerima_opendata.writers.rdf_terms.relative`).
    """

    _TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

    def __init__(
        self,
        stream: IO[str] | IO[bytes],
        namespaces: dict[str, str],
        *,
        head: bool = True,
        base: str | None = None,
    ) -> None:
        super().__init__(stream, base)
        self._prefixes = {ns: prefix for prefix, ns in namespaces.items()}
        self._namespaces = tuple(self._prefixes)
        declared = [f"@prefix {p}: <{check_iri(ns)}> .\n" for p, ns in namespaces.items()]
        if head:
            self._out.extend([*declared, f"@base <{self.base}> .\n" if self.base else "", "\n"])

    def _ref(self, iri: str) -> str:
        """An IRI as a QName where the local name is a plain PN_LOCAL, else ``<iri>``."""
        text = self._cache.get(iri)
        if text is None:
            if not iri.startswith(self._namespaces):  # no QName: quick, so not cached
                return f"<{self.rel(iri)}>"
            cut = max(iri.rfind("#"), iri.rfind("/")) + 1
            prefix = self._prefixes.get(iri[:cut]) if cut else None
            if prefix is not None and _PN_LOCAL.fullmatch(iri, cut) is not None:
                text = f"{prefix}:{iri[cut:]}"
            else:
                text = f"<{self.rel(iri)}>"
            self._remember(iri, text)
        return text

    def _literal(self, value: Lit) -> str:
        lexical, lang, datatype = value
        if lang is not None:
            return f"{quoted(lexical)}@{lang}"
        if datatype is None:
            return quoted(lexical)
        if datatype == XSD_INTEGER and _TURTLE_INTEGER.fullmatch(lexical):
            return lexical
        if datatype == XSD_BOOLEAN and lexical in ("true", "false"):
            return lexical
        return f"{quoted(lexical)}^^{self._ref(datatype)}"

    def text(self, subject: str, pairs: Iterable[Pair]) -> str:
        """One group as a block: ``s p o, o ; p o .``."""
        cache, ref, literal, rdf_type = self._cache, self._ref, self._literal, self._TYPE
        needs_escape = _NEEDS_ESCAPE.search
        previous = None
        parts = [ref(subject)]
        for predicate, value in pairs:
            if isinstance(value, str):
                obj = cache.get(value) or ref(value)
            elif value[2] is None and needs_escape(value[0]) is None:  # no datatype, no escape
                obj = f'"{value[0]}"' if value[1] is None else f'"{value[0]}"@{value[1]}'
            else:
                obj = literal(value)
            if predicate == previous:
                parts.append(", " + obj)
            else:
                verb = "a" if predicate == rdf_type else (cache.get(predicate) or ref(predicate))
                parts.append(f"{' ;' if previous else ''}\n    {verb} {obj}")
                previous = predicate
        parts.append(" .\n")
        return "".join(parts)

    def _inline(self, within: str | None) -> bool:
        """Whether every IRI within this text is written ``<iri>`` (its namespace, up to
        the last ``/`` or ``#``, which a segment does not hold, is no prefix's)."""
        if within is None:
            return False
        cut = max(within.rfind("#"), within.rfind("/")) + 1
        return not cut or within[:cut] not in self._prefixes

    def piece(self, shape: Shape, slot: Slot | None, value: str) -> str:
        """An IRI as :meth:`_ref` writes it (but between its ``<>`` where it is always so
        written), a typed literal as :meth:`_literal` does."""
        within = shape.subject if slot is None else slot.within
        if slot is None or slot.iri:
            return self.rel(value) if self._inline(within) else self._ref(value)
        if slot.datatype is not None:
            return self._literal(Lit(value, None, slot.datatype))
        return value

    def filler(self, shape: Shape, form: Fill) -> Writes:
        """The template filled with the subject and the IRIs as references (as they are
        where always written ``<iri>``), typed literals bare where they may be."""
        inline = self._inline(shape.subject)
        work = [
            (i, slot.datatype)
            for i, slot in enumerate(shape.variables)
            if (slot.iri and not self._inline(slot.within)) or slot.datatype is not None
        ]
        cache, ref, literal = self._cache, self._ref, self._literal

        def writes(subject: str, group: Shaped) -> str:
            values = group.values
            if work:
                values = list(values)
                for i, datatype in work:
                    value = values[i]
                    if datatype is None:
                        values[i] = cache.get(value) or ref(value)
                    else:
                        values[i] = literal(Lit(value, None, datatype))
            return form(subject if inline else (cache.get(subject) or ref(subject)), values)

        return writes


def _chunks(pairs: Iterable[Pair]) -> Iterable[Sequence[Pair] | Shaped]:
    if type(pairs) is Shaped or (isinstance(pairs, (list, tuple)) and len(pairs) <= CHUNK):
        yield pairs
        return
    iterator = iter(pairs)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk


def _check(
    checker: TermChecker, checked: set[Shape], subject: str, pairs: Sequence[Pair] | Shaped
) -> None:
    """Check a group's terms; of a shape already checked, only the IRIs among its subject
    and values that are not within a checked text (its predicates, constants, tags,
    datatypes and the texts its IRIs are within do not change). A shape is taken as
    checked only when every text its IRIs are within takes any path segment after it
    (:func:`~nerima_opendata.writers.term_grammar.takes_segments`); else each of its
    groups is checked whole."""
    if type(pairs) is not Shaped:
        checker.check(subject, pairs)
    elif pairs.shape in checked:
        shape, values = pairs.shape, pairs.values
        checker.check_iris(None if shape.subject else subject, [values[i] for i in shape.unchecked])
    else:
        checker.check(subject, pairs)
        if all(map(takes_segments, pairs.shape.withins)):
            if len(checked) >= Shapes.LIMIT:
                checked.clear()
            checked.add(pairs.shape)


def write_groups(groups: Iterable[Group], writers: Sequence[GroupWriter]) -> int:
    """Check each group's terms (:class:`TermChecker`), and hand every group to every
    writer, a chunk of pairs at a time, then close them.

    Args:
        groups: ``(subject, pairs)``; pairs may be a one-shot iterator.
        writers: The serializers.

    Returns:
        The number of triples written (per writer).
    """
    count, checker, checked = 0, TermChecker(), set[Shape]()
    for subject, pairs in groups:
        for chunk in _chunks(pairs):
            if chunk:
                _check(checker, checked, subject, chunk)
                count += len(chunk)
                for writer in writers:
                    writer.write(subject, chunk)
    for writer in writers:
        writer.close()
    return count


def group_writer(
    suffix: str, stream: IO[bytes], head: bool, tail: bool, base: str | None = None
) -> TemplateWriter:
    """A format's writer (by file suffix) to ``stream``, with its document's ``head`` and
    ``tail`` or not (parts written apart, then joined), and IRIs within ``base`` written
    relative to it (but in N-Triples, which has no base); ``KeyError`` for no format."""
    if suffix == ".nt":
        return NTriplesWriter(stream)
    if suffix == ".ttl":
        return TurtleWriter(stream, prefixes(), head=head, base=base)
    if suffix == ".rdf":
        return RdfXmlWriter(stream, prefixes(), head=head, tail=tail, base=base)
    if suffix == ".jsonld":
        return JsonLdWriter(stream, head=head, tail=tail, base=base)
    raise KeyError(suffix)
