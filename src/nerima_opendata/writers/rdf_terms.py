"""A light RDF term model for streaming writers: IRIs as ``str``, literals as tuples.

The streaming serializers (:mod:`nerima_opendata.writers.rdf_stream`) take *groups*: one
subject and its ``(predicate, object)`` pairs, record by record. An IRI is a plain
``str`` (an rdflib ``URIRef`` is one too), a literal a :class:`Lit`. Nothing here builds a
graph; :func:`groups_from_triples` and :func:`triples_from_groups` convert to and from
rdflib terms for the small parts that are made with rdflib and for :func:`to_graph`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import IO, NamedTuple, cast

from rdflib import Literal, URIRef
from rdflib.term import Node

from nerima_opendata.errors import OutputError
from nerima_opendata.writers.term_grammar import iri_problem, lang_problem

__all__ = [
    "XSD_BOOLEAN",
    "XSD_DATE",
    "XSD_INTEGER",
    "XSD_STRING",
    "BufferedWriter",
    "Group",
    "Lit",
    "Pair",
    "Term",
    "TermChecker",
    "check_base",
    "check_datatype",
    "check_iri",
    "check_lang",
    "groups_from_triples",
    "lit",
    "node",
    "refused",
    "relative",
    "relative_to",
    "term",
    "triples_from_groups",
]

_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = _XSD + "string"
XSD_INTEGER = _XSD + "integer"
XSD_BOOLEAN = _XSD + "boolean"
XSD_DATE = _XSD + "date"


class Lit(NamedTuple):
    """An RDF literal: its lexical form, and a language tag or a datatype IRI.

    ``Lit("x")`` is a simple literal (``xsd:string``), ``Lit("x", "ja")`` a
    language-tagged one, ``Lit("5", None, XSD_INTEGER)`` a typed one.
    """

    lexical: str
    lang: str | None = None
    datatype: str | None = None


#: An RDF term of a group: an IRI (``str``) or a literal.
Term = str | Lit
#: One statement about a group's subject.
Pair = tuple[str, Term]
#: One subject and its pairs (any iterable: a writer reads it once).
Group = tuple[str, Iterable[Pair]]


def lit(value: object) -> Lit:
    """A literal of a Python value as rdflib would type it (int, bool, date → typed; str
    plain)."""
    if isinstance(value, bool):
        return Lit("true" if value else "false", None, XSD_BOOLEAN)
    if isinstance(value, int):
        return Lit(str(value), None, XSD_INTEGER)
    if isinstance(value, date):
        return Lit(value.isoformat(), None, XSD_DATE)
    return Lit(str(value))


def term(node: Node | Term) -> Term:
    """An rdflib term (no blank nodes) as a light term; a light term as it is."""
    if isinstance(node, Lit):
        return node
    if isinstance(node, Literal):
        datatype = node.datatype
        if datatype is not None and str(datatype) == XSD_STRING:
            datatype = None
        return Lit(str(node), node.language, None if datatype is None else str(datatype))
    return str(node)


def node(value: Term) -> Node:
    """A light term as an rdflib term."""
    if isinstance(value, str):
        return URIRef(value)
    if value.lang is not None:
        return Literal(value.lexical, lang=value.lang)
    if value.datatype is None:
        return Literal(value.lexical)
    return Literal(value.lexical, datatype=URIRef(value.datatype))


def groups_from_triples(triples: Iterable[tuple[Node, Node, Node | Term]]) -> Iterator[Group]:
    """Triples made with rdflib terms (or light literals) as groups: consecutive triples
    of one subject."""
    subject: str | None = None
    pairs: list[Pair] = []
    for s, p, o in triples:
        if str(s) != subject:
            if subject is not None:
                yield subject, pairs
            subject, pairs = str(s), []
        pairs.append((str(p), term(o)))
    if subject is not None:
        yield subject, pairs


def triples_from_groups(groups: Iterable[Group]) -> Iterator[tuple[Node, Node, Node]]:
    """Groups as rdflib triples (for a graph, or a writer that takes triples)."""
    for subject, pairs in groups:
        s = URIRef(subject)
        for p, o in pairs:
            yield s, URIRef(p), node(o)


#: The datatypes a literal without a language tag cannot have (strict parsers refuse them).
_TAGGED_ONLY = frozenset(
    {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString",
    }
)


def refused(what: str, found: object, expected: str) -> OutputError:
    """The error of a term a serialization cannot hold."""
    return OutputError(f"cannot serialize {what}: found {found!r}; expected {expected}")


def check_iri(iri: str) -> str:
    """The IRI, if it is absolute and a strict parser reads it (RFC 3987:
    :func:`~nerima_opendata.writers.term_grammar.iri_problem`).

    Raises:
        OutputError: It is not.
    """
    if (problem := iri_problem(iri)) is not None:
        raise refused("an IRI", iri, f"an absolute IRI (RFC 3987); {problem}")
    return iri


def check_lang(lang: str) -> str:
    """The language tag, if it is well-formed (BCP 47:
    :func:`~nerima_opendata.writers.term_grammar.lang_problem`).

    Raises:
        OutputError: It is not.
    """
    if (problem := lang_problem(lang)) is not None:
        raise refused("a language tag", lang, problem)
    return lang


def check_datatype(datatype: str) -> str:
    """The datatype IRI of a literal without a language tag, if it may be one.

    Raises:
        OutputError: It is not an IRI, or it is ``rdf:langString`` or
            ``rdf:dirLangString`` (a literal of those has a language tag).
    """
    if datatype in _TAGGED_ONLY:
        raise refused("a datatype", datatype, "a datatype of a literal without a language tag")
    return check_iri(datatype)


#: What keeps the rest of an IRI after a base from being written as a relative reference
#: that resolves to it (RFC 3986 §5.2): a segment ``.`` or ``..`` (resolution removes
#: it), a ``/`` first (a path from the root), a ``:`` (it could read as a scheme, or in
#: JSON-LD as a compact IRI) or an ``@`` first (a JSON-LD keyword's form).
_NOT_RELATIVE = re.compile(r"(?:^|/)\.\.?(?:[/?#]|$)|^[/@]|:")
#: A segment of a base's path that resolution would remove from it.
_DOT_SEGMENT = re.compile(r"/\.\.?(?:/|$)")


def relative(iri: str, base: str | None) -> str:
    """The IRI as a reference relative to ``base`` where it starts with it and the rest
    is a path of two segments or more that resolves back to it (RFC 3986 §5.2, against a
    base :func:`check_base` takes); else the IRI itself. A single segment stays whole:
    JSON-LD would read one that is a term of the context (``id``, ``type``) as that term.

    >>> relative("https://example.org/data/131202/2024/x", "https://example.org/data/131202/")
    '2024/x'
    >>> relative("https://example.org/data/131202/x/..", "https://example.org/data/131202/")
    'https://example.org/data/131202/x/..'
    """
    return relative_to(base)(iri)


def relative_to(base: str | None) -> Callable[[str], str]:
    """:func:`relative` with this base, as a function of the IRI alone (what a writer
    calls for each IRI: the regular expression only for a rest that may need it)."""
    if base is None:
        return str
    cut = len(base)

    def rel(iri: str) -> str:
        if not iri.startswith(base):
            return iri
        rest = iri[cut:]
        if "/" not in rest:
            return iri
        if rest[0] in "./@" or ":" in rest or "/." in rest:  # all _NOT_RELATIVE can match
            return iri if _NOT_RELATIVE.search(rest) else rest
        return rest

    return rel


def check_base(base: str | None) -> str | None:
    """A document's base IRI, if relative references may be written against it: an
    absolute IRI ending in ``/``, without query or fragment; ``None`` (no base: every IRI
    written whole) for one whose path holds a ``.`` or ``..`` segment, which resolution
    would remove from it.

    Raises:
        OutputError: It is not an absolute IRI ending in ``/``, without query or fragment.
    """
    if base is None:
        return None
    if not base.endswith("/") or "?" in base or "#" in base:
        raise refused("a base IRI", base, "an absolute IRI ending in '/', without '?' or '#'")
    check_iri(base)
    return None if _DOT_SEGMENT.search(base.partition("://")[2]) else base


class BufferedWriter:
    """A stream written a batch of strings at a time, with a bounded cache of terms.

    Args:
        stream: Where the text goes: a text stream, or a binary one (an
            :class:`io.RawIOBase` or :class:`io.BufferedIOBase`, such as a file opened
            ``"wb"``; then each string is encoded as UTF-8 alone, so an ASCII string, say
            a line of IRIs, is copied rather than widened to the widest character of
            its batch).
    """

    #: How many strings to collect, or pairs to have written, before writing them out.
    FLUSH = 2_048
    #: How many cached terms to hold before the cache is cleared.
    CACHE = 50_000

    def __init__(self, stream: IO[str] | IO[bytes]) -> None:
        binary = isinstance(stream, (io.RawIOBase, io.BufferedIOBase))
        self._bytes = cast("IO[bytes]", stream) if binary else None
        self._text = None if binary else cast("IO[str]", stream)
        self._out: list[str] = []
        self._pairs = 0
        self._cache: dict[str, str] = {}

    def _remember(self, key: str, text: str) -> None:
        """Cache a term's text; the cache is cleared when full, never grows with the file."""
        if len(self._cache) >= self.CACHE:
            self._cache.clear()
        self._cache[key] = text

    def _written(self, pairs: int) -> None:
        """Note a group of ``pairs`` written to the buffer; write the buffer out when it
        holds many strings or pairs (a group may be long: a budget's every line)."""
        self._pairs += pairs
        if self._pairs > self.FLUSH or len(self._out) > self.FLUSH:
            self.flush()

    def flush(self) -> None:
        """Write the buffer out now (before text written to the stream by others)."""
        if self._bytes is not None:
            self._bytes.write(b"".join([text.encode() for text in self._out]))
        elif self._text is not None:
            self._text.write("".join(self._out))
        self._out.clear()
        self._pairs = 0

    def close(self) -> None:
        """Write what is left (the stream stays open)."""
        self.flush()


class TermChecker:
    """Checks every IRI and language tag of the groups once (a bounded memory of the
    ones seen), so the serializers need not: :func:`check_iri`, :func:`check_lang`."""

    #: How many checked terms to remember before forgetting them all.
    LIMIT = 100_000

    def __init__(self) -> None:
        self._seen: set[str] = set()  # IRIs, datatypes among them
        self._tags: set[str] = set()  # language tags, apart: "ja" is one, not an IRI

    def check(self, subject: str, pairs: Iterable[Pair]) -> None:
        """Check a group's terms.

        Raises:
            OutputError: An IRI, a language tag or a datatype no RDF syntax can hold
                (:func:`check_iri`, :func:`check_lang`, :func:`check_datatype`).
        """
        seen, tags = self._seen, self._tags
        if len(seen) > self.LIMIT:
            seen.clear()
        if len(tags) > self.LIMIT:
            tags.clear()
        if subject not in seen:
            seen.add(check_iri(subject))
        for predicate, value in pairs:
            if predicate not in seen:
                seen.add(check_iri(predicate))
            if isinstance(value, str):
                if value not in seen:
                    seen.add(check_iri(value))
            elif value.lang is not None:
                if value.lang not in tags:
                    tags.add(check_lang(value.lang))
            elif value.datatype is not None and (
                value.datatype in _TAGGED_ONLY or value.datatype not in seen
            ):
                seen.add(check_datatype(value.datatype))

    def check_iris(self, subject: str | None, iris: Iterable[str]) -> None:
        """Check a group's subject (unless ``None``: known good) and some IRIs (the
        other terms are known good).

        Raises:
            OutputError: An IRI no RDF syntax can hold.
        """
        seen = self._seen
        if len(seen) > self.LIMIT:
            seen.clear()
        if subject is not None and subject not in seen:
            seen.add(check_iri(subject))
        for iri in iris:
            if iri not in seen:
                seen.add(check_iri(iri))
