"""RDF/XML from groups, streamed: one ``rdf:Description`` per group.

Every prefix of the graph bindings is declared on ``rdf:RDF``; a property element is a
QName of its predicate, with its namespace declared on the element itself when it is not
one of ours. What XML 1.0 cannot hold is refused with
:class:`~nerima_opendata.errors.OutputError`: a character outside XML's ``Char``
production (C0 controls but tab, LF and CR; U+FFFE, U+FFFF), a predicate that does not
end in an XML name, or one of the RDF/XML syntax terms (``rdf:about``, ``rdf:li``…).

Spec: RDF 1.1 XML Syntax, https://www.w3.org/TR/rdf-syntax-grammar/ (§2.2 node and
property elements; §5.1 the syntax terms that cannot be property elements).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from nerima_opendata.writers.charsets import NAME_CHAR, NAME_START, ranges_class
from nerima_opendata.writers.rdf_shapes import Fill, Shape, Shaped, TemplateWriter, Writes
from nerima_opendata.writers.rdf_terms import Pair, check_iri, refused

__all__ = ["RdfXmlWriter"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: rdf: names that cannot be property elements (§5.1 core syntax and old terms).
_SYNTAX_TERMS = frozenset(
    _RDF + name
    for name in [
        "RDF",
        "ID",
        "about",
        "bagID",
        "parseType",
        "resource",
        "nodeID",
        "datatype",
        "Description",
        "li",
        "aboutEach",
        "aboutEachPrefix",
    ]
)
_START = ranges_class(NAME_START)
_NAME = ranges_class(NAME_CHAR)
_NCNAME = re.compile(f"{_START}{_NAME}*")
#: The longest XML name at the end of an IRI (the leftmost start that reaches the end).
_NCNAME_TAIL = re.compile(f"{_START}{_NAME}*\\Z")
#: A character XML 1.0 cannot hold, even escaped: the complement of its Char production
#: (tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF), written small; the
#: surrogates by chr(), as mypyc compiles no literal that holds one
#: (benchmarks/compiled_library.py).
_NOT_XML_CHAR = "[\x00-\x08\x0b\x0c\x0e-\x1f" + chr(0xD800) + "-" + chr(0xDFFF) + "\ufffe\uffff]"
_NOT_XML = re.compile(_NOT_XML_CHAR)
_TEXT_SPECIAL = re.compile("[&<>\r]")
#: Either of the two: a text that needs a closer look.
_ATTENTION = re.compile(f"[&<>\\r]|{_NOT_XML_CHAR}")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_SPECIAL = re.compile('[&<>"\t\n\r]')
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
    | {"\r": "&#13;"}
)
#: The prefix of a namespace declared on a property element (not one of ours).
_LOCAL_PREFIX = "ns"


def _xml_text(text: str) -> str:
    found = _NOT_XML.search(text)
    if found is not None:
        raise refused(
            "a value in RDF/XML", text, f"no {found.group()!r}: XML 1.0 cannot hold that character"
        )
    return text.translate(_TEXT_ESCAPES) if _TEXT_SPECIAL.search(text) else text


def _attribute(text: str) -> str:
    if _NOT_XML.search(text) is not None:
        raise refused("an attribute in RDF/XML", text, "only characters XML 1.0 can hold")
    return text.translate(_ATTR_ESCAPES) if _ATTR_SPECIAL.search(text) else text


class RdfXmlWriter(TemplateWriter):
    """Groups as RDF/XML.

    Args:
        stream: Where the text goes.
        namespaces: Prefix → namespace, declared on the root (``rdf`` is added if absent).
        head: Whether to start the document (``False``: the groups go on a first part's).
        tail: Whether :meth:`close` ends it (``False``: a second part goes on).
        base: The document's base (``xml:base``): an IRI within it is written relative
            to it where it may be (:func:`~nerima_opendata.writers.rdf_terms.relative`).
    """

    def __init__(
        self,
        stream: IO[str] | IO[bytes],
        namespaces: dict[str, str],
        *,
        head: bool = True,
        tail: bool = True,
        base: str | None = None,
    ) -> None:
        super().__init__(stream, base)
        self._tail = tail
        declared = {"rdf": _RDF} | namespaces
        self._prefixes = {ns: prefix for prefix, ns in declared.items()}
        self._elements: dict[str, tuple[str, str]] = {}
        root = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF']
        for prefix, ns in declared.items():
            if prefix == _LOCAL_PREFIX or _NCNAME.fullmatch(prefix) is None:
                raise refused(
                    "a prefix in RDF/XML", prefix, f"an XML name other than {_LOCAL_PREFIX}"
                )
            root.append(f'\n   xmlns:{prefix}="{_attribute(check_iri(ns))}"')
        if self.base:
            root.append(f'\n   xml:base="{_attribute(self.base)}"')
        if head:
            self._out.append("".join(root) + ">\n")

    def _element(self, predicate: str) -> tuple[str, str]:
        """The start (open, without ``>``) and end tags of a predicate's property element."""
        tags = self._elements.get(predicate)
        if tags is not None:
            return tags
        if predicate in _SYNTAX_TERMS:
            raise refused("a predicate in RDF/XML", predicate, "not an RDF/XML syntax term")
        cut = max(predicate.rfind("#"), predicate.rfind("/")) + 1
        prefix = self._prefixes.get(predicate[:cut])
        if prefix is not None and _NCNAME.fullmatch(predicate, cut) is not None:
            name, declaration = f"{prefix}:{predicate[cut:]}", ""
        else:
            tail = _NCNAME_TAIL.search(predicate)
            if tail is None or tail.start() == 0:
                raise refused(
                    "a predicate in RDF/XML", predicate, "an IRI that ends in an XML name"
                )
            name = f"{_LOCAL_PREFIX}:{tail.group()}"
            namespace = _attribute(predicate[: tail.start()])
            declaration = f' xmlns:{_LOCAL_PREFIX}="{namespace}"'
        tags = self._elements[predicate] = (f"    <{name}{declaration}", f"</{name}>\n")
        return tags

    def text(self, subject: str, pairs: Iterable[Pair]) -> str:
        """One group as an ``rdf:Description`` (terms checked by ``write_groups``:
        an IRI then holds no ``<>"`` nor whitespace, so only ``&`` needs escaping)."""
        elements, attention, rel = self._elements, _ATTENTION.search, self.rel
        about = rel(subject)
        if "&" in about:
            about = about.replace("&", "&amp;")
        parts = [f'  <rdf:Description rdf:about="{about}">\n']
        for predicate, value in pairs:
            start, end = elements.get(predicate) or self._element(predicate)
            if isinstance(value, str):
                value = rel(value)
                if "&" in value:
                    value = value.replace("&", "&amp;")
                parts.append(f'{start} rdf:resource="{value}"/>\n')
                continue
            lexical, lang, datatype = value
            if attention(lexical) is not None:
                lexical = _xml_text(lexical)
            if lang is not None:
                parts.append(f'{start} xml:lang="{lang}">{lexical}{end}')
            elif datatype is not None:
                if "&" in datatype:
                    datatype = datatype.replace("&", "&amp;")
                parts.append(f'{start} rdf:datatype="{datatype}">{lexical}{end}')
            else:
                parts.append(f"{start}>{lexical}{end}")
        parts.append("  </rdf:Description>\n")
        return "".join(parts)

    def filler(self, shape: Shape, form: Fill) -> Writes:
        """The template filled (:meth:`relative_fill`), unless an IRI holds an ``&``
        (then the generic code escapes it)."""
        iris, text, fill = shape.iris, self.text, self.relative_fill(shape, form)

        def writes(subject: str, group: Shaped) -> str:
            if "&" in subject or "&" in iris(group.values):
                return text(subject, group)
            return fill(subject, group.values)

        return writes

    def close(self) -> None:
        """End the document (unless a part goes on) and write what is left."""
        if self._tail:
            self._out.append("</rdf:RDF>\n")
        self.flush()
