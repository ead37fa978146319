"""The SHACL sample's graph: bounded per node and predicate, on both hops."""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize("type_first", [True, False])
@pytest.mark.parametrize("typed", [True, False])
def test_a_referenced_node_is_followed_only_if_typed(typed: bool, type_first: bool) -> None:
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
        quads.insert(0 if type_first else len(quads), ox.Quad(other, _TYPE, _CONCEPT))
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


def _flood_lines() -> list[str]:
    """Two chosen nodes and their references: a node and predicate far over the bound
    (a budget's ``nb:hasLine``), to new IRIs, to chosen and to referenced ones, to
    literals; the referenced nodes typed or not, with statements of their own."""
    lines = [f"<urn:x:c1> <urn:x:has> <urn:x:n{i}> ." for i in range(40)]
    lines += [f'<urn:x:c1> <urn:x:has> "{i}" .' for i in range(5)]  # literals: kept
    lines += ["<urn:x:c1> <urn:x:has> <urn:x:c2> .", "<urn:x:c1> <urn:x:is> <urn:x:Type> ."]
    lines += [f"<urn:x:c2> <urn:x:ref> <urn:x:n{i}> ." for i in (7, 30, 39)]
    lines += [f"<urn:x:n{i}> <urn:x:is> <urn:x:Type> ." for i in range(0, 40, 3)]
    lines += [f"<urn:x:n{i}> <urn:x:has> <urn:x:m{j}> ." for i in (0, 7) for j in range(9)]
    return [line.replace("<urn:x:is>", f"<{_TYPE.value}>") for line in lines]


def _sample(path: Any, keep: bool, size: int) -> tuple[set[str], Graph]:
    from nerima_opendata.checks.stream_passes import Told, sample_pass

    chosen = {"urn:x:c1", "urn:x:c2"}
    collector = SampleCollector(chosen, size=size)
    told = Told(None, 0)
    filtered = collector.lines_wanted if keep else None
    sample_pass(path, chosen, collector.add_all_chosen, told, filtered)
    referenced = collector.referenced - chosen
    sample_pass(path, referenced, collector.add_all_referenced, told, filtered)
    return collector.referenced, collector.graph()


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize(("block", "batch"), [(1 << 20, 4_096), (64, 3), (200, 1)])
@pytest.mark.parametrize("size", [1, 3, 50])
def test_the_lines_left_out_before_the_parse_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, block: int, batch: int, size: int
) -> None:
    """The lines a pass leaves out before parsing them (a node and predicate over the
    bound, to an IRI no other line refers to) are those the collector leaves out: the
    same sample, in any order of the lines, however the file is cut into blocks and
    batches (a line may refer to an IRI in a batch not yet collected)."""
    from nerima_opendata.checks import rdf_load, stream_passes

    monkeypatch.setattr(rdf_load, "_BLOCK", block)
    monkeypatch.setattr(stream_passes, "_SAMPLED", batch)
    lines = _flood_lines()
    random.Random(seed).shuffle(lines)
    path = tmp_path / "x.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    referenced, graph = _sample(path, True, size)
    expected_referenced, expected = _sample(path, False, size)
    assert referenced == expected_referenced
    assert set(graph) == set(expected)


@pytest.mark.parametrize(
    "odd",
    [
        "<urn:x:c2> <urn:x:ref> <urn:x:\\u006E5> .",  # an escape: n5, not known from the text
        "<urn:x:c2>  <urn:x:ref> <urn:x:n5> .",  # other spacing (as a blank node: 0)
        "<urn:x:c2> <urn:x:ref>  <urn:x:n5> .",  # other spacing before the object
        "<urn:x:c1> <urn:x:has> <urn:x:\\u00632> .",  # over the bound, to c2, escaped
    ],
)
@pytest.mark.parametrize("at", [0, 5, None])  # first; just before c1's line to n5; last
@pytest.mark.parametrize(("block", "batch"), [(64, 1), (200, 1), (200, 3)])
def test_a_line_not_plain_keeps_every_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    odd: str,
    at: int | None,
    block: int,
    batch: int,
) -> None:
    """From a line whose IRIs are not known from its text on, every line is parsed, and
    a line over the bound to an IRI written with an escape is kept: the sample is the
    same, wherever the line is and however the file is cut."""
    from nerima_opendata.checks import rdf_load, stream_passes

    monkeypatch.setattr(rdf_load, "_BLOCK", block)
    monkeypatch.setattr(stream_passes, "_SAMPLED", batch)
    lines = _flood_lines()
    lines.insert(len(lines) if at is None else at, odd)
    path = tmp_path / "x.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    referenced, graph = _sample(path, True, 3)
    expected_referenced, expected = _sample(path, False, 3)
    assert referenced == expected_referenced
    assert set(graph) == set(expected)


def test_the_lines_over_the_bound_are_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the collector has seen a node and predicate reach the bound, the pass parses
    none of its later lines to IRIs no other line refers to."""
    from nerima_opendata.checks import rdf_load, stream_passes

    monkeypatch.setattr(rdf_load, "_BLOCK", 64)  # about a line a block
    monkeypatch.setattr(stream_passes, "_SAMPLED", 1)
    path = tmp_path / "x.nt"
    path.write_text("\n".join(_flood_lines()) + "\n", encoding="utf-8")
    parsed: list[bytes] = []
    wanted = SampleCollector.lines_wanted

    def counted(self: SampleCollector, lines: list[bytes]) -> list[bytes]:
        kept = wanted(self, lines)
        parsed.extend(kept)
        return kept

    monkeypatch.setattr(SampleCollector, "lines_wanted", counted)
    _sample(path, True, 3)
    over = [line for line in parsed if line.startswith(b"<urn:x:c1> <urn:x:has> <urn:x:n")]
    # c1's first three only: c2 refers to n7, n30 and n39 after c1's lines to them
    assert len(over) == 3, over
