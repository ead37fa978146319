"""The page of a comparison (``writers/html/compare*.py``): every figure shown is a field
of the comparison's records, the largest changes come in the right order, renamings are
marked as inferred, every file is linked, and the page is self-contained, well formed
and deterministic. On a small synthetic comparison and on Setagaya 2025 → 2026 (一般会計).
"""

from __future__ import annotations

import functools
import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.model import Budget, BudgetInfo, BudgetLine, Classification
from nerima_opendata.model.amounts import format_amount
from nerima_opendata.model.change import ChangeStatus
from nerima_opendata.model.compare import Comparison, Side, compare, select_side
from nerima_opendata.publication.compare_build import write_comparison
from nerima_opendata.readers.book import read_budget_book
from nerima_opendata.writers.datapackage import LICENSE
from nerima_opendata.writers.formats import DESCRIPTOR, HTML_FILE
from nerima_opendata.writers.html.compare import to_comparison_html
from tests.test_book import book
from tests.test_html import _Page, parse

ROOT = Path(__file__).resolve().parent.parent
SETAGAYA = ROOT / "tests" / "data" / "real" / "setagaya_ippansaisyutu_2018-2026.csv"
#: The general account's 現計予算額 in thousand yen (shared/data/README.md), in yen.
SETAGAYA_TOTALS = (399_617_117_000, 431_353_010_000)
TOP = 20


def _node(node_id: str, level: str, name: str) -> Classification:
    parent, _, code = node_id.rpartition("-")
    depth = node_id.count("-")
    return Classification(
        id=node_id, level=level, depth=depth, code=code, name=name, parent_id=parent
    )


def _after() -> Budget:
    """The small book one year on: 議会費 renamed and cut, 総務管理費 up, 徴税費 moved to
    a new code (same name), a new 款 民生費 with a department whose name needs escaping."""
    fields = book()
    fields["info"] = BudgetInfo(
        municipality_code="132241",
        municipality_name="多摩市",
        fiscal_year=2022,
        phase="approved",
        title="一般会計予算",
        source_title="test",
    )
    nodes = [c for c in fields["classifications"] if c.id != "1-expenditure-2-2"]
    nodes[2] = nodes[2].model_copy(update={"name": "議会費（改）"})
    nodes += [
        _node("1-expenditure-2-3", "項", "徴税費"),
        _node("1-expenditure-3", "款", "民生費"),
        _node("1-expenditure-3-1", "項", "社会福祉費"),
    ]
    fields["classifications"] = tuple(nodes)
    fields["lines"] = (
        BudgetLine(id="1-expenditure-1-1", classification_id="1-expenditure-1-1", amount=90),
        BudgetLine(id="1-expenditure-2-1", classification_id="1-expenditure-2-1", amount=400),
        BudgetLine(id="1-expenditure-2-3", classification_id="1-expenditure-2-3", amount=20),
        BudgetLine(
            id="1-expenditure-3-1",
            classification_id="1-expenditure-3-1",
            amount=50,
            department_name="福祉<課>&",
        ),
    )
    return Budget(**fields)


def _primary(budget: Budget) -> Side:
    return Side(budget, next(k for k in budget.amount_kinds if k.primary))


@functools.cache
def small() -> Comparison:
    """FY2021 → FY2022 of the small book: every status, both kinds of renaming."""
    return compare(_primary(Budget(**book())), _primary(_after()))


@functools.cache
def setagaya() -> Comparison:
    """世田谷区 2025 → 2026, the general account (1), 現計予算額."""
    budgets = [
        b for year in (2025, 2026) for b in read_budget_book(SETAGAYA, "setagaya", fiscal_year=year)
    ]
    return compare(select_side(budgets, "2025"), select_side(budgets, "2026"), account="1")


CASES = {"small": small, "setagaya": setagaya}


@pytest.fixture(scope="module", params=sorted(CASES))
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The comparison written as a publication: (comparison, directory, page)."""
    comparison = CASES[request.param]()
    out = tmp_path_factory.mktemp(f"compare-{request.param}") / "out"
    write_comparison(comparison, out)
    html = (out / HTML_FILE).read_text(encoding="utf-8")
    return comparison, out, html


def test_the_small_comparison_has_every_status_and_both_renamings() -> None:
    comparison = small()
    assert {line.status for line in comparison.lines} == {
        ChangeStatus.INCREASED,
        ChangeStatus.DECREASED,
        ChangeStatus.NEW,
        ChangeStatus.ABOLISHED,
    }
    assert {r.kind.value for r in comparison.renamings} == {"name-changed", "code-changed"}


def test_the_setagaya_totals_are_the_readme_s() -> None:
    info = setagaya().info
    assert (info.before_total, info.after_total) == SETAGAYA_TOTALS


def test_summary_shows_the_two_totals_and_the_change(published: Any) -> None:
    comparison, _, html = published
    info = comparison.info
    (total,) = parse(html).select("div", data_change="*")
    change = info.after_total - info.before_total
    assert (total["data-before"], total["data-after"], total["data-change"]) == (
        str(info.before_total),
        str(info.after_total),
        str(change),
    )
    text = "".join(parse(html).text)
    assert info.title in text
    for amount in (info.before_total, info.after_total, abs(change)):
        assert format_amount(amount) in text
    if info.account_code == "1":  # Setagaya: +7.94% (shared/data/README.md)
        assert "+317億3589万3000円（+7.94%）" in text


def _attrs(value: int | None) -> str:
    return "" if value is None else str(value)


def test_each_kan_change_is_the_model_s(published: Any) -> None:
    comparison, _, html = published
    page = parse(html)
    kan = [n for n in comparison.nodes if n.depth == 2]
    assert kan
    rows = {r["data-node"]: r for r in page.select("tr", data_node="*")}
    bars = {b["data-node"]: b for b in page.select("rect", data_node="*")}
    assert set(bars) == {n.id for n in kan}
    for node in kan:
        row = rows[node.id]
        shown = (row["data-before"], row["data-after"], row["data-change"], row["data-status"])
        expected = (
            _attrs(node.amount_before),
            _attrs(node.amount_after),
            str(node.change),
            node.status.value,
        )
        assert shown == expected, node.id
        assert bars[node.id]["data-change"] == str(node.change)
        side = "increase" if node.change > 0 else "decrease" if node.change < 0 else "unchanged"
        assert side in bars[node.id]["class"].split()  # told apart by more than colour
    text = "".join(page.text)
    for node in kan:
        sign = "+" if node.change > 0 else "−"
        assert node.change == 0 or f"{sign}{format_amount(abs(node.change))}" in text


def test_the_kan_changes_add_up_to_the_total_change(published: Any) -> None:
    comparison, _, html = published
    rows = parse(html).select("tr", data_node="*", data_change="*")
    kan = {n.id for n in comparison.nodes if n.depth == 2}
    shown = sum(int(r["data-change"]) for r in rows if r["data-node"] in kan)
    assert shown == comparison.info.after_total - comparison.info.before_total


def _expected_top(comparison: Comparison) -> list[str]:
    up = sorted((ln for ln in comparison.lines if ln.change > 0), key=lambda x: (-x.change, x.id))
    down = sorted((ln for ln in comparison.lines if ln.change < 0), key=lambda x: (x.change, x.id))
    return [ln.id for ln in up[:TOP]] + [ln.id for ln in down[:TOP]]


def test_largest_increases_then_decreases_in_order(published: Any) -> None:
    comparison, _, html = published
    rows = parse(html).select("tr", data_line="*")
    assert [r["data-line"] for r in rows] == _expected_top(comparison)
    lines = {ln.id: ln for ln in comparison.lines}
    for row in rows:
        line = lines[row["data-line"]]
        assert row["data-change"] == str(line.change)
        assert row["data-status"] == line.status.value


def test_counts_of_each_status(published: Any) -> None:
    comparison, _, html = published
    rows = parse(html).select("tr", data_status="*", data_count="*")
    shown = {r["data-status"]: int(r["data-count"]) for r in rows}
    assert shown == {s.value: sum(ln.status is s for ln in comparison.lines) for s in ChangeStatus}
    assert sum(shown.values()) == len(comparison.lines)


def test_renamings_are_marked_inferred(published: Any) -> None:
    comparison, _, html = published
    page = parse(html)
    rows = page.select("tr", data_renaming="*")
    assert [r["data-renaming"] for r in rows] == [r.id for r in comparison.renamings]
    assert all("inferred" in r["class"].split() for r in rows)
    assert len(page.select("span", **{"class": "certainty inferred"})) == len(rows)
    assert "推定" in "".join(page.text)


def test_every_file_is_linked_with_its_size(published: Any) -> None:
    _, out, html = published
    page = parse(html)
    descriptor = json.loads((out / DESCRIPTOR).read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in descriptor["resources"]}
    linked = {r["data-file"]: r.get("data-bytes") for r in page.select("tr", data_file="*")}
    expected = {p: str(r["bytes"]) for p, r in resources.items() if p != HTML_FILE}
    assert linked == {**expected, DESCRIPTOR: None}
    hrefs = {a["href"] for a in page.select("a", href="*")}
    assert set(linked) <= hrefs
    for name in linked:
        assert (out / name).is_file(), name
    page_entry = resources[HTML_FILE]
    data = (out / HTML_FILE).read_bytes()
    assert (page_entry["name"], page_entry["mediatype"], page_entry["format"]) == (
        "preview",
        "text/html",
        "html",
    )
    assert page_entry["bytes"] == len(data)
    assert page_entry["hash"].removeprefix("sha256:") == hashlib.sha256(data).hexdigest()


class _Balance(HTMLParser):
    """Every element closed in order; void elements need no end tag."""

    VOID = frozenset({"meta", "link", "br", "input", "img", "hr", "rect", "line", "stop"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """A self-closed element (SVG's ``<rect/>``) opens nothing."""

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _structure(page: _Page) -> None:
    (html,) = page.select("html")
    assert html["lang"] == "ja"
    assert len(page.select("h1")) == 1
    ths = page.select("th")
    assert ths and all(th.get("scope") in {"col", "row"} for th in ths)
    ids = [a["id"] for _, a in page.elements if "id" in a]
    assert len(ids) == len(set(ids))
    for link in page.select("a", href="*"):
        if link["href"].startswith("#"):
            assert link["href"][1:] in ids, link["href"]
    for svg in page.select("svg"):
        assert svg["role"] == "img"
        assert all(i in ids for i in svg["aria-labelledby"].split())


def test_the_page_is_well_formed_and_accessible(published: Any) -> None:
    _, _, html = published
    checker = _Balance()
    checker.feed(html)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    _structure(parse(html))


def test_nothing_is_fetched_from_elsewhere(published: Any) -> None:
    _, _, html = published
    page = parse(html)
    for tag, attrs in page.elements:
        for name in ("src", "srcset", "data", "poster"):
            assert name not in attrs, (tag, attrs)
        if tag == "link":
            assert attrs.get("rel") != "stylesheet"
            assert not attrs["href"].startswith(("http:", "https:", "//")), attrs
    assert all(s.get("type") == "application/ld+json" for s in page.scripts)
    external = {a["href"] for a in page.select("a", href="*") if "//" in a["href"]}
    assert external == {LICENSE["path"]}
    (ld,) = page.json_ld
    dataset = json.loads(ld)
    assert dataset["@type"] == "Dataset"
    assert HTML_FILE not in {d["name"] for d in dataset["distribution"]}


def test_text_from_the_data_is_escaped() -> None:
    html = to_comparison_html(small(), [])
    assert "福祉&lt;課&gt;&amp;" in html
    assert "福祉<課>" not in html


def test_the_page_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_comparison(small(), first)
    write_comparison(small(), second)
    assert (first / HTML_FILE).read_bytes() == (second / HTML_FILE).read_bytes()
