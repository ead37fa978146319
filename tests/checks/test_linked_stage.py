"""The budget read back from the RDF against the CSV's (``checks/linked_stage.py``):
each table compared as a multiset, since RDF has no row order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nerima_opendata.checks.linked_stage import differing_tables
from nerima_opendata.model import Budget
from tests.test_book import book

BUDGET = Budget(**book())


def _reversed(budget: Budget) -> Budget:
    return budget.model_copy(
        update={
            "classifications": budget.classifications[::-1],
            "amount_kinds": budget.amount_kinds[::-1],
            "lines": budget.lines[::-1],
            "line_amounts": budget.line_amounts[::-1],
        }
    )


def _changed_line(budget: Budget) -> Budget:
    first, *rest = budget.lines
    return budget.model_copy(update={"lines": (first.model_copy(update={"amount": 1}), *rest)})


def _lost_kind(budget: Budget) -> Budget:
    return budget.model_copy(update={"amount_kinds": budget.amount_kinds[:-1]})


def _doubled_amount(budget: Budget) -> Budget:
    return budget.model_copy(update={"line_amounts": budget.line_amounts * 2})


#: (what is done to the budget read back, the tables reported)
CASES: list[tuple[str, Callable[[Budget], Budget], list[str]]] = [
    ("the-same", lambda b: b, []),
    ("every-table-in-another-order", _reversed, []),
    ("a-changed-line", _changed_line, ["lines"]),
    ("a-lost-kind", _lost_kind, ["amount_kinds"]),
    ("each-amount-twice", _doubled_amount, ["line_amounts"]),
]


@pytest.mark.parametrize(("name", "change", "differing"), CASES, ids=[c[0] for c in CASES])
def test_tables_are_compared_as_multisets(
    name: str, change: Callable[[Budget], Budget], differing: list[str]
) -> None:
    read_back = change(BUDGET)
    assert (read_back != BUDGET) is (name != "the-same"), name
    assert differing_tables(read_back, BUDGET) == differing
