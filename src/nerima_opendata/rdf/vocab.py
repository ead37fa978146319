"""Our vocabulary as code: the ``nb:`` terms, the field → term table, and the shipped graphs.

The vocabulary itself is hand-written Turtle in the shipped ``vocab/`` folder:

* ``nerima-budget.ttl``: the OWL ontology (classes and properties, ``nb:``);
* ``schemes.ttl``: SKOS concept schemes (budget phases, directions, initiative tags,
  editorial kinds, certainty);
* ``dsd.ttl``: the RDF Data Cube structure of the budget cube;
* ``alignments.ttl``: links to OpenBudgets.eu, SDMX, schema.org and IMI, kept apart;
* ``shapes.ttl``: SHACL shapes, SHACL-SPARQL for the Data Cube integrity constraints;
* ``context.jsonld``: the JSON-LD 1.1 context, shipped and never fetched.

:data:`FIELD_TERMS` is the one table that maps every field of every model in
:mod:`nerima_opendata.model` to its RDF term; the writer, the reader and the tests all
use it, and ``tests/test_vocab.py`` checks it against the models and the Turtle.

Mapping rules:

* a field is named in camelCase after the Python name (``amount_printed`` →
  ``nb:amountPrinted``); a reference drops its ``_id`` (``pillar_id`` → ``nb:pillar``),
  except ``initiative_id`` of a glossary note → ``nb:usedIn``; ``tags`` → ``nb:tag``;
* an ``*_en`` field is not a property of its own: it is the same property as its
  Japanese sibling with an ``@en`` language tag (``title`` → ``nb:title@ja``,
  ``title_en`` → ``nb:title@en``); English values are unofficial translations;
* ``Budget``'s tables become ``nb:hasPillar``, ``nb:hasProject`` … and ``Budget.info``
  is the ``nb:Budget`` resource itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rdflib import Graph
from rdflib.namespace import SKOS
from rdflib.term import URIRef

from nerima_opendata.files.shipped import shipped
from nerima_opendata.model import (
    AmountKind,
    Budget,
    BudgetInfo,
    BudgetLine,
    Classification,
    EditorialNote,
    GlossaryNote,
    Initiative,
    LineAmount,
    Pillar,
    Project,
    Tag,
)
from nerima_opendata.rdf.change_terms import (
    CHANGE_CLASS_OF,
    CHANGE_TERMS,
    CHANGE_UNFIELDED_TERMS,
)
from nerima_opendata.rdf.terms import (
    AMOUNT_STAGE,
    AMOUNT_STAGE_SCHEME,
    CERTAINTY,
    CERTAINTY_SCHEME,
    CHANGE_STATUS,
    CHANGE_STATUS_SCHEME,
    CONTEXT_IRI,
    DIRECTION,
    DIRECTION_SCHEME,
    DSD,
    EDITORIAL_KIND,
    EDITORIAL_KIND_SCHEME,
    NB,
    ONTOLOGY_IRI,
    PHASE,
    PHASE_SCHEME,
    SHAPES,
    STANDARD_TAGS,
    TAG,
    TAG_SCHEME,
    UN_COFOG,
    UN_COFOG_SCHEME,
    VERSION,
    VERSION_IRI,
    VOCAB_BASE,
    cofog_iri,
)

__all__ = [
    "AMOUNT_STAGE",
    "AMOUNT_STAGE_SCHEME",
    "CERTAINTY",
    "CERTAINTY_SCHEME",
    "CHANGE_CLASS_OF",
    "CHANGE_STATUS",
    "CHANGE_STATUS_SCHEME",
    "CLASS_OF",
    "CONTEXT_FILE",
    "CONTEXT_IRI",
    "DIRECTION",
    "DIRECTION_SCHEME",
    "DSD",
    "EDITORIAL_KIND",
    "EDITORIAL_KIND_SCHEME",
    "FIELD_TERMS",
    "MODELS",
    "NB",
    "ONTOLOGY_IRI",
    "PHASE",
    "PHASE_SCHEME",
    "SHAPES",
    "STANDARD_TAGS",
    "TAG",
    "TAG_SCHEME",
    "UNFIELDED_TERMS",
    "UNMAPPED_MODELS",
    "UN_COFOG",
    "UN_COFOG_SCHEME",
    "VERSION",
    "VERSION_IRI",
    "VOCAB_BASE",
    "VOCAB_FILES",
    "FieldTerm",
    "cofog_iri",
    "load_context",
    "load_shapes",
    "load_vocab",
    "vocab_dir",
    "vocab_file",
]


@dataclass(frozen=True)
class FieldTerm:
    """How one model field appears in RDF.

    Attributes:
        term: The property, or ``None`` when the field is the resource itself.
        language: ``"ja"`` or ``"en"`` for language-tagged text, else ``None``.
    """

    term: URIRef | None
    language: str | None = None


_JA = "ja"
_EN = "en"

#: Every field of every model → its RDF term, keyed by (model, field name).
FIELD_TERMS: dict[tuple[type[BaseModel], str], FieldTerm] = {
    # BudgetInfo: the nb:Budget resource.
    (BudgetInfo, "id"): FieldTerm(NB.identifier),
    (BudgetInfo, "municipality_code"): FieldTerm(NB.municipalityCode),
    (BudgetInfo, "municipality_name"): FieldTerm(NB.municipalityName, _JA),
    (BudgetInfo, "municipality_name_en"): FieldTerm(NB.municipalityName, _EN),
    (BudgetInfo, "fiscal_year"): FieldTerm(NB.fiscalYear),
    (BudgetInfo, "fiscal_year_label"): FieldTerm(NB.fiscalYearLabel, _JA),
    (BudgetInfo, "phase"): FieldTerm(NB.phase),
    (BudgetInfo, "phase_label"): FieldTerm(NB.phaseLabel, _JA),
    (BudgetInfo, "title"): FieldTerm(NB.title, _JA),
    (BudgetInfo, "title_en"): FieldTerm(NB.title, _EN),
    (BudgetInfo, "department"): FieldTerm(NB.department, _JA),
    (BudgetInfo, "department_en"): FieldTerm(NB.department, _EN),
    (BudgetInfo, "telephone"): FieldTerm(NB.telephone),
    (BudgetInfo, "deliberating_body"): FieldTerm(NB.deliberatingBody, _JA),
    (BudgetInfo, "deliberation_session"): FieldTerm(NB.deliberationSession, _JA),
    (BudgetInfo, "source_title"): FieldTerm(NB.sourceTitle, _JA),
    (BudgetInfo, "source_url"): FieldTerm(NB.sourceUrl),
    (BudgetInfo, "issued"): FieldTerm(NB.issued),
    (BudgetInfo, "modified"): FieldTerm(NB.modified),
    (BudgetInfo, "source_sha256"): FieldTerm(NB.sourceSha256),
    (BudgetInfo, "currency"): FieldTerm(NB.currency),
    # Pillar
    (Pillar, "id"): FieldTerm(NB.identifier),
    (Pillar, "order"): FieldTerm(NB.order),
    (Pillar, "title"): FieldTerm(NB.title, _JA),
    (Pillar, "title_en"): FieldTerm(NB.title, _EN),
    (Pillar, "source_lines"): FieldTerm(NB.sourceLines),
    # Project
    (Project, "id"): FieldTerm(NB.identifier),
    (Project, "pillar_id"): FieldTerm(NB.pillar),
    (Project, "order"): FieldTerm(NB.order),
    (Project, "title"): FieldTerm(NB.title, _JA),
    (Project, "title_en"): FieldTerm(NB.title, _EN),
    (Project, "amount"): FieldTerm(NB.amount),
    (Project, "amount_printed"): FieldTerm(NB.amountPrinted),
    (Project, "source_lines"): FieldTerm(NB.sourceLines),
    # Initiative
    (Initiative, "id"): FieldTerm(NB.identifier),
    (Initiative, "project_id"): FieldTerm(NB.project),
    (Initiative, "order"): FieldTerm(NB.order),
    (Initiative, "text"): FieldTerm(NB.text, _JA),
    (Initiative, "text_en"): FieldTerm(NB.text, _EN),
    (Initiative, "tags"): FieldTerm(NB.tag),
    (Initiative, "source_lines"): FieldTerm(NB.sourceLines),
    # Tag: a skos:Concept in the tag scheme.
    (Tag, "id"): FieldTerm(NB.identifier),
    (Tag, "order"): FieldTerm(NB.order),
    (Tag, "label"): FieldTerm(NB.label, _JA),
    (Tag, "label_en"): FieldTerm(NB.label, _EN),
    (Tag, "definition"): FieldTerm(NB.definition, _JA),
    (Tag, "definition_en"): FieldTerm(NB.definition, _EN),
    # GlossaryNote
    (GlossaryNote, "id"): FieldTerm(NB.identifier),
    (GlossaryNote, "term"): FieldTerm(NB.term, _JA),
    (GlossaryNote, "term_full"): FieldTerm(NB.termFull, _JA),
    (GlossaryNote, "definition"): FieldTerm(NB.definition, _JA),
    (GlossaryNote, "initiative_id"): FieldTerm(NB.usedIn),
    (GlossaryNote, "source_lines"): FieldTerm(NB.sourceLines),
    # EditorialNote
    (EditorialNote, "id"): FieldTerm(NB.identifier),
    (EditorialNote, "target_table"): FieldTerm(NB.targetTable),
    (EditorialNote, "target_id"): FieldTerm(NB.target),
    (EditorialNote, "kind"): FieldTerm(NB.kind),
    (EditorialNote, "certainty"): FieldTerm(NB.certainty),
    (EditorialNote, "note"): FieldTerm(NB.note, _JA),
    (EditorialNote, "note_en"): FieldTerm(NB.note, _EN),
    (EditorialNote, "source_lines"): FieldTerm(NB.sourceLines),
    # Budget: the container.
    (Budget, "info"): FieldTerm(None),
    (Budget, "pillars"): FieldTerm(NB.hasPillar),
    (Budget, "projects"): FieldTerm(NB.hasProject),
    (Budget, "initiatives"): FieldTerm(NB.hasInitiative),
    (Budget, "tags"): FieldTerm(NB.hasTag),
    (Budget, "glossary"): FieldTerm(NB.hasGlossaryNote),
    (Budget, "editorial_notes"): FieldTerm(NB.hasEditorialNote),
    (Budget, "classifications"): FieldTerm(NB.hasClassification),
    (Budget, "amount_kinds"): FieldTerm(NB.hasAmountKind),
    (Budget, "lines"): FieldTerm(NB.hasLine),
    (Budget, "line_amounts"): FieldTerm(NB.hasLineAmount),
    # Classification: a skos:Concept of the code list of its municipality and year.
    (Classification, "id"): FieldTerm(NB.identifier),
    (Classification, "level"): FieldTerm(NB.level),
    (Classification, "depth"): FieldTerm(NB.depth),
    (Classification, "code"): FieldTerm(NB.code),
    (Classification, "name"): FieldTerm(NB.name, _JA),
    (Classification, "name_en"): FieldTerm(NB.name, _EN),
    (Classification, "parent_id"): FieldTerm(NB.parent),
    # AmountKind: a skos:Concept of the budget's amount-kind scheme.
    (AmountKind, "id"): FieldTerm(NB.identifier),
    (AmountKind, "order"): FieldTerm(NB.order),
    (AmountKind, "name"): FieldTerm(NB.name, _JA),
    (AmountKind, "name_en"): FieldTerm(NB.name, _EN),
    (AmountKind, "stage"): FieldTerm(NB.stage),
    (AmountKind, "unit"): FieldTerm(NB.sourceUnit),
    (AmountKind, "primary"): FieldTerm(NB.primary),
    # BudgetLine
    (BudgetLine, "id"): FieldTerm(NB.identifier),
    (BudgetLine, "classification_id"): FieldTerm(NB.classification),
    (BudgetLine, "department_code"): FieldTerm(NB.departmentUnit),
    (BudgetLine, "department_name"): FieldTerm(NB.departmentName, _JA),
    (BudgetLine, "nature_code"): FieldTerm(NB.natureCode),
    (BudgetLine, "nature_name"): FieldTerm(NB.natureName, _JA),
    (BudgetLine, "cofog"): FieldTerm(NB.cofog),
    (BudgetLine, "amount"): FieldTerm(NB.amount),
    (BudgetLine, "source_rows"): FieldTerm(NB.sourceRows),
    # LineAmount: also the qb:Observation of that amount.
    (LineAmount, "id"): FieldTerm(NB.identifier),
    (LineAmount, "line_id"): FieldTerm(NB.line),
    (LineAmount, "kind_id"): FieldTerm(NB.amountKind),
    (LineAmount, "amount"): FieldTerm(NB.amount),
    # A comparison's records (ComparisonInfo, NodeChange, LineChange, Renaming).
    **{key: FieldTerm(term, language) for key, (term, language) in CHANGE_TERMS.items()},
}

#: The models that are data, and the RDF class of their resources.
CLASS_OF: dict[type[BaseModel], URIRef] = {
    Budget: NB.Budget,
    BudgetInfo: NB.Budget,
    Pillar: NB.Pillar,
    Project: NB.Project,
    Initiative: NB.Initiative,
    Tag: SKOS.Concept,
    GlossaryNote: NB.GlossaryNote,
    EditorialNote: NB.EditorialNote,
    Classification: SKOS.Concept,
    AmountKind: SKOS.Concept,
    BudgetLine: NB.BudgetLine,
    LineAmount: NB.LineAmount,
}

#: The data models of a budget, in table order.
MODELS: tuple[type[BaseModel], ...] = tuple(CLASS_OF)
CLASS_OF |= CHANGE_CLASS_OF

#: Models of :mod:`nerima_opendata.model` that are deliberately not mapped, and why.
UNMAPPED_MODELS: dict[str, str] = {
    "Record": "the abstract base of the table rows; it has no fields of its own",
}

#: Terms of the ontology that no model field carries, and why (a test keeps this exact,
#: so a term added to the Turtle without a field, or a reason, fails).
UNFIELDED_TERMS: dict[URIRef, str] = {
    NB.organization: "Data Cube dimension; its value is the publisher, from 全国地方公共団体コード",
    NB.direction: "Data Cube dimension; constant: the listed amounts are all expenditure "
    "(歳出) in a brochure; in a budget book, the line's direction (its path's second code).",
    NB.account: "Data Cube dimension of the budget book: the account (会計) node above the "
    "line, the first code of its path",
    NB.codePath: "derived from the classification ID: a year-independent IRI of the node, "
    "the same for the same path in every fiscal year",
    NB.classificationScheme: "derived: the code list of a book data set's classification "
    "dimension (qb:codeList belongs to the dimension property, shared by every data set)",
    **CHANGE_UNFIELDED_TERMS,
}

#: The shipped vocabulary files by role.
VOCAB_FILES: dict[str, str] = {
    "ontology": "nerima-budget.ttl",
    "schemes": "schemes.ttl",
    "dsd": "dsd.ttl",
    "alignments": "alignments.ttl",
    "shapes": "shapes.ttl",
}
CONTEXT_FILE = "context.jsonld"


def vocab_dir() -> Path:
    """The shipped ``vocab`` folder (in the wheel, or the checkout's top level)."""
    return shipped("vocab")


def vocab_file(role: str) -> Path:
    """The path of one vocabulary file.

    Args:
        role: A key of :data:`VOCAB_FILES` (``"ontology"``, ``"shapes"`` …) or
            ``"context"``.

    Returns:
        The file's path.

    Raises:
        KeyError: ``role`` is not a vocabulary file.
    """
    name = CONTEXT_FILE if role == "context" else VOCAB_FILES[role]
    return vocab_dir() / name


def _parse(*roles: str) -> Graph:
    graph = Graph(bind_namespaces="core")
    for role in roles:
        graph.parse(vocab_file(role), format="turtle")
    return graph


def load_vocab(*, alignments: bool = False) -> Graph:
    """The vocabulary: the ontology, the concept schemes and the cube structure.

    Args:
        alignments: Also include ``alignments.ttl`` (links to other vocabularies).

    Returns:
        A new graph, parsed from the shipped files (no network).
    """
    roles = ["ontology", "schemes", "dsd"] + (["alignments"] if alignments else [])
    return _parse(*roles)


def load_shapes() -> Graph:
    """The SHACL shapes graph (``vocab/shapes.ttl``)."""
    return _parse("shapes")


def load_context() -> dict[str, Any]:
    """The shipped JSON-LD context document (``vocab/context.jsonld``), as parsed JSON."""
    document: dict[str, Any] = json.loads(vocab_file("context").read_text(encoding="utf-8"))
    return document
