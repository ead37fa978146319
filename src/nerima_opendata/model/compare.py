"""Compare two budgets of one municipality: every node and every line, before and after.

:func:`select_side` picks one side from a spec (``2026``, ``2026/approved``,
``2026/request``, ``2026/final``); :func:`compare` sets two sides against each other and
gives a :class:`Comparison`: one :class:`~.change.NodeChange` per node of either code list
(its total is the sum of its lines, :func:`~.totals.node_totals`), one
:class:`~.change.LineChange` per line of either budget, and the possible renamings.

Nodes are matched by their classification path and lines by their ID; nothing else is
matched. A node whose code changed but whose name stayed (same parent, same level), or
whose name changed under the same code, is listed as a :class:`~.change.Renaming`,
an inference.

Every change is exact: amounts are integers in yen, a change is a difference of
integers, so the changes of a node's children add up to the node's change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nerima_opendata.errors import InputError
from nerima_opendata.model.book import AmountKind, Classification
from nerima_opendata.model.budget import Budget
from nerima_opendata.model.change import (
    ComparisonInfo,
    LineChange,
    NodeChange,
    Renaming,
    RenamingKind,
    change_rate,
    status_of,
)
from nerima_opendata.model.enums import BudgetPhase, DocumentKind
from nerima_opendata.model.totals import node_totals

__all__ = ["FINAL", "Comparison", "Side", "compare", "parse_spec", "select_side"]

#: The spec word for a budget's primary amount (its final figure: 現計予算額, 予算額).
FINAL = "final"


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a budget book and one of its amount kinds."""

    budget: Budget
    kind: AmountKind

    @property
    def key(self) -> str:
        """``budget-id.kind-id``, as the comparison's ID names it."""
        return f"{self.budget.info.id}.{self.kind.id}"


@dataclass(frozen=True)
class Comparison:
    """A comparison and its three tables (see :mod:`~nerima_opendata.model.change`)."""

    info: ComparisonInfo
    nodes: tuple[NodeChange, ...] = ()
    lines: tuple[LineChange, ...] = ()
    renamings: tuple[Renaming, ...] = field(default=())

    def node(self, node_id: str) -> NodeChange:
        """The change of one node. Raises KeyError if there is none."""
        for change in self.nodes:
            if change.id == node_id:
                return change
        raise KeyError(node_id)


def parse_spec(spec: str) -> tuple[int, list[str]]:
    """``YEAR[/WORD[/WORD]]`` → the fiscal year and the words (a phase, an amount kind's
    ID or stage, or ``final``).

    Raises:
        InputError: The spec does not start with a four-digit year.
    """
    year, *words = spec.strip().split("/")
    if not (len(year) == 4 and year.isdigit()) or len(words) > 2 or "" in words:
        raise InputError(
            "a budget is named by its fiscal year, then optionally a phase and an amount",
            found=spec,
            expected="YEAR, YEAR/PHASE, YEAR/AMOUNT or YEAR/PHASE/AMOUNT, e.g. 2026, "
            "2026/approved, 2026/request, 2026/final",
        )
    return int(year), words


def select_side(budgets: Sequence[Budget], spec: str) -> Side:
    """The side a spec names among the budgets of a package (or two).

    Raises:
        InputError: No budget book, or several, match; or the amount is unknown.
    """
    year, words = parse_spec(spec)
    phases = {p.value for p in BudgetPhase}
    phase = next((w for w in words if w in phases), None)
    amount = next((w for w in words if w not in phases), FINAL)
    found = [
        b
        for b in budgets
        if b.kind is DocumentKind.BOOK
        and b.info.fiscal_year == year
        and (phase is None or b.info.phase.value == phase)
    ]
    if len(found) != 1:
        listed = ", ".join(b.info.id for b in budgets if b.kind is DocumentKind.BOOK)
        raise InputError(
            "no budget book matches" if not found else "several budget books match",
            found=spec,
            expected=f"one of the budgets: {listed or 'none'} (add the phase: YEAR/PHASE)",
        )
    return Side(found[0], _kind(found[0], amount, spec))


def _kind(budget: Budget, word: str, spec: str) -> AmountKind:
    kinds = budget.amount_kinds
    if word in (FINAL, "primary"):
        chosen = [k for k in kinds if k.primary]
    else:
        chosen = [k for k in kinds if k.id == word] or [k for k in kinds if k.stage.value == word]
    if len(chosen) != 1:
        raise InputError(
            f"the budget {budget.info.id} has no single amount kind {word!r}",
            found=spec,
            expected=f"{FINAL} or one of: " + ", ".join(k.id for k in kinds),
        )
    return chosen[0]


def compare(before: Side, after: Side, *, account: str | None = None) -> Comparison:
    """Compare two sides at every level of the code list and for every line.

    Args:
        before: The budget and amount compared from.
        after: The budget and amount compared to.
        account: Only this account (会計) code's subtree, e.g. ``1`` for 一般会計.

    Raises:
        InputError: The budgets are of two municipalities, or the account is in neither.
    """
    a, b = before.budget.info, after.budget.info
    if a.municipality_code != b.municipality_code:
        raise InputError(
            "the two budgets are of two municipalities",
            found=f"{a.municipality_code} and {b.municipality_code}",
            expected="two budgets of one municipality",
        )
    nodes = _nodes(before, after, account)
    if account is not None and not nodes:
        raise InputError("no such account in either budget", found=account, expected="会計 code")
    roots = [n for n in nodes if n.depth == 0]
    info = ComparisonInfo(
        id=f"{before.key}--{after.key}",
        municipality_code=a.municipality_code,
        municipality_name=b.municipality_name,
        title=_title(before, after),
        before_budget_id=a.id,
        before_fiscal_year=a.fiscal_year,
        before_kind_id=before.kind.id,
        before_kind_name=before.kind.name,
        after_budget_id=b.id,
        after_fiscal_year=b.fiscal_year,
        after_kind_id=after.kind.id,
        after_kind_name=after.kind.name,
        account_code=account,
        before_total=sum(n.amount_before or 0 for n in roots),
        after_total=sum(n.amount_after or 0 for n in roots),
    )
    renamings = tuple(_renamings(before.budget, after.budget, {n.id for n in nodes}))
    return Comparison(info, nodes, _lines(before, after, account), renamings)


def _title(before: Side, after: Side) -> str:
    a, b = before.budget.info, after.budget.info
    first = f"{a.fiscal_year_label}{a.phase_label}（{before.kind.name}）"
    second = f"{b.fiscal_year_label}{b.phase_label}（{after.kind.name}）"
    return f"{b.municipality_name} 予算の比較: {first} → {second}"


def _in(account: str | None, node_id: str) -> bool:
    return account is None or node_id == account or node_id.startswith(f"{account}-")


def _nodes(before: Side, after: Side, account: str | None) -> tuple[NodeChange, ...]:
    """One change per node of either code list, in the after list's order, then the
    nodes only before, in theirs (a node without lines on either side is left out)."""
    totals_a = node_totals(before.budget, before.kind.id)
    totals_b = node_totals(after.budget, after.kind.id)
    nodes_a = {c.id: c for c in before.budget.classifications}
    nodes_b = {c.id: c for c in after.budget.classifications}
    order = [*nodes_b, *(i for i in nodes_a if i not in nodes_b)]
    changes = []
    for node_id in order:
        if not _in(account, node_id) or (node_id not in totals_a and node_id not in totals_b):
            continue
        node = nodes_b.get(node_id) or nodes_a[node_id]
        changes.append(_node_change(node, nodes_a, nodes_b, totals_a, totals_b))
    return tuple(changes)


def _node_change(
    node: Classification,
    nodes_a: dict[str, Classification],
    nodes_b: dict[str, Classification],
    totals_a: dict[str, int],
    totals_b: dict[str, int],
) -> NodeChange:
    first, second = totals_a.get(node.id), totals_b.get(node.id)
    return NodeChange(
        id=node.id,
        level=node.level,
        depth=node.depth,
        code=node.code,
        name_before=nodes_a[node.id].name if node.id in nodes_a else None,
        name_after=nodes_b[node.id].name if node.id in nodes_b else None,
        parent_id=node.parent_id,
        amount_before=first,
        amount_after=second,
        change=(second or 0) - (first or 0),
        change_rate=change_rate(first, second),
        status=status_of(first, second),
    )


def _line_amounts(side: Side) -> dict[str, int]:
    budget = side.budget
    if side.kind.primary:
        return {line.id: line.amount for line in budget.lines}
    return {a.line_id: a.amount for a in budget.line_amounts if a.kind_id == side.kind.id}


def _lines(before: Side, after: Side, account: str | None) -> tuple[LineChange, ...]:
    amounts_a, amounts_b = _line_amounts(before), _line_amounts(after)
    lines_a = {line.id: line for line in before.budget.lines}
    lines_b = {line.id: line for line in after.budget.lines}
    names = {c.id: c.name for c in before.budget.classifications}
    names.update({c.id: c.name for c in after.budget.classifications})
    changes = []
    for line_id in [*lines_b, *(i for i in lines_a if i not in lines_b)]:
        line = lines_b.get(line_id) or lines_a[line_id]
        first, second = amounts_a.get(line_id), amounts_b.get(line_id)
        if not _in(account, line.classification_id) or (first is None and second is None):
            continue
        changes.append(
            LineChange(
                id=line_id,
                classification_id=line.classification_id,
                name=names[line.classification_id],
                department_name=line.department_name,
                amount_before=first,
                amount_after=second,
                change=(second or 0) - (first or 0),
                change_rate=change_rate(first, second),
                status=status_of(first, second),
            )
        )
    return tuple(changes)


def _renamings(before: Budget, after: Budget, compared: set[str]) -> Iterable[Renaming]:
    """Same code, new name; or, under the same parent and level, same name, new code."""
    nodes_a = {c.id: c for c in before.classifications if c.id in compared}
    nodes_b = {c.id: c for c in after.classifications if c.id in compared}
    for node_id, node in nodes_b.items():
        old = nodes_a.get(node_id)
        if old is not None and old.name != node.name:
            yield _renaming(RenamingKind.NAME_CHANGED, old, node)
    gone = {(c.parent_id, c.depth, c.name): c for i, c in nodes_a.items() if i not in nodes_b}
    for node_id, node in nodes_b.items():
        old = gone.get((node.parent_id, node.depth, node.name))
        if node_id not in nodes_a and old is not None:
            yield _renaming(RenamingKind.CODE_CHANGED, old, node)


def _renaming(kind: RenamingKind, old: Classification, new: Classification) -> Renaming:
    return Renaming(
        id=f"{old.id}~{new.id}",
        kind=kind,
        before_id=old.id,
        after_id=new.id,
        name_before=old.name,
        name_after=new.name,
    )
