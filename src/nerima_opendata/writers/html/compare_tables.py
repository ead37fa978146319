"""The sections of a comparison's page: the change by 款 (a table and a chart per
account and direction), the largest increases and decreases, the new and abolished
lines, the possible renamings and the files.

Rows carry ``data-*`` attributes (``data-node``, ``data-line``, ``data-before``,
``data-after``, ``data-change``, ``data-status``, ``data-file``, ``data-bytes``) so that
tests compare what is shown with the model. Column headings are the model's aliases.
"""

from __future__ import annotations

from collections.abc import Sequence

from nerima_opendata.model.change import ChangeStatus, LineChange, NodeChange, Renaming
from nerima_opendata.model.columns import alias
from nerima_opendata.model.compare import Comparison
from nerima_opendata.writers.datapackage import FileEntry
from nerima_opendata.writers.formats import DESCRIPTOR, HTML_FILE
from nerima_opendata.writers.html.book_data import PATH_SEPARATOR, signed_amount
from nerima_opendata.writers.html.compare_chart import Change, change_chart
from nerima_opendata.writers.html.compare_data import (
    View,
    largest_changes,
    node_name,
    path_names,
    rate_text,
    signed_change,
    signed_yen,
)
from nerima_opendata.writers.html.markup import e, section, table
from nerima_opendata.writers.html.tables import FileRow, file_list

__all__ = ["amount_cells", "files", "kan_changes", "largest", "renamings", "statuses"]

_CHANGE_COLUMNS = [
    (alias(NodeChange, "amount_before"), "Before"),
    (alias(NodeChange, "amount_after"), "After"),
    (alias(NodeChange, "change"), "Change"),
    (alias(NodeChange, "change_rate"), "Change (%)"),
    (alias(NodeChange, "status"), "Status"),
]


def _label(index: int) -> str:
    """The ``data-label`` of a change column's cell (shown on narrow screens)."""
    ja, en = _CHANGE_COLUMNS[index]
    return f' data-label="{e(ja)} {e(en)}"'


def _amount(amount: int | None, index: int) -> str:
    if amount is None:
        return f'<td class="num"{_label(index)}>—</td>'
    return f'<td class="num"{_label(index)}>{e(signed_amount(amount))}<br>{amount:,}円</td>'


def amount_cells(change: NodeChange | LineChange) -> str:
    """The cells before, after, change, rate and status of a change."""
    status = change.status
    return (
        _amount(change.amount_before, 0)
        + _amount(change.amount_after, 1)
        + f'<td class="num change"{_label(2)}>{e(signed_change(change.change))}<br>'
        f"{e(signed_yen(change.change))}</td>"
        f'<td class="num"{_label(3)}>{e(rate_text(change.change_rate))}</td>'
        f'<td class="status {status.value}"{_label(4)}>{e(status.label_ja)} '
        f'<span lang="en">{e(status.value)}</span></td>'
    )


def _data(change: NodeChange | LineChange) -> str:
    before = "" if change.amount_before is None else change.amount_before
    after = "" if change.amount_after is None else change.amount_after
    return (
        f' data-before="{before}" data-after="{after}" data-change="{change.change}"'
        f' data-status="{change.status.value}"'
    )


def _bar(node: NodeChange) -> Change:
    return Change(
        label=f"{node.code} {node_name(node)}",
        change=node.change,
        text=f"{signed_change(node.change)}（{rate_text(node.change_rate)}）",
        data=(("node", node.id), ("change", str(node.change))),
    )


def _view(view: View, index: int) -> str:
    rows = "".join(
        f'<tr data-node="{e(kan.id)}"{_data(kan)}><th scope="row">{e(kan.code)} '
        f"{e(node_name(kan))}</th>{amount_cells(kan)}</tr>"
        for kan in view.kan
    )
    total = (
        f'<tr class="depth-1" data-node="{e(view.node.id)}"{_data(view.node)}>'
        f'<th scope="row">合計 <span lang="en">Total</span></th>{amount_cells(view.node)}</tr>'
    )
    chart = change_chart(
        f"chart-kan-{index}",
        f"{view.label} 款ごとの増減 / Change by chapter (款)",
        "款ごとの増減額。軸の右が増額、左が減額（斜線）。各行に符号と増額・減額を記す。 "
        "The change of each chapter: increases right of the axis, decreases left of it "
        "(hatched); each row states its sign.",
        [_bar(kan) for kan in view.kan],
    )
    columns = [("款", "Chapter"), *_CHANGE_COLUMNS]
    return (
        f'<h3 id="view-{e(view.node.id)}">{e(view.label)} '
        f'<span class="en" lang="en">{e(signed_change(view.node.change))} '
        f"({e(rate_text(view.node.change_rate))})</span></h3>"
        f'<figure><figcaption>{e(view.label)} 款ごとの増減額 <span class="en" lang="en">'
        f'Change by chapter</span></figcaption><div class="chart-box">{chart}</div></figure>'
        + table(columns, f"<tbody>{rows}{total}</tbody>", (1, 2, 3, 4))
    )


def kan_changes(views: Sequence[View]) -> str:
    """The change by 款 of each account's revenue or expenditure: a chart and a table.

    Args:
        views: The comparison's views (:func:`.compare_data.views`).

    Returns:
        The ``<section id="kan">`` markup; each 款's row carries ``data-node``,
        ``data-before``, ``data-after``, ``data-change`` and ``data-status``.
    """
    body = "".join(_view(view, index) for index, view in enumerate(views, start=1))
    return section(
        "kan",
        "款ごとの増減",
        "Change by chapter (款)",
        "<p>款ごとの比較元・比較先の金額と増減。新規・廃止の款は、ない側を0として増減を示します。"
        '<span class="en" lang="en">Each chapter before and after, and its change; a new or '
        "abolished chapter counts as 0 on the side it is absent from.</span></p>"
        + (body or '<p>款がありません。 <span lang="en">No chapters.</span></p>'),
    )


def _line_row(comparison: Comparison, rank: int, line: LineChange) -> str:
    path = PATH_SEPARATOR.join(path_names(comparison, line.classification_id))
    return (
        f'<tr data-line="{e(line.id)}"{_data(line)}><td class="num">{rank}</td>'
        f"<td>{e(path or line.name)}</td><td>{e(line.department_name or '—')}</td>"
        f"{amount_cells(line)}</tr>"
    )


def largest(comparison: Comparison, increases: bool) -> str:
    """The lines with the largest increases, or decreases, in yen (ties by line ID).

    Args:
        comparison: The comparison.
        increases: Which of the two sections.

    Returns:
        The ``<section id="increases">`` or ``<section id="decreases">`` markup; each
        row carries ``data-line`` and the amounts.
    """
    lines = largest_changes(comparison, increases)
    rows = "".join(_line_row(comparison, rank, ln) for rank, ln in enumerate(lines, start=1))
    word, en = ("増額", "increases") if increases else ("減額", "decreases")
    columns = [
        ("順位", "Rank"),
        ("款 › 項 › 目 › …", "Classification path"),
        (alias(LineChange, "department_name"), "Department"),
        *_CHANGE_COLUMNS,
    ]
    return section(
        en,
        f"{word}の大きい明細（上位{len(lines)}件）",
        f"The {len(lines)} largest {en}",
        f"<p>増減額（円）の{'大きい' if increases else '小さい'}順。同額は明細IDの順。"
        f"{'新規' if increases else '廃止'}の明細を含みます。"
        f'<span class="en" lang="en">By the change in yen; ties by line ID. '
        f"{'New' if increases else 'Abolished'} lines are included.</span></p>"
        + (
            table(columns, f"<tbody>{rows}</tbody>", (0, 3, 4, 5, 6))
            if rows
            else '<p>該当する明細はありません。 <span lang="en">None.</span></p>'
        ),
    )


def statuses(comparison: Comparison) -> str:
    """The number of lines of each status (new, abolished, …) and their amounts.

    Args:
        comparison: The comparison.

    Returns:
        The ``<section id="status">`` markup; each row carries ``data-status``,
        ``data-count``, ``data-before`` and ``data-after``.
    """
    rows = []
    for status in ChangeStatus:
        lines = [line for line in comparison.lines if line.status is status]
        before = sum(line.amount_before or 0 for line in lines)
        after = sum(line.amount_after or 0 for line in lines)
        rows.append(
            f'<tr data-status="{status.value}" data-count="{len(lines)}" '
            f'data-before="{before}" data-after="{after}"><th scope="row">'
            f'{e(status.label_ja)} <span lang="en">{e(status.value)}</span></th>'
            f'<td class="num">{len(lines):,}</td>{_amount(before, 0)}{_amount(after, 1)}</tr>'
        )
    columns = [
        (alias(LineChange, "status"), "Status"),
        ("明細数", "Lines"),
        (alias(LineChange, "amount_before"), "Before"),
        (alias(LineChange, "amount_after"), "After"),
    ]
    return section(
        "status",
        "新規・廃止の明細",
        "New and abolished lines",
        "<p>明細はIDで対応づけます。比較先にだけある明細が新規、比較元にだけある明細が廃止です。"
        '<span class="en" lang="en">Lines are matched by their ID: a line only after is new, '
        "a line only before is abolished.</span></p>"
        + table(columns, f"<tbody>{''.join(rows)}</tbody>", (1, 2, 3)),
    )


def _renaming_row(renaming: Renaming) -> str:
    return (
        f'<tr class="inferred" data-renaming="{e(renaming.id)}" data-kind="'
        f'{e(renaming.kind.value)}"><td><span class="certainty inferred">推定 '
        f'<span lang="en">inferred</span></span></td><td>{e(renaming.kind.value)}</td>'
        f'<td class="id">{e(renaming.before_id)}</td><td>{e(renaming.name_before)}</td>'
        f'<td class="id">{e(renaming.after_id)}</td><td>{e(renaming.name_after)}</td></tr>'
    )


def renamings(comparison: Comparison) -> str:
    """The possible renamings, each marked 推定 (inferred).

    Args:
        comparison: The comparison.

    Returns:
        The ``<section id="renamings">`` markup; each row carries ``data-renaming``.
    """
    rows = "".join(_renaming_row(r) for r in comparison.renamings)
    columns = [
        (alias(Renaming, "certainty"), "Certainty"),
        (alias(Renaming, "kind"), "Kind"),
        (alias(Renaming, "before_id"), "Before"),
        (alias(Renaming, "name_before"), "Name before"),
        (alias(Renaming, "after_id"), "After"),
        (alias(Renaming, "name_after"), "Name after"),
    ]
    return section(
        "renamings",
        "名称・コードの変更（推定）",
        "Possible renamings (inferred)",
        '<p class="callout">コードが変わり名称が同じ分類、またはコードが同じで名称が変わった分類です。'
        "推定であり、対応づけには使っていません（増減は別々の分類として計算）。"
        '<span class="en" lang="en">Nodes whose code changed under the same name, or whose '
        "name changed under the same code. These are inferences for a reader to confirm; "
        "the changes above keep the two codes apart.</span></p>"
        + (
            table(columns, f"<tbody>{rows}</tbody>")
            if rows
            else '<p>該当はありません。 <span lang="en">None found.</span></p>'
        ),
    )


def files(entries: Sequence[FileEntry]) -> str:
    """The files of the publication, with their size; the descriptor without one (it is
    written after the page).

    Args:
        entries: The files written before the page.

    Returns:
        The ``<section id="downloads">`` markup; each row carries ``data-file`` and,
        when the size is known, ``data-bytes``.
    """
    rows = [
        FileRow(f.path, *_title(f.title), f.format, f.mediatype, f.bytes)
        for f in entries
        if f.path != HTML_FILE
    ]
    if DESCRIPTOR not in {f.path for f in entries}:
        rows.append(
            FileRow(
                DESCRIPTOR,
                "データパッケージ記述子",
                "Data Package descriptor",
                "json",
                "application/json",
                None,
            )
        )
    return file_list(rows)


def _title(title: str) -> tuple[str, str]:
    """A ``ja / en`` title as its two parts."""
    ja, _, en = title.partition(" / ")
    return ja, en
