"""The DCAT files of built publications: Nerima's brochure (as shipped, without dates,
and with dates of issue and modification) and a budget book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph

from nerima_opendata import build, load_budget
from nerima_opendata.model import Budget, BudgetInfo
from tests.test_book import book

#: Dates of issue and modification for a test (Nerima's source states none).
ISSUED, MODIFIED = date(2024, 2, 5), date(2024, 3, 1)


def dated(budget: Budget, issued: date | None = ISSUED, modified: date | None = MODIFIED) -> Budget:
    """The budget with these dates in its metadata (validated: modified not before issued)."""
    info = BudgetInfo.model_validate(
        {**budget.info.model_dump(), "issued": issued, "modified": modified}
    )
    return budget.model_copy(update={"info": info})


#: The budgets whose publication's DCAT file is checked.
BUDGETS: dict[str, Callable[[], Budget]] = {
    "nerima-brochure": load_budget,
    "dated-brochure": lambda: dated(load_budget()),
    "budget-book": lambda: Budget(**book()),
}


@pytest.fixture(scope="session", params=sorted(BUDGETS))
def dcat_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DCAT file of a publication built with the default bases."""
    out = tmp_path_factory.mktemp(request.param) / "out"
    build(BUDGETS[request.param](), out)
    (path,) = out.glob("*_dcat.ttl")
    return path


@pytest.fixture(scope="session")
def dcat_graph(dcat_file: Path) -> Graph:
    """The parsed DCAT file."""
    return Graph().parse(dcat_file)
