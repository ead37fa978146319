"""A budget book built from its package by streaming equals the in-memory build.

:func:`nerima_opendata.publication.book_build.build_book` never holds the lines; every
file it writes must be the bytes :func:`nerima_opendata.build` writes from the whole
budget, for a package holding the budget alone (copied tables) and for one holding
several budgets (filtered tables).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nerima_opendata import build, write_package
from nerima_opendata.model import Budget
from nerima_opendata.publication.book_build import build_book
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.readers.book import read_budget_book
from tests.real_books import REAL, TAMA, read
from tests.test_book import book


def _setagaya() -> tuple[Budget, ...]:
    budgets = read_budget_book(
        REAL / "setagaya_ippansaisyutu_2018-2026.csv",
        "setagaya",
        municipality="131121",
        municipality_name="世田谷区",
    )
    return tuple(b for b in budgets if b.info.fiscal_year in (2025, 2026))


CASES: list[tuple[str, Callable[[], tuple[Budget, ...]], int]] = [
    ("synthetic", lambda: (Budget(**book()),), 0),
    ("tama", lambda: (read(TAMA),), 0),
    ("setagaya-2025-of-two", _setagaya, 0),
    ("setagaya-2026-of-two", _setagaya, 1),
]


@pytest.mark.parametrize(("name", "budgets", "index"), CASES, ids=[c[0] for c in CASES])
def test_the_streamed_build_writes_the_same_bytes(
    tmp_path: Path, name: str, budgets: Callable[[], tuple[Budget, ...]], index: int
) -> None:
    items = budgets()
    write_package(items, tmp_path / "pkg")
    budget = items[index]
    expected = build(budget, tmp_path / "memory")
    streamed = build_book(
        tmp_path / "pkg", tmp_path / "stream", budget_id=budget.info.id, base_iri=DEFAULT_BASE_IRI
    )
    assert streamed.files == expected.files
    for file, _ in expected.files:
        same = (tmp_path / "memory" / file).read_bytes() == (
            tmp_path / "stream" / file
        ).read_bytes()
        assert same, file
    head = streamed.budget
    assert head.total == budget.total and head.kind is budget.kind
    assert head.digest().line_count == len(budget.lines)
