"""A diverging bar chart of changes, as inline SVG: increases to the right of the axis,
decreases to the left.

Increases and decreases are told apart by more than their colour: a decrease's bar lies
left of the axis and is hatched, and every row's text carries the sign (``+``/``−``) and
the word 増額 or 減額. Like :mod:`.svg`, the chart is an image for assistive technology
(``role="img"`` with a ``<title>`` and ``<desc>``), each bar has its own ``<title>``,
and the page's table holds the same figures as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["DECREASE", "INCREASE", "Change", "change_chart"]

#: Fill of an increase (blue) and of a decrease's hatching (orange); both have at least
#: 3:1 contrast on white.
INCREASE = "#1b6ca8"
DECREASE = "#b35806"

_WIDTH = 640
_AXIS = 320
_HALF = 300
_BAR_HEIGHT = 16
_ROW = 44
_LABEL = 16


@dataclass(frozen=True)
class Change:
    """One row of the chart.

    Attributes:
        label: The text above the bar (e.g. the 款's code and name).
        change: The change in yen; its sign sets the bar's side.
        text: The change as printed (sign, yen with 億・万, percent).
        data: ``data-*`` attributes of the bar, without the prefix.
    """

    label: str
    change: int
    text: str
    data: tuple[tuple[str, str], ...] = ()


def _attr(value: str | int) -> str:
    return escape(str(value), quote=True)


def _row(row: Change, y: int, longest: int, hatch: str) -> str:
    width = round(abs(row.change) * _HALF / longest) if longest else 0
    if row.change and width < 2:
        width = 2
    up = row.change > 0
    word = "増額" if up else "減額" if row.change < 0 else "増減なし"
    x = _AXIS if up else _AXIS - width
    kind = "increase" if up else "decrease" if row.change < 0 else "unchanged"
    fill = INCREASE if up else f"url(#{hatch})"
    data = "".join(f' data-{name}="{_attr(value)}"' for name, value in row.data)
    top = y + 6
    return (
        f'<g class="row {kind}"><title>{escape(row.label)}: {word} {escape(row.text)}</title>'
        f'<text x="8" y="{y}" class="label">{escape(row.label)} '
        f'<tspan class="value">{word} {escape(row.text)}</tspan></text>'
        f'<rect class="bar {kind}" x="{x}" y="{top}" width="{width}" height="{_BAR_HEIGHT}" '
        f'fill="{fill}" stroke="{INCREASE if up else DECREASE}"{data}/></g>'
    )


def change_chart(chart_id: str, title: str, desc: str, rows: Sequence[Change]) -> str:
    """Draw the changes as an inline ``<svg>``: one row a change, top to bottom.

    Args:
        chart_id: A page-unique id; the ``<title>`` and ``<desc>`` ids derive from it.
        title: The accessible name of the chart.
        desc: A longer description (what is shown and how to read it).
        rows: The changes; bar lengths are proportional to the largest absolute change.

    Returns:
        The ``<svg>`` markup, scaled to its container by its ``viewBox``.
    """
    longest = max((abs(r.change) for r in rows), default=0)
    parts = []
    y = 4
    for row in rows:
        y += _LABEL
        parts.append(_row(row, y, longest, f"{chart_id}-hatch"))
        y += _ROW - _LABEL
    height = y + 4
    ids = f"{chart_id}-title {chart_id}-desc"
    hatch = (
        f'<defs><pattern id="{_attr(chart_id)}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<rect width="3" height="6" fill="{DECREASE}"/></pattern></defs>'
    )
    axis = f'<line class="axis" x1="{_AXIS}" y1="0" x2="{_AXIS}" y2="{height}" stroke="#4a4a4a"/>'
    return (
        f'<svg id="{_attr(chart_id)}" class="chart change-chart" role="img" '
        f'aria-labelledby="{_attr(ids)}" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{_attr(chart_id)}-desc">{escape(desc)}</desc>{hatch}{axis}'
        + "\n".join(parts)
        + "</svg>"
    )
