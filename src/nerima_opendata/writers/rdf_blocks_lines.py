"""A book's lines written a block of rows at a time by Arrow compute
(:mod:`~nerima_opendata.writers.rdf_blocks`): the lines' part of the RDF files (all
four, or those chosen), the same bytes as
:func:`~nerima_opendata.writers.rdf_book_files.book_rdf_groups` gives the writers.

Each block of the lines' CSV (this budget's rows of it) becomes two columns of groups,
the lines' and their observations', each value made as the field plans
(:class:`~.rdf_rows.BookPlans`) and the cube (:class:`~.rdf_book_cube.BookCube`) make
it: IRIs as a prefix and the ID; COFOG, direction and Turtle references through the
library's own functions, once per distinct value; a line's label from a window of the
code list read along with the lines. The shapes are the ones the library gives the
first line, whose groups are checked against the library's (values and terms). A
department's groups, after the line that names it first, the COFOG classes, the
observations of the other amounts (from each line's facts, remembered as the writers
remember them) and the editorial notes are the writers'.

The lines must fill the same fields (each in every line or in none) and name their
nodes in the code list's order, the code list no English name, every value plain
(:func:`~.rdf_blocks.check_plain`). Any other book raises
:class:`~.rdf_blocks.Unsupported` (before or while it writes), and the caller writes
the part with the writers' own code.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import TableName
from nerima_opendata.model.tables import BUDGET_ID_COLUMN
from nerima_opendata.writers import rdf_stream
from nerima_opendata.writers.rdf import record_triples
from nerima_opendata.writers.rdf_blocks import (
    BlockFormat,
    Unsupported,
    check_plain,
    check_terms,
    checked_iri,
    field_values,
    joined,
    mapped,
    open_table,
    texts_buffer,
)
from nerima_opendata.writers.rdf_blocks_tables import (
    BlockTables,
    check_first_row,
    columns_of,
    hashed_files,
)
from nerima_opendata.writers.rdf_book import (
    BookPart,
    BookStores,
    department_groups,
    line_amount_groups,
)
from nerima_opendata.writers.rdf_book_cube import COFOG_PREDICATE, BookCube
from nerima_opendata.writers.rdf_rows import BookPlans, cofog_triples
from nerima_opendata.writers.rdf_shapes import Shaped
from nerima_opendata.writers.rdf_terms import Group, groups_from_triples

if TYPE_CHECKING:
    from hashlib import _Hash

    import pyarrow as pa
    import pyarrow.compute as pc
else:
    pa = LazyModule("rdf", "build", "pyarrow")
    pc = LazyModule("rdf", "build", "pyarrow.compute")

__all__ = ["write_lines_part"]


#: Most code-list nodes the labels' window holds.
_WINDOW = 100_000


class _Labels:
    """The code list's names, for the lines' labels, read along with the lines: a window
    of the code list that moves on as the lines do, from a block's last line's node to
    the next block's. The lines must name their nodes in the code list's order (a valid
    package holds each ID once: a block that repeats one is not written here), and the
    window hold at most :data:`_WINDOW` nodes (a code list ordered otherwise than the
    lines, by depth say, would fill it)."""

    def __init__(self, tables: BlockTables) -> None:
        alias = columns_of(TableName.CLASSIFICATIONS)
        self._id, self._name, self._name_en = alias["id"], alias["name"], alias["name_en"]
        path = tables.paths[TableName.CLASSIFICATIONS]
        self._tables = tables
        columns = [self._id, self._name, self._name_en, BUDGET_ID_COLUMN]
        self._reader = open_table(path, columns, tables.block)
        self._ids = pa.array([], pa.string())
        self._names = pa.array([], pa.string())

    def _more(self) -> bool:
        """Read the code list's next block into the window (False: none is left)."""
        batch: Any = ()
        while not len(batch):
            try:
                read = self._reader.read_next_batch()
            except StopIteration:
                return False
            batch = self._tables.budget_rows(read)
            self._counted(len(batch))
        compute = pc
        if compute.any(compute.not_equal(batch.column(self._name_en), "")).as_py():
            raise Unsupported("an English name in the code list")
        ids = batch.column(self._id)
        if compute.count_distinct(ids).as_py() != len(ids):
            raise Unsupported("an ID twice in the code list")
        self._ids = pa.concat_arrays([self._ids, ids])
        self._names = pa.concat_arrays([self._names, batch.column(self._name)])
        if len(self._ids) > _WINDOW:
            raise Unsupported(f"more than {_WINDOW:,} nodes between a line's and the next's")
        return True

    def _counted(self, rows: int) -> None:
        if self._tables.count_codes:
            self._tables.counted(rows)

    def drain(self) -> None:
        """Read the rest of the code list (its rows are counted as the writers' are)."""
        for batch in self._reader:
            self._counted(len(self._tables.budget_rows(batch)))

    def close(self) -> None:
        self._reader.close()

    def names(self, leaves: Any) -> Any:
        """The names of a block of lines' nodes; the window then starts at the last."""
        compute = pc
        found = compute.index_in(leaves, value_set=self._ids)
        while found.null_count:
            if not self._more():
                raise Unsupported("a line's node not in the code list after the line before's")
            found = compute.index_in(leaves, value_set=self._ids)
        if len(found) > 1 and not compute.all(compute.less_equal(found[:-1], found[1:])).as_py():
            raise Unsupported("lines not in the code list's order")
        names = compute.take(self._names, found)
        last = found[-1].as_py() if len(found) else 0
        self._ids, self._names = self._ids[last:], self._names[last:]
        return names


class _Lines:
    """The values of the lines' groups, a block of rows at a time."""

    def __init__(self, tables: BlockTables, formats: list[BlockFormat], stack: ExitStack) -> None:
        self.tables, self.formats = tables, formats
        self.plans = BookPlans(tables.iris)
        self.cube = BookCube(tables.head.info, tables.iris, self.plans)
        self.primary = next(k.id for k in tables.head.amount_kinds if k.primary)
        amounts = next(iter(tables.cells(TableName.LINE_AMOUNTS, ("line_id",))), None)
        #: Each line's facts, for its other amounts' observations (when it has some).
        self.stores = None if amounts is None else BookStores(stack, DEFAULT_MEMORY_LIMIT)
        self.labels = _Labels(tables)
        self.cofogs: set[str] = set()
        self.departments: set[str] = set()  # the department codes already described
        self.organization = str(tables.iris.organization)
        self.alias = columns_of(TableName.LINES)
        self.filled: list[str] | None = None  # the fields the first block fills

    def blocks(self) -> Iterator[tuple[list[Any], list[Any], list[Any] | None]]:
        """Each block's columns: the lines' subjects and values, the observations', and
        each format's texts of the departments first named there (``None``: none)."""
        columns = [*self.alias.values(), BUDGET_ID_COLUMN]
        with open_table(self.tables.paths[TableName.LINES], columns, self.tables.block) as rows:
            for batch in rows:
                mine = self.tables.budget_rows(batch)
                if len(mine):
                    yield self._block({name: mine.column(name) for name in mine.schema.names})
                self.tables.counted(len(mine))

    def _values(self, column: dict[str, Any]) -> list[Any]:
        """The lines' values, after their labels: each field the lines fill."""
        fills, values = [], []
        for plan in self.plans.line.fields:
            filled = pc.not_equal(column[self.alias[plan.name]], "")
            if not pc.any(filled).as_py():
                continue
            if not pc.all(filled).as_py():
                raise Unsupported(f"{plan.name} filled in some lines only")
            fills.append(plan.name)
            values.append(field_values(plan, column[self.alias[plan.name]]))
        if self.filled is None:
            self.filled = fills
        elif fills != self.filled:
            raise Unsupported(f"lines filling {fills}, where the first ones fill {self.filled}")
        return values

    def _block(self, column: dict[str, Any]) -> tuple[list[Any], list[Any], list[Any] | None]:
        alias, p, cube = self.alias, self.plans.prefixes, self.cube
        ids, leaf = column[alias["id"]], column[alias["classification_id"]]
        node = joined(p.line, ids)
        line_values = [self.labels.names(leaf), *self._values(column)]
        filled = self.filled or []
        parts = pc.split_pattern(leaf, "-", max_splits=2)
        observation: list[Any] = [
            joined(p.line_amount, pc.binary_join_element_wise(ids, "_" + self.primary, "")),
            joined(p.classification, pc.list_element(parts, 0)),
            mapped(pc.list_element(parts, 1), partial(_direction, cube.directions)),
            joined(p.classification, leaf),
        ]
        departments = None
        if "department_code" in filled:
            codes = column[alias["department_code"]]
            observation.append(joined(p.department, codes))
            departments = self._departments(codes, column[alias["department_name"]])
        if "nature_code" in filled:
            observation.append(column[alias["nature_code"]])
        if "cofog" in filled:
            cofog, cofog_iri = column[alias["cofog"]], self.plans.references[COFOG_PREDICATE]
            self.cofogs.update(pc.unique(cofog).to_pylist())
            observation.append(mapped(cofog, lambda value: checked_iri(cofog_iri(value))))
        observation += [node, column[alias["amount"]]]
        if self.stores is not None:
            self._remember(column, filled)
        return [node, *line_values], observation, departments

    def _remember(self, column: dict[str, Any], filled: list[str]) -> None:
        """Each line's facts (as the writers remember them), by its ID."""
        assert self.stores is not None
        facts = [column[self.alias["classification_id"]]]
        for name in ("department_code", "nature_code", "cofog"):
            facts.append(column[self.alias[name]] if name in filled else "")
        joined_facts = pc.binary_join_element_wise(*facts, "\t").to_pylist()
        remember = self.stores.facts.remember
        for line, fact in zip(column[self.alias["id"]].to_pylist(), joined_facts, strict=True):
            remember(line, fact)

    def _departments(self, codes: Any, names: Any) -> list[Any] | None:
        """Each format's texts of the departments first named in a block (the writers'
        groups, after the line that names them first), ``""`` for the other lines."""
        new = [c for c in pc.unique(codes).to_pylist() if c not in self.departments]
        if not new:
            return None
        self.departments.update(new)
        at = {pc.index(codes, code).as_py(): code for code in new}
        texts = []
        for fmt in self.formats:
            column = [""] * len(codes)
            for row, code in at.items():
                name = names[row].as_py() or None
                column[row] = _text(
                    fmt, department_groups(self.plans, self.organization, code, name)
                )
            texts.append(pa.array(column, pa.string()))
        return texts


def _text(fmt: BlockFormat, groups: Iterable[Group]) -> str:
    """Groups as a format's writer writes them amid others (its terms checked)."""
    out = io.BytesIO()
    rdf_stream.write_groups(
        groups, [rdf_stream.group_writer(fmt.suffix, out, False, False, fmt.base)]
    )
    return out.getvalue().decode()


def _direction(directions: Mapping[str, str], value: str) -> str:
    if value not in directions:
        raise Unsupported(f"a direction not known: {value!r}")
    return checked_iri(directions[value])


def _first_groups(tables: BlockTables) -> tuple[Shaped, Shaped]:
    """The library's groups of the first line (with its code-list node alone, for its
    label): the shapes, and the values to check the first row's against."""
    first = next(iter(tables.texts(TableName.LINES)()), None)
    if first is None:
        raise Unsupported("no line")
    codes = tables.texts(TableName.CLASSIFICATIONS)
    node = next((c for c in codes() if c.id == first.classification_id), None)
    if node is None:
        raise Unsupported("the first line's node is not in the code list")
    groups = list(tables.groups(BookPart.LINES, classifications=[node], lines=[first]))
    shaped = [(s, g) for s, g in groups if type(g) is Shaped]
    if type(groups[0][1]) is not Shaped or len(shaped) != 2:
        raise Unsupported("a line not of a known shape")
    for subject, group in shaped:
        check_terms(subject, group)
    return shaped[0][1], shaped[1][1]


def _tail(tables: BlockTables, lines: _Lines) -> Iterator[Group]:
    """What the writers write after the lines: the COFOG classes, the observations of the
    other amounts, the editorial notes."""
    iris = tables.iris
    yield from groups_from_triples(cofog_triples(lines.cofogs - {""}))
    if lines.stores is not None:
        amounts: Iterable[Any] = tables.texts(TableName.LINE_AMOUNTS)()
        if tables.tally is not None:
            amounts = tables.tally(amounts)
        yield from line_amount_groups(lines.cube, amounts, lines.stores)
    tags = {t.id: iris.tag(t.id) for t in tables.head.tags}
    yield from groups_from_triples(record_triples(tables.head, iris, tags))


def write_lines_part(
    tables: BlockTables, directory: StrPath, digests: dict[str, _Hash] | None = None
) -> list[Path]:
    """The lines' part of the RDF files of the formats written (``BookPart.LINES``), in
    ``directory`` (or to the sinks).

    Returns:
        The files, in the registry's order.

    Raises:
        Unsupported: A book these blocks do not write (the files are then incomplete).
    """
    line, observation = _first_groups(tables)
    formats = tables.formats()
    checked = False
    with ExitStack() as stack:
        paths, outs = stack.enter_context(hashed_files(tables, directory, digests))
        lines = _Lines(tables, formats, stack)
        stack.callback(lines.labels.close)
        for line_columns, observation_columns, departments in lines.blocks():
            check_plain(line.shape, line_columns)
            check_plain(observation.shape, observation_columns)
            if not checked:  # the first row's values are the library's
                check_first_row(line, line_columns)
                check_first_row(observation, observation_columns)
                checked = True
            for at, (fmt, out) in enumerate(zip(formats, outs, strict=True)):
                texts = [fmt.text(line.shape, line_columns)]
                if departments is not None:
                    texts.append(departments[at])
                texts.append(fmt.text(observation.shape, observation_columns))
                out.write(texts_buffer(pc.binary_join_element_wise(*texts, "")))
        lines.labels.drain()
        writers = [
            rdf_stream.group_writer(fmt.suffix, out, False, True, fmt.base)
            for fmt, out in zip(formats, outs, strict=True)
        ]
        rdf_stream.write_groups(_tail(tables, lines), writers)
    return paths
