"""Reading CSV rows from untrusted files in bounded memory.

The csv module reads a whole physical line before it splits it, so a file of one
endless line would be held whole; here a line longer than :data:`MAX_LINE_CHARS` is an
error, and so is anything the csv module refuses (a cell over its field limit), each
with the row's number instead of a traceback.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath

__all__ = ["MAX_LINE_CHARS", "csv_rows"]

#: The longest physical line of a CSV file read (in characters); a longer one is an
#: error, so memory stays bounded whatever the file holds (a cell is at most
#: ``csv.field_size_limit()`` characters, 131,072 by default).
MAX_LINE_CHARS = 1 << 20


def _lines(handle: Any, path: Path) -> Iterator[str]:
    """The physical lines of a text file, each at most :data:`MAX_LINE_CHARS` long.

    Raises:
        InputError: A line is longer (its line number given).
    """
    number = 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                "a line is too long",
                path=path,
                line=number,
                expected=f"at most {MAX_LINE_CHARS:,} characters a line",
            )
        yield line


def csv_rows(path: StrPath) -> Iterator[list[str]]:
    """The rows of a CSV file read in bounded memory.

    Raises:
        InputError: A line is too long, or the csv module refuses a row (a cell over
            its field limit…), with the row's number (the header is row 1).
    """
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(_lines(handle, path))
        number = 0
        try:
            for row in reader:
                number += 1
                yield row
        except csv.Error as exc:
            raise InputError(f"the CSV cannot be read: {exc}", path=path, line=number + 1) from None
