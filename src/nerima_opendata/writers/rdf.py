"""The budget as RDF: records, SKOS code lists, provenance and a normalized Data Cube.

:func:`budget_groups` maps every model field through
:data:`nerima_opendata.rdf.vocab.FIELD_TERMS` and adds what linked-data clients expect
besides: ``rdfs:label``/``skos:prefLabel`` in Japanese and English, the budget's pillars
and tags as ``skos:ConceptScheme`` s of their own (a standard tag is the
``skos:exactMatch`` of the vocabulary's), the publisher (W3C ORG) and its contact
(vCard), ``prov:wasDerivedFrom`` the source document, and a ``qb:DataSet`` with one
``qb:Observation`` per project with every dimension, measure and attribute (Data Cube).

It yields *groups* (a subject and its pairs, :mod:`.rdf_terms`), record by record, of
which :func:`budget_triples` and :func:`to_graph` are made; :func:`write_rdf` streams
them into every RDF format in one pass (:mod:`.rdf_stream`), byte-identical from run to
run (no blank nodes; the records' order). A book's lines: :mod:`.rdf_book`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path

from pydantic import BaseModel
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, QB, RDF, RDFS, SKOS, XSD
from rdflib.term import Node, URIRef

from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, DocumentKind, Record
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, BudgetIRIs
from nerima_opendata.rdf.namespaces import DCAT3, SDMX_ATTRIBUTE
from nerima_opendata.rdf.vocab import (
    CERTAINTY,
    DIRECTION,
    DSD,
    EDITORIAL_KIND,
    FIELD_TERMS,
    NB,
    PHASE,
    STANDARD_TAGS,
    TAG,
)
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, Format
from nerima_opendata.writers.graph import (
    UNOFFICIAL_EN,
    UNOFFICIAL_JA,
    add_publisher,
    add_source,
    cube_header,
    labels,
    new_graph,
    text,
)
from nerima_opendata.writers.rdf_book import BookPart, book_groups
from nerima_opendata.writers.rdf_files import jsonld_text, rdf_file_names, write_rdf_groups
from nerima_opendata.writers.rdf_rows import BookTables
from nerima_opendata.writers.rdf_serialize import Triple, serialize, write_ntriples
from nerima_opendata.writers.rdf_terms import (
    Group,
    Lit,
    groups_from_triples,
    lit,
    triples_from_groups,
)

__all__ = [
    "RDF_FORMATS",
    "Triple",
    "budget_groups",
    "budget_jsonld",
    "budget_triples",
    "rdf_file_names",
    "record_triples",
    "serialize",
    "to_graph",
    "write_ntriples",
    "write_rdf",
    "write_rdf_groups",
]

#: File suffix → RDF format, in the order the files are written (from the registry).
RDF_FORMATS: dict[str, Format] = {f.suffix: f for f in RDF_SERIALIZATIONS}

#: A triple as the generators below make it: its object an rdflib term or a light literal.
_Made = tuple[Node, Node, Node | Lit]

#: Unit multiplier of every amount: amounts are in yen, not thousands (SDMX unitMult).
UNIT_MULTIPLIER = 0


def _reference(iris: BudgetIRIs) -> dict[URIRef, Callable[[Record, str], URIRef]]:
    """Object properties: field value → the IRI it refers to."""
    return {
        NB.phase: lambda _r, v: PHASE[v],
        NB.kind: lambda _r, v: EDITORIAL_KIND[v],
        NB.certainty: lambda _r, v: CERTAINTY[v],
        NB.pillar: lambda _r, v: iris.pillar(v),
        NB.project: lambda _r, v: iris.project(v),
        NB.usedIn: lambda _r, v: iris.initiative(v),
        NB.target: lambda r, v: iris.record(getattr(r, "target_table"), v),  # noqa: B009
    }


def _objects(
    record: Record,
    name: str,
    iris: BudgetIRIs,
    tag_iris: dict[str, URIRef],
) -> Iterator[tuple[URIRef, Node | Lit]]:
    """The (predicate, object) pairs of one field of a record."""
    mapping = FIELD_TERMS[(type(record), name)]
    value = getattr(record, name)
    if mapping.term is None or value is None:
        return
    term = mapping.term
    if term == NB.tag:
        for tag_id in value:
            yield term, tag_iris[tag_id]
        return
    if isinstance(value, Enum):
        value = value.value
    references = _reference(iris)
    if term in references:
        yield term, references[term](record, value)
    elif mapping.language is not None:
        yield term, Lit(value, mapping.language)
    elif term == NB.sourceUrl:
        yield term, Lit(value, None, str(XSD.anyURI))
    else:
        yield term, lit(value)


def _record(
    subject: URIRef, record: BaseModel, iris: BudgetIRIs, tag_iris: dict[str, URIRef]
) -> Iterator[_Made]:
    assert isinstance(record, Record)
    for name in type(record).model_fields:
        for predicate, obj in _objects(record, name, iris, tag_iris):
            yield subject, predicate, obj


def _budget(budget: Budget, iris: BudgetIRIs, tags: dict[str, URIRef]) -> Iterator[_Made]:
    info, node = budget.info, iris.budget
    yield node, RDF.type, NB.Budget
    yield from _record(node, info, iris, tags)
    yield from labels(node, RDFS.label, info.title, info.title_en)
    yield from labels(node, DCTERMS.description, UNOFFICIAL_JA, UNOFFICIAL_EN)
    yield node, DCTERMS.publisher, iris.organization
    yield node, DCAT3.contactPoint, iris.contact
    described = Graph()  # the source and the publisher: a few triples, shared with DCAT
    yield node, PROV.wasDerivedFrom, add_source(described, info, iris)
    add_publisher(described, info, iris)
    yield from sorted(described)
    members = [
        (NB.hasPillar, (iris.pillar(p.id) for p in budget.pillars)),
        (NB.hasProject, (iris.project(p.id) for p in budget.projects)),
        (NB.hasInitiative, (iris.initiative(i.id) for i in budget.initiatives)),
        (NB.hasTag, (tags[t.id] for t in budget.tags)),
        (NB.hasGlossaryNote, (iris.glossary_note(g.id) for g in budget.glossary)),
        (NB.hasEditorialNote, (iris.editorial_note(e.id) for e in budget.editorial_notes)),
    ]
    for predicate, objects in members:
        for obj in objects:
            yield node, predicate, obj


def _scheme(
    budget: Budget, iris: BudgetIRIs, scheme: URIRef, what: tuple[str, str]
) -> Iterator[_Made]:
    """A per-budget ``skos:ConceptScheme``, labelled by budget and by ``what`` (ja, en)."""
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    yield scheme, RDF.type, SKOS.ConceptScheme
    yield (
        scheme,
        SKOS.prefLabel,
        text(
            f"{info.municipality_name} {info.fiscal_year_label}{info.phase_label} {what[0]}", "ja"
        ),
    )
    yield (
        scheme,
        SKOS.prefLabel,
        text(f"{name_en} FY{info.fiscal_year} budget ({info.phase.value}): {what[1]}", "en"),
    )
    yield scheme, DCTERMS.publisher, iris.organization


def _concept(node: URIRef, scheme: URIRef, notation: str) -> Iterator[_Made]:
    """A top concept of a per-budget scheme."""
    yield node, RDF.type, SKOS.Concept
    yield node, SKOS.inScheme, scheme
    yield node, SKOS.topConceptOf, scheme
    yield scheme, SKOS.hasTopConcept, node
    yield node, SKOS.notation, Literal(notation)


def _pillars(budget: Budget, iris: BudgetIRIs) -> Iterator[_Made]:
    yield from _scheme(budget, iris, iris.pillar_scheme, ("施策の柱", "policy pillars"))
    for pillar in budget.pillars:
        node = iris.pillar(pillar.id)
        yield node, RDF.type, NB.Pillar
        yield from _concept(node, iris.pillar_scheme, pillar.id)
        yield from labels(node, SKOS.prefLabel, pillar.title, pillar.title_en)
        yield from _record(node, pillar, iris, {})


def _tags(budget: Budget, iris: BudgetIRIs, tags: dict[str, URIRef]) -> Iterator[_Made]:
    """The budget's tags: data IRIs in a scheme of their own, matched to the vocabulary's.

    A budget may relabel or add tags, so they are data, not vocabulary; a tag with the
    code of one of the vocabulary's standard tags is its ``skos:exactMatch``, which is
    what queries across budgets use.
    """
    yield from _scheme(budget, iris, iris.tag_scheme, ("取組のタグ", "initiative tags"))
    for tag in budget.tags:
        node = tags[tag.id]
        yield from _concept(node, iris.tag_scheme, tag.id)
        if tag.id in STANDARD_TAGS:
            yield node, SKOS.exactMatch, TAG[tag.id]
        yield from labels(node, SKOS.prefLabel, tag.label, tag.label_en)
        yield from _record(node, tag, iris, tags)


def record_triples(budget: Budget, iris: BudgetIRIs, tags: dict[str, URIRef]) -> Iterator[_Made]:
    """The projects, initiatives, glossary and editorial notes (a book has the last only)."""
    for project in budget.projects:
        node = iris.project(project.id)
        yield node, RDF.type, NB.Project
        yield from labels(node, RDFS.label, project.title, project.title_en)
        yield from _record(node, project, iris, tags)
    for initiative in budget.initiatives:
        node = iris.initiative(initiative.id)
        yield node, RDF.type, NB.Initiative
        yield from _record(node, initiative, iris, tags)
    for note in budget.glossary:
        node = iris.glossary_note(note.id)
        yield node, RDF.type, NB.GlossaryNote
        yield node, RDFS.label, text(note.term, "ja")
        yield from _record(node, note, iris, tags)
    for enote in budget.editorial_notes:
        node = iris.editorial_note(enote.id)
        yield node, RDF.type, NB.EditorialNote
        yield from _record(node, enote, iris, tags)


def _cube(budget: Budget, iris: BudgetIRIs) -> Iterator[_Made]:
    info, cube = budget.info, iris.cube
    yield from cube_header(cube, DSD.budget, info, iris, ("予算額キューブ", "amounts cube"))
    for project in budget.projects:
        obs = iris.observation(project.id)
        for predicate, obj in (
            (RDF.type, QB.Observation),
            (QB.dataSet, cube),
            (NB.organization, iris.organization),
            (NB.fiscalYear, lit(info.fiscal_year)),
            (NB.phase, PHASE[info.phase.value]),
            (NB.direction, DIRECTION.expenditure),
            (NB.pillar, iris.pillar(project.pillar_id)),
            (NB.project, iris.project(project.id)),
            (NB.amount, lit(project.amount)),
            (NB.currency, lit(info.currency)),
            (SDMX_ATTRIBUTE.unitMult, lit(UNIT_MULTIPLIER)),
        ):
            yield obs, predicate, obj


def budget_groups(
    budget: Budget,
    base_iri: str = DEFAULT_BASE_IRI,
    *,
    tables: BookTables | None = None,
    part: BookPart = BookPart.ALL,
) -> Iterator[Group]:
    """Every triple of the budget graph as groups (one subject and its pairs), in order.

    The one source of the budget's RDF: :func:`budget_triples`, :func:`to_graph` and
    :func:`write_rdf` all read it. The order is fixed: the budget, pillars, tags, then
    projects, initiatives, notes, then the cube; for a budget book, the budget then the
    book's tables (:func:`nerima_opendata.writers.rdf_book.book_groups`) and its
    editorial notes.

    Args:
        budget: The budget.
        base_iri: The base of the data IRIs (see :mod:`nerima_opendata.rdf.iris`).
        tables: For a budget book whose lines stay on disk (its head, with a digest):
            where its code list, lines and line amounts are read from.
        part: A budget book's groups in all, or one of two parts (:class:`BookPart`).

    Yields:
        ``(subject, pairs)``; no blank nodes, no triple twice.

    Raises:
        InputError: ``base_iri`` is not usable.
        ValueError: A part of a budget that is not a book.
    """
    iris = BudgetIRIs.for_budget(budget.info, base_iri)
    tags = {t.id: iris.tag(t.id) for t in budget.tags}
    if budget.kind is not DocumentKind.BOOK and part is not BookPart.ALL:
        raise ValueError("only a budget book's groups are written in parts")
    if part is not BookPart.LINES:
        yield from groups_from_triples(_budget(budget, iris, tags))
    if budget.kind is DocumentKind.BOOK:
        held = tables or BookTables(
            budget.classifications.__iter__, budget.lines.__iter__, budget.line_amounts.__iter__
        )
        yield from book_groups(budget.info, budget.amount_kinds, held, iris=iris, part=part)
        if part is not BookPart.HEAD:  # the editorial notes
            yield from groups_from_triples(record_triples(budget, iris, tags))
        return
    yield from groups_from_triples(_pillars(budget, iris))
    yield from groups_from_triples(_tags(budget, iris, tags))
    yield from groups_from_triples(record_triples(budget, iris, tags))
    yield from groups_from_triples(_cube(budget, iris))


def budget_triples(budget: Budget, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Triple]:
    """Every triple of the budget graph, record by record, as rdflib terms.

    Made from :func:`budget_groups`; nothing is held but the record at hand.

    Args:
        budget: The budget.
        base_iri: The base of the data IRIs (see :mod:`nerima_opendata.rdf.iris`).

    Yields:
        ``(subject, predicate, object)``; no blank nodes, no triple twice.

    Raises:
        InputError: ``base_iri`` is not usable.
    """
    return triples_from_groups(budget_groups(budget, base_iri))


def budget_jsonld(budget: Budget, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The budget as the JSON-LD text of its publication's ``.jsonld`` file.

    Args:
        budget: The budget.
        base_iri: The base of the data IRIs.

    Returns:
        The JSON text (the vocabulary's context embedded, one node object per group).

    Raises:
        InputError: ``base_iri`` is not usable.
    """
    return jsonld_text(
        budget_groups(budget, base_iri), BudgetIRIs.for_budget(budget.info, base_iri).municipality
    )


def to_graph(budget: Budget, base_iri: str = DEFAULT_BASE_IRI) -> Graph:
    """The budget as an RDF graph (no blank nodes).

    Args:
        budget: The budget.
        base_iri: The base of the data IRIs (see :mod:`nerima_opendata.rdf.iris`).

    Returns:
        A new graph with our prefixes bound.

    Raises:
        InputError: ``base_iri`` is not usable.
    """
    graph = new_graph()
    for triple in budget_triples(budget, base_iri):
        graph.add(triple)
    return graph


def write_rdf(budget: Budget, directory: StrPath, base_iri: str = DEFAULT_BASE_IRI) -> list[Path]:
    """Write the budget graph in every RDF format (Turtle, N-Triples, RDF/XML, JSON-LD).

    Args:
        budget: The budget.
        directory: An existing directory (the build's temporary one).
        base_iri: The base of the data IRIs.

    Returns:
        The written files, in :data:`RDF_FORMATS` order.

    Raises:
        InputError: ``base_iri`` is not usable.
        OutputError: A file cannot be written, or a value cannot be serialized.
    """
    return write_rdf_groups(
        budget_groups(budget, base_iri),
        directory,
        budget.info.municipality_code,
        base=BudgetIRIs.for_budget(budget.info, base_iri).municipality,
    )
