"""The budget book in RDF: round trip, formats, shapes, Data Cube constraints, queries.

Real-sized books come from the spending.jp files of Tama (thousand yen) and Abiko (yen,
with 所属), read by ``tests/real_books.py``; query answers are checked against sums made
here from the raw CSV rows, not from the budget.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.namespace import SH, SKOS

from nerima_opendata.checks.linked import check_book_totals, check_shacl, check_terms
from nerima_opendata.model import Budget
from nerima_opendata.model.book_rules import SIGNED_STAGES
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.jsonld import from_jsonld
from nerima_opendata.rdf.vocab import NB, UN_COFOG, cofog_iri, load_shapes
from nerima_opendata.readers.rdf import from_graph
from nerima_opendata.sparql.query import run_query
from nerima_opendata.writers.rdf import to_graph, write_rdf

from .real_books import ABIKO, TAMA, SpendingJp, cofog, raw_rows, read
from .test_book import book

NBSH = Namespace("https://w3id.org/nerima-opendata/vocab/shapes#")

PACK = Path(__file__).resolve().parent.parent / "docs" / "queries"
PREFIXES = """
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nbphase: <https://w3id.org/nerima-opendata/vocab/phase/>
PREFIX nbstage: <https://w3id.org/nerima-opendata/vocab/amount-stage/>
"""


@pytest.fixture(scope="module")
def small() -> Budget:
    return Budget(**book())


@pytest.fixture(scope="module")
def small_graph(small: Budget) -> Graph:
    return to_graph(small)


@pytest.fixture(scope="module", params=[TAMA, ABIKO], ids=["tama", "abiko"])
def real(request: pytest.FixtureRequest) -> tuple[SpendingJp, Budget]:
    return request.param, read(request.param)


def test_the_readers_total_is_the_csvs() -> None:
    assert read(TAMA).total == 63_030_000 * 1000
    assert read(ABIKO).total == 46_380_000_000


#: rdflib's stores the checks read graphs into: with contexts (pyshacl needs them) and
#: without (validate's reading back of the budget, faster).
STORES = ["Memory", "SimpleMemory"]


@pytest.mark.parametrize("store", STORES)
def test_a_book_round_trips(small: Budget, small_graph: Graph, store: str) -> None:
    graph = Graph(store=store)
    graph += small_graph
    assert from_graph(graph) == small


def test_a_real_book_round_trips(real: tuple[SpendingJp, Budget]) -> None:
    assert from_graph(to_graph(real[1])) == real[1]


def test_every_format_holds_the_same_graph(small: Budget, tmp_path: Path) -> None:
    paths = {p.suffix: p for p in write_rdf(small, tmp_path)}
    turtle = Graph().parse(paths[".ttl"], format="turtle")
    assert isomorphic(turtle, Graph().parse(paths[".nt"], format="nt"))
    assert isomorphic(turtle, Graph().parse(paths[".rdf"], format="xml"))
    assert isomorphic(turtle, from_jsonld(paths[".jsonld"].read_text(encoding="utf-8")))
    compact = json.loads(paths[".jsonld"].read_text(encoding="utf-8"))
    text = json.dumps(compact["@graph"], ensure_ascii=False)
    assert '"classification":' in text and "https://w3id.org/nerima-opendata/vocab#" not in text


def test_the_same_book_gives_the_same_bytes(small: Budget, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = [p.read_bytes() for p in write_rdf(small, tmp_path / "a")]
    assert first == [p.read_bytes() for p in write_rdf(small, tmp_path / "b")]


def test_a_small_book_conforms(small_graph: Graph) -> None:
    assert check_shacl(small_graph) == []
    assert check_terms(small_graph) == []


def test_the_code_list_is_per_municipality_and_year(small: Budget) -> None:
    approved = BudgetIRIs.for_budget(small.info)
    adjusted = BudgetIRIs.for_budget(Budget(**book("adjusted")).info)
    assert approved.classification_scheme == adjusted.classification_scheme
    assert str(approved.classification("1-expenditure-2-1")).endswith(
        "/132241/2021/classification/1-expenditure-2-1"
    )
    later = BudgetIRIs.for_budget(small.info.model_copy(update={"fiscal_year": 2022}))
    assert later.classification("1") != approved.classification("1")
    assert later.code_path("1-expenditure-2-1") == approved.code_path("1-expenditure-2-1")


def test_a_concept_has_its_path_level_and_hierarchy(small_graph: Graph, small: Budget) -> None:
    iris = BudgetIRIs.for_budget(small.info)
    node = iris.classification("1-expenditure-2-1")
    assert small_graph.value(node, SKOS.notation) == Literal("1-expenditure-2-1")
    assert small_graph.value(node, NB.level) == Literal("項")
    assert small_graph.value(node, NB.depth) == Literal(3)
    assert small_graph.value(node, SKOS.broader) == iris.classification("1-expenditure-2")
    assert small_graph.value(node, NB.codePath) == iris.code_path("1-expenditure-2-1")


#: A broken book graph (a SPARQL Update) → a message SHACL must report.
BROKEN = {
    "duplicate-observation": (
        "INSERT { ?copy ?p ?o } WHERE { ?obs nb:line/nb:identifier '1-expenditure-1-1' ; "
        "a qb:Observation ; ?p ?o . BIND(IRI(CONCAT(STR(?obs), '-copy')) AS ?copy) }",
        "IC-12 No duplicate observations",
    ),
    "observation-without-classification": (
        "DELETE { ?obs nb:classification ?c } WHERE { ?obs nb:line/nb:identifier "
        "'1-expenditure-2-1' ; nb:classification ?c }",
        "IC-11 All dimensions required",
    ),
    "code-not-in-the-code-list": (
        "DELETE { ?c skos:inScheme ?s } WHERE { ?c nb:identifier '1-expenditure-2-2' ; "
        "skos:inScheme ?s }",
        "IC-19 Codes from code list (per data set)",
    ),
    "negative-amount-in-an-approved-budget": (
        "DELETE { ?l nb:amount ?a } INSERT { ?l nb:amount -5 } WHERE { ?l a nb:BudgetLine ; "
        "nb:identifier '1-expenditure-2-2' ; nb:amount ?a }",
        "negative only in an adjusted budget",
    ),
    "line-at-an-inner-node": (
        "INSERT { ?c skos:narrower ?c2 } WHERE { ?c nb:identifier '1-expenditure-2-2' . "
        "?c2 nb:identifier '1-expenditure-2-1' }",
        "a line sits at a leaf of the code list",
    ),
    "kind-without-stage": (
        "DELETE { ?k nb:stage ?s } WHERE { ?k nb:identifier 'request' ; nb:stage ?s }",
        "nb:stage: one stage",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_book_fails_with_its_message(small_graph: Graph, case: str) -> None:
    update, message = BROKEN[case]
    graph = Graph() + small_graph
    graph.update(PREFIXES + update)
    assert set(graph) != set(small_graph), case
    errors = check_shacl(graph)
    assert any(message in e.message for e in errors), [e.message for e in errors]


_NEGATIVE_REQUEST = (
    "DELETE { ?o nb:amount ?a } INSERT { ?o nb:amount -5 } WHERE { ?o nb:amountKind ?k ; "
    "nb:amount ?a . ?k nb:identifier 'request' }"
)


def _request_stage(stage: str) -> str:
    return (
        f"DELETE {{ ?k nb:stage ?s }} INSERT {{ ?k nb:stage nbstage:{stage} }} WHERE {{ "
        "?k nb:identifier 'request' ; nb:stage ?s }"
    )


#: (updates, whether the book still conforms): a negative amount outside an adjusted
#: budget is an error, but for a kind whose stage may be negative (SIGNED_STAGES)
NEGATIVE: dict[str, tuple[list[str], bool]] = {
    "request-stage": ([_NEGATIVE_REQUEST], False),
    "general-revenue-stage": ([_request_stage("general-revenue"), _NEGATIVE_REQUEST], True),
    "difference-stage": ([_request_stage("difference"), _NEGATIVE_REQUEST], True),
    "specific-revenue-stage": ([_request_stage("specific-revenue"), _NEGATIVE_REQUEST], False),
}


@pytest.mark.parametrize("case", sorted(NEGATIVE))
def test_a_negative_amount_conforms_only_where_the_table_checks_allow_it(
    small_graph: Graph, case: str
) -> None:
    updates, conforms = NEGATIVE[case]
    graph = Graph() + small_graph
    for update in updates:
        graph.update(PREFIXES + update)
    assert set(graph) != set(small_graph), case
    errors = [e.message for e in check_shacl(graph)]
    assert errors == [] if conforms else any("negative only" in m for m in errors), errors


def test_the_shape_exempts_the_stages_the_table_checks_exempt() -> None:
    """vocab/shapes.ttl lists the stages whose amounts may be negative in any budget;
    they are model/book_rules.py's SIGNED_STAGES."""
    shapes = load_shapes()
    query = str(shapes.value(shapes.value(NBSH["negative-amount"], SH.sparql), SH.select))
    (listed,) = re.findall(r"\?stage IN \(([^)]*)\)", query)
    stages = {name.strip().removeprefix("nbstage:") for name in listed.split(",")}
    assert stages == {stage.value for stage in SIGNED_STAGES}


@pytest.mark.parametrize("store", STORES)
def test_book_totals_match_and_a_changed_observation_is_found(
    small: Budget, small_graph: Graph, store: str
) -> None:
    graph = Graph(store=store)
    graph += small_graph
    assert check_book_totals(graph, small) == []
    graph.update(
        PREFIXES + "DELETE { ?o nb:amount ?a } INSERT { ?o nb:amount 1 } WHERE { "
        "?o a qb:Observation ; nb:line/nb:identifier '1-expenditure-2-1' ; "
        "nb:amountKind/nb:primary true ; nb:amount ?a }"
    )
    found = {e.message.split(": the obs")[0] for e in check_book_totals(graph, small)}
    assert found == {
        f"the line {BudgetIRIs.for_budget(small.info).record('lines', '1-expenditure-2-1')}",
        "款 1-expenditure-2",
        "款 total",
    }


def test_cofog_classes_link_to_their_division() -> None:
    graph = to_graph(read(TAMA))
    used = set(graph.objects(None, NB.cofog))
    assert used
    for node in used:
        notation = str(graph.value(node, SKOS.notation))
        assert node == cofog_iri(notation) and str(node).startswith(str(UN_COFOG))
        if "." in notation:
            assert graph.value(node, SKOS.broader) == cofog_iri(notation.split(".")[0])


def test_a_real_book_conforms_in_reasonable_time() -> None:
    budget = read(TAMA)
    graph = to_graph(budget)
    started = time.perf_counter()
    assert check_shacl(graph) == []
    assert time.perf_counter() - started < 120
    assert check_book_totals(graph, budget) == []


# ---------------------------------------------------------------- the query pack


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ox.Store]:
    found = {}
    for source in (TAMA, ABIKO):
        out = tmp_path_factory.mktemp(source.code)
        nt = next(p for p in write_rdf(read(source), out) if p.suffix == ".nt")
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        found[source.code] = store
    return found


def _rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    result = run_query(store, (PACK / name).read_text(encoding="utf-8"), fmt="json")
    assert result.raw is not None
    data = json.loads(result.raw)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _yen(source: SpendingJp, row: dict[str, str]) -> int:
    return int(row["予算額"]) * source.factor


@pytest.mark.parametrize("source", [TAMA, ABIKO], ids=["tama", "abiko"])
def test_total_by_kan_and_share(stores: dict[str, ox.Store], source: SpendingJp) -> None:
    expected: Counter[str] = Counter()
    for row in raw_rows(source):
        expected[f"1-expenditure-{row['款']}"] += _yen(source, row)
    rows = _rows(stores[source.code], "10-book-total-by-kan.rq")
    assert {r["kan"]: int(r["total"]) for r in rows} == dict(expected)
    whole = sum(expected.values())
    for r in rows:
        assert float(r["percent"]) == pytest.approx(int(r["total"]) * 100 / whole)


@pytest.mark.parametrize("source", [TAMA, ABIKO], ids=["tama", "abiko"])
def test_largest_lines(stores: dict[str, ox.Store], source: SpendingJp) -> None:
    budget = read(source)
    rows = _rows(stores[source.code], "11-book-largest-lines.rq")
    assert len(rows) == 20
    amounts = [int(r["amount"]) for r in rows]
    assert amounts == sorted((x.amount for x in budget.lines), reverse=True)[:20]
    top_raw = max(_yen(source, row) for row in raw_rows(source))
    assert amounts[0] >= top_raw


@pytest.mark.parametrize("source", [TAMA, ABIKO], ids=["tama", "abiko"])
def test_total_by_cofog_division(stores: dict[str, ox.Store], source: SpendingJp) -> None:
    expected: Counter[str] = Counter()
    for row in raw_rows(source):
        if row["COFOG_Level2"]:
            expected[str(cofog(row["COFOG_Level1"]))] += _yen(source, row)
    rows = _rows(stores[source.code], "12-book-total-by-cofog-division.rq")
    assert {r["division"]: int(r["total"]) for r in rows} == dict(expected)


def test_total_by_department(stores: dict[str, ox.Store]) -> None:
    expected: Counter[str] = Counter()
    for row in raw_rows(ABIKO):
        expected[row["所属"]] += _yen(ABIKO, row)
    rows = _rows(stores[ABIKO.code], "13-book-total-by-department.rq")
    assert {r["department"]: int(r["total"]) for r in rows} == dict(expected)
    assert _rows(stores[TAMA.code], "13-book-total-by-department.rq") == []
