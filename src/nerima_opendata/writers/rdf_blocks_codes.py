"""A book's code list written a block of rows at a time by Arrow compute
(:mod:`~nerima_opendata.writers.rdf_blocks`): the head's part of the RDF files (all
four, or those chosen), the same bytes as
:func:`~nerima_opendata.writers.rdf_book_files.book_rdf_groups` gives the writers.

Each node is two groups: the node, then its parent's ``skos:narrower`` (or the scheme's
top concept). The nodes of a block are cut by kind (which optional fields they fill),
each kind's groups made from the shapes the library gives its first node (whose values
are checked against the library's), and put back in the rows' order. The groups around
them (the budget, its members' lists, the amount kinds, the cube's header) are the
writers'. A node with an English name raises :class:`~.rdf_blocks.Unsupported`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import TableName
from nerima_opendata.model.tables import BUDGET_ID_COLUMN
from nerima_opendata.writers import rdf_stream
from nerima_opendata.writers.rdf_blocks import (
    BlockFormat,
    Unsupported,
    check_plain,
    check_terms,
    field_values,
    joined,
    open_table,
    texts_buffer,
)
from nerima_opendata.writers.rdf_blocks_tables import (
    BlockTables,
    check_first_row,
    columns_of,
    hashed_files,
)
from nerima_opendata.writers.rdf_book import BookPart
from nerima_opendata.writers.rdf_rows import BookPlans
from nerima_opendata.writers.rdf_shapes import Shaped
from nerima_opendata.writers.rdf_terms import Group

if TYPE_CHECKING:
    from hashlib import _Hash

    import pyarrow as pa
    import pyarrow.compute as pc
else:
    pa = LazyModule("rdf", "build", "pyarrow")
    pc = LazyModule("rdf", "build", "pyarrow.compute")

__all__ = ["write_head_part"]

#: The code list's fields that make a node's kind: which it fills (its shape has no slot
#: for one it leaves empty; only ``parent_id`` is optional in a valid package).
_OPTIONAL = ("level", "depth", "code", "parent_id")
#: One kind's rows in a block: where they are, and their two groups' shapes and columns.
_Kind = tuple[Any, Shaped, list[Any], Shaped, list[Any]]


def _no_fields(table: TableName, names: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    return iter(())


class _Codes:
    """The code list's groups, a block of rows at a time, of the shapes the library gives
    a node of each kind."""

    def __init__(self, tables: BlockTables) -> None:
        self.tables = tables
        self.plans = BookPlans(tables.iris)
        self.scheme = str(tables.iris.classification_scheme)
        self.alias = columns_of(TableName.CLASSIFICATIONS)
        self.groups: dict[str, tuple[Shaped, Shaped]] = {}  # a kind → a node's groups
        self.checked: set[str] = set()  # the kinds whose first row was checked

    def _kind(self, column: dict[str, Any]) -> Any:
        """Each node's kind: which optional fields it fills (``1`` or ``0`` each)."""
        compute = pc
        flags = [
            compute.if_else(compute.not_equal(column[self.alias[name]], ""), "1", "0")
            for name in _OPTIONAL
        ]
        return compute.binary_join_element_wise(*flags, "")

    def _groups(self, kind: str) -> tuple[Shaped, Shaped]:
        """The library's two groups of the first node of a kind."""
        if kind not in self.groups:
            row = next(
                (
                    r
                    for r in self.tables.texts(TableName.CLASSIFICATIONS)()
                    if "".join("0" if getattr(r, n) in (None, "") else "1" for n in _OPTIONAL)
                    == kind
                ),
                None,
            )
            if row is None:  # the model read a cell otherwise than its text (say "00")
                raise Unsupported(f"no node of the kind {kind} as the writers read it")
            groups = self.tables.groups(BookPart.HEAD, classifications=[row], fields=_no_fields)
            shaped = [(s, g) for s, g in groups if type(g) is Shaped]
            if len(shaped) != 2:
                raise Unsupported(f"a node of {len(shaped)} groups of a known shape")
            for subject, group in shaped:
                check_terms(subject, group)
            self.groups[kind] = (shaped[0][1], shaped[1][1])
        return self.groups[kind]

    def blocks(self) -> Iterator[tuple[int, list[_Kind]]]:
        """Each block: its size, and each of its kinds' rows."""
        compute = pc
        columns = [*self.alias.values(), BUDGET_ID_COLUMN]
        path = self.tables.paths[TableName.CLASSIFICATIONS]
        with open_table(path, columns, self.tables.block) as reader:
            for batch in reader:
                mine = self.tables.budget_rows(batch)
                self.tables.counted(len(mine))
                if not len(mine):
                    continue
                column = {name: mine.column(name) for name in mine.schema.names}
                if compute.any(compute.not_equal(column[self.alias["name_en"]], "")).as_py():
                    raise Unsupported("an English name in the code list")
                kinds = self._kind(column)
                parts = []
                for kind in compute.unique(kinds).to_pylist():
                    where = compute.indices_nonzero(compute.equal(kinds, kind))
                    taken = {name: compute.take(values, where) for name, values in column.items()}
                    parts.append((where, *self._columns(kind, taken)))
                yield len(mine), parts

    def _columns(
        self, kind: str, rows: dict[str, Any]
    ) -> tuple[Shaped, list[Any], Shaped, list[Any]]:
        """The columns of one kind's rows: the node's group, the other."""
        node, other = self._groups(kind)
        p, a = self.plans.prefixes, self.alias
        ids = rows[a["id"]]
        concept = joined(p.classification, ids)
        values: list[Any] = [ids, rows[a["name"]], joined(p.code_path, ids)]
        for plan in self.plans.classification.fields:
            if plan.name == "name_en":  # not written here when filled (see blocks)
                continue
            if plan.name in _OPTIONAL and kind[_OPTIONAL.index(plan.name)] == "0":
                continue
            values.append(field_values(plan, rows[a[plan.name]]))
        if kind[-1] == "1":  # a parent: the node's broader, the parent's narrower
            parent = joined(p.classification, rows[a["parent_id"]])
            columns = [concept, *values, parent], [parent, concept]
        else:
            columns = [concept, *values], [pa.repeat(self.scheme, len(ids)), concept, concept]
        check_plain(node.shape, columns[0])
        check_plain(other.shape, columns[1])
        if kind not in self.checked:  # its first row is the one the library's groups are of
            check_first_row(node, columns[0])
            check_first_row(other, columns[1])
            self.checked.add(kind)
        return node, columns[0], other, columns[1]

    def write(self, formats: list[BlockFormat], outs: list[Any]) -> None:
        """Every node's groups, in the rows' order, to each format's stream."""
        compute = pc
        for size, parts in self.blocks():
            where = compute.sort_indices(pa.concat_arrays([p[0] for p in parts]))
            if len(where) != size:
                raise Unsupported("a block's rows not all of a kind")
            for fmt, out in zip(formats, outs, strict=True):
                texts = [
                    compute.binary_join_element_wise(
                        fmt.text(node.shape, node_columns), fmt.text(other.shape, other_columns), ""
                    )
                    for _, node, node_columns, other, other_columns in parts
                ]
                out.write(texts_buffer(compute.take(pa.concat_arrays(texts), where)))


def write_head_part(
    tables: BlockTables, directory: StrPath, digests: dict[str, _Hash] | None = None
) -> list[Path]:
    """The head's part of the RDF files of the formats written (``BookPart.HEAD``), in
    ``directory`` (or to the sinks): the code list's nodes by blocks, the groups around
    them by the writers.

    Returns:
        The files, in the registry's order.

    Raises:
        Unsupported: A book these blocks do not write (the files are then incomplete).
    """
    codes = _Codes(tables)
    formats = tables.formats()
    with hashed_files(tables, directory, digests) as (paths, outs):
        writers = [
            rdf_stream.group_writer(fmt.suffix, out, True, False, fmt.base)
            for fmt, out in zip(formats, outs, strict=True)
        ]

        def nodes() -> None:
            for writer in writers:
                writer.flush()
            codes.write(formats, outs)

        around = tables.groups(BookPart.HEAD, fields=tables.cells)
        before = str(tables.iris.amount_kind_scheme)
        rdf_stream.write_groups(_around(around, before, nodes), writers)
    return paths


def _around(groups: Iterable[Group], before: str, insert: Callable[[], None]) -> Iterator[Group]:
    """The groups, with ``insert`` called before the first group about ``before``."""
    inserted = False
    for group in groups:
        if group[0] == before and not inserted:
            insert()
            inserted = True
        yield group
    if not inserted:
        raise Unsupported(f"no group about {before}")
