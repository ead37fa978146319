"""CSV files of the data package (自治体標準オープンデータセット conventions).

UTF-8 with a BOM (so that Excel opens Japanese text correctly), CRLF line endings
(RFC 4180), half-width digits without thousands separators, and the standard columns
first. Rows are streamed: a writer takes any iterable of records.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.files.atomic import atomic_file
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import BudgetInfo, Record
from nerima_opendata.model.schema import cell
from nerima_opendata.model.tables import TABLES, TableSpec, table_by_name

__all__ = ["ENCODING", "new_writer", "write_csv", "write_rows"]

#: The encoding files are written in (UTF-8 with BOM); readers accept it with or without.
ENCODING = "utf-8-sig"


def new_writer(stream: TextIO) -> Any:
    """A csv writer with the package's dialect (CRLF, minimal quoting)."""
    return csv.writer(stream, lineterminator="\r\n")


def write_csv(stream: TextIO, spec: TableSpec, rows: Iterable[tuple[Record, BudgetInfo]]) -> int:
    """Write one table as CSV to a text stream, one row at a time.

    Args:
        stream: A text stream opened with ``newline=""`` and :data:`ENCODING`.
        spec: The table.
        rows: Its records in order, each with the budget it belongs to (for the
            standard columns).

    Returns:
        The number of data rows written.
    """
    writer = new_writer(stream)
    writer.writerow(spec.columns)
    count = 0
    for record, info in rows:
        writer.writerow(spec.row(record, info))
        count += 1
    return count


def write_rows(path: StrPath, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Write one table of the canonical schema from dicts, atomically.

    Each dict is keyed by Japanese column names or English names (as :func:`iter_rows`
    gives them); every row is validated by the table's model first, and the standard
    columns (全国地方公共団体コード, 地方公共団体名, and 予算ID outside the budget table)
    must be given. Nothing is written unless every row is valid.

    Args:
        path: The CSV file to write (replaced as a whole).
        table: The table's name (``projects``…).
        rows: The rows.

    Returns:
        The number of rows written.

    Raises:
        InputError: An unknown table, or a row that does not validate (its number named).
        OutputError: The file cannot be written.
    """
    path = Path(path)
    spec = _table(table)
    columns = {spec.english(c): c for c in spec.columns} | {c: c for c in spec.columns}
    lines = [_line(spec, path, number, row, columns) for number, row in enumerate(rows, start=2)]
    with atomic_file(path) as stream:
        writer = new_writer(stream)
        writer.writerow(spec.columns)
        writer.writerows(lines)
    return len(lines)


def _line(
    spec: TableSpec, path: Path, number: int, row: Mapping[str, Any], columns: dict[str, str]
) -> list[str]:
    """One row's cells, validated by the table's model; errors name fields as ``row`` does."""
    english = bool(row) and all(key not in spec.columns for key in row)
    name = {c: key for key, c in columns.items() if key != c} if english else {}
    cells = {columns.get(key, key): value for key, value in row.items()}
    unknown = sorted(
        key for key, c in ((k, columns.get(k, k)) for k in row) if c not in spec.columns
    )
    missing = [name.get(c, c) for c in spec.standard_columns if cells.get(c) in (None, "")]
    if unknown or missing:
        raise InputError(
            "unknown column" if unknown else "a standard column is empty",
            path=path,
            line=number,
            found=", ".join(unknown or missing),
            expected="the columns " + ", ".join(name.get(c, c) for c in spec.columns),
        )
    own = {c: v for c, v in cells.items() if c in spec.own_columns}
    try:
        record = spec.model(**{name.get(c, c): v for c, v in own.items()})
    except RecordError as exc:
        raise RecordError(exc.model, exc.problems, path=path, line=number) from exc
    values = {spec.column(n): getattr(record, n) for n in spec.model.model_fields}
    return [cell({**cells, **values}.get(c)) for c in spec.columns]


def _table(table: str) -> TableSpec:
    try:
        return table_by_name(table)
    except KeyError:
        raise InputError(
            "no such table", found=table, expected=f"one of {[str(s.name) for s in TABLES]}"
        ) from None
