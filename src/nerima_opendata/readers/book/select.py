"""The first pass over a book's rows: which budgets the file holds, and the choices.

Every row's facts are read (see :mod:`nerima_opendata.readers.book.facts` for the rule),
and only what is small is remembered: the values each option chooses among (years,
phases, accounts), and for each budget its accounts, directions and row count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nerima_opendata.errors import BookImportError
from nerima_opendata.model.enums import (
    BudgetPhase,
    Certainty,
    Direction,
    EditorialKind,
    TableName,
)
from nerima_opendata.readers.book.facts import FactReader, Note, phase_note
from nerima_opendata.readers.book.plan import Plan, row_error
from nerima_opendata.readers.book.source import Row

__all__ = ["Group", "Selector"]


class _Choice:
    """What an option's choice among a fact's values needs: whether any row has the
    option's value, and the values the file has (few: years, phases, accounts)."""

    def __init__(self, option: object | None, column: str | None, what: str) -> None:
        self.option, self.column, self.what = option, column, what
        self.first: Row | None = None
        self.values: dict[str, None] = {}
        self.kept = False

    def see(self, row: Row, value: object, kept: bool) -> None:
        if self.option is None:
            return
        self.first = self.first or row
        self.values.setdefault(" ".join(value) if isinstance(value, tuple) else str(value))
        self.kept = self.kept or kept

    def check(self, plan: Plan) -> None:
        """Raises: BookImportError: the option chose a value no row has."""
        if self.option is None or self.kept or self.first is None:
            return
        message = (
            f"the file says one {self.what} and the option another"
            if len(self.values) == 1
            else f"the {self.what} chosen is not in the file"
        )
        raise row_error(
            plan,
            self.first,
            self.column,
            message,
            str(self.option),
            f"one of: {', '.join(self.values)}",
        )


@dataclass
class Group:
    """One budget of the file: its accounts' names and directions, in row order, and
    how many rows it has."""

    accounts: dict[str, None] = field(default_factory=dict)
    directions: dict[Direction, None] = field(default_factory=dict)
    rows: int = 0


class Selector:
    """Sees every row once (:meth:`see`), then says the budgets and notes (:meth:`finish`).

    A row whose fact cannot be read is remembered, and raised by :meth:`finish`: the
    shape of every row is checked first, as the file is read.
    """

    def __init__(self, reader: FactReader) -> None:
        plan, options = reader.plan, reader.options
        self.reader = reader
        self.years = _Choice(options.fiscal_year, plan.fiscal_year.name, "fiscal year")
        self.phases = _Choice(options.phase, reader.phase_column, "budget phase")
        account = options.account
        self.accounts = _Choice(
            (account, account) if account is not None else None,
            plan.account.name or plan.account.code,
            "account",
        )
        self.labels: dict[str, None] = {}
        self.named: dict[tuple[str, str], None] = {}
        self.groups: dict[tuple[int, BudgetPhase], Group] = {}
        self.error: BookImportError | None = None

    def see(self, row: Row) -> None:
        """Read the facts of a row (an error is kept for :meth:`finish`)."""
        if self.error is not None:
            return
        reader = self.reader
        try:
            year = reader.year(row)
            label, phase, phase_kept = reader.phase(row)
            account, account_kept = reader.account_of(row)
            direction = reader.direction(row)
        except BookImportError as error:
            self.error = error
            return
        year_kept = reader.options.fiscal_year in (None, year)
        self.years.see(row, year, year_kept)
        self.phases.see(row, label, phase_kept)
        self.accounts.see(row, account, account_kept)
        if phase_kept:
            self.labels.setdefault(label)
        if year_kept and phase_kept and account_kept:
            group = self.groups.setdefault((year, phase), Group())
            group.accounts.setdefault(account[1])
            group.directions.setdefault(direction)
            group.rows += 1
            self.named.setdefault(account)

    def finish(self) -> tuple[list[tuple[tuple[int, BudgetPhase], Group]], list[Note]]:
        """The budgets, by fiscal year then phase, and the notes the choices call for.

        Raises:
            BookImportError: A row's fact cannot be read, or an option chose a value no
                row has.
        """
        if self.error is not None:
            raise self.error
        plan = self.reader.plan
        for choice in (self.years, self.phases, self.accounts):
            choice.check(plan)
        order = list(BudgetPhase)
        groups = sorted(self.groups.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])))
        return groups, [*self.reader.notes, *self._phase_notes(), *self._account_notes()]

    def _phase_notes(self) -> list[Note]:
        reader = self.reader
        if reader.fixed_phase is not None:
            return []
        option = reader.options.phase
        certainty = Certainty.INFERRED if option is None else Certainty.CONFIRMED
        notes = []
        for label in self.labels:
            candidates = reader.candidates(label)
            if len(candidates) > 1:
                notes.append(phase_note(label, option or candidates[0], certainty))
        return notes

    def _account_notes(self) -> list[Note]:
        plan, mapping = self.reader.plan, self.reader.mapping
        if not plan.account.present or plan.account.code is not None:
            return []
        return [
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
            for code, name in self.named
        ]
