"""nerima-opendata: a municipal budget as first-class open data.

>>> import nerima_opendata
>>> budget = nerima_opendata.load_budget()
>>> len(budget.projects), budget.total
(26, 43201890000)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nerima_opendata._version import __version__

if TYPE_CHECKING:
    from nerima_opendata.api import (
        ImportResult,
        IngestResult,
        build_publication,
        compare_budgets,
        default_package,
        import_budget_book,
        ingest,
        load_budget,
        load_budgets,
        to_jsonld,
    )
    from nerima_opendata.checks.report import Report, ReportError
    from nerima_opendata.checks.validation import validate
    from nerima_opendata.errors import (
        AmountError,
        BookImportError,
        CodeError,
        EndpointError,
        InputError,
        InvalidPackageError,
        MissingDependencyError,
        NerimaOpenDataError,
        OutputError,
        RecordError,
        SourceParseError,
        WarekiError,
    )
    from nerima_opendata.model import (
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
        TableName,
        Tag,
    )
    from nerima_opendata.model.amounts import format_amount, parse_amount
    from nerima_opendata.model.codes import check_digit, validate_local_government_code
    from nerima_opendata.model.compare import Comparison
    from nerima_opendata.model.wareki import format_fiscal_year, parse_wareki_year
    from nerima_opendata.publication.build import BuildResult, build, write_package
    from nerima_opendata.publication.compare_build import CompareResult
    from nerima_opendata.readers.rows import iter_rows
    from nerima_opendata.writers.csv import write_rows
    from nerima_opendata.writers.dcat import to_dcat
    from nerima_opendata.writers.rdf import to_graph

#: Where each public name lives; modules are imported on first use, so that
#: ``nerima-opendata --help`` does not pay for pydantic models and frictionless.
_LAZY: dict[str, str] = {
    "CompareResult": "nerima_opendata.publication.compare_build",
    "Comparison": "nerima_opendata.model.compare",
    "compare_budgets": "nerima_opendata.api",
    "AmountError": "nerima_opendata.errors",
    "BookImportError": "nerima_opendata.errors",
    "Budget": "nerima_opendata.model",
    "BudgetInfo": "nerima_opendata.model",
    "BudgetPhase": "nerima_opendata.model",
    "BuildResult": "nerima_opendata.publication.build",
    "Certainty": "nerima_opendata.model",
    "CodeError": "nerima_opendata.errors",
    "EditorialKind": "nerima_opendata.model",
    "EditorialNote": "nerima_opendata.model",
    "EndpointError": "nerima_opendata.errors",
    "GlossaryNote": "nerima_opendata.model",
    "ImportResult": "nerima_opendata.api",
    "IngestResult": "nerima_opendata.api",
    "Initiative": "nerima_opendata.model",
    "InputError": "nerima_opendata.errors",
    "InvalidPackageError": "nerima_opendata.errors",
    "MissingDependencyError": "nerima_opendata.errors",
    "NerimaOpenDataError": "nerima_opendata.errors",
    "OutputError": "nerima_opendata.errors",
    "Pillar": "nerima_opendata.model",
    "Project": "nerima_opendata.model",
    "RecordError": "nerima_opendata.errors",
    "Report": "nerima_opendata.checks.report",
    "ReportError": "nerima_opendata.checks.report",
    "SourceParseError": "nerima_opendata.errors",
    "TableName": "nerima_opendata.model",
    "Tag": "nerima_opendata.model",
    "WarekiError": "nerima_opendata.errors",
    "build": "nerima_opendata.publication.build",
    "build_publication": "nerima_opendata.api",
    "check_digit": "nerima_opendata.model.codes",
    "default_package": "nerima_opendata.api",
    "format_amount": "nerima_opendata.model.amounts",
    "format_fiscal_year": "nerima_opendata.model.wareki",
    "import_budget_book": "nerima_opendata.api",
    "ingest": "nerima_opendata.api",
    "iter_rows": "nerima_opendata.readers.rows",
    "load_budget": "nerima_opendata.api",
    "load_budgets": "nerima_opendata.api",
    "parse_amount": "nerima_opendata.model.amounts",
    "parse_wareki_year": "nerima_opendata.model.wareki",
    "to_dcat": "nerima_opendata.writers.dcat",
    "to_graph": "nerima_opendata.writers.rdf",
    "to_jsonld": "nerima_opendata.api",
    "validate": "nerima_opendata.checks.validation",
    "validate_local_government_code": "nerima_opendata.model.codes",
    "write_package": "nerima_opendata.publication.build",
    "write_rows": "nerima_opendata.writers.csv",
}


__all__ = [
    "AmountError",
    "BookImportError",
    "Budget",
    "BudgetInfo",
    "BudgetPhase",
    "BuildResult",
    "Certainty",
    "CodeError",
    "CompareResult",
    "Comparison",
    "EditorialKind",
    "EditorialNote",
    "EndpointError",
    "GlossaryNote",
    "ImportResult",
    "IngestResult",
    "Initiative",
    "InputError",
    "InvalidPackageError",
    "MissingDependencyError",
    "NerimaOpenDataError",
    "OutputError",
    "Pillar",
    "Project",
    "RecordError",
    "Report",
    "ReportError",
    "SourceParseError",
    "TableName",
    "Tag",
    "WarekiError",
    "__version__",
    "build",
    "build_publication",
    "check_digit",
    "compare_budgets",
    "default_package",
    "format_amount",
    "format_fiscal_year",
    "import_budget_book",
    "ingest",
    "iter_rows",
    "load_budget",
    "load_budgets",
    "parse_amount",
    "parse_wareki_year",
    "to_dcat",
    "to_graph",
    "to_jsonld",
    "validate",
    "validate_local_government_code",
    "write_package",
    "write_rows",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nerima_opendata' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
