"""The figures of a budget book's preview page, derived from the model's totals.

Nothing here is typed in: every amount is a total of the budget's digest
(:meth:`nerima_opendata.model.Budget.digest`, the sum of the lines below a node, computed
in one pass over the lines), and every name comes from the code list. The page shows the code list to 目 (depth 4)
as a tree of :class:`Node`, one tree per *view* (an account's revenue or expenditure),
and the largest lines with their path of names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nerima_opendata.model import Budget, BudgetLine, Classification, Direction
from nerima_opendata.model.amounts import format_amount
from nerima_opendata.model.digest import KAN_DEPTH, MOKU_DEPTH, TOP_LINES
from nerima_opendata.model.enums import SourceUnit
from nerima_opendata.writers.html.markup import script_json, share
from nerima_opendata.writers.html.svg import PALETTE

__all__ = [
    "DIRECTION_DEPTH",
    "KAN_DEPTH",
    "MOKU_DEPTH",
    "PATH_SEPARATOR",
    "TOP_LINES",
    "Node",
    "days_in_fiscal_year",
    "page_data",
    "path_names",
    "primary_unit",
    "signed_amount",
    "tax_view",
    "top_lines",
    "views",
]

#: The depth of the direction (歳入/歳出); 款 and 目 (the deepest level shown) and the
#: number of largest lines listed are the digest's (:mod:`nerima_opendata.model.digest`).
DIRECTION_DEPTH = 1
#: Between the names of a path: 款 › 項 › 目 › 節.
PATH_SEPARATOR = " › "


@dataclass(frozen=True)
class Node:
    """A node of the code list with its total (primary amount, yen) and its children.

    Attributes:
        record: The node of the code list.
        total: The sum of the lines below it, in yen.
        share: Its share of its parent's total (e.g. ``12.3%``); empty for a view.
        children: The nodes one level down with lines below them, to 目.
        label: The name shown: the account and direction for a view, else the name.
    """

    record: Classification
    total: int
    share: str
    children: tuple[Node, ...] = field(default=())
    label: str = ""

    @property
    def name(self) -> str:
        """The name shown for this node."""
        return self.label or self.record.name

    def walk(self) -> list[Node]:
        """This node's descendants, depth first, in code-list order (itself excluded)."""
        return [n for child in self.children for n in (child, *child.walk())]

    def to_json(self) -> dict[str, Any]:
        """The node as the page's script reads it (short keys keep the page small)."""
        data: dict[str, Any] = {
            "id": self.record.id,
            "name": self.name,
            "level": self.record.level,
            "v": self.total,
            "f": signed_amount(self.total),
            "s": self.share,
        }
        if self.children:
            data["c"] = [child.to_json() for child in self.children]
        return data


def signed_amount(amount: int) -> str:
    """An amount with 億/万 (``1億2000万円``), with a minus sign when it is negative."""
    return format_amount(amount) if amount >= 0 else "−" + format_amount(-amount)


def _tree(
    record: Classification,
    totals: Mapping[str, int],
    children: Mapping[str | None, list[Classification]],
    parent_total: int | None,
) -> Node:
    total = totals[record.id]
    below: tuple[Node, ...] = ()
    if record.depth < MOKU_DEPTH:
        below = tuple(
            _tree(child, totals, children, total)
            for child in children.get(record.id, [])
            if child.id in totals
        )
    return Node(record, total, "" if parent_total is None else share(total, parent_total), below)


def views(budget: Budget) -> tuple[Node, ...]:
    """One tree a direction of an account (e.g. 一般会計 歳出), 款 → 項 → 目, in order.

    Args:
        budget: A budget book (its :meth:`~nerima_opendata.model.Budget.digest` is read).

    Returns:
        The direction nodes that have lines below them, labelled with their account.
    """
    digest = budget.digest()
    totals = digest.node_totals()
    children: dict[str | None, list[Classification]] = {}
    for record in digest.upper:
        children.setdefault(record.parent_id, []).append(record)
    accounts = {c.id: c for c in digest.upper if c.depth == 0}
    trees = []
    for record in digest.upper:
        if record.depth != DIRECTION_DEPTH or record.id not in totals:
            continue
        node = _tree(record, totals, children, None)
        account = accounts[record.parent_id or ""].name
        trees.append(Node(node.record, node.total, "", node.children, f"{account} {record.name}"))
    return tuple(trees)


def tax_view(trees: tuple[Node, ...]) -> Node | None:
    """The view the taxes-per-day calculator shares out: the first expenditure (in
    code-list order, usually the general account's) with a positive total."""
    return next(
        (
            t
            for t in trees
            if t.record.code == Direction.EXPENDITURE.value and t.total > 0 and t.children
        ),
        None,
    )


def days_in_fiscal_year(year: int) -> int:
    """The days from 1 April of ``year`` to 31 March of the next year: 365 or 366."""
    return (date(year + 1, 4, 1) - date(year, 4, 1)).days


def path_names(budget: Budget, classification: str) -> tuple[str, ...]:
    """The names from the 款 down to the node of one of the largest lines (account and
    direction left out), e.g. ``("総務費", "総務管理費", "一般管理費", "報酬")``."""
    return tuple(budget.digest().paths[classification])


def top_lines(budget: Budget) -> tuple[BudgetLine, ...]:
    """The largest lines by primary amount (ties by ID), :data:`TOP_LINES` of them."""
    return budget.digest().top_lines


def primary_unit(budget: Budget) -> SourceUnit:
    """The unit the source printed the primary amount in (yen when no kind is given)."""
    return next((k.unit for k in budget.amount_kinds if k.primary), SourceUnit.YEN)


def page_data(budget: Budget, trees: tuple[Node, ...]) -> str:
    """The page's data for its script: the trees to 目 and the taxes-per-day basis.

    Args:
        budget: The budget book.
        trees: Its :func:`views`.

    Returns:
        Compact JSON, safe inside ``<script type="application/json">``.
    """
    basis = tax_view(trees)
    data = {
        "fiscalYear": budget.info.fiscal_year,
        "days": days_in_fiscal_year(budget.info.fiscal_year),
        "taxView": None if basis is None else basis.record.id,
        "palette": list(PALETTE),
        "views": [tree.to_json() for tree in trees],
    }
    return script_json(data)
