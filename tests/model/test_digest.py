"""The digest of a budget book: counts, totals to 目 and largest lines, in one pass."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from tests.real_books import ABIKO, TAMA, read
from tests.test_book import book

from nerima_opendata.model import Budget, BudgetLine, Classification, node_totals
from nerima_opendata.model.digest import (
    MOKU_DEPTH,
    DigestBuilder,
    ancestors,
    digest_book,
    view_of,
)

BOOKS: list[tuple[str, Callable[[], Budget]]] = [
    ("synthetic", lambda: Budget(**book())),
    ("tama", lambda: read(TAMA)),
    ("abiko", lambda: read(ABIKO)),
]


@pytest.mark.parametrize(("name", "make"), BOOKS, ids=[n for n, _ in BOOKS])
def test_the_digest_agrees_with_the_totals_of_the_whole_budget(
    name: str, make: Callable[[], Budget]
) -> None:
    budget = make()
    digest = budget.digest()
    upper = {c.id for c in budget.classifications if c.depth <= MOKU_DEPTH}
    assert [c.id for c in digest.upper] == [
        c.id for c in budget.classifications if c.depth <= MOKU_DEPTH
    ]
    for kind in (None, *(k.id for k in budget.amount_kinds)):
        expected = {k: v for k, v in node_totals(budget, kind).items() if k in upper}
        assert dict(digest.node_totals(kind)) == expected
        assert list(digest.node_totals(kind)) == list(expected)  # code-list order
    assert digest.total == sum(line.amount for line in budget.lines) == budget.total
    assert digest.line_count == len(budget.lines)
    assert digest.classification_count == len(budget.classifications)
    assert digest.line_amount_count == len(budget.line_amounts)
    largest = sorted(budget.lines, key=lambda x: (-x.amount, x.id))[:20]
    assert digest.top_lines == tuple(largest)
    names = {c.id: c for c in budget.classifications}
    for line in largest:
        path, node = [], names[line.classification_id]
        while node.depth >= 2:
            path.append(node.name)
            node = names[node.parent_id or ""]
        assert digest.paths[line.classification_id] == tuple(reversed(path))


def test_streams_are_read_once_and_a_head_carries_the_digest() -> None:
    budget = Budget(**book())
    calls = []

    def classifications() -> tuple[object, ...]:
        calls.append(1)
        return budget.classifications

    digest = digest_book(
        budget.amount_kinds,
        classifications,  # type: ignore[arg-type]
        iter(budget.lines),
        iter(budget.line_amounts),
        top=2,
    )
    assert len(calls) == 2 and [x.id for x in digest.top_lines] == [
        "1-expenditure-2-1",
        "1-expenditure-1-1",
    ]
    head = budget.model_copy(update={"classifications": (), "lines": (), "line_amounts": ()})
    head = head.with_digest(digest)
    assert head.total == budget.total == 357 and head.kind is budget.kind


@pytest.mark.parametrize(
    ("node", "deepest", "expected"),
    [
        ("1", 4, ["1"]),
        ("1-expenditure-2-1", 4, ["1", "1-expenditure", "1-expenditure-2", "1-expenditure-2-1"]),
        (
            "1-expenditure-2-1-3-9",
            3,
            ["1", "1-expenditure", "1-expenditure-2", "1-expenditure-2-1"],
        ),
        (
            "1-revenue-2-1-3-9",
            None,
            [
                "1",
                "1-revenue",
                "1-revenue-2",
                "1-revenue-2-1",
                "1-revenue-2-1-3",
                "1-revenue-2-1-3-9",
            ],
        ),
    ],
)
def test_ancestors_are_the_prefixes_of_the_path(
    node: str, deepest: int | None, expected: list[str]
) -> None:
    assert ancestors(node, deepest) == expected
    assert view_of(node) == "-".join(node.split("-")[:2])


@pytest.mark.parametrize("top", [1, 3, 20])
@pytest.mark.parametrize(("name", "make"), BOOKS, ids=[n for n, _ in BOOKS])
def test_records_pushed_one_at_a_time_give_the_same_digest(
    name: str, make: Callable[[], Budget], top: int
) -> None:
    budget = make()
    builder = DigestBuilder(top=top)
    for node in budget.classifications:
        builder.classification(node)
    for line in budget.lines:  # past the builder's first trim of its candidates (1,088)
        builder.line(line)
    for amount in budget.line_amounts:
        builder.line_amount(amount)
    names = [(c.id, c.name) for c in budget.classifications]
    pushed = builder.result(budget.amount_kinds, names)
    pulled = digest_book(
        budget.amount_kinds,
        lambda: budget.classifications,
        budget.lines,
        budget.line_amounts,
        top=top,
    )
    assert pushed == pulled
    assert pushed.top_lines == tuple(sorted(budget.lines, key=lambda x: (-x.amount, x.id))[:top])


@pytest.mark.parametrize(
    "node",
    [
        "1-expenditure",
        "1-expenditure-2",
        "1-expenditure-2-1",
        "1-expenditure-2-1-3",
        "1-expenditure-2-1-3-9",
        "1-expenditure-2-1-3-9-8",
    ],
)
def test_a_lines_amount_is_added_to_each_node_to_moku_above_it(node: str) -> None:
    """Lines at every depth, above 目, at it and below it, and a line amount."""
    builder = DigestBuilder(top=1)
    nodes = ancestors(node, None)
    for depth, upper in enumerate(nodes):
        builder.node(depth, partial(Classification.model_construct, id=upper, depth=depth))
    largest = BudgetLine.model_construct(id=node + ".a", classification_id=node, amount=700)
    builder.line_of(largest.id, node, 700, lambda: largest)
    builder.line_of(node + ".b", node, 5, lambda: pytest.fail("not among the largest"))
    builder.amount_of(node + ".a", "estimate", 30)
    digest = builder.result([], [(n, n.upper()) for n in nodes])
    assert [c.id for c in digest.upper] == ancestors(node)
    assert dict(digest.node_totals()) == dict.fromkeys(ancestors(node), 705)
    assert dict(digest.node_totals("estimate")) == dict.fromkeys(ancestors(node), 30)
    assert digest.top_lines == (largest,) and digest.total == 705
    assert digest.paths == {node: tuple(n.upper() for n in nodes[2:])}
