"""IRIs written relative to a document's base: only where a reader resolves them back."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nerima_opendata.errors import OutputError
from nerima_opendata.writers.rdf_terms import check_base, relative, relative_to

_BASE = "https://w3id.org/nerima-opendata/data/131202/"


def _resolved(reference: str, base: str) -> str:
    """What a real parser (Oxigraph's Turtle, RFC 3986 §5.2) makes of a reference."""
    text = f"@base <{base}> . <{reference}> <http://example.org/p> <http://example.org/o> ."
    (triple,) = ox.parse(text, format=ox.RdfFormat.TURTLE)
    assert isinstance(triple.subject, ox.NamedNode)
    return triple.subject.value


@pytest.mark.parametrize(
    ("rest", "written"),
    [
        ("2024/proposed/line/1-expenditure-1", "relative"),
        ("line/x.y", "relative"),
        ("line/.x", "relative"),
        ("line/x..", "relative"),
        ("a/...", "relative"),
        ("line/%2E", "relative"),
        ("line/x?query", "relative"),
        ("line/x#fragment", "relative"),
        ("日本/予算", "relative"),
        ("organization", "absolute"),  # one segment: JSON-LD could read a term
        ("id", "absolute"),  # JSON-LD: the context's alias of @id
        ("type", "absolute"),
        ("?query", "absolute"),
        ("", "absolute"),  # the base itself
        (".", "absolute"),  # dot segments: resolution removes them
        ("..", "absolute"),
        ("line/.", "absolute"),
        ("line/..", "absolute"),
        ("./line", "absolute"),
        ("a/../b", "absolute"),
        ("line/.?q", "absolute"),  # a dot segment before a query
        ("x/..#f", "absolute"),
        ("/root", "absolute"),  # a path from the root
        ("//host/x", "absolute"),  # an authority
        ("a:b/c", "absolute"),  # read as a scheme
        ("line/a:b", "absolute"),  # a compact IRI in JSON-LD
        ("@type/x", "absolute"),  # a JSON-LD keyword's form
    ],
)
def test_an_iri_is_relative_only_where_it_resolves_back(rest: str, written: str) -> None:
    iri = _BASE + rest
    found = relative(iri, _BASE)
    assert found == rest if written == "relative" else found == iri, found
    assert _resolved(found, _BASE) == iri
    assert relative_to(_BASE)(iri) == found


@pytest.mark.parametrize(
    "iri",
    [
        "https://w3id.org/nerima-opendata/data/131203/x",  # another municipality
        "https://w3id.org/nerima-opendata/vocab#Budget",
        "http://w3id.org/nerima-opendata/data/131202/x",
        "urn:x-131202",
    ],
)
def test_an_iri_outside_the_base_is_written_whole(iri: str) -> None:
    assert relative(iri, _BASE) == iri
    assert relative(iri, None) == iri
    assert relative_to(_BASE)(iri) == iri
    assert relative_to(None)(iri) == iri


@pytest.mark.parametrize(
    "base",
    [
        "https://example.org/data",  # no "/" at the end
        "https://example.org/data/?q/",
        "https://example.org/data#/",
        "data/",  # relative itself
        "http://exa mple.org/",
    ],
)
def test_a_base_that_cannot_take_relative_references_is_refused(base: str) -> None:
    with pytest.raises(OutputError, match=r"base IRI|an IRI"):
        check_base(base)


@pytest.mark.parametrize(
    "base",
    ["https://example.org/a/../data/", "https://example.org/./data/", "https://example.org/../"],
)
def test_a_base_with_a_dot_segment_is_no_base(base: str) -> None:
    """Resolution would remove the segment from the base: every IRI is written whole."""
    assert check_base(base) is None


def test_no_base_writes_every_iri_whole() -> None:
    assert check_base(None) is None
    assert check_base(_BASE) == _BASE
    assert check_base("https://example.org/a.b/..c/") == "https://example.org/a.b/..c/"
