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
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel
from rdflib import Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node, URIRef

from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.model import TABLES, Budget, Record, TableName, TableSpec
from nerima_opendata.rdf.vocab import CERTAINTY, EDITORIAL_KIND, FIELD_TERMS, NB, PHASE, FieldTerm
from nerima_opendata.readers._invalid import first_problem

__all__ = ["from_graph"]

#: Object properties whose value is a code of a vocabulary scheme.
_CODES = {NB.phase: str(PHASE), NB.kind: str(EDITORIAL_KIND), NB.certainty: str(CERTAINTY)}
#: Object properties whose value is another record, read back as its nb:identifier: the
#: single references of the registry's foreign keys, and an editorial note's target.
_RECORD_REFERENCES = {
    FIELD_TERMS[(spec.model, fk.field)].term
    for spec in TABLES
    for fk in spec.foreign_keys
    if not fk.many
} | {NB.target}


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


def _members(graph: Graph, budget: Node, spec: TableSpec) -> list[Record]:
    """The records of one table: the budget itself, or the objects of its ``nb:has…``."""
    if spec.is_budget:
        return [spec.model.model_validate(_fields(graph, budget, spec.model))]
    term = FIELD_TERMS[(Budget, spec.budget_field)].term
    assert term is not None, spec  # every table but the budget's is a member of it
    return [
        spec.model.model_validate(_fields(graph, node, spec.model))
        for node in graph.objects(budget, term)
    ]


def _id(record: Record) -> str:
    return str(getattr(record, "id"))  # noqa: B009 - every record has one; Record does not say


def _natural(record_id: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (int(p), "") if p.isdigit() else (0, p) for p in re.findall(r"[0-9]+|[^0-9]+", record_id)
    )


def _canonical(
    spec: TableSpec, ranks: dict[TableName, dict[str, int]]
) -> Callable[[Record], tuple[Any, ...]]:
    """The sort key of a table's records in the canonical package.

    A table with an ``order`` goes by the rank of its parent (the record its first single
    reference names, already sorted), then ``order``; any other table by natural ID.
    """
    if "order" not in spec.model.model_fields:
        return lambda r: (_natural(_id(r)),)
    parent = next((fk for fk in spec.foreign_keys if not fk.many), None)

    def key(record: Record) -> tuple[Any, ...]:
        rank = (
            0
            if parent is None
            else ranks.get(parent.table, {}).get(getattr(record, parent.field), -1)
        )
        return (rank, getattr(record, "order"), _natural(_id(record)))  # noqa: B009

    return key


def _budget_node(graph: Graph) -> Node:
    nodes = sorted(set(graph.subjects(RDF.type, NB.Budget)), key=str)
    if len(nodes) != 1:
        raise InputError(
            "the graph must describe exactly one nb:Budget",
            found=f"{len(nodes)} budgets",
            expected="one",
        )
    return nodes[0]


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
    tables: dict[TableName, Sequence[Record]] = {}
    ranks: dict[TableName, dict[str, int]] = {}
    try:
        for spec in TABLES:
            records = sorted(_members(graph, node, spec), key=_canonical(spec, ranks))
            tables[spec.name] = records
            ranks[spec.name] = {_id(r): i for i, r in enumerate(records)}
        return Budget.from_tables(tables)
    except RecordError as exc:
        message, found = first_problem(exc)
        raise InputError(
            f"the graph does not describe a valid budget: {message}",
            found=found,
            expected="records that validate against the models",
        ) from exc
