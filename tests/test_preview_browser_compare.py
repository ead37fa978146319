"""The comparison's page in a real headless Chromium, against the model.

Setagaya 2025 → 2026 (the general account, 現計予算額) is written as a comparison's
publication and served from 127.0.0.1, as in :mod:`tests.test_preview_browser`: the
change-by-款 table and chart show the model's figures, the largest increases and
decreases are listed in order, the page works without JavaScript, makes no request
elsewhere and logs no error. The screenshot goes to ``test-artifacts/compare-preview.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from nerima_opendata.model.amounts import format_amount
from nerima_opendata.model.compare import Comparison
from nerima_opendata.publication.compare_build import write_comparison
from nerima_opendata.writers.formats import HTML_FILE
from tests.test_html_compare import setagaya
from tests.test_preview_browser import ARTIFACTS, headless_chromium, require_browser, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


@dataclass
class Visit:
    """The page, and what the browser asked for and complained about while on it."""

    page: Page
    url: str
    comparison: Comparison
    scripted: bool
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Setagaya's comparison, written and served on 127.0.0.1; yields the base URL."""
    require_browser()
    out = tmp_path_factory.mktemp("compare-preview") / "out"
    write_comparison(setagaya(), out)
    with serving(out) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(served: str) -> Iterator[Browser]:
    """Debian's Chromium, headless; each test's context is a fresh profile."""
    with headless_chromium() as launched:
        yield launched


@pytest.fixture(scope="module", params=[True, False], ids=["script", "no-script"])
def browser(
    chromium: Browser, request: pytest.FixtureRequest
) -> Iterator[tuple[BrowserContext, bool]]:
    """A context with JavaScript enabled, then one without (the page needs none)."""
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", java_script_enabled=request.param
    )
    context.set_default_timeout(30_000)
    try:
        yield context, request.param
    finally:
        context.close()


@pytest.fixture
def visit(browser: tuple[BrowserContext, bool], served: str) -> Iterator[Visit]:
    """A fresh load of the page, recording requests and errors."""
    context, scripted = browser
    page = context.new_page()
    seen = Visit(page, served, setagaya(), scripted)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("requestfailed", lambda request: seen.errors.append(f"failed: {request.url}"))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on(
        "console",
        lambda message: seen.errors.append(message.text) if message.type == "error" else None,
    )
    response = page.goto(served + HTML_FILE, wait_until="networkidle")
    assert response is not None
    assert response.status == 200
    try:
        yield seen
    finally:
        page.close()


def test_page_loads_cleanly_and_only_from_the_local_server(visit: Visit) -> None:
    assert visit.errors == []
    foreign = [u for u in visit.requests if not u.startswith((visit.url, "data:"))]
    assert foreign == []
    ARTIFACTS.mkdir(exist_ok=True)
    name = "compare-preview.png" if visit.scripted else "compare-preview-noscript.png"
    visit.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _signed(change: int) -> str:
    return ("+" if change > 0 else "−") + format_amount(abs(change))


def test_the_kan_table_shows_the_model_s_figures(visit: Visit) -> None:
    page, comparison = visit.page, visit.comparison
    kan = [n for n in comparison.nodes if n.depth == 2]
    assert len(kan) == 12  # 議会費 … 予備費
    rows = page.locator("#kan tr[data-node]")
    assert rows.count() == len(kan) + 1  # and the total
    for node in kan:
        row = page.locator(f"#kan tr[data-node='{node.id}']")
        assert row.is_visible(), node.id
        cells = row.locator("td").all_inner_texts()
        assert cells[0].split("\n")[1] == f"{node.amount_before:,}円", node.id
        assert cells[1].split("\n")[1] == f"{node.amount_after:,}円", node.id
        if node.change:
            assert cells[2].split("\n")[0] == _signed(node.change), node.id
        assert node.status.label_ja in cells[4], node.id
    total = page.locator("#kan tr[data-node='1-expenditure']").inner_text()
    assert "+317億3589万3000円" in total
    assert "+7.94%" in total


def test_the_chart_draws_each_kan_on_its_side_in_proportion(visit: Visit) -> None:
    page, comparison = visit.page, visit.comparison
    kan = {n.id: n.change for n in comparison.nodes if n.depth == 2}
    chart = page.locator("#kan svg.change-chart")
    assert chart.count() == 1
    assert chart.is_visible()
    axis = chart.locator("line.axis").bounding_box()
    assert axis is not None
    largest = max(abs(c) for c in kan.values())
    widths = {}
    for node, change in kan.items():
        bar = chart.locator(f"rect[data-node='{node}']")
        assert int(bar.get_attribute("data-change") or "x") == change
        box = bar.bounding_box()
        assert box is not None
        middle = axis["x"] + axis["width"] / 2
        if change > 0:
            assert box["x"] >= middle - 1, node
        elif change < 0:
            assert box["x"] + box["width"] <= middle + 1, node
        widths[node] = box["width"]
        label = bar.locator("xpath=..").locator("text").text_content() or ""
        assert (_signed(change) if change else "±0円") in label, node
        assert ("増額" if change > 0 else "減額" if change < 0 else "増減なし") in label
    scale = widths[max(kan, key=lambda k: abs(kan[k]))] / largest
    for node, change in kan.items():
        if abs(change) * scale > 4:  # below that the 2-pixel minimum shows a change
            assert abs(widths[node] - abs(change) * scale) <= 1.5, node


def test_the_largest_changes_are_listed_in_order(visit: Visit) -> None:
    page, comparison = visit.page, visit.comparison
    up = sorted((ln for ln in comparison.lines if ln.change > 0), key=lambda x: (-x.change, x.id))
    down = sorted((ln for ln in comparison.lines if ln.change < 0), key=lambda x: (x.change, x.id))
    for section, lines in (("increases", up[:20]), ("decreases", down[:20])):
        rows = page.locator(f"#{section} tr[data-line]")
        shown = [rows.nth(i).get_attribute("data-line") for i in range(rows.count())]
        assert shown == [ln.id for ln in lines], section
        first = rows.first.inner_text()
        assert _signed(lines[0].change) in first


def test_narrow_screen_does_not_scroll_sideways(visit: Visit) -> None:
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if visit.scripted:
        page.screenshot(path=str(ARTIFACTS / "compare-preview-mobile.png"), full_page=True)
    assert overflow <= 0
