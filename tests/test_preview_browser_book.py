"""The budget book's preview page in a real headless Chromium, against the model.

Tama's FY2021 budget (``tests/data/real/tama_r3_spendingjp.csv``, 1,580 lines) is
built into a publication and served from 127.0.0.1, as in
:mod:`tests.test_preview_browser`: the treemap shows a tile per 款 with the model's
totals, zooms into 項 and 目 and back, the taxes-per-day calculator gives the yen
computed here with integers, the page works without JavaScript, makes no request
elsewhere and logs no error. Screenshots go to ``test-artifacts/book-preview*.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from nerima_opendata.model import Budget, node_totals, totals_at_depth
from nerima_opendata.model.amounts import format_amount
from nerima_opendata.publication.build import build
from nerima_opendata.writers.html.write import HTML_FILE
from tests.test_html_book import tama
from tests.test_preview_browser import ARTIFACTS, headless_chromium, require_browser, serving

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


@dataclass
class Visit:
    """The page, and what the browser asked for and complained about while on it."""

    page: Page
    url: str
    budget: Budget
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Tama's publication, built and served on 127.0.0.1; yields the page's URL."""
    require_browser()
    out = tmp_path_factory.mktemp("book-preview") / "out"
    build(tama(), out)
    with serving(out) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(served: str) -> Iterator[Browser]:
    """Debian's Chromium, headless; each test's context is a fresh profile."""
    with headless_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    context.set_default_timeout(30_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def visit(browser: BrowserContext, served: str) -> Iterator[Visit]:
    """A fresh load of the page, recording requests and errors."""
    page = browser.new_page()
    seen = Visit(page, served, tama())
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


def tiles(page: Page) -> dict[str, int]:
    """The tiles of the treemap: node ID → amount."""
    found: dict[str, int] = {}
    boxes = page.locator("#treemap-tiles .tile")
    for i in range(boxes.count()):
        tile = boxes.nth(i)
        found[tile.get_attribute("data-node") or ""] = int(tile.get_attribute("data-amount") or 0)
    return found


def children(budget: Budget, node: str) -> dict[str, int]:
    """The model's totals of a node's children (positive ones: the tiles drawn)."""
    parent = {c.id: c.parent_id for c in budget.classifications}
    return {k: v for k, v in node_totals(budget).items() if parent.get(k) == node and v > 0}


def check_tiles(page: Page, expected: dict[str, int], parent_total: int) -> None:
    """Each tile's amount, printed amount and share, and its area in proportion."""
    assert tiles(page) == expected
    areas = {}
    for node, amount in expected.items():
        tile = page.locator(f"#treemap-tiles .tile[data-node='{node}']")
        text = tile.inner_text()
        assert format_amount(amount) in text, node
        assert f"{amount * 100 / parent_total:.1f}%" in text, node
        box = tile.bounding_box()
        assert box is not None
        areas[node] = box["width"] * box["height"]
    largest = max(expected, key=lambda k: expected[k])
    for node, amount in expected.items():
        # Areas are proportional to amounts (borders make small tiles a little off).
        ratio = areas[node] / areas[largest] - amount / expected[largest]
        assert abs(ratio) < 0.02, (node, ratio)


def test_page_loads_cleanly_and_only_from_the_local_server(visit: Visit) -> None:
    assert visit.errors == []
    foreign = [u for u in visit.requests if not u.startswith((visit.url, "data:"))]
    assert foreign == []
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "book-preview.png"), full_page=True)


def test_treemap_shows_a_tile_per_kan_and_zooms_to_kou_and_moku(visit: Visit) -> None:
    page, budget = visit.page, visit.budget
    assert page.locator("#treemap-app").is_visible()
    assert not page.locator("#totals-table").evaluate("d => d.open")
    kan = totals_at_depth(budget, 2)
    check_tiles(page, {k: v for k, v in kan.items() if v > 0}, budget.total)
    largest = max(kan, key=lambda k: kan[k])
    page.locator(f"#treemap-tiles .tile[data-node='{largest}']").click()
    check_tiles(page, children(budget, largest), kan[largest])
    crumbs = page.locator("#treemap-crumbs li")
    assert crumbs.all_inner_texts() == ["一般会計 歳出", budget_name(budget, largest)]
    kou = children(budget, largest)
    biggest = max(kou, key=lambda k: kou[k])
    page.locator(f"#treemap-tiles .tile[data-node='{biggest}']").click()
    check_tiles(page, children(budget, biggest), kou[biggest])
    assert page.locator("#treemap-tiles button.tile").count() == 0  # 目 is the last level
    page.locator("#treemap-crumbs button").first.click()
    assert tiles(page) == {k: v for k, v in kan.items() if v > 0}
    assert visit.errors == []


def budget_name(budget: Budget, node: str) -> str:
    return next(c.name for c in budget.classifications if c.id == node)


def test_treemap_works_with_the_keyboard(visit: Visit) -> None:
    page, budget = visit.page, visit.budget
    first = page.locator("#treemap-tiles button.tile").first
    node = first.get_attribute("data-node") or ""
    first.focus()
    page.keyboard.press("Enter")
    assert tiles(page) == children(budget, node)
    focused = page.evaluate("document.activeElement.dataset.node")
    assert focused in children(budget, node)  # focus moves into the zoomed level


def per_day_tenths(tax: int, amount: int, total: int, days: int) -> int:
    """tax × amount / total / days in tenths of a yen, rounded half up, in integers."""
    return (2 * tax * amount * 10 + total * days) // (2 * total * days)


@pytest.mark.parametrize("tax", [100_000, 1_234_567, 7])
def test_taxes_per_day_give_the_expected_yen(visit: Visit, tax: int) -> None:
    page, budget = visit.page, visit.budget
    page.fill("#tax-input", f"{tax:,}")
    kan = {k: v for k, v in totals_at_depth(budget, 2).items() if v > 0}
    days = 365  # 2021-04-01 to 2022-03-31
    rows = page.locator("#tax-table tr[data-node]")
    assert rows.count() == len(kan)
    for i in range(rows.count()):
        row = rows.nth(i)
        node = row.get_attribute("data-node") or ""
        tenths = per_day_tenths(tax, kan[node], budget.total, days)
        shown = row.locator(".per-day").inner_text()
        assert shown == f"{tenths // 10:,}.{tenths % 10}円", node
        year = (2 * tax * kan[node] + budget.total) // (2 * budget.total)
        assert row.locator(".per-year").inner_text() == f"{year:,}円", node
    whole = (2 * tax * 10 + days) // (2 * days)
    assert f"{whole // 10:,}.{whole % 10}円" in page.locator("#tax-message").inner_text()
    page.fill("#tax-input", "abc")
    assert "整数" in page.locator("#tax-message").inner_text()
    assert visit.errors == []


def test_without_javascript_the_tables_stand_in(chromium: Browser, served: str) -> None:
    context = chromium.new_context(java_script_enabled=False, locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(served + HTML_FILE)
        assert not page.locator("#treemap-app").is_visible()
        assert not page.locator("#tax-form").is_visible()
        assert page.locator("#totals-table").evaluate("d => d.open")
        rows = page.locator("#totals-table tr[data-node]")
        assert rows.count() > 100
        assert rows.first.is_visible()
        assert "JavaScriptが必要" in page.locator("#taxes").inner_text()
        page.screenshot(path=str(ARTIFACTS / "book-preview-noscript.png"), full_page=True)
    finally:
        context.close()


def test_narrow_screen_does_not_scroll_sideways(visit: Visit) -> None:
    page = visit.page
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.screenshot(path=str(ARTIFACTS / "book-preview-mobile.png"), full_page=True)
    assert overflow <= 0
