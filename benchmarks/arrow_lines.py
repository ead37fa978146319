"""A book's RDF made by Arrow compute, beside the library's writers.

    python -m benchmarks.arrow_lines PKG [--source LINES] [--runs 3] [--work DIR]

Issue #11 asks a build for every format within 2x a floor writer. The library makes
every group (a line, its observation, a code-list node) in Python, one row at a time,
and fills its shape's template (``writers/rdf_shapes.py``) once per group and format.
This measures what an existing vectorized engine, Arrow's compute functions (pyarrow,
already the Parquet output's), gives for the same work: the same bytes, made a block of
rows at a time.

Each writes both parts of the four RDF files, as a build's two processes do
(``BookPart``), each file hashed as it is written:

* **library**: :func:`~nerima_opendata.writers.rdf_stream.write_rdf_groups` of the
  book's groups of the part, as a build writes them;
* **arrow**: the lines (:func:`arrow_lines`) or the code list (:func:`arrow_head`) read
  by ``pyarrow.csv`` in blocks; each value made by Arrow compute as the library's field
  plans and cube say (IRIs as a prefix and the ID; COFOG, direction and Turtle
  references through the library's own functions, once per distinct value; a line's
  label by ``index_in`` over a window of the code list read along with the lines);
  each group written from the
  template the library's writer makes for its shape (``rdf_shapes.template``), joined
  by ``binary_join_element_wise``; the groups around them (the budget, its members,
  the amount kinds, the cube's header, the COFOG classes, the editorial notes) by the
  library's writers.

It covers the synthetic books' shapes only (``benchmarks/synthetic.py``): no department,
nature or English name, no non-primary amount, every value plain (no character any
format escapes, every ID a plain path segment, every integer as the model writes it).
Other books are refused (:class:`Refused`), saying what was found; so are lines that do
not name their nodes in the code list's order (the labels come from a window of the code
list read along with the lines). With ``--source``
(the lines the package was imported from) the floor is timed too. Figures, not
assertions; ``tests/test_arrow_lines.py`` checks that both write the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import multiprocessing
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from benchmarks.scale import ROOT, count_triples, run_python
from nerima_opendata.errors import OutputError
from nerima_opendata.files.hashed import HashedStream
from nerima_opendata.model import TableName
from nerima_opendata.model.tables import BUDGET_ID_COLUMN, table_by_name
from nerima_opendata.publication.book_build import BookSource
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, BudgetIRIs
from nerima_opendata.readers import stream as readers_stream
from nerima_opendata.writers import rdf_rows, rdf_stream
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name
from nerima_opendata.writers.rdf import _records
from nerima_opendata.writers.rdf_book import BookPart
from nerima_opendata.writers.rdf_book_cube import BookCube
from nerima_opendata.writers.rdf_book_files import book_rdf_groups
from nerima_opendata.writers.rdf_jsonld import JsonLdWriter
from nerima_opendata.writers.rdf_rows import BookPlans, FieldPlan, cofog_triples
from nerima_opendata.writers.rdf_shapes import Shape, Shaped, template
from nerima_opendata.writers.rdf_stream import TurtleWriter
from nerima_opendata.writers.rdf_terms import (
    XSD_BOOLEAN,
    XSD_INTEGER,
    Lit,
    check_iri,
    groups_from_triples,
)

#: The sentinels a template is called with to find its fields (private-use characters;
#: a template whose own texts hold one is refused).
_SENTINEL = 0xF000
_OTHER_SENTINEL = 0xF100
#: The library's patterns, whole: a plain path segment (``rdf_rows.segment``), an integer
#: Turtle writes bare, an integer as the model prints it (``readers/stream.py``).
_SAFE = f"^(?:{rdf_rows._SAFE.pattern})$"
_TURTLE_INTEGER = f"^(?:{rdf_stream._TURTLE_INTEGER.pattern})$"
_CANONICAL_INTEGER = f"^(?:{readers_stream._CANONICAL_INTEGER.pattern})$"
#: A character some format escapes: ``rdf_shapes.SPECIAL`` in RE2's syntax (a valid
#: string holds no surrogate; ``tests/test_arrow_lines.py`` checks the two agree).
SPECIAL_RE2 = r"[^ !#-%'-;=?-\[\]-~\x{80}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}]"
#: Bytes of a table's CSV read at a time (about 9,000 lines; each block's text in the
#: four formats is about 80 MB).
BLOCK = 1 << 20


#: A cell may hold a line break (quoted, as the csv module writes it).
_PARSE = pcsv.ParseOptions(newlines_in_values=True)


class Refused(SystemExit):
    """A row this benchmark does not cover."""


def library_part(part: BookPart, package: Path, out: Path) -> dict[str, str]:
    """One part of the four files, by the library; each file's SHA-256."""
    source = BookSource(package, None)
    digests: dict[str, Any] = {}
    groups = source.groups(DEFAULT_BASE_IRI, part=part)
    head, tail = part is not BookPart.LINES, part is not BookPart.HEAD
    rdf_stream.write_rdf_groups(
        groups, out, source.info.municipality_code, head=head, tail=tail, digests=digests
    )
    return {name: digest.hexdigest() for name, digest in digests.items()}


def _parts(form: Callable[[str, Sequence[str]], str], values: int) -> list[str | int]:
    """A template as constant texts and fields (0 the subject, ``n`` value ``n - 1``;
    the subject may come more than once)."""
    marks = [chr(_SENTINEL + n) for n in range(values + 1)]
    text = form(marks[0], marks[1:])
    parts: list[str | int] = []
    for piece in re.split(f"([{marks[0]}-{marks[-1]}])", text):
        if len(piece) == 1 and marks[0] <= piece <= marks[-1]:
            parts.append(ord(piece) - _SENTINEL)
        elif piece:
            parts.append(piece)
    if {p for p in parts if isinstance(p, int)} != set(range(values + 1)):
        raise Refused("a template without every field")
    others = [chr(_OTHER_SENTINEL + n) for n in range(values + 1)]
    again = "".join(p if isinstance(p, str) else others[p] for p in parts)
    if again != form(others[0], others[1:]):  # a constant held a sentinel
        raise Refused("a template whose own text holds a sentinel")
    return parts


class _Format:
    """One file: its writer, the writer's template of each shape (made once), and how
    the writer turns a value into the field's text (Turtle: IRIs as references,
    integers bare)."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self.writer = rdf_stream._writer(suffix, io.BytesIO(), False, True)
        self.parts: dict[Shape, list[str | int]] = {}
        #: What the writer puts before each group but a document's first (JSON-LD: the
        #: comma after the last).
        self.before = ",\n" if isinstance(self.writer, JsonLdWriter) else ""

    def _parts(self, shape: Shape) -> list[str | int]:
        parts = self.parts.get(shape)
        if parts is None:
            form = template(shape, self.writer.text, self.writer.piece)  # type: ignore[attr-defined]
            if form is None or self.writer.filler(shape, form) is None:  # type: ignore[attr-defined]
                raise Refused(f"a shape the writer of {self.suffix} writes without a template")
            parts = self.parts[shape] = _parts(form, len(shape.variables))
        return parts

    def field(self, shape: Shape, slot: int | None, values: Any) -> Any:
        """A column of values (``slot`` None: the subjects) as the writer writes them."""
        writer = self.writer
        if not isinstance(writer, TurtleWriter):
            return values
        spec = shape.variables[slot] if slot is not None else None
        within = shape.subject if spec is None else spec.within
        if (spec is None or spec.iri) and not writer._inline(within):
            return _mapped(values, writer._ref)
        if spec is not None and spec.datatype is not None:
            datatype = spec.datatype
            integers = _all(values, _TURTLE_INTEGER)
            if datatype != XSD_INTEGER or not integers:  # else written bare, as they are
                literal = writer._literal
                return _mapped(values, lambda v: literal(Lit(v, None, datatype)))
        return values

    def text(self, shape: Shape, columns: Sequence[Any]) -> Any:
        """The texts of groups of one shape; ``columns``: the subjects, then each value
        (:func:`plain`, checked before)."""
        args: list[Any] = [self.before] if self.before else []
        for part in self._parts(shape):
            if isinstance(part, str):
                args.append(part)
            else:
                args.append(self.field(shape, None if part == 0 else part - 1, columns[part]))
        return pc.binary_join_element_wise(*args, "")


def _mapped(values: Any, function: Callable[[str], str]) -> Any:
    """Each value through a Python function, called once per distinct value."""
    distinct = pc.unique(values)
    texts = pa.array([function(v) for v in distinct.to_pylist()], pa.string())
    return pc.take(texts, pc.index_in(values, value_set=distinct))


def _joined(prefix: str, values: Any) -> Any:
    """IRIs of a prefix and each value as a path segment (refused unless plain)."""
    if not _all(values, _SAFE):
        raise Refused("an ID that is no plain path segment")
    return pc.binary_join_element_wise(prefix, values, "")


def plain(shape: Shape, columns: Sequence[Any]) -> None:
    """Refuse columns that a template may not write as they are: not one a slot, a
    literal holding a character some format escapes (as ``Shaped.plain``), an IRI
    holding ``&`` (RDF/XML's writer escapes it), an integer not as the model prints it."""
    if len(columns) != len(shape.variables) + 1:
        raise Refused("rows not of the shape of the first ones")
    for slot, values in zip(shape.variables, columns[1:], strict=True):
        if slot.iri:
            if pc.any(pc.match_substring(values, "&")).as_py():
                raise Refused(f"an IRI with '&' ({slot.predicate})")
        elif pc.any(pc.match_substring_regex(values, SPECIAL_RE2)).as_py():
            raise Refused(f"a value some format escapes ({slot.predicate})")
        elif slot.datatype == XSD_INTEGER and not _all(values, _CANONICAL_INTEGER):
            raise Refused(f"an integer not as the model prints it ({slot.predicate})")


def _field_values(plan: FieldPlan, values: Any) -> Any:
    """A field's values as its plan writes them (as ``RowPlan.extend``): the text, an IRI
    within a prefix, or the IRI its reference function gives (a boolean is refused)."""
    if plan.datatype == XSD_BOOLEAN:
        raise Refused(f"a boolean field ({plan.name})")
    if plan.reference is None:
        return values
    if plan.within is not None:
        return _joined(plan.within, values)
    reference = plan.reference
    return _mapped(values, lambda value: _iri(reference(value)))


def _iri(iri: str) -> str:
    """An IRI a reference function made, checked as the library's writers check it."""
    try:
        return check_iri(iri)
    except OutputError as error:
        raise Refused(str(error)) from error


def _all(values: Any, pattern: str) -> bool:
    """Whether every value matches an RE2 pattern."""
    return bool(pc.all(pc.match_substring_regex(values, pattern)).as_py())


def _known(values: dict[str, str], what: str, value: str) -> str:
    if value not in values:
        raise Refused(f"a {what} not known: {value!r}")
    return values[value]


def _columns(table: TableName) -> dict[str, str]:
    """A table's columns by field name (its spec's)."""
    spec = table_by_name(table)
    return {name: spec.column(name) for name in spec.model.model_fields}


def _open(path: Path, columns: Sequence[str], block: int) -> Any:
    """A CSV table's columns as text, ``block`` bytes at a time, in one thread."""
    return pcsv.open_csv(
        path,
        parse_options=_PARSE,
        read_options=pcsv.ReadOptions(block_size=block, use_threads=False),
        convert_options=pcsv.ConvertOptions(
            include_columns=list(columns),
            column_types={c: pa.string() for c in columns},
            strings_can_be_null=False,
        ),
    )


def _buffer(texts: Any) -> memoryview:
    """The texts of a string array, joined, without a copy."""
    offsets = memoryview(texts.buffers()[1]).cast("i")
    start, end = offsets[texts.offset], offsets[texts.offset + len(texts)]
    return memoryview(texts.buffers()[2])[start:end]


def _first_groups(source: BookSource, head: Any) -> tuple[Shaped, Shaped]:
    """The library's groups of the first line (and of its code-list node alone, for its
    label): the shapes, and values to check the first row's against."""
    first = next(iter(source.texts(TableName.LINES)()), None)
    if first is None:
        raise Refused("no line")
    codes = source.texts(TableName.CLASSIFICATIONS)
    node = next((c for c in codes() if c.id == first.classification_id), None)
    if node is None:
        raise Refused("the first line's node is not in the code list")
    groups = list(
        book_rdf_groups(
            head,
            DEFAULT_BASE_IRI,
            classifications=lambda: [node],
            lines=lambda: [first],
            line_amounts=lambda: [],
            part=BookPart.LINES,
        )
    )
    line, observation = groups[0][1], groups[1][1]
    if not (isinstance(line, Shaped) and isinstance(observation, Shaped)):
        raise Refused("a line not of a known shape, or a department between it and its observation")
    return line, observation


class _Labels:
    """The code list's names, for the lines' labels, read along with the lines: a window
    of the code list that moves on as the lines do, so memory holds a block or two of
    it, however long it is. The lines must name their nodes in the code list's order
    (each line's node at or after the one before it), as the synthetic books' do;
    others are refused. A package found valid holds each ID once (a block that repeats
    one is refused)."""

    def __init__(self, path: Path, block: int) -> None:
        alias = _columns(TableName.CLASSIFICATIONS)
        self._id, self._name, self._name_en = alias["id"], alias["name"], alias["name_en"]
        self._reader = _open(path, [self._id, self._name, self._name_en], block)
        self._ids = pa.array([], pa.string())
        self._names = pa.array([], pa.string())

    def _more(self) -> bool:
        """Read the code list's next block into the window (False: none is left)."""
        try:
            batch = self._reader.read_next_batch()
        except StopIteration:
            return False
        if pc.any(pc.not_equal(batch.column(self._name_en), "")).as_py():
            raise Refused("an English name in the code list")
        ids = batch.column(self._id)
        if pc.count_distinct(ids).as_py() != len(ids):
            raise Refused("an ID twice in the code list")
        self._ids = pa.concat_arrays([self._ids, ids])
        self._names = pa.concat_arrays([self._names, batch.column(self._name)])
        return True

    def names(self, leaves: Any) -> Any:
        """The names of a block of lines' nodes; the window then starts at the last."""
        found = pc.index_in(leaves, value_set=self._ids)
        while found.null_count:
            if not self._more():
                raise Refused("a line's node not in the code list after the line before's")
            found = pc.index_in(leaves, value_set=self._ids)
        if len(found) > 1 and not pc.all(pc.less_equal(found[:-1], found[1:])).as_py():
            raise Refused("lines not in the code list's order")
        names = pc.take(self._names, found)
        last = found[-1].as_py() if len(found) else 0
        self._ids, self._names = self._ids[last:], self._names[last:]
        return names


class _Lines:
    """The values of the lines' groups, a block of rows at a time."""

    def __init__(self, source: BookSource, head: Any, block: int) -> None:
        self.block = block
        info = source.info
        iris = BudgetIRIs.for_budget(info, DEFAULT_BASE_IRI)
        self.plans = BookPlans(iris)
        self.cube = BookCube(info, iris, self.plans)
        self.prefixes = self.plans.prefixes
        self.path = source.rows.path(table_by_name(TableName.LINES))
        kinds = head.amount_kinds
        self.primary = next(k.id for k in kinds if k.primary)
        if next(iter(source.cells(TableName.LINE_AMOUNTS, ("line_id",))), None) is not None:
            raise Refused("a non-primary amount")
        self.labels = _Labels(source.rows.path(table_by_name(TableName.CLASSIFICATIONS)), block)
        self.cofogs: set[str] = set()
        self.alias = _columns(TableName.LINES)
        self.filled: list[str] | None = None  # the fields the first block fills

    def blocks(self) -> Iterator[tuple[list[Any], list[Any]]]:
        """Each block's columns: the lines' subjects and values, the observations'."""
        columns = [*self.alias.values(), BUDGET_ID_COLUMN]
        for batch in _open(self.path, columns, self.block):
            yield self._block(batch)

    def _block(self, batch: Any) -> tuple[list[Any], list[Any]]:
        column = {name: batch.column(name) for name in batch.schema.names}
        alias, p, fills = self.alias, self.prefixes, []
        ids, leaf = column[alias["id"]], column[alias["classification_id"]]
        node = _joined(p.line, ids)
        line_values: list[Any] = [self.labels.names(leaf)]
        for plan in self.plans.line.fields:
            values = column[alias[plan.name]]
            filled = pc.not_equal(values, "")
            if not pc.any(filled).as_py():
                continue
            if not pc.all(filled).as_py():
                raise Refused(f"{plan.name} filled in some lines only")
            fills.append(plan.name)
            line_values.append(_field_values(plan, values))
        if self.filled is None:
            self.filled = fills
        elif fills != self.filled:
            raise Refused(f"lines filling {fills}, where the first ones fill {self.filled}")
        for name in ("department_code", "department_name", "nature_code", "nature_name"):
            if pc.any(pc.not_equal(column[alias[name]], "")).as_py():
                raise Refused(f"a line with a {name}")
        budgets = pc.count_distinct(column[BUDGET_ID_COLUMN]).as_py()
        if budgets != 1:
            raise Refused(f"{budgets} budgets in the lines' table")
        cofog = column[alias["cofog"]]
        if not pc.all(pc.not_equal(cofog, "")).as_py():
            raise Refused("a line without a COFOG class")
        self.cofogs.update(pc.unique(cofog).to_pylist())
        parts = pc.split_pattern(leaf, "-", max_splits=2)
        directions = self.cube.directions
        cofog_iri = self.plans.references[str(self.cube.cofog.predicate)]
        observation: list[Any] = [
            _joined(p.line_amount, pc.binary_join_element_wise(ids, "_" + self.primary, "")),
            _joined(p.classification, pc.list_element(parts, 0)),
            _mapped(pc.list_element(parts, 1), partial(_known, directions, "direction")),
            _joined(p.classification, leaf),
            _mapped(cofog, lambda value: _iri(cofog_iri(value))),
            node,
            column[alias["amount"]],
        ]
        return [node, *line_values], observation


def _first_row(group: Shaped, columns: Sequence[Any], at: int = 0) -> None:
    """Refuse a row whose values (row ``at`` of the columns) are not the library's."""
    values = [c[at].as_py() for c in columns[1:]]
    if values != list(group.values):
        raise Refused(f"values {values}, where the library has {list(group.values)}")


def _tail(head: Any, cofogs: set[str]) -> Iterator[Any]:
    """What the library writes after the lines: the COFOG classes, the editorial notes."""
    iris = BudgetIRIs.for_budget(head.info, DEFAULT_BASE_IRI)
    yield from groups_from_triples(cofog_triples(cofogs))
    tags = {t.id: iris.tag(t.id) for t in head.tags}
    yield from groups_from_triples(_records(head, iris, tags))


def arrow_lines(
    package: Path, out: Path, block: int = BLOCK, digests: dict[str, Any] | None = None
) -> dict[str, str]:
    """The lines' part of the four files, by Arrow compute, reading ``block`` bytes of
    the lines' CSV at a time; each file's SHA-256 (its hash object put in ``digests``,
    when given, by file name)."""
    source = BookSource(package, None)
    head = source._small_head()
    line, observation = _first_groups(source, head)
    formats = [_Format(fmt.suffix) for fmt in RDF_SERIALIZATIONS]
    code = source.info.municipality_code
    paths = [out / budget_file_name(code, fmt) for fmt in RDF_SERIALIZATIONS]
    hashes = [hashlib.sha256() for _ in paths]
    if digests is not None:
        digests.update({path.name: h for path, h in zip(paths, hashes, strict=True)})
    lines = _Lines(source, head, block)
    checked = False
    files: list[IO[bytes]] = [path.open("wb") for path in paths]
    try:
        streams = [
            cast("IO[bytes]", HashedStream(f, h)) for f, h in zip(files, hashes, strict=True)
        ]
        for line_columns, observation_columns in lines.blocks():
            plain(line.shape, line_columns)
            plain(observation.shape, observation_columns)
            if not checked:  # the first row's values are the library's
                _first_row(line, line_columns)
                _first_row(observation, observation_columns)
                checked = True
            for fmt, stream in zip(formats, streams, strict=True):
                texts = pc.binary_join_element_wise(
                    fmt.text(line.shape, line_columns),
                    fmt.text(observation.shape, observation_columns),
                    "",
                )
                stream.write(_buffer(texts))
        for fmt, stream in zip(formats, streams, strict=True):
            writer = rdf_stream._writer(fmt.suffix, stream, False, True)
            for subject, pairs in _tail(head, lines.cofogs - {""}):
                writer.write(subject, pairs)
            writer.close()
    finally:
        for file in files:
            file.close()
    return {path.name: h.hexdigest() for path, h in zip(paths, hashes, strict=True)}


#: The code list's fields a node may leave empty (its shape then has no slot for it).
_OPTIONAL = ("level", "depth", "code", "parent_id")


class _Codes:
    """The code list's groups (each node, then its parent's ``skos:narrower`` or the
    scheme's top concept), a block of rows at a time, each of the shapes the library
    gives a node of its kind (which fields it fills)."""

    def __init__(self, source: BookSource, head: Any, block: int) -> None:
        self.source, self.head, self.block = source, head, block
        iris = BudgetIRIs.for_budget(source.info, DEFAULT_BASE_IRI)
        self.plans = BookPlans(iris)
        self.scheme = str(iris.classification_scheme)
        self.alias = _columns(TableName.CLASSIFICATIONS)
        self.groups: dict[str, tuple[Shaped, Shaped]] = {}  # a kind → a node's groups
        self.checked: set[str] = set()  # the kinds whose first row was checked

    def _kind(self, column: dict[str, Any]) -> Any:
        """Each node's kind: which optional fields it fills (``1`` or ``0`` each)."""
        flags = [
            pc.if_else(pc.not_equal(column[self.alias[name]], ""), "1", "0") for name in _OPTIONAL
        ]
        return pc.binary_join_element_wise(*flags, "")

    def _groups(self, kind: str) -> tuple[Shaped, Shaped]:
        """The library's two groups of the first node of a kind."""
        if kind not in self.groups:
            row = next(
                r
                for r in self.source.texts(TableName.CLASSIFICATIONS)()
                if "".join("1" if getattr(r, n) else "0" for n in _OPTIONAL) == kind
            )
            shaped = [
                g
                for g in book_rdf_groups(
                    self.head,
                    DEFAULT_BASE_IRI,
                    classifications=lambda: [row],
                    lines=lambda: [],
                    line_amounts=lambda: [],
                    fields=lambda table, names: iter(()),
                    part=BookPart.HEAD,
                )
                if type(g[1]) is Shaped
            ]
            if len(shaped) != 2:
                raise Refused(f"a node of {len(shaped)} groups of a known shape")
            node, other = shaped[0][1], shaped[1][1]
            if not (isinstance(node, Shaped) and isinstance(other, Shaped)):
                raise Refused("a node's groups not of a known shape")
            self.groups[kind] = (node, other)
        return self.groups[kind]

    def blocks(
        self,
    ) -> Iterator[tuple[Any, list[tuple[Any, Shaped, list[Any], Shaped, list[Any]]]]]:
        """Each block: where each of its kinds' rows are, and their groups' columns."""
        columns = [*self.alias.values(), BUDGET_ID_COLUMN]
        path = self.source.rows.path(table_by_name(TableName.CLASSIFICATIONS))
        for batch in _open(path, columns, self.block):
            column = {name: batch.column(name) for name in batch.schema.names}
            if pc.count_distinct(column[BUDGET_ID_COLUMN]).as_py() != 1:
                raise Refused("more than one budget in the code list")
            if pc.any(pc.not_equal(column[self.alias["name_en"]], "")).as_py():
                raise Refused("an English name in the code list")
            kinds = self._kind(column)
            parts = []
            for kind in pc.unique(kinds).to_pylist():
                where = pc.indices_nonzero(pc.equal(kinds, kind))
                rows = {name: pc.take(values, where) for name, values in column.items()}
                parts.append((where, *self._columns(kind, rows)))
            yield len(batch), parts

    def _columns(
        self, kind: str, rows: dict[str, Any]
    ) -> tuple[Shaped, list[Any], Shaped, list[Any]]:
        """The columns of one kind's rows: the node's group, the other."""
        node, other = self._groups(kind)
        p, a = self.plans.prefixes, self.alias
        ids = rows[a["id"]]
        concept = _joined(p.classification, ids)
        values: list[Any] = [ids, rows[a["name"]], _joined(p.code_path, ids)]
        for plan in self.plans.classification.fields:
            if plan.name == "name_en":  # refused when filled (see blocks)
                continue
            if plan.name in _OPTIONAL and kind[_OPTIONAL.index(plan.name)] == "0":
                continue
            values.append(_field_values(plan, rows[a[plan.name]]))
        if kind[-1] == "1":  # a parent: the node's broader, the parent's narrower
            parent = _joined(p.classification, rows[a["parent_id"]])
            columns = [concept, *values, parent], [parent, concept]
        else:
            columns = [concept, *values], [pa.repeat(self.scheme, len(ids)), concept, concept]
        plain(node.shape, columns[0])
        plain(other.shape, columns[1])
        if kind not in self.checked:  # its first row is the one the library's groups are of
            _first_row(node, columns[0])
            _first_row(other, columns[1])
            self.checked.add(kind)
        return node, columns[0], other, columns[1]


def arrow_head(
    package: Path, out: Path, block: int = BLOCK, digests: dict[str, Any] | None = None
) -> dict[str, str]:
    """The head's part of the four files: the code list's nodes by Arrow compute, the
    groups around them (the budget, its members, the amount kinds, the cube's header)
    by the library's writers; each file's SHA-256 (as :func:`arrow_lines`)."""
    source = BookSource(package, None)
    head = source._small_head()
    iris = BudgetIRIs.for_budget(source.info, DEFAULT_BASE_IRI)
    codes = _Codes(source, head, block)
    formats = [_Format(fmt.suffix) for fmt in RDF_SERIALIZATIONS]
    paths = [out / budget_file_name(source.info.municipality_code, f) for f in RDF_SERIALIZATIONS]
    hashes = [hashlib.sha256() for _ in paths]
    if digests is not None:
        digests.update({path.name: h for path, h in zip(paths, hashes, strict=True)})
    files: list[IO[bytes]] = [path.open("wb") for path in paths]
    try:
        streams = [
            cast("IO[bytes]", HashedStream(f, h)) for f, h in zip(files, hashes, strict=True)
        ]
        writers = [
            rdf_stream._writer(fmt.suffix, stream, True, False)
            for fmt, stream in zip(formats, streams, strict=True)
        ]

        def nodes() -> None:
            for writer in writers:
                writer._flush()  # type: ignore[attr-defined]
            for size, parts in codes.blocks():
                where = pc.sort_indices(pa.concat_arrays([p[0] for p in parts]))
                for fmt, stream in zip(formats, streams, strict=True):
                    texts = pa.concat_arrays(
                        [
                            pc.binary_join_element_wise(
                                fmt.text(node.shape, node_columns),
                                fmt.text(other.shape, other_columns),
                                "",
                            )
                            for _, node, node_columns, other, other_columns in parts
                        ]
                    )
                    stream.write(_buffer(pc.take(texts, where)))
                assert len(where) == size

        around = book_rdf_groups(
            head,
            DEFAULT_BASE_IRI,
            classifications=lambda: [],
            lines=lambda: [],
            line_amounts=lambda: [],
            fields=source.cells,
            part=BookPart.HEAD,
        )
        rdf_stream.write_groups(_around(around, str(iris.amount_kind_scheme), nodes), writers)
    finally:
        for file in files:
            file.close()
    return {path.name: h.hexdigest() for path, h in zip(paths, hashes, strict=True)}


def _around(groups: Iterable[Any], before: str, insert: Callable[[], None]) -> Iterator[Any]:
    """The groups, with ``insert`` called before the first group about ``before``."""
    inserted = False
    for group in groups:
        if group[0] == before and not inserted:
            insert()
            inserted = True
        yield group
    if not inserted:
        raise Refused(f"no group about {before}")


#: Each part of a build's RDF: the library's writer, then Arrow's.
PARTS: dict[str, tuple[Callable[..., dict[str, str]], ...]] = {
    "head": (partial(library_part, BookPart.HEAD), arrow_head),
    "lines": (partial(library_part, BookPart.LINES), arrow_lines),
}


def _part(engine: int, part: str, package: Path, out: Path) -> dict[str, str]:
    out.mkdir()
    return PARTS[part][engine](package, out)


def both_parts(engine: int, package: Path, work: Path) -> tuple[float, float, dict[str, str]]:
    """Both parts at once, in two processes, as a build writes them (each into a folder
    of its own, not appended): the wall and CPU seconds, and every file's SHA-256."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        hashes = pool.starmap(_part, [(engine, p, package, work / p) for p in PARTS])
        pool.close()
        pool.join()
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    triples = count_triples(work / "head") + count_triples(work / "lines")
    shutil.rmtree(work / "head")
    shutil.rmtree(work / "lines")
    named = {f"{p}/{n}": h for p, part in zip(PARTS, hashes, strict=True) for n, h in part.items()}
    return wall, seconds, named | {"statements": str(triples)}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path)
    parser.add_argument("--source", type=Path, help="the lines it was imported from: + the floor")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    labels = ("library", "arrow")
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in (*labels, "floor")}
    hashes: dict[str, dict[str, str]] = {}
    same = True
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        for _ in range(args.runs):
            for engine, label in enumerate(labels):
                wall, cpu, hashes[label] = both_parts(engine, args.package, Path(work))
                times[label].append((wall, cpu))
            same = same and hashes["library"] == hashes["arrow"]
            if args.source is not None:
                statements = hashes["library"]["statements"]
                floor = [
                    ROOT / "benchmarks" / "scale.py",
                    "_floor",
                    args.source,
                    Path(work) / "floor",
                    statements,
                ]
                step = run_python(floor)
                shutil.rmtree(Path(work) / "floor")
                times["floor"].append((step.seconds, step.cpu_seconds))
    print(f"os.cpu_count() = {os.cpu_count()}, {int(hashes['library']['statements']):,} statements")
    print(f"the same bytes: {same}")
    base = statistics.median(w for w, _ in times["floor"]) if times["floor"] else None
    for label, runs in times.items():
        if not runs:
            continue
        walls = [w for w, _ in runs]
        ratio = f", {statistics.median(walls) / base:.2f}x the floor" if base else ""
        print(
            f"{label}: wall s {', '.join(f'{w:.2f}' for w in walls)} "
            f"(median {statistics.median(walls):.2f}{ratio}); "
            f"CPU s {', '.join(f'{c:.2f}' for _, c in runs)} "
            f"(median {statistics.median(c for _, c in runs):.2f})"
        )
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
