"""The facts of each row that say which budget it belongs to, and the options' part.

The rule, one for every fact (fiscal year, phase, account, unit, municipality):

* the file has a column for it and a single value: an option that differs is an error;
* the file has several values (several years, several accounts): the option selects one
  (an error if the file does not have it); without the option, every value is kept;
* the file has no column: the option fills it (an error if it is required and missing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from nerima_opendata.errors import BookImportError
from nerima_opendata.model.enums import (
    BudgetPhase,
    Certainty,
    Direction,
    EditorialKind,
    SourceUnit,
    TableName,
)
from nerima_opendata.readers.book.mapping import Mapping
from nerima_opendata.readers.book.plan import Pair, Plan, row_error
from nerima_opendata.readers.book.source import Row
from nerima_opendata.readers.book.values import ValueProblem, read_code, read_fiscal_year

__all__ = ["Note", "Options", "RowFacts", "Selection", "municipality", "select_rows"]

_V = TypeVar("_V")


@dataclass(frozen=True)
class Options:
    """What the caller says about the file (``None``: not said)."""

    municipality: str | None = None
    municipality_name: str | None = None
    fiscal_year: int | None = None
    phase: BudgetPhase | None = None
    unit: SourceUnit | None = None
    account: str | None = None


@dataclass(frozen=True)
class RowFacts:
    """Which budget, account and direction a row belongs to."""

    fiscal_year: int
    phase: BudgetPhase
    account_code: str
    account_name: str
    direction: Direction


@dataclass(frozen=True)
class Note:
    """An editorial note to record in every budget read (before it has an ID)."""

    table: TableName
    target: str | None
    kind: EditorialKind
    certainty: Certainty
    note: str
    note_en: str


@dataclass
class Selection:
    """The rows kept, with their facts, and the notes the choices call for."""

    rows: list[tuple[Row, RowFacts]]
    notes: list[Note] = field(default_factory=list)


def _choose(
    plan: Plan,
    rows: Sequence[Row],
    values: Sequence[_V],
    option: _V | None,
    column: str | None,
    what: str,
    matches: Callable[[_V, _V], bool] = lambda a, b: a == b,
) -> list[bool]:
    """Which rows the option keeps (see the module's rule)."""
    if option is None:
        return [True] * len(rows)
    kept = [matches(option, v) for v in values]
    if any(kept):
        return kept
    distinct = list(dict.fromkeys(" ".join(v) if isinstance(v, tuple) else str(v) for v in values))
    message = (
        f"the file says one {what} and the option another"
        if len(distinct) == 1
        else f"the {what} chosen is not in the file"
    )
    raise row_error(plan, rows[0], column, message, str(option), f"one of: {', '.join(distinct)}")


def _years(plan: Plan, rows: Sequence[Row], option: int | None) -> list[int]:
    column = plan.fiscal_year.name
    if column is None:
        if option is None:
            raise BookImportError(
                "the file has no fiscal-year column: give the fiscal year",
                expected="--fiscal-year YEAR (fiscal_year=...)",
                path=plan.columns.path,
            )
        return [option] * len(rows)
    years = []
    for row in rows:
        cell = row.cells[plan.fiscal_year.name_at or 0]
        try:
            years.append(read_fiscal_year(cell))
        except ValueProblem as problem:
            raise row_error(plan, row, column, problem.message, cell, problem.expected) from None
    return years


def _phases(
    plan: Plan, mapping: Mapping, rows: Sequence[Row], option: BudgetPhase | None
) -> tuple[list[BudgetPhase], list[bool], list[Note]]:
    column = plan.phase.name or plan.phase.code
    if column is None:
        phase = option or mapping.phase_default
        if phase is None:
            raise BookImportError(
                "the file does not say the budget phase: give it",
                expected="--phase " + "|".join(BudgetPhase),
                path=plan.columns.path,
            )
        notes = []
        if option is None:
            notes.append(_phase_note("", phase, Certainty.INFERRED))
        return [phase] * len(rows), [True] * len(rows), notes
    at = plan.phase.name_at if plan.phase.name is not None else plan.phase.code_at
    labels = [row.cells[at or 0].strip() for row in rows]
    for row, label in zip(rows, labels, strict=True):
        if label not in mapping.phase.values:
            raise row_error(
                plan,
                row,
                column,
                "a budget phase the mapping does not know",
                label,
                f"one of {', '.join(mapping.phase.values)}",
            )

    def candidates(label: str) -> tuple[BudgetPhase, ...]:
        return (
            BudgetPhase(mapping.phase.values[label]),
            *mapping.phase_alternatives.get(label, ()),
        )

    kept = _choose(
        plan, rows, labels, option, column, "budget phase", lambda o, v: o in candidates(v)
    )
    phases = [option if option is not None else candidates(v)[0] for v in labels]
    notes = [
        _phase_note(label, option or candidates(label)[0], certainty)
        for label in dict.fromkeys(v for v, k in zip(labels, kept, strict=True) if k)
        if len(candidates(label)) > 1
        for certainty in [Certainty.INFERRED if option is None else Certainty.CONFIRMED]
    ]
    return phases, kept, notes


def _phase_note(label: str, phase: BudgetPhase, certainty: Certainty) -> Note:
    said = f"「{label}」" if label else "予算段階の記載なし"
    how = "指定による" if certainty is Certainty.CONFIRMED else "推定（--phase で変更可）"
    said_en = f"the file says {label!r}" if label else "the file does not say the phase"
    how_en = (
        "as the importer was told"
        if certainty is Certainty.CONFIRMED
        else ("inferred (--phase changes it)")
    )
    return Note(
        TableName.BUDGET,
        None,
        EditorialKind.SUPPLEMENTED,
        certainty,
        f"出典の予算段階は{said}。{phase.value}（{phase.label_ja}）とした: {how}。",
        f"The source's phase: {said_en}; read as {phase.value}, {how_en}.",
    )


def _account(plan: Plan, mapping: Mapping, row: Row, pair: Pair) -> tuple[str, str]:
    code, name = pair.read(row)
    if code:
        try:
            code = read_code(code)
        except ValueProblem as problem:
            raise row_error(plan, row, pair.code, problem.message, code, problem.expected) from None
    elif name in mapping.account.values:
        code = mapping.account.values[name]
    else:
        raise row_error(
            plan,
            row,
            pair.name or pair.code,
            "an account without a code, and the mapping has no code for its name",
            name or "an empty cell",
            f"an account code column, or the name in the mapping's [account] values "
            f"({mapping.path.name}; known: {', '.join(mapping.account.values) or 'none'})",
        )
    return code, name or code


def _accounts(
    plan: Plan, mapping: Mapping, rows: Sequence[Row], option: str | None
) -> tuple[list[tuple[str, str]], list[bool]]:
    pair = plan.account
    if not pair.present:
        if option is None:
            raise BookImportError(
                "the file has no account column: give the account",
                expected="--account NAME (account=...), e.g. 一般会計",
                path=plan.columns.path,
            )
        code = mapping.account.values.get(option)
        if code is None:
            raise BookImportError(
                "no code for this account in the mapping",
                found=option,
                expected=f"a name of the mapping's [account] values ({mapping.path.name}): "
                + (", ".join(mapping.account.values) or "none"),
                path=plan.columns.path,
            )
        return [(code, option)] * len(rows), [True] * len(rows)
    accounts = [_account(plan, mapping, row, pair) for row in rows]
    kept = _choose(
        plan,
        rows,
        accounts,
        (option, option) if option is not None else None,
        pair.name or pair.code,
        "account",
        lambda o, v: o[0] in v,
    )
    return accounts, kept


def _directions(plan: Plan, mapping: Mapping, rows: Sequence[Row]) -> list[Direction]:
    if mapping.direction is not None:
        return [mapping.direction] * len(rows)
    facet, pair = mapping.direction_column, plan.direction
    values = facet.values if facet is not None else {}
    found = []
    for row in rows:
        code, name = pair.read(row)
        value = values.get(name or code, code)
        if value not in set(Direction):
            raise row_error(
                plan,
                row,
                pair.name or pair.code,
                "not a direction (歳入歳出)",
                name or code,
                " or ".join([*values, *Direction]),
            )
        found.append(Direction(value))
    return found


def municipality(mapping: Mapping, options: Options, plan: Plan) -> tuple[str, str]:
    """The municipality's code and name: the mapping's, or the options'.

    Raises:
        BookImportError: They disagree, or neither gives one.
    """
    result = []
    for said, told, what in (
        (mapping.municipality, options.municipality, "local government code"),
        (mapping.municipality_name, options.municipality_name, "municipality name"),
    ):
        if said is not None and told is not None and said != told:
            raise BookImportError(
                f"the {what} differs from the format's ({mapping.path.name})",
                found=told,
                expected=said,
                path=plan.columns.path,
            )
        value = told or said
        if value is None:
            raise BookImportError(
                f"the {what} is required",
                expected="--municipality CODE and "
                "--municipality-name NAME (municipality=..., municipality_name=...)",
                path=plan.columns.path,
            )
        result.append(value)
    return result[0], result[1]


def select_rows(plan: Plan, mapping: Mapping, rows: Sequence[Row], options: Options) -> Selection:
    """Each row's facts, the rows the options keep, and the notes the choices call for.

    Raises:
        BookImportError: A fact cannot be read, or the file and an option disagree.
    """
    years = _years(plan, rows, options.fiscal_year)
    kept_year = _choose(
        plan, rows, years, options.fiscal_year, plan.fiscal_year.name, "fiscal year"
    )
    phases, kept_phase, notes = _phases(plan, mapping, rows, options.phase)
    accounts, kept_account = _accounts(plan, mapping, rows, options.account)
    directions = _directions(plan, mapping, rows)
    selection = Selection([], notes)
    for i, row in enumerate(rows):
        if kept_year[i] and kept_phase[i] and kept_account[i]:
            facts = RowFacts(years[i], phases[i], *accounts[i], directions[i])
            selection.rows.append((row, facts))
    if plan.account.present and plan.account.code is None:
        for code, name in dict.fromkeys(
            (f.account_code, f.account_name) for _, f in selection.rows
        ):
            selection.notes.append(
                Note(
                    TableName.CLASSIFICATIONS,
                    code,
                    EditorialKind.SUPPLEMENTED,
                    Certainty.INFERRED,
                    f"出典は会計の名称（{name}）のみを記載。コード {code} は取込定義"
                    f"（{mapping.path.name}）の対応表による。",
                    f"The source names the account ({name}) without a code; the code {code} "
                    f"comes from the mapping's table ({mapping.path.name}).",
                )
            )
    return selection
