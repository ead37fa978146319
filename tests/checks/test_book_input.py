"""A build's input check: the digest made from the records the check reads is the
digest of the budget chosen, or none when the check cannot tell which."""

from __future__ import annotations

from pathlib import Path

import pytest

from nerima_opendata import write_package
from nerima_opendata.checks.book_input import checked_book
from nerima_opendata.model import Budget
from nerima_opendata.publication.book_build import BookSource
from tests.test_book import book
from tests.test_book_build import _setagaya


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Budget]]]:
    root = tmp_path_factory.mktemp("book_input")
    made = {}
    for name, budgets in [("one", (Budget(**book()),)), ("two", _setagaya())]:
        write_package(budgets, root / name)
        made[name] = (root / name, list(budgets))
    return made


#: (package, the budget asked for: its index, or None, or an ID no budget has)
CASES: list[tuple[str, int | str | None]] = [
    ("one", None),
    ("one", 0),
    ("two", 0),
    ("two", 1),
    ("two", None),
    ("two", "1999-approved"),
]


@pytest.mark.parametrize(("package", "asked"), CASES)
def test_the_checks_digest_is_the_chosen_budgets(
    packages: dict[str, tuple[Path, list[Budget]]], package: str, asked: int | str | None
) -> None:
    directory, budgets = packages[package]
    budget_id = budgets[asked].info.id if isinstance(asked, int) else asked
    report, digest = checked_book(directory, budget_id)
    assert report.valid
    if (budget_id is None and len(budgets) > 1) or asked == "1999-approved":
        assert digest is None  # which budget: the build says (BookSource refuses)
        return
    chosen = budgets[asked if isinstance(asked, int) else 0]
    expected = chosen.digest()
    assert digest == expected == BookSource(directory, budget_id).digest()
    # the same order too (== of dicts does not compare it)
    assert list(digest.totals) == list(expected.totals)
    for kind, totals in digest.totals.items():
        assert list(totals) == list(expected.totals[kind])
    assert list(digest.paths) == list(expected.paths)
