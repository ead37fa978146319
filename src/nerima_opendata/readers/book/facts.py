"""The facts of each row that say which budget it belongs to, and the options' part.

The rule, one for every fact (fiscal year, phase, account, unit, municipality):

* the file has a column for it and a single value: an option that differs is an error;
* the file has several values (several years, several accounts): the option selects one
  (an error if the file does not have it); without the option, every value is kept;
* the file has no column: the option fills it (an error if it is required and missing).
"""

from __future__ import annotations

from dataclasses import dataclass

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

__all__ = ["FactReader", "Note", "Options", "RowFacts", "municipality", "phase_note"]


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


def phase_note(label: str, phase: BudgetPhase, certainty: Certainty) -> Note:
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


class FactReader:
    """Reads the facts of each row, one row at a time.

    The facts the file lacks are checked once, here: an error when neither the file nor
    an option gives a required one.
    """

    def __init__(self, plan: Plan, mapping: Mapping, options: Options) -> None:
        self.plan, self.mapping, self.options = plan, mapping, options
        self.notes: list[Note] = []
        if plan.fiscal_year.name is None and options.fiscal_year is None:
            raise BookImportError(
                "the file has no fiscal-year column: give the fiscal year",
                expected="--fiscal-year YEAR (fiscal_year=...)",
                path=plan.columns.path,
            )
        self.phase_column = plan.phase.name or plan.phase.code
        self.fixed_phase: BudgetPhase | None = None
        if self.phase_column is None:
            phase = self.fixed_phase = options.phase or mapping.phase_default
            if phase is None:
                raise BookImportError(
                    "the file does not say the budget phase: give it",
                    expected="--phase " + "|".join(BudgetPhase),
                    path=plan.columns.path,
                )
            if options.phase is None:
                self.notes.append(phase_note("", phase, Certainty.INFERRED))
        self.account = _fixed_account(plan, mapping, options.account)

    def year(self, row: Row) -> int:
        option, at = self.options.fiscal_year, self.plan.fiscal_year.name_at
        if self.plan.fiscal_year.name is None and option is not None:
            return option
        cell = row.cells[at or 0]
        try:
            return read_fiscal_year(cell)
        except ValueProblem as problem:
            raise row_error(
                self.plan, row, self.plan.fiscal_year.name, problem.message, cell, problem.expected
            ) from None

    def phase(self, row: Row) -> tuple[str, BudgetPhase, bool]:
        """The row's phase label ('' without a column), its phase, and whether kept."""
        option, pair = self.options.phase, self.plan.phase
        if self.fixed_phase is not None:
            return "", self.fixed_phase, True
        at = pair.name_at if pair.name is not None else pair.code_at
        label = row.cells[at or 0].strip()
        if label not in self.mapping.phase.values:
            raise row_error(
                self.plan,
                row,
                self.phase_column,
                "a budget phase the mapping does not know",
                label,
                f"one of {', '.join(self.mapping.phase.values)}",
            )
        candidates = self.candidates(label)
        if option is None:
            return label, candidates[0], True
        return label, option, option in candidates

    def candidates(self, label: str) -> tuple[BudgetPhase, ...]:
        """The phases a label may mean: the mapping's, then its alternatives (当初)."""
        mapping = self.mapping
        return (
            BudgetPhase(mapping.phase.values[label]),
            *mapping.phase_alternatives.get(label, ()),
        )

    def account_of(self, row: Row) -> tuple[tuple[str, str], bool]:
        """The row's account (code, name), and whether the option keeps it."""
        if self.account is not None:
            return self.account, True
        account = _account(self.plan, self.mapping, row, self.plan.account)
        option = self.options.account
        return account, option is None or option in account

    def direction(self, row: Row) -> Direction:
        mapping, pair = self.mapping, self.plan.direction
        if mapping.direction is not None:
            return mapping.direction
        facet = mapping.direction_column
        values = facet.values if facet is not None else {}
        code, name = pair.read(row)
        value = values.get(name or code, code)
        if value not in set(Direction):
            raise row_error(
                self.plan,
                row,
                pair.name or pair.code,
                "not a direction (歳入歳出)",
                name or code,
                " or ".join([*values, *Direction]),
            )
        return Direction(value)

    def read(self, row: Row) -> RowFacts | None:
        """The row's facts, or None when an option leaves the row out.

        Raises:
            BookImportError: A fact of the row cannot be read.
        """
        year = self.year(row)
        _, phase, phase_kept = self.phase(row)
        account, account_kept = self.account_of(row)
        direction = self.direction(row)
        kept = (self.options.fiscal_year in (None, year)) and phase_kept and account_kept
        return RowFacts(year, phase, *account, direction) if kept else None


def _fixed_account(plan: Plan, mapping: Mapping, option: str | None) -> tuple[str, str] | None:
    """The account of every row, when the file has no account column (the option's)."""
    if plan.account.present:
        return None
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
    return code, option


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
