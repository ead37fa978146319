"""Cross-record rules of a budget that a table schema cannot express, as data.

Each rule is a small object with a ``check`` method; :data:`RULES` lists them, built from
the table registry where it can be (every table's IDs are unique, every foreign key
resolves, list references follow their target's order), and :func:`check_integrity`
applies them in one loop. It returns every problem as an :class:`IntegrityIssue` and never
raises; :class:`~nerima_opendata.model.budget.Budget` runs it on construction and
:func:`nerima_opendata.validate` reports it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass

from nerima_opendata.model.base import Record
from nerima_opendata.model.book_rules import BOOK_RULES
from nerima_opendata.model.enums import TableName
from nerima_opendata.model.issues import IntegrityIssue, Rule, Tables
from nerima_opendata.model.tables import LIST_SEPARATOR, TABLES, table_by_name

__all__ = ["NOTE_TARGETS", "RULES", "IntegrityIssue", "Rule", "Tables", "check_integrity"]

_ID = "id"  # every record has an ID, the budget's too


def _id(record: Record) -> str:
    return str(getattr(record, _ID))


def _values(record: Record, name: str) -> tuple[str, ...]:
    value = getattr(record, name)
    if value is None:
        return ()  # an optional reference left empty (an account's parent)
    return tuple(value) if isinstance(value, tuple) else (str(value),)


@dataclass(frozen=True)
class Unique:
    """No two records of ``table`` share a value of ``field``."""

    table: TableName
    field: str = "id"

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        rows = tables.get(self.table, ())
        for value, count in Counter(str(getattr(r, self.field)) for r in rows).items():
            if count > 1:
                first = next(r for r in rows if str(getattr(r, self.field)) == value)
                column = table_by_name(self.table).column(self.field)
                yield IntegrityIssue(
                    table=self.table,
                    record_id=_id(first),
                    field=column,
                    message=f"duplicate {column} ({count} rows)",
                    found=value,
                    expected=f"a value of {column} that no other row has",
                )


@dataclass(frozen=True)
class Reference:
    """Each value of ``field`` in ``table`` is the ID of a record of ``target``; with
    ``ordered``, a list of them follows the target's order without repeats."""

    table: TableName
    field: str
    target: TableName
    ordered: bool = False

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        targets = {_id(t): getattr(t, "order", 0) for t in tables.get(self.target, ())}
        column = table_by_name(self.table).column(self.field)
        for record in tables.get(self.table, ()):
            values = _values(record, self.field)
            for value in values:
                if value not in targets:
                    yield IntegrityIssue(
                        table=self.table,
                        record_id=_id(record),
                        field=column,
                        message=f"a reference to a record not in {self.target}",
                        found=value,
                        expected=f"the ID of a record of {self.target}: one of {sorted(targets)}"
                        if len(targets) <= 12
                        else f"the ID of a record of {self.target}",
                    )
            known = [v for v in values if v in targets]
            canonical = sorted(set(known), key=lambda v: (targets[v], v))
            if self.ordered and known != canonical:
                yield IntegrityIssue(
                    table=self.table,
                    record_id=_id(record),
                    field=column,
                    message=f"references repeated or out of the {self.target} table's order",
                    found=LIST_SEPARATOR.join(values),
                    expected=LIST_SEPARATOR.join(canonical),
                )


@dataclass(frozen=True)
class TargetReference:
    """``id_field`` names a record of the table that ``table_field`` names."""

    table: TableName
    table_field: str
    id_field: str

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        for record in tables.get(self.table, ()):
            target = TableName(getattr(record, self.table_field))
            ids = {_id(r) for r in tables.get(target, ())}
            if (issue := self.issue(record, ids)) is not None:
                yield issue

    def issue(self, record: Record, ids: Container[str]) -> IntegrityIssue | None:
        """The issue of one record whose target is not among ``ids`` (the IDs of the
        table it names), or None."""
        target = TableName(getattr(record, self.table_field))
        value = str(getattr(record, self.id_field))
        if value in ids:
            return None
        return IntegrityIssue(
            table=self.table,
            record_id=_id(record),
            field=table_by_name(self.table).column(self.id_field),
            message=f"a note about a record not in {target}",
            found=value,
            expected=f"an ID from {target}",
        )


#: The rule of the editorial notes' targets (a note may name a row of any table).
NOTE_TARGETS = TargetReference(TableName.EDITORIAL_NOTES, "target_table", "target_id")


#: Every rule, in the order its issues are reported.
RULES: tuple[Rule, ...] = (
    *(Unique(spec.name) for spec in TABLES if not spec.is_budget),
    Unique(TableName.TAGS, "label"),
    *(
        Reference(spec.name, fk.field, fk.table, ordered=fk.ordered)
        for spec in TABLES
        for fk in spec.foreign_keys
    ),
    NOTE_TARGETS,
    *BOOK_RULES,
)


def check_integrity(tables: Tables) -> list[IntegrityIssue]:
    """Find every cross-record problem: duplicates, dangling or disordered references.

    Args:
        tables: A budget's records by table (the budget table holds its one record).

    Returns:
        Every problem found, rule by rule; empty when the budget is consistent.
    """
    return [issue for rule in RULES for issue in rule.check(tables)]
