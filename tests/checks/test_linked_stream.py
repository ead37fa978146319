"""Streamed linked-data checks: fingerprints, the cube constraints in a KeyStore, sampling."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from nerima_opendata.checks.fingerprint import (
    Fingerprint,
    fingerprint_quads,
    fingerprint_triples,
    same_statements,
)
from nerima_opendata.checks.linked_stream import check_publication_stream
from nerima_opendata.checks.rdf_load import shapes_graph, stream_quads, vocab_graph
from nerima_opendata.checks.stream_cube import CubeFacts
from nerima_opendata.model import Budget
from nerima_opendata.writers.rdf import budget_triples

_FORMATS = {
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_NB = "https://w3id.org/nerima-opendata/vocab#"
_QB = "http://purl.org/linked-data/cube#"


def _changed(quads: list[ox.Quad], change: str) -> list[ox.Quad]:
    first = quads[0]
    if change == "dropped":
        return quads[1:]
    if change == "added":
        return [*quads, ox.Quad(first.subject, first.predicate, ox.Literal("planted"))]
    altered = ox.Quad(first.subject, first.predicate, ox.Literal("altered"))
    return [altered, *quads[1:]]


@pytest.mark.parametrize("change", ["dropped", "added", "altered"])
@pytest.mark.parametrize("suffix", sorted(_FORMATS))
def test_fingerprint_finds_a_changed_triple_in_each_format(
    budget: Budget, tmp_path: Path, suffix: str, change: str
) -> None:
    expected = fingerprint_triples(budget_triples(budget))
    quads = [ox.Quad(q.subject, q.predicate, q.object) for q in _oxi(budget)]
    same, other = tmp_path / f"same{suffix}", tmp_path / f"other{suffix}"
    ox.serialize(quads, same, _FORMATS[suffix])
    ox.serialize(_changed(quads, change), other, _FORMATS[suffix])
    assert fingerprint_quads(stream_quads(same)) == expected
    assert fingerprint_quads(stream_quads(other)) != expected


_STATEMENT = "<urn:x:a> <urn:v:p> %s .\n"
#: (name, the second file's suffix and text, whether it holds the first's statements),
#: the first being ``x.ttl`` with the statement of ``"x"``
SAME: list[tuple[str, str, str, bool]] = [
    ("n-triples", ".nt", _STATEMENT % '"x"', True),
    ("json-ld", ".jsonld", '{"@id": "urn:x:a", "urn:v:p": "x"}', True),
    (
        "rdf-xml",
        ".rdf",
        '<r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:v="urn:v:">'
        '<r:Description r:about="urn:x:a"><v:p>x</v:p></r:Description></r:RDF>',
        True,
    ),
    ("another-value", ".nt", _STATEMENT % '"y"', False),
    ("said-twice", ".nt", 2 * (_STATEMENT % '"x"'), False),
    ("not-well-formed-xml", ".rdf", "<r:RDF", False),
    ("not-rdf", ".txt", _STATEMENT % '"x"', False),
    ("not-there", ".nt", "", False),
]


@pytest.mark.parametrize(("name", "suffix", "text", "same"), SAME, ids=[c[0] for c in SAME])
def test_same_statements_by_fingerprints(
    tmp_path: Path, name: str, suffix: str, text: str, same: bool
) -> None:
    first, second = tmp_path / "x.ttl", tmp_path / f"y{suffix}"
    first.write_text(_STATEMENT % '"x"', encoding="utf-8")
    if text:
        second.write_text(text, encoding="utf-8")
    assert same_statements(first, second) is same
    assert same_statements(second, first) is same
    assert same_statements(first, first, first)


def _one_by_one(quads: list[ox.Quad]) -> tuple[int, int, int]:
    """The fingerprint's definition: the count, and the sum and xor of each statement's
    hash as an unsigned 64-bit number."""
    hashes = [hash(q) & (2**64 - 1) for q in quads]
    xor = 0
    for h in hashes:
        xor ^= h
    return len(hashes), sum(hashes) % 2**64, xor


@pytest.mark.parametrize("batch", [1, 7, 65_536])
@pytest.mark.parametrize("given", ["quads", "triples"])
def test_fingerprint_is_the_count_sum_and_xor_of_the_hashes(
    budget: Budget, monkeypatch: pytest.MonkeyPatch, batch: int, given: str
) -> None:
    from nerima_opendata.checks import fingerprint

    monkeypatch.setattr(fingerprint, "_BATCH", batch)
    quads = _oxi(budget)
    statements: list[ox.Quad | ox.Triple] = [q if given == "quads" else q.triple for q in quads]
    found = fingerprint_quads(iter(statements))
    assert (found.count, found.total, found.xor) == _one_by_one(quads)


@pytest.mark.parametrize("first", ["quads", "triples"])
def test_fingerprint_of_nothing_and_of_quads_and_triples_mixed(budget: Budget, first: str) -> None:
    assert fingerprint_quads([]) == fingerprint_quads(iter([])) == Fingerprint()
    quads = _oxi(budget)
    triples = [q.triple for q in quads]
    mixed: list[ox.Quad | ox.Triple] = (
        [*quads, triples[0]] if first == "quads" else [*triples, quads[0]]
    )
    with pytest.raises(TypeError):
        fingerprint_quads(mixed)


def _oxi(budget: Budget) -> list[ox.Quad]:
    text = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in budget_triples(budget))
    return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


def _observation(name: str, project: str) -> list[ox.Quad]:
    obs, ds = ox.NamedNode(f"urn:x:{name}"), ox.NamedNode("urn:x:ds")
    return [
        ox.Quad(obs, ox.NamedNode(f"{_QB}dataSet"), ds),
        ox.Quad(obs, ox.NamedNode(f"{_NB}project"), ox.NamedNode(f"urn:x:{project}")),
        ox.Quad(obs, ox.NamedNode(f"{_NB}amount"), ox.Literal("1")),
    ]


def _cube_errors(order: list[tuple[int, int]], started: bool) -> list[str]:
    """The messages of the cube's errors over two observations' statements, taken in
    ``order`` (observation, statement)."""
    cube = CubeFacts(vocab_graph(), shapes_graph(), memory_limit=1)
    cube.add(
        ox.Quad(
            ox.NamedNode("urn:x:ds"),
            ox.NamedNode(f"{_QB}structure"),
            ox.NamedNode("https://w3id.org/nerima-opendata/vocab/dsd#budget"),
        )
    )
    observations = [_observation("o0", "p1"), _observation("o1", "p2")]
    for obs, statement in order:
        cube.add(observations[obs][statement])
    if started:
        cube.start_errors("x.ttl")
    try:
        return sorted(error.message for error in cube.errors("x.ttl"))
    finally:
        cube.close()


IN_RUNS = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


@pytest.mark.parametrize(
    ("order", "more"),
    [
        ([(0, 0), (1, 0), (1, 1), (0, 1), (1, 2), (0, 2)], 0),  # the runs interleaved
        ([(1, 0), (0, 2), (1, 1), (0, 0), (1, 2), (0, 1)], 0),  # and in another order
        ([(0, 0), (1, 0), (1, 1), (1, 2), (0, 2)], 1),  # o0 without its project: IC-11
    ],
)
@pytest.mark.parametrize("started", [False, True], ids=["here", "started-in-a-child"])
def test_a_subjects_facts_are_gathered_from_its_runs(
    order: list[tuple[int, int]], more: int, started: bool
) -> None:
    """An observation's statements need not be next to each other: its records are
    gathered before it is checked (the same errors as when they are)."""
    found, runs = _cube_errors(order, started), _cube_errors(IN_RUNS, started)
    assert len(found) == len(runs) + more
    assert all(message in found for message in runs)
    if more:
        (extra,) = [m for m in found if m not in runs]
        assert extra.startswith("urn:x:ds: IC-11") and "urn:x:o0" in extra, extra


@pytest.mark.parametrize("started", [False, True], ids=["here", "started-in-a-child"])
@pytest.mark.parametrize("memory_limit", [1, 100_000])
@pytest.mark.parametrize(
    ("projects", "duplicates"), [(["p1", "p2", "p3"], 0), (["p1", "p2", "p1"], 2)]
)
def test_streamed_ic12_finds_a_duplicated_observation(
    projects: list[str], duplicates: int, memory_limit: int, started: bool
) -> None:
    """The same errors found here or by a child process (from the facts' records)."""
    cube = CubeFacts(vocab_graph(), shapes_graph(), memory_limit=memory_limit)
    structure = ox.Quad(
        ox.NamedNode("urn:x:ds"),
        ox.NamedNode(f"{_QB}structure"),
        ox.NamedNode("https://w3id.org/nerima-opendata/vocab/dsd#budget"),
    )
    for quad in [structure] + [q for i, p in enumerate(projects) for q in _observation(f"o{i}", p)]:
        cube.add(quad)
    if started:
        cube.start_errors("x.ttl")
    try:
        errors = [e for e in cube.errors("x.ttl") if "IC-12" in e.message]
    finally:
        cube.close()
    assert len(errors) == duplicates


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, budget: Budget) -> Path:
    from nerima_opendata.publication.build import build

    out = tmp_path_factory.mktemp("pub") / "out"
    build(budget, out)
    return out


def test_streamed_checks_pass_on_the_brochure(built: Path, budget: Budget) -> None:
    result = check_publication_stream(
        built, expected=fingerprint_triples(budget_triples(budget)), sample_size=3
    )
    assert result.errors == []
    assert result.sampled  # the classes with more than 3 members were sampled


@pytest.mark.parametrize("name", ["brochure", "book", "tama"])
def test_group_fingerprint_is_the_written_files(tmp_path: Path, name: str) -> None:
    """Groups hashed as they are (no text) have the fingerprint of every file written
    from them; a group changed by one literal does not."""
    from nerima_opendata import load_budget
    from nerima_opendata.checks.fingerprint import GroupFingerprint
    from nerima_opendata.writers.rdf import budget_groups, write_rdf
    from nerima_opendata.writers.rdf_stream import write_groups
    from nerima_opendata.writers.rdf_terms import Lit
    from tests.real_books import TAMA, read
    from tests.test_book import book

    budget = {"brochure": load_budget, "book": lambda: Budget(**book())}.get(
        name, lambda: read(TAMA)
    )()
    hashed = GroupFingerprint()
    write_groups(budget_groups(budget), [hashed])
    assert hashed.count > 0
    for path in write_rdf(budget, tmp_path):
        assert fingerprint_quads(stream_quads(path)) == hashed.fingerprint, path.name
    changed = GroupFingerprint()
    groups = list(budget_groups(budget))
    subject, pairs = groups[0]
    first, *rest = list(pairs)
    write_groups([(subject, [(first[0], Lit("altered")), *rest]), *groups[1:]], [changed])
    assert changed.fingerprint != hashed.fingerprint


_LINES = '<a> <b> <c> .\n<a> <b> "d" .\n<e> <f> <g> .\n'
LINE_PRINTS: list[tuple[str, list[str], bool]] = [
    ("same-text-one-block", [_LINES], True),
    ("same-text-split-mid-line", [_LINES[:7], _LINES[7:30], _LINES[30:]], True),
    ("lines-in-another-order", ["".join(reversed(_LINES.splitlines(keepends=True)))], True),
    ("last-line-without-line-feed", [_LINES[:-1]], True),
    ("a-line-changed", [_LINES.replace('"d"', '"e"')], False),
    ("a-line-dropped", [_LINES.split("\n", 1)[1]], False),
    ("a-line-twice", [_LINES + "<e> <f> <g> .\n"], False),
    ("carriage-returns", [_LINES.replace("\n", "\r\n")], False),
]


@pytest.mark.parametrize(("name", "blocks", "same"), LINE_PRINTS, ids=[c[0] for c in LINE_PRINTS])
def test_lines_print_is_the_multiset_of_lines(
    tmp_path: Path, name: str, blocks: list[str], same: bool
) -> None:
    from nerima_opendata.checks.fingerprint import LinesPrint

    written = LinesPrint()
    written.write(_LINES)
    found = LinesPrint()
    for block in blocks:
        found.write(block)
    assert (found.fingerprint == written.fingerprint) is same
    path = tmp_path / "x.nt"
    path.write_bytes("".join(blocks).encode("utf-8"))
    assert LinesPrint.of_file(path).fingerprint == found.fingerprint


class _Kept:
    """A collector that keeps what it is given."""

    def __init__(self, *predicates: str) -> None:
        self.predicates_wanted = frozenset(predicates)
        self.taken: list[ox.Quad] = []

    def add(self, quad: ox.Quad) -> None:
        self.taken.append(quad)


ROUTES = [
    # (name, each collector's predicates, statements' predicates, batches)
    ("none-wanted", [[]], ["a", "b"], [2]),
    ("one-collector", [["a"]], ["a", "b", "a", "c"], [4]),
    ("two-share-one", [["a", "b"], ["b", "c"]], ["c", "b", "a", "d", "b"], [2, 3]),
    ("every-batch-size", [["b"], ["a"]], ["a", "b"] * 5, [1] * 10),
    ("empty-batch", [["a"]], [], [0]),
]


@pytest.mark.parametrize(
    ("name", "wanted", "predicates", "sizes"), ROUTES, ids=[c[0] for c in ROUTES]
)
def test_routes_give_each_collector_its_statements_in_order(
    name: str, wanted: list[list[str]], predicates: list[str], sizes: list[int]
) -> None:
    from nerima_opendata.checks.stream_routes import Routes as _Routes

    node = ox.NamedNode("http://example.org/s")
    quads = [
        ox.Quad(node, ox.NamedNode(f"http://example.org/{p}"), ox.Literal(str(i)))
        for i, p in enumerate(predicates)
    ]
    collectors = [_Kept(*(f"http://example.org/{p}" for p in w)) for w in wanted]
    routes = _Routes(collectors)
    start = 0
    for size in sizes:
        routes(quads[start : start + size])
        start += size
    for collector in collectors:
        assert collector.taken == [
            q for q in quads if q.predicate.value in collector.predicates_wanted
        ]
    assert routes.predicates == {q.predicate.value for q in quads}


@pytest.mark.parametrize(
    "blocks",
    [
        pytest.param([_LINES.encode()], id="one-block"),
        pytest.param([bytes([b]) for b in _LINES.encode()], id="a-byte-at-a-time"),
        pytest.param([_LINES[:7], _LINES[7:].encode()], id="text-then-bytes"),
    ],
)
def test_lines_print_of_bytes_is_that_of_their_text(blocks: list[str | bytes]) -> None:
    from nerima_opendata.checks.fingerprint import LinesPrint

    written, found = LinesPrint(), LinesPrint()
    written.write(_LINES)
    for block in blocks:
        found.write(block)
    assert found.fingerprint == written.fingerprint


def test_lines_print_of_a_file_not_utf8_is_not_that_of_its_text(tmp_path: Path) -> None:
    from nerima_opendata.checks.fingerprint import LinesPrint

    path = tmp_path / "x.nt"
    path.write_bytes(_LINES.encode("utf-16"))
    written = LinesPrint()
    written.write(_LINES)
    assert LinesPrint.of_file(path).fingerprint != written.fingerprint
