"""The preview page of a budget book (``writers/html/book*.py``): every figure shown is a
total of the model, the page embeds its data safely, works without a script, and is
small enough for a real budget (Tama: 1,580 lines)."""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.model import (
    AmountKind,
    Budget,
    EditorialNote,
    node_totals,
    totals_at_depth,
)
from nerima_opendata.model.amounts import format_amount
from nerima_opendata.publication.build import build
from nerima_opendata.readers.book import read_budget_book
from nerima_opendata.writers.html.book_data import days_in_fiscal_year, path_names, top_lines
from nerima_opendata.writers.html.write import HTML_FILE, to_html, to_schema_org
from tests.test_book import book
from tests.test_html import parse

ROOT = Path(__file__).resolve().parent.parent
TAMA = ROOT / "tests" / "data" / "real" / "tama_r3_spendingjp.csv"


@functools.cache
def tama() -> Budget:
    """多摩市 FY2021 (the spending.jp file) as a budget book, through the importer."""
    (budget,) = read_budget_book(
        TAMA, "spendingjp", municipality="132241", municipality_name="多摩市", unit="thousand-yen"
    )
    return budget


def small(**changes: Any) -> Budget:
    """The small book of ``test_book`` (2 款, 3 lines, a second amount kind)."""
    return Budget(**book(**changes))


def page_of(budget: Budget) -> str:
    return to_html(budget, [("132241_budget.csv", 10), ("132241_budget_lines.csv", 20)])


def embedded(html: str) -> dict[str, Any]:
    start = html.index('<script type="application/json" id="book-data">')
    text = html[html.index(">", start) + 1 : html.index("</script>", start)]
    data: dict[str, Any] = json.loads(text)
    return data


def flatten(node: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {node["id"]: node}
    for child in node.get("c", []):
        found.update(flatten(child))
    return found


@pytest.fixture(scope="module")
def tama_html() -> str:
    return page_of(tama())


def test_the_tama_helper_reads_the_known_total() -> None:
    budget = tama()
    assert len(budget.lines) == 1580
    assert budget.total == 63_030_000_000
    assert budget.kind == "book"


def test_direction_totals_shown_equal_the_model(tama_html: str) -> None:
    page = parse(tama_html)
    cells = page.select("td", data_node="*", data_amount="*")
    direction = {c["data-node"]: int(c["data-amount"]) for c in cells if "data-kind" not in c}
    expected = totals_at_depth(tama(), 1)
    assert {k: direction[k] for k in expected} == expected == {"1-expenditure": 63_030_000_000}
    text = "".join(page.text)
    assert "630億3000万円" in text
    assert "63,030,000,000円" in text


def test_the_no_script_table_holds_every_total_to_moku(tama_html: str) -> None:
    budget = tama()
    rows = parse(tama_html).select("tr", data_node="*")
    shown = {r["data-node"]: int(r["data-amount"]) for r in rows if r.get("id")}
    depth = {c.id: c.depth for c in budget.classifications}
    expected = {k: v for k, v in node_totals(budget).items() if 2 <= depth[k] <= 4}
    assert shown == expected
    assert len(shown) == sum(1 for c in budget.classifications if 2 <= c.depth <= 4)


def test_the_embedded_tree_equals_the_model_to_moku(tama_html: str) -> None:
    budget = tama()
    data = embedded(tama_html)
    assert data["days"] == 365
    assert data["fiscalYear"] == 2021
    assert data["taxView"] == "1-expenditure"
    (view,) = data["views"]
    assert view["name"] == "一般会計 歳出"
    nodes = flatten(view)
    totals = node_totals(budget)
    assert {k: n["v"] for k, n in nodes.items()} == {k: totals[k] for k in nodes}
    assert max(len(k.split("-")) for k in nodes) == 5  # 1-expenditure-款-項-目: no deeper
    for node in nodes.values():
        assert node["f"] == format_amount(node["v"])
    kan = view["c"]
    assert [k["id"] for k in kan] == list(totals_at_depth(budget, 2))
    assert kan[0]["s"] == f"{kan[0]['v'] * 100 / view['v']:.1f}%"


def test_the_largest_lines_with_their_path(tama_html: str) -> None:
    budget = tama()
    rows = parse(tama_html).select("tr", data_line="*")
    largest = sorted(budget.lines, key=lambda line: -line.amount)[:20]
    assert [int(r["data-amount"]) for r in rows] == [line.amount for line in largest]
    assert [r["data-line"] for r in rows] == [line.id for line in top_lines(budget)]
    names = path_names(budget, largest[0].classification_id)
    assert len(names) == 5  # 款 › 項 › 目 › 細目 › 節
    assert " › ".join(names) in tama_html


def test_the_tax_table_carries_the_expenditure_and_the_days(tama_html: str) -> None:
    page = parse(tama_html)
    (table,) = page.select("table", id="tax-table")
    assert table["data-total"] == str(tama().total)
    assert table["data-days"] == "365"
    rows = page.select("tr", data_node="*", data_amount="*")
    kan = {r["data-node"]: int(r["data-amount"]) for r in rows if not r.get("id")}
    assert kan == totals_at_depth(tama(), 2)
    assert page.select("form", id="tax-form", hidden="")  # shown by the script only
    assert "<noscript>" in tama_html


@pytest.mark.parametrize(
    ("year", "days"), [(2019, 366), (2020, 365), (2021, 365), (2023, 366), (2099, 365)]
)
def test_days_of_a_fiscal_year(year: int, days: int) -> None:
    assert days_in_fiscal_year(year) == days
    assert days == (date(year + 1, 3, 31) - date(year, 4, 1)).days + 1


@pytest.mark.parametrize(
    ("budget", "unit", "note"),
    [
        (tama, "thousand-yen", "出典の値×1,000で換算"),
        (lambda: small(amount_kinds=(_yen_kind(),), line_amounts=()), "yen", "金額はすべて円で"),
    ],
    ids=["thousand-yen", "yen"],
)
def test_the_source_unit_is_stated(budget: Any, unit: str, note: str) -> None:
    html = page_of(budget())
    (box,) = parse(html).select("p", data_unit=unit)
    assert box
    assert note in html


def _yen_kind() -> AmountKind:
    return AmountKind(id="budget", order=1, name="予算額", stage="budget", unit="yen", primary=True)


def test_amount_kinds_are_tabled_only_when_there_are_several(tama_html: str) -> None:
    assert 'id="kinds"' not in tama_html
    budget = small()
    page = parse(page_of(budget))
    cells = page.select("td", data_kind="*")
    for kind in ("budget", "request"):
        totals = node_totals(budget, kind)
        of_kind = [c for c in cells if c["data-kind"] == kind]
        shown = {c["data-node"]: int(c["data-amount"]) for c in of_kind if "data-amount" in c}
        assert shown == {
            c["data-node"]: totals[c["data-node"]] for c in of_kind if c["data-node"] in totals
        }
    assert {c["data-node"] for c in cells} == {
        "1-expenditure",
        "1-expenditure-1",
        "1-expenditure-2",
    }
    assert page.select("a", href="#kinds")


def test_a_name_cannot_break_out_of_the_script_or_the_markup() -> None:
    fields = book()
    evil = '</script><script>alert(1)</script><!-- & "x"'
    nodes = list(fields["classifications"])
    nodes[2] = nodes[2].model_copy(update={"name": evil})
    html = page_of(Budget(**{**fields, "classifications": tuple(nodes)}))
    assert evil not in html
    assert html.count("<script") == 3  # JSON-LD, the data, the script
    names = [n["name"] for n in flatten(embedded(html)["views"][0]).values()]
    assert evil in names
    assert "&lt;/script&gt;" in html  # the static table, escaped


def test_notes_about_book_records_name_their_target() -> None:
    note = EditorialNote(
        id="E1",
        target_table="lines",
        target_id="1-expenditure-1-1",
        kind="scope",
        certainty="inferred",
        note="テスト",
    )
    html = page_of(small(editorial_notes=(note,)))
    assert "lines 1-expenditure-1-1" in html
    page = parse(html)
    ids = {a["id"] for a in page.select(id="*")}
    fragments = {a["href"][1:] for a in page.select("a", href="*") if a["href"].startswith("#")}
    assert "note-E1" in fragments
    assert fragments <= ids, fragments - ids  # no link to an anchor the page lacks


def test_the_page_is_deterministic_and_offline(tama_html: str) -> None:
    assert page_of(tama()) == tama_html
    page = parse(tama_html)
    assert not [s for s in page.scripts if "src" in s]
    assert not page.select("link", rel="stylesheet")
    assert "http://" not in tama_html.replace("http://www.w3.org", "")


def test_the_page_stays_small(tama_html: str) -> None:
    size = len(tama_html.encode("utf-8"))
    print(f"Tama book page: {size:,} bytes")
    assert size < 400_000


def test_schema_org_describes_the_book() -> None:
    dataset = to_schema_org(tama(), [("132241_budget_lines.csv", 5)])
    assert dataset["@type"] == "Dataset"
    assert "予算書" in dataset["keywords"]
    assert "予算明細1,580行" in dataset["description"]
    assert "1,580 expenditure budget lines" in dataset["description"]
    assert [d["name"] for d in dataset["distribution"]] == [
        "132241_budget_lines.csv",
        "datapackage.json",
    ]


def test_build_writes_the_book_page_linking_every_file(tmp_path: Path) -> None:
    result = build(small(), tmp_path / "out")
    html = (tmp_path / "out" / HTML_FILE).read_text(encoding="utf-8")
    page = parse(html)
    linked = {a["href"] for a in page.select("a", href="*")}
    assert {name for name, _ in result.files if name != HTML_FILE} <= linked
    assert 'id="book-data"' in html
    assert page.select("section", id="treemap")
