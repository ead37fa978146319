"""Primary and foreign keys of the package's tables, checked row by row in bounded memory.

The keys are the ones each table's Table Schema declares (:meth:`TableSpec.primary_key`,
:meth:`TableSpec.foreign_key_descriptors`), so this check and the schema cannot drift.
Every key seen goes into a :class:`~nerima_opendata.files.keystore.KeyStore` (a dict that
spills to a temporary SQLite file), never into a dict or set that grows with the lines.

The tables are read in registry order, in which every referenced table comes before the
tables referring to it; a table referring to itself (the code list's parent) is checked
in a second pass over its key columns, after all its IDs are known. An optional reference
(an empty parent) is skipped; a filled one must name a row of the same budget (stricter
than the Table Schema, which cannot say "within the budget" for an optional key).

The errors are the ones Frictionless reports, in the same words: ``primary-key`` at each
repeated row, ``foreign-key`` at each row whose reference has no target.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import ReportError
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT, KeyStore
from nerima_opendata.model.enums import TableName
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, TableSpec

__all__ = ["KeyChecks", "key_of"]

_SEPARATOR = "\x1f"  # the unit separator: no cell of a valid package holds it


def key_of(*cells: str) -> str:
    """One store key from the cells of a (composite) key."""
    return _SEPARATOR.join(cells)


@dataclass(frozen=True)
class _Reference:
    """One foreign key of a table, as column positions."""

    columns: tuple[str, ...]
    positions: tuple[int, ...]
    target: TableName
    target_columns: tuple[str, ...]
    within_budget: bool  # prefix the row's budget ID (an optional single-column key)


def _references(spec: TableSpec) -> list[_Reference]:
    refs = []
    for fk in spec.foreign_key_descriptors():
        columns = tuple(fk["fields"])
        target = TableName(fk["reference"]["resource"])
        within = BUDGET_ID_COLUMN not in columns and target is not TableName.BUDGET
        refs.append(
            _Reference(
                columns,
                tuple(spec.columns.index(c) for c in columns),
                target,
                tuple(fk["reference"]["fields"]),
                within,
            )
        )
    return refs


class KeyChecks:
    """The primary keys seen so far, table by table, and the checks of new rows.

    Args:
        memory_limit: Keys per table held in memory before its store spills to disk.
    """

    def __init__(self, *, memory_limit: int = DEFAULT_MEMORY_LIMIT) -> None:
        self._limit = memory_limit
        self._stores: dict[TableName, KeyStore] = {}

    def __enter__(self) -> KeyChecks:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Drop every store (and its temporary file)."""
        for store in self._stores.values():
            store.close()
        self._stores.clear()

    def ids(self, table: TableName) -> KeyStore:
        """The primary keys of a table read so far (``key_of(budget_id, id)``)."""
        if table not in self._stores:
            self._stores[table] = KeyStore(memory_limit=self._limit)
        return self._stores[table]

    def table(
        self, spec: TableSpec, file: str, rows: Iterable[tuple[int, list[str]]]
    ) -> list[ReportError]:
        """Read a table's rows once: primary keys unique, references to other tables
        present. Rows of the wrong length are left to the records check."""
        key_columns = spec.primary_key
        positions = [spec.columns.index(c) for c in key_columns]
        others = [r for r in _references(spec) if r.target is not spec.name]
        store = self.ids(spec.name)
        errors: list[ReportError] = []
        width = len(spec.columns)
        for number, cells in rows:
            if len(cells) != width:
                continue
            key = [cells[i] for i in positions]
            if not store.add(key_of(*key)):
                errors.append(
                    ReportError(
                        ErrorTypes.PRIMARY_KEY,
                        "Primary Key Error: the same as in another row",
                        file=file,
                        row=number,
                        field=", ".join(key_columns),
                        found=", ".join(key),
                        expected=f"a unique {', '.join(key_columns)}",
                    )
                )
            errors += self._missing(spec, file, number, cells, others)
        return errors

    def self_references(
        self, spec: TableSpec, file: str, rows: Iterable[tuple[int, list[str]]]
    ) -> list[ReportError]:
        """The second pass over a table that refers to itself, once all its keys are in."""
        own = [r for r in _references(spec) if r.target is spec.name]
        if not own:
            return []
        width = len(spec.columns)
        errors: list[ReportError] = []
        for number, cells in rows:
            if len(cells) == width:
                errors += self._missing(spec, file, number, cells, own)
        return errors

    def _missing(
        self,
        spec: TableSpec,
        file: str,
        number: int,
        cells: list[str],
        references: list[_Reference],
    ) -> list[ReportError]:
        errors = []
        for ref in references:
            values = [cells[i] for i in ref.positions]
            if not any(values):
                continue  # an empty optional reference (as Frictionless: a composite key
                # with one empty cell is still looked up)
            lookup = values
            if ref.within_budget:
                lookup = [cells[spec.columns.index(BUDGET_ID_COLUMN)], *values]
            store = self._stores.get(ref.target) or self.ids(ref.target)
            if key_of(*lookup) not in store:
                errors.append(
                    ReportError(
                        ErrorTypes.FOREIGN_KEY,
                        "Foreign Key Error: a reference to a row that does not exist",
                        file=file,
                        row=number,
                        field=", ".join(ref.columns),
                        found=", ".join(values),
                        expected=f"an existing {', '.join(ref.target_columns)} of the "
                        f"{ref.target} table",
                    )
                )
        return errors
