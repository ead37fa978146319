"""RDF files for the checks, parsed by pyoxigraph: as rdflib graphs, or as a stream.

pyoxigraph's parsers (Rust) read Turtle, N-Triples, RDF/XML and JSON-LD ten to a hundred
times faster than rdflib's. The checks use them two ways:

* :func:`read_graph`: a whole (small) file as an rdflib :class:`~rdflib.Graph`, for
  pyshacl, with the file's prefixes bound (the messages use them);
* :func:`stream_quads`: the statements of a file of any size, one at a time;
* :func:`ntriples_about`: the statements about some subjects of an N-Triples file that
  has parsed, found by the text of each line's subject: only those lines are parsed.

:func:`vocab_graph` and :func:`shapes_graph` are the shipped vocabulary and shapes,
parsed once per process (the checks only read them; never modify the returned graphs).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers import expat

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Count
from nerima_opendata.rdf.vocab import vocab_file

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("rdf", "validate", "pyoxigraph")

__all__ = [
    "RDF_FORMATS",
    "ParseFailure",
    "Unparsable",
    "check_xml",
    "ntriples_about",
    "parse_file",
    "rdf_format",
    "read_graph",
    "reading",
    "shapes_graph",
    "stream_quads",
    "to_oxigraph",
    "to_oxigraph_quads",
    "to_rdflib",
    "vocab_graph",
]

#: pyoxigraph's format name by file suffix (an attribute of ``pyoxigraph.RdfFormat``).
RDF_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".rdf": "RDF_XML", ".jsonld": "JSON_LD"}

_XSD_STRING = str(XSD.string)

#: An IRI's rdflib term, made once: rdflib checks every IRI it is given (a third of the
#: time of reading a graph), and a graph names the same predicates and nodes many times.
_uri = lru_cache(maxsize=1 << 16)(URIRef)


def rdf_format(path: StrPath) -> ox.RdfFormat:
    """The pyoxigraph format of an RDF file, by its suffix (``KeyError`` if unknown)."""
    format_name: str = RDF_FORMATS[Path(path).suffix.lower()]
    return getattr(ox.RdfFormat, format_name)  # type: ignore[no-any-return]


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph) -> Node:
    """An rdflib term equal to what rdflib's own parsers make of the same text."""
    if isinstance(term, ox.NamedNode):
        return _uri(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term.value, term.language, term.datatype.value)
    raise TypeError(f"not a term of a triple: {term!r}")  # pragma: no cover - RDF 1.1 data


@lru_cache(maxsize=1 << 16)
def _literal(value: str, language: str | None, datatype: str) -> Literal:
    """A literal's rdflib term, made once: rdflib reads the value of each typed literal
    it is given, and a budget graph says the same amounts, names and codes many times
    (世田谷区 2025: 76,364 literals, 16,779 of them distinct). rdflib's warning of an
    ill-typed literal is logged once per distinct literal, not once per statement."""
    if language:
        return Literal(value, lang=language)
    if datatype == _XSD_STRING:
        return Literal(value)
    return Literal(value, datatype=_uri(datatype))


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term of an rdflib term (the form the writers make)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_oxigraph_quads(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Quad]:
    """rdflib triples as pyoxigraph quads of the default graph (:func:`to_oxigraph`)."""
    for s, p, o in triples:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]


@dataclass(frozen=True)
class ParseFailure:
    """Why a file could not be read as RDF, as plain values (it may come back from
    another process): the file's name and the report's message."""

    file: str
    message: str


class Unparsable(Exception):
    """A file could not be read as RDF: :attr:`failure` says which, and why."""

    def __init__(self, failure: ParseFailure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@contextmanager
def reading(path: StrPath) -> Iterator[None]:
    """Turn an error reading or parsing ``path`` into :class:`Unparsable`, naming the
    file the error names (an RDF/XML error of pyoxigraph names none: then ``path``)."""
    try:
        yield
    except (OSError, SyntaxError) as exc:
        name = Path(exc.filename).name if exc.filename else Path(path).name
        raise Unparsable(ParseFailure(name, f"cannot parse: {exc}")) from exc


def stream_quads(path: StrPath, *, lenient: bool = False) -> Iterator[ox.Quad]:
    """The statements of an RDF file, streamed (its format by its suffix; JSON-LD by the
    streaming profile, which the library's files follow: a whole-document JSON-LD
    parse holds the document in memory).

    ``lenient`` reads it as pyoxigraph's lenient parsers do, without validating its
    IRIs and language tags (and, in N-Triples, line ends within a string, surrogate
    pairs of ``\\u`` escapes and the datatype ``rdf:langString`` of a literal without a
    tag): about 2.5 times as fast, and the same statements for a file a strict read
    accepts; the caller must know the file is one.

    Raises:
        SyntaxError: The file is not valid in its format (pyoxigraph's error).
        OSError: The file cannot be read.
    """
    yield from parse_file(path, lenient=lenient, streaming=True)


#: The bytes :func:`ntriples_about` reads at a time.
_BLOCK = 1 << 20
#: A blank node subject's label, at the start of an N-Triples line.
_LABEL = re.compile(rb"_:([^\s<]*)")


def ntriples_about(
    path: StrPath,
    subjects: Collection[str],
    *,
    tell: Count | None = None,
    about: int = 0,
    keep: Callable[[list[bytes]], list[bytes]] | None = None,
) -> Iterator[ox.Quad]:
    """The statements of an N-Triples file whose subject is one of ``subjects`` (IRIs,
    or blank node labels), in file order.

    The file must be one that parses (:func:`stream_quads`): each of its lines then holds
    at most one statement, and the text of its subject says which node it is about. A
    line is parsed only when it is about a wanted subject, or when its subject's text
    is not the IRI itself (a ``\\u`` escape) or is not at the start of the line.

    ``tell`` is told the lines read (split at CR and at LF), of ``about``, after each
    block of 1 MiB. ``keep``, given a block's lines that may be about those subjects
    (in order, before they are parsed: those about them, and those whose subject the
    text does not tell), returns those to parse (the caller's own filter).

    Raises:
        SyntaxError: A line does not parse.
        OSError: The file cannot be read.
    """
    keys, carry, done = {subject.encode() for subject in subjects}, b"", 0
    wanted = keep or _every
    with Path(path).open("rb") as stream:
        while block := stream.read(_BLOCK):
            lines = (carry + block).splitlines()  # at CR and LF: N-Triples' EOL
            carry = b"" if block.endswith((b"\n", b"\r")) else lines.pop()
            yield from _about(wanted(_taken(lines, keys)), subjects)
            done += len(lines)
            if tell is not None:
                tell(done, about)
    yield from _about(wanted(_taken([carry], keys)), subjects)
    if tell is not None:
        tell(done + bool(carry), about)


def _every(lines: list[bytes]) -> list[bytes]:
    """The lines, all of them (no filter of the caller's own)."""
    return lines


def _taken(lines: list[bytes], keys: set[bytes]) -> list[bytes]:
    """The lines that may be about a subject of ``keys`` (see :func:`ntriples_about`)."""
    taken: list[bytes] = []
    subject, keep = b"\n", False  # a line never starts with a line end
    for line in lines:
        if line.startswith(subject):  # the same subject as the line before
            if keep:
                taken.append(line)
        elif line[:1] == b"<":  # an IRI first on its line: the common case
            end = line.find(b">") + 1 or len(line)  # no '>': not an IRI, the parse says
            subject, key = line[:end], line[1 : end - 1]
            keep = key in keys or b"\\" in key or line[end - 1 : end] != b">"
            if keep:
                taken.append(line)
        else:
            subject, keep = b"\n", False
            if line.startswith(b"_:"):  # a label has no escapes and ends at a space or '<'
                if _LABEL.match(line).group(1) in keys:  # type: ignore[union-attr]
                    taken.append(line)
            elif line.strip() and not line.lstrip().startswith(b"#"):
                taken.append(line)  # a subject after white space: the parse says
    return taken


def _about(lines: list[bytes], subjects: Collection[str]) -> Iterator[ox.Quad]:
    """The statements of some N-Triples lines whose subject is one of ``subjects``."""
    if lines:
        data = b"\n".join(lines) + b"\n"
        for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            if quad.subject.value in subjects:
                yield quad


def check_xml(path: StrPath) -> None:
    """Check that a file is well-formed XML 1.0 (read in blocks by expat, which, unlike
    pyoxigraph's RDF/XML parser, refuses characters outside XML's ``Char``, e.g. U+FFFF).

    Raises:
        SyntaxError: The file is not well-formed, with its name, line and column.
        OSError: The file cannot be read.
    """
    parser = expat.ParserCreate()
    with Path(path).open("rb") as stream:
        try:
            while block := stream.read(1 << 20):
                parser.Parse(block, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            where = (str(path), exc.lineno, exc.offset + 1, None)
            raise SyntaxError(f"not well-formed XML 1.0: {exc}", where) from exc


def parse_file(path: StrPath, *, lenient: bool = False, streaming: bool = False) -> ox.QuadParser:
    """pyoxigraph's parser of an RDF file, in the format of its suffix (RDF/XML checked
    first by :func:`check_xml`); ``lenient`` as :func:`stream_quads` says, and with
    ``streaming`` a JSON-LD file by the streaming profile (else the whole document).

    Raises:
        SyntaxError: The file is not well-formed XML (pyoxigraph's own errors are raised
            as the parser is read).
        OSError: The file cannot be read.
        KeyError: The suffix is not one of an RDF format.
    """
    path = Path(path)
    streamed = streaming and path.suffix.lower() == ".jsonld"
    fmt = ox.RdfFormat.STREAMING_JSON_LD if streamed else rdf_format(path)
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml(path)
    return ox.parse(path=path, format=fmt, lenient=lenient)


def read_graph(*paths: StrPath, graph: Graph | None = None, store: ox.Store | None = None) -> Graph:
    """RDF files as one rdflib graph, parsed by pyoxigraph, their prefixes bound.

    Args:
        paths: The files (format by suffix).
        graph: The graph to add to (default: a new one with no prefixes bound).
        store: Also given each statement of the files, as the graph holds it (in the
            default graph; IRIs and blank nodes as parsed, a literal as rdflib reads it,
            e.g. ``"01"^^xsd:integer`` as ``"1"``): what
            :func:`~nerima_opendata.checks.shacl_sparql.to_store` would make of the
            files' statements, with no second pass over the graph. (Not the statements
            ``graph`` held before.)

    Raises:
        SyntaxError: A file is not valid in its format.
        OSError: A file cannot be read.
    """
    target = Graph(bind_namespaces="none") if graph is None else graph
    for path in paths:
        parser = parse_file(path)
        if store is not None:
            store.bulk_extend(_held(parser, target))
        else:
            add = target.add
            for quad in parser:
                add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        for prefix, namespace in sorted(parser.prefixes.items()):
            target.bind(prefix, namespace, override=False)
    return target


def _held(quads: Iterable[ox.Quad], graph: Graph) -> Iterator[ox.Quad]:
    """Each statement, added to ``graph``, then as ``graph`` holds it, in the default
    graph (as rdflib's triples are): IRIs and blank nodes keep their text in rdflib, a
    literal may not (rdflib normalizes some)."""
    add, literal, quad_of = graph.add, ox.Literal, ox.Quad
    for quad in quads:
        subject, predicate, obj = quad.subject, quad.predicate, quad.object
        held = to_rdflib(obj)
        add((to_rdflib(subject), to_rdflib(predicate), held))
        yield quad_of(subject, predicate, to_oxigraph(held) if isinstance(obj, literal) else obj)


@cache
def vocab_graph() -> Graph:
    """The vocabulary (ontology, schemes, cube structure), as
    :func:`~nerima_opendata.rdf.vocab.load_vocab` gives it, parsed once per process."""
    graph = Graph(bind_namespaces="core")
    return read_graph(*(vocab_file(r) for r in ("ontology", "schemes", "dsd")), graph=graph)


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes (``vocab/shapes.ttl``), parsed once per process."""
    return read_graph(vocab_file("shapes"), graph=Graph(bind_namespaces="core"))
