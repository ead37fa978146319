"""model.compare: what changed between two budgets, at every level, to the yen.

The figures that must hold, on a small book changed on purpose and on Setagaya's real
budgets: the changes of a node's children add up to its change (at every level); a budget
compared with itself has no change; swapping the two sides negates every change; and each
款 of Setagaya's general account changes by what the raw file gives, 2025 against 2026
and the request against the final amount of 2026.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from tests.real_books import REAL
from tests.test_book import book

from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.model import Budget, BudgetLine, Classification
from nerima_opendata.model.change import ChangeStatus, NodeChange, RenamingKind, change_rate
from nerima_opendata.model.compare import Comparison, Side, compare, select_side
from nerima_opendata.readers.book import read_budget_book

SETAGAYA = "setagaya_ippansaisyutu_2018-2026.csv"


def _primary(budget: Budget, spec: str = "2021") -> Side:
    return select_side([budget], spec)


def _changed() -> tuple[Budget, Budget]:
    """The book, and a year later: 議会費 up, one 総務費 line abolished, one new line under
    a new 項 (code 3) named as the abolished one (a possible renaming), 総務費 renamed."""
    before = Budget(**book())
    fields = book()
    fields["info"] = fields["info"].model_copy(
        update={"fiscal_year": 2022, "id": "2022-approved", "fiscal_year_label": "令和4年度"}
    )
    nodes = [n for n in fields["classifications"] if n.id != "1-expenditure-2-2"]
    nodes = [
        n.model_copy(update={"name": "総務費（新）"}) if n.id == "1-expenditure-2" else n
        for n in nodes
    ]
    nodes.append(
        Classification(
            id="1-expenditure-2-3",
            level="項",
            depth=3,
            code="3",
            name="徴税費",
            parent_id="1-expenditure-2",
        )
    )
    lines = [
        BudgetLine(id="1-expenditure-1-1", classification_id="1-expenditure-1-1", amount=130),
        BudgetLine(id="1-expenditure-2-1", classification_id="1-expenditure-2-1", amount=250),
        BudgetLine(id="1-expenditure-2-3", classification_id="1-expenditure-2-3", amount=9),
    ]
    fields.update(classifications=tuple(nodes), lines=tuple(lines), line_amounts=())
    return before, Budget(**fields)


@cache
def _setagaya() -> tuple[Budget, ...]:
    return tuple(
        read_budget_book(
            REAL / SETAGAYA, "setagaya", municipality="131121", municipality_name="世田谷区"
        )
    )


def _small() -> Comparison:
    before, after = _changed()
    return compare(_primary(before), _primary(after, "2022"))


def _setagaya_years() -> Comparison:
    budgets = _setagaya()
    return compare(select_side(budgets, "2025"), select_side(budgets, "2026"), account="1")


def _setagaya_stages() -> Comparison:
    budgets = _setagaya()
    return compare(
        select_side(budgets, "2026/request"), select_side(budgets, "2026/final"), account="1"
    )


COMPARISONS: dict[str, Callable[[], Comparison]] = {
    "small": _small,
    "setagaya-2025-2026": _setagaya_years,
    "setagaya-2026-request-final": _setagaya_stages,
}


@pytest.mark.parametrize("name", sorted(COMPARISONS))
def test_the_changes_of_the_children_add_up_at_every_level(name: str) -> None:
    comparison = COMPARISONS[name]()
    children: dict[str | None, list[NodeChange]] = defaultdict(list)
    for node in comparison.nodes:
        children[node.parent_id].append(node)
    lines: dict[str, int] = defaultdict(int)
    for line in comparison.lines:
        lines[line.classification_id] += line.change
    for node in comparison.nodes:
        below = sum(c.change for c in children[node.id]) + lines.get(node.id, 0)
        assert below == node.change, node.id
    roots = children[None]
    assert (
        sum(r.change for r in roots) == comparison.info.after_total - comparison.info.before_total
    )


@pytest.mark.parametrize("name", sorted(COMPARISONS))
def test_swapping_the_sides_negates_every_change(name: str) -> None:
    comparison = COMPARISONS[name]()
    info = comparison.info
    budgets = {b.info.id: b for b in (*_setagaya(), *_changed())}
    before = Side(
        budgets[info.before_budget_id], _kind(budgets[info.before_budget_id], info.before_kind_id)
    )
    after = Side(
        budgets[info.after_budget_id], _kind(budgets[info.after_budget_id], info.after_kind_id)
    )
    swapped = compare(after, before, account=info.account_code)
    assert {n.id: -n.change for n in comparison.nodes} == {n.id: n.change for n in swapped.nodes}
    assert {n.id: -n.change for n in comparison.lines} == {n.id: n.change for n in swapped.lines}
    flip = {ChangeStatus.NEW: ChangeStatus.ABOLISHED, ChangeStatus.ABOLISHED: ChangeStatus.NEW}
    assert {n.id: flip.get(n.status, n.status) for n in swapped.nodes} == {
        n.id: _opposite(n.status) for n in comparison.nodes
    }


def _kind(budget: Budget, kind_id: str) -> Any:
    return next(k for k in budget.amount_kinds if k.id == kind_id)


def _opposite(status: ChangeStatus) -> ChangeStatus:
    return {
        ChangeStatus.INCREASED: ChangeStatus.DECREASED,
        ChangeStatus.DECREASED: ChangeStatus.INCREASED,
    }.get(status, status)


@pytest.mark.parametrize("spec", ["2025", "2026/request", "2024/assessment"])
def test_a_budget_compared_with_itself_has_no_change(spec: str) -> None:
    side = select_side(_setagaya(), spec)
    comparison = compare(side, side)
    assert comparison.nodes and comparison.lines
    assert {c.change for c in (*comparison.nodes, *comparison.lines)} == {0}
    assert {c.status for c in (*comparison.nodes, *comparison.lines)} == {ChangeStatus.UNCHANGED}
    assert comparison.renamings == ()


def _raw_by_kan(year: int, column: str) -> dict[str, int]:
    """Yen by 款 of the general account (会計 1), summed straight from the raw file."""
    sums: dict[str, int] = defaultdict(int)
    with (REAL / SETAGAYA).open(encoding="cp932", newline="") as stream:
        for row in csv.DictReader(stream):
            if int(row["年度"]) == year and row["会計"] == "1":
                sums[row["款"]] += int(row[column].replace(",", "")) * 1000
    return sums


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("setagaya-2025-2026", (2025, "現計予算額"), (2026, "現計予算額")),
        ("setagaya-2026-request-final", (2026, "予算要求額"), (2026, "現計予算額")),
    ],
)
def test_each_kan_changes_by_what_the_raw_file_gives(
    name: str, before: tuple[int, str], after: tuple[int, str]
) -> None:
    comparison = COMPARISONS[name]()
    first, second = _raw_by_kan(*before), _raw_by_kan(*after)
    kan = {n.code: n for n in comparison.nodes if n.depth == 2}
    assert set(kan) == set(first) | set(second)
    for code, node in kan.items():
        assert (node.amount_before, node.amount_after) == (first.get(code), second.get(code))
        assert node.change == second.get(code, 0) - first.get(code, 0), code


def test_the_small_comparison_says_what_changed() -> None:
    comparison = _small()
    status = {c.id: c.status for c in comparison.lines}
    assert status == {
        "1-expenditure-1-1": ChangeStatus.INCREASED,
        "1-expenditure-2-1": ChangeStatus.UNCHANGED,
        "1-expenditure-2-3": ChangeStatus.NEW,
        "1-expenditure-2-2": ChangeStatus.ABOLISHED,
    }
    assert comparison.node("1-expenditure-1").change_rate == Decimal("30.00")
    assert comparison.node("1-expenditure-2-2").amount_after is None
    kinds = {(r.kind, r.before_id, r.after_id) for r in comparison.renamings}
    assert kinds == {
        (RenamingKind.NAME_CHANGED, "1-expenditure-2", "1-expenditure-2"),
        (RenamingKind.CODE_CHANGED, "1-expenditure-2-2", "1-expenditure-2-3"),
    }
    # a possible renaming is never a match: the two codes stay apart
    assert comparison.node("1-expenditure-2-3").status is ChangeStatus.NEW


@pytest.mark.parametrize(
    ("before", "after", "rate"),
    [
        (100, 130, "30.00"),
        (3, 4, "33.33"),
        (3, 5, "66.67"),
        (8, 7, "-12.50"),
        (0, 5, None),
        (None, 5, None),
        (7, None, "-100.00"),
    ],
)
def test_the_rate_is_exact_to_two_decimals(
    before: int | None, after: int | None, rate: str | None
) -> None:
    assert change_rate(before, after) == (None if rate is None else Decimal(rate))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("2030", "no budget book matches"),
        ("25", "named by its fiscal year"),
        ("2026/settled-later", "no single amount kind"),
        ("2026/adjusted", "no budget book matches"),
    ],
)
def test_a_spec_that_names_no_budget_is_an_error(spec: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        select_side(_setagaya(), spec)
    assert info.value.found == spec and info.value.expected


def test_a_change_that_does_not_follow_from_its_amounts_is_refused() -> None:
    node = _small().node("1-expenditure-1")
    with pytest.raises(RecordError, match="change does not follow"):
        NodeChange(**{**node.model_dump(), "change": node.change + 1})


def test_two_municipalities_are_not_compared() -> None:
    before, _ = _changed()
    other = Budget(
        **{**book(), "info": before.info.model_copy(update={"municipality_code": "131121"})}
    )
    with pytest.raises(InputError, match="two municipalities"):
        compare(_primary(before), _primary(other))
