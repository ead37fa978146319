"""The query command and the query pack, checked against the brochure's figures."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from nerima_opendata import build_publication
from nerima_opendata.cli.main import main
from nerima_opendata.model import Budget
from nerima_opendata.sparql.query import (
    QueryError,
    QueryResult,
    UnsupportedQueryError,
    load_publication,
    render,
    run_query,
)

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
    assert {r["initiative"] for r in rows} == {i.id for i in budget.initiatives if "new" in i.tags}


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
    assert media["csv-metadata.json"] == "application/json"
    assert media["vocab/shapes.ttl"] == "text/turtle"
    assert media["vocab/context.jsonld"] == "application/ld+json"
    assert len(rows) == 21  # every file of the publication, the vocabulary's six included


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


def _no_lines(rows: Rows, budget: Budget) -> None:
    assert rows == []


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
    # The budget book's questions: a brochure has no lines (answered in test_rdf_book.py).
    "10-book-total-by-kan.rq": _no_lines,
    "11-book-largest-lines.rq": _no_lines,
    "12-book-total-by-cofog-division.rq": _no_lines,
    "13-book-total-by-department.rq": _no_lines,
    "14-book-change-by-kan.rq": _no_lines,
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


def _columns(text: str) -> int:
    """Display width, worked out independently of the code under test: East Asian
    Wide/Fullwidth 2, combining marks 0, everything else (Ambiguous included) 1."""
    return sum(
        0
        if unicodedata.combining(ch)
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


# (query, where Oxigraph gives up as (line, column) or None for the end, the text
# expected on the line shown). The shown line is always the line named, and the
# caret sits under the named column; positions past the last non-blank character
# are "the end of the query", shown after the last non-blank line.
MIDDLE = "SELECT ?a WHERE {\n  ?s ?p ?a .\n  ?s ?p ?? .\n  ?s ?p ?b .\n}\n"
WIDE = 'SELECT ?a WHERE {\n  ?s ?p ?a .\n  ?s "保育※" ?? .\n  ?s ?p ?b .\n}\n'
TABBED = "SELECT ?a WHERE {\n  ?s ?p ?a .\n\t?s foo:p ?a .\n}\n"
AT_END = "SELECT ?a WHERE {\n  ?s ?p ?a .\n  ?s ?p ?b .\n  FILTER(?a > )\n"
CARET_CASES = [
    pytest.param(MIDDLE, (3, 11), id="middle"),
    pytest.param(WIDE, (3, 11), id="middle-after-wide-characters"),
    pytest.param(TABBED, (3, 10), id="middle-after-a-tab"),
    pytest.param(AT_END, None, id="end-of-a-4-line-file"),
    pytest.param(AT_END + "\n \t\n\n", None, id="end-before-blank-lines"),
    pytest.param(AT_END.rstrip("\n"), None, id="end-without-newline"),
    pytest.param("SELECT ?x WHERE { ?x ?y }", None, id="one-line-end"),
    pytest.param("SELECT ?x\nWHERE { ?x ?y ?z . FILTER( }", None, id="second-line-end"),
    pytest.param("SELEC ?x WHERE {}", (1, 10), id="keyword"),
]


def _check_pointer(message: str, query: str, where: tuple[int, int] | None) -> None:
    lines = query.split("\n")
    if where is None:
        content = query.rstrip()
        line, column = content.count("\n") + 1, len(content.split("\n")[-1]) + 1
        assert "syntax error at the end of the query" in message
    else:
        line, column = where
        assert f"syntax error at line {line}, column {column}" in message
    shown, caret = message.splitlines()[1:3]
    text = lines[line - 1].replace("\t", " ")
    assert shown == f"  {line} | {text.rstrip()}"
    prefix = f"  {' ' * len(str(line))} | "
    assert caret.startswith(prefix) and caret.endswith("^")
    assert _columns(caret[len(prefix) : -1]) == _columns(text[: column - 1])
    assert caret[len(prefix) : -1].strip() == ""


@pytest.mark.parametrize(("query", "where"), CARET_CASES)
def test_malformed_query_points_at_the_place(
    store: ox.Store, query: str, where: tuple[int, int] | None
) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, query)
    _check_pointer(str(info.value), query, where)


@pytest.mark.parametrize(("query", "where"), CARET_CASES)
def test_cli_query_file_malformed_shows_the_real_line(
    publication: Path, tmp_path: Path, query: str, where: tuple[int, int] | None
) -> None:
    path = tmp_path / "bad.rq"
    path.write_bytes(query.encode("utf-8"))
    result = CliRunner().invoke(main, ["query", "--data", str(publication), "-f", str(path)])
    assert result.exit_code == 2  # a usage error, as every command's policy says
    assert result.output.startswith("Error: malformed query: syntax error at ")
    assert "Traceback" not in result.output
    _check_pointer(result.output.removeprefix("Error: malformed query: "), query, where)


def test_cli_query_malformed_exits_2_without_traceback(publication: Path) -> None:
    result = CliRunner().invoke(main, ["query", "--data", str(publication), "SELECT ?x WHERE {"])
    assert result.exit_code == 2
    assert "malformed query" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("query", "form"),
    [
        pytest.param("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", id="construct"),
        pytest.param("construct { ?s ?p ?o } where { ?s ?p ?o }", "CONSTRUCT", id="lower"),
        pytest.param("DESCRIBE <https://example.org/x>", "DESCRIBE", id="describe"),
        pytest.param(
            "# DESCRIBE in a comment\nPREFIX describe: <https://example.org/describe#>\n"
            "CONSTRUCT { ?s describe:p ?o } WHERE { ?s ?p ?o }",
            "CONSTRUCT",
            id="describe-as-a-prefix-and-in-a-comment",
        ),
    ],
)
def test_construct_and_describe_are_refused_not_malformed(
    publication: Path, store: ox.Store, query: str, form: str
) -> None:
    expected = f"{form} queries are not supported by `query`"
    with pytest.raises(UnsupportedQueryError, match=expected):
        run_query(store, query)
    result = CliRunner().invoke(main, ["query", "--data", str(publication), query])
    assert result.exit_code == 2  # a usage error, as _cli_common.fail maps InputError
    assert result.output.startswith(f"Error: {expected}")
    assert "malformed" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        pytest.param("a\nb", "a\\nb", id="newline"),
        pytest.param("a\tb", "a\\tb", id="tab"),
        pytest.param("a\r\nb", "a\\r\\nb", id="crlf"),
        pytest.param("a\u2028b\x0bc", "a\\u2028b\\u000bc", id="other-line-breaks"),
        pytest.param("保育園", "保育園", id="wide"),
        pytest.param("ＡＢＣ１２", "ＡＢＣ１２", id="fullwidth"),
        pytest.param("ｱｲｳ", "ｱｲｳ", id="halfwidth-katakana"),
        pytest.param("※注…○", "※注…○", id="ambiguous-as-one"),
        pytest.param("cafe\u0301", "cafe\u0301", id="combining-mark"),
        pytest.param("", "", id="empty"),
    ],
)
def test_table_keeps_rows_on_one_line_and_aligned(cell: str, shown: str) -> None:
    rows = (("plain", "|"), (cell, "|"), ("長い名前の事業", "|"), ("※…", "|"))
    text = render(QueryResult(("value", "end"), rows, None, None))
    lines = text.splitlines()
    assert len(lines) == len(rows) + 3 and lines[-1] == f"({len(rows)} rows)"
    assert lines[3].startswith(shown)
    # The second column starts at the same display column on every line.
    header, _, *body, _ = lines
    starts = {_columns(header[: header.rindex("end")])}
    starts |= {_columns(line[: line.rindex("|")]) for line in body}
    assert len(starts) == 1, text


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


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (  # the vocabulary's labels, in its own graph
            "PREFIX nb: <https://w3id.org/nerima-opendata/vocab#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?label WHERE { GRAPH <https://w3id.org/nerima-opendata/vocab> "
            "{ nb:Budget rdfs:label ?label } } ORDER BY ?label",
            [("Budget",), ("予算",)],
        ),
        (  # and not in the default graph, which holds the budget and its DCAT only
            "PREFIX nb: <https://w3id.org/nerima-opendata/vocab#> "
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?label WHERE { nb:Budget rdfs:label ?label }",
            [],
        ),
        (
            "SELECT ?g WHERE { GRAPH ?g { } }",
            [("https://w3id.org/nerima-opendata/vocab",)],
        ),
    ],
    ids=["vocabulary-graph", "default-graph", "named-graphs"],
)
def test_the_vocabulary_is_in_its_own_graph_as_load_puts_it(
    store: ox.Store, query: str, expected: list[tuple[str, ...]]
) -> None:
    assert list(run_query(store, query).rows) == expected
