"""The streaming table checks: they find what upstream Frictionless finds, the book rules
give the same findings as the in-memory rules, and memory stays flat with the lines."""

from __future__ import annotations

import csv
import json
import shutil
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.checks.frictionless import run_frictionless
from nerima_opendata.checks.records import check_file
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.checks.tables import scan_tables
from nerima_opendata.checks.validation import inspect, validate
from nerima_opendata.model import DocumentKind, TableName
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, NAME_COLUMN, table_by_name, tables_for
from nerima_opendata.publication.build import write_package

from ..conftest import rehash
from ..real_books import TAMA, read

#: The standard columns, which no model field holds.
_STANDARD = {"budget_id": BUDGET_ID_COLUMN, "municipality_name": NAME_COLUMN}
BOOK = tables_for(frozenset({DocumentKind.BOOK}))
#: One cell edit: (table, data row index from 0, field, value).
Edit = tuple[TableName, int, str, str]


@pytest.fixture(scope="module")
def tama_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tama") / "pkg"
    write_package(read(TAMA), out)
    return out


@pytest.fixture
def book_copy(tama_package: Path, tmp_path: Path) -> Path:
    target = tmp_path / "pkg"
    shutil.copytree(tama_package, target)
    return target


def _file(directory: Path, table: TableName) -> Path:
    return next(directory.glob(f"*_{table}.csv"))


def _edit(directory: Path, edits: list[Edit]) -> None:
    for table, index, field, value in edits:
        path = _file(directory, table)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        column = _STANDARD.get(field) or table_by_name(table).column(field)
        rows[index + 1][rows[0].index(column)] = value
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
    rehash(directory)


def _resources(directory: Path) -> dict[Any, dict[str, Any]]:
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in descriptor["resources"]}


def _streamed(directory: Path, memory_limit: int = 100_000) -> Report:
    report = Report(path=directory)
    scan_tables(
        directory, _resources(directory), BOOK, report, keep=False, memory_limit=memory_limit
    )
    return report


#: Broken book packages: what upstream Frictionless (with its keys) reports of each, the
#: streaming checks must report too.
BROKEN: dict[str, list[Edit]] = {
    "bad-type": [(TableName.LINES, 0, "amount", "abc")],
    "missing-required": [(TableName.LINES, 1, "classification_id", "")],
    "duplicate-key": [(TableName.LINES, 2, "id", "1-expenditure-1-1-1-1-1")],
    "dangling-foreign-key": [
        (TableName.LINES, 0, "id", "9-expenditure-9"),
        (TableName.LINES, 0, "classification_id", "9-expenditure-9"),
    ],
    "dangling-parent": [(TableName.CLASSIFICATIONS, 2, "parent_id", "9-expenditure")],
    "dangling-budget": [(TableName.LINES, 3, "budget_id", "2099-approved")],
    "bad-enum": [(TableName.AMOUNT_KINDS, 0, "stage", "bogus")],
    "pattern": [(TableName.LINES, 0, "cofog", "1.1")],
    "negative-depth": [(TableName.CLASSIFICATIONS, 4, "depth", "-1")],
    # a repeated standard column, which no model field reads, is required too
    "empty-budget-id-of-a-line": [(TableName.LINES, 1, "budget_id", "")],
    "empty-budget-id-of-a-node": [(TableName.CLASSIFICATIONS, 3, "budget_id", "")],
    "empty-budget-id-of-an-amount-kind": [(TableName.AMOUNT_KINDS, 0, "budget_id", "")],
    "empty-municipality-name": [(TableName.LINES, 2, "municipality_name", "")],
}


def _where(errors: list[ReportError]) -> set[tuple[str | None, int | None, str | None]]:
    return {(e.file, e.row, e.field) for e in errors}


@pytest.mark.parametrize("edits", BROKEN.values(), ids=BROKEN.keys())
def test_streaming_finds_what_frictionless_finds(edits: list[Edit], book_copy: Path) -> None:
    _edit(book_copy, edits)
    upstream = Report(path=book_copy)
    run_frictionless(book_copy, upstream)  # the real upstream validation, keys and all
    assert upstream.errors
    streamed = _streamed(book_copy)
    assert _where(upstream.errors) <= _where(streamed.errors), streamed.render()
    keys = {"primary-key", "foreign-key"}
    assert {e.type for e in upstream.errors} & keys <= {e.type for e in streamed.errors}


#: Book packages whose rows are each valid but whose book rules are broken (or, for
#: "parent-after-child", hold: a node read before its parent).
RULES: dict[str, list[Edit]] = {
    "line-not-at-leaf": [
        (TableName.LINES, 0, "id", "1-expenditure-1-1-1-1"),
        (TableName.LINES, 0, "classification_id", "1-expenditure-1-1-1-1"),
    ],
    "no-primary-kind": [(TableName.AMOUNT_KINDS, 0, "primary", "False")],
    "negative-amount": [(TableName.LINES, 5, "amount", "-5")],
    "wrong-depth": [(TableName.CLASSIFICATIONS, 2, "depth", "5")],
    "direction-code": [(TableName.CLASSIFICATIONS, 1, "level", "款")],
    "standard-column": [(TableName.LINES, 3, "municipality_name", "多摩")],
}


def _move_direction_last(directory: Path) -> None:
    path = _file(directory, TableName.CLASSIFICATIONS)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = [rows[0], rows[1], *rows[3:], rows[2]]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    rehash(directory)


def _all(error: ReportError) -> tuple[Any, ...]:
    return tuple(error.to_dict().values())


@pytest.mark.parametrize("edits", [*RULES.values(), []], ids=[*RULES.keys(), "valid"])
@pytest.mark.parametrize("reorder", [False, True], ids=["parents-first", "parent-after-child"])
def test_book_rules_stream_like_in_memory(
    edits: list[Edit], reorder: bool, book_copy: Path
) -> None:
    _edit(book_copy, edits)
    if reorder:
        _move_direction_last(book_copy)
    in_memory, budgets = inspect(book_copy)
    streamed = validate(book_copy)
    assert sorted(map(_all, streamed.errors)) == sorted(map(_all, in_memory.errors))
    assert streamed.valid == (not edits) == bool(budgets), streamed.render()
    assert (
        streamed.checks
        == in_memory.checks
        == ["descriptor", "frictionless", "records", "integrity"]
    )


def test_frictionless_skipped_above_the_limit(
    book_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nerima_opendata.checks.validation.FRICTIONLESS_MAX_BYTES", 1000)
    assert validate(book_copy).valid
    _edit(book_copy, BROKEN["dangling-budget"])
    path = book_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] == TableName.LINES:
            resource.update(bytes=1, hash="sha256:" + "0" * 64)  # not the file's
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    report = validate(book_copy)
    assert "frictionless" not in report.checks
    assert report.notes and "frictionless skipped" in report.notes[0]
    assert {"byte-count", "hash-count", "foreign-key"} <= {e.type for e in report.errors}


def _synthetic(directory: Path, template: Path, lines: int) -> None:
    """A valid book package of ``lines`` lines, written row by row with the csv module."""
    directory.mkdir()
    descriptor = json.loads((template / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("bytes", None)
        resource.pop("hash", None)
    (directory / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for spec in BOOK:
        source = (
            _file(template, spec.name) if not spec.is_budget else template / "132241_budget.csv"
        )
        with source.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        keep = {TableName.CLASSIFICATIONS: 2, TableName.LINES: 0}.get(spec.name, len(rows))
        with (directory / source.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerows(rows[: keep + 1])
            if spec.name in (TableName.CLASSIFICATIONS, TableName.LINES):
                writer.writerows(_generated(spec.name, rows[1], lines))


def _generated(table: TableName, first: list[str], count: int) -> Iterator[list[str]]:
    code, _, name, budget = first[:4]
    for i in range(1, count + 1):
        node = f"1-expenditure-{i}"
        if table is TableName.CLASSIFICATIONS:
            yield [code, node, name, budget, "款", "2", str(i), f"款{i}", "", "1-expenditure"]
        else:
            yield [code, node, name, budget, node, "", "", "", "", "", str(i * 1000), ""]


def _peak(directory: Path) -> int:
    resources = _resources(directory)
    tracemalloc.start()
    for spec in BOOK:
        assert not check_file(directory, resources[spec.name], spec).errors
    report = _streamed(directory, memory_limit=2_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert report.valid, report.render()
    return peak


def test_memory_does_not_grow_with_the_lines(tama_package: Path, tmp_path: Path) -> None:
    _synthetic(tmp_path / "small", tama_package, 10_000)
    _synthetic(tmp_path / "large", tama_package, 50_000)
    small, large = _peak(tmp_path / "small"), _peak(tmp_path / "large")
    assert large < small * 1.5 + 2_000_000, (small, large)
