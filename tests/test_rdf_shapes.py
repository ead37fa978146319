"""Groups of a known shape: a template writes them byte for byte as the generic code does.

Each writer is run twice on the same groups, once given them as :class:`Shaped` groups
(the template path, where they are plain) and once as lists of pairs (the generic path),
and the two texts must be equal.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nerima_opendata.errors import OutputError
from nerima_opendata.writers.rdf_jsonld import JsonLdWriter
from nerima_opendata.writers.rdf_rows import segment
from nerima_opendata.writers.rdf_shapes import SPECIAL, Shape, Shaped, Shapes, Slot, template
from nerima_opendata.writers.rdf_stream import (
    NTriplesWriter,
    TurtleWriter,
    prefixes,
    write_groups,
)
from nerima_opendata.writers.rdf_terms import XSD_BOOLEAN, XSD_INTEGER, Group, Lit, Pair
from nerima_opendata.writers.rdf_xml import RdfXmlWriter

_VOCAB = "https://w3id.org/nerima-opendata/vocab#"
_BASE = "https://w3id.org/nerima-opendata/data/131202/"
_DATA = _BASE + "2024/proposed/"
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

#: Each writer, made on a stream.
WRITERS: dict[
    str, Callable[[io.StringIO], NTriplesWriter | TurtleWriter | RdfXmlWriter | JsonLdWriter]
] = {
    "nt": NTriplesWriter,
    "ttl": lambda s: TurtleWriter(s, prefixes()),
    "rdf": lambda s: RdfXmlWriter(s, prefixes()),
    "jsonld": JsonLdWriter,
    # IRIs within the base written relative to it
    "ttl-base": lambda s: TurtleWriter(s, prefixes(), base=_BASE),
    "rdf-base": lambda s: RdfXmlWriter(s, prefixes(), base=_BASE),
    "jsonld-base": lambda s: JsonLdWriter(s, base=_BASE),
}

#: Slots of every kind: constants, IRIs, tagged, typed and plain literals, on predicates
#: of the context's kinds (a language map, a coerced integer, a plain term, a CURIE, none).
SLOTS = [
    Slot("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", constant=_VOCAB + "BudgetLine"),
    Slot(_VOCAB + "fiscalYear", constant=Lit("2024", None, XSD_INTEGER)),
    Slot(_VOCAB + "currency", constant=Lit("JPY")),
    Slot(_VOCAB + "classification", iri=True),
    Slot("http://example.org/ns#related", iri=True),
    Slot(_VOCAB + "title", lang="ja"),
    Slot(_VOCAB + "title", lang="en"),
    Slot("http://www.w3.org/2000/01/rdf-schema#label", lang="en-GB"),
    Slot(_VOCAB + "amount", datatype=XSD_INTEGER),
    Slot("http://example.org/ns#flag", datatype=XSD_BOOLEAN),
    Slot("http://example.org/ns#day", datatype=_XSD_DATE),
    Slot(_VOCAB + "identifier"),
    Slot(_VOCAB + "line", iri=True, within=_DATA + "line/"),
    Slot(_VOCAB + "phase", iri=True, within=_VOCAB.rstrip("#") + "/phase/"),  # a QName's
    Slot("http://example.org/ns#bare", iri=True, within="urn:x-"),  # no "/": not a QName
    Slot(_VOCAB + "organization", iri=True, within=_BASE),  # the base itself
    Slot(_VOCAB + "target", iri=True, within=_BASE + "a:b/"),  # never relative
    Slot("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", iri=True),  # types as values
]
#: What the subjects of a shape may be within.
_SUBJECTS = [None, _DATA + "line/", _VOCAB.rstrip("#") + "/phase/", _BASE]

#: IRIs that Turtle writes as QNames or not, with an ``&`` RDF/XML escapes, non-ASCII.
_IRIS = st.sampled_from(
    [
        _VOCAB + "Thing",
        "https://w3id.org/nerima-opendata/data/131202/line/L-1",
        "http://example.org/o/a&b",
        "http://example.org/o/日本",
        "http://example.org/o/",
        "http://example.org/o/x.",
        _DATA + "line/x",  # within the base
        _BASE + ".",  # within it, but a dot segment
        _DATA + "..",
        _BASE + "a:b",
    ]
)
#: Texts with and without what some format escapes.
_TEXT = st.one_of(
    st.sampled_from(
        ["", "1000", "-5", "+7", "true", "false", "x", "予算", "a&b", 'a"b', "a\nb", ".", ".."]
    ),
    st.text(
        st.characters(blacklist_categories=["Cs"], blacklist_characters="\ufffe\uffff"),
        max_size=12,
    ),
)


def _iri(within: str | None) -> st.SearchStrategy[str]:
    """An IRI, or one within a text (the text and a segment)."""
    if within is None:
        return _IRIS
    return _TEXT.map(lambda text: within + segment(text))


def _value(slot: Slot) -> st.SearchStrategy[str]:
    return _iri(slot.within) if slot.iri else _TEXT


@st.composite
def _groups(draw: st.DrawFn) -> list[tuple[str, Shaped]]:
    shapes = Shapes()
    chosen = draw(st.lists(st.sampled_from(SLOTS), min_size=1, max_size=8))
    shape = shapes(chosen, draw(st.sampled_from(_SUBJECTS)))
    groups = []
    for _ in range(draw(st.integers(1, 3))):
        values = [draw(_value(slot)) for slot in shape.variables]
        groups.append((draw(_iri(shape.subject)), Shaped(shape, values)))
    return groups


def _written(writer: str, groups: Sequence[Group]) -> str:
    """The text a writer writes, or the message of the error it raises (its own: the
    terms are not checked first, as :func:`write_groups` would)."""
    stream = io.StringIO()
    try:
        written = WRITERS[writer](stream)
        for subject, pairs in groups:
            written.write(subject, pairs if isinstance(pairs, Shaped) else list(pairs))
        written.close()
    except OutputError as exc:
        return f"refused: {exc}"
    return stream.getvalue()


def _generic(groups: Sequence[tuple[str, Shaped]]) -> list[Group]:
    return [(subject, list(pairs)) for subject, pairs in groups]


@pytest.mark.parametrize("writer", sorted(WRITERS))
@settings(max_examples=150, deadline=None)
@given(groups=_groups())
def test_a_shaped_group_is_written_as_its_pairs(
    writer: str, groups: list[tuple[str, Shaped]]
) -> None:
    assert _written(writer, groups) == _written(writer, _generic(groups))


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_plain_character_is_written_as_it_is(writer: str) -> None:
    """Every character of the Basic Multilingual Plane and a few beyond, in each kind of
    literal: where :data:`SPECIAL` lets a group take the template, its text is the
    generic code's."""
    shape = Shapes()([SLOTS[5], SLOTS[8], SLOTS[11], SLOTS[3]])
    subject, iri = "http://example.org/s", "http://example.org/o"
    characters = [chr(c) for c in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]]
    groups = [(subject, Shaped(shape, [c, c, c, iri])) for c in characters]
    assert sum(group.plain for _, group in groups) > 60_000
    assert _written(writer, groups) == _written(writer, _generic(groups))
    made = WRITERS[writer](io.StringIO())
    made.write(subject, groups[ord("a")][1])
    assert made._writers[shape] is not None  # the plain groups took the template


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("予算 2024 (当初)", True),
        ("a&b", False),
        ("<", False),
        ('"', False),
        ("\\", False),
        ("\x7f", False),
        ("\t", False),
        ("\ud800", False),
        ("\ufffe", False),
        ("\U0001f600", True),
    ],
)
def test_special_characters_make_a_group_not_plain(text: str, plain: bool) -> None:
    shape = Shapes()([SLOTS[11]])
    assert (SPECIAL.search(text) is None) is plain
    assert Shaped(shape, [text]).plain is plain


def test_an_iri_is_not_what_makes_a_group_plain() -> None:
    """IRIs are checked by the caller; RDF/XML escapes their ``&`` itself."""
    shape = Shapes()([SLOTS[4]])
    group = Shaped(shape, ["http://example.org/o/a&b"])
    assert group.plain
    assert 'rdf:resource="http://example.org/o/a&amp;b"' in _written(
        "rdf", [("http://e.org/s", group)]
    )


@pytest.mark.parametrize(
    ("writer", "subject", "line"),
    [
        ("ttl-base", "<2024/proposed/line/L-1>", "nb:line <2024/proposed/line/L-2>"),
        ("rdf-base", 'rdf:about="2024/proposed/line/L-1"', 'rdf:resource="2024/proposed/line/L-2"'),
        ("jsonld-base", '"id": "2024/proposed/line/L-1"', '"line": "2024/proposed/line/L-2"'),
    ],
)
def test_a_template_writes_the_iris_within_the_base_relative_to_it(
    writer: str, subject: str, line: str
) -> None:
    """The template's field of an IRI within a text under the base is the IRI's segment
    after that text (the text's relative part is the template's own)."""
    shape = Shapes()([SLOTS[12], SLOTS[11]], _DATA + "line/")
    made = WRITERS[writer](io.StringIO())
    form = template(shape, made.text, made.piece)
    assert form is not None
    tails = [p for p in form.parts if isinstance(p, tuple)]
    assert tails == [(0, len(_DATA + "line/")), (1, len(_DATA + "line/"))]
    groups = [(_DATA + "line/L-1", Shaped(shape, [_DATA + "line/L-2", "x"]))]
    text = _written(writer, groups)
    assert subject in text
    assert line in text
    assert text == _written(writer, _generic(groups))


@pytest.mark.parametrize("writer", ["ttl-base", "rdf-base", "jsonld-base"])
@pytest.mark.parametrize("segment_", [".", ".."])
def test_an_iri_that_cannot_be_relative_is_written_whole(writer: str, segment_: str) -> None:
    """A dot segment after the base (a path segment may be one): the generic code
    writes the IRI whole, also for a group of a shape that has a template."""
    shape = Shapes()([SLOTS[12], SLOTS[11]], _DATA + "line/")
    iri = _DATA + "line/" + segment_
    groups = [
        (_DATA + "line/L-1", Shaped(shape, [iri, "x"])),
        (iri, Shaped(shape, [_DATA + "line/L-2", "x"])),
    ]
    text = _written(writer, groups)
    assert text.count(iri) == 2
    assert text == _written(writer, _generic(groups))


def test_a_shape_without_a_template_is_written_by_the_generic_code() -> None:
    """A text that leaves a value out gives no template, and the writer falls back."""
    shape = Shapes()([SLOTS[3], SLOTS[11]])

    def forgetful(subject: str, pairs: Shaped) -> str:
        return f"<{subject}>\n"

    assert template(shape, forgetful, lambda shape, slot, value: value) is None

    class Forgetful(NTriplesWriter):
        def text(self, subject: str, pairs: Iterable[Pair]) -> str:
            if isinstance(pairs, Shaped):
                return forgetful(subject, pairs)
            return super().text(subject, pairs)

    stream = io.StringIO()
    write_groups([("http://e.org/s", Shaped(shape, ["http://e.org/o", "x"]))], [Forgetful(stream)])
    assert stream.getvalue() == "<http://e.org/s>\n"


@pytest.mark.parametrize("writer", sorted(WRITERS))
@pytest.mark.parametrize(
    "constant",
    ["http://placeholder.invalid/\ue000x", "http://e.org/\ue001", Lit("\ue002"), Lit("x", "ja")],
)
def test_a_shape_whose_texts_hold_a_placeholder_is_written_as_its_pairs(
    writer: str, constant: str | Lit
) -> None:
    """The placeholders are private-use characters: a base IRI may hold them too."""
    shape = Shapes()([Slot(_VOCAB + "k", constant=constant), SLOTS[3], SLOTS[11]])
    groups = [("http://placeholder.invalid/\ue000", Shaped(shape, [_VOCAB + "Thing", "1"]))]
    assert _written(writer, groups) == _written(writer, _generic(groups))


@pytest.mark.parametrize(
    "options",
    [
        {"iri": True, "datatype": XSD_INTEGER},
        {"iri": True, "lang": "ja"},
        {"constant": "http://e.org/o", "lang": "ja"},
        {"constant": "http://e.org/o", "iri": True},
    ],
)
def test_a_slot_is_of_one_kind(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="slot"):
        Slot(_VOCAB + "p", **options)


def test_a_refused_json_ld_group_leaves_nothing_behind() -> None:
    """A node object that cannot be written leaves no comma: the writer goes on."""
    shape = Shapes()([SLOTS[4]])
    stream = io.StringIO()
    writer = JsonLdWriter(stream)
    for value in ["http://e.org/1", "nb:read-as-a-compact-iri", "http://e.org/2"]:
        with contextlib.suppress(OutputError):
            writer.write("http://e.org/s", Shaped(shape, [value]))
    writer.close()
    expected = _written(
        "jsonld", [("http://e.org/s", [(SLOTS[4].predicate, f"http://e.org/{n}")]) for n in (1, 2)]
    )
    assert stream.getvalue() == expected


def test_a_bad_iri_of_a_known_shape_is_refused() -> None:
    shape = Shapes()([SLOTS[3]])
    groups: list[Group] = [
        ("http://e.org/s1", Shaped(shape, ["http://e.org/o"])),
        ("http://e.org/s2", Shaped(shape, ["http://e.org/o p"])),
    ]
    with pytest.raises(OutputError, match="an IRI"):
        write_groups(groups, [NTriplesWriter(io.StringIO())])


def test_a_bad_text_iris_are_within_is_refused() -> None:
    shape = Shapes()([Slot(_VOCAB + "line", iri=True, within="http://e.org/a b/")])
    with pytest.raises(OutputError, match="an IRI"):
        write_groups([("http://e.org/s", Shaped(shape, ["http://e.org/a b/1"]))], [])


@pytest.mark.parametrize(
    ("within", "good", "bad"),
    [
        pytest.param("http://e.org:", "80", "ab", id="a-port"),
        pytest.param("http://e.org", "x", "%zz", id="a-host"),
        pytest.param("http://e.org/%4", "1", "x", id="half-an-escape"),
    ],
)
def test_the_iris_within_a_text_that_takes_no_segment_are_each_checked(
    within: str, good: str, bad: str
) -> None:
    """A text an IRI is within vouches for its IRIs only if any segment may follow it."""
    shape = Shapes()([Slot(_VOCAB + "line", iri=True, within=within)])
    groups: list[Group] = [
        ("http://e.org/s1", Shaped(shape, [within + good])),
        ("http://e.org/s2", Shaped(shape, [within + bad])),
    ]
    with pytest.raises(OutputError, match=f"found '{re.escape(within + bad)}'"):
        write_groups(groups, [NTriplesWriter(io.StringIO())])


def test_the_iris_within_a_checked_text_are_not_checked_again() -> None:
    """Only the IRIs a shape does not vouch for are checked after its first group."""
    shape = Shapes()([SLOTS[3], SLOTS[12]], _DATA + "line/")
    assert shape.unchecked == (0,)
    assert shape.withins == (_DATA + "line/", _DATA + "line/")


def test_a_shaped_group_needs_a_value_per_variable_slot() -> None:
    with pytest.raises(ValueError, match="2 values expected"):
        Shaped(Shapes()([SLOTS[0], SLOTS[3], SLOTS[11]]), ["http://e.org/o"])


def test_the_same_slots_give_the_same_shape() -> None:
    shapes = Shapes()
    assert shapes([SLOTS[0], SLOTS[3]]) is shapes((SLOTS[0], SLOTS[3]))
    assert shapes([SLOTS[0], SLOTS[3]]) is not shapes([SLOTS[3], SLOTS[0]])
    assert isinstance(shapes([SLOTS[0]]), Shape)


def test_a_shaped_group_reads_as_its_pairs() -> None:
    shape = Shapes()([SLOTS[0], SLOTS[3], SLOTS[5], SLOTS[8]])
    pairs: list[Pair] = list(Shaped(shape, ["http://e.org/o", "名前", "12"]))
    assert pairs == [
        (SLOTS[0].predicate, _VOCAB + "BudgetLine"),
        (SLOTS[3].predicate, "http://e.org/o"),
        (SLOTS[5].predicate, Lit("名前", "ja")),
        (SLOTS[8].predicate, Lit("12", None, XSD_INTEGER)),
    ]
    assert len(Shaped(shape, ["http://e.org/o", "名前", "12"])) == 4
