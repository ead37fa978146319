"""The column names every table shares, taken from the models' aliases."""

from __future__ import annotations

from nerima_opendata.model.base import Record
from nerima_opendata.model.info import BudgetInfo

__all__ = [
    "BUDGET_ID_COLUMN",
    "CODE_COLUMN",
    "ID_COLUMN",
    "NAME_COLUMN",
    "STANDARD_COLUMNS",
    "alias",
]


def alias(model: type[Record], name: str) -> str:
    """The column name (the pydantic alias) of a model field, e.g. ``予算額``."""
    return model.model_fields[name].alias or name


CODE_COLUMN = alias(BudgetInfo, "municipality_code")
ID_COLUMN = alias(BudgetInfo, "id")
NAME_COLUMN = alias(BudgetInfo, "municipality_name")
#: The column of every other table that names the budget its row belongs to.
BUDGET_ID_COLUMN = "予算ID"
#: The 自治体標準 columns every CSV begins with.
STANDARD_COLUMNS = (CODE_COLUMN, ID_COLUMN, NAME_COLUMN)
