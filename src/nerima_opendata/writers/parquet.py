"""The lines of budget-book packages as a Parquet dataset, for DuckDB, Spark, pandas…

One row per line of the 予算明細 table, with the codes of its path down to 目 (from the
classification ID, a path of codes joined by ``-``), its amount (integer yen) and its
budget's fiscal year and phase. The dataset is partitioned Hive-style by municipality
and fiscal year::

    OUT/municipality_code=132241/fiscal_year=2021/part-0.parquet

so a query for one municipality or year reads only its files; the two partition columns
are in the paths, not in the files (DuckDB ``read_parquet(…, hive_partitioning=true)``
and ``pyarrow.dataset(…, partitioning="hive")`` add them). ``OUT/datapackage.json`` lists
the files (Frictionless resources of format ``parquet``).

Streaming and bounded: each package's CSV is read row by row and written in record
batches of :data:`BATCH_ROWS` rows, one ``ParquetWriter`` per partition of the package.
Deterministic: the rows keep the CSV's order, a partition met again in a later package
gets the next part number, and the same input gives byte-identical files (for one
pyarrow version).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.atomic import atomic_directory
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.names import DESCRIPTOR
from nerima_opendata.files.ownership import GENERATOR, GENERATOR_KEY
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.columns import BUDGET_ID_COLUMN, CODE_COLUMN
from nerima_opendata.model.enums import TableName
from nerima_opendata.model.tables import TABLES, table_by_name

if TYPE_CHECKING:
    import pyarrow
    import pyarrow.parquet as pq
else:
    pyarrow = LazyModule("parquet", "parquet", "pyarrow")
    pq = LazyModule("parquet", "parquet", "pyarrow.parquet")

__all__ = ["BATCH_ROWS", "LINE_FIELDS", "PATH_COLUMNS", "ParquetResult", "write_parquet"]

#: Rows a record batch holds (and so a partition's buffer, at most).
BATCH_ROWS = 65_536
#: The fields of :class:`~nerima_opendata.model.book.BudgetLine` written, by their
#: English (model) names; ``id`` becomes ``line_id``.
LINE_FIELDS = ("id", "classification_id", "department_code", "nature_code", "cofog", "amount")
#: The path columns: the codes at depths 0–4 of the code list (会計, 歳入歳出, 款, 項, 目).
PATH_COLUMNS = ("account_code", "direction", "kan_code", "kou_code", "moku_code")
_PATH_SEPARATOR = "-"
_PARTITIONS = ("municipality_code", "fiscal_year")


@dataclass(frozen=True)
class ParquetResult:
    """What :func:`write_parquet` wrote: the files (relative to ``out``) and the rows."""

    out: Path
    files: tuple[str, ...]
    rows: int


def _schema() -> pyarrow.Schema:
    columns = [("budget_id", pyarrow.string()), ("phase", pyarrow.string())]
    for name in LINE_FIELDS:
        kind = pyarrow.int64() if name == "amount" else pyarrow.string()
        columns.append(("line_id" if name == "id" else name, kind))
    columns += [(name, pyarrow.string()) for name in PATH_COLUMNS]
    return pyarrow.schema(columns)


def _table_file(package: Path, name: TableName) -> Path:
    spec = table_by_name(name)
    found = sorted(package.glob(f"*{spec.filename('')}"))
    if len(found) != 1:
        raise InputError(
            f"cannot find the {spec.name} table: a budget-book package is expected",
            path=package,
            found=f"{len(found)} file(s)",
            expected=f"one file named like {spec.filename('CODE')}",
        )
    return found[0]


def _budgets(package: Path) -> dict[str, tuple[str, str]]:
    """Budget ID → (fiscal year, phase): one entry a budget, a handful a package."""
    spec = next(s for s in TABLES if s.is_budget)
    with _table_file(package, spec.name).open(encoding="utf-8-sig", newline="") as handle:
        return {
            row[spec.column("id")]: (row[spec.column("fiscal_year")], row[spec.column("phase")])
            for row in csv.DictReader(handle)
        }


class _Partition:
    """One partition's open file and its buffered columns."""

    def __init__(self, path: Path, schema: pyarrow.Schema, batch_rows: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._schema = schema
        self._batch_rows = batch_rows
        self._writer = pq.ParquetWriter(path, schema, compression="zstd")
        self._columns: list[list[Any]] = [[] for _ in schema.names]

    def add(self, values: Sequence[Any]) -> None:
        for column, value in zip(self._columns, values, strict=True):
            column.append(value)
        if len(self._columns[0]) >= self._batch_rows:
            self.flush()

    def flush(self) -> None:
        if self._columns[0]:
            batch = pyarrow.record_batch(self._columns, schema=self._schema)
            self._writer.write_batch(batch, row_group_size=self._batch_rows)
            self._columns = [[] for _ in self._schema.names]

    def close(self) -> None:
        self.flush()
        self._writer.close()


def _line_reader(handle: Any, path: Path) -> tuple[Any, list[int]]:
    """A csv reader past the header, and the positions of the columns read."""
    spec = table_by_name(TableName.LINES)
    reader = csv.reader(handle)
    header = next(reader, [])
    wanted = [CODE_COLUMN, BUDGET_ID_COLUMN, *(spec.column(name) for name in LINE_FIELDS)]
    missing = [column for column in wanted if column not in header]
    if missing:
        raise InputError("columns missing", path=path, found=", ".join(missing))
    return reader, [header.index(column) for column in wanted]


def _write_package(
    package: Path, out: Path, schema: pyarrow.Schema, parts: dict[str, int], batch_rows: int
) -> tuple[list[str], int]:
    """Stream one package's lines into its partitions; the files written and the rows."""
    budgets = _budgets(package)
    path = _table_file(package, TableName.LINES)
    open_parts: dict[tuple[str, str], _Partition] = {}
    files: list[str] = []
    rows = 0
    amount = LINE_FIELDS.index("amount")
    classification = 2 + LINE_FIELDS.index("classification_id")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader, positions = _line_reader(handle, path)
            for number, row in enumerate(reader, start=2):
                cells = [row[i] for i in positions]
                budget = cells[1]
                key = _partition_key(cells[0], budgets.get(budget), path, number)
                if key not in open_parts:
                    directory = "/".join(f"{n}={v}" for n, v in zip(_PARTITIONS, key, strict=True))
                    name = f"{directory}/part-{parts.get(directory, 0)}.parquet"
                    parts[directory] = parts.get(directory, 0) + 1
                    open_parts[key] = _Partition(out / name, schema, batch_rows)
                    files.append(name)
                line: list[Any] = [cell or None for cell in cells[2:]]
                line[amount] = _amount(cells[2 + amount], path, number)
                path_codes = cells[classification].split(_PATH_SEPARATOR)[: len(PATH_COLUMNS)]
                codes: list[str | None] = [*path_codes]
                codes += [None] * (len(PATH_COLUMNS) - len(codes))
                open_parts[key].add([budget, budgets[budget][1], *line, *codes])
                rows += 1
    finally:
        for partition in open_parts.values():
            partition.close()
    return files, rows


def _partition_key(
    code: str, budget: tuple[str, str] | None, path: Path, line: int
) -> tuple[str, str]:
    """(municipality code, fiscal year) of a line; both digits, as they name directories."""
    if budget is None:
        raise InputError("a line of a budget the package does not list", path=path, line=line)
    if not (code.isascii() and code.isdigit() and budget[0].isascii() and budget[0].isdigit()):
        raise InputError(
            "not a municipality code and fiscal year",
            path=path,
            line=line,
            found=f"{code}, {budget[0]}",
            expected="digits, e.g. 132241 and 2021",
        )
    return code, budget[0]


def _amount(text: str, path: Path, line: int) -> int:
    try:
        return int(text)
    except ValueError:
        raise InputError("not an integer amount", path=path, line=line, found=text) from None


def _descriptor(files: Sequence[str]) -> dict[str, Any]:
    return {
        "name": "budget-lines-parquet",
        "title": "予算明細（Parquet） Budget lines (Parquet)",
        GENERATOR_KEY: GENERATOR,
        "resources": [
            {
                "name": f"lines-{index}",
                "path": name,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
            }
            for index, name in enumerate(files)
        ],
    }


def write_parquet(
    packages: Sequence[StrPath],
    out: StrPath,
    *,
    progress: Callable[[str, int], None] | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ParquetResult:
    """Write the lines of ``packages`` (canonical budget-book packages) as one Parquet
    dataset in ``out`` (replaced atomically; see the module's description).

    Args:
        packages: Package directories, in the order their rows are written.
        out: The dataset's directory: new, empty, or one this function wrote.
        progress: Called after each package with its path and its rows.
        batch_rows: Rows a record batch (and a row group) holds.

    Raises:
        InputError: A package has no lines table (a brochure), or a row is malformed.
        OutputError: ``out`` cannot be written.
        MissingDependencyError: pyarrow is not installed (the ``parquet`` extra).
    """
    schema = _schema()
    parts: dict[str, int] = {}
    files: list[str] = []
    rows = 0
    with atomic_directory(out) as tmp:
        for package in map(Path, packages):
            written, count = _write_package(package, tmp, schema, parts, batch_rows)
            files += written
            rows += count
            if progress is not None:
                progress(str(package), count)
        text = json.dumps(_descriptor(files), ensure_ascii=False, indent=2) + "\n"
        (tmp / DESCRIPTOR).write_text(text, encoding="utf-8")
    return ParquetResult(Path(out), tuple(files), rows)
