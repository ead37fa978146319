"""Read a budget-book CSV into budgets, one per (fiscal year, phase), driven by a mapping."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, BudgetInfo
from nerima_opendata.model.book import AmountKind
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
from nerima_opendata.readers.book.assemble import Assembled, assemble
from nerima_opendata.readers.book.facts import (
    Note,
    Options,
    RowFacts,
    municipality,
    select_rows,
)
from nerima_opendata.readers.book.mapping import Mapping, load_mapping, shipped_mapping
from nerima_opendata.readers.book.plan import Plan, make_plan
from nerima_opendata.readers.book.source import Row, SourceFile, read_source
from nerima_opendata.readers.book.units import units

__all__ = ["CUSTOM", "Progress", "read_budget_book"]

#: The format name of a user's own mapping (``--mapping FILE.toml``).
CUSTOM = "custom"
#: A progress callback: rows done so far, rows in all.
Progress = Callable[[int, int], None]
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


def _title(accounts: Sequence[str], directions: Sequence[Direction], year: int) -> str:
    sides = "歳入歳出" if len(directions) > 1 else directions[0].label_ja
    return f"{format_fiscal_year(year)} {'・'.join(accounts)} {sides}予算（明細）"


@dataclass(frozen=True)
class _Shared:
    """What every budget of one file shares."""

    municipality: tuple[str, str]
    source_title: str
    source_url: str | None
    sha256: str
    kinds: tuple[AmountKind, ...]
    notes: tuple[Note, ...]


def _notes(notes: Sequence[Note], book: Assembled, budget_id: str) -> tuple[EditorialNote, ...]:
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


def _budget(
    key: tuple[int, BudgetPhase],
    rows: Sequence[tuple[Row, RowFacts]],
    book: Assembled,
    shared: _Shared,
) -> Budget:
    year, phase = key
    accounts = list(dict.fromkeys(f.account_name for _, f in rows))
    directions = list(dict.fromkeys(f.direction for _, f in rows))
    info = BudgetInfo(
        municipality_code=shared.municipality[0],
        municipality_name=shared.municipality[1],
        fiscal_year=year,
        phase=phase,
        title=_title(accounts, directions, year),
        source_title=shared.source_title,
        source_url=shared.source_url,
        source_sha256=shared.sha256,
    )
    return Budget(
        info=info,
        classifications=book.classifications(),
        amount_kinds=shared.kinds,
        lines=tuple(book.lines.values()),
        line_amounts=tuple(book.amounts),
        editorial_notes=_notes(shared.notes, book, info.id),
    )


def _groups(
    rows: Sequence[tuple[Row, RowFacts]],
) -> dict[tuple[int, BudgetPhase], list[tuple[Row, RowFacts]]]:
    order = list(BudgetPhase)
    groups: dict[tuple[int, BudgetPhase], list[tuple[Row, RowFacts]]] = {}
    for row, facts in rows:
        groups.setdefault((facts.fiscal_year, facts.phase), []).append((row, facts))
    return dict(sorted(groups.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1]))))


def read_budget_book(
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
    progress: Progress | None = None,
) -> tuple[Budget, ...]:
    """Read a budget-book CSV into budgets, one per (fiscal year, phase).

    The options fill what the file lacks; where the file and an option disagree, it is an
    error (see :mod:`nerima_opendata.readers.book.facts` for the rule).

    Args:
        source: The CSV file.
        format: A shipped format (``spendingjp``, ``setagaya``) or ``custom``.
        municipality: The local government code (6 digits with check digit).
        municipality_name: The municipality's name.
        fiscal_year: The fiscal year (Gregorian): fills or selects.
        phase: The budget phase: fills, selects, or reads an ambiguous label (当初).
        unit: The unit of the amounts (``yen``, ``thousand-yen``): fills.
        account: An account's name or code: fills or selects.
        encoding: The file's encoding; by default the mapping's, else detected.
        mapping: A mapping file (the ``custom`` format).
        source_title: The source's title; by default the format's and the file name.
        source_url: Where the source is published.
        progress: Called with (rows done, rows in all) while rows are read.

    Returns:
        The budgets, by fiscal year then phase.

    Raises:
        InputError: The file or mapping cannot be read, or an option is wrong.
        BookImportError: The file breaks a rule (the error names the row and column).
    """
    path = Path(source)
    rules = _mapping(format, mapping)
    options = Options(
        municipality,
        municipality_name,
        fiscal_year,
        _enum(BudgetPhase, phase, "phase"),
        _enum(SourceUnit, unit, "unit"),
        account,
    )
    src = read_source(path, rules, encoding)
    plan = make_plan(rules, src.columns)
    return _read(src, rules, plan, options, (source_title, source_url), progress)


def _read(
    src: SourceFile,
    rules: Mapping,
    plan: Plan,
    options: Options,
    about: tuple[str | None, str | None],
    progress: Progress | None,
) -> tuple[Budget, ...]:
    selection = select_rows(plan, rules, src.rows, options)
    unit_of = units(plan, rules, src.rows, options.unit)
    shared = _Shared(
        municipality=municipality(rules, options, plan),
        source_title=about[0] or f"{rules.title}: {src.path.name}",
        source_url=about[1],
        sha256=hashlib.sha256(src.raw).hexdigest(),
        kinds=_kinds(plan, unit_of),
        notes=(*selection.notes, *_ignored_notes(rules, plan)),
    )
    total, done = len(selection.rows), 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    budgets = []
    for key, rows in _groups(selection.rows).items():
        book = assemble(
            plan,
            rows,
            unit_of,
            keyed_by_department=rules.lines_keyed_by_department,
            subtotal_rows=rules.subtotal_rows,
            progress=step,
        )
        budgets.append(_budget(key, rows, book, shared))
    return tuple(budgets)


def _enum(kind: type[_E], value: _E | str | None, what: str) -> _E | None:
    if value is None or isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        raise InputError(
            f"unknown {what}", found=value, expected=" or ".join(m.value for m in kind)
        ) from None
