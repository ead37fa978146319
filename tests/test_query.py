"""The query command and the query pack, checked against the brochure's figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from nerima_opendata import build_publication
from nerima_opendata.cli import main
from nerima_opendata.models import Budget
from nerima_opendata.query import QueryError, load_publication, render, run_query

from .test_rdf_figures import BROCHURE

PACK = Path(__file__).resolve().parent.parent / "docs" / "queries"
QUERIES = sorted(PACK.glob("*.rq"))


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("q") / "out"
    build_publication(out)
    return out


@pytest.fixture(scope="module")
def store(publication: Path) -> ox.Store:
    return load_publication(publication)


Rows = list[dict[str, str]]


def _rows(store: ox.Store, path: Path, **bindings: str) -> Rows:
    result = run_query(store, path.read_text(encoding="utf-8"), fmt="json", bindings=bindings)
    assert result.raw is not None
    data = json.loads(result.raw)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _amount_per_pillar(rows: Rows, budget: Budget) -> None:
    assert {r["pillar"]: int(r["amount"]) for r in rows} == {
        k: man * 10_000 for k, (man, _) in BROCHURE.items()
    }
    assert {r["pillar"]: int(r["projects"]) for r in rows} == {
        k: n for k, (_, n) in BROCHURE.items()
    }
    assert rows[0]["share_percent"] == "59.1"
    assert abs(sum(float(r["share_percent"]) for r in rows) - 100) < 0.5


def _top_projects(rows: Rows, budget: Budget) -> None:
    assert [r["project"] for r in rows] == [
        "P1-06",
        "P1-02",
        "P6-02",
        "P1-05",
        "P4-04",
        "P4-05",
        "P3-05",
        "P5-02",
        "P4-03",
        "P3-02",
    ]
    assert (rows[0]["amount"], rows[0]["printed"]) == ("14055110000", "140億5511万円")


def _new(rows: Rows, budget: Budget) -> None:
    assert len(rows) == 32
    assert {r["initiative"] for r in rows} == {i.id for i in budget.initiatives if "新規" in i.tags}


def _firsts(rows: Rows, budget: Budget) -> None:
    assert {(r["distinction"], r["initiative"]) for r in rows} == {
        ("都内施設数No.1", "P2-02-02"),
        ("23区初", "P2-03-01"),
        ("都内初", "P3-03-01"),
        ("全国初", "P6-02-02"),
    }


def _keyword(rows: Rows, budget: Budget) -> None:
    assert [r["initiative"] for r in rows] == ["P3-03-02", "P6-01-02", "P6-02-02"]


def _cube(rows: Rows, budget: Budget) -> None:
    assert len(rows) == 26
    assert {r["project"]: int(r["amount"]) for r in rows} == {
        p.id: p.amount for p in budget.projects
    }
    assert all(r["fiscal_year"] == "2024" and r["currency"] == "JPY" for r in rows)
    assert all(r["phase"].endswith("/proposed") for r in rows)


def _distributions(rows: Rows, budget: Budget) -> None:
    media = {r["file"]: r["media_type"].rsplit("media-types/", 1)[1] for r in rows}
    assert media["131202_budget_projects.csv"] == "text/csv"
    assert media["131202_budget.ttl"] == "text/turtle"
    assert media["131202_budget.jsonld"] == "application/ld+json"
    assert media["index.html"] == "text/html"
    assert media["datapackage.json"] == "application/json"
    assert len(rows) == 14  # every file of the publication


def _glossary(rows: Rows, budget: Budget) -> None:
    assert [(r["term"], r["initiative"]) for r in rows] == [
        ("PFS", "P2-03-01"),
        ("デマンド交通", "P4-06-02"),
    ]


def _inferred(rows: Rows, budget: Budget) -> None:
    assert [(r["note"], r["target"], r["lines"]) for r in rows] == [
        ("E01", "2024-proposed", "2"),  # the feature title, read apart from run-together text
        ("E25", "P2-03-02", "108-110"),  # kept in text order; could belong to P3-05 or P2-01
        ("E26", "P2-03-03", "316-317"),  # moved from the end of the text
    ]


EXPECTED: dict[str, Callable[[Rows, Budget], None]] = {
    "01-amount-per-pillar.rq": _amount_per_pillar,
    "02-top-projects.rq": _top_projects,
    "03-new-initiatives.rq": _new,
    "04-firsts.rq": _firsts,
    "05-initiatives-by-keyword.rq": _keyword,
    "06-cube-by-pillar.rq": _cube,
    "07-distributions.rq": _distributions,
    "08-glossary.rq": _glossary,
    "09-inferred-placements.rq": _inferred,
}


def test_every_query_has_an_expected_answer() -> None:
    assert sorted(EXPECTED) == [q.name for q in QUERIES]


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_query_answers_the_brochure(path: Path, store: ox.Store, budget: Budget) -> None:
    EXPECTED[path.name](_rows(store, path), budget)


@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_query_opens_with_its_question_in_japanese_and_english(path: Path) -> None:
    first, second = path.read_text(encoding="utf-8").splitlines()[:2]
    assert first.startswith("# ") and any("\u3040" <= c <= "\u9fff" for c in first)
    assert second.startswith("# ") and second.rstrip().endswith("?")


def test_keyword_parameter(store: ox.Store) -> None:
    rows = _rows(store, PACK / "05-initiatives-by-keyword.rq", keyword="保育")
    assert [r["initiative"] for r in rows] == ["P1-02-01"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_w3c_formats(store: ox.Store, fmt: str) -> None:
    result = run_query(store, "SELECT ?n WHERE { VALUES ?n { 1 } }", fmt=fmt)
    text = render(result)
    expected = {"csv": "n\r\n1\r\n", "tsv": "?n\n1\n"}
    if fmt == "json":
        assert json.loads(text)["results"]["bindings"][0]["n"]["value"] == "1"
    else:
        assert text == expected[fmt]


def test_table_aligns_japanese_by_display_width(store: ox.Store) -> None:
    text = render(run_query(store, (PACK / "08-glossary.rq").read_text(encoding="utf-8")))
    lines = text.splitlines()
    widths = {sum(2 if ord(c) > 0x2E7F else 1 for c in line.rstrip()) for line in lines[:4]}
    assert len(lines) == 5 and lines[-1] == "(2 rows)"
    assert max(widths) - min(widths) <= 20  # columns line up; rows differ only in trailing text


@pytest.mark.parametrize(
    ("query", "where"),
    [
        pytest.param("SELECT ?x WHERE { ?x ?y }", "1:26", id="missing-object"),
        pytest.param("SELECT ?x\nWHERE { ?x ?y ?z . FILTER( }", "2:29", id="second-line"),
        pytest.param("SELEC ?x WHERE {}", "1:", id="keyword"),
    ],
)
def test_malformed_query_points_at_the_place(store: ox.Store, query: str, where: str) -> None:
    with pytest.raises(QueryError, match=where) as info:
        run_query(store, query)
    assert "^" in str(info.value)


def test_cli_query_malformed_exits_1_without_traceback(publication: Path) -> None:
    result = CliRunner().invoke(main, ["query", "--data", str(publication), "SELECT ?x WHERE {"])
    assert result.exit_code == 1
    assert "malformed query" in result.output and "Traceback" not in result.output


def test_cli_query_file_and_format(publication: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "--data",
            str(publication),
            "-f",
            str(PACK / "02-top-projects.rq"),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("P1-06,教育の質の向上,14055110000")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="neither"),
        pytest.param(["ASK {}", "-f", "{pack}"], id="both"),
        pytest.param(["ASK {}", "--bind", "novalue"], id="bad-bind"),
    ],
)
def test_cli_query_usage_errors(args: list[str], publication: Path) -> None:
    argv = [a.replace("{pack}", str(PACK / "08-glossary.rq")) for a in args]
    result = CliRunner().invoke(main, ["query", "--data", str(publication), *argv])
    assert result.exit_code == 2
