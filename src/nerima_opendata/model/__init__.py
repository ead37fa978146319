"""The canonical model: records, the budget, tables, and values (amounts, 和暦, codes).

Everything here is pure: no I/O. Import the public names from this package::

    from nerima_opendata.model import Budget, BudgetInfo, BudgetPhase
"""

from nerima_opendata.model.base import Record
from nerima_opendata.model.book import (
    AmountKind,
    BudgetLine,
    Classification,
    LineAmount,
    amount_id,
    classification_id,
    line_id,
)
from nerima_opendata.model.budget import Budget
from nerima_opendata.model.change import (
    ChangeStatus,
    ComparisonInfo,
    LineChange,
    NodeChange,
    Renaming,
    RenamingKind,
)
from nerima_opendata.model.enums import (
    TARGET_TABLES,
    AmountStage,
    BudgetPhase,
    Certainty,
    Direction,
    DocumentKind,
    EditorialKind,
    SourceUnit,
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
from nerima_opendata.model.totals import node_totals, totals_at_depth

__all__ = [
    "TABLES",
    "TARGET_TABLES",
    "AmountKind",
    "AmountStage",
    "Budget",
    "BudgetInfo",
    "BudgetLine",
    "BudgetPhase",
    "Certainty",
    "ChangeStatus",
    "Classification",
    "ComparisonInfo",
    "Direction",
    "DocumentKind",
    "EditorialKind",
    "EditorialNote",
    "GlossaryNote",
    "Initiative",
    "LineAmount",
    "LineChange",
    "NodeChange",
    "Pillar",
    "Project",
    "Record",
    "Renaming",
    "RenamingKind",
    "SourceUnit",
    "TableName",
    "TableSpec",
    "Tag",
    "amount_id",
    "classification_id",
    "line_id",
    "node_totals",
    "totals_at_depth",
]
