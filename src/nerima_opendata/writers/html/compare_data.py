"""The figures of a comparison's page, taken from the comparison's records as they are.

Nothing is computed here that the model does not already hold: every amount, change and
rate is a field of a :class:`~nerima_opendata.model.change.NodeChange` or
:class:`~nerima_opendata.model.change.LineChange`. This module only groups the 款 under
their account and direction (a *view*), orders the lines by their change, and prints
signed amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nerima_opendata.model.amounts import format_amount
from nerima_opendata.model.change import LineChange, NodeChange
from nerima_opendata.model.compare import Comparison
from nerima_opendata.model.digest import KAN_DEPTH

__all__ = [
    "KAN_DEPTH",
    "TOP_CHANGES",
    "View",
    "largest_changes",
    "node_name",
    "path_names",
    "rate_text",
    "signed_change",
    "signed_yen",
    "views",
]

#: How many of the largest increases, and of the largest decreases, the page lists.
TOP_CHANGES = 20
_MINUS = "−"


@dataclass(frozen=True)
class View:
    """An account's revenue or expenditure: its direction node and its 款.

    Attributes:
        node: The direction's change (歳入 or 歳出 of one account).
        label: The account's and the direction's names, e.g. ``一般会計 歳出``.
        kan: The changes of its 款, in the comparison's order.
    """

    node: NodeChange
    label: str
    kan: tuple[NodeChange, ...]


def node_name(node: NodeChange) -> str:
    """The name shown for a node: after, else before; ``before → after`` when it changed."""
    before, after = node.name_before, node.name_after
    if before and after and before != after:
        return f"{before} → {after}"
    return after or before or node.code


def views(comparison: Comparison) -> tuple[View, ...]:
    """The comparison's views (account × direction) in its order, each with its 款 in the
    order of their codes."""
    accounts = {n.id: n for n in comparison.nodes if n.depth == 0}
    found = []
    for node in comparison.nodes:
        if node.depth != KAN_DEPTH - 1 or node.parent_id is None:
            continue
        account = accounts.get(node.parent_id)
        prefix = f"{node_name(account)} " if account is not None else ""
        kan = sorted((n for n in comparison.nodes if n.parent_id == node.id), key=_code_order)
        found.append(View(node, f"{prefix}{node_name(node)}", tuple(kan)))
    return tuple(found)


def _code_order(node: NodeChange) -> tuple[int, str]:
    """Codes in their numeric order (``2`` before ``10``), then any other code."""
    return (int(node.code), "") if node.code.isdigit() else (1 << 62, node.code)


def largest_changes(
    comparison: Comparison, increases: bool, count: int = TOP_CHANGES
) -> tuple[LineChange, ...]:
    """The lines with the largest increases (or decreases) in yen; ties by line ID.

    Args:
        comparison: The comparison.
        increases: ``True`` for the largest positive changes, ``False`` for the largest
            negative ones (new lines are increases, abolished lines decreases).
        count: How many at most.

    Returns:
        The lines, largest change (in absolute value) first.
    """
    sign = 1 if increases else -1
    chosen = [line for line in comparison.lines if line.change * sign > 0]
    chosen.sort(key=lambda line: (-line.change * sign, line.id))
    return tuple(chosen[:count])


def path_names(comparison: Comparison, classification_id: str) -> tuple[str, ...]:
    """The names from the 款 down to a node (款 › 項 › 目 › …)."""
    nodes = {n.id: n for n in comparison.nodes}
    names: list[str] = []
    node = nodes.get(classification_id)
    while node is not None and node.depth >= KAN_DEPTH:
        names.append(node_name(node))
        node = nodes.get(node.parent_id or "")
    return tuple(reversed(names))


def signed_change(change: int) -> str:
    """A change with 億・万 and its sign: ``+1億2000万円``, ``−5万円``, ``±0円``."""
    if change == 0:
        return "±0円"
    sign = "+" if change > 0 else _MINUS
    return sign + format_amount(abs(change))


def signed_yen(change: int) -> str:
    """A change in yen with separators and its sign: ``+1,200円``, ``−5円``, ``±0円``."""
    if change == 0:
        return "±0円"
    return f"{'+' if change > 0 else _MINUS}{abs(change):,}円"


def rate_text(rate: Decimal | None) -> str:
    """A change rate with its sign, e.g. ``+7.94%``; ``—`` when there is none."""
    if rate is None:
        return "—"
    text = f"{rate:+.2f}%"
    return text.replace("-", _MINUS)
