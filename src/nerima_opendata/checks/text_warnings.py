"""Warnings a publisher needs: text cells a spreadsheet would run, invisible characters.

Valid data may still hold text that surprises its readers. The CSV tables are written for
Excel, which runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before them) as a formula ("CSV injection"); and a bidirectional override
(U+202E) or a zero-width space (U+200B) makes a text read otherwise than it is. Each such
cell of a text column (a ``string`` field of the canonical schema: never an amount,
which is an integer) gives a warning (:class:`~nerima_opendata.checks.catalogue.WarningTypes`)
naming the file, the row (the header is row 1) and the column; ``report.valid`` is not
changed. A signed number in a text column (``-1,234``, a printed amount) is no formula
and is not flagged.

The files are read once more, streamed (bounded memory); at most :data:`MAX_WARNINGS`
warnings are listed, and a note says how many more there were.
"""

from __future__ import annotations

import csv
import itertools
import operator
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nerima_opendata.checks.catalogue import ErrorType, WarningTypes
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.tables import TableSpec
from nerima_opendata.readers.package import resource_path

__all__ = ["MAX_WARNINGS", "add_text_warnings", "cell_warnings"]

#: At most this many warnings are listed in a report.
MAX_WARNINGS = 1_000

#: What a spreadsheet may take for the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A signed number, which a spreadsheet reads as a number, not a formula.
_SIGNED_NUMBER = re.compile(r"[+-][0-9][0-9,]*(\.[0-9]+)?")
_EXCERPT = 40
#: The Unicode format characters (general category ``Cf``: U+200B, U+202E, U+2066...) of
#: the interpreter's Unicode database (14.0 in Python 3.11), as one character class:
#: faster than asking ``unicodedata.category`` of every character. A test proves it is
#: exactly the category.
_FORMAT_CHARACTER = re.compile(
    r"[\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890-\u0891\u08E2\u180E\u200B-\u200F"
    r"\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\U000110BD\U000110CD"
    r"\U00013430-\U00013438\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0001"
    r"\U000E0020-\U000E007F]"
)

#: Rows whose text cells are searched at once (:func:`_suspect`).
_BATCH = 1_024
#: A line feed then a formula's first character: in a batch's text cells, each after a
#: line feed, a cell that may be taken for a formula.
_FORMULA = re.compile("\n[" + re.escape("".join(_FORMULA_START)) + "]")


def cell_warnings(value: str) -> Iterator[tuple[ErrorType, str]]:
    """The warnings of one text cell: (type, message) pairs, formula first."""
    if value.startswith(_FORMULA_START) and not _SIGNED_NUMBER.fullmatch(value):
        yield (
            WarningTypes.FORMULA,
            f"the text starts with {value[0]!r}: a spreadsheet may run it as a formula",
        )
    hidden = sorted(set(_FORMAT_CHARACTER.findall(value)))
    if hidden:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip() for c in hidden)
        yield WarningTypes.INVISIBLE, f"the text holds invisible format characters ({names})"


def add_text_warnings(
    directory: StrPath,
    resources: dict[Any, dict[str, Any]],
    specs: tuple[TableSpec, ...],
    report: Report,
) -> None:
    """Add the warnings of every text column of the canonical tables to ``report``.

    Args:
        directory: The package or publication.
        resources: The descriptor's resources by name.
        specs: The canonical tables the package holds.
        report: Where the warnings go (its errors are not touched).
    """
    directory = Path(directory)
    more = 0
    for spec in specs:
        resource = resources.get(spec.name)
        if resource is None:
            continue
        for warning in _file_warnings(directory, resource, spec):
            if len(report.warnings) < MAX_WARNINGS:
                report.warnings.append(warning)
            else:
                more += 1
    if more:
        report.notes.append(f"{more:,} more warning(s) not listed (at most {MAX_WARNINGS:,})")


def _file_warnings(
    directory: Path, resource: dict[str, Any], spec: TableSpec
) -> Iterator[ReportError]:
    """The warnings of one table, read row by row; nothing for a file that is not a
    regular file inside the package (the other stages report it)."""
    try:
        path = resource_path(directory, resource)
    except InputError:
        return
    if path.is_symlink() or not path.is_file():
        return
    text_columns = {f["name"] for f in spec.table_schema()["fields"] if f.get("type") == "string"}
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader, [])
            where = [(i, name) for i, name in enumerate(header) if name in text_columns]
            first = 2  # the header is row 1
            while rows := list(itertools.islice(reader, _BATCH)):
                if _suspect(rows, where):
                    yield from _rows_warnings(rows, first, where, path.name)
                first += len(rows)
    except (OSError, UnicodeDecodeError, csv.Error):
        return  # the table stages report what cannot be read


def _suspect(rows: list[list[str]], where: list[tuple[int, str]]) -> bool:
    """Whether a batch of rows may hold a cell to warn of. Its text cells are joined,
    each after a line feed, and searched (C loops) for a line feed then a formula's
    first character; the distinct characters of the text, for a format character.
    ``False`` means no cell of the batch gives a warning; ``True`` (rarely: such a
    cell, a line feed in a cell, or a short row), that the batch is read cell by cell."""
    if not where:
        return False
    indexes = [i for i, _ in where]
    pick = operator.itemgetter(*indexes, indexes[0])  # a tuple, even of one column
    try:
        cells = "\n" + "\n".join(map("\n".join, map(pick, rows)))
    except IndexError:  # a short row
        return True
    if _FORMULA.search(cells) is not None:
        return True
    return _FORMAT_CHARACTER.search("".join(set(cells))) is not None


def _rows_warnings(
    rows: list[list[str]], first: int, where: list[tuple[int, str]], name: str
) -> Iterator[ReportError]:
    """The warnings of some rows, cell by cell; ``first`` is the first one's number."""
    for row_number, row in enumerate(rows, start=first):
        for index, field in where:
            if index < len(row) and row[index]:
                for kind, message in cell_warnings(row[index]):
                    yield ReportError(
                        kind,
                        message,
                        file=name,
                        row=row_number,
                        field=field,
                        found=row[index][:_EXCERPT],
                    )
