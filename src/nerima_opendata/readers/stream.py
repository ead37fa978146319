"""The records of a validated package's tables, streamed one row at a time.

:class:`RowSource` reads a table's CSV with the csv module and makes each row a record of
the table's model, so a table of millions of rows is never held whole. It expects a
package that :func:`nerima_opendata.checks.validate` found valid: a row the model refuses
raises the model's :class:`~nerima_opendata.errors.RecordError`, it is not reported.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from nerima_opendata.errors import InputError
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, TableSpec
from nerima_opendata.readers.package import resource_path

__all__ = ["RowSource"]

#: Canonical tables are UTF-8 with a byte order mark (see ``writers/csv.py``).
_ENCODING = "utf-8-sig"


class RowSource:
    """The tables of a package directory, by resource name.

    Args:
        directory: The package directory.
        resources: Its resources by name (from ``datapackage.json``).
    """

    def __init__(self, directory: Path, resources: dict[str, dict[str, Any]]) -> None:
        self.directory = directory
        self.resources = resources

    def path(self, spec: TableSpec) -> Path:
        """The CSV file of a table."""
        return resource_path(self.directory, self.resources[str(spec.name)])

    def records(self, spec: TableSpec, budget_id: str | None = None) -> Iterator[Any]:
        """The table's records in file order; only those of ``budget_id`` when given."""
        fields = spec.model.model_fields
        model_columns = {info.alias or name for name, info in fields.items()}
        validate = spec.model.model_validate
        with self.path(spec).open(encoding=_ENCODING, newline="") as stream:
            header, rows = self._rows(spec, stream, budget_id)
            keep = [(i, column) for i, column in enumerate(header) if column in model_columns]
            for cells in rows:
                yield validate({column: cells[i] for i, column in keep if cells[i] != ""})

    def cells(
        self, spec: TableSpec, fields: Sequence[str], budget_id: str | None = None
    ) -> Iterator[tuple[str, ...]]:
        """Some fields of the table's rows, as the CSV's text, without the model: what a
        record's field holds for a required text field of a valid package (its IDs)."""
        with self.path(spec).open(encoding=_ENCODING, newline="") as stream:
            header, rows = self._rows(spec, stream, budget_id)
            columns = [spec.column(field) for field in fields]
            missing = [c for c in columns if c not in header]
            if missing:
                raise InputError(
                    f"the {spec.name} table has no {missing[0]} column",
                    found=", ".join(header),
                    expected=", ".join(columns),
                    path=self.path(spec),
                )
            where = [header.index(column) for column in columns]
            for cells in rows:
                yield tuple([cells[i] for i in where])

    @staticmethod
    def _rows(
        spec: TableSpec, stream: IO[str], budget_id: str | None
    ) -> tuple[list[str], Iterator[list[str]]]:
        """The header and the rows (of ``budget_id`` only, when given) of a table."""
        reader = csv.reader(stream)
        header = next(reader)
        # a row's budget: its 予算ID, or in the budget table its own ID
        key = spec.column("id") if spec.is_budget else BUDGET_ID_COLUMN
        if budget_id is None or key not in header:
            return header, reader
        budget = header.index(key)
        return header, (cells for cells in reader if cells[budget] == budget_id)
