"""The budget book as RDF: its code list (SKOS), amount kinds, lines and a Data Cube.

:func:`book_triples` yields the triples of a budget book's four tables, for
:func:`nerima_opendata.writers.rdf.budget_triples`:

* the code list is a ``skos:ConceptScheme`` and ``qb:HierarchicalCodeList`` per
  municipality and fiscal year (``{base}{code}/{year}/classification``), shared by the
  year's 当初 and 補正 budgets; each node is a ``skos:Concept`` whose ``skos:notation`` is
  its path ID (``1-expenditure-2-1``), with ``skos:broader``/``skos:narrower``,
  ``nb:level``, ``nb:depth`` and ``nb:codePath``, a year-independent IRI of the path
  (``{base}{code}/classification/1-expenditure-2-1``) that finds the same node in
  every year;
* the amount kinds are concepts of a per-budget scheme, each with its ``nb:stage`` in
  the vocabulary's amount-stage scheme;
* each line is an ``nb:BudgetLine`` (``{scope}line/{id}``) with its classification,
  department (an ``org:OrganizationalUnit`` of the municipality), nature class, COFOG
  class (a concept of the published COFOG code list, see :data:`~.vocab.COFOG`) and
  primary amount;
* the cube ``{scope}book-cube`` (structure ``dsd:book``) has one ``qb:Observation`` per
  line and amount kind at ``{scope}line-amount/{line}_{kind}``. The observation of a
  non-primary amount *is* its ``nb:LineAmount`` record (same node, typed both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, QB, RDF, RDFS, SKOS
from rdflib.term import Node, URIRef

from nerima_opendata.model import (
    AmountKind,
    Budget,
    BudgetLine,
    LineAmount,
    Record,
    TableName,
    amount_id,
)
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.namespaces import SDMX_ATTRIBUTE
from nerima_opendata.rdf.vocab import (
    AMOUNT_STAGE,
    DIRECTION,
    DSD,
    FIELD_TERMS,
    NB,
    PHASE,
    UN_COFOG_SCHEME,
    cofog_iri,
)
from nerima_opendata.writers.graph import cube_header, labels, text
from nerima_opendata.writers.rdf_serialize import Triple

__all__ = ["book_triples", "cofog_triples"]

#: Unit multiplier of every amount: amounts are in yen (SDMX unitMult 0).
_UNIT_MULTIPLIER = 0


def _references(iris: BudgetIRIs) -> dict[URIRef, Callable[[str], URIRef]]:
    """Object properties of the book's records: field value → the IRI it refers to."""
    return {
        NB.parent: iris.classification,
        NB.classification: iris.classification,
        NB.departmentUnit: iris.department_unit,
        NB.cofog: cofog_iri,
        NB.stage: lambda v: AMOUNT_STAGE[v],
        NB.line: lambda v: iris.record(TableName.LINES, v),
        NB.amountKind: lambda v: iris.record(TableName.AMOUNT_KINDS, v),
    }


def _fields(
    subject: URIRef, record: Record, iris: BudgetIRIs, skip: frozenset[str] = frozenset()
) -> Iterator[Triple]:
    """The triples of a record's fields, through :data:`FIELD_TERMS`."""
    references = _references(iris)
    for name in type(record).model_fields:
        mapping = FIELD_TERMS[(type(record), name)]
        value = getattr(record, name)
        if mapping.term is None or value is None or name in skip:
            continue
        value = getattr(value, "value", value)  # an enum's code
        obj: Node
        if mapping.term in references:
            obj = references[mapping.term](value)
        elif mapping.language is not None:
            obj = text(value, mapping.language)
        else:
            obj = Literal(value)
        yield subject, mapping.term, obj


def _schemelabels(budget: Budget, scheme: URIRef, ja: str, en: str) -> Iterator[Triple]:
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    yield scheme, RDF.type, SKOS.ConceptScheme
    yield (
        scheme,
        SKOS.prefLabel,
        text(f"{info.municipality_name} {info.fiscal_year_label} {ja}", "ja"),
    )
    yield scheme, SKOS.prefLabel, text(f"{name_en} FY{info.fiscal_year} {en}", "en")


def _classifications(budget: Budget, iris: BudgetIRIs) -> Iterator[Triple]:
    """The code list of the municipality and fiscal year: a hierarchical code list."""
    scheme = iris.classification_scheme
    yield from _schemelabels(budget, scheme, "予算書の分類", "budget book classification")
    yield scheme, RDF.type, QB.HierarchicalCodeList
    yield scheme, QB.parentChildProperty, SKOS.narrower
    yield scheme, DCTERMS.publisher, iris.organization
    for node in budget.classifications:
        concept = iris.classification(node.id)
        yield concept, RDF.type, SKOS.Concept
        yield concept, SKOS.inScheme, scheme
        yield concept, SKOS.notation, Literal(node.id)
        yield from labels(concept, SKOS.prefLabel, node.name, node.name_en)
        yield concept, NB.codePath, iris.code_path(node.id)
        yield from _fields(concept, node, iris)
        if node.parent_id is None:
            yield concept, SKOS.topConceptOf, scheme
            yield scheme, SKOS.hasTopConcept, concept
            yield scheme, QB.hierarchyRoot, concept
        else:
            parent = iris.classification(node.parent_id)
            yield concept, SKOS.broader, parent
            yield parent, SKOS.narrower, concept


def _amount_kinds(budget: Budget, iris: BudgetIRIs) -> Iterator[Triple]:
    scheme = iris.amount_kind_scheme
    info = budget.info
    yield from _schemelabels(
        budget, scheme, f"{info.phase_label} 金額種別", f"budget ({info.phase.value}): amount kinds"
    )
    yield scheme, DCTERMS.publisher, iris.organization
    for kind in budget.amount_kinds:
        concept = iris.record(TableName.AMOUNT_KINDS, kind.id)
        yield concept, RDF.type, SKOS.Concept
        yield concept, SKOS.inScheme, scheme
        yield concept, SKOS.topConceptOf, scheme
        yield scheme, SKOS.hasTopConcept, concept
        yield concept, SKOS.notation, Literal(kind.id)
        yield from labels(concept, SKOS.prefLabel, kind.name, kind.name_en)
        yield from _fields(concept, kind, iris)


def _departments(budget: Budget, iris: BudgetIRIs) -> Iterator[Triple]:
    """Each department the lines name: a unit of the municipality, labelled by the name
    its first line prints."""
    names: dict[str, str | None] = {}
    for line in budget.lines:
        if line.department_code is not None:
            names.setdefault(line.department_code, line.department_name)
    for code, name in names.items():
        unit = iris.department_unit(code)
        yield unit, RDF.type, ORG.OrganizationalUnit
        yield unit, ORG.unitOf, iris.organization
        yield iris.organization, ORG.hasUnit, unit
        yield unit, NB.identifier, Literal(code)
        yield unit, SKOS.prefLabel, text(name or f"所属 {code}", "ja")


def cofog_triples(notations: set[str]) -> Iterator[Triple]:
    """The COFOG classes used and their ancestors: notation, scheme and ``skos:broader``
    up to the division, so a query can total by division. Nothing is fetched."""
    seen: set[str] = set()
    for notation in sorted(notations):
        while notation not in seen:
            seen.add(notation)
            node = cofog_iri(notation)
            yield node, SKOS.inScheme, UN_COFOG_SCHEME
            yield node, SKOS.notation, Literal(notation)
            if "." not in notation:
                break
            parent = notation.rsplit(".", 1)[0]
            yield node, SKOS.broader, cofog_iri(parent)
            notation = parent


def _lines(budget: Budget, iris: BudgetIRIs) -> Iterator[Triple]:
    names = {c.id: c for c in budget.classifications}
    for line in budget.lines:
        node = iris.record(TableName.LINES, line.id)
        leaf = names[line.classification_id]
        yield node, RDF.type, NB.BudgetLine
        yield from labels(node, RDFS.label, leaf.name, leaf.name_en)
        yield from _fields(node, line, iris)
    yield from cofog_triples({line.cofog for line in budget.lines if line.cofog})


def _cube(budget: Budget, iris: BudgetIRIs) -> Iterator[Triple]:
    info, cube = budget.info, iris.book_cube
    yield from cube_header(cube, DSD.book, info, iris, ("予算書キューブ", "budget book cube"))
    yield cube, NB.classificationScheme, iris.classification_scheme
    primary = next(k for k in budget.amount_kinds if k.primary)
    others: dict[str, list[LineAmount]] = {}
    for amount in budget.line_amounts:
        others.setdefault(amount.line_id, []).append(amount)
    for line in budget.lines:
        yield from _observation(budget, iris, line, primary, None)
        for amount in others.get(line.id, []):
            yield from _observation(budget, iris, line, primary, amount)


def _observation(
    budget: Budget,
    iris: BudgetIRIs,
    line: BudgetLine,
    primary: AmountKind,
    amount: LineAmount | None,
) -> Iterator[Triple]:
    """The observation of one amount of a line: the primary one when ``amount`` is None,
    else the line amount, which is the same node as its ``nb:LineAmount`` record."""
    info = budget.info
    kind = primary.id if amount is None else amount.kind_id
    obs = iris.record(TableName.LINE_AMOUNTS, amount_id(line.id, kind))
    account, direction = line.classification_id.split("-")[:2]
    facts: list[tuple[URIRef, Node]] = [
        (RDF.type, QB.Observation),
        (QB.dataSet, iris.book_cube),
        (NB.organization, iris.organization),
        (NB.fiscalYear, Literal(info.fiscal_year)),
        (NB.phase, PHASE[info.phase.value]),
        (NB.account, iris.classification(account)),
        (NB.direction, DIRECTION[direction]),
        (NB.classification, iris.classification(line.classification_id)),
        (NB.currency, Literal(info.currency)),
        (SDMX_ATTRIBUTE.unitMult, Literal(_UNIT_MULTIPLIER)),
    ]
    if line.department_code is not None:
        facts.append((NB.departmentUnit, iris.department_unit(line.department_code)))
    if line.nature_code is not None:
        facts.append((NB.natureCode, Literal(line.nature_code)))
    if line.cofog is not None:
        facts.append((NB.cofog, cofog_iri(line.cofog)))
    for predicate, obj in facts:
        yield obs, predicate, obj
    if amount is None:
        yield obs, NB.line, iris.record(TableName.LINES, line.id)
        yield obs, NB.amountKind, iris.record(TableName.AMOUNT_KINDS, kind)
        yield obs, NB.amount, Literal(line.amount)
    else:
        yield obs, RDF.type, NB.LineAmount
        yield from _fields(obs, amount, iris)


def book_triples(budget: Budget, iris: BudgetIRIs) -> Iterator[Triple]:
    """Every triple of a budget book's tables (the budget resource itself aside).

    Args:
        budget: A budget book (``budget.kind`` is ``book``).
        iris: Its IRIs.

    Yields:
        ``(subject, predicate, object)``; no blank nodes, no triple twice.
    """
    node = iris.budget
    members: list[tuple[URIRef, list[URIRef]]] = [
        (NB.hasClassification, [iris.classification(c.id) for c in budget.classifications]),
        (
            NB.hasAmountKind,
            [iris.record(TableName.AMOUNT_KINDS, k.id) for k in budget.amount_kinds],
        ),
        (NB.hasLine, [iris.record(TableName.LINES, x.id) for x in budget.lines]),
        (
            NB.hasLineAmount,
            [iris.record(TableName.LINE_AMOUNTS, a.id) for a in budget.line_amounts],
        ),
    ]
    for predicate, objects in members:
        for obj in objects:
            yield node, predicate, obj
    yield from _classifications(budget, iris)
    yield from _amount_kinds(budget, iris)
    yield from _departments(budget, iris)
    yield from _lines(budget, iris)
    yield from _cube(budget, iris)
