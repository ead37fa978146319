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
from rdflib.namespace import SKOS, DefinedNamespace, Namespace
from rdflib.term import URIRef

from nerima_opendata.files.shipped import shipped
from nerima_opendata.model import (
    Budget,
    BudgetInfo,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)

__all__ = [
    "CERTAINTY",
    "CERTAINTY_SCHEME",
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
    "VERSION",
    "VERSION_IRI",
    "VOCAB_BASE",
    "VOCAB_FILES",
    "FieldTerm",
    "load_context",
    "load_shapes",
    "load_vocab",
    "vocab_dir",
    "vocab_file",
]

#: Where our vocabulary lives; kept apart from the data IRIs (see :mod:`.iris`).
VOCAB_BASE = "https://w3id.org/nerima-opendata/vocab"
#: The vocabulary version (``owl:versionInfo``).
VERSION = "0.1.0"
#: The ontology IRI and its version IRI.
ONTOLOGY_IRI = URIRef(VOCAB_BASE)
VERSION_IRI = URIRef(f"{VOCAB_BASE}/{VERSION}")
#: The IRI the JSON-LD files name as their context; resolved to the shipped file only.
CONTEXT_IRI = f"{VOCAB_BASE}/{VERSION}/context.jsonld"


class NB(DefinedNamespace):
    """The nerima-opendata municipal-finance vocabulary (``nb:``), closed.

    Every term here is defined in ``vocab/nerima-budget.ttl``; a test checks both ways.
    """

    _fail = True
    _NS = Namespace("https://w3id.org/nerima-opendata/vocab#")

    # Classes
    Budget: URIRef  # A budget publication of one municipality, fiscal year and phase.
    Pillar: URIRef  # A policy pillar (施策の柱).
    Project: URIRef  # A main project (主な事業) with its amount.
    Initiative: URIRef  # An initiative (取組) under a project.
    GlossaryNote: URIRef  # A glossary note (※).
    EditorialNote: URIRef  # A correction or inference made by the publisher.

    # Properties of every record
    identifier: URIRef
    order: URIRef
    sourceLines: URIRef

    # Budget
    municipalityCode: URIRef
    municipalityName: URIRef
    fiscalYear: URIRef
    fiscalYearLabel: URIRef
    phase: URIRef
    phaseLabel: URIRef
    title: URIRef
    department: URIRef
    telephone: URIRef
    deliberatingBody: URIRef
    deliberationSession: URIRef
    sourceTitle: URIRef
    sourceUrl: URIRef
    sourceSha256: URIRef
    currency: URIRef
    hasPillar: URIRef
    hasProject: URIRef
    hasInitiative: URIRef
    hasTag: URIRef
    hasGlossaryNote: URIRef
    hasEditorialNote: URIRef

    # Project, initiative, tag, notes
    pillar: URIRef
    amount: URIRef
    amountPrinted: URIRef
    project: URIRef
    text: URIRef
    tag: URIRef
    label: URIRef
    definition: URIRef
    term: URIRef
    termFull: URIRef
    usedIn: URIRef
    targetTable: URIRef
    target: URIRef
    kind: URIRef
    certainty: URIRef
    note: URIRef

    # Data Cube dimensions that are not model fields
    organization: URIRef
    direction: URIRef


#: Budget phases (proposed, approved, adjusted, executed), a SKOS scheme.
PHASE = Namespace(f"{VOCAB_BASE}/phase/")
PHASE_SCHEME = URIRef(f"{VOCAB_BASE}/phase")
#: Directions of money (expenditure, revenue).
DIRECTION = Namespace(f"{VOCAB_BASE}/direction/")
DIRECTION_SCHEME = URIRef(f"{VOCAB_BASE}/direction")
#: Initiative tags (new, first-in-tokyo, …); a budget may add its own to the scheme.
TAG = Namespace(f"{VOCAB_BASE}/tag/")
TAG_SCHEME = URIRef(f"{VOCAB_BASE}/tag")
#: The codes of the tags in the vocabulary's scheme (a test checks them against the Turtle);
#: a budget's tag with one of these codes is a ``skos:exactMatch`` of the standard one.
STANDARD_TAGS = frozenset(
    {"new", "first-in-tokyo", "first-in-23-wards", "first-in-japan", "most-facilities-in-tokyo"}
)
#: Kinds of editorial correction.
EDITORIAL_KIND = Namespace(f"{VOCAB_BASE}/editorial-kind/")
EDITORIAL_KIND_SCHEME = URIRef(f"{VOCAB_BASE}/editorial-kind")
#: Certainty of an editorial correction (confirmed, inferred).
CERTAINTY = Namespace(f"{VOCAB_BASE}/certainty/")
CERTAINTY_SCHEME = URIRef(f"{VOCAB_BASE}/certainty")
#: The Data Cube structure definition and its component specifications.
DSD = Namespace(f"{VOCAB_BASE}/dsd#")
#: The SHACL shapes.
SHAPES = Namespace(f"{VOCAB_BASE}/shapes#")


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
}

#: The data models, in table order.
MODELS: tuple[type[BaseModel], ...] = tuple(CLASS_OF)

#: Models of :mod:`nerima_opendata.model` that are deliberately not mapped, and why.
UNMAPPED_MODELS: dict[str, str] = {
    "Record": "the abstract base of the table rows; it has no fields of its own",
}

#: Terms of the ontology that no model field carries, and why (a test keeps this exact,
#: so a term added to the Turtle without a field, or a reason, fails).
UNFIELDED_TERMS: dict[URIRef, str] = {
    NB.organization: "Data Cube dimension; its value is the publisher, from 全国地方公共団体コード",
    NB.direction: "Data Cube dimension; constant: the listed amounts are all expenditure "
    "(歳出). A revenue table would need a field (see the notes).",
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
