"""The records of a validated package's tables, streamed one row at a time.

:class:`RowSource` reads a table's CSV with the csv module and makes each row a record of
the table's model, so a table of millions of rows is never held whole. It expects a
package that :func:`nerima_opendata.checks.validate` found valid: a row the model refuses
raises the model's :class:`~nerima_opendata.errors.RecordError`, it is not reported.

:meth:`RowSource.texts` gives the rows as their text instead, for writers that turn
values into text again (:mod:`nerima_opendata.writers.rdf_rows`): a row whose text is
not what the model keeps as it is becomes the record, so every value prints as the
record's. It checks only what that needs (an empty required cell, a character no output
can carry): a row the model refuses for another reason (a pattern, a bound, its ID)
goes through as text, so it too expects a package found valid.
"""

from __future__ import annotations

import csv
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import IO, Any, NamedTuple

from nerima_opendata.errors import InputError
from nerima_opendata.model import Record
from nerima_opendata.model.amounts import CANONICAL_INTEGER
from nerima_opendata.model.annotations import field_type
from nerima_opendata.model.base import writable
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, TableSpec
from nerima_opendata.readers.package import resource_path

__all__ = ["RowSource"]

#: Canonical tables are UTF-8 with a byte order mark (see ``writers/csv.py``).
_ENCODING = "utf-8-sig"


class _TextPlan(NamedTuple):
    """How a model's rows are read as text: their tuple type, then per field its column,
    whether it is an integer, and its default (``...``: required)."""

    row: Any
    fields: tuple[tuple[str, bool, Any], ...]


#: Metadata that changes a value (pydantic's functional validators and the string
#: constraints that rewrite text): a field with any is read through the model.
_CHANGES = ("func", "strip_whitespace", "to_lower", "to_upper")


def _kind(annotation: Any, metadata: list[Any]) -> str | None:
    """``integer`` or ``text`` for a field whose value prints as its canonical text;
    None for any other (a boolean, a date, a number, a list, a value a validator changes)."""
    typed = field_type(annotation)
    if any(getattr(m, attr, None) for m in [*metadata, *typed.metadata] for attr in _CHANGES):
        return None
    inner = typed.inner
    if inner is int:
        return "integer"
    text = inner is str or (isinstance(inner, type) and issubclass(inner, StrEnum))
    return "text" if text else None


def _changes_values(model: type[Record]) -> bool:
    """Whether the model has a validator of its own that may change a value (a field
    validator, or a model validator that runs before or around the fields')."""
    own, base = model.__pydantic_decorators__, Record.__pydantic_decorators__
    if set(own.field_validators) - set(base.field_validators):
        return True
    return any(
        name not in base.model_validators and validator.info.mode != "after"
        for name, validator in own.model_validators.items()
    )


@cache
def _text_plan(model: type[Record]) -> _TextPlan | None:
    """A model's text plan; None when a field's text is not the value the model keeps
    (:func:`_kind`), or when the model has a validator that may change values."""
    if _changes_values(model):
        return None
    fields = []
    for name, info in model.model_fields.items():
        kind = _kind(info.annotation, list(info.metadata))
        if kind is None:
            return None
        default = ... if info.is_required() else info.get_default(call_default_factory=True)
        fields.append((info.alias or name, kind == "integer", default))
    return _TextPlan(namedtuple(f"{model.__name__}Text", list(model.model_fields)), tuple(fields))


def _texts(cells: list[str], steps: list[tuple[int | None, bool, Any]]) -> list[Any] | None:
    """A row's values by a text plan's steps (column index, integer, default); None where
    the model would not keep the text as it is."""
    values: list[Any] = []
    canonical = CANONICAL_INTEGER.fullmatch
    for i, number, default in steps:
        text = "" if i is None else cells[i]
        if text == "":
            if default is ...:
                return None
            values.append(default)
        elif number and canonical(text) is None:
            return None
        else:
            values.append(text)
    return values


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
        with self.path(spec).open(encoding=_ENCODING, newline="") as stream:
            header, rows = self._rows(spec, stream, budget_id)
            validate, keep = spec.model.model_validate, _kept(spec, header)
            for cells in rows:
                yield validate({column: cells[i] for i, column in keep if cells[i] != ""})

    def texts(self, spec: TableSpec, budget_id: str | None = None) -> Iterator[Any]:
        """The table's rows in file order (of ``budget_id`` only, when given), each a named
        tuple of the model's field names holding the CSV's text: an empty cell is the
        field's default (None), an integer its canonical text (``-12``), other text as it
        is. A row that is not so (a required cell empty, an integer such as ``+1`` or
        ``01``, a character the model refuses) is the model's record, which has the same
        names. A model with other fields (a boolean, a list) gives its records.

        A writer that prints every value (``str``) thus prints the record's values, without
        the cost of the model for every row.
        """
        plan = _text_plan(spec.model)
        if plan is None:
            yield from self.records(spec, budget_id)
            return
        validate, make = spec.model.model_validate, plan.row._make
        with self.path(spec).open(encoding=_ENCODING, newline="") as stream:
            header, rows = self._rows(spec, stream, budget_id)
            where = {column: i for i, column in enumerate(header)}
            steps = [
                (where.get(column), number, default) for column, number, default in plan.fields
            ]
            keep = [(where[c], c) for c, _number, _default in plan.fields if c in where]
            for cells in rows:
                values = _texts(cells, steps)
                if values is not None and writable("\t".join(cells)):
                    yield make(values)
                else:  # as records() makes it
                    yield validate({column: cells[i] for i, column in keep if cells[i] != ""})

    def cells(
        self, spec: TableSpec, fields: Sequence[str], budget_id: str | None = None
    ) -> Iterator[tuple[str, ...]]:
        """Some fields of the table's rows, as the CSV's text, without the model: what a
        record's field holds for a required text field of a valid package (its IDs)."""
        with self.path(spec).open(encoding=_ENCODING, newline="") as stream:
            header, rows = self._rows(spec, stream, budget_id)
            where = self._where(spec, header, fields)
            for cells in rows:
                yield tuple([cells[i] for i in where])

    def picked(
        self, spec: TableSpec, fields: Sequence[str], budget_id: str | None = None
    ) -> Iterator[tuple[tuple[str, ...], Callable[[], Any]]]:
        """Some fields of the table's rows as :meth:`cells` gives them, each with a
        function that makes the row's record as :meth:`records` does: for a reader that
        needs the record of only a few rows (the model's cost is paid for those alone)."""
        with self.path(spec).open(encoding=_ENCODING, newline="") as stream:
            header, rows = self._rows(spec, stream, budget_id)
            where = self._where(spec, header, fields)
            validate, keep = spec.model.model_validate, _kept(spec, header)
            for cells in rows:
                yield tuple([cells[i] for i in where]), partial(_record, validate, keep, cells)

    def _where(self, spec: TableSpec, header: list[str], fields: Sequence[str]) -> list[int]:
        """The indexes of some fields' columns in a table's header.

        Raises:
            InputError: A column is missing.
        """
        columns = [spec.column(field) for field in fields]
        missing = [c for c in columns if c not in header]
        if missing:
            raise InputError(
                f"the {spec.name} table has no {missing[0]} column",
                found=", ".join(header),
                expected=", ".join(columns),
                path=self.path(spec),
            )
        return [header.index(column) for column in columns]

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


def _kept(spec: TableSpec, header: list[str]) -> list[tuple[int, str]]:
    """The columns of a header that are fields of the table's model, with their indexes."""
    fields = spec.model.model_fields
    columns = {info.alias or name for name, info in fields.items()}
    return [(i, column) for i, column in enumerate(header) if column in columns]


def _record(
    validate: Callable[[dict[str, str]], Any], keep: list[tuple[int, str]], cells: list[str]
) -> Any:
    """A row's record: the model given its non-empty cells of the kept columns."""
    return validate({column: cells[i] for i, column in keep if cells[i] != ""})
