"""Primary and foreign keys, checked a batch of rows at a time: the same errors, in row
order, as a row-by-row reading gives, in memory and on disk, across batch edges."""

from __future__ import annotations

import pytest

from nerima_opendata.checks.keys import KeyChecks, key_of
from nerima_opendata.model.enums import TableName
from nerima_opendata.model.tables import TABLES, TableSpec

_LINES = next(s for s in TABLES if s.name is TableName.LINES)
_NODES = next(s for s in TABLES if s.name is TableName.CLASSIFICATIONS)
_ROWS = 1_300  # more than two batches (512 rows)

#: Row index → (the ID it repeats, the node it names, the budget it names), for the rows
#: that break a key; every other row has its own ID, node "n" and budget "b".
BROKEN: dict[str, dict[int, tuple[int | None, str, str]]] = {
    "none": {},
    "repeats-in-a-batch": {5: (4, "n", "b")},
    "repeats-across-the-edge": {512: (511, "n", "b"), 1_024: (3, "n", "b")},
    "repeats-itself-twice": {7: (6, "n", "b"), 8: (6, "n", "b")},
    "unknown-node": {10: (None, "x", "b"), 600: (None, "y", "b")},
    "unknown-budget": {1_100: (None, "n", "z")},
    "both-in-one-row": {1_299: (0, "x", "b")},
    "wrong-width": {20: (None, "", "")},
}


def _rows(broken: dict[int, tuple[int | None, str, str]]) -> list[tuple[int, list[str]]]:
    rows = []
    for index in range(_ROWS):
        repeats, node, budget = broken.get(index, (None, "n", "b"))
        cells = dict.fromkeys(_LINES.columns, "")
        cells.update({"ID": f"l{index if repeats is None else repeats}", "予算ID": budget})
        cells["分類ID"] = node
        row = list(cells.values())
        rows.append((index + 2, row[:-1] if (node, budget) == ("", "") else row))
    return rows


def _expected(rows: list[tuple[int, list[str]]]) -> list[tuple[int, str, str]]:
    seen: set[tuple[str, str]] = set()
    found = []
    for number, cells in rows:
        if len(cells) != len(_LINES.columns):
            continue
        at = dict(zip(_LINES.columns, cells, strict=True))
        if (at["予算ID"], at["ID"]) in seen:
            found.append((number, "primary-key", "予算ID, ID"))
        seen.add((at["予算ID"], at["ID"]))
        if at["予算ID"] != "b":
            found.append((number, "foreign-key", "予算ID"))
        if (at["予算ID"], at["分類ID"]) != ("b", "n"):
            found.append((number, "foreign-key", "予算ID, 分類ID"))
    return found


def _checked(spec: TableSpec, rows: list[tuple[int, list[str]]], limit: int) -> list[object]:
    with KeyChecks(memory_limit=limit) as checks:
        checks.ids(TableName.BUDGET).add(key_of("b"))
        for index in range(3):  # the store spills with a limit of 1
            checks.ids(TableName.CLASSIFICATIONS).add(
                key_of("b", "n" if index == 0 else f"m{index}")
            )
        errors = checks.table(spec, "lines.csv", rows)
    return [(e.row, e.type, e.field) for e in errors]


@pytest.mark.parametrize("limit", [1, 100_000])
@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_batched_keys_give_the_row_by_row_errors(
    broken: dict[int, tuple[int | None, str, str]], limit: int
) -> None:
    rows = _rows(broken)
    assert _checked(_LINES, rows, limit) == _expected(rows)


@pytest.mark.parametrize("limit", [1, 100_000])
def test_a_parent_is_looked_up_in_the_whole_table(limit: int) -> None:
    rows = []
    for index, parent in enumerate(["", "n1199", "n0", "x", "n1", ""] * 200):
        cells = dict.fromkeys(_NODES.columns, "")
        cells.update({"ID": f"n{index}", "予算ID": "b", "上位ID": parent})
        rows.append((index + 2, list(cells.values())))
    with KeyChecks(memory_limit=limit) as checks:
        checks.ids(TableName.BUDGET).add(key_of("b"))
        assert checks.table(_NODES, "nodes.csv", rows) == []
        errors = checks.self_references(_NODES, "nodes.csv", rows)
    # "n1199" is the last row's ID: found; "x" is none
    assert [e.row for e in errors] == [i + 2 for i in range(1_200) if i % 6 == 3]
    assert {e.type for e in errors} == {"foreign-key"}
