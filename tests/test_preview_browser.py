"""The preview page in a real headless Chromium, served by a local HTTP server.

Debian's Chromium (``/usr/bin/chromium``; ``scripts/services/browser.sh install``) is
driven by the Python ``playwright`` package through ``executable_path``; Playwright's
own browser download is never used. The publication is served from a threaded
``http.server`` on 127.0.0.1, and every request the page makes is recorded.

Without Chromium (or playwright) the tests are skipped, unless
``NERIMA_REQUIRE_SERVICES=1`` (set by ``scripts/test.sh``), which makes them fail. A
full-page screenshot is saved as ``test-artifacts/preview.png`` (and a narrow one as
``preview-mobile.png``) under the repository root.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

import pytest

from nerima_opendata import build_publication, format_amount
from nerima_opendata.model import Budget
from nerima_opendata.writers.datapackage import LICENSE
from nerima_opendata.writers.html.write import HTML_FILE, write_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("NERIMA_CHROMIUM", "/usr/bin/chromium"))
#: Flags for Chromium as root on this kind of machine (shared/CONVENTIONS.md): no
#: sandbox, no GPU, and none of the background connections Chromium makes by itself.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Fonts that draw Japanese; a page rendered in anything else shows empty boxes.
CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "IPAPGothic", "IPAGothic", "IPAexGothic")


def _unavailable(reason: str) -> None:
    """Skip, or fail when the environment requires the real services."""
    if os.environ.get("NERIMA_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (NERIMA_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the publication directory, quietly."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


def require_browser() -> None:
    """Chromium and the playwright package, or a skip (a failure in CI)."""
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}: run `bash scripts/services/browser.sh install`")
    if importlib.util.find_spec("playwright") is None:
        _unavailable("the playwright package is not installed (the test extra)")


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve a directory on 127.0.0.1 while the block runs; yields its base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="page-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def headless_chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, while the block runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=FLAGS
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass(frozen=True)
class Site:
    """The publication served on 127.0.0.1."""

    url: str
    directory: Path
    budget: Budget
    files: tuple[tuple[str, int], ...]


@dataclass
class Visit:
    """One page load: what the browser asked for and what it complained about."""

    page: Page
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def chromium() -> Path:
    """Debian's Chromium and the playwright package, or a skip (a failure in CI)."""
    require_browser()
    return CHROMIUM


@pytest.fixture(scope="module")
def site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the publication (with its page) and serve it from a local server."""
    out = tmp_path_factory.mktemp("preview") / "out"
    result = build_publication(out)
    budget = result.budget
    if not (out / HTML_FILE).exists():  # until build writes the page itself
        write_html(budget, out, list(result.files))
    with serving(out) as url:
        yield Site(url, out, budget, result.files)


@pytest.fixture(scope="module")
def browser(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with a fresh profile."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
            locale="ja-JP",
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def visit(browser: BrowserContext, site: Site) -> Iterator[Visit]:
    """Load the page once, recording every request, console error and page error."""
    page = browser.new_page()
    seen = Visit(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("requestfailed", lambda request: seen.failed.append(request.url))
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            seen.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    response = page.goto(site.url + HTML_FILE, wait_until="networkidle")
    assert response is not None
    assert response.status == 200
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview.png"), full_page=True)
    try:
        yield seen
    finally:
        page.close()


def test_page_loads_cleanly_and_only_from_the_local_server(visit: Visit, site: Site) -> None:
    assert visit.console_errors == []
    assert visit.page_errors == []
    assert visit.failed == []
    assert visit.requests, "the browser made no request at all"
    foreign = [u for u in visit.requests if not u.startswith((site.url, "data:"))]
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_total_shown_equals_the_data(visit: Visit, site: Site) -> None:
    total = site.budget.total
    box = visit.page.locator("[data-total]")
    assert box.count() == 1
    assert box.get_attribute("data-total") == str(total)
    shown = box.inner_text()
    assert format_amount(total) in shown
    assert f"{total:,}円" in shown
    assert f"{len(site.budget.projects)}" in shown
    assert "一般会計の総額ではありません" in shown


def test_pillar_figures_shown_equal_the_data(visit: Visit, site: Site) -> None:
    totals = site.budget.totals_by_pillar()
    cards = visit.page.locator(".card[data-pillar]")
    assert cards.count() == len(site.budget.pillars)
    seen = {}
    for index in range(cards.count()):
        card = cards.nth(index)
        pillar = card.get_attribute("data-pillar")
        amount = card.get_attribute("data-amount")
        assert pillar is not None
        assert amount is not None
        seen[pillar] = int(amount)
        text = card.inner_text()
        assert format_amount(totals[pillar]) in text
        assert f"{totals[pillar]:,}円" in text
        assert f"{totals[pillar] * 100 / site.budget.total:.1f}%" in text
    assert seen == totals


def test_project_table_shows_each_amount_as_in_the_data(visit: Visit, site: Site) -> None:
    rows = visit.page.locator("tr[data-project]")
    assert rows.count() == len(site.budget.projects)
    for project in site.budget.projects:
        row = visit.page.locator(f'tr[data-project="{project.id}"]')
        assert row.get_attribute("data-amount") == str(project.amount)
        cells = row.locator("td").all_inner_texts()
        assert project.amount_printed in cells, (project.id, cells)
        assert any(cell.replace(",", "").startswith(str(project.amount)) for cell in cells), cells
        shown = [int(c) for c in cells if c.isdigit()]  # the initiative count
        assert shown == [sum(1 for _ in site.budget.initiatives_in(project.id))]


def test_initiative_table_shows_each_tag_as_in_the_data(visit: Visit, site: Site) -> None:
    labels = {t.id: t.label for t in site.budget.tags}
    rows = visit.page.locator("tr[data-initiative]")
    assert rows.count() == len(site.budget.initiatives)
    for initiative in site.budget.initiatives:
        row = visit.page.locator(f'tr[data-initiative="{initiative.id}"]')
        badges = row.locator("[data-tag]")
        shown = [badges.nth(i).get_attribute("data-tag") for i in range(badges.count())]
        assert shown == list(initiative.tags), initiative.id
        texts = [badges.nth(i).inner_text() for i in range(badges.count())]
        assert texts == [labels[tag] for tag in initiative.tags], initiative.id
        assert initiative.text in row.inner_text()


def test_every_link_resolves_on_the_local_server(visit: Visit, site: Site) -> None:
    hrefs: list[str] = visit.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert hrefs
    local = sorted({urldefrag(h).url for h in hrefs if h.startswith(site.url)})
    external = {h for h in hrefs if not h.startswith(site.url)}
    allowed = {LICENSE["path"]} | ({site.budget.info.source_url} - {None})
    assert external <= allowed, f"links out of the publication: {external - allowed}"
    for url in local:
        with urllib.request.urlopen(url, timeout=10) as answer:  # local server only
            assert answer.status == 200, url
            answer.read()
    linked = {urlsplit(u).path.lstrip("/") for u in local}
    expected = {name for name, _ in site.files if name != HTML_FILE} | {"datapackage.json"}
    assert expected <= linked
    for name in linked - {""}:
        assert (site.directory / name).is_file(), name
    fragments = {urldefrag(h).fragment for h in hrefs if urldefrag(h).fragment}
    for fragment in fragments:
        assert visit.page.locator(f"[id='{fragment}']").count() == 1, fragment


def test_a_missing_file_is_a_404(site: Site) -> None:
    # The link check above would be meaningless if the server answered 200 to anything.
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(site.url + "no-such-file.csv", timeout=10)
    assert caught.value.code == 404
    caught.value.close()


def test_charts_have_one_bar_per_pillar_and_project(visit: Visit, site: Site) -> None:
    budget = site.budget
    page = visit.page
    for chart in ("#chart-pillars", "#chart-projects"):
        svg = page.locator(f"svg{chart}")
        assert svg.is_visible()
        assert page.locator(f"{chart} > title").count() == 1
        assert page.locator(f"{chart} > desc").count() == 1
    pillar_bars = page.locator("#chart-pillars rect.bar")
    assert [
        pillar_bars.nth(i).get_attribute("data-pillar") for i in range(pillar_bars.count())
    ] == [p.id for p in budget.pillars]
    project_bars = page.locator("#chart-projects rect.bar")
    assert project_bars.count() == len(budget.projects)
    shown = {
        project_bars.nth(i).get_attribute("data-project"): project_bars.nth(i).get_attribute(
            "data-amount"
        )
        for i in range(project_bars.count())
    }
    assert shown == {p.id: str(p.amount) for p in budget.projects}
    # Bars are drawn to scale: the widest belongs to the largest amount.
    widths = [
        (float(pillar_bars.nth(i).get_attribute("width") or 0), budget.pillars[i].id)
        for i in range(pillar_bars.count())
    ]
    totals = budget.totals_by_pillar()
    assert max(widths)[1] == max(totals, key=lambda k: totals[k])
    for width, pillar in widths:
        box = page.locator(f"#chart-pillars rect.bar[data-pillar='{pillar}']").bounding_box()
        assert box is not None
        assert box["width"] > 0
        assert width > 0


def test_japanese_is_drawn_with_a_cjk_font(visit: Visit, browser: BrowserContext) -> None:
    """Ask Chromium which font actually drew the heading (boxes mean no CJK font)."""
    session = browser.new_cdp_session(visit.page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        session.detach()
    families = {f["familyName"] for f in fonts}
    assert families & set(CJK_FONTS), f"Japanese drawn with {families}: install a CJK font"


def test_narrow_screen_does_not_scroll_sideways(browser: BrowserContext, site: Site) -> None:
    page = browser.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(site.url + HTML_FILE, wait_until="networkidle")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.screenshot(path=str(ARTIFACTS / "preview-mobile.png"), full_page=True)
    finally:
        page.close()
    assert overflow <= 0
