"""The budget book page's table sections: the largest lines, the taxes-per-day
calculator and the totals of each amount kind.

Every figure is a model total (:mod:`.book_data`); rows carry ``data-*`` attributes
(``data-line``, ``data-node``, ``data-kind``, ``data-amount``) so that tests compare
what is shown with the model.
"""

from __future__ import annotations

from collections.abc import Mapping

from nerima_opendata.model import AmountKind, Budget, BudgetLine, Classification
from nerima_opendata.model.digest import view_of
from nerima_opendata.model.tables import alias
from nerima_opendata.writers.html.book_data import (
    PATH_SEPARATOR,
    TOP_LINES,
    Node,
    days_in_fiscal_year,
    path_names,
    signed_amount,
    tax_view,
    top_lines,
)
from nerima_opendata.writers.html.markup import e, section, share, table

__all__ = ["amount_kinds", "largest_lines", "taxes_per_day"]

_NUMERIC = ' class="num"'


def largest_lines(budget: Budget, trees: tuple[Node, ...]) -> str:
    """The largest lines by primary amount, with their path 款 › 項 › 目 › … and department.

    Args:
        budget: The budget book.
        trees: Its views, for each line's account, direction and their total.

    Returns:
        The ``<section id="lines">`` markup; each row carries ``data-line`` and
        ``data-amount``.
    """
    views = {tree.record.id: tree for tree in trees}
    rows = []
    for rank, line in enumerate(top_lines(budget), start=1):
        view = views[view_of(line.classification_id)]
        rows.append(
            f'<tr data-line="{e(line.id)}" data-amount="{line.amount}">'
            f'<td class="num">{rank}</td><td>{e(view.name)}</td>'
            f"<td>{e(PATH_SEPARATOR.join(path_names(budget, line.classification_id)))}</td>"
            f"<td>{e(line.department_name or '—')}</td>"
            f'<td class="num">{e(signed_amount(line.amount))}</td>'
            f'<td class="num">{line.amount:,}円</td>'
            f'<td class="num">{share(line.amount, view.total)}</td></tr>'
        )
    columns = [
        ("順位", "Rank"),
        ("会計・区分", "Account"),
        ("款 › 項 › 目 › …", "Classification path"),
        (alias(BudgetLine, "department_name"), "Department"),
        (alias(BudgetLine, "amount"), "Amount"),
        ("円", "Yen"),
        ("構成比", "Share"),
    ]
    lines = budget.digest().line_count
    count = min(TOP_LINES, lines)
    return section(
        "lines",
        f"金額の大きい明細（上位{count}件）",
        f"The {count} largest lines",
        f"<p>予算明細{lines:,}件のうち、金額の大きい{count}件。構成比はその会計の"
        "歳入または歳出の合計に占める割合。"
        f'<span class="en" lang="en">The {count} largest of the {lines:,} lines; '
        "the share is of their account's revenue or expenditure.</span></p>"
        + table(columns, f"<tbody>{''.join(rows)}</tbody>", (0, 4, 5, 6)),
    )


def taxes_per_day(budget: Budget, trees: tuple[Node, ...]) -> str:
    """The calculator: an annual tax shared out by the 款 of the expenditure, per day.

    Args:
        budget: The budget book.
        trees: Its views; the first expenditure view with a positive total is used.

    Returns:
        The ``<section id="taxes">`` markup: the form (shown by the script), and a table
        of the 款 with ``data-node`` and ``data-amount``, whose per-year and per-day
        cells the script fills; a note for readers without JavaScript.
    """
    basis = tax_view(trees)
    title = ("あなたの税金の使い道（1日あたり）", "Your taxes per day")
    if basis is None:
        return section("taxes", *title, "<p>歳出の明細がないため計算できません。</p>")
    year = budget.info.fiscal_year
    days = days_in_fiscal_year(year)
    rows = "".join(
        f'<tr data-node="{e(kan.record.id)}" data-amount="{kan.total}"><th scope="row">'
        f'{e(kan.name)}</th><td class="num">{kan.share}</td>'
        '<td class="num per-year">—</td><td class="num per-day">—</td></tr>'
        for kan in basis.children
        if kan.total > 0
    )
    columns = [
        ("款", "Chapter"),
        ("構成比", "Share"),
        ("1年あたり", "Per year"),
        ("1日あたり", "Per day"),
    ]
    return section(
        "taxes",
        *title,
        f"<p>年間の税額（円）を入れると、{e(basis.name)}（{e(signed_amount(basis.total))}）の"
        f"款ごとの構成比で按分し、{year}年度の日数{days}日（{year}年4月1日〜{year + 1}年3月31日）"
        "で割った1日あたりの額を示します（1円未満は0.1円単位で四捨五入）。"
        f'<span class="en" lang="en">Enter your annual tax in yen: it is shared out by each '
        f"chapter's share of {e(basis.name)} and divided by the {days} days of the fiscal "
        "year.</span></p>"
        '<form id="tax-form" hidden><label for="tax-input">年間の税額（円） '
        '<span lang="en">Annual tax (yen)</span></label>'
        '<input id="tax-input" name="tax" type="text" inputmode="numeric" autocomplete="off" '
        'placeholder="例: 100000"><button type="submit">計算 <span lang="en">Calculate</span>'
        '</button></form><p id="tax-message" aria-live="polite"></p>'
        '<noscript><p class="callout">この計算にはJavaScriptが必要です。款ごとの構成比は下の表の'
        'とおりです。<span class="en" lang="en">The calculator needs JavaScript; the shares '
        "are in the table below.</span></p></noscript>"
        f'<div class="scroll"><table id="tax-table" class="stack" data-total="{basis.total}" '
        f'data-days="{days}"><thead><tr>'
        + "".join(
            f'<th scope="col"{_NUMERIC if i else ""}>{e(ja)} '
            f'<span class="en" lang="en">{e(en)}</span></th>'
            for i, (ja, en) in enumerate(columns)
        )
        + f"</tr></thead><tbody>{rows}</tbody></table></div>",
    )


def _kind_heading(kind: AmountKind) -> tuple[str, str]:
    primary = "（主金額）" if kind.primary else ""
    return (
        f"{kind.name}{primary}",
        f"{kind.stage.value}, {kind.unit.value}{' (primary)' if kind.primary else ''}",
    )


def amount_kinds(budget: Budget, trees: tuple[Node, ...]) -> str:
    """The totals of every amount kind, for each view and each of its 款.

    Args:
        budget: The budget book.
        trees: Its views.

    Returns:
        The ``<section id="kinds">`` markup, or ``""`` when the budget has one kind;
        each cell carries ``data-node``, ``data-kind`` and ``data-amount``.
    """
    if len(budget.amount_kinds) < 2:
        return ""
    kinds = sorted(budget.amount_kinds, key=lambda k: k.order)
    totals = {k.id: budget.digest().node_totals(k.id) for k in kinds}
    groups = []
    for tree in trees:
        rows = [
            _kinds_row(node, kinds, totals, depth)
            for node, depth in [(tree, 1), *((kan, 2) for kan in tree.children)]
        ]
        groups.append(f"<tbody>{''.join(rows)}</tbody>")
    listed = "".join(
        f"<li>{e(k.name)}: {e(k.stage.label_ja)}（{e(k.stage.value)}）· "
        f"{alias(AmountKind, 'unit')} {e(k.unit.label_ja)}"
        + (f" · {alias(AmountKind, 'primary')}" if k.primary else "")
        + "</li>"
        for k in kinds
    )
    columns = [(alias(Classification, "name"), "Classification"), *map(_kind_heading, kinds)]
    return section(
        "kinds",
        "金額種別ごとの合計",
        "Totals by amount kind",
        "<p>出典の金額列ごとの合計（会計・歳入歳出ごと、款ごと）。ツリーマップなどは主金額による。"
        '<span class="en" lang="en">The totals of each amount column of the source; the '
        f"treemap shows the primary amount.</span></p><ul>{listed}</ul>"
        + table(columns, "".join(groups), tuple(range(1, len(kinds) + 1))),
    )


def _kinds_row(
    node: Node, kinds: list[AmountKind], totals: dict[str, Mapping[str, int]], depth: int
) -> str:
    cells = "".join(
        f'<td class="num" data-node="{e(node.record.id)}" data-kind="{e(k.id)}"'
        + (
            f' data-amount="{totals[k.id][node.record.id]}">'
            f"{e(signed_amount(totals[k.id][node.record.id]))}</td>"
            if node.record.id in totals[k.id]
            else ">—</td>"
        )
        for k in kinds
    )
    return f'<tr class="depth-{depth}"><th scope="row">{e(node.name)}</th>{cells}</tr>'
