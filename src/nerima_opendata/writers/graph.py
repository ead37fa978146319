"""What the RDF and DCAT writers share: the prefixes, the publisher and the source.

The municipality, its department, the contact point and the source document are
described the same way in the budget graph and in the DCAT graph, with the same IRIs,
so the two graphs merge cleanly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SDO, SKOS, XSD
from rdflib.term import URIRef

from nerima_opendata.model import BudgetInfo
from nerima_opendata.rdf.iris import ESTAT_SAC_BASE, BudgetIRIs, telephone_iri
from nerima_opendata.rdf.namespaces import DCAT3, SDMX_ATTRIBUTE, SPDX, VCARD
from nerima_opendata.rdf.vocab import (
    CERTAINTY,
    DIRECTION,
    DSD,
    EDITORIAL_KIND,
    NB,
    PHASE,
    TAG,
)
from nerima_opendata.writers.rdf_serialize import Triple
from nerima_opendata.writers.term_grammar import iri_problem

__all__ = [
    "STATISTICAL_AREA_LINKS",
    "UNOFFICIAL_EN",
    "UNOFFICIAL_JA",
    "add_inferred_link",
    "add_publisher",
    "add_source",
    "add_statistical_area",
    "new_graph",
    "source_iri",
    "statistical_area_note",
    "text",
]

#: Said on every dataset: English values are unofficial translations.
UNOFFICIAL_JA = (
    "英語（@en）の値は公開者による非公式な翻訳であり、正式な表記は日本語（@ja）である。"
    "金額は円単位の整数。"
)
UNOFFICIAL_EN = (
    "Values tagged @en are the publisher's unofficial translations; the official text "
    "is the Japanese (@ja). Amounts are integers in yen."
)

_PREFIXES: dict[str, str] = {
    "nb": str(NB._NS),
    "nbphase": str(PHASE),
    "nbdirection": str(DIRECTION),
    "nbtag": str(TAG),
    "nbkind": str(EDITORIAL_KIND),
    "nbcertainty": str(CERTAINTY),
    "dsd": str(DSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "dcat": str(DCAT3._NS),
    "prov": str(PROV),
    "org": str(ORG),
    "foaf": str(FOAF),
    "vcard": str(VCARD._NS),
    "qb": str(QB),
    "sdmx-attribute": str(SDMX_ATTRIBUTE._NS),
    "spdx": str(SPDX._NS),
    "schema": str(SDO._NS),
    "sac": ESTAT_SAC_BASE,
}

# An http(s) IRI that rdflib serializes without complaint; it must be an IRI strict
# parsers read too (iri_problem).
_SAFE_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def new_graph() -> Graph:
    """An empty graph with our prefixes bound, and no others."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def text(value: str, language: str) -> Literal:
    """A language-tagged literal."""
    return Literal(value, lang=language)


def source_iri(info: BudgetInfo, iris: BudgetIRIs) -> URIRef:
    """The source document: its URL when it has a usable one, else a minted IRI."""
    if (
        info.source_url
        and _SAFE_IRI.fullmatch(info.source_url)
        and not iri_problem(info.source_url)
    ):
        return URIRef(info.source_url)
    return iris.source


#: The properties that link the municipality to its e-Stat statistical area, each with the
#: name of the statement that marks it as inferred (:meth:`BudgetIRIs.inferred_link`).
#: An organization is not its area, so ``schema:areaServed`` (the area it serves) and
#: ``dct:spatial`` (its spatial coverage), never ``owl:sameAs``.
STATISTICAL_AREA_LINKS: tuple[tuple[URIRef, str], ...] = (
    (SDO.areaServed, "area-served"),
    (DCTERMS.spatial, "spatial"),
)


def add_inferred_link(
    graph: Graph, statement: URIRef, triple: Triple, note: tuple[str, str]
) -> None:
    """State a link the publisher inferred rather than read from the source, and mark it.

    The triple is stated as it is, and reified by ``statement`` (an ``rdf:Statement``
    with an IRI) carrying the editorial marker of an ``nb:EditorialNote``:
    ``nb:kind`` supplemented, ``nb:certainty`` inferred and ``nb:note`` (why, @ja/@en).

    Args:
        graph: Where to add the triples.
        statement: The IRI of the marking statement.
        triple: The link.
        note: How it was inferred, in Japanese and English.
    """
    subject, predicate, obj = triple
    graph.add(triple)
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, subject))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    graph.add((statement, NB.kind, EDITORIAL_KIND.supplemented))
    graph.add((statement, NB.certainty, CERTAINTY.inferred))
    add_labels(graph, statement, NB.note, note[0], note[1])


def statistical_area_note(code: str) -> tuple[str, str]:
    """How a link to the e-Stat area of the municipality ``code`` was inferred (ja, en)."""
    return (
        f"推定：全国地方公共団体コード {code} から統計LOD（標準地域コード）の命名規則"
        f"（C＋先頭5桁）で導いたリンクであり、資料には記載がない。",
        f"Inferred, not read from the source: derived from the local government code "
        f"{code} by the naming rule of the e-Stat statistical area code LOD "
        f"(C + its first five digits).",
    )


def add_statistical_area(graph: Graph, info: BudgetInfo, iris: BudgetIRIs) -> URIRef:
    """Link the municipality to its area in the e-Stat statistical area code LOD.

    The link is inferred: the area's IRI is derived from the 全国地方公共団体コード by the
    LOD's naming rule (:func:`~nerima_opendata.rdf.iris.statistical_area_iri`), not
    read from the source, so each link is marked (:func:`add_inferred_link`). The area
    is a ``dct:Location`` (the range of ``dct:spatial``) labelled with the
    municipality's Japanese name.

    Args:
        graph: Where to add the triples.
        info: The budget metadata.
        iris: The budget's IRIs.

    Returns:
        The area's IRI.
    """
    area, note = iris.statistical_area, statistical_area_note(info.municipality_code)
    for predicate, name in STATISTICAL_AREA_LINKS:
        link = (iris.organization, predicate, area)
        add_inferred_link(graph, iris.inferred_link(name), link, note)
    graph.add((area, RDF.type, DCTERMS.Location))
    graph.add((area, RDFS.label, text(info.municipality_name, "ja")))
    return area


def add_publisher(graph: Graph, info: BudgetInfo, iris: BudgetIRIs) -> None:
    """Describe the municipality (ORG, FOAF, schema.org), its e-Stat statistical area
    (:func:`add_statistical_area`), its department and contact.

    Args:
        graph: Where to add the triples.
        info: The budget metadata.
        iris: The budget's IRIs.
    """
    ward, unit, contact = iris.organization, iris.department, iris.contact
    for cls in (ORG.Organization, FOAF.Organization, SDO.GovernmentOrganization):
        graph.add((ward, RDF.type, cls))
    graph.add((ward, DCTERMS.identifier, Literal(info.municipality_code)))
    names = [("ja", info.municipality_name)]
    if info.municipality_name_en:
        names.append(("en", info.municipality_name_en))
    for language, name in names:
        graph.add((ward, SKOS.prefLabel, text(name, language)))
        graph.add((ward, FOAF.name, text(name, language)))
    add_statistical_area(graph, info, iris)
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.hasOrganizationName, text(info.municipality_name, "ja")))
    if info.telephone is not None:
        graph.add((contact, VCARD.hasTelephone, telephone_iri(info.telephone)))
    if info.department is None:
        graph.add((contact, VCARD.fn, text(info.municipality_name, "ja")))
        return
    graph.add((ward, ORG.hasUnit, unit))
    graph.add((unit, RDF.type, ORG.OrganizationalUnit))
    graph.add((unit, ORG.unitOf, ward))
    add_labels(graph, unit, SKOS.prefLabel, info.department, info.department_en)
    graph.add((contact, VCARD.fn, text(f"{info.municipality_name} {info.department}", "ja")))
    if info.municipality_name_en and info.department_en:
        english = f"{info.municipality_name_en}, {info.department_en}"
        graph.add((contact, VCARD.fn, text(english, "en")))


def add_source(graph: Graph, info: BudgetInfo, iris: BudgetIRIs) -> URIRef:
    """Describe the source document (a ``foaf:Document`` and ``prov:Entity``).

    Args:
        graph: Where to add the triples.
        info: The budget metadata.
        iris: The budget's IRIs.

    Returns:
        The source document's IRI.
    """
    source = source_iri(info, iris)
    graph.add((source, RDF.type, FOAF.Document))
    graph.add((source, RDF.type, PROV.Entity))
    graph.add((source, DCTERMS.title, text(info.source_title, "ja")))
    graph.add((source, DCTERMS.publisher, iris.organization))
    return source


def labels(subject: URIRef, predicate: URIRef, ja: str, en: str | None) -> Iterator[Triple]:
    """``predicate`` in Japanese, and in English when there is an English text."""
    yield subject, predicate, text(ja, "ja")
    if en:
        yield subject, predicate, text(en, "en")


def add_labels(graph: Graph, subject: URIRef, predicate: URIRef, ja: str, en: str | None) -> None:
    """Add :func:`labels` to ``graph``."""
    for triple in labels(subject, predicate, ja, en):
        graph.add(triple)


def cube_header(
    cube: URIRef, structure: URIRef, info: BudgetInfo, iris: BudgetIRIs, what: tuple[str, str]
) -> Iterator[Triple]:
    """The triples every ``qb:DataSet`` of a budget starts with: its type, structure,
    labels (``what``: the kind of cube, in Japanese and English), publisher and source."""
    yield cube, RDF.type, QB.DataSet
    yield cube, QB.structure, structure
    yield from labels(
        cube, RDFS.label, f"{info.title}（{what[0]}）", f"{info.title_en or info.title} ({what[1]})"
    )
    yield from labels(cube, DCTERMS.description, UNOFFICIAL_JA, UNOFFICIAL_EN)
    yield cube, DCTERMS.publisher, iris.organization
    yield cube, PROV.wasDerivedFrom, iris.budget
