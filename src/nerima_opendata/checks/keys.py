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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import TracebackType

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import ReportError
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT, KeyStore
from nerima_opendata.model.enums import TableName
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, TableSpec

__all__ = ["KeyChecks", "key_of"]

_SEPARATOR = "\x1f"  # the unit separator: no cell of a valid package holds it

#: Rows whose keys are looked up together.
_BATCH = 512


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
        present. Rows of the wrong length are left to the records check. The keys are
        looked up a batch of rows at a time (a store on disk: a statement a batch)."""
        others = [r for r in _references(spec) if r.target is not spec.name]
        store = self.ids(spec.name)
        errors: list[ReportError] = []
        for batch in _batches(rows, len(spec.columns)):
            errors += self._batch(spec, file, batch, store, others)
        return errors

    def self_references(
        self, spec: TableSpec, file: str, rows: Iterable[tuple[int, list[str]]]
    ) -> list[ReportError]:
        """The second pass over a table that refers to itself, once all its keys are in."""
        own = [r for r in _references(spec) if r.target is spec.name]
        if not own:
            return []
        errors: list[ReportError] = []
        for batch in _batches(rows, len(spec.columns)):
            errors += self._batch(spec, file, batch, None, own)
        return errors

    def _batch(
        self,
        spec: TableSpec,
        file: str,
        batch: list[tuple[int, list[str]]],
        store: KeyStore | None,
        references: list[_Reference],
    ) -> list[ReportError]:
        """A batch's errors, row by row: its primary key added to ``store`` (if given),
        then each of its ``references`` looked up."""
        key_columns = spec.primary_key
        keys: list[list[str]] = []
        new = [True] * len(batch)
        if store is not None:
            positions = [spec.columns.index(c) for c in key_columns]
            keys = [[cells[i] for i in positions] for _, cells in batch]
            new = store.add_all([key_of(*k) for k in keys])
        absent = [self._absent(spec, batch, ref) for ref in references]
        errors = []
        for index, (number, cells) in enumerate(batch):
            if not new[index]:
                errors.append(
                    ReportError(
                        ErrorTypes.PRIMARY_KEY,
                        "Primary Key Error: the same as in another row",
                        file=file,
                        row=number,
                        field=", ".join(key_columns),
                        found=", ".join(keys[index]),
                        expected=f"a unique {', '.join(key_columns)}",
                    )
                )
            for ref, missing in zip(references, absent, strict=True):
                if index in missing:
                    errors.append(_foreign_key_error(ref, file, number, cells))
        return errors

    def _absent(
        self, spec: TableSpec, batch: list[tuple[int, list[str]]], ref: _Reference
    ) -> set[int]:
        """The rows of a batch (their indexes) whose reference names no row."""
        budget = spec.columns.index(BUDGET_ID_COLUMN) if ref.within_budget else None
        indexes, lookups = [], []
        for index, (_, cells) in enumerate(batch):
            values = [cells[i] for i in ref.positions]
            if not any(values):
                continue  # an empty optional reference (as Frictionless: a composite key
                # with one empty cell is still looked up)
            indexes.append(index)
            lookups.append(key_of(*values) if budget is None else key_of(cells[budget], *values))
        found = self.ids(ref.target).contains_all(lookups)
        return {index for index, there in zip(indexes, found, strict=True) if not there}


def _batches(
    rows: Iterable[tuple[int, list[str]]], width: int
) -> Iterator[list[tuple[int, list[str]]]]:
    """The rows of the table's width (the others are the records check's), in batches."""
    batch: list[tuple[int, list[str]]] = []
    for row in rows:
        if len(row[1]) == width:
            batch.append(row)
            if len(batch) >= _BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def _foreign_key_error(ref: _Reference, file: str, number: int, cells: list[str]) -> ReportError:
    return ReportError(
        ErrorTypes.FOREIGN_KEY,
        "Foreign Key Error: a reference to a row that does not exist",
        file=file,
        row=number,
        field=", ".join(ref.columns),
        found=", ".join(cells[i] for i in ref.positions),
        expected=f"an existing {', '.join(ref.target_columns)} of the {ref.target} table",
    )
