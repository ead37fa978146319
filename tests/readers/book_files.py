"""Small budget-book CSV files for the importer's tests, written as real bytes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

#: A spending.jp file as 多摩市 prints it (thousand yen, 会計名称 only, the pandas index
#: column first, an empty-named column), three lines in two 款.
SPENDINGJP_HEADER = [
    "",
    "年度",
    "会計名称",
    "款",
    "款名称",
    "項",
    "項名称",
    "目",
    "目名称",
    "",
    "節",
    "節名称",
    "予算額",
    "COFOG_Level1",
    "COFOG_Level2",
]
SPENDINGJP_ROWS = [
    ["0", "R3", "一般会計", "1", "議会費", "1", "議会費", "1", "議会費", "", "1", "報酬", "1000", "1", "1.1"],
    ["1", "R3", "一般会計", "2", "総務費", "1", "総務管理費", "1", "一般管理費", "", "1", "報酬", "2000", "1", "1.3"],
    ["2", "R3", "一般会計", "2", "総務費", "1", "総務管理費", "1", "一般管理費", "", "2", "給料", "3000", "1", "1.3"],
]  # fmt: skip
#: Its total in yen, at thousand yen.
SPENDINGJP_TOTAL = 6_000_000


def csv_bytes(
    rows: list[list[str]], *, encoding: str = "utf-8", newline: str = "\r\n", bom: bool = False
) -> bytes:
    """The rows as CSV bytes (quoted where needed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


def write_csv(path: Path, rows: list[list[str]], **options: object) -> Path:
    """Write the rows as a CSV file (see :func:`csv_bytes`); the path."""
    path.write_bytes(csv_bytes(rows, **options))  # type: ignore[arg-type]
    return path


def spendingjp(
    path: Path, edit: dict[tuple[int, str], str] | None = None, **options: object
) -> Path:
    """The small spending.jp file, with cells changed: ``{(row, header): value}``, rows
    numbered as in the file (the header is row 1). A header is found by its first
    occurrence; ``(1, "款名称")`` renames a header."""
    rows = [list(SPENDINGJP_HEADER), *(list(r) for r in SPENDINGJP_ROWS)]
    for (number, header), value in (edit or {}).items():
        rows[number - 1][SPENDINGJP_HEADER.index(header)] = value
    return write_csv(path, rows, **options)
