"""The vocabulary: Python terms == Turtle terms, every model field mapped, docs current."""

from __future__ import annotations

import inspect
from enum import StrEnum
from pathlib import Path

import pytest
from docsgen.vocabulary import VOCABULARY_DOC, render_vocabulary_doc
from pydantic import BaseModel
from rdflib import Graph, Literal
from rdflib.namespace import OWL, QB, RDF, RDFS, SKOS, XSD, Namespace
from rdflib.term import URIRef

import nerima_opendata
from nerima_opendata import model as models
from nerima_opendata.model import BudgetPhase, Certainty, EditorialKind
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.namespaces import SDMX_ATTRIBUTE
from nerima_opendata.rdf.vocab import (
    CERTAINTY,
    CLASS_OF,
    CONTEXT_IRI,
    DSD,
    EDITORIAL_KIND,
    FIELD_TERMS,
    NB,
    ONTOLOGY_IRI,
    PHASE,
    SHAPES,
    STANDARD_TAGS,
    TAG,
    TAG_SCHEME,
    UNFIELDED_TERMS,
    UNMAPPED_MODELS,
    VERSION,
    VERSION_IRI,
    VOCAB_FILES,
    load_context,
    load_shapes,
    load_vocab,
    vocab_file,
)
from nerima_opendata.writers.rdf import to_graph

ROOT = Path(__file__).parent.parent
NB_NS = str(NB._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(vocab_file("ontology"), format="turtle")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return load_vocab(alignments=True)


def _defined(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {
        s
        for k in kinds
        for s in graph.subjects(RDF.type, k)
        if isinstance(s, URIRef) and str(s).startswith(NB_NS)
    }


def test_python_terms_equal_turtle_terms(ontology: Graph) -> None:
    python = {NB[name] for name in NB.__annotations__}
    assert python == _defined(ontology)


def test_every_model_field_is_mapped() -> None:
    data_models = {
        cls
        for _, cls in inspect.getmembers(models, inspect.isclass)
        if issubclass(cls, BaseModel)
        and cls.__module__.startswith(models.__name__ + ".")
        and cls.__name__ not in UNMAPPED_MODELS
    }
    expected = {(cls, name) for cls in data_models for name in cls.model_fields}
    assert set(FIELD_TERMS) == expected


def test_every_turtle_term_is_a_field_or_a_listed_exception(ontology: Graph) -> None:
    """The other direction: no term of the ontology floats free of the schema."""
    mapped = {m.term for m in FIELD_TERMS.values() if m.term is not None}
    assert _defined(ontology) - mapped - set(CLASS_OF.values()) == set(UNFIELDED_TERMS)


def test_every_mapped_term_is_in_the_turtle(ontology: Graph) -> None:
    terms = {m.term for m in FIELD_TERMS.values() if m.term is not None}
    assert terms - _defined(ontology) == set()


@pytest.mark.parametrize("term", sorted(NB[n] for n in NB.__annotations__), ids=str)
def test_each_term_is_documented(ontology: Graph, term: URIRef) -> None:
    for predicate in (RDFS.label, SKOS.definition):
        languages = sorted(
            o.language
            for o in ontology.objects(term, predicate)
            if isinstance(o, Literal) and o.language
        )
        assert languages == ["en", "ja"], (term, predicate)
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology
    if (term, RDF.type, OWL.Class) not in ontology:
        assert ontology.value(term, RDFS.domain) is not None
        assert ontology.value(term, RDFS.range) is not None


def test_language_mapping_matches_ranges(ontology: Graph) -> None:
    for (model, field), mapping in FIELD_TERMS.items():
        if mapping.term is None:
            continue
        is_text = ontology.value(mapping.term, RDFS.range) == RDF.langString
        assert is_text == (mapping.language is not None), (model.__name__, field)


def test_amounts_are_exact_integers(vocab: Graph) -> None:
    assert vocab.value(NB.amount, RDFS.range) == XSD.integer
    assert XSD.double not in set(vocab.objects())
    # The one decimal: a comparison's change rate, in percent (amounts stay integers).
    assert set(vocab.subjects(None, XSD.decimal)) == {NB.changeRate}


def test_ontology_is_versioned(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal(VERSION)
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == VERSION_IRI


@pytest.mark.parametrize(
    ("namespace", "enum"),
    [(PHASE, BudgetPhase), (EDITORIAL_KIND, EditorialKind), (CERTAINTY, Certainty)],
    ids=["phase", "editorial-kind", "certainty"],
)
def test_every_enum_member_is_a_concept(
    vocab: Graph, namespace: Namespace, enum: type[StrEnum]
) -> None:
    for member in enum:
        concept = namespace[member.value]
        assert (concept, RDF.type, SKOS.Concept) in vocab
        assert vocab.value(concept, SKOS.notation) == Literal(member.value)


def test_phase_labels_match_the_model(vocab: Graph) -> None:
    for phase in BudgetPhase:
        assert Literal(phase.label_ja, lang="ja") in set(
            vocab.objects(PHASE[phase.value], SKOS.prefLabel)
        )


def test_standard_tags_are_the_tag_scheme(vocab: Graph) -> None:
    in_scheme = {str(c).removeprefix(str(TAG)) for c in vocab.subjects(SKOS.inScheme, TAG_SCHEME)}
    assert in_scheme == STANDARD_TAGS


def test_the_budget_tags_match_the_standard_ones(vocab: Graph) -> None:
    """Nerima's tags are the standard five, with the labels the vocabulary gives them."""
    budget = nerima_opendata.load_budget()
    data = to_graph(budget)
    for tag in budget.tags:
        assert tag.id in STANDARD_TAGS
        node = BudgetIRIs.for_budget(budget.info).tag(tag.id)
        assert (node, SKOS.exactMatch, TAG[tag.id]) in data
        labels = set(vocab.objects(TAG[tag.id], SKOS.prefLabel))
        assert Literal(tag.label, lang="ja") in labels
        assert Literal(tag.label_en, lang="en") in labels


def test_cube_structure(vocab: Graph) -> None:
    components = list(vocab.objects(DSD.budget, QB.component))
    dimensions = {vocab.value(c, QB.dimension) for c in components} - {None}
    assert dimensions == {
        NB.organization,
        NB.fiscalYear,
        NB.phase,
        NB.direction,
        NB.pillar,
        NB.project,
    }
    assert {vocab.value(c, QB.measure) for c in components} - {None} == {NB.amount}
    attributes = {vocab.value(c, QB.attribute) for c in components} - {None}
    assert attributes == {NB.currency, SDMX_ATTRIBUTE.unitMult}
    for component in components:
        assert vocab.value(component, QB.componentProperty) is not None


def test_other_files_use_only_defined_nb_terms(ontology: Graph) -> None:
    defined = _defined(ontology)
    for role in ("schemes", "dsd", "alignments", "shapes"):
        graph = Graph().parse(vocab_file(role), format="turtle")
        used = {
            t
            for triple in graph
            for t in triple
            if isinstance(t, URIRef) and str(t).startswith(NB_NS)
        }
        assert used - defined == set(), role


def test_every_vocab_file_parses() -> None:
    for role in VOCAB_FILES:
        assert len(Graph().parse(vocab_file(role), format="turtle")) > 0
    assert any(str(s).startswith(str(SHAPES)) for s in load_shapes().subjects())


def test_context_is_versioned_and_protected() -> None:
    context = load_context()["@context"]
    assert context["@version"] == 1.1
    assert context["@protected"] is True
    assert VERSION in CONTEXT_IRI


def test_context_covers_every_property(ontology: Graph) -> None:
    context = load_context()["@context"]
    by_iri = {v["@id"]: v for v in context.values() if isinstance(v, dict)}
    for term in _defined(ontology):
        if (term, RDF.type, OWL.Class) in ontology:
            continue
        definition = by_iri["nb:" + term.removeprefix(NB_NS)]
        if ontology.value(term, RDFS.range) == RDF.langString:
            assert definition.get("@container") == "@language", term
        if ontology.value(term, RDFS.range) == XSD.integer:
            assert definition.get("@type") == "xsd:integer", term


def test_vocabulary_doc_is_current() -> None:
    committed = (ROOT / VOCABULARY_DOC).read_text(encoding="utf-8")
    assert committed == render_vocabulary_doc(), (
        "docs/vocabulary.md is stale: run python -m docsgen.site ."
    )


@pytest.mark.parametrize("role", ["ontology", "schemes", "dsd"])
def test_the_core_links_to_no_aligned_standard(role: str) -> None:
    """Links to OpenBudgets, FDP, schema.org and IMI live in alignments.ttl only."""
    core = Graph()
    core.parse(vocab_file(role))
    aligned = (
        "http://data.openbudgets.eu/",
        "https://schema.org/",
        "http://schema.org/",
        "http://imi.go.jp/",
        "https://imi.go.jp/",
        "https://specs.frictionlessdata.io/",
    )
    stray = sorted(
        f"{s} {p} {o}" for s, p, o in core if isinstance(o, URIRef) and str(o).startswith(aligned)
    )
    assert stray == []
