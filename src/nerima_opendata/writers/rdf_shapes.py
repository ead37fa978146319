"""Groups of a known shape, written from a template made once per shape.

Most statements of a budget book come in groups of a few shapes: a line, the
observation of an amount. A :class:`Shape` fixes a group's predicates, its constant
objects (``rdf:type`` …), and the language tag or datatype of each literal; a
:class:`Shaped` group holds only the rest, its *values*, as text (an IRI, or a literal's
lexical form). It is an iterable of pairs, so a consumer that knows nothing of shapes
reads it as any group.

A serializer that knows shapes (:class:`TemplateWriter`) writes a *plain* group, one
whose lexical forms hold no character any RDF format escapes (:data:`SPECIAL`), from a
template: the text its generic code writes for the shape with a placeholder for each
value, made once per shape into a compiled f-string (:func:`template`), then filled.
The text is the generic code's, byte for byte; a group that is not plain takes the
generic code. IRIs are checked before they reach a writer
(:class:`~nerima_opendata.writers.rdf_terms.TermChecker`); a writer that escapes a
character an IRI may hold (RDF/XML's ``&``) looks at the IRIs itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import IO, ClassVar

from nerima_opendata.errors import OutputError
from nerima_opendata.writers.rdf_terms import (
    BufferedWriter,
    Lit,
    Pair,
    Term,
    check_base,
    relative_to,
)

__all__ = [
    "SPECIAL",
    "Field",
    "Fill",
    "Shape",
    "Shaped",
    "Shapes",
    "Slot",
    "Template",
    "TemplateWriter",
    "Writes",
    "template",
]

#: A character some format writes otherwise than as itself: N-Triples' and Turtle's
#: escapes (C0 controls, DEL, ``"``, ``\\``), JSON's (C0 controls, ``"``, ``\\``), XML's
#: (``&``, ``<``, ``>``) and what XML 1.0 cannot hold (surrogates, U+FFFE, U+FFFF).
SPECIAL = re.compile("[^ !#-%'-;=?-\\[\\]-~\x80-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: The placeholders of a template: the subject's IRI, then one character per value.
_FIRST_PLACEHOLDER = 0xE000
#: In the query, where RFC 3987 lets an IRI hold the placeholders (private-use characters);
#: an IRI within a text has its mark after that text instead (see :func:`placeholders`).
_PLACEHOLDER_IRI = "http://placeholder.invalid/?"


class Slot:
    """One statement of a shape: its predicate and its object, a constant term or the
    group's next value (an IRI, or a literal with this language tag or datatype).

    ``within`` says, of an IRI slot, that every value is this text followed by the
    characters of a path segment alone (ASCII letters, digits, ``-._~`` and ``%XX``, as
    :func:`~nerima_opendata.writers.rdf_rows.segment` gives): such a value is a good IRI
    when the text is one, and a writer may decide how to write it once for the slot.

    Slots are compared by identity: make each once and reuse it.
    """

    __slots__ = ("constant", "datatype", "iri", "lang", "predicate", "within")

    def __init__(
        self,
        predicate: str,
        *,
        constant: Term | None = None,
        iri: bool = False,
        lang: str | None = None,
        datatype: str | None = None,
        within: str | None = None,
    ) -> None:
        if (iri or constant is not None) and (lang is not None or datatype is not None):
            raise ValueError("a tag or datatype is for a slot of literal values")
        if constant is not None and iri:
            raise ValueError("a slot has a constant or takes values, not both")
        self.predicate = predicate
        self.constant = constant
        self.iri = iri
        self.lang = lang
        self.datatype = datatype
        self.within = within if iri else None

    def term(self, value: str) -> Term:
        """The object this slot makes of a value."""
        return value if self.iri else Lit(value, self.lang, self.datatype)


class Shape:
    """A group's slots, in order; :attr:`variables`, those that take a value;
    :attr:`subject`, what every subject is within (as :class:`Slot` ``within``), if
    known."""

    __slots__ = (
        "iri_values",
        "iris",
        "literals",
        "size",
        "slots",
        "subject",
        "unchecked",
        "variables",
        "withins",
    )

    def __init__(self, slots: Sequence[Slot], subject: str | None = None) -> None:
        self.slots = tuple(slots)
        self.subject = subject
        self.size = len(self.slots)
        self.variables = tuple(s for s in self.slots if s.constant is None)
        #: The positions, among the values, of the IRIs.
        self.iri_values = tuple(i for i, s in enumerate(self.variables) if s.iri)
        #: The positions of the IRIs not known to be good if the shape's are (no within).
        self.unchecked = tuple(i for i in self.iri_values if self.variables[i].within is None)
        #: The texts the subject and values are within: good IRIs if these are.
        self.withins = tuple(
            w for w in [subject, *(s.within for s in self.variables)] if w is not None
        )
        #: The lexical forms among the values, joined (what :attr:`Shaped.plain` looks at).
        self.literals = _joined([i for i, s in enumerate(self.variables) if not s.iri])
        #: The IRIs among the values, joined.
        self.iris = _joined(list(self.iri_values))


def _joined(where: list[int]) -> Callable[[Sequence[str]], str]:
    """A function that joins the values at these positions."""
    if not where:
        return lambda values: ""
    if len(where) == 1:
        return lambda values: values[where[0]]
    pick = itemgetter(*where)
    return lambda values: "".join(pick(values))


class Shapes:
    """Gives the same :class:`Shape` for the same slots (a few dozen per book)."""

    #: How many shapes to hold before forgetting them all (a bound, never reached by
    #: the library's own groups).
    LIMIT: ClassVar[int] = 4_096

    def __init__(self) -> None:
        self._known: dict[tuple[str | Slot | None, ...], Shape] = {}

    def __call__(self, slots: Sequence[Slot], subject: str | None = None) -> Shape:
        key = (subject, *slots)
        shape = self._known.get(key)
        if shape is None:
            if len(self._known) >= self.LIMIT:
                self._known.clear()
            shape = self._known[key] = Shape(slots, subject)
        return shape


class Shaped:
    """A group's pairs as a shape and its values (IRIs, lexical forms), in order.

    Args:
        shape: The shape.
        values: One text per variable slot.
    """

    __slots__ = ("plain", "shape", "values")

    def __init__(self, shape: Shape, values: Sequence[str]) -> None:
        if len(values) != len(shape.variables):
            raise ValueError(f"{len(shape.variables)} values expected, {len(values)} given")
        self.shape = shape
        self.values = values
        #: No lexical form holds a character any format escapes: a template may write
        #: the group (the IRIs are checked by the writers' caller, and a writer that
        #: escapes a character an IRI may hold sees to it).
        self.plain = SPECIAL.search(shape.literals(values)) is None

    def __len__(self) -> int:
        return self.shape.size

    def __iter__(self) -> Iterator[Pair]:
        values = iter(self.values)
        for slot in self.shape.slots:
            constant = slot.constant
            yield slot.predicate, constant if constant is not None else slot.term(next(values))


def placeholders(shape: Shape) -> tuple[str, list[str]]:
    """The placeholder subject and values of a shape's template (plain, distinct): an
    IRI within a text is that text and a mark, any other one a placeholder IRI and a
    mark."""
    subject = (shape.subject or _PLACEHOLDER_IRI) + chr(_FIRST_PLACEHOLDER)
    values = []
    for number, slot in enumerate(shape.variables, start=1):
        mark = chr(_FIRST_PLACEHOLDER + number)
        values.append((slot.within or _PLACEHOLDER_IRI) + mark if slot.iri else mark)
    return subject, values


#: A field of a template: the subject (0) or the value ``n - 1`` (``n``), whole; or,
#: as ``(n, start)``, from its character ``start`` on (an IRI's path segment after the
#: text it is within).
Field = int | tuple[int, int]


class Template:
    """A shape's template: ``template(subject, values)`` → the group's text; ``parts``,
    its constant texts and :data:`Field` s in order."""

    __slots__ = ("_fill", "parts")

    def __init__(self, parts: Sequence[str | Field]) -> None:
        self.parts = tuple(parts)
        self._fill = _compiled(self.parts)

    def __call__(self, subject: str, values: Sequence[str]) -> str:
        return self._fill(subject, values)


#: A template: ``fill(subject, values)`` → the group's text.
Fill = Callable[[str, Sequence[str]], str]
#: A shape's writer: ``writes(subject, group)`` → the group's text.
Writes = Callable[[str, "Shaped"], str]


def template(
    shape: Shape,
    text: Callable[[str, Shaped], str],
    piece: Callable[[Shape, Slot | None, str], str],
) -> Template | None:
    """A shape's template: what ``text`` writes for the placeholders, with the text of
    each (``piece(shape, slot, placeholder)``; slot ``None`` for the subject) replaced by a
    field: the subject's, then the values', in order. Where the text of an IRI within a
    text is the end of that text and the mark (a relative reference), only the mark is
    replaced, by the field of the value's characters after the text it is within.

    Returns:
        The template, or ``None`` when the shape's own texts hold a placeholder's
        character, the writer refuses the placeholders (a mark after the text an IRI is
        within is no IRI character), or a placeholder's text does not appear (or a
        value's appears more than once, or a placeholder or a relative text's mark
        appears otherwise): such a shape is always written by the generic code.
    """
    marks = {chr(_FIRST_PLACEHOLDER + n) for n in range(len(shape.variables) + 1)}
    if any(not marks.isdisjoint(fixed) for fixed in _texts(shape)):
        return None
    subject, values = placeholders(shape)
    placed = [subject, *values]
    withins = [shape.subject, *(slot.within for slot in shape.variables)]
    try:
        written = text(subject, Shaped(shape, values))
        pieces = [piece(shape, None, subject)]
        pieces.extend(
            piece(shape, slot, value) for slot, value in zip(shape.variables, values, strict=True)
        )
    except OutputError:
        return None
    parts: list[str | Field] = [written]
    for number, found in enumerate(pieces):
        if written.count(found) != 1 and (number > 0 or found not in written):
            return None
        field: Field = number
        within, mark = withins[number], placed[number][-1]
        if within and found != placed[number] and within.endswith(found[:-1]):
            if found[-1] != mark or written.count(found) != written.count(mark):
                return None
            found, field = mark, (number, len(within))
        split: list[str | Field] = []
        for part in parts:
            if not isinstance(part, str):
                split.append(part)
                continue
            for at, constant in enumerate(part.split(found)):
                split.extend([field, constant] if at else [constant])
        parts = split
    marks = {chr(_FIRST_PLACEHOLDER + n) for n in range(len(pieces))}
    if any(isinstance(p, str) and not marks.isdisjoint(p) for p in parts):
        return None
    return Template([p for p in parts if p != ""])


def _texts(shape: Shape) -> Iterator[str]:
    """The texts a shape fixes: predicates, constants, tags, datatypes."""
    for slot in shape.slots:
        yield slot.predicate
        constant = slot.constant
        if isinstance(constant, str):
            yield constant
        elif constant is not None:
            yield from (part for part in constant if part is not None)
        yield from (part for part in (slot.lang, slot.datatype) if part is not None)


def _compiled(parts: Sequence[str | Field]) -> Fill:
    """A function that joins constant texts and fields (:data:`Field`) as one f-string:
    compiled once, so nothing is parsed per group. The code holds only names and
    numbers; the texts are bound as default arguments."""
    constants: dict[str, str] = {}
    code = []
    for part in parts:
        if isinstance(part, str):
            name = f"c{len(constants)}"
            constants[name] = part
            code.append(f"{{{name}}}")
            continue
        number, start = part if isinstance(part, tuple) else (part, 0)
        field = "s" if number == 0 else f"v[{number - 1}]"
        code.append(f"{{{field}[{start}:]}}" if start else f"{{{field}}}")
    signature = ", ".join(["s", "v", *(f"{name}={name}" for name in constants)])
    fill: Fill = eval(f"lambda {signature}: f'{''.join(code)}'", {"__builtins__": {}}, constants)
    return fill


class TemplateWriter(BufferedWriter):
    """A serializer that writes a plain :class:`Shaped` group with its shape's writer (a
    template filled, :meth:`filler`), and any other group with its generic code
    (:meth:`text`).

    Args:
        stream: Where the text goes.
        base: The document's base IRI (``rdf_terms.check_base``), if the writer writes
            IRIs within it as relative references (``rdf_terms.relative``); a group whose
            IRIs hold ``/.`` (a dot segment, maybe) then takes the generic code.
    """

    def __init__(self, stream: IO[str] | IO[bytes], base: str | None = None) -> None:
        super().__init__(stream)
        self.base = check_base(base)
        #: An IRI as this writer writes it: relative to the base where it may be.
        self.rel: Callable[[str], str] = relative_to(self.base)
        self._writers: dict[Shape, Writes | None] = {}

    def _writer(self, shape: Shape) -> Writes | None:
        """A shape's writer, made once (``None``: the generic code writes its groups)."""
        if len(self._writers) >= Shapes.LIMIT:
            self._writers.clear()
        form = template(shape, self.text, self.piece)
        writes = self._writers[shape] = None if form is None else self.filler(shape, form)
        return writes

    def text(self, subject: str, pairs: Iterable[Pair]) -> str:
        """The generic code: a group's text."""
        raise NotImplementedError

    def piece(self, shape: Shape, slot: Slot | None, value: str) -> str:
        """The text :meth:`text` writes for a plain value of a slot (the subject's if
        ``slot`` is ``None``), which the shape's writer (:meth:`filler`) puts in its
        place: an IRI relative to the base where it may be, a literal as it is, unless a
        subclass says otherwise."""
        return self.rel(value) if slot is None or slot.iri else value

    def relative_fill(self, shape: Shape, form: Fill) -> Fill:
        """The template, given the subject and values as they are: the IRIs within no
        text (:attr:`Slot.within`) made relative one by one (the others' fields are
        already); ``form`` itself with no base."""
        if self.base is None:
            return form
        whole = [i for i in shape.iri_values if shape.variables[i].within is None]
        subject_whole, rel = shape.subject is None, self.rel

        def fill(subject: str, values: Sequence[str]) -> str:
            if whole:
                values = list(values)
                for i in whole:
                    values[i] = rel(values[i])
            return form(rel(subject) if subject_whole else subject, values)

        return fill

    def filler(self, shape: Shape, form: Fill) -> Writes | None:
        """How a plain group of a shape is written with its template (``None``: by the
        generic code): the template filled with the subject and values, as :meth:`piece`
        made their places (:meth:`relative_fill`), unless a subclass says otherwise."""
        fill = self.relative_fill(shape, form)
        return lambda subject, group: fill(subject, group.values)

    def write(self, subject: str, pairs: Sequence[Pair] | Shaped) -> None:
        """Write one group."""
        if type(pairs) is Shaped and pairs.plain:
            shape = pairs.shape
            writes = self._writers[shape] if shape in self._writers else self._writer(shape)
            if writes is not None and (
                self.base is None or ("/." not in subject and "/." not in shape.iris(pairs.values))
            ):
                self._out.append(writes(subject, pairs))
                self._written(shape.size)
                return
        self._out.append(self.text(subject, pairs))
        self._written(len(pairs))
