"""The streaming RDF writers: every file holds the graph, for any term they accept.

Each file :func:`write_rdf` streams is parsed back, by rdflib and by pyoxigraph (and the
JSON-LD by pyld with the local loader), to the triples of :func:`to_graph`: for the
brochure, a small budget book and the real Tama book. A property test puts awkward
literals and IRIs through all four formats; what a format cannot hold is refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from nerima_opendata.errors import InputError, OutputError
from nerima_opendata.model import (
    AmountKind,
    Budget,
    BudgetLine,
    Classification,
    LineAmount,
    Record,
    TableName,
)
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.jsonld import from_jsonld
from nerima_opendata.writers.rdf import budget_groups, to_graph, write_rdf
from nerima_opendata.writers.rdf_book import BookPart, book_groups
from nerima_opendata.writers.rdf_files import write_rdf_groups
from nerima_opendata.writers.rdf_rows import BookTables, Prefixes, segment
from nerima_opendata.writers.rdf_terms import (
    XSD_STRING,
    Group,
    Lit,
    Term,
    term,
    triples_from_groups,
)

from .real_books import ABIKO, TAMA, read
from .test_book import book

#: One statement as plain values: (subject, predicate, object), xsd:string as plain.
Statement = tuple[str, str, Term]

_OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}


def _lower(value: Term) -> Term:
    """Language tags compared case-insensitively (parsers may lower-case them, as RDF
    1.1 allows)."""
    if isinstance(value, str) or value.lang is None:
        return value
    return value._replace(lang=value.lang.lower())


def _ox_iri(node: Any) -> str:
    assert isinstance(node, ox.NamedNode), node
    return str(node.value)


def _ox_term(node: Any) -> Term:
    if isinstance(node, ox.Literal):
        datatype = node.datatype.value
        plain = node.language is not None or datatype == XSD_STRING
        return Lit(node.value, node.language, None if plain else datatype)
    assert isinstance(node, ox.NamedNode), node
    return str(node.value)


def by_oxigraph(path: Path) -> set[Statement]:
    """The file's triples as parsed by pyoxigraph."""
    triples = ox.parse(path=str(path), format=_OX_FORMATS[path.suffix])
    return {(_ox_iri(t.subject), _ox_iri(t.predicate), _lower(_ox_term(t.object))) for t in triples}


def by_rdflib(path: Path) -> set[Statement]:
    """The file's triples as parsed by rdflib (JSON-LD: expanded by pyld, no network)."""
    if path.suffix == ".jsonld":
        graph = from_jsonld(path.read_text(encoding="utf-8"))
    else:
        graph = Graph().parse(path, format=_RDFLIB_FORMATS[path.suffix])
    return statements(graph)


def statements(triples: Iterable[Any]) -> set[Statement]:
    """rdflib triples as plain values (the graphs have no blank nodes)."""
    return {(str(s), str(p), _lower(term(o))) for s, p, o in triples}


def group_statements(groups: Iterable[Group]) -> set[Statement]:
    return {(s, p, _lower(o)) for s, pairs in groups for p, o in pairs}


@cache
def _budget(name: str) -> Budget:
    if name == "brochure":
        from nerima_opendata import load_budget

        return load_budget()
    if name == "book":
        return Budget(**book())
    return read(ABIKO if name == "abiko" else TAMA)


@pytest.fixture(scope="module", params=["brochure", "book", "tama"])
def written(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, set[Statement], list[Path]]:
    budget = _budget(request.param)
    out = tmp_path_factory.mktemp(request.param)
    return request.param, statements(to_graph(budget)), write_rdf(budget, out)


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".rdf", ".jsonld"])
@pytest.mark.parametrize("parser", [by_rdflib, by_oxigraph], ids=["rdflib", "oxigraph"])
def test_each_file_holds_the_graph(
    written: tuple[str, set[Statement], list[Path]],
    suffix: str,
    parser: Callable[[Path], set[Statement]],
) -> None:
    name, expected, paths = written
    if name == "tama" and parser is by_rdflib and suffix != ".nt":
        # rdflib reads every format of the brochure and the synthetic book here, and
        # Tama's N-Triples (its fastest parser)
        pytest.skip("rdflib takes 9-12 s for these on 65k triples (pyld minutes)")
    (path,) = [p for p in paths if p.suffix == suffix]
    assert parser(path) == expected


def test_two_runs_give_the_same_bytes(tmp_path: Path) -> None:
    budget = _budget("book")
    runs = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        runs.append([p.read_bytes() for p in write_rdf(budget, tmp_path / run)])
    assert runs[0] == runs[1]


def test_jsonld_keys_are_the_vocabularys_terms(
    written: tuple[str, set[Statement], list[Path]],
) -> None:
    _, _, paths = written
    text = paths[3].read_text(encoding="utf-8")
    graph = text[text.index('"@graph"') :]
    assert '"type": "' in graph and '"skos:prefLabel": {"ja": ' in graph
    assert "https://w3id.org/nerima-opendata/vocab#" not in graph  # every nb: key is a term


# --- the book from rows: CSV text, re-opened, through KeyStore lookups ------------------


def _csv_rows(model: type[Record], records: Iterable[Any]) -> Callable[[], Iterator[Any]]:
    """A re-openable table of plain named tuples whose values are CSV text, as a reader
    of the package's CSV files would give them (every value a string, "" for none)."""
    fields = list(model.model_fields)
    row = NamedTuple("Row", [(f, str) for f in fields])  # type: ignore[misc]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for record in records:
        values = [getattr(record, f) for f in fields]
        writer.writerow(["" if v is None else getattr(v, "value", v) for v in values])
    text = buffer.getvalue()

    def table() -> Iterator[Any]:
        for values in csv.reader(io.StringIO(text)):
            yield row(*values)

    return table


@pytest.mark.parametrize("key_limit", [100_000, 10], ids=["in-memory", "spilled"])
@pytest.mark.parametrize("name", ["book", "tama"])
def test_book_groups_from_csv_rows_are_the_books_graph(name: str, key_limit: int) -> None:
    budget = _budget(name)
    iris = BudgetIRIs.for_budget(budget.info)
    rows = BookTables(
        _csv_rows(Classification, budget.classifications),
        _csv_rows(BudgetLine, budget.lines),
        _csv_rows(LineAmount, budget.line_amounts),
    )
    kinds = _csv_rows(AmountKind, budget.amount_kinds)()
    from_rows = book_groups(budget.info, kinds, rows, iris=iris, key_limit=key_limit)
    held = BookTables(
        lambda: budget.classifications, lambda: budget.lines, lambda: budget.line_amounts
    )
    from_records = book_groups(budget.info, budget.amount_kinds, held, iris=iris)
    expected = group_statements(from_records)
    assert group_statements(from_rows) == expected
    assert expected <= statements(to_graph(budget))


def test_a_line_of_a_missing_classification_is_an_input_error() -> None:
    budget = _budget("book")
    with pytest.raises(InputError, match="not in the code list"):
        list(
            book_groups(
                budget.info,
                budget.amount_kinds,
                BookTables(
                    lambda: budget.classifications[:2],
                    lambda: budget.lines,
                    lambda: budget.line_amounts,
                ),
                iris=BudgetIRIs.for_budget(budget.info),
            )
        )


@pytest.mark.parametrize(
    "record_id", ["1-expenditure-2-1", "1-expenditure-2-1.1501", "a b/c", "日本"]
)
def test_record_prefixes_are_the_iris_of_the_ids(record_id: str) -> None:
    iris = BudgetIRIs.for_budget(_budget("book").info)
    prefixes = Prefixes(iris)
    made = {
        prefixes.classification: iris.classification(record_id),
        prefixes.code_path: iris.code_path(record_id),
        prefixes.department: iris.department_unit(record_id),
        prefixes.line: iris.record(TableName.LINES, record_id),
        prefixes.amount_kind: iris.record(TableName.AMOUNT_KINDS, record_id),
        prefixes.line_amount: iris.record(TableName.LINE_AMOUNTS, record_id),
    }
    for prefix, iri in made.items():
        assert prefix + segment(record_id) == str(iri)


# --- any term the writers accept round-trips; what a format cannot hold is refused ----

#: Characters an IRI may hold beyond ASCII letters and digits (RFC 3987 iunreserved,
#: sub-delims, ':', '@', '/', '?', percent escapes, ucschar).
_IRI_CHARS = st.sampled_from([*"-._~!$&'()*+,;=:@/?", "%20", "é", "日本", "\U0001f600", "ｱ"])
_IRI_TAIL = st.lists(st.one_of(_IRI_CHARS, st.sampled_from(list("aZ09"))), max_size=8).map("".join)
_TEXT = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\ufffe\uffff"), max_size=30
)
#: Characters XML 1.0 can hold (no C0 control but tab, LF, CR).
_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n\r\x85"),
    max_size=30,
)
_PREDICATES = [
    "https://w3id.org/nerima-opendata/vocab#title",  # a language-map term
    "https://w3id.org/nerima-opendata/vocab#amount",  # an xsd:integer term
    "https://w3id.org/nerima-opendata/vocab#identifier",  # a plain term
    "http://www.w3.org/2000/01/rdf-schema#label",  # a CURIE term
    "http://example.org/ns#p",  # not ours: a full IRI
]


def _objects(text: st.SearchStrategy[str]) -> st.SearchStrategy[Term]:
    return st.one_of(
        text.map(Lit),
        st.tuples(text, st.sampled_from(["ja", "en", "en-gb", "ja-Latn"])).map(lambda t: Lit(*t)),
        st.tuples(
            text,
            st.just(None),
            st.sampled_from(["http://example.org/dt", "http://www.w3.org/2001/XMLSchema#anyURI"]),
        ).map(lambda t: Lit(*t)),
        _IRI_TAIL.map(lambda tail: "http://example.org/o/" + tail),
    )


def _written_statements(
    groups: list[Group], tmp: Path, formats: list[str]
) -> dict[str, set[Statement]]:
    paths = write_rdf_groups(groups, tmp, "131202", suffixes=formats)
    found = {f"oxigraph{p.suffix}": by_oxigraph(p) for p in paths}
    found |= {f"rdflib{p.suffix}": by_rdflib(p) for p in paths}
    return found


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    subject=_IRI_TAIL,
    pairs=st.lists(
        st.tuples(st.sampled_from(_PREDICATES), _objects(_XML_TEXT)), min_size=1, max_size=6
    ),
)
def test_any_term_round_trips_in_every_format(
    tmp_path_factory: pytest.TempPathFactory, subject: str, pairs: list[tuple[str, Term]]
) -> None:
    groups: list[Group] = [("http://example.org/s/" + subject, pairs)]
    expected = group_statements(groups)
    found = _written_statements(
        groups, tmp_path_factory.mktemp("any"), [".ttl", ".nt", ".rdf", ".jsonld"]
    )
    assert found == dict.fromkeys(found, expected)


_BASE = "https://w3id.org/nerima-opendata/data/131202/"


@pytest.mark.parametrize(
    "rest",
    [
        *["2024/proposed/line/L-1", "line/a?q", "日本/#f", "x/%2E"],  # relative
        *["", ".", "..", "line/..", "./x", "a:b", "@id", "id", "type", "organization"],
    ],
)
def test_iris_within_the_base_round_trip_in_every_format(tmp_path: Path, rest: str) -> None:
    """Written relative to the documents' base where they resolve back, else whole: each
    parser reads the same IRIs."""
    iri = _BASE + rest
    groups: list[Group] = [
        (iri, [(_PREDICATES[0], iri), (_PREDICATES[0], _BASE + "x")]),
        (_BASE + "x", [(_PREDICATES[0], iri)]),
    ]
    paths = write_rdf_groups(
        groups, tmp_path, "131202", suffixes=[".ttl", ".rdf", ".jsonld"], base=_BASE
    )
    expected = group_statements(groups)
    for path in paths:
        assert by_oxigraph(path) == expected, path.suffix
        assert by_rdflib(path) == expected, path.suffix
    streamed = ox.parse(path=str(paths[-1]), format=ox.RdfFormat.STREAMING_JSON_LD)
    triples = {(_ox_iri(t.subject), _ox_iri(t.predicate), _ox_iri(t.object)) for t in streamed}
    assert triples == expected  # as validate reads the JSON-LD


def test_a_base_with_a_dot_segment_is_not_declared(tmp_path: Path) -> None:
    """Resolution would remove the segment from the base: the files declare no base and
    hold every IRI whole."""
    base = "https://example.org/a/../data/"
    groups: list[Group] = [(base + "x/y", [(_PREDICATES[0], base + "x/z")])]
    paths = write_rdf_groups(groups, tmp_path, "131202", base=base)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert "@base" not in text and "xml:base" not in text, path.suffix
        assert by_oxigraph(path) == group_statements(groups), path.suffix


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lexical=_TEXT)
def test_control_characters_round_trip_but_in_xml(
    tmp_path_factory: pytest.TempPathFactory, lexical: str
) -> None:
    groups: list[Group] = [("http://example.org/s", [(_PREDICATES[4], Lit(lexical))])]
    found = _written_statements(
        groups, tmp_path_factory.mktemp("controls"), [".ttl", ".nt", ".jsonld"]
    )
    assert found == dict.fromkeys(found, group_statements(groups))


#: Groups no format (or one format) can hold → the suffix refusing them and the message.
REFUSED: dict[str, tuple[Group, str, str]] = {
    "space-in-iri": (("http://example.org/a b", [(_PREDICATES[4], Lit("x"))]), ".nt", "an IRI"),
    "bare-percent-in-iri": (
        ("http://example.org/100%", [(_PREDICATES[4], Lit("x"))]),
        ".rdf",
        "an IRI",
    ),
    "relative-iri": (("a/b", [(_PREDICATES[4], Lit("x"))]), ".ttl", "an IRI"),
    # what a strict parser refuses though each character may be in an IRI (RFC 3987)
    "unclosed-bracket-in-host": (("http://[bad/s", [(_PREDICATES[4], Lit("x"))]), ".nt", "an IRI"),
    "letters-in-port": (("http://a:b:c/s", [(_PREDICATES[4], Lit("x"))]), ".ttl", "an IRI"),
    "two-fragments": (("http://example.org/s", [(_PREDICATES[4], "http://a/b#c#d")]), ".nt", "IRI"),
    "private-use-in-path": (
        ("http://example.org/\ue000", [(_PREDICATES[4], Lit("x"))]),
        ".nt",
        "IRI",
    ),
    "bad-language-tag": (
        ("http://example.org/s", [(_PREDICATES[4], Lit("x", "ja jp"))]),
        ".nt",
        "a language tag",
    ),
    "language-subtag-of-nine-letters": (
        ("http://example.org/s", [(_PREDICATES[4], Lit("x", "abcdefghi"))]),
        ".nt",
        "BCP 47",
    ),
    "language-tag-of-one-letter": (
        ("http://example.org/s", [(_PREDICATES[4], Lit("x", "x"))]),
        ".ttl",
        "BCP 47",
    ),
    "iri-that-is-a-tag-seen-before": (  # the terms seen are remembered by their kind
        ("http://example.org/s", [(_PREDICATES[4], Lit("x", "ja")), (_PREDICATES[4], "ja")]),
        ".nt",
        "an IRI",
    ),
    "lang-string-without-a-tag": (
        (
            "http://example.org/s",
            [
                (
                    _PREDICATES[4],
                    Lit("x", None, "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"),
                )
            ],
        ),
        ".nt",
        "a datatype",
    ),
    "control-character-in-xml": (
        ("http://example.org/s", [(_PREDICATES[4], Lit("a\x1bb"))]),
        ".rdf",
        "XML 1.0",
    ),
    "predicate-not-ending-in-a-name": (
        ("http://example.org/s", [("http://example.org/p/", Lit("x"))]),
        ".rdf",
        "XML name",
    ),
    "rdf-li-as-predicate": (
        ("http://example.org/s", [("http://www.w3.org/1999/02/22-rdf-syntax-ns#li", Lit("x"))]),
        ".rdf",
        "syntax term",
    ),
    "iri-read-as-a-compact-iri": (
        ("http://example.org/s", [(_PREDICATES[4], "nb:x")]),
        ".jsonld",
        "not a term",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_a_format_cannot_hold_is_refused(tmp_path: Path, name: str) -> None:
    group, suffix, message = REFUSED[name]
    with pytest.raises(OutputError, match=message):
        write_rdf_groups([group], tmp_path, "131202", suffixes=[suffix])


def test_triples_from_groups_are_to_graph(written: tuple[str, set[Statement], list[Path]]) -> None:
    name, expected, _ = written
    assert statements(triples_from_groups(budget_groups(_budget(name)))) == expected


@pytest.mark.parametrize("name", ["book", "tama", "abiko"])  # abiko: departments, COFOG
def test_a_books_two_parts_are_its_groups(name: str) -> None:
    """The groups before the lines, then the lines' on: every group, in the same order
    (what the build's two processes write)."""
    budget = _budget(name)
    parts = [list(budget_groups(budget, part=part)) for part in BookPart]
    whole, head, lines = (list(map(_listed, groups)) for groups in parts)
    assert head + lines == whole
    assert head and lines and "/line/" in lines[0][0]


def test_a_brochure_is_not_written_in_parts() -> None:
    with pytest.raises(ValueError, match="budget book"):
        list(budget_groups(_budget("brochure"), part=BookPart.HEAD))


def _listed(group: Group) -> tuple[str, list[Any]]:
    subject, pairs = group
    return subject, list(pairs)


#: Where the groups are cut in two, given their number: after the first, in the middle,
#: before the last, after the last (an empty second part).
CUTS: dict[str, Callable[[int], int]] = {
    "after-first": lambda _size: 1,
    "middle": lambda size: size // 2,
    "before-last": lambda size: size - 1,
    "after-last": lambda size: size,
}


@pytest.mark.parametrize("cut", sorted(CUTS))
@pytest.mark.parametrize("made", ["as-made", "as-pairs"])
@pytest.mark.parametrize("name", ["brochure", "book"])
def test_a_file_written_in_two_parts_is_the_file_written_at_once(
    tmp_path: Path, name: str, made: str, cut: str
) -> None:
    """The first part starts each document and does not end it, the second goes on
    (JSON-LD: after a comma) and ends it: joined, the bytes of one pass. The groups as
    the build makes them (shaped ones through the writers' templates) or as pairs."""

    def groups() -> list[Group]:
        made_now = list(budget_groups(_budget(name)))
        return made_now if made == "as-made" else [_listed(g) for g in made_now]

    at = CUTS[cut](len(groups()))
    whole, first, second = tmp_path / "whole", tmp_path / "first", tmp_path / "second"
    for directory in (whole, first, second):
        directory.mkdir()
    paths = write_rdf_groups(groups(), whole, "131202")
    firsts = write_rdf_groups(groups()[:at], first, "131202", tail=False)
    seconds = write_rdf_groups(groups()[at:], second, "131202", head=False)
    for path, one, two in zip(paths, firsts, seconds, strict=True):
        assert one.read_bytes() + two.read_bytes() == path.read_bytes(), path.suffix


@pytest.mark.parametrize("cut", sorted(CUTS))
def test_each_files_hash_is_made_as_it_is_written(tmp_path: Path, cut: str) -> None:
    """``digests``: each file's SHA-256, made as it is written, is the hash of its bytes;
    a first part's, given the second part's bytes, is the whole file's."""

    def groups() -> list[Group]:  # made again for each write: pairs may be one-shot
        return list(budget_groups(_budget("book")))

    at = CUTS[cut](len(groups()))
    for directory in ("whole", "first", "second"):
        (tmp_path / directory).mkdir()
    whole: dict[str, Any] = {}
    paths = write_rdf_groups(groups(), tmp_path / "whole", "131202", digests=whole)
    assert list(whole) == [p.name for p in paths]
    for path in paths:
        assert whole[path.name].hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
    first: dict[str, Any] = {}
    firsts = write_rdf_groups(
        groups()[:at], tmp_path / "first", "131202", tail=False, digests=first
    )
    seconds = write_rdf_groups(groups()[at:], tmp_path / "second", "131202", head=False)
    for one, two, path in zip(firsts, seconds, paths, strict=True):
        first[one.name].update(two.read_bytes())
        assert first[one.name].hexdigest() == whole[path.name].hexdigest(), path.suffix
