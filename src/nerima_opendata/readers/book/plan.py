"""Which column of the file gives which fact: the mapping resolved against one header.

The :class:`Plan` holds, for every fact, the header the file actually has (a mapping
lists variants: ``款名称`` or ``款名``), so that every later error names the column as
printed. A fact the mapping requires and the file lacks is an error here.
"""

from __future__ import annotations

from dataclasses import dataclass

from nerima_opendata.errors import BookImportError
from nerima_opendata.model.enums import SourceUnit
from nerima_opendata.readers.book.mapping import AmountColumn, Facet, Level, Mapping
from nerima_opendata.readers.book.source import Columns, Row

__all__ = ["AmountPlan", "LevelPlan", "Pair", "Plan", "make_plan", "row_error"]


@dataclass(frozen=True)
class Pair:
    """The code and name columns of a fact, as headers and positions (either may lack)."""

    code: str | None
    name: str | None
    code_at: int | None
    name_at: int | None

    def read(self, row: Row) -> tuple[str, str]:
        """The code and the name of a row, stripped ('' where there is no column)."""
        code = row.cells[self.code_at].strip() if self.code_at is not None else ""
        name = row.cells[self.name_at].strip() if self.name_at is not None else ""
        return code, name

    @property
    def present(self) -> bool:
        """Whether the file has either column."""
        return self.code is not None or self.name is not None


@dataclass(frozen=True)
class LevelPlan:
    """A level of the code list and its columns in this file."""

    level: Level
    columns: Pair


@dataclass(frozen=True)
class AmountPlan:
    """An amount column in this file: its header, position, and the unit its header says."""

    amount: AmountColumn
    header: str
    at: int
    header_unit: SourceUnit | None


@dataclass(frozen=True)
class Plan:
    """Every fact's column in this file (None where the file has none)."""

    columns: Columns
    fiscal_year: Pair
    phase: Pair
    unit: Pair
    direction: Pair
    account: Pair
    department: Pair
    nature: Pair
    levels: tuple[LevelPlan, ...]
    cofog: tuple[tuple[str, int], ...]
    amounts: tuple[AmountPlan, ...]


def _pair(columns: Columns, facet: Facet | None) -> Pair:
    if facet is None:
        return Pair(None, None, None, None)
    code, name = columns.find(facet.code), columns.find(facet.name)
    return Pair(
        code,
        name,
        columns.index(code) if code is not None else None,
        columns.index(name) if name is not None else None,
    )


def _level(columns: Columns, level: Level) -> LevelPlan | None:
    code = columns.find(level.code)
    if code is None and not level.required:
        return None
    code = columns.need(level.code, f"the code of {level.level}")
    name = columns.need(level.name, f"the name of {level.level}") if level.name else None
    return LevelPlan(
        level,
        Pair(code, name, columns.index(code), columns.index(name) if name is not None else None),
    )


def _amount(columns: Columns, amount: AmountColumn) -> AmountPlan:
    header = columns.need(amount.columns, f"the amount {amount.id} ({amount.stage.value})")
    return AmountPlan(amount, header, columns.index(header), amount.units.get(header))


def make_plan(mapping: Mapping, columns: Columns) -> Plan:
    """Resolve the mapping against the file's header.

    Raises:
        BookImportError: A required column (a required level, an amount) is missing.
    """
    levels = tuple(p for p in (_level(columns, lv) for lv in mapping.levels) if p is not None)
    fiscal_year = columns.find(mapping.fiscal_year)
    cofog = tuple((h, columns.index(h)) for h in mapping.cofog if h in columns.headers)
    plan = Plan(
        columns=columns,
        fiscal_year=Pair(
            None,
            fiscal_year,
            None,
            columns.index(fiscal_year) if fiscal_year is not None else None,
        ),
        phase=_pair(columns, mapping.phase),
        unit=_pair(columns, mapping.unit_column),
        direction=_pair(columns, mapping.direction_column),
        account=_pair(columns, mapping.account),
        department=_pair(columns, mapping.department),
        nature=_pair(columns, mapping.nature),
        levels=levels,
        cofog=cofog,
        amounts=tuple(_amount(columns, a) for a in mapping.amounts),
    )
    if mapping.direction_column is not None and not plan.direction.present:
        columns.need(mapping.direction_column.name or mapping.direction_column.code, "歳入歳出")
    return plan


def row_error(
    plan: Plan, row: Row, column: str | None, message: str, found: object, expected: str
) -> BookImportError:
    """An error about one cell (or one row, when ``column`` is None)."""
    return BookImportError(
        message,
        column=column,
        found=found,
        expected=expected,
        path=plan.columns.path,
        line=row.number,
    )
