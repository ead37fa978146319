"""The canonical model: records, the budget, tables, and values (amounts, 和暦, codes).

Everything here is pure: no I/O. Import the public names from this package::

    from nerima_opendata.model import Budget, BudgetInfo, BudgetPhase
"""

from nerima_opendata.model.budget import Budget
from nerima_opendata.model.enums import BudgetPhase, Certainty, EditorialKind
from nerima_opendata.model.records import (
    TARGET_TABLES,
    BudgetInfo,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Record,
    Tag,
)

__all__ = [
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
    "Tag",
]
