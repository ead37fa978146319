"""The integrity rules of a budget book, applied row by row in bounded memory.

The same rules as :mod:`nerima_opendata.model.book_rules` (which checks a whole budget
in memory), through the same per-record functions, so both give the same findings:

* tree shape: each node's parent's depth is kept in a
  :class:`~nerima_opendata.files.keystore.KeyStore`; a node read before its parent is
  remembered by row number and checked in a second pass (none when parents come first,
  as the writer writes them);
* lines at leaves: every parent ID in a store, looked up for each line;
* one primary kind, negative amounts: per budget (a budget has few amount kinds).

What a budget holds is kept per budget (bounded by the number of budgets, not lines).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from types import TracebackType

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.keys import key_of
from nerima_opendata.checks.records import RowRecord, row_record
from nerima_opendata.checks.report import ReportError
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT, KeyStore
from nerima_opendata.model import BudgetInfo
from nerima_opendata.model.book import AmountKind, BudgetLine, Classification, LineAmount
from nerima_opendata.model.book_rules import (
    leaf_issue,
    negative_issue,
    primary_amount_issue,
    primary_count_issues,
    signed_kinds,
    tree_issues,
)
from nerima_opendata.model.enums import BudgetPhase, TableName
from nerima_opendata.model.integrity import NOTE_TARGETS
from nerima_opendata.model.issues import IntegrityIssue
from nerima_opendata.model.records import EditorialNote
from nerima_opendata.model.tables import TableSpec

__all__ = ["BookRules"]


@dataclass
class _Budget:
    """What the rules need to know of one budget."""

    adjusted: bool
    kinds: list[tuple[int, AmountKind]] = field(default_factory=list)
    has_lines: bool = False
    _primary: list[str] | None = None
    _signed: frozenset[str] | None = None

    @property
    def primary(self) -> list[str]:
        """The primary kinds' IDs (read once the amount kinds table is done)."""
        if self._primary is None:
            self._primary = [k.id for _, k in self.kinds if k.primary]
        return self._primary

    @property
    def signed(self) -> frozenset[str]:
        """The kinds whose amounts may be negative."""
        if self._signed is None:
            self._signed = signed_kinds(k for _, k in self.kinds)
        return self._signed


@dataclass(frozen=True)
class _Prefixed:
    """The IDs of one budget in a store of ``key_of(budget, id)`` keys."""

    keys: Container[str]
    budget_id: str

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        return (key_of(self.budget_id, value) if self.budget_id else value) in self.keys


def _error(file: str, row: int | None, issue: IntegrityIssue) -> ReportError:
    return ReportError(
        ErrorTypes.INTEGRITY,
        issue.message,
        file=file,
        row=row,
        field=issue.field,
        found=issue.found,
        expected=issue.expected,
    )


class BookRules:
    """The book rules over records given one at a time, table by table in registry order.

    Args:
        memory_limit: Keys per store held in memory before it spills to disk.
    """

    def __init__(self, *, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> None:
        self._depths = KeyStore(memory_limit=memory_limit)
        self._inner = KeyStore(memory_limit=memory_limit)
        self._pending = KeyStore(memory_limit=memory_limit)
        self._budgets: dict[str, _Budget] = {}
        self._files: dict[TableName, str] = {}
        self._notes: list[tuple[str, RowRecord, EditorialNote]] = []  # few: the publisher's notes
        self.errors: list[ReportError] = []

    def __enter__(self) -> BookRules:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        for store in (self._depths, self._inner, self._pending):
            store.close()

    def record(self, spec: TableSpec, file: str, rr: RowRecord) -> None:
        """Apply the rules that one record can be checked by, as soon as it is read."""
        self._files[spec.name] = file
        record = rr.record
        if isinstance(record, BudgetInfo):
            self._budgets[record.id] = _Budget(record.phase is BudgetPhase.ADJUSTED)
            return
        budget = self._budgets.get(rr.budget_id or "")
        if budget is None:
            return  # its budget is not in the budget table: the foreign key says so
        issue: IntegrityIssue | None = None
        if isinstance(record, EditorialNote):
            self._notes.append((file, rr, record))  # its target's table may come later
        elif isinstance(record, Classification):
            self._node(file, rr, record)
        elif isinstance(record, AmountKind):
            budget.kinds.append((rr.row, record))
        elif isinstance(record, BudgetLine):
            budget.has_lines = True
            if key_of(rr.budget_id or "", record.classification_id) in self._inner:
                self.errors.append(_error(file, rr.row, leaf_issue(record)))
            issue = negative_issue(record, budget.adjusted, ())
        elif isinstance(record, LineAmount):
            issue = primary_amount_issue(record, budget.primary) or negative_issue(
                record, budget.adjusted, budget.signed
            )
        if issue is not None:
            self.errors.append(_error(file, rr.row, issue))

    def _node(self, file: str, rr: RowRecord, node: Classification) -> None:
        budget_id = rr.budget_id or ""
        self._depths.remember(key_of(budget_id, node.id), str(node.depth))
        if node.parent_id is not None:
            self._inner.remember(key_of(budget_id, node.parent_id))
        depth = self._parent_depth(budget_id, node)
        if node.parent_id is not None and depth is None:
            self._pending.add(str(rr.row))  # its parent may come later in the file
            return
        for issue in tree_issues(node, depth):
            self.errors.append(_error(file, rr.row, issue))

    def _parent_depth(self, budget_id: str, node: Classification) -> int | None:
        if node.parent_id is None:
            return None
        depth = self._depths.get(key_of(budget_id, node.parent_id))
        return None if depth is None else int(depth)

    def finish_nodes(
        self, spec: TableSpec, file: str, rows: Iterable[tuple[int, list[str]]]
    ) -> None:
        """Second pass over the code list: the nodes read before their parent (none
        when every parent comes first)."""
        for number, cells in rows:
            if str(number) not in self._pending:
                continue
            rr, _ = row_record(file, number, cells, spec)
            if rr is None or not isinstance(rr.record, Classification):
                continue
            depth = self._parent_depth(rr.budget_id or "", rr.record)
            for issue in tree_issues(rr.record, depth):
                self.errors.append(_error(file, number, issue))

    @property
    def pending(self) -> bool:
        """Whether a node came before its parent (:meth:`finish_nodes` is needed)."""
        return bool(len(self._pending))

    def finish(self, ids: Callable[[TableName], Container[str]]) -> None:
        """The rules about a whole budget: exactly one primary kind; and each editorial
        note's target exists (``ids``: a table's primary keys, ``key_of(budget, id)``)."""
        for file, rr, note in self._notes:
            target = TableName(note.target_table)
            prefix = "" if target is TableName.BUDGET else rr.budget_id or ""
            keys = _Prefixed(ids(target), prefix)
            if (issue := NOTE_TARGETS.issue(note, keys)) is not None:
                self.errors.append(_error(file, rr.row, issue))
        file = self._files.get(TableName.AMOUNT_KINDS, "")
        for budget in self._budgets.values():
            has_rows = budget.has_lines or bool(budget.kinds)
            rows = {k.id: row for row, k in budget.kinds}
            for issue in primary_count_issues(budget.primary, has_rows):
                where = rows.get(issue.record_id or "")
                self.errors.append(_error(file, where, issue))
