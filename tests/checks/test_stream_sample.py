"""The SHACL sample's graph: bounded per node and predicate, on both hops."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from nerima_opendata.checks.stream_sample import SampleCollector, SampleSelector
from nerima_opendata.files.keystore import KeyStore

_NARROWER = ox.NamedNode("http://www.w3.org/2004/02/skos/core#narrower")
_BROADER = ox.NamedNode("http://www.w3.org/2004/02/skos/core#broader")
_NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")


def _node(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"urn:x:{name}")


def _graph(children: int) -> list[ox.Quad]:
    """A chosen node under a parent (referenced) with ``children`` children (typed), the
    chosen node among them (last), and a parent (referenced) with children of its own."""
    chosen, parent = _node("chosen"), _node("parent")
    quads = [
        ox.Quad(chosen, _BROADER, parent),
        ox.Quad(chosen, _NOTATION, ox.Literal("9")),
        ox.Quad(parent, _NOTATION, ox.Literal("1")),
        ox.Quad(parent, _SCHEME, _node("scheme")),  # an untyped node: always kept
    ]
    quads += [ox.Quad(parent, _NARROWER, _node(f"child{i}")) for i in range(children)]
    quads.append(ox.Quad(parent, _NARROWER, chosen))  # to a chosen node: always kept
    return quads


@pytest.mark.parametrize(
    ("batch", "memory_limit"), [(0, 20_000), (1, 1), (7, 1), (1_000, 20_000)]
)  # 0: one statement at a time; else batches of so many (the typed nodes looked up once)
@pytest.mark.parametrize(
    ("children", "size", "narrower"),
    [
        (0, 3, 1),  # the chosen node only
        (2, 3, 3),  # every child kept
        (3, 3, 4),  # exactly the bound
        (50, 3, 4),  # the first 3 children, and the chosen node
        (50, 100, 51),
    ],
)
def test_a_referenced_node_keeps_at_most_size_statements_per_predicate(
    children: int, size: int, narrower: int, batch: int, memory_limit: int
) -> None:
    quads = _graph(children)
    with KeyStore(memory_limit=memory_limit) as typed:
        for name in ["chosen", "parent", *(f"child{i}" for i in range(children))]:
            typed.add(f"urn:x:{name}")
        collector = SampleCollector({"urn:x:chosen"}, typed, size=size)
        _collect(quads, collector.add_chosen, collector.add_all_chosen, batch)
        assert collector.referenced == {"urn:x:parent"}
        _collect(quads, collector.add_referenced, collector.add_all_referenced, batch)
    graph = collector.graph
    assert len(list(graph.objects(URIRef("urn:x:parent"), URIRef(_NARROWER.value)))) == narrower
    assert len(graph) == 4 + narrower  # the literals, the scheme, the broader link


def _collect(
    quads: list[ox.Quad],
    one: Callable[[ox.Quad], None],
    batched: Callable[[list[ox.Quad]], None],
    batch: int,
) -> None:
    """The statements to a collector, one at a time (``batch`` 0) or in batches."""
    if not batch:
        for quad in quads:
            one(quad)
        return
    for start in range(0, len(quads), batch):
        batched(quads[start : start + batch])


@pytest.mark.parametrize(("children", "size", "kept"), [(2, 3, 2), (50, 3, 3)])
def test_a_chosen_node_follows_at_most_size_typed_nodes_per_predicate(
    children: int, size: int, kept: int
) -> None:
    chosen = _node("chosen")
    quads = [ox.Quad(chosen, _NARROWER, _node(f"child{i}")) for i in range(children)]
    quads.append(ox.Quad(chosen, _NOTATION, ox.Literal("1")))
    with KeyStore() as typed:
        for i in range(children):
            typed.add(f"urn:x:child{i}")
        collector = SampleCollector({"urn:x:chosen"}, typed, size=size)
        for quad in quads:
            collector.add_chosen(quad)
    assert len(collector.referenced) == kept
    assert len(collector.graph) == kept + 1


_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LINE = ox.NamedNode("urn:x:Line")


@pytest.mark.parametrize(("members", "size"), [(5, 10), (500, 10), (500, 200)])
def test_the_sample_is_the_same_in_every_process(members: int, size: int) -> None:
    """The chosen nodes are those with the smallest CRC-32 of their IRI, whatever the
    order of the statements and the process's hash seed (``PYTHONHASHSEED``)."""
    nodes = [f"urn:x:line{i}" for i in range(members)]
    expected = set(sorted(nodes, key=lambda n: (zlib.crc32(n.encode()), n))[:size])
    for order in (nodes, nodes[::-1]):
        selector = SampleSelector(Graph(), size=size)
        for node in order:
            selector.add(ox.Quad(ox.NamedNode(node), _TYPE, _LINE))
        assert selector.chosen() == expected
