"""The DCAT files of built publications: Nerima's brochure and a budget book."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from nerima_opendata import build, load_budget
from nerima_opendata.model import Budget
from tests.test_book import book

#: The budgets whose publication's DCAT file is checked.
BUDGETS: dict[str, Callable[[], Budget]] = {
    "nerima-brochure": load_budget,
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
