"""A budget book imported straight into a canonical package, its rows written as read.

Memory does not grow with the rows: the importer
(:meth:`~nerima_opendata.readers.book.OpenBook.assemble`) sends each record to a sink as
soon as it is made; each budget's code list, lines and line amounts go to temporary CSV
files, which are then joined, budget after budget, into the package's tables. The bytes
are those :func:`~nerima_opendata.publication.build.write_package` writes for the same
budgets in memory. The package is written atomically, and checked before it replaces
``out``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from nerima_opendata.files.atomic import atomic_directory
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.scratch import scratch
from nerima_opendata.model import BudgetInfo, Record
from nerima_opendata.model.book import BudgetLine, Classification
from nerima_opendata.model.enums import Direction, DocumentKind, TableName
from nerima_opendata.model.schema import cell
from nerima_opendata.model.summary import BudgetSummary
from nerima_opendata.model.tables import (
    BUDGET_ID_COLUMN,
    CODE_COLUMN,
    NAME_COLUMN,
    TABLES,
    TableSpec,
    tables_for,
)
from nerima_opendata.publication.build import BuildResult, layout_entry
from nerima_opendata.publication.layout import Layout
from nerima_opendata.readers.book import OpenBook, Progress
from nerima_opendata.writers.csv import ENCODING, new_writer, write_csv
from nerima_opendata.writers.datapackage import FileEntry, dumps, package_descriptor
from nerima_opendata.writers.formats import DESCRIPTOR

__all__ = ["Check", "write_book_package"]

#: How the package is checked before it replaces ``out``: given its directory, raises
#: (e.g. :class:`~nerima_opendata.errors.InvalidPackageError`) when it is not valid.
Check = Callable[[Path], None]
#: The tables written as the rows are read (the others are small, held in memory).
_STREAMED = (TableName.CLASSIFICATIONS, TableName.LINES, TableName.LINE_AMOUNTS)


def _row_maker(spec: TableSpec, info: BudgetInfo) -> Callable[[Record], list[str]]:
    """``spec.row(record, info)`` with the column order worked out once, not per row (the
    same cells: the package's bytes are tested against the in-memory writer's)."""
    fields = {spec.column(name): name for name in spec.model.model_fields}
    standard = {
        CODE_COLUMN: info.municipality_code,
        NAME_COLUMN: info.municipality_name,
        BUDGET_ID_COLUMN: info.id,
    }
    plan = [(fields.get(column), cell(standard.get(column))) for column in spec.columns]

    def row(record: Record) -> list[str]:
        return [cell(getattr(record, name)) if name else fixed for name, fixed in plan]

    return row


class _BudgetFiles:
    """A sink for one budget: each record a row of its table's temporary CSV file, and
    the counts its summary needs."""

    def __init__(self, stack: ExitStack, directory: Path, index: int, info: BudgetInfo) -> None:
        self.info = info
        self.paths = {name: directory / f"{index}_{name}.csv" for name in _STREAMED}
        self.specs = {spec.model: spec for spec in TABLES if spec.name in _STREAMED}
        self._streams: dict[TableName, TextIO] = {}
        self._writers: dict[type[Record], Any] = {}
        self._rows = {model: _row_maker(spec, info) for model, spec in self.specs.items()}
        for spec in self.specs.values():
            stream = stack.enter_context(
                self.paths[spec.name].open("w", encoding="utf-8", newline="")
            )
            self._streams[spec.name] = stream
            self._writers[spec.model] = new_writer(stream)
        self.counts = dict.fromkeys(_STREAMED, 0)
        self.accounts: list[str] = []
        self.directions: list[Direction] = []
        self.total = 0

    def __call__(self, record: Record) -> None:
        spec = self.specs[type(record)]
        self._writers[spec.model].writerow(self._rows[spec.model](record))
        self.counts[spec.name] += 1
        if isinstance(record, BudgetLine):
            self.total += record.amount
        elif isinstance(record, Classification) and record.depth <= 1:
            if record.depth == 0:
                self.accounts.append(record.name)
            else:
                self.directions.append(Direction(record.code))

    def flush(self) -> None:
        for stream in self._streams.values():
            stream.flush()

    def summary(self, kinds: int, notes: int) -> BudgetSummary:
        return BudgetSummary(
            info=self.info,
            kind=DocumentKind.BOOK,
            accounts=tuple(self.accounts),
            directions=tuple(self.directions),
            classifications=self.counts[TableName.CLASSIFICATIONS],
            amount_kinds=kinds,
            lines=self.counts[TableName.LINES],
            line_amounts=self.counts[TableName.LINE_AMOUNTS],
            editorial_notes=notes,
            total=self.total,
        )


def _write_table(
    path: Path, spec: TableSpec, book: OpenBook, sinks: list[_BudgetFiles], notes: Any
) -> None:
    """One table: the rows of every budget, budget after budget."""
    with path.open("w", encoding=ENCODING, newline="") as stream:
        if spec.name in _STREAMED:
            new_writer(stream).writerow(spec.columns)
            for sink in sinks:
                with sink.paths[spec.name].open(encoding="utf-8", newline="") as part:
                    shutil.copyfileobj(part, stream)
            return
        held: dict[TableName, Callable[[int], tuple[Record, ...]]] = {
            TableName.BUDGET: lambda i: (book.infos[i],),
            TableName.EDITORIAL_NOTES: lambda i: notes[i],
            TableName.AMOUNT_KINDS: lambda _: book.kinds,
        }
        rows = ((r, info) for i, info in enumerate(book.infos) for r in held[spec.name](i))
        write_csv(stream, spec, rows)


def write_book_package(
    book: OpenBook,
    out: StrPath,
    *,
    progress: Progress | None = None,
    check: Check | None = None,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
) -> tuple[BuildResult, tuple[BudgetSummary, ...]]:
    """Import a book into the canonical package ``out`` (CSV tables and
    ``datapackage.json``), atomically, in memory that does not grow with its rows.

    Args:
        book: The book, read once (:func:`~nerima_opendata.readers.book.open_budget_book`).
        out: The package directory; replaced as a whole.
        progress: Called with (rows done, rows in all) while rows are read.
        check: How the package is checked before it replaces ``out`` (None: not); the
            public API passes validation.
        memory_limit: Keys each of the importer's stores holds before spilling to disk.

    Returns:
        What was written (no budgets in memory), and each budget's summary.

    Raises:
        BookImportError: A row breaks a rule; nothing is written.
        NerimaOpenDataError: What ``check`` raises; nothing is written.
        OutputError: ``out`` cannot be written; it is left as it was.
    """
    out = Path(out)
    layout = Layout(
        book.infos[0].municipality_code, linked_data=False, kinds=frozenset({DocumentKind.BOOK})
    )
    with atomic_directory(out) as tmp, ExitStack() as stack:
        work = Path(stack.enter_context(scratch("nerima-import-")))
        sinks = [_BudgetFiles(stack, work, i, info) for i, info in enumerate(book.infos)]
        notes = book.assemble(sinks, progress, memory_limit)
        entries: list[FileEntry] = []
        for sink in sinks:
            sink.flush()
        for spec in tables_for(layout.kinds):
            file = layout.file(spec.name)
            _write_table(tmp / file.path, spec, book, sinks, notes)
            entries.append(layout_entry(tmp, file))
        summaries = tuple(
            sink.summary(len(book.kinds), len(n)) for sink, n in zip(sinks, notes, strict=True)
        )
        descriptor = tmp / DESCRIPTOR
        descriptor.write_text(
            dumps(package_descriptor(summaries, entries, integrity=False)), encoding="utf-8"
        )
        if check is not None:
            check(tmp)
        files = (*((e.path, e.bytes) for e in entries), (DESCRIPTOR, descriptor.stat().st_size))
    return BuildResult(out=out, files=files), summaries
