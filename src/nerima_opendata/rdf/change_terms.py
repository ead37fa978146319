"""The terms of a comparison's records: its field → term table, classes and derived terms.

A comparison of two budgets (:mod:`nerima_opendata.model.change`) is written as RDF by
:mod:`nerima_opendata.writers.rdf_compare`: an ``nb:Comparison`` and two Data Cubes of
changes (``dsd:node-change``, ``dsd:line-change`` in ``vocab/dsd.ttl``).
:data:`CHANGE_TERMS` maps every field of its records to its property and language, as
:data:`~nerima_opendata.rdf.vocab.FIELD_TERMS` (which includes it) does for a budget's;
a field holding an ID (``before_budget_id``, ``parent_id``, ``before_id`` …) becomes the
IRI of the resource it names.
"""

from __future__ import annotations

from pydantic import BaseModel
from rdflib.term import URIRef

from nerima_opendata.model.change import ComparisonInfo, LineChange, NodeChange, Renaming
from nerima_opendata.rdf.terms import NB

__all__ = ["CHANGE_CLASS_OF", "CHANGE_TERMS", "CHANGE_UNFIELDED_TERMS"]

_JA = "ja"

#: The amounts of a change, the same on a node's and a line's.
_AMOUNTS: tuple[tuple[str, URIRef], ...] = (
    ("amount_before", NB.amountBefore),
    ("amount_after", NB.amountAfter),
    ("change", NB.change),
    ("change_rate", NB.changeRate),
    ("status", NB.changeStatus),
)

#: Every field of a comparison's records → (its property, its language or ``None``).
CHANGE_TERMS: dict[tuple[type[BaseModel], str], tuple[URIRef, str | None]] = {
    # ComparisonInfo: the nb:Comparison resource.
    (ComparisonInfo, "id"): (NB.identifier, None),
    (ComparisonInfo, "municipality_code"): (NB.municipalityCode, None),
    (ComparisonInfo, "municipality_name"): (NB.municipalityName, _JA),
    (ComparisonInfo, "title"): (NB.title, _JA),
    (ComparisonInfo, "before_budget_id"): (NB.budgetBefore, None),
    (ComparisonInfo, "before_fiscal_year"): (NB.fiscalYearBefore, None),
    (ComparisonInfo, "before_kind_id"): (NB.amountKindBefore, None),
    (ComparisonInfo, "before_kind_name"): (NB.amountKindNameBefore, _JA),
    (ComparisonInfo, "after_budget_id"): (NB.budgetAfter, None),
    (ComparisonInfo, "after_fiscal_year"): (NB.fiscalYearAfter, None),
    (ComparisonInfo, "after_kind_id"): (NB.amountKindAfter, None),
    (ComparisonInfo, "after_kind_name"): (NB.amountKindNameAfter, _JA),
    (ComparisonInfo, "account_code"): (NB.comparedAccount, None),
    (ComparisonInfo, "before_total"): (NB.totalBefore, None),
    (ComparisonInfo, "after_total"): (NB.totalAfter, None),
    # NodeChange: an observation of the node-change cube.
    (NodeChange, "id"): (NB.identifier, None),
    (NodeChange, "level"): (NB.nodeLevel, None),
    (NodeChange, "depth"): (NB.nodeDepth, None),
    (NodeChange, "code"): (NB.nodeCode, None),
    (NodeChange, "name_before"): (NB.nameBefore, _JA),
    (NodeChange, "name_after"): (NB.nameAfter, _JA),
    (NodeChange, "parent_id"): (NB.parentChange, None),
    **{(NodeChange, name): (term, None) for name, term in _AMOUNTS},
    # LineChange: an observation of the line-change cube.
    (LineChange, "id"): (NB.identifier, None),
    (LineChange, "classification_id"): (NB.classification, None),
    (LineChange, "name"): (NB.lineName, _JA),
    (LineChange, "department_name"): (NB.lineDepartmentName, _JA),
    **{(LineChange, name): (term, None) for name, term in _AMOUNTS},
    # Renaming: an nb:PossibleRenaming, always inferred.
    (Renaming, "id"): (NB.identifier, None),
    (Renaming, "kind"): (NB.renamingKind, None),
    (Renaming, "before_id"): (NB.nodeBefore, None),
    (Renaming, "after_id"): (NB.nodeAfter, None),
    (Renaming, "name_before"): (NB.nameBefore, _JA),
    (Renaming, "name_after"): (NB.nameAfter, _JA),
    (Renaming, "certainty"): (NB.certainty, None),
}

#: The records of a comparison and the class of their resources.
CHANGE_CLASS_OF: dict[type[BaseModel], URIRef] = {
    ComparisonInfo: NB.Comparison,
    NodeChange: NB.NodeChange,
    LineChange: NB.LineChange,
    Renaming: NB.PossibleRenaming,
}

#: Terms of a comparison that no field carries, and why.
CHANGE_UNFIELDED_TERMS: dict[URIRef, str] = {
    NB.comparison: "derived: links a comparison's data sets and renamings to it",
    NB.changedNode: "Data Cube dimension of node changes: the year-independent IRI of the "
    "node's path (its nb:codePath), derived from the classification ID",
    NB.changedLine: "Data Cube dimension of line changes: the line ID, the same in both budgets",
    NB.observationBefore: "derived: the budget-book observation of the line and the amount "
    "kind before, named from the line ID and the comparison's side",
    NB.observationAfter: "derived: the budget-book observation of the line and the amount "
    "kind after",
}
