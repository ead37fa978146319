"""Read a budget-book CSV into budgets, one per (fiscal year, phase), driven by a mapping."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple, TypedDict, TypeVar, Unpack

from nerima_opendata.errors import BookImportError, InputError
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, BudgetInfo
from nerima_opendata.model.base import Record
from nerima_opendata.model.book import AmountKind, BudgetLine, Classification, LineAmount
from nerima_opendata.model.enums import (
    BudgetPhase,
    Certainty,
    Direction,
    EditorialKind,
    SourceUnit,
    TableName,
)
from nerima_opendata.model.records import EditorialNote
from nerima_opendata.model.wareki import format_fiscal_year
from nerima_opendata.readers.book.assemble import Builder, Sink
from nerima_opendata.readers.book.facts import FactReader, Note, Options
from nerima_opendata.readers.book.facts import municipality as municipality_of
from nerima_opendata.readers.book.mapping import Mapping, load_mapping, shipped_mapping
from nerima_opendata.readers.book.plan import Plan, make_plan
from nerima_opendata.readers.book.select import Group, Selector
from nerima_opendata.readers.book.source import SourceFile, read_source
from nerima_opendata.readers.book.units import UnitColumn, units

__all__ = [
    "CUSTOM",
    "PROGRESS_EVERY",
    "BookOptions",
    "OpenBook",
    "Progress",
    "open_budget_book",
    "read_budget_book",
]

#: The format name of a user's own mapping (``--mapping FILE.toml``).
CUSTOM = "custom"
#: A progress callback: rows done so far, rows in all.
Progress = Callable[[int, int], None]
#: How often (in rows) progress is reported.
PROGRESS_EVERY = 500
_E = TypeVar("_E", bound=StrEnum)


def _mapping(fmt: str | None, mapping: StrPath | None) -> Mapping:
    if mapping is not None:
        if fmt not in (None, CUSTOM):
            raise InputError(
                "a mapping file is for the custom format",
                found=fmt,
                expected=f"format {CUSTOM!r} (or none) with a mapping file",
            )
        return load_mapping(mapping)
    if fmt in (None, CUSTOM):
        raise InputError(
            "the custom format needs a mapping file", expected="--mapping FILE.toml (mapping=...)"
        )
    return shipped_mapping(fmt)


def _kinds(plan: Plan, unit_of: dict[str, SourceUnit]) -> tuple[AmountKind, ...]:
    ordered = sorted(plan.amounts, key=lambda a: a.at)
    return tuple(
        AmountKind(
            id=a.amount.id,
            order=ordered.index(a) + 1,
            name=a.header,
            name_en=a.amount.name_en,
            stage=a.amount.stage,
            unit=unit_of[a.amount.id],
            primary=a.amount.primary,
        )
        for a in plan.amounts
    )


def _ignored_notes(mapping: Mapping, plan: Plan) -> list[Note]:
    notes = []
    for group in mapping.ignored:
        present = [h for h in group.columns if h in plan.columns.headers]
        if present:
            listed = "".join(f"「{h}」" for h in present)
            notes.append(
                Note(
                    TableName.BUDGET,
                    None,
                    EditorialKind.SCOPE,
                    Certainty.CONFIRMED,
                    f"出典の列{listed}は取り込んでいない。理由: {group.reason}",
                    f"Columns not imported ({', '.join(present)}): "
                    + (group.reason_en or group.reason),
                )
            )
    return notes


def _title(accounts: Iterable[str], directions: Sequence[Direction], year: int) -> str:
    sides = "歳入歳出" if len(directions) > 1 else directions[0].label_ja
    return f"{format_fiscal_year(year)} {'・'.join(accounts)} {sides}予算（明細）"


class BookOptions(TypedDict, total=False):
    """The options of an import, each described at :func:`open_budget_book`."""

    municipality: str | None
    municipality_name: str | None
    fiscal_year: int | None
    phase: BudgetPhase | str | None
    unit: SourceUnit | str | None
    account: str | None
    encoding: str | None
    mapping: StrPath | None
    source_title: str | None
    source_url: str | None
    issued: date | None
    modified: date | None


@dataclass(frozen=True)
class OpenBook:
    """A book whose rows have been read once: its budgets are known, not yet assembled.

    :meth:`assemble` reads the rows again and sends each budget's records to its sink.
    """

    source: SourceFile
    rules: Mapping
    plan: Plan
    reader: FactReader
    units: dict[str, SourceUnit]
    infos: tuple[BudgetInfo, ...]
    keys: tuple[tuple[int, BudgetPhase], ...]
    rows: int
    kinds: tuple[AmountKind, ...]
    notes: tuple[Note, ...]

    def assemble(
        self,
        sinks: Sequence[Sink],
        progress: Progress | None = None,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
    ) -> tuple[tuple[EditorialNote, ...], ...]:
        """Check every row and send the records of budget ``i`` to ``sinks[i]``, in
        source order; memory does not grow with the rows.

        Returns:
            The editorial notes of each budget.

        Raises:
            BookImportError: A row breaks a rule. As when budgets are read one after
                the other: the first budget's errors come first.
        """
        builders = [
            Builder(
                self.plan,
                self.units,
                keyed=self.rules.lines_keyed_by_department,
                subtotal_rows=self.rules.subtotal_rows,
                sink=sink,
                memory_limit=memory_limit,
            )
            for sink in sinks
        ]
        try:
            errors = self._rows(builders, progress)
            for index, builder in enumerate(builders):
                if index in errors:
                    raise errors[index]
                builder.finish()
            return tuple(
                _notes(self.notes, builder, info.id)
                for info, builder in zip(self.infos, builders, strict=True)
            )
        finally:
            for builder in builders:
                builder.close()

    def _rows(
        self, builders: list[Builder], progress: Progress | None
    ) -> dict[int, BookImportError]:
        """Send each row to its budget's builder; the first error of each budget (the
        budgets after one with an error are not read further)."""
        index = {key: i for i, key in enumerate(self.keys)}
        errors: dict[int, BookImportError] = {}
        limit, done = len(builders), 0
        for row in self.source.rows():
            facts = self.reader.read(row)
            if facts is None:
                continue
            at = index[(facts.fiscal_year, facts.phase)]
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, self.rows)
            if at >= limit:
                continue
            try:
                builders[at].add(row, facts)
            except BookImportError as error:
                errors[at], limit = error, at
                if at == 0:
                    break
        if progress is not None and not errors:  # the bar ends only when every row was read
            progress(self.rows, self.rows)
        return errors


def _notes(notes: Sequence[Note], book: Builder, budget_id: str) -> tuple[EditorialNote, ...]:
    kept = [n for n in notes if n.target is None or n.target in book.nodes]
    return tuple(
        EditorialNote(
            id=f"E{i}",
            target_table=n.table,
            target_id=n.target or budget_id,
            kind=n.kind,
            certainty=n.certainty,
            note=n.note,
            note_en=n.note_en,
        )
        for i, n in enumerate(kept, start=1)
    )


def open_budget_book(
    source: StrPath,
    format: str | None = None,
    *,
    municipality: str | None = None,
    municipality_name: str | None = None,
    fiscal_year: int | None = None,
    phase: BudgetPhase | str | None = None,
    unit: SourceUnit | str | None = None,
    account: str | None = None,
    encoding: str | None = None,
    mapping: StrPath | None = None,
    source_title: str | None = None,
    source_url: str | None = None,
    issued: date | None = None,
    modified: date | None = None,
) -> OpenBook:
    """Read a budget-book CSV once: its budgets, units and notes (see
    :func:`read_budget_book` for the options); :meth:`OpenBook.assemble` reads it again.

    Raises:
        InputError: The file or mapping cannot be read, or an option is wrong.
        BookImportError: The file breaks a rule (the error names the row and column).
    """
    about = _About(source_title, source_url, "", issued, modified).checked()
    rules = _mapping(format, mapping)
    options = Options(
        municipality,
        municipality_name,
        fiscal_year,
        _enum(BudgetPhase, phase, "phase"),
        _enum(SourceUnit, unit, "unit"),
        account,
    )
    src = read_source(Path(source), rules, encoding)
    plan = make_plan(rules, src.columns)
    reader = FactReader(plan, rules, options)
    selector, unit_column = Selector(reader), UnitColumn(plan, rules)
    for row in src.rows():
        selector.see(row)
        unit_column.see(row)
    groups, notes = selector.finish()
    unit_of = units(plan, rules, unit_column.unit, options.unit)
    place = municipality_of(rules, options, plan)
    about = about._replace(
        title=source_title or f"{rules.title}: {src.path.name}", sha256=src.sha256
    )
    return OpenBook(
        src,
        rules,
        plan,
        reader,
        unit_of,
        tuple(_info(place, key, group, about) for key, group in groups),
        tuple(key for key, _ in groups),
        sum(group.rows for _, group in groups),
        _kinds(plan, unit_of),
        (*notes, *_ignored_notes(rules, plan)),
    )


class _About(NamedTuple):
    """What every budget of the book says of its source."""

    title: str | None
    url: str | None
    sha256: str
    issued: date | None
    modified: date | None

    def checked(self) -> _About:
        """Itself; an ``InputError`` if the date of modification is before that of issue."""
        if self.issued and self.modified and self.modified < self.issued:
            raise InputError(
                "the date of modification is before the date of issue",
                found=f"modified {self.modified.isoformat()}",
                expected=f"{self.issued.isoformat()} or later (the date of issue)",
            )
        return self


def _info(
    place: tuple[str, str],
    key: tuple[int, BudgetPhase],
    group: Group,
    about: _About,
) -> BudgetInfo:
    """One budget's row of the budget table."""
    year, phase = key
    return BudgetInfo(
        municipality_code=place[0],
        municipality_name=place[1],
        fiscal_year=year,
        phase=phase,
        title=_title(group.accounts, list(group.directions), year),
        source_title=about.title or "",
        source_url=about.url,
        issued=about.issued,
        modified=about.modified,
        source_sha256=about.sha256,
    )


def read_budget_book(
    source: StrPath,
    format: str | None = None,
    *,
    progress: Progress | None = None,
    **options: Unpack[BookOptions],
) -> tuple[Budget, ...]:
    """Read a budget-book CSV into budgets, one per (fiscal year, phase), in memory.

    The options fill what the file lacks; where the file and an option disagree, it is an
    error (see :mod:`nerima_opendata.readers.book.facts` for the rule). A book too large
    for memory is written as it is read instead (:func:`open_budget_book`).

    Args:
        source: The CSV file.
        format: A shipped format (``spendingjp``, ``setagaya``) or ``custom``.
        progress: Called with (rows done, rows in all) while rows are read.
        options: Those of :func:`open_budget_book`: ``municipality`` (the local
            government code), ``municipality_name``, ``fiscal_year`` (fills or selects),
            ``phase`` (fills, selects, or reads an ambiguous 当初), ``unit`` (``yen``,
            ``thousand-yen``), ``account`` (a name or code: fills or selects),
            ``encoding``, ``mapping`` (a mapping file: the ``custom`` format),
            ``source_title``, ``source_url``, ``issued`` and ``modified`` (the source
            document's dates of publication and last revision).

    Returns:
        The budgets, by fiscal year then phase.

    Raises:
        InputError: The file or mapping cannot be read, or an option is wrong.
        BookImportError: The file breaks a rule (the error names the row and column).
    """
    book = open_budget_book(source, format, **options)
    tables: list[dict[type[Record], list[Record]]] = [defaultdict(list) for _ in book.infos]
    sinks = [lambda record, held=held: held[type(record)].append(record) for held in tables]
    notes = book.assemble(sinks, progress)
    return tuple(
        Budget(
            info=info,
            classifications=tuple(held[Classification]),
            amount_kinds=book.kinds,
            lines=tuple(held[BudgetLine]),
            line_amounts=tuple(held[LineAmount]),
            editorial_notes=notes_of,
        )
        for info, held, notes_of in zip(book.infos, tables, notes, strict=True)
    )


def _enum(kind: type[_E], value: _E | str | None, what: str) -> _E | None:
    if value is None or isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        raise InputError(
            f"unknown {what}", found=value, expected=" or ".join(m.value for m in kind)
        ) from None
