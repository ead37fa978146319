"""RDF serializations, byte-identical from run to run.

:func:`write_ntriples` streams triples as N-Triples a batch at a time (lines sorted
within each batch), so a large budget needs no graph in memory; :func:`serialize` writes
a whole graph in any RDF format of :data:`nerima_opendata.writers.formats.FORMATS`,
from a copy filled in sorted order, so the output does not depend on the hash seed.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator
from typing import IO

from rdflib import Graph
from rdflib.term import Node

from nerima_opendata.rdf.jsonld import to_jsonld
from nerima_opendata.writers.formats import by_format, by_suffix

__all__ = ["Triple", "serialize", "write_ntriples"]

#: One RDF statement.
Triple = tuple[Node, Node, Node]

#: rdflib's name of N-Triples, the format written a batch at a time.
_NTRIPLES = by_format("nt").rdflib


def write_ntriples(stream: IO[bytes], triples: Iterable[Triple], *, batch: int = 10_000) -> int:
    """Stream triples as N-Triples, a batch at a time; deterministic for a fixed input.

    Each batch of ``batch`` triples is written with its lines sorted, so memory holds one
    batch, not the graph. A budget smaller than a batch gives fully sorted lines.

    Args:
        stream: A binary stream.
        triples: The triples, each once (as
            :func:`nerima_opendata.writers.rdf.budget_triples` yields them).
        batch: How many triples to hold at a time.

    Returns:
        The number of bytes written.
    """
    written = 0
    for chunk in _batched(triples, batch):  # itertools.batched is Python 3.12+
        graph = Graph(bind_namespaces="none")
        for triple in chunk:
            graph.add(triple)
        data = graph.serialize(format=_NTRIPLES, encoding="utf-8").decode("utf-8")
        # split on "\n" only: str.splitlines() also breaks at U+2028, U+0085… inside literals
        lines = sorted(line + "\n" for line in data.split("\n") if line.strip())
        written += stream.write("".join(lines).encode("utf-8"))
    return written


def _batched(items: Iterable[Triple], size: int) -> Iterator[tuple[Triple, ...]]:
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


def _sorted_copy(graph: Graph) -> Graph:
    """The same graph in an insertion-ordered store, filled in sorted triple order.

    rdflib's default ``Memory`` store iterates over a set, so its RDF/XML output changes
    with the hash seed; ``SimpleMemory`` keeps dicts, so serializers see one order.
    """
    copy = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in sorted(graph, key=lambda t: tuple(x.n3() for x in t)):
        copy.add(triple)
    return copy


def serialize(graph: Graph, suffix: str) -> bytes:
    """A graph in one format, deterministic.

    Args:
        graph: A graph without blank nodes.
        suffix: The suffix of an RDF format of :data:`~nerima_opendata.writers.formats.FORMATS`
            (``.ttl``, ``.nt``, ``.rdf``, ``.jsonld``).

    Returns:
        The UTF-8 bytes.

    Raises:
        KeyError: The suffix is not an RDF format's.
    """
    fmt = by_suffix(suffix)
    if not fmt.is_rdf:
        raise KeyError(suffix)
    if fmt.format == "jsonld":  # through pyld, with the vocabulary's context
        return to_jsonld(graph).encode("utf-8")
    if fmt.rdflib == _NTRIPLES:
        buffer = io.BytesIO()
        write_ntriples(buffer, graph, batch=max(len(graph), 1))
        return buffer.getvalue()
    return _sorted_copy(graph).serialize(format=fmt.rdflib, encoding="utf-8")
