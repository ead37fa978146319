"""The change cube of a comparison as RDF, and the year-over-year query of the pack.

Each case is a comparison of two budget books: a small synthetic one (a changed line, a
new 款, an abolished 款, a 項 whose code changed) and Setagaya's 介護保険事業会計 (account
41), 2025 → 2026 (現計予算額): a real account small enough for pyshacl in CI (the general
account's 1,100 lines take minutes; its figures are tested in tests/model/test_compare.py
and on its page). The RDF parses in every format, conforms to the shipped shapes
(the Data Cube constraints included), holds the CSV tables' figures, is the same bytes on
every run, and names resources that the two budgets' own publications have.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from nerima_opendata import build_publication, write_package
from nerima_opendata.checks.linked import check_shacl, check_terms
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, BudgetInfo, BudgetLine, LineChange, NodeChange
from nerima_opendata.model.change_tables import CHANGE_TABLES
from nerima_opendata.model.columns import alias
from nerima_opendata.model.compare import Comparison, compare, select_side
from nerima_opendata.publication.compare_build import write_comparison
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.rdf.vocab import CERTAINTY, CHANGE_STATUS, NB
from nerima_opendata.readers.book import read_budget_book
from nerima_opendata.sparql.query import run_query
from nerima_opendata.writers.datapackage import FileEntry
from nerima_opendata.writers.rdf import write_rdf
from nerima_opendata.writers.rdf_compare import ComparisonIRIs, write_comparison_rdf

from .real_books import REAL
from .test_book import _node, book

PACK = Path(__file__).resolve().parent.parent / "docs" / "queries"
SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


# ---------------------------------------------------------------- the cases


def _synthetic() -> tuple[Budget, Budget]:
    """2021 → 2022: 款 1 abolished, 款 3 new, 項 2-1 decreased, 項 2-2 → 2-3 (same name)."""
    before = Budget(**book())
    fields = book()
    fields["info"] = BudgetInfo(
        **fields["info"].model_dump(include={"municipality_code", "municipality_name", "title"}),
        fiscal_year=2022,
        phase="approved",
        source_title="test",
    )
    kept = [n for n in fields["classifications"] if not n.id.startswith("1-expenditure-1")]
    fields["classifications"] = (
        *[n for n in kept if n.id != "1-expenditure-2-2"],
        _node(3, "項", "1", "expenditure", "2", "3", name="徴税費"),
        _node(2, "款", "1", "expenditure", "3", name="民生費"),
        _node(3, "項", "1", "expenditure", "3", "1", name="社会福祉費"),
    )
    fields["lines"] = (
        BudgetLine(id="1-expenditure-2-1", classification_id="1-expenditure-2-1", amount=200),
        BudgetLine(id="1-expenditure-2-3", classification_id="1-expenditure-2-3", amount=9),
        BudgetLine(id="1-expenditure-3-1", classification_id="1-expenditure-3-1", amount=40),
    )
    fields["line_amounts"] = ()
    return before, Budget(**fields)


def _setagaya() -> tuple[Budget, Budget]:
    budgets = read_budget_book(
        REAL / "setagaya_ippansaisyutu_2018-2026.csv",
        "setagaya",
        municipality="131121",
        municipality_name="世田谷区",
    )
    return select_side(budgets, "2025").budget, select_side(budgets, "2026").budget


@dataclass(frozen=True)
class Case:
    """A comparison, its publication (tables and RDF) and its two budgets."""

    budgets: tuple[Budget, Budget]
    comparison: Comparison
    out: Path

    def file(self, suffix: str) -> Path:
        return self.out / f"{self.comparison.info.municipality_code}_comparison{suffix}"

    def rows(self, table: str) -> list[dict[str, str]]:
        spec = next(t for t in CHANGE_TABLES if t.name == table)
        path = self.out / spec.filename(self.comparison.info.municipality_code)
        with path.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))


def _rdf_only(
    comparison: Comparison, directory: StrPath, files: list[FileEntry]
) -> list[FileEntry]:
    return write_comparison_rdf(comparison, directory, DEFAULT_BASE_IRI, files)


CASES: dict[str, tuple[Callable[[], tuple[Budget, Budget]], str | None]] = {
    "synthetic": (_synthetic, None),
    "setagaya-2025-2026-kaigo": (_setagaya, "41"),
}


@pytest.fixture(scope="module")
def budgets() -> dict[str, tuple[Budget, Budget]]:
    return {}


@pytest.fixture(scope="module", params=sorted(CASES))
def case(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    budgets: dict[str, tuple[Budget, Budget]],
) -> Case:
    make, account = CASES[request.param]
    pair = budgets.setdefault(request.param, make())
    sides = [select_side([b], str(b.info.fiscal_year)) for b in pair]
    comparison = compare(*sides, account=account)
    out = tmp_path_factory.mktemp(request.param) / "cmp"
    write_comparison(comparison, out, extras=[_rdf_only])
    return Case(pair, comparison, out)


@pytest.fixture(scope="module")
def graph(case: Case) -> Graph:
    return Graph().parse(case.file(".nt"), format="nt")


# ---------------------------------------------------------------- the files


def _triples(path: Path) -> set[str]:
    return {str(t) for t in ox.parse(path=str(path), format=SUFFIXES[path.suffix])}


def test_every_format_parses_to_the_same_graph(case: Case) -> None:
    graphs = {suffix: _triples(case.file(suffix)) for suffix in SUFFIXES}
    assert len(graphs[".nt"]) > 100
    assert all(found == graphs[".nt"] for found in graphs.values())


def test_the_descriptor_lists_every_rdf_file(case: Case) -> None:
    descriptor = json.loads((case.out / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: r for r in descriptor["resources"]}
    for suffix in SUFFIXES:
        resource = listed[case.file(suffix).name]
        assert resource["bytes"] == case.file(suffix).stat().st_size
        assert resource["name"].startswith("comparison-")


def test_the_same_comparison_gives_the_same_bytes(case: Case, tmp_path: Path) -> None:
    entries = write_comparison_rdf(case.comparison, tmp_path, DEFAULT_BASE_IRI, [])
    assert len(entries) == len(SUFFIXES)
    for entry in entries:
        assert (tmp_path / entry.path).read_bytes() == (case.out / entry.path).read_bytes()


def test_it_conforms_to_the_shapes_and_uses_only_defined_terms(graph: Graph) -> None:
    assert check_terms(graph) == []
    assert check_shacl(graph) == []


# ---------------------------------------------------------------- the figures


def _integer(graph: Graph, subject: URIRef, predicate: URIRef) -> int | None:
    value = graph.value(subject, predicate)
    return None if value is None else int(str(value))


def _figures(graph: Graph, subject: URIRef) -> tuple[object, ...]:
    rate = graph.value(subject, NB.changeRate)
    status = graph.value(subject, NB.changeStatus)
    return (
        _integer(graph, subject, NB.amountBefore),
        _integer(graph, subject, NB.amountAfter),
        _integer(graph, subject, NB.change),
        None if rate is None else Decimal(str(rate)),
        None if status is None else str(status).removeprefix(str(CHANGE_STATUS)),
    )


def _row_figures(row: dict[str, str], model: type[NodeChange | LineChange]) -> tuple[object, ...]:
    def number(field: str) -> str:
        return row[alias(model, field)]

    return (
        int(number("amount_before")) if number("amount_before") else None,
        int(number("amount_after")) if number("amount_after") else None,
        int(number("change")),
        Decimal(number("change_rate")) if number("change_rate") else None,
        number("status"),
    )


@pytest.mark.parametrize(
    ("table", "model"),
    [("node_changes", NodeChange), ("line_changes", LineChange)],
    ids=["nodes", "lines"],
)
def test_every_observation_holds_its_csv_row(
    case: Case, graph: Graph, table: str, model: type[NodeChange | LineChange]
) -> None:
    iris = ComparisonIRIs(case.comparison.info, DEFAULT_BASE_IRI)
    rows = case.rows(table)
    cls = NB.NodeChange if model is NodeChange else NB.LineChange
    assert len(rows) == len(set(graph.subjects(RDF.type, cls)))
    for row in rows:
        key = row[alias(model, "id")]
        subject = iris.node(key) if model is NodeChange else iris.line(key)
        assert _figures(graph, subject) == _row_figures(row, model), key


def test_renamings_are_inferences(case: Case, graph: Graph) -> None:
    renamings = set(graph.subjects(RDF.type, NB.PossibleRenaming))
    assert len(renamings) == len(case.rows("renamings"))
    assert all(graph.value(r, NB.certainty) == CERTAINTY.inferred for r in renamings)


# ---------------------------------------------------------------- the references


def _publication_store(case: Case, tmp_path: Path) -> ox.Store:
    """Both budgets' own publications in one store: built by ``build_publication`` from a
    package for the small case, by the RDF writer (the same bytes, see test_book_build)
    for the real one."""
    store = ox.Store()
    small = case.comparison.info.municipality_code == "132241"
    if small:
        write_package(case.budgets, tmp_path / "pkg")
    for budget in case.budgets:
        out = tmp_path / budget.info.id
        if small:
            build_publication(out, tmp_path / "pkg", budget_id=budget.info.id)
        else:
            out.mkdir()
            write_rdf(budget, out)
        nt = next(out.glob("*_budget.nt"))
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    return store


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


REFERENCES = (
    NB.observationBefore,
    NB.observationAfter,
    NB.nodeBefore,
    NB.nodeAfter,
    NB.budgetBefore,
    NB.budgetAfter,
    NB.amountKindBefore,
    NB.amountKindAfter,
    NB.classification,
)


def test_the_references_are_resources_of_the_two_budgets(
    case: Case, graph: Graph, tmp_path: Path
) -> None:
    store = _publication_store(case, tmp_path)
    subjects = {row["s"].value for row in _select(store, "SELECT DISTINCT ?s { ?s ?p ?o }")}
    used = {p: {str(o) for o in graph.objects(None, p)} for p in REFERENCES}
    assert all(used[p] for p in (NB.observationBefore, NB.observationAfter, NB.nodeAfter))
    for predicate, objects in used.items():
        assert objects - subjects == set(), predicate
    paths = {row["o"].value for row in _select(store, f"SELECT ?o {{ ?s <{NB.codePath}> ?o }}")}
    assert {str(o) for o in graph.objects(None, NB.changedNode)} <= paths


# ---------------------------------------------------------------- broken graphs

C = DEFAULT_BASE_IRI + "132241/comparison/2021-approved.budget--2022-approved.budget"
NODE_1, LINE_2_1 = URIRef(C + "/node/1-expenditure-2"), URIRef(C + "/line/1-expenditure-2-1")


def _set(subject: URIRef, predicate: URIRef, value: object) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        graph.remove((subject, predicate, None))
        if value is not None:
            graph.add((subject, predicate, value if isinstance(value, URIRef) else Literal(value)))

    return change


def _confirmed(graph: Graph) -> None:
    for renaming in list(graph.subjects(RDF.type, NB.PossibleRenaming)):
        _set(URIRef(str(renaming)), NB.certainty, CERTAINTY.confirmed)(graph)


BROKEN: dict[str, tuple[Callable[[Graph], None], str]] = {
    "measure-missing": (_set(NODE_1, NB.change, None), "IC-14 All measures present"),
    "change-wrong": (_set(NODE_1, NB.change, 1), "the change is the amount after minus"),
    "status-wrong": (
        _set(NODE_1, NB.changeStatus, CHANGE_STATUS.unchanged),
        "the change is the amount after minus",
    ),
    "node-before-missing": (_set(NODE_1, NB.nodeBefore, None), "a node change refers to"),
    "observation-missing": (
        _set(LINE_2_1, NB.observationAfter, None),
        "a line change refers to the observation",
    ),
    "dimension-duplicated": (
        _set(NODE_1, NB.changedNode, URIRef(DEFAULT_BASE_IRI + "132241/classification/1")),
        "IC-12 No duplicate observations",
    ),
    "renaming-confirmed": (_confirmed, "a possible renaming is an inference"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_change_cube_fails_with_its_message(
    name: str, tmp_path: Path, budgets: dict[str, tuple[Budget, Budget]]
) -> None:
    pair = budgets.setdefault("synthetic", _synthetic())
    comparison = compare(*[select_side([b], str(b.info.fiscal_year)) for b in pair])
    (entry, *_) = write_comparison_rdf(comparison, tmp_path, DEFAULT_BASE_IRI, [])
    graph = Graph().parse(tmp_path / entry.path)
    break_it, message = BROKEN[name]
    assert check_shacl(graph) == []
    break_it(graph)
    errors = check_shacl(graph)
    assert any(message in e.message for e in errors), [e.message for e in errors]


# ---------------------------------------------------------------- the query pack


def test_the_change_by_kan_query_equals_the_comparison(case: Case, tmp_path: Path) -> None:
    """Straight from a store of the two budgets' publications, without the comparison:
    every 款 of every account, before, after and the change, to the yen."""
    store = _publication_store(case, tmp_path)
    query = (PACK / "14-book-change-by-kan.rq").read_text(encoding="utf-8")
    result = run_query(store, query, fmt="json")
    assert result.raw is not None
    rows = [
        {k: v["value"] for k, v in b.items()} for b in json.loads(result.raw)["results"]["bindings"]
    ]
    whole = compare(*[select_side([b], str(b.info.fiscal_year)) for b in case.budgets])
    kan = {n.id: n for n in whole.nodes if n.depth == 2}
    found = {r["kan"]: r for r in rows}
    assert found, "no 款"
    years = {(int(r["from"]), int(r["to"])) for r in rows}
    assert years == {tuple(b.info.fiscal_year for b in case.budgets)}
    for key, row in found.items():
        node = kan[key]
        assert int(row["change"]) == node.change == whole.node(key).change, key
        assert (row.get("before"), row.get("after")) == (
            None if node.amount_before is None else str(node.amount_before),
            None if node.amount_after is None else str(node.amount_after),
        ), key
        assert row["name"] == (node.name_after or node.name_before)
    # A 款 the query leaves out has no line in either year (its total is 0 on both sides).
    assert all(n.change == 0 and not n.amount_before for k, n in kan.items() if k not in found)
    if case.comparison.info.municipality_code == "132241":  # an abolished and a new 款
        assert {"1-expenditure-1", "1-expenditure-3"} <= set(found)
    changes = [int(r["change"]) for r in rows]
    assert changes == sorted(changes, reverse=True)
