"""The source CSV of a budget book: its checksum, encoding, header and rows, streamed.

The file is never held whole: :func:`read_source` reads it once as bytes (its SHA-256,
and a check that it decodes), then reads its header; :meth:`SourceFile.rows` reads the
rows again, one at a time, as often as the importer needs a pass.

Every row is checked for its shape (as many fields as the header, no unterminated quote)
and every header against the mapping, before any value is read: a header the mapping does
not know is an error, never a column silently dropped.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from nerima_opendata.errors import BookImportError, InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.readers.book.mapping import Mapping

__all__ = ["Columns", "Row", "SourceFile", "read_source"]

_AUTO = ("utf-8-sig", "cp932")
#: The size of the chunks the file is read in, in bytes.
_CHUNK = 1 << 20


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
    """The file: its SHA-256, the encoding it is read with, and its header.

    Its rows are read again at each call of :meth:`rows` (streamed, checked for shape).
    """

    path: Path
    sha256: str
    encoding: str
    codec: str
    columns: Columns

    def rows(self) -> Iterator[Row]:
        """Every data row, in file order, each checked for its shape.

        Raises:
            BookImportError: The CSV does not parse, or a row has the wrong width.
        """
        with _open(self.path, self.codec) as stream:
            records = _records(stream, self.path)
            next(records)  # the header
            for row in records:
                _shape(row, self.columns)
                yield row


def _codec(candidate: str) -> str:
    return "utf-8-sig" if candidate.lower().replace("_", "-") in ("utf-8", "utf8") else candidate


def _open(path: Path, codec: str) -> TextIO:
    try:
        return path.open(encoding=codec, newline="")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc


@dataclass
class _Scan:
    """One candidate encoding's reading of the bytes: where it failed, if it did."""

    codec: str
    decoder: codecs.IncrementalDecoder
    failed_at: int | None = None
    error: UnicodeDecodeError | None = None

    def feed(self, chunk: bytes, offset: int, final: bool) -> None:
        if self.failed_at is not None:
            return
        try:
            self.decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            # exc.object is the bytes the decoder held back, then this chunk
            held = len(exc.object) - len(chunk)
            self.failed_at, self.error = offset - held + exc.start, exc


def _scan(path: Path, candidates: tuple[str, ...]) -> tuple[str, list[_Scan]]:
    """Read the bytes once: their SHA-256, and where each candidate fails to decode them."""
    scans = []
    for candidate in candidates:
        try:
            decoder = codecs.getincrementaldecoder(_codec(candidate))()
        except LookupError as exc:
            raise InputError(
                "unknown encoding", found=candidate, expected="e.g. utf-8 or cp932"
            ) from exc
        scans.append(_Scan(candidate, decoder))
    digest = hashlib.sha256()
    offset = 0
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                for scan in scans:
                    scan.feed(chunk, offset, False)
                offset += len(chunk)
            for scan in scans:
                scan.feed(b"", offset, True)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    return digest.hexdigest(), scans


def _byte_and_line(path: Path, at: int) -> tuple[int, int]:
    """The byte at an offset and its line number (read again: the error path only)."""
    lines, offset = 1, 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if offset + len(chunk) > at:
                return chunk[at - offset], lines + chunk[: at - offset].count(b"\n")
            lines += chunk.count(b"\n")
            offset += len(chunk)
    return 0, lines  # pragma: no cover - a failure lies within the file


def _encoding(path: Path, encoding: str | None) -> tuple[str, str, str]:
    """The SHA-256, and the encoding the file reads in (given, or detected): its name
    and codec. When no encoding fits, the error points where the encoding that read
    furthest failed: the likelier one."""
    digest, scans = _scan(path, (encoding,) if encoding else _AUTO)
    for scan in scans:
        if scan.failed_at is None:
            return digest, scan.codec, _codec(scan.codec)
    worst = max(scans, key=lambda s: s.failed_at or 0)
    at = worst.failed_at or 0
    byte, line = _byte_and_line(path, at)
    raise BookImportError(
        f"the file is not {encoding}" if encoding else "the file is neither UTF-8 nor CP932",
        found=f"byte 0x{byte:02x} at offset {at}",
        expected=f"text in {encoding}"
        if encoding
        else "UTF-8 (with or without BOM) or CP932 (Shift_JIS); give --encoding if it is another",
        path=path,
        line=line,
    ) from worst.error


def _records(stream: TextIO, path: Path) -> Iterator[Row]:
    """The non-empty records of the file, each with the number of its first line."""
    reader = csv.reader(stream, strict=True)
    start = 1
    try:
        for cells in reader:
            if cells:
                yield Row(start, tuple(cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise BookImportError(
            f"the CSV does not parse: {exc}",
            found="an unterminated quoted field" if "end of data" in str(exc) else str(exc),
            expected="every quote closed, the file ending with a whole row",
            path=path,
            line=start,
        ) from exc


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


def _shape(row: Row, columns: Columns) -> None:
    width = len(columns.headers)
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
    """Open a source file: its checksum, encoding and header (its rows come later).

    Args:
        path: The CSV file.
        mapping: Its format's mapping.
        encoding: The encoding to use; else the mapping's; else detected.

    Raises:
        InputError: The file cannot be read.
        BookImportError: Its encoding or header is wrong, or it has no row.
    """
    path = Path(path)
    digest, used, codec = _encoding(path, encoding or mapping.encoding)
    with _open(path, codec) as stream:
        records = _records(stream, path)
        first = next(records, None)
        if first is None:
            raise BookImportError("the file is empty", path=path, expected="a header and rows")
        columns = _header(first.cells, mapping, path)
        if next(records, None) is None:
            raise BookImportError("the file has a header but no row", path=path, line=1)
    return SourceFile(path, digest, used, codec, columns)
