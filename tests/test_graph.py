"""Five-star links (:mod:`nerima_opendata.writers.graph` and the DCAT writer): every thing
with a well-known IRI outside the project links to it, in the built files.

Each case is a real publication on disk: the Nerima brochure (:func:`build`) and the Tama
budget book built by streaming from its package (:func:`build_book`, the writer that never
holds the lines). Each link is read back from the budget's Turtle file or the DCAT file,
with its expected IRI; a link the publisher inferred rather than read from the source
carries its editorial marker (an ``rdf:Statement`` with ``nb:certainty`` inferred), and a
link read from the source or chosen by the publisher carries none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCAT, DCTERMS, RDF, SDO
from rdflib.term import Node, URIRef

import nerima_opendata
from nerima_opendata import build, write_package
from nerima_opendata.model import Budget, DocumentKind
from nerima_opendata.publication.book_build import build_book
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, BudgetIRIs
from nerima_opendata.rdf.vocab import CERTAINTY, EDITORIAL_KIND, NB, cofog_iri
from nerima_opendata.writers.dcat import LICENSE_IRI, MEDIA_TYPES
from nerima_opendata.writers.graph import STATISTICAL_AREA_LINKS, add_publisher, new_graph

from .real_books import TAMA, read

IANA = "https://www.iana.org/assignments/media-types/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"


@dataclass(frozen=True)
class Built:
    """A publication on disk, its budget, and its budget and DCAT graphs."""

    budget: Budget
    iris: BudgetIRIs
    graphs: dict[str, Graph]


def _graphs(out: Path) -> dict[str, Graph]:
    (dcat,) = out.glob("*_dcat.ttl")
    (rdf,) = (p for p in out.glob("*.ttl") if p != dcat)
    return {"rdf": Graph().parse(rdf), "dcat": Graph().parse(dcat)}


def _brochure(folder: Path) -> tuple[Budget, Path]:
    budget = nerima_opendata.load_budget()
    build(budget, folder / "out")
    return budget, folder / "out"


def _book(folder: Path) -> tuple[Budget, Path]:
    budget = read(TAMA)
    write_package((budget,), folder / "pkg")
    build_book(folder / "pkg", folder / "out", budget_id=budget.info.id, base_iri=DEFAULT_BASE_IRI)
    return budget, folder / "out"


BUILDS: dict[str, Callable[[Path], tuple[Budget, Path]]] = {
    "brochure": _brochure,
    "book-streamed": _book,
}


@pytest.fixture(scope="module", params=sorted(BUILDS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    budget, out = BUILDS[request.param](tmp_path_factory.mktemp(request.param))
    return Built(budget, BudgetIRIs.for_budget(budget.info), _graphs(out))


#: A link: its subjects in a built publication, and the object each must have.
Links = Callable[[Built, Graph], list[tuple[Node, URIRef]]]


def _area(built: Built, _graph: Graph) -> list[tuple[Node, URIRef]]:
    return [(built.iris.organization, built.iris.statistical_area)]


def _distributions(graph: Graph) -> list[Node]:
    found = sorted(graph.subjects(RDF.type, DCAT.Distribution), key=str)
    assert found
    return found


def _licences(built: Built, graph: Graph) -> list[tuple[Node, URIRef]]:
    return [(s, LICENSE_IRI) for s in [built.iris.dataset, *_distributions(graph)]]


def _coverage(built: Built, _graph: Graph) -> list[tuple[Node, URIRef]]:
    """The dataset's and the series' spatial coverage: the municipality's area."""
    area = built.iris.statistical_area
    return [(built.iris.dataset, area), (built.iris.series, area)]


def _languages(built: Built, _graph: Graph) -> list[tuple[Node, URIRef]]:
    return [(built.iris.dataset, URIRef(EU_LANGUAGE + code)) for code in ("JPN", "ENG")]


def _media_types(_built: Built, graph: Graph) -> list[tuple[Node, URIRef]]:
    links = []
    for distribution in _distributions(graph):
        suffix = max((s for s in MEDIA_TYPES if str(distribution).endswith(s)), key=len)
        links.append((distribution, URIRef(IANA + MEDIA_TYPES[suffix])))
    return links


def _cofog(built: Built, _graph: Graph) -> list[tuple[Node, URIRef]]:
    return [
        (built.iris.record("lines", line.id), cofog_iri(line.cofog))
        for line in built.budget.lines
        if line.cofog
    ]


#: Each outside link: (name, graph, predicate, its subjects and objects, inferred).
LINKS: list[tuple[str, str, URIRef, Links, bool]] = [
    ("municipality-area-served-estat", "rdf", SDO.areaServed, _area, True),
    ("municipality-spatial-estat", "rdf", DCTERMS.spatial, _area, True),
    ("dcat-municipality-area-served-estat", "dcat", SDO.areaServed, _area, True),
    ("dcat-municipality-spatial-estat", "dcat", DCTERMS.spatial, _area, True),
    ("dcat-coverage-spatial-estat", "dcat", DCTERMS.spatial, _coverage, True),
    ("licence-creative-commons", "dcat", DCTERMS.license, _licences, False),
    ("language-eu-authority", "dcat", DCTERMS.language, _languages, False),
    ("media-type-iana", "dcat", DCAT.mediaType, _media_types, False),
    ("line-cofog-un", "rdf", NB.cofog, _cofog, False),
]


def _markers(graph: Graph, link: tuple[Node, URIRef, URIRef]) -> list[Node]:
    subject, predicate, obj = link
    return [
        statement
        for statement in graph.subjects(RDF.subject, subject)
        if (statement, RDF.predicate, predicate) in graph and (statement, RDF.object, obj) in graph
    ]


@pytest.mark.parametrize(
    ("graph_name", "predicate", "links", "inferred"),
    [row[1:] for row in LINKS],
    ids=[row[0] for row in LINKS],
)
def test_each_outside_link_is_stated_and_marked_when_inferred(
    built: Built, graph_name: str, predicate: URIRef, links: Links, inferred: bool
) -> None:
    graph = built.graphs[graph_name]
    expected = links(built, graph)
    if predicate == NB.cofog and built.budget.kind is DocumentKind.BROCHURE:
        assert expected == [] and not list(graph.objects(None, NB.cofog))
        return
    assert expected
    for subject, obj in expected:
        assert (subject, predicate, obj) in graph, (subject, predicate, obj)
        markers = _markers(graph, (subject, predicate, obj))
        if not inferred:
            assert markers == [], (subject, predicate)
            continue
        (marker,) = markers
        assert (marker, RDF.type, RDF.Statement) in graph
        assert graph.value(marker, NB.certainty) == CERTAINTY.inferred
        assert graph.value(marker, NB.kind) == EDITORIAL_KIND.supplemented
        notes = {
            n.language: str(n) for n in graph.objects(marker, NB.note) if isinstance(n, Literal)
        }
        assert set(notes) == {"ja", "en"} and "Inferred" in notes["en"], notes
        assert built.budget.info.municipality_code in notes["ja"]


def test_every_cofog_link_is_read_from_the_source(built: Built) -> None:
    """A line links to COFOG exactly when its record carries a COFOG class (read from the
    source's columns): nothing is inferred, so nothing is marked."""
    graph = built.graphs["rdf"]
    lines = {s for s in graph.subjects(RDF.type, NB.BudgetLine) if (s, NB.cofog, None) in graph}
    assert lines == {s for s, _ in _cofog(built, graph)}
    if built.budget.lines:
        assert lines, "the Tama book carries COFOG classes"


@pytest.mark.parametrize(
    ("code", "name", "area"),
    [
        ("131202", "練馬区", "http://data.e-stat.go.jp/lod/sac/C13120"),
        ("131121", "世田谷区", "http://data.e-stat.go.jp/lod/sac/C13112"),
        ("132241", "多摩市", "http://data.e-stat.go.jp/lod/sac/C13224"),
    ],
)
def test_the_area_is_a_labelled_location_with_two_marked_links(
    code: str, name: str, area: str
) -> None:
    info = nerima_opendata.load_budget().info.model_copy(
        update={"municipality_code": code, "municipality_name": name}
    )
    iris = BudgetIRIs.for_budget(info)
    graph = new_graph()
    add_publisher(graph, info, iris)
    node = URIRef(area)
    assert (node, RDF.type, DCTERMS.Location) in graph
    assert {str(o) for o in graph.objects(node, None) if isinstance(o, Literal)} == {name}
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    assert statements == {iris.inferred_link(n) for _, n in STATISTICAL_AREA_LINKS}
    for predicate, _ in STATISTICAL_AREA_LINKS:
        assert (iris.organization, predicate, node) in graph
        assert len(_markers(graph, (iris.organization, predicate, node))) == 1
