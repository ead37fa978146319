"""The canonical model: records, the budget, tables, and values (amounts, 和暦, codes).

Everything here is pure: no I/O. Import the public names from this package::

    from nerima_opendata.model import Budget, BudgetInfo, BudgetPhase
"""

from nerima_opendata.model.base import Record
from nerima_opendata.model.budget import Budget
from nerima_opendata.model.enums import (
    TARGET_TABLES,
    BudgetPhase,
    Certainty,
    EditorialKind,
    TableName,
)
from nerima_opendata.model.info import BudgetInfo
from nerima_opendata.model.records import (
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)
from nerima_opendata.model.tables import TABLES, TableSpec

__all__ = [
    "TABLES",
    "TARGET_TABLES",
    "Budget",
    "BudgetInfo",
    "BudgetPhase",
    "Certainty",
    "EditorialKind",
    "EditorialNote",
    "GlossaryNote",
    "Initiative",
    "Pillar",
    "Project",
    "Record",
    "TableName",
    "TableSpec",
    "Tag",
]
