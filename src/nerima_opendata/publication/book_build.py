"""The publication of a budget book straight from its package, in bounded memory.

:func:`build_book` writes the same files as :func:`~nerima_opendata.publication.build.build`
for a budget book, without holding its lines: the package's small tables (the budget, its
amount kinds and editorial notes) are read into the model, and the large ones (the code
list, lines and line amounts) are streamed, row by row, from their CSV files:

* the CSV tables are copied byte for byte when the package holds this budget alone, else
  filtered row by row;
* the RDF is written from the rows a block at a time by Arrow compute
  (:mod:`nerima_opendata.writers.rdf_blocks_parts`), or, for a book the blocks do not
  write, by the streaming writers
  (:func:`nerima_opendata.writers.rdf_book_files.book_rdf_groups`), the same bytes;
  when there is a core for it, a second process (:mod:`nerima_opendata.files.background`)
  writes some of the files, this one the others (:mod:`.rdf_parts`);
* the page, DCAT and ``datapackage.json`` are written from the budget's head and its
  digest (:class:`nerima_opendata.model.digest.DigestBuilder`, one pass over the lines).

The package must have been validated first (:func:`nerima_opendata.checks.validate`);
this module reads it and does not check it again.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

from nerima_opendata.errors import InputError, MissingDependencyError, OutputError
from nerima_opendata.files.atomic import atomic_directory
from nerima_opendata.files.extras import require
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Count, Say, Tally, count_rows, counter_of
from nerima_opendata.model import Budget, BudgetInfo, DocumentKind, TableName
from nerima_opendata.model.digest import BookDigest, DigestBuilder
from nerima_opendata.model.tables import TableSpec, table_by_name, tables_for
from nerima_opendata.publication.build import BuildResult, finish, layout_entry, write_linked_data
from nerima_opendata.publication.layout import Layout
from nerima_opendata.publication.rdf_parts import write_rdf_files
from nerima_opendata.readers.package import read_descriptor
from nerima_opendata.readers.stream import RowSource
from nerima_opendata.writers.csv import ENCODING, write_csv
from nerima_opendata.writers.rdf_blocks_tables import BLOCK
from nerima_opendata.writers.rdf_book import BookPart
from nerima_opendata.writers.rdf_terms import Group

if TYPE_CHECKING:
    from hashlib import _Hash

__all__ = ["STEPS", "BookSource", "build_book"]

#: A binary stream the N-Triples are written to (a file, or a print of its lines).
_Stream = TypeVar("_Stream", bound=io.RawIOBase | IO[bytes])

#: The steps :func:`build_book` tells its ``progress``.
STEPS = 5

#: The tables streamed from the package (the others are small).
_LARGE = (TableName.CLASSIFICATIONS, TableName.LINES, TableName.LINE_AMOUNTS)
#: The fields the digest sums, of the code list, the lines and the line amounts.
_DEPTH = ("depth",)
_LINE = ("id", "classification_id", "amount")
_AMOUNT = ("line_id", "kind_id", "amount")


class BookSource:
    """One budget of a package, its small tables in memory and its large ones on disk.

    Its RDF is written by blocks of rows (Arrow compute) when the book's shapes allow
    it, else by the writers, the same bytes (:meth:`write_rdf`; ``use_blocks = False``).

    Args:
        package: The package directory (validated).
        budget_id: Which budget, when the package holds several.
    """

    #: Whether a part may be written by blocks (:meth:`_blocks`), and their bytes.
    use_blocks = True
    block_bytes = BLOCK

    def __init__(self, package: StrPath, budget_id: str | None = None) -> None:
        self.package = Path(package)
        descriptor = read_descriptor(self.package)
        self.resources: dict[str, dict[str, Any]] = {
            str(r.get("name")): r for r in descriptor["resources"]
        }
        self.rows = RowSource(self.package, self.resources)
        infos = list(self.rows.records(table_by_name(TableName.BUDGET)))
        self.alone = len(infos) == 1
        #: Why the last part was not written by blocks ("" when it was).
        self.blocks_declined = "not tried"
        chosen = [i for i in infos if budget_id is None or i.id == budget_id]
        if len(chosen) != 1:
            raise InputError(
                "choose one budget of the package",
                found=budget_id,
                expected="one of " + ", ".join(i.id for i in infos if isinstance(i, BudgetInfo)),
            )
        info = chosen[0]
        assert isinstance(info, BudgetInfo)
        self.info = info
        self._head: Budget | None = None

    def records(self, table: TableName) -> Iterator[Any]:
        """The records of one table that belong to this budget, streamed."""
        yield from self.rows.records(table_by_name(table), self.info.id)

    def texts(self, table: TableName) -> Callable[[], Iterator[Any]]:
        """A function that streams one table's rows of this budget as text each time
        (:meth:`~nerima_opendata.readers.stream.RowSource.texts`: the model only for a
        row whose text it would not keep as it is)."""
        return lambda: self.rows.texts(table_by_name(table), self.info.id)

    def head(self, digest: BookDigest | None = None) -> Budget:
        """The budget with its small tables and the digest of its large ones (made once,
        or ``digest`` when it was made elsewhere)."""
        if self._head is None:
            self._head = self._small_head().with_digest(digest or self.digest())
        return self._head

    def digest(self) -> BookDigest:
        """The digest of the budget's large tables: one pass over them, reading the
        cells it sums; the model makes only the records the digest keeps (the code list
        to 目, the largest lines)."""
        builder, budget = DigestBuilder(), self.info.id
        picked = self.rows.picked
        for (depth,), node in picked(table_by_name(TableName.CLASSIFICATIONS), _DEPTH, budget):
            builder.node(int(depth), node)
        for (line, classification, amount), record in picked(
            table_by_name(TableName.LINES), _LINE, budget
        ):
            builder.line_of(line, classification, int(amount), record)
        for line, kind, amount in self.cells(TableName.LINE_AMOUNTS, _AMOUNT):
            builder.amount_of(line, kind, int(amount))
        return builder.result(tuple(self.records(TableName.AMOUNT_KINDS)), self.names())

    def _small_head(self) -> Budget:
        """The budget with its small tables only: all the RDF needs (no pass over lines).
        Not validated again: the head alone (notes about lines it does not hold) is not
        a budget the model would accept."""
        return Budget.model_construct(
            info=self.info,
            amount_kinds=tuple(self.records(TableName.AMOUNT_KINDS)),
            editorial_notes=tuple(self.records(TableName.EDITORIAL_NOTES)),
        )

    def write_rdf(
        self,
        directory: StrPath,
        *,
        base_iri: str,
        part: BookPart = BookPart.ALL,
        count: Count | None = None,
        digests: dict[str, _Hash] | None = None,
        formats: tuple[str, ...] | None = None,
    ) -> list[Path]:
        """Write the budget's RDF files from the rows, or one part of each (``BookPart``:
        the head's files start the documents, the lines' files end them); ``count`` is
        told the rows read of the code list, lines and line amounts, of about their files'
        rows (0 when the package holds other budgets too); ``digests``: each file's SHA-256
        made as it is written; ``formats``: only these (by suffix, in the registry's
        order), by blocks (``Unsupported`` when they do not write the book)."""
        from nerima_opendata.rdf.iris import BudgetIRIs
        from nerima_opendata.writers.rdf_blocks import Unsupported
        from nerima_opendata.writers.rdf_files import write_rdf_groups

        tally = None
        if count is not None:  # the files' rows are this budget's only when it is alone
            paths = [self.rows.path(table_by_name(name)) for name in _LARGE]
            tally = Tally(count, count_rows(paths) if self.alone else 0)
        written = self._blocks(Path(directory), base_iri, part, tally, digests, formats)
        if written is None and formats is not None:
            raise Unsupported(self.blocks_declined)
        if written is None:
            written = write_rdf_groups(
                self.groups(base_iri, tally, part),
                directory,
                self.info.municipality_code,
                head=part is not BookPart.LINES,
                tail=part is not BookPart.HEAD,
                digests=digests,
                base=BudgetIRIs.for_budget(self.info, base_iri).municipality,
            )
        if tally is not None:
            tally.end()
        return written

    def _blocks(
        self,
        directory: Path,
        base_iri: str,
        part: BookPart,
        tally: Tally | None,
        digests: dict[str, _Hash] | None,
        formats: tuple[str, ...] | None = None,
        sinks: tuple[IO[bytes], ...] = (),
    ) -> list[Path] | None:
        """One part (or all) written a block of rows at a time by Arrow compute
        (:mod:`~nerima_opendata.writers.rdf_blocks_parts`), the same bytes as the
        writers give; ``None`` when they are to write it: no pyarrow, or a book of
        shapes the blocks do not write (why is kept in :attr:`blocks_declined`).
        ``formats``: only these (by suffix, in the registry's order); ``sinks``: written
        to these streams, one a format, no file."""
        self.blocks_declined = "not tried"
        if not self.use_blocks:
            return None
        try:
            from nerima_opendata.writers.rdf_blocks import Unsupported
            from nerima_opendata.writers.rdf_blocks_parts import write_part
            from nerima_opendata.writers.rdf_blocks_tables import BlockTables

            require("rdf", "build", "pyarrow")
        except MissingDependencyError:
            self.blocks_declined = "no pyarrow"
            return None
        paths = {name: self.rows.path(table_by_name(name)) for name in _LARGE}
        head = self._head or self._small_head()
        tables = BlockTables(head, base_iri, paths, self.texts, self.cells, tally, self.block_bytes)
        if formats is not None:
            tables = dataclasses.replace(tables, suffixes=formats, sinks=sinks)
        done = 0 if tally is None else tally.done
        try:
            written = write_part(tables, directory, part, digests)
        except Unsupported as why:
            self.blocks_declined = str(why)
            if tally is not None:
                tally.done = done
            return None
        except OSError as exc:  # as the writers say it (a stream's read error: as it is)
            if tables.sinks:
                raise
            raise OutputError(f"cannot write the RDF files in {directory}: {exc}") from exc
        self.blocks_declined = ""
        return written

    def write_streams(self, streams: Mapping[str, IO[bytes]], *, base_iri: str) -> bool:
        """Write some formats of the budget's RDF files (by suffix, in the registry's
        order) to these streams by blocks; ``False`` when the blocks do not (why:
        :attr:`blocks_declined`). Raises ``OSError`` and the writers' errors."""
        if not streams:  # nothing to write (no sinks would mean files)
            return True
        formats, sinks = tuple(streams), tuple(streams.values())
        return self._blocks(Path(), base_iri, BookPart.ALL, None, None, formats, sinks) is not None

    def write_ntriples(self, new: Callable[[], _Stream], *, base_iri: str) -> _Stream:
        """Write the budget's N-Triples (the lines its file would hold) to a stream
        ``new`` makes, by blocks when they write it (:meth:`write_streams`), else by
        the writer, in a new stream. Returns the stream written. Raises ``OutputError``
        (a term no RDF can hold), ``InputError`` (rows the writer cannot read),
        ``OSError`` (a table cannot be read)."""
        from nerima_opendata.writers.rdf_stream import NTriplesWriter, write_groups

        stream = new()
        if not self.write_streams({".nt": cast("IO[bytes]", stream)}, base_iri=base_iri):
            stream = new()
            write_groups(self.groups(base_iri), [NTriplesWriter(cast("IO[bytes]", stream))])
        return stream

    def groups(
        self, base_iri: str, tally: Tally | None = None, part: BookPart = BookPart.ALL
    ) -> Iterable[Group]:
        """The groups of the budget's graph (or of one part), made from the rows (what
        :meth:`write_rdf` writes); ``tally`` counts the rows read."""
        from nerima_opendata.writers.rdf_book_files import book_rdf_groups

        rows = {name: self.texts(name) for name in _LARGE}
        if tally is not None:
            rows = {name: _tallied(texts, tally) for name, texts in rows.items()}
        return book_rdf_groups(
            self._head or self._small_head(),
            base_iri,
            classifications=rows[TableName.CLASSIFICATIONS],
            lines=rows[TableName.LINES],
            line_amounts=rows[TableName.LINE_AMOUNTS],
            fields=self.cells,
            part=part,
        )

    def cells(self, table: TableName, fields: Sequence[str]) -> Iterator[tuple[str, ...]]:
        """Some text fields of one table's rows of this budget, without the model."""
        return self.rows.cells(table_by_name(table), fields, self.info.id)

    def names(self) -> Iterator[tuple[str, str]]:
        """The code list's ``(ID, name)`` (the digest's second pass), without the model."""
        cells = self.cells(TableName.CLASSIFICATIONS, ("id", "name"))
        return ((node, name) for node, name in cells)

    def base_iri_in(self, ntriples: StrPath) -> str:
        """The base IRI a publication's N-Triples were written with: the subject
        ``{base}{code}/{year}/{phase}/budget`` of its first statement about the budget
        (the writer's first line; read on, streamed, when the lines were reordered).

        Raises:
            InputError: No statement is about this budget.
        """
        info = self.info
        tail = f"{info.municipality_code}/{info.fiscal_year}/{info.phase.value}/budget>"
        first = None
        with Path(ntriples).open(encoding="utf-8", errors="replace") as stream:
            for line in stream:
                subject = line.lstrip().split(" ", 1)[0]
                first = first or subject.strip()
                if subject.startswith("<") and subject.endswith(tail):
                    return subject[1 : -len(tail)]
        raise InputError(
            "the N-Triples say nothing of the budget",
            path=Path(ntriples),
            line=1,
            found=first,
            expected=f"a subject ending in {tail}",
        )

    def write_table(self, spec: TableSpec, path: StrPath) -> None:
        """Write one table of this budget: a copy of the package's file when it holds this
        budget alone, else its rows of this budget."""
        source = self.rows.path(spec)
        if self.alone:
            shutil.copyfile(source, Path(path))
            return
        rows = ((record, self.info) for record in self.rows.records(spec, self.info.id))
        with Path(path).open("w", encoding=ENCODING, newline="") as stream:
            write_csv(stream, spec, rows)


def _tallied(rows: Callable[[], Iterator[Any]], tally: Tally) -> Callable[[], Iterator[Any]]:
    """``rows``, each read of them counted by ``tally``."""
    return lambda: tally(rows())


def build_book(
    package: StrPath,
    out: StrPath,
    *,
    budget_id: str | None = None,
    base_iri: str,
    publication_base: str | None = None,
    progress: Callable[[str], None] | None = None,
    checked: Callable[[], BookDigest | None] | None = None,
) -> BuildResult:
    """Write the full publication of a budget book from its (validated) package.

    The package may be checked meanwhile in another process: ``checked`` then waits for
    that check and gives the book's digest (made there too; ``None``: made here), or
    raises when the package is invalid. It is called once the RDF is written, or first
    when anything fails, so an invalid package is reported as such and nothing is written.

    Args:
        package: The canonical package.
        out: The output directory; replaced as a whole.
        budget_id: Which budget, when the package holds several.
        base_iri: The base of the data IRIs.
        publication_base: Where the files will be served.
        progress: Called with a short description before each step; told the rows read
            for the RDF too, if it counts (:class:`~nerima_opendata.files.progress.Counting`).
        checked: See above.

    Returns:
        What was written; its budget is the book's head (no lines held).
    """
    try:
        return _build(
            BookSource(package, budget_id), Path(out), base_iri, publication_base, progress, checked
        )
    except Exception:
        if checked is not None:
            checked()  # an invalid package is the error to report
        raise


def _build(
    source: BookSource,
    out: Path,
    base_iri: str,
    publication_base: str | None,
    progress: Say | None,
    checked: Callable[[], BookDigest | None] | None,
) -> BuildResult:
    say, count = progress or (lambda _step: None), counter_of(progress)
    layout = Layout(source.info.municipality_code, kinds=frozenset({DocumentKind.BOOK}))
    with atomic_directory(out) as tmp:
        say("writing the CSV tables")
        entries = []
        for spec in tables_for(layout.kinds):
            file = layout.file(spec.name)
            source.write_table(spec, tmp / file.path)
            entries.append(layout_entry(tmp, file))
        say("writing RDF")
        digests = write_rdf_files(source, tmp, base_iri, count)
        say("summing the lines" if checked is None else "waiting for the input's check and sums")
        head = source.head(None if checked is None else checked())
        say("writing DCAT and index.html")
        entries += write_linked_data(
            head, tmp, layout, entries, base_iri, publication_base, written=digests
        )
        say("writing datapackage.json")
        files = finish([head], tmp, entries)
    return BuildResult(out=out, files=files, budgets=(head,))
