"""The preview page of a budget book (予算書): where the money goes, 款 → 項 → 目.

The page shows the totals by account (会計) and direction (歳入/歳出), a zoomable
treemap of each account's revenue or expenditure (款, then 項, then 目; a breadcrumb
leads back up), the largest lines with their path of names, a calculator that shares an
annual tax out by 款 per day, the totals of each amount kind, the editorial notes and
the files. Every figure is a total of the model (:mod:`nerima_opendata.model.totals`).

The page works offline and without JavaScript: the script and the style are inline
(:mod:`.book_script`), the tree of totals to 目 is embedded as JSON
(``<script type="application/json" id="book-data">``, escaped like the JSON-LD), and
without the script a nested table of the same totals stands in for the treemap. Lines
below 目 are not embedded (only the largest are listed), which keeps the page small.
"""

from __future__ import annotations

from collections.abc import Sequence

from nerima_opendata.model import Budget, BudgetLine, Classification, Direction
from nerima_opendata.model.tables import alias
from nerima_opendata.writers.html.book_data import (
    Node,
    page_data,
    primary_unit,
    signed_amount,
    views,
)
from nerima_opendata.writers.html.book_script import BOOK_JS
from nerima_opendata.writers.html.book_tables import amount_kinds, largest_lines, taxes_per_day
from nerima_opendata.writers.html.markup import e, section, table
from nerima_opendata.writers.html.page import footer, head, header
from nerima_opendata.writers.html.tables import downloads, notes

__all__ = ["book_sections", "to_book_html"]


def book_sections(budget: Budget) -> tuple[tuple[str, str, str], ...]:
    """The sections of a budget book's page: anchor, Japanese and English heading."""
    return (
        ("summary", "概要", "Summary"),
        ("treemap", "款・項・目の内訳", "Where the money goes"),
        ("lines", "大きな明細", "Largest lines"),
        ("taxes", "税金の使い道", "Your taxes per day"),
        *((("kinds", "金額種別", "Amount kinds"),) if len(budget.amount_kinds) > 1 else ()),
        ("notes", "編集注", "Editorial notes"),
        ("downloads", "ファイル", "Files"),
    )


def to_book_html(
    budget: Budget,
    files: Sequence[tuple[str, int | None]],
    publication_base: str | None = None,
) -> str:
    """Render the preview page of a budget book (see :func:`.write.to_html`).

    Args:
        budget: A budget book.
        files: The published files to link.
        publication_base: Where the files will be served, for the JSON-LD.

    Returns:
        The whole HTML document; the same input gives the same text.
    """
    trees = views(budget)
    body = "\n".join(
        part
        for part in (
            summary(budget, trees),
            treemap(budget, trees),
            largest_lines(budget, trees),
            taxes_per_day(budget, trees),
            amount_kinds(budget, trees),
            notes(budget),
            downloads(budget, files),
        )
        if part
    )
    return (
        head(budget, files, publication_base)
        + "<body>\n"
        + header(budget, book_sections(budget))
        + f"<main>\n{body}\n</main>\n"
        + footer(budget)
        + f'<script type="application/json" id="book-data">{page_data(budget, trees)}</script>\n'
        + f"<script>{BOOK_JS}</script>\n"
        + "</body>\n</html>\n"
    )


def _unit_note(budget: Budget) -> str:
    unit = primary_unit(budget)
    factor = f"出典の値×{unit.factor:,}で換算し、" if unit.factor != 1 else ""
    return (
        f'<p class="unit" data-unit="{e(unit.value)}">出典の金額の単位: <strong>'
        f"{e(unit.label_ja)}</strong>。このページの金額はすべて円で示します（{factor}億・万を添えて"
        f'表記）。<span class="en" lang="en">The source prints amounts in {e(unit.value)}; '
        "every amount on this page is in yen.</span></p>"
    )


def summary(budget: Budget, trees: tuple[Node, ...]) -> str:
    """The summary: counts, the source unit, and the totals by account and direction.

    Args:
        budget: The budget book.
        trees: Its views (the direction nodes with their totals).

    Returns:
        The ``<section id="summary">`` markup; each total cell carries ``data-node``
        (the direction's ID) and ``data-amount``.
    """
    digest = budget.digest()
    accounts = [c for c in digest.upper if c.depth == 0]
    cells: dict[tuple[str, str], Node] = {
        (tree.record.parent_id or "", tree.record.code): tree for tree in trees
    }
    rows = []
    for account in accounts:
        row = "".join(_total_cell(cells.get((account.id, d.value))) for d in Direction)
        rows.append(
            f'<tr data-account="{e(account.id)}"><th scope="row">{e(account.name)}</th>{row}</tr>'
        )
    if len(accounts) > 1:
        sums = [sum(t.total for t in trees if t.record.code == d.value) for d in Direction]
        rows.append(
            '<tr class="depth-2"><th scope="row">合計（全会計） <span lang="en">All accounts'
            "</span></th>"
            + "".join(f'<td class="num">{e(signed_amount(s))}<br>{s:,}円</td>' for s in sums)
            + "</tr>"
        )
    columns = [("会計", "Account"), *((d.label_ja, d.value.title()) for d in Direction)]
    counts = (
        f"<p>会計{len(accounts)}件 · 分類{digest.classification_count:,}件 · "
        f"予算明細{digest.line_count:,}件 · 金額種別{len(budget.amount_kinds)}件 "
        f'<span lang="en">({len(accounts)} accounts, {digest.classification_count:,} '
        f"classifications, {digest.line_count:,} lines)</span></p>"
    )
    return section(
        "summary",
        "概要",
        "Summary",
        counts
        + _unit_note(budget)
        + '<h3>会計・歳入歳出ごとの合計 <span class="en" lang="en">Totals by account and '
        "direction</span></h3>" + table(columns, f"<tbody>{''.join(rows)}</tbody>", (1, 2)),
    )


def _total_cell(node: Node | None) -> str:
    if node is None:
        return '<td class="num">—</td>'
    return (
        f'<td class="num" data-node="{e(node.record.id)}" data-amount="{node.total}">'
        f"{e(signed_amount(node.total))}<br>{node.total:,}円</td>"
    )


def treemap(budget: Budget, trees: tuple[Node, ...]) -> str:
    """The treemap (drawn by the script) and the nested table of totals it enhances.

    Args:
        budget: The budget book.
        trees: Its views.

    Returns:
        The ``<section id="treemap">`` markup: the treemap's box (``hidden`` until the
        script draws it) and a ``<details id="totals-table">`` (open) with one table a
        view, a row a 款, 項 and 目 carrying ``data-node`` and ``data-amount``.
    """
    tables = "".join(_totals_table(tree) for tree in trees)
    return section(
        "treemap",
        "款・項・目の内訳",
        "Where the money goes",
        "<p>面積が金額に比例する図（ツリーマップ）。款を選ぶとその項に、項を選ぶとその目に"
        "拡大します。上の経路（パンくず）で戻れます。構成比は一つ上の分類に占める割合。"
        '<span class="en" lang="en">Tile areas are proportional to amounts. Choose a chapter '
        "(款) to zoom into its sections (項), then items (目); the breadcrumb leads back. "
        "Shares are of the level above.</span></p>"
        '<div id="treemap-app" hidden>'
        '<div id="treemap-views" class="views" role="group" aria-label="会計・歳入歳出 '
        'Account and direction"></div>'
        '<nav class="crumbs" aria-label="現在の位置 Breadcrumb"><ol id="treemap-crumbs"></ol></nav>'
        '<p id="treemap-caption" aria-live="polite"></p>'
        '<div id="treemap-tiles" class="treemap"></div></div>'
        '<details id="totals-table" class="totals" open><summary>款・項・目の合計（表） '
        f'<span lang="en">Totals as a table</span></summary>{tables}</details>',
    )


def _totals_table(tree: Node) -> str:
    rows = "".join(
        f'<tr id="node-{e(n.record.id)}" class="depth-{n.record.depth}" '
        f'data-node="{e(n.record.id)}" data-amount="{n.total}">'
        f'<th scope="row">{e(n.record.level)} {e(n.record.code)} {e(n.name)}</th>'
        f'<td class="num">{e(signed_amount(n.total))}</td>'
        f'<td class="num">{n.total:,}円</td><td class="num">{n.share}</td></tr>'
        for n in tree.walk()
    )
    columns = [
        (alias(Classification, "name"), "Classification"),
        (alias(BudgetLine, "amount"), "Amount"),
        ("円", "Yen"),
        ("構成比", "Share of the level above"),
    ]
    return (
        f'<h3 id="view-{e(tree.record.id)}">{e(tree.name)} {e(signed_amount(tree.total))} '
        f'<span class="en" lang="en">{tree.total:,} yen</span></h3>'
        + table(columns, f"<tbody>{''.join(rows)}</tbody>", (1, 2, 3))
    )
