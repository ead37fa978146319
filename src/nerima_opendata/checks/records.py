"""Stage 3 of validation: each table's rows read into the models, every problem reported.

The reader never raises on bad data: it returns the records it could read and a
:class:`~nerima_opendata.checks.report.ReportError` for every cell or row it could not.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import ReportError
from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.text import decode
from nerima_opendata.model import Record
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, CODE_COLUMN, NAME_COLUMN, TableSpec
from nerima_opendata.readers.package import resource_path

__all__ = ["RowRecord", "TableRead", "check_file", "expected_type", "read_table"]

_ASCII_INT = re.compile(r"-?[0-9]+")


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


def expected_type(spec: TableSpec, column: str) -> str:
    """The type a column of ``spec`` expects, in plain words, for type errors."""
    infos = {(info.alias or name): info for name, info in spec.model.model_fields.items()}
    info = infos.get(column)
    if info is None or info.annotation is not int:
        return "text"
    return "an integer in half-width digits, no thousands separators"


def _integer_problem(cell: str) -> str | None:
    if _ASCII_INT.fullmatch(cell):
        return None
    if any("０" <= ch <= "９" for ch in cell):
        return "full-width digits in a number"
    if "," in cell:
        return "thousands separator in a number"
    return "not an integer"


def _decode(
    directory: Path, resource: dict[str, Any]
) -> tuple[str, str | None, ReportError | None]:
    """A table's file name and text, or the error that kept it from being read."""
    file = str(resource.get("path"))
    try:
        path = resource_path(directory, resource)
        return file, decode(path.read_bytes(), path), None
    except InputError as exc:
        encoding = "UTF-8" in (exc.expected or "") + exc.message
        return (
            file,
            None,
            ReportError(
                ErrorTypes.ENCODING if encoding else ErrorTypes.SOURCE,
                exc.message,
                file=file,
                row=exc.line,
                found=None if exc.found is None else str(exc.found),
                expected=exc.expected,
            ),
        )
    except OSError as exc:
        return file, None, ReportError(ErrorTypes.SOURCE, f"cannot read: {exc.strerror}", file=file)


def _header_errors(file: str, header: list[str], spec: TableSpec) -> list[ReportError]:
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


def _load_rows(
    directory: Path, resource: dict[str, Any], spec: TableSpec
) -> tuple[str, list[list[str]], list[ReportError]]:
    """Decode a table's file and check its header; return its rows and any errors."""
    file, text, error = _decode(directory, resource)
    if text is None:
        return file, [], [error] if error else []
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        empty = ReportError(
            ErrorTypes.SOURCE,
            "the file is empty",
            file=file,
            expected=f"a header row: {','.join(spec.columns)}",
        )
        return file, [], [empty]
    return file, rows, _header_errors(file, rows[0], spec)


def check_file(directory: StrPath, resource: dict[str, Any], spec: TableSpec) -> list[ReportError]:
    """Check that a table's file is readable UTF-8 with exactly the canonical header."""
    directory = Path(directory)
    return _load_rows(directory, resource, spec)[2]


def _cells(
    file: str, number: int, values: dict[str, str], spec: TableSpec
) -> tuple[dict[str, str], list[ReportError]]:
    """The model's cells of one row, and a type error for each integer that is not one."""
    fields = spec.model.model_fields
    by_alias = {(info.alias or name): info for name, info in fields.items()}
    data: dict[str, str] = {}
    errors: list[ReportError] = []
    for column, cell in values.items():
        if column not in by_alias or cell == "":
            continue
        if by_alias[column].annotation is int and (problem := _integer_problem(cell)):
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


def _record_errors(
    file: str, number: int, values: dict[str, str], spec: TableSpec, exc: RecordError
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
        missing = err["type"] == "missing"
        errors.append(
            ReportError(
                ErrorTypes.MISSING_CELL if missing else ErrorTypes.CONSTRAINT,
                str(ctx.get("message", err["msg"])),
                file=file,
                row=number,
                field=where,
                found=None if missing else ctx.get("found", values.get(where or "")),
                expected=_expected(err),
            )
        )
    return errors


def read_table(directory: StrPath, resource: dict[str, Any], spec: TableSpec) -> TableRead:
    """Read one table's CSV into records of ``spec.model``, collecting every error.

    Args:
        directory: The package directory.
        resource: The resource's descriptor (for its path).
        spec: The canonical table it must follow.

    Returns:
        The records read and the errors met.
    """
    directory = Path(directory)
    file, rows, errors = _load_rows(directory, resource, spec)
    if errors:
        return TableRead(file, [], errors)
    header = rows[0]
    records: list[RowRecord] = []
    for number, cells in enumerate(rows[1:], start=2):
        if len(cells) != len(header):
            errors.append(
                ReportError(
                    ErrorTypes.MISSING_CELL if len(cells) < len(header) else ErrorTypes.EXTRA_CELL,
                    "the row has the wrong number of cells (truncated or split row)",
                    file=file,
                    row=number,
                    found=f"{len(cells)} cells",
                    expected=f"{len(header)} cells",
                )
            )
            continue
        values = dict(zip(header, cells, strict=True))
        data, bad = _cells(file, number, values, spec)
        errors += bad
        if bad:
            continue
        try:
            record = spec.model.model_validate(data)
        except RecordError as exc:
            errors += _record_errors(file, number, values, spec, exc)
            continue
        standard = (values.get(c) for c in (CODE_COLUMN, NAME_COLUMN, BUDGET_ID_COLUMN))
        records.append(RowRecord(number, record, *standard))
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
