"""nerima-opendata: a municipal budget as first-class open data.

>>> import nerima_opendata
>>> budget = nerima_opendata.load_budget()
>>> len(budget.projects), budget.total
(26, 43201890000)
"""

from nerima_opendata.amounts import format_amount, parse_amount
from nerima_opendata.api import build_publication, default_package, ingest, load_budget
from nerima_opendata.codes import check_digit, validate_local_government_code
from nerima_opendata.errors import (
    AmountError,
    CodeError,
    InputError,
    InvalidPackageError,
    NerimaOpenDataError,
    OutputError,
    SourceParseError,
    WarekiError,
)
from nerima_opendata.models import (
    Budget,
    BudgetInfo,
    BudgetPhase,
    Certainty,
    EditorialKind,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)
from nerima_opendata.publication import BuildResult, build, write_package
from nerima_opendata.report import Report, ReportError
from nerima_opendata.validate import validate
from nerima_opendata.wareki import format_fiscal_year, parse_wareki_year

__version__ = "0.1.0"

__all__ = [
    "AmountError",
    "Budget",
    "BudgetInfo",
    "BudgetPhase",
    "BuildResult",
    "Certainty",
    "CodeError",
    "EditorialKind",
    "EditorialNote",
    "GlossaryNote",
    "Initiative",
    "InputError",
    "InvalidPackageError",
    "NerimaOpenDataError",
    "OutputError",
    "Pillar",
    "Project",
    "Report",
    "ReportError",
    "SourceParseError",
    "Tag",
    "WarekiError",
    "__version__",
    "build",
    "build_publication",
    "check_digit",
    "default_package",
    "format_amount",
    "format_fiscal_year",
    "ingest",
    "load_budget",
    "parse_amount",
    "parse_wareki_year",
    "validate",
    "validate_local_government_code",
    "write_package",
]
