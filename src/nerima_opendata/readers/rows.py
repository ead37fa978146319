"""One table of rows as dicts, read with its model: the simplest way into the data.

>>> from nerima_opendata import default_package, iter_rows
>>> next(iter(iter_rows(default_package(), "projects", names="en")))["amount"]
187230000
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.text import decode
from nerima_opendata.model.tables import TABLES, TableSpec, table_by_name

__all__ = ["iter_rows"]


def _resolve(source: Path, table: str | None) -> tuple[Path, TableSpec]:
    """The CSV file and its table: a file named directly, or a table of a package."""
    if source.is_dir():
        if table is None:
            raise InputError(
                "a package holds several tables; name one",
                path=source,
                expected=f"one of {[str(s.name) for s in TABLES]}",
            )
        try:
            spec = table_by_name(table)
        except KeyError:
            raise InputError(
                "no such table", found=table, expected=f"one of {[str(s.name) for s in TABLES]}"
            ) from None
        candidates = sorted(source.glob(f"*{spec.filename('')}"))
        if len(candidates) != 1:
            raise InputError(
                f"cannot find the {spec.name} table",
                path=source,
                found=f"{len(candidates)} file(s)",
                expected=f"one file named like {spec.filename('CODE')}",
            )
        return candidates[0], spec
    for spec in TABLES:
        if table in (None, spec.name) and source.name.endswith(spec.filename("")):
            return source, spec
    raise InputError(
        "cannot tell which table this file holds",
        path=source,
        expected="a file named like 131202_budget_projects.csv, or table=...",
    )


def iter_rows(
    source: StrPath, table: str | None = None, *, names: Literal["ja", "en"] = "ja"
) -> Iterator[dict[str, Any]]:
    """The rows of one table, each a dict of typed values, validated by its model.

    Args:
        source: A package directory (then ``table`` names the table), or one CSV file of
            the canonical schema.
        table: The table's name (``projects``, ``initiatives``…).
        names: Key the dicts by Japanese column names (as in the CSV) or English names.

    Yields:
        One dict a row, every column present: integers as ``int``, lists as tuples,
        absent values as ``None``.

    Raises:
        InputError: The file cannot be found or read, or a row does not validate (its
            row number and column are named).
    """
    path, spec = _resolve(Path(source), table)
    try:
        text = decode(path.read_bytes(), path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    english = {spec.column(n): n for n in spec.model.model_fields}
    for number, row in enumerate(reader, start=2):
        own = {k: v for k, v in row.items() if k in english and v != ""}
        try:
            record = spec.model.model_validate(own)
        except RecordError as exc:
            raise InputError(
                f"row {number} does not validate: {exc.message}", path=path, line=number
            ) from exc
        values = {spec.column(n): getattr(record, n) for n in spec.model.model_fields}
        merged = {c: values.get(c, row.get(c) or None) for c in spec.columns}
        if names == "en":
            merged = {spec.english(c): v for c, v in merged.items()}
        yield {k: (v.value if isinstance(v, Enum) else v) for k, v in merged.items()}
