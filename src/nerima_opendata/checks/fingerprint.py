"""An order-independent fingerprint of an RDF graph, computed in one streaming pass.

Two files hold the same triples when their fingerprints are equal: the number of
statements, and the sum (mod 2**64) and the xor of a 64-bit hash of each statement. The
hash is pyoxigraph's hash of the statement (SipHash over its terms, in Rust: about 0.3 µs,
where hashing the N-Triples text with ``hashlib`` costs ten times as much); equal terms
hash equal whatever the syntax they were read from (``"x"`` and ``"x"^^xsd:string``,
``\\u`` escapes, prefixed names), and the hash is the same in every process. A dropped,
added or altered statement changes the count or both sums unless two 64-bit hashes
collide. The fingerprint is of the statements as read: a statement written twice counts
twice (the writers write each once). Blank nodes hash by their labels, which differ from
one syntax to another, so the fingerprint suits graphs without blank nodes (the budget
graph has none).

The expected graph can come as pyoxigraph quads or triples, as rdflib triples
(:func:`fingerprint_triples`, e.g. from
:func:`nerima_opendata.writers.rdf.budget_triples`), as N-Triples lines
(:func:`fingerprint_ntriples`), or as the writers' groups (:class:`GroupFingerprint`, a
writer that hashes the statements instead of serializing them: no text is written or
parsed).
"""

from __future__ import annotations

import functools
import io
import itertools
import operator
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rdflib.term import Node

from nerima_opendata.checks.rdf_load import (
    ParseFailure,
    Unparsable,
    parse_file,
    reading,
    stream_quads,
    to_oxigraph_quads,
)
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.paths import StrPath
from nerima_opendata.writers.rdf_shapes import Shaped
from nerima_opendata.writers.rdf_terms import Pair

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("rdf", "validate", "pyoxigraph")

__all__ = [
    "QUAD_BATCH",
    "AsWritten",
    "FilePrint",
    "Fingerprint",
    "GroupFingerprint",
    "LinesPrint",
    "file_prints",
    "fingerprint_ntriples",
    "fingerprint_quads",
    "fingerprint_triples",
    "same_statements",
]

_MASK = (1 << 64) - 1
#: Hashes summed at a time.
_BATCH = 65_536
#: Quads held at a time for :func:`fingerprint_quads`'s ``each_batch``.
QUAD_BATCH = 1_024


@dataclass(frozen=True)
class Fingerprint:
    """The fingerprint of a graph: how many statements, and two sums of their hashes."""

    count: int = 0
    total: int = 0
    xor: int = 0

    def __str__(self) -> str:
        return f"{self.count} triples, hash {self.total:016x}{self.xor:016x}"


@dataclass(frozen=True)
class AsWritten:
    """A file byte for byte what the writers make of the CSV tables (``validate``
    compared its bytes): its graph is the tables', and it was not parsed."""


def fingerprint_quads(
    statements: Iterable[ox.Quad | ox.Triple],
    *,
    each_batch: Callable[[list[ox.Quad]], None] | None = None,
) -> Fingerprint:
    """The fingerprint of pyoxigraph statements: quads of the default graph (as its
    parsers give them), or triples.

    The quads are hashed a batch at a time by C loops (``map``, ``sum``): this function
    runs no Python code per quad; only their hashes are held (ints, which the garbage
    collector does not track). With ``each_batch``, the quads are held a small batch at
    a time (one that stays in the processor's cache) and each batch is given to it, in
    order, after it is hashed.

    Raises:
        TypeError: Quads and triples are mixed.
    """
    quads = _quads(statements)
    if each_batch is None:
        # Quad.__hash__ is Python's hash of a quad, and refuses anything else
        return _summed(map(ox.Quad.__hash__, quads), _BATCH)
    count = total = xor = 0
    while batch := list(itertools.islice(quads, QUAD_BATCH)):
        part = _summed(map(ox.Quad.__hash__, batch), QUAD_BATCH)
        count, total, xor = count + part.count, total + part.total, xor ^ part.xor
        each_batch(batch)
    return Fingerprint(count, total & _MASK, xor)


def same_statements(*paths: StrPath) -> bool:
    """Whether the files hold the same statements: their fingerprints, each file parsed
    whole as :func:`~nerima_opendata.checks.rdf_load.read_graph` parses it, are equal.

    Equal fingerprints are equal multisets of statements (unless 64-bit hashes collide),
    so the graphs are equal, hence isomorphic. ``False`` when a file cannot be read so,
    and for graphs that differ only in the labels of their blank nodes: a caller then
    compares the graphs in a way that tells these apart and says how they differ.
    """
    try:
        prints = [fingerprint_quads(parse_file(path)) for path in paths]
    except (KeyError, OSError, SyntaxError, ValueError):
        return False
    return all(found == prints[0] for found in prints)


def _summed(hashes: Iterator[int], batch: int) -> Fingerprint:
    """The count, sum and xor (mod 2**64) of some hashes, summed ``batch`` at a time."""
    count = total = xor = 0
    while part := list(itertools.islice(hashes, batch)):
        count += len(part)
        total += sum(part)  # signed: the same sum and xor mod 2**64 as unsigned
        xor ^= functools.reduce(operator.xor, part, 0)
    return Fingerprint(count, total & _MASK, xor & _MASK)


#: A file's fingerprint, or why it could not be parsed (:func:`file_prints`), or that
#: it need not be.
FilePrint = Fingerprint | ParseFailure | AsWritten


def file_prints(
    paths: Iterable[StrPath],
    take: Callable[[str], bool] | None = None,
    read: Callable[[StrPath], Fingerprint] | None = None,
    as_written: Collection[str] = (),
) -> dict[str, FilePrint]:
    """The fingerprints of RDF files, by name, read in order up to the first that cannot
    be parsed: why, as plain values (another process makes them; the report names the
    first file that fails, as if they were read where the report is made). With
    ``take``, only the files it lets this process have, by name
    (:meth:`~nerima_opendata.files.background.Claims.take`); with ``read``, each is read
    by it (one that tells its progress, say); those named in ``as_written`` are not
    read (:class:`AsWritten`)."""
    made: dict[str, FilePrint] = {}
    for path in map(Path, paths):
        if take is not None and not take(path.name):
            continue
        if path.name in as_written:
            made[path.name] = AsWritten()
            continue
        try:
            with reading(path):
                made[path.name] = (
                    fingerprint_quads(stream_quads(path)) if read is None else read(path)
                )
        except Unparsable as exc:
            made[path.name] = exc.failure
            break
    return made


def _quads(statements: Iterable[ox.Quad | ox.Triple]) -> Iterator[ox.Quad]:
    """The statements as quads: as they are when the first is a quad (a parser's stream),
    else each made one."""
    iterator: Iterator[ox.Quad | ox.Triple] = iter(statements)
    first = next(iterator, None)
    if first is None:
        return iter(())
    rest = itertools.chain((first,), iterator)
    if isinstance(first, ox.Quad):
        return cast("Iterator[ox.Quad]", rest)
    return _from_triples(rest)


def _from_triples(triples: Iterable[ox.Quad | ox.Triple]) -> Iterator[ox.Quad]:
    """Each triple as a quad of the default graph.

    Raises:
        TypeError: A statement is not a triple.
    """
    quad, triple = ox.Quad, ox.Triple
    for statement in triples:
        if not isinstance(statement, triple):
            raise TypeError(f"a triple was expected, not {statement!r}")
        yield quad(statement.subject, statement.predicate, statement.object)


def fingerprint_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Fingerprint:
    """The fingerprint of rdflib triples, e.g. what the writer makes from the CSV tables."""
    return fingerprint_quads(to_oxigraph_quads(triples))


def fingerprint_ntriples(lines: Iterable[str | bytes], *, batch: int = 10_000) -> Fingerprint:
    """The fingerprint of N-Triples lines (each a whole statement), read a batch at a time.

    Raises:
        SyntaxError: A line is not N-Triples.
    """
    count = total = xor = 0
    chunk: list[bytes] = []

    def flush() -> None:
        nonlocal count, total, xor
        part = fingerprint_quads(ox.parse(b"\n".join(chunk) + b"\n", format=ox.RdfFormat.N_TRIPLES))
        count, total, xor = count + part.count, total + part.total, xor ^ part.xor
        chunk.clear()

    for line in lines:
        data = line.encode("utf-8") if isinstance(line, str) else line
        if data.strip():
            chunk.append(data.rstrip(b"\r\n"))
        if len(chunk) >= batch:
            flush()
    if chunk:
        flush()
    return Fingerprint(count, total & _MASK, xor)


class GroupFingerprint:
    """A group writer (:class:`~nerima_opendata.writers.rdf_stream.GroupWriter`) that
    adds each statement to a fingerprint instead of writing it: hand it to
    :func:`~nerima_opendata.writers.rdf_stream.write_groups` (which checks the terms as
    for any writer), then read :attr:`fingerprint`. Its statements hash as pyoxigraph's
    reading of any file the writers make from the same groups."""

    #: IRIs whose pyoxigraph node is kept for the next statements (then forgotten).
    CACHE = 100_000

    def __init__(self) -> None:
        self.count = self._total = self._xor = 0
        self._nodes: dict[str, ox.NamedNode] = {}

    def _node(self, iri: str) -> ox.NamedNode:
        node = self._nodes.get(iri)
        if node is None:
            if len(self._nodes) >= self.CACHE:
                self._nodes.clear()
            node = self._nodes[iri] = ox.NamedNode(iri)
        return node

    def write(self, subject: str, pairs: Sequence[Pair] | Shaped) -> None:
        """Add one group's statements."""
        node, quad = self._node, ox.Quad
        head = node(subject)
        total, xor = self._total, self._xor
        for predicate, value in pairs:
            if isinstance(value, str):
                obj: ox.NamedNode | ox.Literal = node(value)
            elif value.lang is not None:
                obj = ox.Literal(value.lexical, language=value.lang)
            elif value.datatype is not None:
                obj = ox.Literal(value.lexical, datatype=node(value.datatype))
            else:
                obj = ox.Literal(value.lexical)
            h = hash(quad(head, node(predicate), obj)) & _MASK
            total += h
            xor ^= h
        self.count += len(pairs)
        self._total, self._xor = total & _MASK, xor

    def close(self) -> None:
        """Nothing to close (the protocol of a writer)."""

    @property
    def fingerprint(self) -> Fingerprint:
        """The fingerprint of the statements written so far."""
        return Fingerprint(self.count, self._total, self._xor)


class LinesPrint(io.RawIOBase):
    """A binary stream that keeps the fingerprint of its lines (the count, and the sum and
    xor of each line's hash) instead of the text: a multiset of lines, so two N-Triples
    texts with the same lines in any order have the same print. A line is its bytes
    (text written is encoded as UTF-8), split at LF only; each block's lines are hashed
    by C loops (``map``, ``sum``), with no Python code run per line. The hash is
    Python's, which differs from process to process: compare prints made in one
    process."""

    def __init__(self) -> None:
        super().__init__()
        self.count = self._total = self._xor = 0
        self._rest = b""

    def writable(self) -> bool:
        """A LinesPrint is written to."""
        return True

    def write(self, data: str | bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        """Take text or bytes; each completed line is added."""
        block = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        lines = (self._rest + block).split(b"\n")
        self._rest = lines.pop()
        hashes = list(map(hash, lines))
        self.count += len(hashes)
        self._total = (self._total + sum(hashes)) & _MASK
        self._xor ^= functools.reduce(operator.xor, hashes, 0) & _MASK
        return len(data)

    @property
    def fingerprint(self) -> Fingerprint:
        """The print of the lines so far (a last line without its line feed counts)."""
        if not self._rest:
            return Fingerprint(self.count, self._total, self._xor)
        h = hash(self._rest) & _MASK
        return Fingerprint(self.count + 1, (self._total + h) & _MASK, self._xor ^ h)

    @classmethod
    def of_file(cls, path: StrPath) -> LinesPrint:
        """The print of a file's lines, read in blocks.

        Raises:
            OSError: The file cannot be read.
        """
        found = cls()
        with Path(path).open("rb") as stream:
            while block := stream.read(1 << 20):
                found.write(block)
        return found
