"""The budget book's model: code list, amount kinds, lines, their rules and totals."""

from __future__ import annotations

from typing import Any

import pytest

from nerima_opendata.errors import RecordError
from nerima_opendata.model import (
    AmountKind,
    Budget,
    BudgetInfo,
    BudgetLine,
    Classification,
    Direction,
    LineAmount,
    classification_id,
    node_totals,
    totals_at_depth,
)

E = Direction.EXPENDITURE


def _node(depth: int, level: str, *path: str, name: str = "") -> Classification:
    account, *rest = path
    codes = rest[1:] if rest else []
    direction = Direction(rest[0]) if rest else None
    node_id = classification_id(account, direction, *codes)
    parent = None if depth == 0 else node_id.rsplit("-", 1)[0]
    return Classification(
        id=node_id, level=level, depth=depth, code=path[-1], name=name or level, parent_id=parent
    )


def book(phase: str = "approved", **changes: Any) -> dict[str, Any]:
    """The fields of a small budget book: one account, 2 款, 3 lines."""
    nodes = [
        _node(0, "会計", "1", name="一般会計"),
        _node(1, "歳入歳出", "1", "expenditure", name="歳出"),
        _node(2, "款", "1", "expenditure", "1", name="議会費"),
        _node(3, "項", "1", "expenditure", "1", "1", name="議会費"),
        _node(2, "款", "1", "expenditure", "2", name="総務費"),
        _node(3, "項", "1", "expenditure", "2", "1", name="総務管理費"),
        _node(3, "項", "1", "expenditure", "2", "2", name="徴税費"),
    ]
    lines = [
        BudgetLine(id="1-expenditure-1-1", classification_id="1-expenditure-1-1", amount=100),
        BudgetLine(id="1-expenditure-2-1", classification_id="1-expenditure-2-1", amount=250),
        BudgetLine(id="1-expenditure-2-2", classification_id="1-expenditure-2-2", amount=7),
    ]
    kinds = [
        AmountKind(
            id="budget", order=1, name="予算額", stage="budget", unit="thousand-yen", primary=True
        ),
        AmountKind(id="request", order=2, name="要求額", stage="request", unit="thousand-yen"),
    ]
    amounts = [
        LineAmount(
            id="1-expenditure-2-1_request",
            line_id="1-expenditure-2-1",
            kind_id="request",
            amount=300,
        ),
    ]
    info = BudgetInfo(
        municipality_code="132241",
        municipality_name="多摩市",
        fiscal_year=2021,
        phase=phase,
        title="一般会計予算",
        source_title="test",
    )
    fields: dict[str, Any] = {
        "info": info,
        "classifications": tuple(nodes),
        "lines": tuple(lines),
        "amount_kinds": tuple(kinds),
        "line_amounts": tuple(amounts),
    }
    fields.update(changes)
    return fields


def test_a_small_book_is_consistent_and_its_totals_are_derived() -> None:
    budget = Budget(**book())
    assert budget.kind == "book"
    assert budget.total == 357
    assert totals_at_depth(budget, 2) == {"1-expenditure-1": 100, "1-expenditure-2": 257}
    assert node_totals(budget)["1"] == 357
    assert node_totals(budget, "request") == {
        "1": 300,
        "1-expenditure": 300,
        "1-expenditure-2": 300,
        "1-expenditure-2-1": 300,
    }


def _with(field: str, index: int, **update: Any) -> dict[str, Any]:
    fields = book()
    records = list(fields[field])
    records[index] = records[index].model_copy(update=update)
    fields[field] = tuple(records)
    return fields


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param(_with("classifications", 3, depth=4), "one level below", id="depth"),
        pytest.param(
            _with("classifications", 1, code="sideways"), "depth 1 is the direction", id="dir"
        ),
        pytest.param(
            _with("lines", 0, classification_id="1-expenditure-2", id="1-expenditure-2"),
            "sits at a leaf",
            id="line-at-inner-node",
        ),
        pytest.param(_with("amount_kinds", 1, primary=True), "one primary", id="two-primaries"),
        pytest.param(_with("lines", 1, amount=-5), "negative amount", id="negative"),
        pytest.param(
            _with("lines", 1, classification_id="1-expenditure-9-9", id="1-expenditure-9-9"),
            "not in classifications",
            id="dangling",
        ),
        pytest.param(
            {**book(), "lines": book()["lines"] + book()["lines"][:1]},
            "duplicate ID",
            id="duplicate-line",
        ),
    ],
)
def test_inconsistent_books_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        Budget(**fields)


def test_a_negative_amount_is_valid_in_an_adjusted_budget() -> None:
    fields = book("adjusted")
    fields["lines"] = (fields["lines"][0].model_copy(update={"amount": -5}), *fields["lines"][1:])
    assert Budget(**fields).total == 252


@pytest.mark.parametrize(
    ("record", "update", "message"),
    [
        (BudgetLine, {"id": "x", "classification_id": "1-e", "amount": 1}, "分類ID"),
        (
            LineAmount,
            {"id": "a_b", "line_id": "a", "kind_id": "c", "amount": 1},
            "明細ID_金額種別ID",
        ),
        (BudgetLine, {"id": "1", "classification_id": "1", "amount": 1, "cofog": "1.1"}, "cofog"),
    ],
)
def test_record_level_checks(record: type, update: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        record(**update)
