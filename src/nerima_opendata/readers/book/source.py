"""The source CSV of a budget book: its bytes, encoding, rows and header.

Every row is checked for its shape (as many fields as the header, no unterminated quote)
and every header against the mapping, before any value is read: a header the mapping does
not know is an error, never a column silently dropped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nerima_opendata.errors import BookImportError, InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.readers.book.mapping import Mapping

__all__ = ["Columns", "Row", "SourceFile", "read_source"]

_AUTO = ("utf-8-sig", "cp932")


@dataclass(frozen=True)
class Row:
    """One data row: its number in the file (the header being row 1) and its fields."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Columns:
    """The header of the file, resolved against the mapping."""

    path: Path
    headers: tuple[str, ...]
    blank: tuple[int, ...]

    def find(self, variants: Iterable[str]) -> str | None:
        """The first of these headers the file has."""
        return next((h for h in variants if h in self.headers), None)

    def index(self, header: str) -> int:
        """The position of a header."""
        return self.headers.index(header)

    def need(self, variants: tuple[str, ...], what: str) -> str:
        """The first of these headers the file has; an error when it has none."""
        found = self.find(variants)
        if found is None:
            raise BookImportError(
                f"a required column is missing: {what}",
                column=variants[0] if variants else what,
                found=", ".join(h for h in self.headers if h) or "no header",
                expected=f"a column named {' or '.join(variants)}",
                path=self.path,
                line=1,
            )
        return found


@dataclass(frozen=True)
class SourceFile:
    """The file as read: its bytes' checksum material, encoding, header and rows."""

    path: Path
    raw: bytes
    encoding: str
    columns: Columns
    rows: tuple[Row, ...]


def _decode(raw: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    """The text and the encoding it was read with (given, or detected).

    When no encoding fits, the error points where the encoding that read furthest
    failed: the likelier one.
    """
    failures: list[UnicodeDecodeError] = []
    for candidate in (encoding,) if encoding else _AUTO:
        codec = (
            "utf-8-sig" if candidate.lower().replace("_", "-") in ("utf-8", "utf8") else candidate
        )
        try:
            return raw.decode(codec), candidate
        except LookupError as exc:
            raise InputError(
                "unknown encoding", found=candidate, expected="e.g. utf-8 or cp932"
            ) from exc
        except UnicodeDecodeError as exc:
            failures.append(exc)
    worst = max(failures, key=lambda exc: exc.start)
    raise BookImportError(
        f"the file is not {encoding}" if encoding else "the file is neither UTF-8 nor CP932",
        found=f"byte 0x{raw[worst.start]:02x} at offset {worst.start}",
        expected=f"text in {encoding}"
        if encoding
        else "UTF-8 (with or without BOM) or CP932 (Shift_JIS); give --encoding if it is another",
        path=path,
        line=raw[: worst.start].count(b"\n") + 1,
    ) from worst


def _records(text: str, path: Path) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            if cells:
                rows.append(Row(start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BookImportError(
            f"the CSV does not parse: {exc}",
            found="an unterminated quoted field" if "end of data" in str(exc) else str(exc),
            expected="every quote closed, the file ending with a whole row",
            path=path,
            line=start,
        ) from exc
    return rows


def _header(cells: tuple[str, ...], mapping: Mapping, path: Path) -> Columns:
    known = mapping.known_headers()
    blank: list[int] = []
    headers = tuple(cell.strip() for cell in cells)
    for index, header in enumerate(headers):
        if not header:
            if not (index == 0 and mapping.index_column):
                blank.append(index)
            continue
        if headers.index(header) != index:
            raise BookImportError(
                "a header repeats",
                column=header,
                found=header,
                expected="unique headers",
                path=path,
                line=1,
            )
        if header not in known:
            raise BookImportError(
                f"a header that the mapping {mapping.name!r} does not know",
                column=header,
                found=header,
                expected=f"a column the mapping names ({mapping.path.name}), or list it as "
                "ignored with a reason",
                path=path,
                line=1,
            )
    return Columns(path, headers, tuple(blank))


def _shape(rows: list[Row], columns: Columns) -> None:
    width = len(columns.headers)
    for row in rows:
        if len(row.cells) != width:
            raise BookImportError(
                "a row with fewer fields than the header"
                if len(row.cells) < width
                else "a row with more fields than the header",
                found=f"{len(row.cells)} fields",
                expected=f"{width} fields, as many as the header",
                path=columns.path,
                line=row.number,
            )
        for index in columns.blank:
            if row.cells[index].strip():
                raise BookImportError(
                    "a column without a header holds a value",
                    column=f"(column {index + 1}, no header)",
                    found=row.cells[index],
                    expected="an empty cell: a column without a header must be empty in every row",
                    path=columns.path,
                    line=row.number,
                )


def read_source(path: StrPath, mapping: Mapping, encoding: str | None = None) -> SourceFile:
    """Read and check the shape of a source file: encoding, header, row widths.

    Args:
        path: The CSV file.
        mapping: Its format's mapping.
        encoding: The encoding to use; else the mapping's; else detected.

    Raises:
        InputError: The file cannot be read.
        BookImportError: Its encoding, header or a row's shape is wrong.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    text, used = _decode(raw, path, encoding or mapping.encoding)
    rows = _records(text, path)
    if not rows:
        raise BookImportError("the file is empty", path=path, expected="a header and rows")
    columns = _header(rows[0].cells, mapping, path)
    _shape(rows[1:], columns)
    if len(rows) == 1:
        raise BookImportError("the file has a header but no row", path=path, line=1)
    return SourceFile(path, raw, used, columns, tuple(rows[1:]))
