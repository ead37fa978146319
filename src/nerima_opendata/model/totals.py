"""Totals of a budget book, derived from its lines: never typed in, never stored.

The total of a node of the code list (an account, a direction, a 款, 項, 目…) is the sum
of the lines below it, for the primary amount or for any other amount kind.
"""

from __future__ import annotations

from collections import defaultdict

from nerima_opendata.model.budget import Budget

__all__ = ["node_totals", "totals_at_depth"]


def _amounts(budget: Budget, kind: str | None) -> dict[str, int]:
    """Each line's amount of one kind (the primary amount when ``kind`` is ``None`` or is
    the primary kind); lines without an amount of that kind are left out."""
    primary = next((k.id for k in budget.amount_kinds if k.primary), None)
    if kind is None or kind == primary:
        return {line.id: line.amount for line in budget.lines}
    return {a.line_id: a.amount for a in budget.line_amounts if a.kind_id == kind}


def node_totals(budget: Budget, kind: str | None = None) -> dict[str, int]:
    """The total of every node of the code list that has lines below it, by node ID.

    Args:
        budget: A budget book.
        kind: An amount kind's ID; by default the primary amount.

    Returns:
        Node ID → sum in yen, in code-list order (nodes without lines are absent).
    """
    parent = {c.id: c.parent_id for c in budget.classifications}
    amounts = _amounts(budget, kind)
    sums: dict[str, int] = defaultdict(int)
    for line in budget.lines:
        if line.id not in amounts:
            continue
        node: str | None = line.classification_id
        while node is not None:
            sums[node] += amounts[line.id]
            node = parent.get(node)
    return {c.id: sums[c.id] for c in budget.classifications if c.id in sums}


def totals_at_depth(budget: Budget, depth: int, kind: str | None = None) -> dict[str, int]:
    """The totals of the nodes at one depth (0 accounts, 1 directions, 2 款, 3 項, 4 目…)."""
    at_depth = {c.id for c in budget.classifications if c.depth == depth}
    return {k: v for k, v in node_totals(budget, kind).items() if k in at_depth}
