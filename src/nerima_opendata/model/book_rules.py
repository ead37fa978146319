"""The integrity rules of a budget book that its foreign keys cannot express.

* :class:`TreeShape`: the code list is a tree 会計 → 歳入歳出 → 款 → …: an account has no
  parent, a direction's code is ``revenue`` or ``expenditure``, every other node sits one
  level below its parent, and its ID is its parent's ID and its own code.
* :class:`LinesAtLeaves`: a line sits at a leaf, so no amount is counted twice in a total.
* :class:`PrimaryKind`: a budget with lines has exactly one primary amount kind, and the
  lines' other amounts are of the other kinds.
* :class:`NegativeAmounts`: a negative amount only in an adjusted budget (補正予算), or in
  an amount kind whose stage may be negative (:data:`SIGNED_STAGES`: a printed
  difference; the general-revenue share, the amount less its specific revenue, which is
  negative where a line's fees exceed its cost, as in 世田谷区's 一般財源額).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from nerima_opendata.model.base import Record
from nerima_opendata.model.book import (
    ACCOUNT_LEVEL,
    DIRECTION_LEVEL,
    AmountKind,
    BudgetLine,
    Classification,
    LineAmount,
)
from nerima_opendata.model.columns import alias
from nerima_opendata.model.enums import AmountStage, BudgetPhase, Direction, TableName
from nerima_opendata.model.info import BudgetInfo
from nerima_opendata.model.issues import IntegrityIssue, Rule, Tables

__all__ = [
    "BOOK_RULES",
    "SIGNED_STAGES",
    "LinesAtLeaves",
    "NegativeAmounts",
    "PrimaryKind",
    "TreeShape",
    "leaf_issue",
    "negative_issue",
    "primary_amount_issue",
    "primary_count_issues",
    "signed_kinds",
    "tree_issues",
]

#: The stages whose amounts may be negative in any budget: a printed difference, and the
#: general-revenue share (the amount less its specific revenue).
SIGNED_STAGES = frozenset({AmountStage.DIFFERENCE, AmountStage.GENERAL_REVENUE})


_R = TypeVar("_R", bound=Record)


def _of(tables: Tables, name: TableName, model: type[_R]) -> list[_R]:
    """The records of one table, typed as its model."""
    return [r for r in tables.get(name, ()) if isinstance(r, model)]


def _issue(
    table: TableName, record_id: str, field: str, message: str, found: object, expected: str
) -> IntegrityIssue:
    return IntegrityIssue(
        table=table,
        record_id=record_id,
        field=field,
        message=message,
        found=None if found is None else str(found),
        expected=expected,
    )


def _account_issues(node: Classification) -> Iterator[tuple[str, str, object, str]]:
    if node.parent_id is not None or node.level != ACCOUNT_LEVEL:
        yield (
            "parent_id",
            f"an account (depth 0) has no parent and is of level {ACCOUNT_LEVEL}",
            node.parent_id or node.level,
            "no parent",
        )
    if node.id != node.code:
        yield "id", "an account's ID is its code", node.id, node.code


def _node_issues(node: Classification, parent_depth: int) -> Iterator[tuple[str, str, object, str]]:
    if parent_depth != node.depth - 1:
        yield "depth", "a node sits one level below its parent", node.depth, str(parent_depth + 1)
    if node.depth == 1 and (node.level != DIRECTION_LEVEL or node.code not in set(Direction)):
        yield (
            "code",
            f"depth 1 is the direction ({DIRECTION_LEVEL})",
            f"{node.level} {node.code}",
            " or ".join(Direction),
        )
    if node.id != f"{node.parent_id}-{node.code}":
        yield (
            "id",
            "a node's ID is its parent's ID, '-' and its code",
            node.id,
            f"{node.parent_id}-{node.code}",
        )


def tree_issues(node: Classification, parent_depth: int | None) -> Iterator[IntegrityIssue]:
    """The tree-shape issues of one node, given its parent's depth (``None`` when the
    node has no parent or its parent is not in the code list: the foreign key reports it).
    """
    if node.depth == 0:
        found = _account_issues(node)
    elif node.parent_id is None:
        found = iter([("parent_id", "a node below an account has a parent", None, "its parent")])
    elif parent_depth is not None:
        found = _node_issues(node, parent_depth)
    else:
        return
    for field, message, value, expected in found:
        yield _issue(
            TableName.CLASSIFICATIONS,
            node.id,
            alias(Classification, field),
            message,
            value,
            expected,
        )


@dataclass(frozen=True)
class TreeShape:
    """The code list is a tree whose IDs are paths of codes."""

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        nodes = _of(tables, TableName.CLASSIFICATIONS, Classification)
        depths = {n.id: n.depth for n in nodes}
        for node in nodes:
            parent = None if node.parent_id is None else depths.get(node.parent_id)
            yield from tree_issues(node, parent)


def leaf_issue(line: BudgetLine) -> IntegrityIssue:
    """The issue of a line whose classification has nodes below it."""
    return _issue(
        TableName.LINES,
        line.id,
        alias(BudgetLine, "classification_id"),
        "a line sits at a leaf of the code list, not at a node with nodes below it",
        line.classification_id,
        "a classification with no children",
    )


@dataclass(frozen=True)
class LinesAtLeaves:
    """Every line sits at a leaf of the code list."""

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        nodes = _of(tables, TableName.CLASSIFICATIONS, Classification)
        inner = {n.parent_id for n in nodes if n.parent_id is not None}
        for line in _of(tables, TableName.LINES, BudgetLine):
            if line.classification_id in inner:
                yield leaf_issue(line)


def primary_count_issues(primary: Sequence[str], has_rows: bool) -> Iterator[IntegrityIssue]:
    """The issue of a budget whose amount kinds (or lines: ``has_rows``) do not have
    exactly one primary kind (``primary``: the IDs of the kinds marked primary)."""
    if has_rows and len(primary) != 1:
        yield _issue(
            TableName.AMOUNT_KINDS,
            primary[1] if primary[1:] else "",
            alias(AmountKind, "primary"),
            "a budget book has exactly one primary amount kind",
            ", ".join(primary) or "none",
            "one kind with 主金額 true",
        )


def primary_amount_issue(amount: LineAmount, primary: Collection[str]) -> IntegrityIssue | None:
    """The issue of a line amount of the primary kind (it is the line's own 金額)."""
    if amount.kind_id not in primary:
        return None
    return _issue(
        TableName.LINE_AMOUNTS,
        amount.id,
        alias(LineAmount, "kind_id"),
        "the primary amount is the line's own 金額, not a line amount",
        amount.kind_id,
        "a kind other than the primary one",
    )


@dataclass(frozen=True)
class PrimaryKind:
    """One primary amount kind when there are lines; other amounts of other kinds."""

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        kinds = _of(tables, TableName.AMOUNT_KINDS, AmountKind)
        primary = [k.id for k in kinds if k.primary]
        lines = tables.get(TableName.LINES, ())
        yield from primary_count_issues(primary, bool(lines or kinds))
        for amount in _of(tables, TableName.LINE_AMOUNTS, LineAmount):
            if (issue := primary_amount_issue(amount, primary)) is not None:
                yield issue


def signed_kinds(kinds: Iterable[AmountKind]) -> frozenset[str]:
    """The IDs of the kinds whose amounts may be negative in any budget."""
    return frozenset(k.id for k in kinds if k.stage in SIGNED_STAGES)


def negative_issue(
    record: BudgetLine | LineAmount, adjusted: bool, signed: Collection[str]
) -> IntegrityIssue | None:
    """The issue of a negative amount outside an adjusted budget (``adjusted``: the
    budget's phase is 補正予算) and outside a signed kind."""
    if record.amount >= 0 or adjusted:
        return None
    if isinstance(record, LineAmount) and record.kind_id in signed:
        return None
    model = type(record)
    return _issue(
        TableName.LINES if model is BudgetLine else TableName.LINE_AMOUNTS,
        record.id,
        alias(model, "amount"),
        "a negative amount outside an adjusted budget (補正予算)",
        record.amount,
        "an amount of 0 or more (negative amounts only in an adjusted budget)",
    )


@dataclass(frozen=True)
class NegativeAmounts:
    """A negative amount only in an adjusted budget or in a kind of :data:`SIGNED_STAGES`."""

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        infos = _of(tables, TableName.BUDGET, BudgetInfo)
        adjusted = any(info.phase is BudgetPhase.ADJUSTED for info in infos)
        signed = signed_kinds(_of(tables, TableName.AMOUNT_KINDS, AmountKind))
        records: list[BudgetLine | LineAmount] = [
            *_of(tables, TableName.LINES, BudgetLine),
            *_of(tables, TableName.LINE_AMOUNTS, LineAmount),
        ]
        for record in records:
            if (issue := negative_issue(record, adjusted, signed)) is not None:
                yield issue


#: The budget book's rules, in the order their issues are reported.
BOOK_RULES: tuple[Rule, ...] = (TreeShape(), LinesAtLeaves(), PrimaryKind(), NegativeAmounts())
