"""The records of a package's tables, streamed: some fields as the CSV's text equal the
records' fields (what a build writes the budget's members from), and rows read as text
print as the records do (what a build writes the RDF from)."""

from __future__ import annotations

import csv
import operator
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import (
    BeforeValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from nerima_opendata import write_package
from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.model import Budget, DocumentKind, Record, TableName
from nerima_opendata.model.base import NonEmpty
from nerima_opendata.model.enums import Direction
from nerima_opendata.model.tables import table_by_name, tables_for
from nerima_opendata.publication.book_build import BookSource
from nerima_opendata.readers.stream import RowSource, _text_plan
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
        partial(source.records, TableName.CLASSIFICATIONS),
        partial(source.records, TableName.LINES),
        partial(source.records, TableName.LINE_AMOUNTS),
    )
    assert list(held.keys(table, *fields)) == records
    picked = list(source.rows.picked(table_by_name(table), fields, budget_ids[index]))
    assert [values for values, _ in picked] == cells
    assert [record() for _, record in picked] == list(source.records(table))


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
    for read in (rows.cells, rows.picked):
        with pytest.raises(InputError, match="the lines table has no ") as raised:
            list(read(spec, ("id",)))
        assert raised.value.path == copy and raised.value.expected == spec.column("id")


def _printed(value: object) -> str | None:
    """A value as a writer prints it."""
    if value is None:
        return None
    return str(value.value if isinstance(value, Enum) else value)


@pytest.mark.parametrize("table", [s.name for s in tables_for(frozenset({DocumentKind.BOOK}))])
@pytest.mark.parametrize(("package", "index"), [("one", 0), ("two", 0), ("two", 1)])
def test_texts_print_as_the_records(
    packages: dict[str, tuple[Path, list[str]]], package: str, index: int, table: TableName
) -> None:
    directory, budget_ids = packages[package]
    spec = table_by_name(table)
    budget = budget_ids[index]
    rows = BookSource(directory, budget).rows
    records = list(rows.records(spec, budget))
    texts = list(rows.texts(spec, budget))
    assert len(texts) == len(records)
    for text, record in zip(texts, records, strict=True):
        for name in spec.model.model_fields:
            assert _printed(getattr(text, name)) == _printed(getattr(record, name)), name


#: The book tables whose rows are read as text (no boolean, date or list field).
AS_TEXT = [TableName.CLASSIFICATIONS, TableName.LINES, TableName.LINE_AMOUNTS]


@pytest.mark.parametrize("table", AS_TEXT)
def test_the_book_tables_are_read_without_the_model(
    packages: dict[str, tuple[Path, list[str]]], table: TableName
) -> None:
    directory, _ = packages["one"]
    rows = list(BookSource(directory).texts(table)())
    assert rows and not any(isinstance(row, Record) for row in rows)


#: (column's field, cell, what the row is): the model reads a row whose text it would not
#: keep as it is, and refuses one it refuses; "text" keeps the cell.
CELLS = [
    ("amount", "-5", "text"),
    ("amount", "0", "text"),
    ("amount", "+5", "record"),
    ("amount", "05", "record"),
    ("amount", " 5", "record"),
    ("amount", "1_000", "record"),
    ("amount", "5.5", "error"),
    ("amount", "", "error"),
    ("classification_id", "", "error"),
    ("department_name", "", "text"),
    ("department_name", "課\x07", "error"),
    ("department_name", "課\ufffe", "error"),
    ("department_name", "課\t名", "text"),
]


@pytest.mark.parametrize(("field", "cell", "expected"), CELLS)
def test_a_row_the_model_would_change_is_its_record(
    packages: dict[str, tuple[Path, list[str]]],
    tmp_path: Path,
    field: str,
    cell: str,
    expected: str,
) -> None:
    directory, _ = packages["one"]
    source = BookSource(directory)
    spec = table_by_name(TableName.LINES)
    with source.rows.path(spec).open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    table[1][table[0].index(spec.column(field))] = cell
    with (tmp_path / source.rows.path(spec).name).open(
        "w", encoding="utf-8-sig", newline=""
    ) as out:
        csv.writer(out).writerows(table)
    rows = RowSource(tmp_path, {str(spec.name): source.resources[str(spec.name)]})
    if expected == "error":
        with pytest.raises(RecordError):
            next(rows.texts(spec))
        return
    first = next(rows.texts(spec))
    assert isinstance(first, Record) == (expected == "record")
    record = next(rows.records(spec))
    assert [_printed(getattr(first, f)) for f in spec.model.model_fields] == [
        _printed(getattr(record, f)) for f in spec.model.model_fields
    ]


class _Plain(Record):
    count: Annotated[int, Field(ge=0)] | None = None
    name: NonEmpty
    direction: Direction | None = None


class _Stripped(Record):
    name: Annotated[str, StringConstraints(strip_whitespace=True)]


class _Before(Record):
    name: Annotated[str, BeforeValidator(str.upper)]


class _Flag(Record):
    flag: bool | None = None


class _Validated(Record):
    name: str

    @field_validator("name")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class _Checked(Record):
    name: str

    @model_validator(mode="after")
    def _check(self) -> _Checked:
        return self


#: (model, read as text): a model is read as text only when each field prints as its
#: canonical text and no validator of its own may change a value.
PLANS = [
    (_Plain, True),
    (_Checked, True),
    (_Stripped, False),
    (_Before, False),
    (_Flag, False),
    (_Validated, False),
]


@pytest.mark.parametrize(("model", "as_text"), PLANS)
def test_only_models_whose_text_is_their_value_are_read_as_text(
    model: type[Record], as_text: bool
) -> None:
    assert (_text_plan(model) is not None) is as_text
