"""CSVW metadata (``csv-metadata.json``), checked by an independent implementation.

The ``csvw`` package (https://pypi.org/project/csvw/) validates the metadata against the
CSV files (titles, datatypes, required cells, primary and foreign keys) and converts the
CSVs to triples with the metadata's URI templates; those triples must be part of our
RDF, and the amounts and keys must be exactly ours. Both for the Nerima brochure and for
a real budget book (Tama). Nothing may be fetched: the socket is closed to both.

Two adaptations, both of the ``csvw`` package's limits, not of the metadata:

* it matches a header cell only to a title without a language (``getfirst()`` of the
  titles), so the validated copy keeps each column's Japanese title alone (the header
  is checked against the ``ja`` titles here, by :func:`test_titles_are_the_headers`);
* its JSON output groups a row's triples through JSON-LD framing, which fails on an
  integer when a column has its own ``aboutUrl``; the triples are taken before grouping.
"""

from __future__ import annotations

import csv
import json
import re
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import csvw.jsonld
import pytest
from csvw import CSVW
from csvw.metadata import NAMESPACES
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

import nerima_opendata as nod
from nerima_opendata.model import Budget
from nerima_opendata.model.tables import TABLES, table_by_name
from nerima_opendata.publication.layout import CSVW as CSVW_RESOURCE
from nerima_opendata.publication.layout import Publication
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.rdf.vocab import NB
from nerima_opendata.writers.csvw import CSVW_FILE, csvw_metadata
from tests.real_books import TAMA, read
from tests.test_book import book

_Triple = tuple[str, str, object]


def _two_tags() -> Budget:
    """The Nerima budget with an initiative of two tags (a list cell: one IRI each)."""
    budget = nod.load_budget()
    first, *rest = budget.initiatives
    tags = tuple(t.id for t in budget.tags[:2])
    return budget.model_copy(
        update={"initiatives": (first.model_copy(update={"tags": tags}), *rest)}
    )


@pytest.fixture(scope="module", params=["nerima", "two-tags", "tama", "small-book-streamed"])
def publication(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publication: the shipped brochure, the Tama budget book (in memory), or a small
    book with a non-primary amount, built from its package (streamed)."""
    out = tmp_path_factory.mktemp(request.param) / "out"
    if request.param == "small-book-streamed":
        package = out.parent / "package"
        nod.write_package(Budget(**book()), package)
        nod.build_publication(out, package)
    else:
        budgets: dict[str, Callable[[], Budget]] = {
            "nerima": nod.load_budget,
            "two-tags": _two_tags,
            "tama": lambda: read(TAMA),
        }
        nod.build(budgets[request.param](), out)
    return out


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """No connection can be opened; every attempt is recorded."""
    attempts: list[object] = []

    def refuse(_self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(f"network used: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts
    assert attempts == []


def _metadata(publication: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((publication / CSVW_FILE).read_text("utf-8"))
    return document


def _processor(publication: Path) -> CSVW:
    """The ``csvw`` processor on the metadata, each title reduced to its Japanese one."""
    document = _metadata(publication)
    for table in document["tables"]:
        for column in table["tableSchema"]["columns"]:
            if "titles" in column:
                column["titles"] = column["titles"]["ja"]
    adapted = publication / "adapted-metadata.json"  # beside the tables it names
    adapted.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    # strict=False: the root nodes of the code list have no parent (a null foreign key,
    # which the package's strict mode refuses); every other reference is checked.
    return CSVW(str(adapted), validate=True, strict=False)


def _expand(value: str) -> str:
    prefix, _, local = value.partition(":")
    return NAMESPACES[prefix] + local if prefix in NAMESPACES and local[:2] != "//" else value


def _csvw_triples(processor: CSVW, monkeypatch: pytest.MonkeyPatch) -> set[_Triple]:
    """The triples of the processor's CSV→RDF: (subject, predicate, IRI or value)."""
    monkeypatch.setattr(csvw.jsonld, "group_triples", list)
    triples: set[_Triple] = set()
    for table in processor.to_json()["tables"]:
        for row in table["row"]:
            described = row["describes"]
            (subject,) = [t.value for t in described if t.property == "@id"]
            for t in described:
                if t.property != "@id":
                    value = _expand(t.value) if t.property == "rdf:type" else t.value
                    triples.add((t.about or subject, _expand(t.property), value))
    return triples


def _ours(publication: Path) -> set[_Triple]:
    """Our RDF (N-Triples), each object as the processor gives it."""
    graph = Graph()
    graph.parse(publication / next(publication.glob("*_budget.nt")).name, format="nt")
    triples: set[_Triple] = set()
    for s, p, o in graph:
        assert isinstance(o, URIRef | Literal)
        value = str(o) if isinstance(o, URIRef) or o.datatype is None else o.toPython()
        triples.add((str(s), str(p), value))
    return triples


def test_processor_validates_the_tables(publication: Path, offline: list[object]) -> None:
    processor = _processor(publication)
    assert processor.is_valid, processor.warnings
    assert [t.url.string for t in processor.tables] == [
        t["url"] for t in _metadata(publication)["tables"]
    ]


def test_csv_to_rdf_is_part_of_our_rdf(
    publication: Path, offline: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    produced = _csvw_triples(_processor(publication), monkeypatch)
    ours = _ours(publication)
    assert produced - ours == set()
    # Every project, line and line amount (a non-primary amount) has its amount; the
    # observation of a line's primary amount is derived in our RDF, not a row of a table.
    classes = {str(NB.Project), str(NB.BudgetLine), str(NB.LineAmount)}
    records = {t[0] for t in ours if t[1] == str(RDF.type) and t[2] in classes}
    assert records
    assert records <= {t[0] for t in produced}
    amounts = {t for t in produced if t[1] == str(NB.amount)}
    assert amounts == {t for t in ours if t[1] == str(NB.amount) and t[0] in records}
    assert all(isinstance(t[2], int) for t in amounts)
    members = {str(NB.hasProject), str(NB.hasLine), str(NB.hasLineAmount), str(NB.hasPillar)}
    keyed = {t for t in ours if t[1] in members}
    assert {t for t in produced if t[1] in members} == keyed
    # Each record's reference to its parent record: the same IRI.
    parents = {NB.Project: NB.pillar, NB.Initiative: NB.project, NB.BudgetLine: NB.classification}
    parents[NB.LineAmount] = NB.line
    for cls, reference in parents.items():
        typed = {t[0] for t in ours if t[1] == str(RDF.type) and t[2] == str(cls)}
        expected = {t for t in ours if t[1] == str(reference) and t[0] in typed}
        assert {t for t in produced if t[1] == str(reference) and t[0] in typed} == expected


def test_titles_are_the_headers(publication: Path) -> None:
    for table in _metadata(publication)["tables"]:
        with (publication / table["url"]).open(encoding="utf-8-sig", newline="") as stream:
            header = next(csv.reader(stream))
        columns = [c for c in table["tableSchema"]["columns"] if not c.get("virtual")]
        assert [c["titles"]["ja"] for c in columns] == header
        assert all(c["titles"]["en"] for c in columns)
        assert all(re.fullmatch(r"[A-Za-z0-9_]+", c["name"]) for c in columns)


def test_listed_in_the_descriptor_and_in_dcat(publication: Path) -> None:
    assert Publication.read(publication).path(CSVW_RESOURCE).name == CSVW_FILE
    assert f"/{CSVW_FILE}>" in next(publication.glob("*_dcat.ttl")).read_text("utf-8")
    metadata = _metadata(publication)
    assert metadata["@context"] == ["http://www.w3.org/ns/csvw", {"@language": "ja"}]
    listed = {
        r["path"] for r in json.loads((publication / "datapackage.json").read_text())["resources"]
    }
    assert {t["url"] for t in metadata["tables"]} <= listed


#: Columns with no RDF of their own, by table: (column, why).
SUPPRESSED = [
    ("projects", "municipality_code"),
    ("projects", "municipality_name"),
    ("editorial_notes", "target_id"),
    ("lines", "cofog"),
    ("initiatives", "tags"),
]


@pytest.mark.parametrize(("table", "column"), SUPPRESSED)
def test_columns_without_a_template_are_suppressed(table: str, column: str) -> None:
    budget = nod.load_budget()
    tables = [(spec, spec.filename("131202")) for spec in TABLES]
    document = csvw_metadata(budget.info, tables, DEFAULT_BASE_IRI)
    (described,) = [
        c
        for t in document["tables"]
        if t["url"] == table_by_name(table).filename("131202")
        for c in t["tableSchema"]["columns"]
        if c["name"] == column
    ]
    assert described["suppressOutput"] is True
    assert "propertyUrl" not in described


@pytest.mark.parametrize("base", ["https://w3id.org/nerima-opendata/data/", "https://ex.jp/d/"])
def test_metadata_is_deterministic_and_uses_the_base(base: str) -> None:
    budget = nod.load_budget()
    tables = [(spec, spec.filename("131202")) for spec in TABLES]
    first = json.dumps(csvw_metadata(budget.info, tables, base), ensure_ascii=False)
    assert first == json.dumps(csvw_metadata(budget.info, tables, base), ensure_ascii=False)
    (projects,) = [t for t in json.loads(first)["tables"] if t["url"].endswith("_projects.csv")]
    assert projects["tableSchema"]["aboutUrl"] == f"{base}131202/2024/proposed/project/{{id}}"
    assert str(RDF.type) in first
