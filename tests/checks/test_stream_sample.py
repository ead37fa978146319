"""The SHACL sample's graph: bounded per node and predicate, on both hops."""

from __future__ import annotations

import zlib
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from nerima_opendata.checks.stream_sample import SampleCollector, SampleSelector

_NARROWER = ox.NamedNode("http://www.w3.org/2004/02/skos/core#narrower")
_BROADER = ox.NamedNode("http://www.w3.org/2004/02/skos/core#broader")
_NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_CONCEPT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")


def _node(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"urn:x:{name}")


def _graph(children: int) -> list[ox.Quad]:
    """A chosen node under a parent (referenced, typed) with ``children`` children, the
    chosen node among them (last)."""
    chosen, parent = _node("chosen"), _node("parent")
    quads = [
        ox.Quad(chosen, _BROADER, parent),
        ox.Quad(chosen, _NOTATION, ox.Literal("9")),
        ox.Quad(parent, _NOTATION, ox.Literal("1")),
        ox.Quad(parent, _SCHEME, _node("scheme")),  # an untyped node: not followed
        ox.Quad(parent, _TYPE, _CONCEPT),
    ]
    quads += [ox.Quad(parent, _NARROWER, _node(f"child{i}")) for i in range(children)]
    quads.append(ox.Quad(parent, _NARROWER, chosen))  # to a chosen node: always kept
    return quads


@pytest.mark.parametrize("batch", [0, 1, 7, 1_000])  # 0: one at a time; else batches
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
    children: int, size: int, narrower: int, batch: int
) -> None:
    quads = _graph(children)
    collector = SampleCollector({"urn:x:chosen"}, size=size)
    _collect(quads, collector.add_chosen, collector.add_all_chosen, batch)
    assert collector.referenced == {"urn:x:parent"}
    _collect(quads, collector.add_referenced, collector.add_all_referenced, batch)
    graph = collector.graph()
    assert len(list(graph.objects(URIRef("urn:x:parent"), URIRef(_NARROWER.value)))) == narrower
    assert len(graph) == 5 + narrower  # the literals, the scheme, the type, the broader link


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
def test_a_chosen_node_follows_at_most_size_nodes_per_predicate(
    children: int, size: int, kept: int
) -> None:
    chosen = _node("chosen")
    quads = [ox.Quad(chosen, _NARROWER, _node(f"child{i}")) for i in range(children)]
    quads.append(ox.Quad(chosen, _NOTATION, ox.Literal("1")))
    collector = SampleCollector({"urn:x:chosen"}, size=size)
    for quad in quads:
        collector.add_chosen(quad)
    assert len(collector.referenced) == kept
    assert len(collector.graph()) == kept + 1


@pytest.mark.parametrize("typed", [True, False])
def test_a_referenced_node_is_followed_only_if_typed(typed: bool) -> None:
    """An IRI the chosen node refers to that has statements but no ``rdf:type`` (a COFOG
    class, a term of a vocabulary) is not followed: its statements are not in the
    sample graph, whichever comes first, its type or its other statements."""
    chosen, other = _node("chosen"), _node("other")
    quads = [
        ox.Quad(other, _NOTATION, ox.Literal("1")),
        ox.Quad(chosen, _BROADER, other),
        ox.Quad(chosen, _TYPE, _CONCEPT),
        ox.Quad(other, _SCHEME, _node("scheme")),
    ]
    if typed:
        quads.append(ox.Quad(other, _TYPE, _CONCEPT))
    collector = SampleCollector({"urn:x:chosen"}, size=3)
    collector.add_all_chosen(quads)
    assert collector.referenced == {"urn:x:other", _CONCEPT.value}
    collector.add_all_referenced(quads)
    subjects = [str(s) for s, _p, _o in collector.graph()]
    assert subjects.count("urn:x:chosen") == 2
    assert subjects.count("urn:x:other") == (3 if typed else 0)


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
