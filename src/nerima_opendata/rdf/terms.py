"""The terms of our vocabulary: the ``nb:`` namespace and the IRIs of the shipped schemes.

:mod:`nerima_opendata.rdf.vocab` re-exports all of these with the field → term table.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = [
    "AMOUNT_STAGE",
    "AMOUNT_STAGE_SCHEME",
    "CERTAINTY",
    "CERTAINTY_SCHEME",
    "CHANGE_STATUS",
    "CHANGE_STATUS_SCHEME",
    "CONTEXT_IRI",
    "DIRECTION",
    "DIRECTION_SCHEME",
    "DSD",
    "EDITORIAL_KIND",
    "EDITORIAL_KIND_SCHEME",
    "NB",
    "ONTOLOGY_IRI",
    "PHASE",
    "PHASE_SCHEME",
    "SHAPES",
    "STANDARD_TAGS",
    "TAG",
    "TAG_SCHEME",
    "UN_COFOG",
    "UN_COFOG_SCHEME",
    "VERSION",
    "VERSION_IRI",
    "VOCAB_BASE",
    "cofog_iri",
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
    BudgetLine: URIRef  # A line of a budget book (予算明細).
    LineAmount: URIRef  # An amount of a line other than its primary one.

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
    issued: URIRef
    modified: URIRef
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

    # Budget book: code list, amount kinds, lines, line amounts
    hasClassification: URIRef
    hasAmountKind: URIRef
    hasLine: URIRef
    hasLineAmount: URIRef
    level: URIRef
    depth: URIRef
    code: URIRef
    name: URIRef
    parent: URIRef
    stage: URIRef
    sourceUnit: URIRef
    primary: URIRef
    classification: URIRef
    departmentUnit: URIRef
    departmentName: URIRef
    natureCode: URIRef
    natureName: URIRef
    cofog: URIRef
    sourceRows: URIRef
    line: URIRef
    amountKind: URIRef

    # Data Cube dimensions and links that are not model fields
    organization: URIRef
    direction: URIRef
    account: URIRef
    codePath: URIRef
    classificationScheme: URIRef

    # A comparison of two budgets and its change cubes
    Comparison: URIRef  # A comparison of one amount of two budgets.
    NodeChange: URIRef  # The change of a node of the code list (a qb:Observation).
    LineChange: URIRef  # The change of a line (a qb:Observation).
    PossibleRenaming: URIRef  # An inferred renaming (code or name changed).
    comparison: URIRef
    budgetBefore: URIRef
    budgetAfter: URIRef
    fiscalYearBefore: URIRef
    fiscalYearAfter: URIRef
    amountKindBefore: URIRef
    amountKindAfter: URIRef
    amountKindNameBefore: URIRef
    amountKindNameAfter: URIRef
    comparedAccount: URIRef
    totalBefore: URIRef
    totalAfter: URIRef
    changedNode: URIRef
    changedLine: URIRef
    nodeBefore: URIRef
    nodeAfter: URIRef
    observationBefore: URIRef
    observationAfter: URIRef
    nodeLevel: URIRef
    nodeDepth: URIRef
    nodeCode: URIRef
    nameBefore: URIRef
    nameAfter: URIRef
    parentChange: URIRef
    lineName: URIRef
    lineDepartmentName: URIRef
    amountBefore: URIRef
    amountAfter: URIRef
    change: URIRef
    changeRate: URIRef
    changeStatus: URIRef
    renamingKind: URIRef


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
#: How an amount changed between two budgets (increased, decreased, unchanged, new,
#: abolished): the statuses of a comparison's changes.
CHANGE_STATUS = Namespace(f"{VOCAB_BASE}/change-status/")
CHANGE_STATUS_SCHEME = URIRef(f"{VOCAB_BASE}/change-status")
#: What an amount of a budget line records (budget, request, current…).
AMOUNT_STAGE = Namespace(f"{VOCAB_BASE}/amount-stage/")
AMOUNT_STAGE_SCHEME = URIRef(f"{VOCAB_BASE}/amount-stage")
#: COFOG, the UN Classification of the Functions of Government (1999), as the SKOS code
#: list the Australian Government Linked Data Working Group publishes: a class's IRI is
#: its UN notation without dots (``01.1`` → ``…/cofog/011``). See docs/linked-data.md.
UN_COFOG = Namespace("http://linked.data.gov.au/def/cofog/")
UN_COFOG_SCHEME = URIRef("http://linked.data.gov.au/def/cofog")
#: The Data Cube structure definition and its component specifications.
DSD = Namespace(f"{VOCAB_BASE}/dsd#")
#: The SHACL shapes.
SHAPES = Namespace(f"{VOCAB_BASE}/shapes#")


def cofog_iri(notation: str) -> URIRef:
    """The IRI of a COFOG class in the UN notation (``01``, ``01.1``, ``01.1.1``)."""
    return UN_COFOG[notation.replace(".", "")]
