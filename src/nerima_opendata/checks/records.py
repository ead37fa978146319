"""Stage 3 of validation: each table's rows read into the models, every problem reported.

The reader never raises on bad data: it returns the records it could read and a
:class:`~nerima_opendata.checks.report.ReportError` for every cell or row it could not.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import ReportError
from nerima_opendata.checks.standard_cells import empty_standard_cells
from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.files.csvrows import csv_rows
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.text import decode
from nerima_opendata.model import Record
from nerima_opendata.model.annotations import field_type
from nerima_opendata.model.base import BOOL_TEXT_ERROR, BOOLEAN_TEXTS
from nerima_opendata.model.columns import alias
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, CODE_COLUMN, NAME_COLUMN
from nerima_opendata.readers.package import resource_path

__all__ = [
    "FileCheck",
    "RowRecord",
    "Table",
    "TableRead",
    "check_file",
    "expected_type",
    "file_count_errors",
    "read_table",
    "row_record",
    "table_rows",
]

_ASCII_INT = re.compile(r"-?[0-9]+")


class Table(Protocol):
    """What reading a table needs of its spec: its model and its columns (a budget's
    :class:`~nerima_opendata.model.tables.TableSpec`, a comparison's
    :class:`~nerima_opendata.model.change_tables.ChangeTable`)."""

    @property
    def model(self) -> type[Record]: ...

    @property
    def columns(self) -> list[str]: ...


@dataclass(frozen=True)
class RowRecord:
    """A record with the row it came from and its standard-column values."""

    row: int
    record: Record
    code: str | None
    name: str | None
    budget_id: str | None = None


@dataclass
class TableRead:
    """What reading one table gave: its records and the errors on the way."""

    file: str
    records: list[RowRecord]
    errors: list[ReportError]


def expected_type(spec: Table, column: str) -> str:
    """The type a column of ``spec`` expects, in plain words, for type errors."""
    inner = _column_types(spec.model).get(column)
    if inner is int:
        return "an integer in half-width digits, no thousands separators"
    return " or ".join(BOOLEAN_TEXTS) if inner is bool else "text"


def _integer_problem(cell: str) -> str | None:
    if _ASCII_INT.fullmatch(cell):
        return None
    if any("０" <= ch <= "９" for ch in cell):
        return "full-width digits in a number"
    if "," in cell:
        return "thousands separator in a number"
    return "not an integer"


_CHUNK = 1 << 20


def _scan_bytes(path: Path) -> tuple[int, str]:
    """Read a file in chunks: check it is UTF-8 and give its size and SHA-256, in
    bounded memory. Raises InputError (through :func:`decode`) when it is not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                decode(path.read_bytes(), path)  # raises the error with its line (rare path)
                raise
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            decode(path.read_bytes(), path)
            raise
    return size, digest.hexdigest()


def _source_error(file: str, exc: InputError) -> ReportError:
    encoding = "UTF-8" in (exc.expected or "") + exc.message
    return ReportError(
        ErrorTypes.ENCODING if encoding else ErrorTypes.SOURCE,
        exc.message,
        file=file,
        row=exc.line,
        found=None if exc.found is None else str(exc.found),
        expected=exc.expected,
    )


def _header_errors(file: str, header: list[str], spec: Table) -> list[ReportError]:
    """The header holds exactly the canonical columns, in their order."""
    errors = [
        ReportError(
            ErrorTypes.MISSING_LABEL,
            "a required column is missing",
            file=file,
            row=1,
            field=column,
            expected=f"a column named {column}",
        )
        for column in spec.columns
        if column not in header
    ]
    errors += [
        ReportError(
            ErrorTypes.EXTRA_LABEL,
            "a column the schema does not know",
            file=file,
            row=1,
            field=column,
            found=column,
            expected=f"only {','.join(spec.columns)}",
        )
        for column in header
        if column not in spec.columns
    ]
    if not errors and header != spec.columns:
        errors.append(
            ReportError(
                ErrorTypes.INCORRECT_LABEL,
                "the columns are in the wrong order",
                file=file,
                row=1,
                found=",".join(header),
                expected=",".join(spec.columns),
            )
        )
    return errors


@dataclass(frozen=True)
class FileCheck:
    """What checking a table's file gave: its errors, and its size and SHA-256."""

    errors: list[ReportError]
    size: int = 0
    sha256: str = ""


def check_file(directory: StrPath, resource: dict[str, Any], spec: Table) -> FileCheck:
    """Check that a table's file is a readable CSV in UTF-8 with exactly the canonical
    header, reading it in chunks (memory does not grow with the file): every line within
    :data:`~nerima_opendata.files.csvrows.MAX_LINE_CHARS`, every cell within the csv module's field limit."""
    file = str(resource.get("path"))
    try:
        path = resource_path(Path(directory), resource)
        size, sha256 = _scan_bytes(path)
        rows = csv_rows(path)
        header = next(rows, None)
        for _ in rows:  # every row parses, in bounded memory (read again by table_rows)
            pass
    except InputError as exc:
        return FileCheck([_source_error(file, exc)])
    except OSError as exc:
        error = ReportError(ErrorTypes.SOURCE, f"cannot read: {exc.strerror}", file=file)
        return FileCheck([error])
    if header is None:
        empty = ReportError(
            ErrorTypes.SOURCE,
            "the file is empty",
            file=file,
            expected=f"a header row: {','.join(spec.columns)}",
        )
        return FileCheck([empty])
    return FileCheck(_header_errors(file, header, spec), size, sha256)


def file_count_errors(resource: dict[str, Any], checked: FileCheck) -> list[ReportError]:
    """The file's size and SHA-256 against the descriptor's ``bytes`` and ``hash`` (what
    Frictionless checks), for when Frictionless does not run."""
    file = str(resource.get("path"))
    errors = []
    listed = resource.get("bytes")
    if listed is not None and listed != checked.size:
        errors.append(
            ReportError(
                ErrorTypes.BYTE_COUNT,
                "Byte Count Error: the file's size differs from the descriptor's bytes",
                file=file,
                found=f"{checked.size} bytes",
                expected=f"{listed} bytes",
            )
        )
    digest = resource.get("hash")
    actual = f"sha256:{checked.sha256}"
    if isinstance(digest, str) and digest.startswith("sha256:") and digest != actual:
        errors.append(
            ReportError(
                ErrorTypes.HASH_COUNT,
                "Hash Count Error: the file's SHA-256 differs from the descriptor's hash",
                file=file,
                found=actual,
                expected=digest,
            )
        )
    return errors


def table_rows(directory: StrPath, resource: dict[str, Any]) -> Iterator[tuple[int, list[str]]]:
    """The data rows of a table whose file :func:`check_file` passed, one at a time, with
    their row numbers (the header is row 1)."""
    rows = csv_rows(resource_path(Path(directory), resource))
    next(rows, None)
    yield from enumerate(rows, start=2)


@cache
def _model_columns(model: type[Record]) -> tuple[frozenset[str], frozenset[str]]:
    """A model's columns (each field's alias, or its name), and those of integers."""
    integers = {column for column, inner in _column_types(model).items() if inner is int}
    return frozenset(_column_types(model)), frozenset(integers)


@cache
def _column_types(model: type[Record]) -> dict[str, Any]:
    """A model's columns and the type of each one's value (``int`` for ``int | None``)."""
    fields = model.model_fields.items()
    return {alias(model, name): field_type(info.annotation).inner for name, info in fields}


def _cells(
    file: str, number: int, values: dict[str, str], spec: Table
) -> tuple[dict[str, str], list[ReportError]]:
    """The model's cells of one row, and a type error for each integer that is not one."""
    known, integers = _model_columns(spec.model)
    data: dict[str, str] = {}
    errors: list[ReportError] = []
    for column, cell in values.items():
        if column not in known or cell == "":
            continue
        if column in integers and (problem := _integer_problem(cell)):
            errors.append(
                ReportError(
                    ErrorTypes.TYPE,
                    problem,
                    file=file,
                    row=number,
                    field=column,
                    found=cell,
                    expected=expected_type(spec, column),
                )
            )
        else:
            data[column] = cell
    return data, errors


#: The report's kind of a model's error, by pydantic's type (else a constraint error).
_ERROR_KINDS = {"missing": ErrorTypes.MISSING_CELL, BOOL_TEXT_ERROR: ErrorTypes.TYPE}


def _record_errors(
    file: str, number: int, values: dict[str, str], spec: Table, exc: RecordError
) -> list[ReportError]:
    """Each problem the model found in a row, named by its column."""
    fields = spec.model.model_fields
    errors = []
    for err in exc.details:
        # Record-level validators name their column, found and expected in ctx.
        ctx = err.get("ctx") or {}
        loc = str(err["loc"][0]) if err["loc"] else None
        column = (fields[loc].alias or loc) if loc in fields else loc
        where: str | None = ctx.get("field", column)
        kind = _ERROR_KINDS.get(err["type"], ErrorTypes.CONSTRAINT)
        errors.append(
            ReportError(
                kind,
                str(ctx.get("message", err["msg"])),
                file=file,
                row=number,
                field=where,
                found=None
                if kind is ErrorTypes.MISSING_CELL
                else ctx.get("found", values.get(where or "")),
                expected=_expected(err),
            )
        )
    return errors


def row_record(
    file: str, number: int, cells: list[str], spec: Table
) -> tuple[RowRecord | None, list[ReportError]]:
    """One row read into a record of ``spec.model``, or the errors that kept it from it."""
    header = spec.columns
    if len(cells) != len(header):
        wrong = ReportError(
            ErrorTypes.MISSING_CELL if len(cells) < len(header) else ErrorTypes.EXTRA_CELL,
            "the row has the wrong number of cells (truncated or split row)",
            file=file,
            row=number,
            found=f"{len(cells)} cells",
            expected=f"{len(header)} cells",
        )
        return None, [wrong]
    values = dict(zip(header, cells, strict=True))
    data, bad = _cells(file, number, values, spec)
    if bad:
        return None, bad
    try:
        record = spec.model.model_validate(data)
    except RecordError as exc:
        return None, _record_errors(file, number, values, spec, exc)
    standard = [values.get(c) for c in (CODE_COLUMN, NAME_COLUMN, BUDGET_ID_COLUMN)]
    if "" in standard:  # rare: only then are the columns the model reads looked up
        known, _ = _model_columns(spec.model)
        if empty := empty_standard_cells(file, number, values, tuple(header), known):
            return None, empty
    return RowRecord(number, record, *standard), []


def read_table(directory: StrPath, resource: dict[str, Any], spec: Table) -> TableRead:
    """Read one table's CSV into records of ``spec.model``, collecting every error.

    Args:
        directory: The package directory.
        resource: The resource's descriptor (for its path).
        spec: The canonical table it must follow.

    Returns:
        The records read and the errors met.
    """
    file = str(resource.get("path"))
    checked = check_file(directory, resource, spec)
    if checked.errors:
        return TableRead(file, [], checked.errors)
    records: list[RowRecord] = []
    errors: list[ReportError] = []
    for number, cells in table_rows(directory, resource):
        record, bad = row_record(file, number, cells, spec)
        errors += bad
        if record is not None:
            records.append(record)
    return TableRead(file, records, errors)


def _expected(err: Any) -> str:
    """What a pydantic error expected, in plain words, from its context."""
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        return str(ctx["expected"])
    if "pattern" in ctx:
        return f"a value matching {ctx['pattern']}"
    if "ge" in ctx:
        return f"a value >= {ctx['ge']}"
    if "le" in ctx:
        return f"a value <= {ctx['le']}"
    if "min_length" in ctx:
        return f"at least {ctx['min_length']} character(s)"
    if err["type"] == "missing":
        return "a value (the column is required)"
    return "a valid value"
