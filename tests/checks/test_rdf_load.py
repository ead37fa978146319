"""checks/rdf_load.py: the statements about some subjects of an N-Triples file, found by
the text of each line, are those a whole parse finds about them, in the same order."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from nerima_opendata.checks import rdf_load
from nerima_opendata.checks.rdf_load import ntriples_about

S = "http://example.org/s"
P = "<http://example.org/p>"
#: Statements of a line or two, as N-Triples (EOL added by the cases).
LINES = [
    f'<{S}1> {P} "one" .',
    f"<{S}1> {P} <{S}2> .",
    f'<{S}10> {P} "a subject that starts like s1" .',
    f'<{S}2> {P} "two"@ja .',
    f'<{S}1> {P} "s1 again, after others" .',
]

CASES = [
    ("one subject, its lines apart", LINES, "\n", {f"{S}1"}),
    ("two subjects", LINES, "\n", {f"{S}1", f"{S}2"}),
    ("a subject that is the prefix of another", LINES, "\n", {f"{S}10"}),
    ("none wanted", LINES, "\n", set()),
    ("a subject no line is about", LINES, "\n", {f"{S}9"}),
    ("CR LF", LINES, "\r\n", {f"{S}1"}),
    ("CR alone", LINES, "\r", {f"{S}2"}),
    ("an escaped IRI", [f'<{S}\\u0031> {P} "escaped" .', *LINES], "\n", {f"{S}1"}),
    (
        "blank nodes, with and without a space",
        ['_:b1 <http://example.org/p> "x" .', "_:b1<http://example.org/p><http://o> .", *LINES],
        "\n",
        {"b1"},
    ),
    (
        "white space first, comments, empty lines",
        [f' \t<{S}1> {P} "indented" .', "# a comment", "", f"   # {S}1", *LINES],
        "\n",
        {f"{S}1"},
    ),
    ("a comment after a statement", [f'<{S}1> {P} "c" . # note', *LINES], "\n", {f"{S}1"}),
]


def _file(tmp_path: Path, lines: list[str], eol: str, last: bool = True) -> Path:
    path = tmp_path / "graph.nt"
    path.write_bytes((eol.join(lines) + (eol if last else "")).encode())
    return path


def _parsed(path: Path, subjects: set[str]) -> list[ox.Quad]:
    quads = ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES)
    return [q for q in quads if q.subject.value in subjects]


@pytest.mark.parametrize(
    ("lines", "eol", "subjects"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
@pytest.mark.parametrize("last", [True, False], ids=["final EOL", "no final EOL"])
def test_the_lines_about_the_subjects_are_what_a_parse_finds(
    tmp_path: Path, lines: list[str], eol: str, subjects: set[str], last: bool
) -> None:
    path = _file(tmp_path, lines, eol, last)
    assert list(ntriples_about(path, subjects)) == _parsed(path, subjects)


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_lines_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eol: str) -> None:
    """Every block size from 1 to 80 bytes: a block ends before, at and after each line
    end (a CR LF split between two), and inside a multi-byte character."""
    lines = [f'<{S}{i % 3}> {P} "名{i}" .' for i in range(7)]
    path = _file(tmp_path, lines, eol)
    expected = _parsed(path, {f"{S}1"})
    for size in range(1, 81):
        monkeypatch.setattr(rdf_load, "_BLOCK", size)
        assert list(ntriples_about(path, {f"{S}1"})) == expected, size


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.nt"
    path.write_bytes(b"")
    assert list(ntriples_about(path, {f"{S}1"})) == []


def test_it_tells_the_lines_read(tmp_path: Path) -> None:
    lines = [f'<{S}{i % 7}> {P} "{i}" .' for i in range(50_000)]
    path = _file(tmp_path, lines, "\n", last=False)
    told: list[tuple[int, int]] = []
    list(
        ntriples_about(
            path, {f"{S}1"}, tell=lambda done, total: told.append((done, total)), about=9
        )
    )
    assert told[-1] == (50_000, 9)
    assert [done for done, _ in told] == sorted(done for done, _ in told)


def test_a_line_that_does_not_parse_raises(tmp_path: Path) -> None:
    path = _file(tmp_path, [f"<{S}1> {P} not a term .", *LINES], "\n")
    with pytest.raises(SyntaxError):
        list(ntriples_about(path, {f"{S}1"}))


XSD = "http://www.w3.org/2001/XMLSchema#"
#: Files read into one graph (a name and its text each): literals rdflib reads as
#: another form than the file's text (an integer with a leading zero, a boolean, a
#: double; an ill-typed integer and date, kept as they are), a tag in capitals, blank
#: nodes, a JSON-LD named graph (rdflib's triples are all in the default graph).
HELD_CASES = [
    ("plain and tagged", [("a.ttl", f'<{S}1> {P} "one", "two"@ja, "three"@EN-us .')]),
    (
        "literals rdflib normalizes",
        [
            (
                "a.ttl",
                f'@prefix xsd: <{XSD}> . <{S}1> {P} "01"^^xsd:integer, "1"^^xsd:integer, '
                '"1"^^xsd:boolean, "1.0E0"^^xsd:double, "abc"^^xsd:integer, '
                '"2024-1-1"^^xsd:date, "x"^^xsd:string .',
            )
        ],
    ),
    ("blank nodes", [("a.ttl", f"_:b {P} [ {P} _:b ] . <{S}1> {P} _:b .")]),
    (
        "two files with the same blank node label",
        [("a.ttl", f"_:b {P} <{S}1> ."), ("b.ttl", f"_:b {P} <{S}2> .")],
    ),
    (
        "a JSON-LD named graph",
        [
            (
                "a.jsonld",
                f'{{"@id": "{S}g", "@graph": [{{"@id": "{S}1", '
                f'"{P.strip("<>")}": [{{"@id": "{S}2"}}, "lit"]}}]}}',
            )
        ],
    ),
]


@pytest.mark.parametrize(("name", "files"), HELD_CASES, ids=[c[0] for c in HELD_CASES])
def test_read_graph_gives_its_store_what_the_graph_holds(
    tmp_path: Path, name: str, files: list[tuple[str, str]]
) -> None:
    from nerima_opendata.checks.shacl_sparql import to_store

    paths = []
    for file, text in files:
        paths.append(tmp_path / file)
        paths[-1].write_text(text, encoding="utf-8")
    store = ox.Store()
    graph = rdf_load.read_graph(*paths, store=store)
    assert set(store) == set(to_store(graph))
    graph += rdf_load.vocab_graph()  # as check_shacl adds it
    made = to_store(graph, read=store)
    assert made is store
    assert set(made) == set(to_store(graph))


def test_the_store_holds_the_literals_as_rdflib_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text(f'<{S}1> {P} "01"^^<{XSD}integer> .', encoding="utf-8")
    store = ox.Store()
    rdf_load.read_graph(path, store=store)
    assert [q.object for q in store] == [ox.Literal("1", datatype=ox.NamedNode(f"{XSD}integer"))]


#: Literals as pyoxigraph gives them, and the rdflib term rdflib makes of the same text.
LITERAL_CASES = [
    (ox.Literal("一般会計"), rdflib.Literal("一般会計")),
    (ox.Literal("総務費", language="ja"), rdflib.Literal("総務費", lang="ja")),
    (ox.Literal("x", language="en-us"), rdflib.Literal("x", lang="en-us")),
    (ox.Literal("01", datatype=ox.NamedNode(f"{XSD}integer")), rdflib.Literal(1)),
    (
        ox.Literal("abc", datatype=ox.NamedNode(f"{XSD}integer")),
        rdflib.Literal("abc", datatype=rdflib.URIRef(f"{XSD}integer")),
    ),
    (ox.Literal("true", datatype=ox.NamedNode(f"{XSD}boolean")), rdflib.Literal(True)),
    (ox.Literal("x", datatype=ox.NamedNode(f"{XSD}string")), rdflib.Literal("x")),
]


@pytest.mark.parametrize(
    ("term", "expected"), LITERAL_CASES, ids=[str(c[0]) for c in LITERAL_CASES]
)
def test_a_literal_is_rdflibs_each_time(term: ox.Literal, expected: rdflib.Literal) -> None:
    for _ in range(2):  # made once, then given again
        made = rdf_load.to_rdflib(term)
        assert isinstance(made, rdflib.Literal)
        assert (made, made.language, made.datatype) == (
            expected,
            expected.language,
            expected.datatype,
        )
        assert str(made) == str(expected)
