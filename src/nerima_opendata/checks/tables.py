"""The table checks of a package, row by row: records, keys, standard columns, book rules.

:func:`scan_tables` reads each table once, row by row, in registry order: each row into
its pydantic model (:func:`~nerima_opendata.checks.records.row_record`, the one source of
truth for types and constraints), its primary and foreign keys
(:class:`~nerima_opendata.checks.keys.KeyChecks`), its standard columns against its
budget's; with ``keep=False`` the book rules run on the fly
(:class:`~nerima_opendata.checks.book_stream.BookRules`) and no row is kept, so memory
does not grow with the number of lines; with ``keep=True`` the records are returned for
the in-memory integrity rules and the budgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nerima_opendata.checks.book_stream import BookRules
from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.keys import KeyChecks
from nerima_opendata.checks.records import RowRecord, row_record, table_rows
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Count, Say, Tally, count_rows, counter_of
from nerima_opendata.model import BudgetInfo, Record, TableName
from nerima_opendata.model.tables import CODE_COLUMN, NAME_COLUMN, TableSpec
from nerima_opendata.readers.package import resource_path

__all__ = ["RecordSink", "Scan", "scan_tables", "standard_errors"]

#: Given each record the tables' check accepts, and its budget's ID (see scan_tables).
RecordSink = Callable[[Record, "str | None"], None]


@dataclass
class Scan:
    """What reading the tables gave: their files, and their records when kept."""

    files: dict[TableName, str] = field(default_factory=dict)
    tables: dict[TableName, list[RowRecord]] = field(default_factory=dict)


def standard_errors(file: str, rr: RowRecord, info: BudgetInfo) -> list[ReportError]:
    """The standard columns of a row that differ from its budget's values."""
    if isinstance(rr.record, BudgetInfo):
        return []
    return [
        ReportError(
            ErrorTypes.INTEGRITY,
            "the standard column differs from the budget table",
            file=file,
            row=rr.row,
            field=column,
            found=value,
            expected=want,
        )
        for column, value, want in (
            (CODE_COLUMN, rr.code, info.municipality_code),
            (NAME_COLUMN, rr.name, info.municipality_name),
        )
        if value != want
    ]


def _municipality_error(file: str, rr: RowRecord, first: BudgetInfo) -> list[ReportError]:
    assert isinstance(rr.record, BudgetInfo)
    if rr.record.municipality_code == first.municipality_code:
        return []
    return [
        ReportError(
            ErrorTypes.INTEGRITY,
            "a package holds the budgets of one municipality",
            file=file,
            row=rr.row,
            field=CODE_COLUMN,
            found=rr.record.municipality_code,
            expected=first.municipality_code,
        )
    ]


class _Scanner:
    """One pass over the tables; errors split into records/keys and integrity."""

    def __init__(
        self,
        directory: Path,
        flagged: set[tuple[str, int | None]],
        keep: bool,
        limit: int,
        sink: RecordSink | None = None,
    ) -> None:
        self.directory = directory
        self.flagged = flagged
        self.keep = keep
        self.sink = sink
        self.keys = KeyChecks(memory_limit=limit)
        self.rules = BookRules(memory_limit=limit)
        self.infos: dict[str, BudgetInfo] = {}
        self.first: BudgetInfo | None = None
        self.errors: list[ReportError] = []
        self.integrity: list[ReportError] = []
        self.scan = Scan()
        self.tell: Count | None = None

    def table(self, spec: TableSpec, resource: dict[str, Any]) -> None:
        file = str(resource.get("path"))
        self.scan.files[spec.name] = file
        kept: list[RowRecord] = []
        rows = table_rows(self.directory, resource)
        tally = None
        if self.tell is not None:
            tally = Tally(self.tell, count_rows([resource_path(self.directory, resource)]))
            rows = tally(rows)
        self.errors += self.keys.table(spec, file, self._read(spec, file, rows, kept))
        if tally is not None:
            tally.end()
        self.errors += self.keys.self_references(spec, file, table_rows(self.directory, resource))
        if not self.keep and self.rules.pending and spec.name is TableName.CLASSIFICATIONS:
            self.rules.finish_nodes(spec, file, table_rows(self.directory, resource))
        if self.keep:
            self.scan.tables[spec.name] = kept

    def _read(
        self,
        spec: TableSpec,
        file: str,
        rows: Any,
        kept: list[RowRecord],
    ) -> Any:
        """The rows, passed on to the key checks, each read into its record on the way."""
        whole_file = (file, None) in self.flagged
        for number, cells in rows:
            yield number, cells
            rr, errors = row_record(file, number, cells, spec)
            if not whole_file and (file, number) not in self.flagged:
                self.errors += errors
            if rr is not None:
                self._record(spec, file, rr, kept)

    def _record(self, spec: TableSpec, file: str, rr: RowRecord, kept: list[RowRecord]) -> None:
        if self.keep:  # the in-memory integrity rules check it all
            kept.append(rr)
            return
        if isinstance(rr.record, BudgetInfo):
            self.infos.setdefault(rr.record.id, rr.record)
            if self.first is None:
                self.first = rr.record
            else:
                self.integrity += _municipality_error(file, rr, self.first)
        elif (info := self.infos.get(rr.budget_id or "")) is not None:
            self.integrity += standard_errors(file, rr, info)
        self.rules.record(spec, file, rr)
        if self.sink is not None:
            self.sink(rr.record, rr.budget_id)


def scan_tables(
    directory: StrPath,
    resources: dict[Any, dict[str, Any]],
    specs: tuple[TableSpec, ...],
    report: Report,
    *,
    flagged: set[tuple[str, int | None]] | None = None,
    keep: bool = True,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    sink: RecordSink | None = None,
    progress: Say | None = None,
) -> Scan | None:
    """Check every table row by row: the ``records`` stage, then (streaming) ``integrity``.

    Args:
        directory: The package directory (its files passed the descriptor stage).
        resources: The descriptor's resources by name.
        specs: The package's tables, in registry order.
        report: Where errors go, and the checks that ran.
        flagged: ``(file, row)`` pairs Frictionless already reported (not repeated).
        keep: Keep the records (for the in-memory integrity rules and the budgets);
            otherwise apply the book rules on the fly and keep nothing.
        memory_limit: Keys per store held in memory before it spills to disk.
        sink: Without ``keep``, given each record the model accepts and its budget's
            ID (``None`` in the budget table), as the tables are read: whoever needs the
            records too (a build's digest) need not read them again.
        progress: Told each table before it is read, and its rows read if it counts
            (:class:`~nerima_opendata.files.progress.Counting`).

    Returns:
        The files and (with ``keep``) the records; ``None`` when an error was found.
    """
    report.checks.append("records")
    scanner = _Scanner(Path(directory), flagged or set(), keep, memory_limit, sink)
    say, scanner.tell = progress or (lambda _step: None), counter_of(progress)
    with scanner.keys, scanner.rules:
        for spec in specs:
            say(f"checking {resources[spec.name].get('path')}")
            scanner.table(spec, resources[spec.name])
        scanner.rules.finish(scanner.keys.ids)
    for error in scanner.errors:
        report.add(error)
    if report.errors:
        return None
    if not keep:
        report.checks.append("integrity")
        for error in [*scanner.integrity, *scanner.rules.errors, *_no_budget(scanner)]:
            report.add(error)
    return None if report.errors else scanner.scan


def _no_budget(scanner: _Scanner) -> list[ReportError]:
    if scanner.infos:
        return []
    return [
        ReportError(
            ErrorTypes.INTEGRITY,
            "the budget table has no row",
            file=scanner.scan.files.get(TableName.BUDGET),
            expected="one row per budget",
        )
    ]
