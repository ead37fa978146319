"""What the block writers (:mod:`~nerima_opendata.writers.rdf_blocks_lines`,
:mod:`~nerima_opendata.writers.rdf_blocks_codes`) read of a book's package, and what they
share: its tables, the library's groups of a few rows (the shapes, and the values a
block's first row is checked against), the files hashed as they are written."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.hashed import HashedStream
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Tally
from nerima_opendata.model import TableName
from nerima_opendata.model.budget import Budget
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, table_by_name
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name
from nerima_opendata.writers.rdf_blocks import BlockFormat, Unsupported
from nerima_opendata.writers.rdf_book import BookPart
from nerima_opendata.writers.rdf_book_files import book_rdf_groups
from nerima_opendata.writers.rdf_shapes import Shaped

if TYPE_CHECKING:
    from hashlib import _Hash

    import pyarrow.compute as pc
else:
    pc = LazyModule("rdf", "build", "pyarrow.compute")

__all__ = ["BLOCK", "BlockTables", "check_first_row", "columns_of", "hashed_files"]

#: Bytes of a table's CSV read at a time (about 2,300 lines: each block's texts in four
#: formats take about 20 MB; blocks of 1 MiB took 100 MiB more, and grew from 100,000
#: to 1,000,000 lines, for no gain of speed).
BLOCK = 1 << 18
#: The RDF formats' file suffixes, in the registry's order.
_SUFFIXES = tuple(fmt.suffix for fmt in RDF_SERIALIZATIONS)


@dataclass(frozen=True)
class BlockTables:
    """What the block writers read of one budget of a package (its rows of each table).

    Attributes:
        head: The budget with its small tables.
        base_iri: The base of the data IRIs.
        paths: Each large table's CSV file.
        texts: Opens one table's rows as text (``BookSource.texts``).
        cells: Some text fields of one table's rows (``BookSource.cells``).
        tally: Counts the rows read, if given.
        block: Bytes of a CSV read at a time.
        count_codes: Whether the code list's rows read for the lines' labels are
            counted (not when the head's part, in the same process, counted them).
        suffixes: The formats written (by file suffix), in the registry's order.
        sinks: Where every part of each format of ``suffixes`` is written (one
            stream each, in their order), instead of files (``validate``'s print of the
            N-Triples lines, its comparison with the published files' bytes).
    """

    head: Budget
    base_iri: str
    paths: Mapping[TableName, Path]
    texts: Callable[[TableName], Callable[[], Iterator[Any]]]
    cells: Callable[[TableName, tuple[str, ...]], Iterable[tuple[str, ...]]]
    tally: Tally | None = None
    block: int = BLOCK
    count_codes: bool = True
    suffixes: tuple[str, ...] = _SUFFIXES
    sinks: tuple[IO[bytes], ...] = ()

    def __post_init__(self) -> None:
        """Raises ``ValueError``: suffixes not the registry's, or not in its order, or
        sinks other than one a format."""
        if tuple(s for s in _SUFFIXES if s in self.suffixes) != self.suffixes:
            raise ValueError(f"suffixes {self.suffixes}: some of {_SUFFIXES}, in that order")
        if self.sinks and len(self.sinks) != len(self.suffixes):
            raise ValueError(f"{len(self.sinks)} sinks for {len(self.suffixes)} formats")

    def formats(self) -> list[BlockFormat]:
        """The formats written."""
        base = self.iris.municipality
        return [BlockFormat(suffix, base) for suffix in self.suffixes]

    @property
    def iris(self) -> BudgetIRIs:
        return BudgetIRIs.for_budget(self.head.info, self.base_iri)

    def groups(
        self,
        part: BookPart,
        *,
        classifications: Sequence[Any] = (),
        lines: Sequence[Any] = (),
        fields: Callable[[TableName, tuple[str, ...]], Iterable[tuple[str, ...]]] | None = None,
    ) -> Iterable[Any]:
        """The library's groups of some rows (``fields``: as ``book_rdf_groups``)."""
        return book_rdf_groups(
            self.head,
            self.base_iri,
            classifications=lambda: classifications,
            lines=lambda: lines,
            line_amounts=lambda: (),
            fields=fields,
            part=part,
        )

    def budget_rows(self, batch: Any) -> Any:
        """A batch's rows of this budget (all of them when the package holds it alone)."""
        budgets = batch.column(BUDGET_ID_COLUMN)
        if pc.all(pc.equal(budgets, self.head.info.id)).as_py():
            return batch
        return batch.filter(pc.equal(budgets, self.head.info.id))

    def counted(self, rows: int) -> None:
        if self.tally is not None:
            self.tally.add(rows)


def columns_of(table: TableName) -> dict[str, str]:
    """A table's CSV columns by field name (its spec's)."""
    spec = table_by_name(table)
    return {name: spec.column(name) for name in spec.model.model_fields}


def check_first_row(group: Shaped, columns: Sequence[Any]) -> None:
    """Whether the columns' first row holds the library's values for it.

    Raises:
        Unsupported: It does not.
    """
    values = [c[0].as_py() for c in columns[1:]]
    if values != list(group.values):
        raise Unsupported(f"values {values}, where the library has {list(group.values)}")


@contextmanager
def hashed_files(
    tables: BlockTables, directory: StrPath, digests: dict[str, _Hash] | None
) -> Iterator[tuple[list[Path], list[IO[bytes]]]]:
    """The RDF files of the formats written opened, each hashed as it is written when
    ``digests`` is given (the digests put there by file name); closed at the end. With
    sinks, no file: the sinks, as they are (``ValueError`` with ``digests``)."""
    if tables.sinks:
        if digests is not None:
            raise ValueError("a sink is not hashed")
        yield [], list(tables.sinks)
        return
    code = tables.head.info.municipality_code
    paths = [
        Path(directory) / budget_file_name(code, fmt)
        for fmt in RDF_SERIALIZATIONS
        if fmt.suffix in tables.suffixes
    ]
    files: list[IO[bytes]] = []
    try:
        streams: list[IO[bytes]] = []
        for path in paths:
            files.append(path.open("wb"))
            if digests is None:
                streams.append(files[-1])
                continue
            digest = digests[path.name] = hashlib.sha256()
            streams.append(cast("IO[bytes]", HashedStream(files[-1], digest)))
        yield paths, streams
    finally:
        for file in files:
            file.close()
