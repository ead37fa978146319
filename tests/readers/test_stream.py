"""The records of a package's tables, streamed: some fields as the CSV's text equal the
records' fields (what a build writes the budget's members from)."""

from __future__ import annotations

import operator
from pathlib import Path

import pytest

from nerima_opendata import write_package
from nerima_opendata.errors import InputError
from nerima_opendata.model import Budget, TableName
from nerima_opendata.model.tables import table_by_name
from nerima_opendata.publication.book_build import BookSource
from nerima_opendata.readers.stream import RowSource
from nerima_opendata.writers.rdf_rows import BookTables
from tests.test_book import book
from tests.test_book_build import _setagaya

#: (table, fields): the IDs the budget's members are made of
KEYS = [
    (TableName.CLASSIFICATIONS, ("id",)),
    (TableName.LINES, ("id",)),
    (TableName.LINE_AMOUNTS, ("line_id", "kind_id")),
    (TableName.LINES, ("classification_id", "id")),
]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    """A package of one budget (the synthetic book) and one of two (Setagaya's), with
    their budgets' IDs."""
    root = tmp_path_factory.mktemp("stream")
    made = {}
    for name, budgets in [("one", (Budget(**book()),)), ("two", _setagaya())]:
        write_package(budgets, root / name)
        made[name] = (root / name, [b.info.id for b in budgets])
    return made


@pytest.mark.parametrize(("table", "fields"), KEYS)
@pytest.mark.parametrize(("package", "index"), [("one", 0), ("two", 0), ("two", 1)])
def test_cells_are_the_records_fields(
    packages: dict[str, tuple[Path, list[str]]],
    package: str,
    index: int,
    table: TableName,
    fields: tuple[str, ...],
) -> None:
    directory, budget_ids = packages[package]
    source = BookSource(directory, budget_ids[index])
    get = operator.attrgetter(*fields)
    records = [get(r) if len(fields) > 1 else (get(r),) for r in source.records(table)]
    cells = list(source.cells(table, fields))
    assert cells == records
    assert len(cells) > 0
    every = list(source.rows.cells(table_by_name(table), fields))
    assert len(every) > len(cells) if package == "two" else every == cells
    held = BookTables(
        source.stream(TableName.CLASSIFICATIONS),
        source.stream(TableName.LINES),
        source.stream(TableName.LINE_AMOUNTS),
    )
    assert list(held.keys(table, *fields)) == records


def test_a_missing_column_is_an_input_error_naming_the_file(
    packages: dict[str, tuple[Path, list[str]]], tmp_path: Path
) -> None:
    directory, _ = packages["one"]
    source = BookSource(directory)
    spec = table_by_name(TableName.LINES)
    path = source.rows.path(spec)
    header, _, rest = path.read_text("utf-8-sig").partition("\n")
    copy = tmp_path / path.name
    copy.write_text(header.replace(spec.column("id"), "x") + "\n" + rest, "utf-8-sig")
    rows = RowSource(tmp_path, {str(spec.name): {"path": path.name}})
    with pytest.raises(InputError, match="the lines table has no ") as raised:
        list(rows.cells(spec, ("id",)))
    assert raised.value.path == copy and raised.value.expected == spec.column("id")
