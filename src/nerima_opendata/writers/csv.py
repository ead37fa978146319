"""CSV files of the data package (自治体標準オープンデータセット conventions).

UTF-8 with a BOM (so that Excel opens Japanese text correctly), CRLF line endings
(RFC 4180), half-width digits without thousands separators, and the standard columns
first. Rows are streamed: a writer takes any iterable of records.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from nerima_opendata.model import BudgetInfo, Record
from nerima_opendata.model.schema import record_to_row
from nerima_opendata.model.tables import TableSpec

__all__ = ["ENCODING", "new_writer", "write_csv"]

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
        writer.writerow(record_to_row(spec, record, info))
        count += 1
    return count
