"""Reading a budget back from RDF written by :mod:`nerima_opendata.writers.rdf`.

Only the ``nb:`` terms of :data:`nerima_opendata.rdf.vocab.FIELD_TERMS` are read; the
derived triples (labels, SKOS, the cube, provenance) are ignored, so the reader is the
exact inverse of the field mapping and ``from_graph(to_graph(b)) == b``.

Records come back in canonical order: pillars by ``order``; projects by pillar, then
``order``; initiatives by project, then ``order``; tags by ``order``; notes by ID. That is
the order of the canonical data package.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node, URIRef

from nerima_opendata.errors import InputError, RecordError
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
    TableName,
    Tag,
)
from nerima_opendata.rdf.vocab import (
    AMOUNT_STAGE,
    CERTAINTY,
    EDITORIAL_KIND,
    FIELD_TERMS,
    NB,
    PHASE,
    FieldTerm,
)
from nerima_opendata.readers._invalid import first_problem

__all__ = ["from_graph"]

#: Object properties whose value is a code of a vocabulary scheme.
_CODES = {
    NB.phase: str(PHASE),
    NB.kind: str(EDITORIAL_KIND),
    NB.certainty: str(CERTAINTY),
    NB.stage: str(AMOUNT_STAGE),
}
#: Object properties whose value is another record, read back as its nb:identifier.
_RECORD_REFERENCES = {
    NB.pillar,
    NB.project,
    NB.usedIn,
    NB.target,
    NB.parent,
    NB.classification,
    NB.departmentUnit,
    NB.line,
    NB.amountKind,
}


def _one(values: list[Any], subject: Node, term: URIRef) -> Any:
    if len(values) > 1:
        raise InputError(
            "more than one value for a single-valued property",
            found=f"{subject} {term}: {sorted(map(str, values))}",
            expected="exactly one value",
        )
    return values[0]


def _identifier(graph: Graph, node: Node) -> str:
    values = [str(v) for v in graph.objects(node, NB.identifier)]
    if len(values) != 1:
        raise InputError(
            "a referenced record has no single nb:identifier",
            found=str(node),
            expected="one nb:identifier",
        )
    return values[0]


def _value(graph: Graph, term: URIRef, node: Node) -> Any:
    if term in _CODES:
        code = str(node)
        if not code.startswith(_CODES[term]):
            raise InputError(
                "a code from the wrong scheme",
                found=code,
                expected=f"an IRI starting {_CODES[term]}",
            )
        return code[len(_CODES[term]) :]
    if term in _RECORD_REFERENCES:
        return _identifier(graph, node)
    if term == NB.cofog:  # a class of the COFOG code list, by its UN notation
        return str(graph.value(node, SKOS.notation))
    if isinstance(node, Literal):
        return node.toPython() if node.datatype is not None else str(node)
    return str(node)


def _matches(mapping: FieldTerm, node: Node) -> bool:
    if mapping.language is None:
        return not (isinstance(node, Literal) and node.language)
    return isinstance(node, Literal) and node.language == mapping.language


def _tag_ids(graph: Graph, nodes: list[Node]) -> tuple[str, ...]:
    def key(node: Node) -> tuple[int, str]:
        orders = [o.toPython() for o in graph.objects(node, NB.order) if isinstance(o, Literal)]
        return (orders[0] if orders else 0, str(node))

    ids = []
    for node in sorted(nodes, key=key):
        codes = [str(v) for v in graph.objects(node, NB.identifier) if isinstance(v, Literal)]
        if len(codes) != 1:
            raise InputError(
                "a tag has no single nb:identifier",
                found=str(node),
                expected="one nb:identifier (the tag's ID)",
            )
        ids.append(codes[0])
    return tuple(ids)


def _fields(graph: Graph, subject: Node, model: type[BaseModel]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in model.model_fields:
        mapping = FIELD_TERMS[(model, name)]
        if mapping.term is None:
            continue
        nodes = [n for n in graph.objects(subject, mapping.term) if _matches(mapping, n)]
        if mapping.term == NB.tag:
            fields[name] = _tag_ids(graph, nodes)
        elif nodes:
            fields[name] = _value(graph, mapping.term, _one(nodes, subject, mapping.term))
    return fields


def _members(graph: Graph, budget: Node, term: URIRef, model: type[BaseModel]) -> list[Any]:
    return [
        model.model_validate(_fields(graph, node, model)) for node in graph.objects(budget, term)
    ]


def _natural(record_id: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (int(p), "") if p.isdigit() else (0, p) for p in re.findall(r"[0-9]+|[^0-9]+", record_id)
    )


def _budget_node(graph: Graph) -> Node:
    nodes = sorted(set(graph.subjects(RDF.type, NB.Budget)), key=str)
    if len(nodes) != 1:
        raise InputError(
            "the graph must describe exactly one nb:Budget",
            found=f"{len(nodes)} budgets",
            expected="one",
        )
    return nodes[0]


def _book(graph: Graph, node: Node) -> dict[TableName, tuple[Any, ...]]:
    """The budget book's tables, in a canonical order: the code list and the lines by
    their path IDs (codes compared as numbers), the kinds by ``order``, the line amounts
    by line, then kind."""
    kinds = sorted(_members(graph, node, NB.hasAmountKind, AmountKind), key=lambda k: k.order)
    rank = {k.id: k.order for k in kinds}
    return {
        TableName.CLASSIFICATIONS: tuple(
            sorted(
                _members(graph, node, NB.hasClassification, Classification),
                key=lambda c: _natural(c.id),
            )
        ),
        TableName.AMOUNT_KINDS: tuple(kinds),
        TableName.LINES: tuple(
            sorted(_members(graph, node, NB.hasLine, BudgetLine), key=lambda x: _natural(x.id))
        ),
        TableName.LINE_AMOUNTS: tuple(
            sorted(
                _members(graph, node, NB.hasLineAmount, LineAmount),
                key=lambda a: (_natural(a.line_id), rank.get(a.kind_id, 0)),
            )
        ),
    }


def from_graph(graph: Graph) -> Budget:
    """Read the budget described by a graph (the inverse of ``to_graph``).

    Args:
        graph: A graph holding one ``nb:Budget`` and its records.

    Returns:
        The budget, validated like any other.

    Raises:
        InputError: The graph has no single budget, a property has too many values, or
            the records do not make a valid, consistent budget.
    """
    node = _budget_node(graph)
    try:
        info = BudgetInfo.model_validate(_fields(graph, node, BudgetInfo))
        pillars = sorted(_members(graph, node, NB.hasPillar, Pillar), key=lambda p: p.order)
        pillar_rank = {p.id: i for i, p in enumerate(pillars)}
        projects = sorted(
            _members(graph, node, NB.hasProject, Project),
            key=lambda p: (pillar_rank.get(p.pillar_id, -1), p.order, p.id),
        )
        project_rank = {p.id: i for i, p in enumerate(projects)}
        initiatives = sorted(
            _members(graph, node, NB.hasInitiative, Initiative),
            key=lambda i: (project_rank.get(i.project_id, -1), i.order, i.id),
        )
        tags = sorted(_members(graph, node, NB.hasTag, Tag), key=lambda t: (t.order, t.id))
        glossary = sorted(
            _members(graph, node, NB.hasGlossaryNote, GlossaryNote), key=lambda g: _natural(g.id)
        )
        notes = sorted(
            _members(graph, node, NB.hasEditorialNote, EditorialNote), key=lambda e: _natural(e.id)
        )
        return Budget.from_tables(
            {
                **_book(graph, node),
                TableName.BUDGET: (info,),
                TableName.PILLARS: tuple(pillars),
                TableName.PROJECTS: tuple(projects),
                TableName.INITIATIVES: tuple(initiatives),
                TableName.TAGS: tuple(tags),
                TableName.GLOSSARY: tuple(glossary),
                TableName.EDITORIAL_NOTES: tuple(notes),
            }
        )
    except RecordError as exc:
        message, found = first_problem(exc)
        raise InputError(
            f"the graph does not describe a valid budget: {message}",
            found=found,
            expected="records that validate against the models",
        ) from exc
