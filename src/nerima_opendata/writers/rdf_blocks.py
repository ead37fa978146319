"""Groups written a block of rows at a time by Arrow compute: the same text as the
shape's template (:func:`~nerima_opendata.writers.rdf_shapes.template`) fills row by row.

A serializer writes a plain group of a known shape by filling its template: constant
texts with the subject and the values between them. A block of rows of one shape is then
one ``binary_join_element_wise`` over the template's texts and the block's columns, in
Arrow's C++ (pyarrow, the ``rdf`` extra), instead of a Python call per group and format.

Only values a template writes as they are, or an IRI's characters after the text it is
within (a relative reference: sliced as bytes), may be joined so: a literal with no
character any format escapes (:data:`SPECIAL_RE2`, ``rdf_shapes.SPECIAL`` in RE2's
syntax), an IRI without ``&`` (RDF/XML escapes it) and, subjects too, without ``/.`` (a
dot segment, maybe, which a relative reference cannot hold), an integer as the model
writes it, an ID that is a plain path segment. Anything else raises
:class:`Unsupported`, and the caller
(``BookSource.write_rdf``, ``BookSource.write_ntriples``) writes the whole part again
with the writers' own code.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from nerima_opendata.errors import OutputError
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.amounts import CANONICAL_INTEGER
from nerima_opendata.writers import rdf_rows, rdf_stream
from nerima_opendata.writers.rdf_jsonld import JsonLdWriter
from nerima_opendata.writers.rdf_rows import FieldPlan
from nerima_opendata.writers.rdf_shapes import Field, Shape, Shaped, template
from nerima_opendata.writers.rdf_terms import XSD_BOOLEAN, XSD_INTEGER, TermChecker, check_iri
from nerima_opendata.writers.term_grammar import takes_segments

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv
else:
    pa = LazyModule("rdf", "build", "pyarrow")
    pc = LazyModule("rdf", "build", "pyarrow.compute")
    pcsv = LazyModule("rdf", "build", "pyarrow.csv")

__all__ = [
    "SPECIAL_RE2",
    "UNWRITABLE_RE2",
    "BlockFormat",
    "Unsupported",
    "check_plain",
    "check_terms",
    "field_values",
    "joined",
    "mapped",
    "matches",
    "open_table",
    "texts_buffer",
]

#: A character some format escapes: ``rdf_shapes.SPECIAL`` in RE2's syntax (a valid
#: string holds no surrogate; ``tests/test_rdf_blocks.py`` checks the two agree).
SPECIAL_RE2 = r"[^ !#-%'-;=?-\[\]-~\x{80}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}]"
#: A character the model refuses (``model/base._UNWRITABLE`` in RE2's syntax: controls,
#: C1 controls, noncharacters), which the writers meet through the model.
UNWRITABLE_RE2 = (
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\x{FDD0}-\x{FDEF}"
    + "".join(f"\\x{{{p * 0x10000 + 0xFFFE:X}}}\\x{{{p * 0x10000 + 0xFFFF:X}}}" for p in range(17))
    + "]"
)
_NOT_PLAIN = f"{SPECIAL_RE2}|{UNWRITABLE_RE2}"
#: The library's patterns, whole: a plain path segment (``rdf_rows.segment``), an integer
#: Turtle writes bare, an integer as the model writes it.
_SAFE = f"^(?:{rdf_rows._SAFE.pattern})$"
_TURTLE_INTEGER = f"^(?:{rdf_stream._TURTLE_INTEGER.pattern})$"
_CANONICAL_INTEGER = f"^(?:{CANONICAL_INTEGER.pattern})$"


#: Longer than any string of an Arrow string array (32-bit offsets).
_LONGEST = 2**31 - 1


class Unsupported(Exception):
    """Rows these functions do not write as the writers would: the caller writes them
    with the writers' own code. Never shown as an error; its text says why."""


class BlockFormat:
    """One RDF format: its writer's template of each shape (made once), and its text of
    a column of values (:meth:`TemplateWriter.piece`, once per distinct value, but an
    integer Turtle writes bare, and an IRI the template takes after the text it is
    within).

    Args:
        suffix: The format's file suffix.
        base: The documents' base IRI (as ``rdf_stream.group_writer`` takes it).
    """

    def __init__(self, suffix: str, base: str | None = None) -> None:
        self.suffix = suffix
        self.base = base
        self.writer = writer = rdf_stream.group_writer(suffix, io.BytesIO(), False, True, base)
        self.parts: dict[Shape, tuple[str | Field, ...]] = {}
        #: What the writer puts before each group but a document's first (JSON-LD: the
        #: comma after the one before).
        self.before = ",\n" if isinstance(writer, JsonLdWriter) else ""
        probes = ["http://example.org/x"]
        if base is not None:
            probes.append(base + "x/y")  # written relative: two segments
        self._probes = tuple(probes)

    def _parts(self, shape: Shape) -> tuple[str | Field, ...]:
        parts = self.parts.get(shape)
        if parts is None:
            writer = self.writer
            form = template(shape, writer.text, writer.piece)
            if form is None or writer.filler(shape, form) is None:
                raise Unsupported(f"a shape {self.suffix} writes without a template")
            fields = {
                p if isinstance(p, int) else p[0] for p in form.parts if not isinstance(p, str)
            }
            if fields != set(range(len(shape.variables) + 1)):
                raise Unsupported("a template without every field")
            parts = self.parts[shape] = form.parts
        return parts

    def field(self, shape: Shape, at: int, values: Any) -> Any:
        """A column (``at`` 0 the subjects, ``n`` the value ``n - 1``) as the writer puts
        it in the template's place."""
        slot = shape.variables[at - 1] if at else None
        piece = self.writer.piece
        if slot is not None and slot.datatype == XSD_INTEGER:
            if piece(shape, slot, "1") == "1" and matches(values, _TURTLE_INTEGER):
                return values  # written bare, as they are
        elif slot is None or slot.iri:
            if all(piece(shape, slot, probe) == probe for probe in self._probes):
                return values  # the writer writes these as they are
        elif piece(shape, slot, "x") == "x":
            return values
        return mapped(values, lambda value: piece(shape, slot, value))

    def text(self, shape: Shape, columns: Sequence[Any]) -> Any:
        """The texts of groups of one shape; ``columns``: the subjects, then each value
        (:func:`check_plain` first)."""
        args: list[Any] = [self.before] if self.before else []
        for part in self._parts(shape):
            if isinstance(part, str):
                args.append(part)
            elif isinstance(part, tuple):
                args.append(tail(shape, *part, columns[part[0]]))
            else:
                args.append(self.field(shape, part, columns[part]))
        return pc.binary_join_element_wise(*args, "")


def tail(shape: Shape, at: int, start: int, values: Any) -> Any:
    """A column's IRIs (``at`` 0 the subjects, ``n`` the value ``n - 1``) from their
    character ``start`` on, the end of the text they are within: sliced as bytes (that
    text's UTF-8), ten times as fast as by characters."""
    within = shape.subject if at == 0 else shape.variables[at - 1].within
    skip = len((within or "")[:start].encode())
    sliced = pc.binary_slice(values.view(pa.binary()), skip, _LONGEST)
    return sliced.view(pa.string())


def mapped(values: Any, function: Callable[[str], str]) -> Any:
    """Each value through a Python function, called once per distinct value."""
    compute = pc
    distinct = compute.unique(values)
    texts = pa.array([function(v) for v in distinct.to_pylist()], pa.string())
    return compute.take(texts, compute.index_in(values, value_set=distinct))


def joined(prefix: str, values: Any) -> Any:
    """IRIs of a prefix and each value as a path segment (plain ones only)."""
    if not matches(values, _SAFE):
        raise Unsupported("an ID that is no plain path segment")
    return pc.binary_join_element_wise(prefix, values, "")


def matches(values: Any, pattern: str) -> bool:
    """Whether every value matches an RE2 pattern."""
    return bool(pc.all(pc.match_substring_regex(values, pattern)).as_py())


def check_plain(shape: Shape, columns: Sequence[Any]) -> None:
    """Whether a template may write these columns as they are: a column for each slot, no
    literal holding a character some format escapes (as ``Shaped.plain``) or the model
    refuses, no IRI holding ``&`` (RDF/XML escapes it) nor, subjects too, ``/.`` (a dot
    segment a relative reference cannot hold, maybe), every integer as the model writes
    it.

    Raises:
        Unsupported: It may not.
    """
    compute = pc
    if len(columns) != len(shape.variables) + 1:
        raise Unsupported("rows not of the shape of the first ones")
    if compute.any(compute.match_substring(columns[0], "/.")).as_py():
        raise Unsupported("a subject with '/.'")
    for slot, values in zip(shape.variables, columns[1:], strict=True):
        if slot.iri:
            if compute.any(compute.match_substring_regex(values, "&|/[.]")).as_py():
                raise Unsupported(f"an IRI with '&' or '/.' ({slot.predicate})")
        elif compute.any(compute.match_substring_regex(values, _NOT_PLAIN)).as_py():
            raise Unsupported(f"a value some format escapes ({slot.predicate})")
        elif slot.datatype == XSD_INTEGER and not matches(values, _CANONICAL_INTEGER):
            raise Unsupported(f"an integer not as the model writes it ({slot.predicate})")


def field_values(plan: FieldPlan, values: Any) -> Any:
    """A field's values as its plan writes them (as ``RowPlan.extend``): the text, an IRI
    within a prefix, or the IRI its reference function gives (not a boolean)."""
    if plan.datatype == XSD_BOOLEAN:
        raise Unsupported(f"a boolean field ({plan.name})")
    if plan.reference is None:
        return values
    if plan.within is not None:
        return joined(plan.within, values)
    reference = plan.reference
    return mapped(values, lambda value: checked_iri(reference(value)))


def checked_iri(iri: str) -> str:
    """An IRI a reference function made, checked as the writers check it."""
    try:
        return check_iri(iri)
    except OutputError as error:
        raise Unsupported(str(error)) from error


def check_terms(subject: str, group: Shaped) -> None:
    """Check the library's first group of a shape as the writers check it
    (``rdf_stream._check``): every term; the shape's IRIs within a text must take any
    path segment after it, so the blocks' other groups, their IDs plain segments, need no
    check but their IRIs of no text (which :func:`checked_iri` checks).

    Raises:
        OutputError: A term no RDF syntax can hold (the build's error).
        Unsupported: A text its IRIs are within takes not every segment.
    """
    if not all(map(takes_segments, group.shape.withins)):
        raise Unsupported("IRIs within a text that takes not every path segment")
    TermChecker().check(subject, group)


def open_table(path: StrPath, columns: Sequence[str], block: int) -> Any:
    """A CSV table's columns as text, ``block`` bytes at a time, in one thread (a quoted
    cell may hold a line break)."""
    return pcsv.open_csv(
        path,
        parse_options=pcsv.ParseOptions(newlines_in_values=True),
        read_options=pcsv.ReadOptions(block_size=block, use_threads=False),
        convert_options=pcsv.ConvertOptions(
            include_columns=list(columns),
            column_types={c: pa.string() for c in columns},
            strings_can_be_null=False,
        ),
    )


def texts_buffer(texts: Any) -> memoryview:
    """The texts of a string array, joined, without a copy."""
    offsets = memoryview(texts.buffers()[1]).cast("i")
    start, end = offsets[texts.offset], offsets[texts.offset + len(texts)]
    return memoryview(texts.buffers()[2])[start:end]
