"""The catalog, coverage and distribution terms of the DCAT description."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from rdflib.term import Node, URIRef

from nerima_opendata.errors import RecordError
from nerima_opendata.model import Budget, DocumentKind
from nerima_opendata.publication.layout import Layout
from nerima_opendata.rdf.namespaces import DCAT3
from nerima_opendata.writers.dcat import to_dcat
from nerima_opendata.writers.dcat_catalog import split_bilingual
from nerima_opendata.writers.dcat_terms import (
    ACCESS_RIGHTS_PUBLIC,
    EU_DATA_THEME,
    FILE_TYPES,
    THEME_GOVERNMENT,
    fiscal_year_period,
)
from nerima_opendata.writers.formats import FORMATS
from nerima_opendata.writers.rdf_serialize import serialize
from tests.writers.conftest import dated

BASE = "https://w3id.org/nerima-opendata/data/"


def _one(graph: Graph, subject: Node, predicate: URIRef) -> Node:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def _languages(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted(
        str(v.language) for v in graph.objects(subject, predicate) if isinstance(v, Literal)
    )


def _role(graph: Graph, cls: URIRef) -> URIRef:
    (node,) = [s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)]
    return node


@pytest.mark.parametrize(
    ("fiscal_year", "expected"),
    [
        (2024, (date(2024, 4, 1), date(2025, 3, 31))),
        (2019, (date(2019, 4, 1), date(2020, 3, 31))),
    ],
)
def test_fiscal_year_period(fiscal_year: int, expected: tuple[date, date]) -> None:
    assert fiscal_year_period(fiscal_year) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("表。 A table.", ("表。", "A table.")),
        (
            "表（款, 項）。詳細。 A 款, 項 view。 more",
            ("表（款, 項）。詳細。", "A 款, 項 view。 more"),
        ),
        ("日本語だけ", ("日本語だけ", None)),
        ("末尾。 ", ("末尾。", None)),
    ],
)
def test_split_bilingual(text: str, expected: tuple[str, str | None]) -> None:
    assert split_bilingual(text) == expected


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_layout_description_has_both_languages(kind: DocumentKind) -> None:
    for entry in Layout("131202", kinds=frozenset({kind})).entries():
        ja, en = split_bilingual(entry.description)
        assert en is not None, entry.name
        assert not ja.isascii() and en[0].isascii(), entry.name


def test_every_format_has_an_eu_file_type() -> None:
    assert set(FILE_TYPES) == {f.format for f in FORMATS}


def test_the_catalog_lists_the_dataset_and_the_series(dcat_graph: Graph) -> None:
    catalog = _role(dcat_graph, DCAT3.Catalog)
    assert str(catalog).startswith(BASE) and str(catalog).endswith("/catalog")
    listed = set(dcat_graph.objects(catalog, DCAT3.dataset))
    assert listed == {
        _role(dcat_graph, DCAT3.DatasetSeries),
        *(s for s in dcat_graph.subjects(DCAT3.inSeries, None)),
    }
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert _languages(dcat_graph, catalog, predicate) == ["en", "ja"]
    for predicate in (DCTERMS.publisher, DCTERMS.license):
        _one(dcat_graph, catalog, predicate)
    assert (catalog, DCAT3.themeTaxonomy, EU_DATA_THEME) in dcat_graph


@pytest.mark.parametrize("cls", [DCAT3.DatasetSeries, None], ids=["series", "dataset"])
def test_coverage_of_the_dataset_and_the_series(dcat_graph: Graph, cls: URIRef | None) -> None:
    node = (
        _role(dcat_graph, cls)
        if cls is not None
        else next(iter(dcat_graph.subjects(DCAT3.inSeries, None)))
    )
    assert isinstance(node, URIRef)
    themes = set(dcat_graph.objects(node, DCAT3.theme))
    assert THEME_GOVERNMENT in themes and len(themes) == 2
    (own,) = themes - {THEME_GOVERNMENT}
    assert dcat_graph.value(own, SKOS.prefLabel, any=True) is not None
    assert (node, DCAT3.keyword, Literal("行財政", lang="ja")) in dcat_graph
    assert str(_one(dcat_graph, node, DCTERMS.spatial)).startswith(
        "http://data.e-stat.go.jp/lod/sac/C"
    )
    assert _one(dcat_graph, node, DCTERMS.accessRights) == ACCESS_RIGHTS_PUBLIC
    _one(dcat_graph, node, DCAT3.contactPoint)
    period = _one(dcat_graph, node, DCTERMS.temporal)
    assert isinstance(period, URIRef)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in dcat_graph
    start, end = (_one(dcat_graph, period, p) for p in (DCAT3.startDate, DCAT3.endDate))
    assert isinstance(start, Literal) and isinstance(end, Literal)
    assert (start.datatype, end.datatype) == (XSD.date, XSD.date)
    assert str(start).endswith("-04-01") and str(end).endswith("-03-31")
    assert int(str(end)[:4]) == int(str(start)[:4]) + 1


def test_every_distribution_has_format_description_rights_and_licence(
    dcat_graph: Graph,
) -> None:
    distributions = list(dcat_graph.subjects(RDF.type, DCAT3.Distribution))
    assert distributions
    for node in distributions:
        assert str(_one(dcat_graph, node, DCTERMS.format)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
        _one(dcat_graph, node, DCAT3.mediaType)
        _one(dcat_graph, node, DCTERMS.license)
        rights = _one(dcat_graph, node, DCTERMS.rights)
        assert (rights, RDF.type, DCTERMS.RightsStatement) in dcat_graph
        assert _languages(dcat_graph, node, DCTERMS.description) == ["en", "ja"], node


_FEB, _MAR = date(2024, 2, 5), date(2024, 3, 1)


@pytest.mark.parametrize(
    ("issued", "modified", "expected"),
    [
        pytest.param(None, None, {}, id="absent"),
        pytest.param(_FEB, None, {DCTERMS.issued: "2024-02-05"}, id="issued-only"),
        pytest.param(
            _FEB,
            _MAR,
            {DCTERMS.issued: "2024-02-05", DCTERMS.modified: "2024-03-01"},
            id="both",
        ),
        pytest.param(_FEB, _FEB, {DCTERMS.issued: "2024-02-05", DCTERMS.modified: "2024-02-05"}),
        pytest.param(None, _MAR, {DCTERMS.modified: "2024-03-01"}, id="modified-only"),
    ],
)
def test_dates_are_the_sources_when_known(
    budget: Budget, issued: date | None, modified: date | None, expected: dict[URIRef, str]
) -> None:
    """The dataset and the series state the source's dates (xsd:date), and only those
    known: the clock is never read."""
    graph = to_dcat(dated(budget, issued, modified), [])
    for node in (_role(graph, DCAT3.DatasetSeries), next(graph.subjects(DCAT3.inSeries, None))):
        for predicate in (DCTERMS.issued, DCTERMS.modified):
            values = list(graph.objects(node, predicate))
            want = (
                [Literal(expected[predicate], datatype=XSD.date)] if predicate in expected else []
            )
            assert values == want, (node, predicate)
    stated = {s for p in (DCTERMS.issued, DCTERMS.modified) for s in graph.subjects(p, None)}
    assert len(stated) == (2 if expected else 0)  # nothing else is dated


def test_modified_before_issued_is_refused_at_input(budget: Budget) -> None:
    with pytest.raises(RecordError, match="更新日 is before 公表日") as caught:
        dated(budget, _MAR, _FEB)
    assert caught.value.problems[0][0] == "modified"  # named as the caller named it
    assert "2024-03-01 or later" in str(caught.value)


def test_the_description_is_deterministic_and_has_no_blank_node(budget: Budget) -> None:
    files = [("a.csv", "text/csv", 1, "0" * 64)]
    first, second = (serialize(to_dcat(budget, files), ".ttl") for _ in range(2))
    assert first == second
    graph = Graph().parse(data=first, format="turtle")
    assert not [n for triple in graph for n in triple if isinstance(n, BNode)]
