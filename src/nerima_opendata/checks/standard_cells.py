"""The standard columns a table repeats from the budget table, checked for a value.

A book or brochure table repeats, on every row, its budget's 予算ID and its
municipality's 全国地方公共団体コード and 地方公共団体名 (the "standard columns"). Where no
model field reads such a column, only the comparison with the budget table
(:func:`~nerima_opendata.checks.tables.standard_errors`) looked at it, and that needs
the budget to be found: an empty 予算ID went unreported when Frictionless did not run.
Each is a required field of the budget table, so an empty cell is the ``required``
constraint error Frictionless reports.
"""

from __future__ import annotations

from functools import cache

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import ReportError
from nerima_opendata.model.columns import BUDGET_ID_COLUMN, CODE_COLUMN, NAME_COLUMN

__all__ = ["empty_standard_cells"]

_STANDARD = (CODE_COLUMN, NAME_COLUMN, BUDGET_ID_COLUMN)


@cache
def _repeated(columns: tuple[str, ...], known: frozenset[str]) -> tuple[str, ...]:
    """A table's standard columns that its model (whose columns are ``known``) does
    not read."""
    return tuple(c for c in _STANDARD if c in columns and c not in known)


def empty_standard_cells(
    file: str, number: int, values: dict[str, str], columns: tuple[str, ...], known: frozenset[str]
) -> list[ReportError]:
    """A ``required`` error for each empty repeated standard column of one row.

    Args:
        file: The table's file.
        number: The row's number (the header is row 1).
        values: The row's cells by column.
        columns: The table's columns.
        known: The columns its model reads.
    """
    return [
        ReportError(
            ErrorTypes.CONSTRAINT,
            'Constraint Error: constraint "required" is "True"',
            file=file,
            row=number,
            field=column,
            found="",
            expected="a value (the column is required)",
        )
        for column in _repeated(columns, known)
        if values.get(column) == ""
    ]
