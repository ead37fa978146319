"""Inline SVG bar charts for the preview page: no script, no library, works offline.

Each chart is a horizontal bar chart drawn from the data: one ``<rect class="bar">`` per
value, carrying ``data-*`` attributes, with its label above the bar and the printed
amount after it. The chart is an image for assistive technology (``role="img"``)
labelled by its ``<title>`` and ``<desc>``; each bar has its own ``<title>`` (a tooltip),
and the page's tables hold the same figures as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["PALETTE", "Bar", "bar_chart", "colour"]

#: Bar colours, one per pillar in order (cycled); each has at least 3:1 contrast on white.
PALETTE: tuple[str, ...] = (
    "#1b6ca8",
    "#b35806",
    "#1a7f5a",
    "#6a3d9a",
    "#8c6d1f",
    "#c2185b",
)

_WIDTH = 640
_LEFT = 8
_MAX_BAR = 410
_BAR_HEIGHT = 16
_LABEL_SIZE = 15
_ROW = 46
_GROUP_ROW = 34


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value in yen and how the value is printed.

    Attributes:
        label: The text above the bar.
        value: The amount in yen (the bar's length is proportional to it).
        value_text: The amount as printed after the bar, e.g. ``140億5511万円``.
        colour: The fill colour (``#rrggbb``).
        data: ``data-*`` attributes of the bar, without the prefix, e.g.
            ``(("pillar", "P1"), ("amount", "25550150000"))``.
        group: A heading to draw before this bar when it differs from the previous one.
    """

    label: str
    value: int
    value_text: str
    colour: str
    data: tuple[tuple[str, str], ...] = ()
    group: str | None = None


def colour(index: int) -> str:
    """The palette colour for the pillar at this 0-based position."""
    return PALETTE[index % len(PALETTE)]


def _attr(value: str | int) -> str:
    return escape(str(value), quote=True)


def _bar(bar: Bar, y: int, longest: int) -> str:
    width = round(bar.value * _MAX_BAR / longest) if longest else 0
    if bar.value and width < 2:
        width = 2
    data = "".join(f' data-{name}="{_attr(value)}"' for name, value in bar.data)
    top = y + 6
    return (
        f'<g class="row"><title>{escape(bar.label)}: {escape(bar.value_text)} '
        f"({bar.value:,}円)</title>"
        f'<text x="{_LEFT}" y="{y}" class="label">{escape(bar.label)}</text>'
        f'<rect class="bar" x="{_LEFT}" y="{top}" width="{width}" height="{_BAR_HEIGHT}" '
        f'fill="{_attr(bar.colour)}"{data}/>'
        f'<text x="{_LEFT + width + 6}" y="{top + _BAR_HEIGHT - 3}" class="value">'
        f"{escape(bar.value_text)}</text></g>"
    )


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> str:
    """Draw a horizontal bar chart as an inline ``<svg>`` element.

    Args:
        chart_id: A page-unique id; the ``<title>`` and ``<desc>`` ids derive from it.
        title: The accessible name of the chart.
        desc: A longer description (what is shown and how to read it).
        bars: The bars, top to bottom.

    Returns:
        The ``<svg>`` markup, scaled to its container by its ``viewBox``.
    """
    longest = max((b.value for b in bars), default=0)
    parts: list[str] = []
    y = 4
    group: str | None = None
    for bar in bars:
        if bar.group is not None and bar.group != group:
            group = bar.group
            y += _GROUP_ROW
            parts.append(
                f'<text x="{_LEFT}" y="{y - 10}" class="group" fill="{_attr(bar.colour)}">'
                f"{escape(group)}</text>"
            )
        y += _LABEL_SIZE + 2
        parts.append(_bar(bar, y, longest))
        y += _ROW - _LABEL_SIZE - 2
    height = y + 4
    ids = f"{chart_id}-title {chart_id}-desc"
    return (
        f'<svg id="{_attr(chart_id)}" class="chart" role="img" aria-labelledby="{_attr(ids)}" '
        f'viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{_attr(chart_id)}-desc">{escape(desc)}</desc>' + "\n".join(parts) + "</svg>"
    )
