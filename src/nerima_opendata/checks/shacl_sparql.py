"""The shapes' SHACL-SPARQL constraints, run by pyoxigraph's SPARQL engine.

pyshacl runs a SPARQL-based constraint (https://www.w3.org/TR/shacl/#sparql-constraints)
in rdflib's SPARQL engine, once per focus node. On a real budget book (世田谷区, 2025:
197,000 statements) the Data Cube constraints IC-11, IC-14 and IC-19 alone took 26 of
the 50 s of SHACL. Here the same queries, as ``vocab/shapes.ttl`` writes them, run in
pyoxigraph, over the same data graph, as SHACL says a SPARQL constraint runs:

* the focus nodes are the shape's targets (``sh:targetClass`` with its
  ``rdfs:subClassOf*`` subclasses, ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf``); ``$this`` is pre-bound to each (a substitution);
* the prefixes are those the constraint's ``sh:prefixes`` declare;
* every solution is a result: its focus node ``?this`` (else the focus node), its
  value ``?value`` (else the focus node), its path ``?path``, and the constraint's
  ``sh:message`` with each ``{?var}`` / ``{$var}`` replaced by the binding, as pyshacl
  replaces it; a deactivated shape or constraint runs no query.

:func:`split_shapes` leaves to pyshacl every shape this module does not run in full (a
property shape, a shape another shape refers to, another kind of target, a query that
pyoxigraph cannot run with ``$this`` substituted or that uses ``?failure``, a constraint
with no message), and the other constraints of the shapes it takes.

Where the two SPARQL engines differ, the results can: pyoxigraph holds a literal in its
canonical form (``"01"^^xsd:integer`` is ``"1"``, ``"a"`` and ``"a"^^xsd:string`` are one
term, as RDF 1.1 says), computes decimals to 18 places, and compares integers within 64
bits; it also runs a few queries pyshacl refuses (``VALUES``, ``MINUS``). None of this
touches the shipped shapes, whose results are the same (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node, URIRef

from nerima_opendata.checks.rdf_load import to_oxigraph, to_oxigraph_quads, to_rdflib, vocab_graph
from nerima_opendata.files.extras import LazyModule

if TYPE_CHECKING:
    from typing import TypeAlias

    import pyoxigraph as ox

    _Focus: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal
else:
    ox = LazyModule("rdf", "validate", "pyoxigraph")

__all__ = [
    "SparqlResult",
    "SparqlShape",
    "add_results",
    "core_shapes",
    "result_message",
    "run_sparql_shapes",
    "split_shapes",
    "to_store",
]

#: The targets this module finds (any other keeps a shape in pyshacl).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: The prefixes pyshacl gives every SPARQL constraint.
_DEFAULT_PREFIXES = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
#: What finds a target's focus nodes (``?target`` substituted).
_FOCUS = {
    SH.targetClass: "SELECT DISTINCT ?f ?target WHERE { ?f a/<http://www.w3.org/2000/01/"
    "rdf-schema#subClassOf>* ?target }",
    SH.targetSubjectsOf: "SELECT DISTINCT ?f ?target WHERE { ?f ?target ?o }",
    SH.targetObjectsOf: "SELECT DISTINCT ?f ?target WHERE { ?s ?target ?f }",
}


@dataclass(frozen=True)
class SparqlShape:
    """A node shape's SELECT constraint, ready to run.

    Attributes:
        targets: ``(target predicate, its object)`` pairs.
        query: The SELECT query.
        prefixes: prefix → namespace, from ``sh:prefixes``.
        messages: The shape's ``sh:message`` values, then the constraint's.
        severity: The shape's ``sh:severity`` (``sh:Violation`` by default).
    """

    targets: tuple[tuple[URIRef, Node], ...]
    query: str
    prefixes: tuple[tuple[str, str], ...]
    messages: tuple[Literal, ...]
    severity: Node = SH.Violation


@dataclass(frozen=True)
class SparqlResult:
    """One validation result: focus node, path, value, the messages (filled in), and
    its severity."""

    focus: Node
    path: Node | None
    value: Node
    messages: tuple[Literal, ...]
    severity: Node = SH.Violation


def _flag(shapes: Graph, node: Node) -> bool | None:
    """A node's ``sh:deactivated``: False when absent, None when not one xsd:boolean."""
    values = list(shapes.objects(node, SH.deactivated))
    if not values:
        return False
    value = values[0]
    if len(values) > 1 or not isinstance(value, Literal) or not isinstance(value.value, bool):
        return None
    return value.value


def _prefixes(shapes: Graph, constraint: Node) -> tuple[tuple[str, str], ...]:
    found = dict(_DEFAULT_PREFIXES)
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return tuple(sorted(found.items()))


def _runs_here(shapes: Graph, shape: Node) -> bool:
    """Whether a shape is a plain node shape this module can run: targets of the kinds it
    finds, no other type (an implicit class target), not reached from another shape
    (``sh:node``, ``sh:and``…: pyshacl validates value nodes against it then)."""
    if not any((shape, p, None) in shapes for p in _TARGETS):
        return False
    if set(shapes.objects(shape, RDF.type)) - {SH.NodeShape}:
        return False
    if any((shape, p, None) in shapes for p in (SH.target, SH.path)):
        return False
    return (None, None, shape) not in shapes and _flag(shapes, shape) is not None


def _runs(query: str, prefixes: dict[str, str]) -> bool:
    """Whether pyoxigraph runs the query with ``$this`` substituted (it substitutes only a
    projected variable) and without ``?failure`` (pyshacl's own convention)."""
    try:
        solutions = ox.Store().query(
            query, prefixes=prefixes, substitutions={ox.Variable("this"): ox.BlankNode()}
        )
    except (SyntaxError, RuntimeError, ValueError):
        return False
    names = {v.value for v in getattr(solutions, "variables", None) or ()}
    return isinstance(solutions, ox.QuerySolutions) and "failure" not in names


def _constraints(shapes: Graph, shape: Node) -> list[SparqlShape] | None:
    """The shape's SELECT constraints; None when pyshacl must run the shape."""
    if not _runs_here(shapes, shape):
        return None
    targets = tuple((p, o) for p in _TARGETS for o in shapes.objects(shape, p))
    own = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
    severity = shapes.value(shape, SH.severity) or SH.Violation
    made = []
    for constraint in shapes.objects(shape, SH.sparql):
        select, deactivated = shapes.value(constraint, SH.select), _flag(shapes, constraint)
        prefixes = _prefixes(shapes, constraint)
        if select is None or deactivated is None or not _runs(str(select), dict(prefixes)):
            return None
        said = [m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)]
        # as pyshacl: the shape's messages, then the constraint's (none: its generic one)
        messages = tuple(own + [m for m in said if m not in own])
        if not messages:
            return None
        if not deactivated:
            made.append(SparqlShape(targets, str(select), prefixes, messages, severity))
    return made


def split_shapes(shapes: Graph) -> tuple[Graph, tuple[SparqlShape, ...]]:
    """The shapes graph without the SPARQL constraints run here, and those constraints.

    Args:
        shapes: The SHACL shapes.
    """
    taken: list[SparqlShape] = []
    rest = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace)
    rest += shapes
    for shape in sorted(set(shapes.subjects(SH.sparql, None)), key=str):
        constraints = _constraints(shapes, shape)
        if constraints is None:
            continue
        if not _flag(shapes, shape):
            taken.extend(constraints)
        for constraint in list(rest.objects(shape, SH.sparql)):
            rest.remove((shape, SH.sparql, constraint))
    return rest, tuple(taken)


@cache
def _shipped_split() -> tuple[Graph, tuple[SparqlShape, ...]]:
    from nerima_opendata.checks.rdf_load import shapes_graph

    return split_shapes(shapes_graph())


def core_shapes() -> Graph:
    """The shipped shapes without the SPARQL constraints run here (for pyshacl)."""
    return _shipped_split()[0]


def to_store(graph: Graph, *, read: ox.Store | None = None) -> ox.Store:
    """An in-memory pyoxigraph store of the graph's statements.

    ``read`` is a store that holds all the graph's statements but the vocabulary's:
    :func:`~nerima_opendata.checks.rdf_load.read_graph`'s ``store``, when the
    vocabulary (:func:`~nerima_opendata.checks.rdf_load.vocab_graph`) was added to the
    graph since. Its statements are then not made again from the graph: the
    vocabulary's are added to it (it is changed), and it is given back.
    """
    if read is not None:
        read.bulk_extend(_vocabulary_quads())
        return read
    store = ox.Store()
    store.bulk_extend(to_oxigraph_quads(graph))
    return store


@cache
def _vocabulary_quads() -> tuple[ox.Quad, ...]:
    """The vocabulary's statements, made once per process."""
    return tuple(to_oxigraph_quads(vocab_graph()))


def _focus_nodes(store: ox.Store, shape: SparqlShape) -> list[_Focus]:
    found: dict[str, _Focus] = {}
    for predicate, target in shape.targets:
        term = to_oxigraph(target)
        if predicate == SH.targetNode:
            found[str(term)] = term  # whether the graph has it or not, as pyshacl
            continue
        query = _FOCUS[predicate]
        solutions = store.query(query, substitutions={ox.Variable("target"): term})
        for solution in solutions:  # type: ignore[union-attr]
            node = solution["f"]
            found[str(node)] = node
    return [found[key] for key in sorted(found)]


def _message(template: Literal, bindings: dict[str, Node]) -> Literal:
    text = str(template)
    for name, value in bindings.items():
        # as pyshacl's re.sub, but the value as it is (a backslash in it is no escape)
        text = re.sub(f"{{[?$]{name}}}", str(value).replace("\\", "\\\\"), text)
    return Literal(text)  # untagged, as pyshacl writes a SPARQL constraint's message


def _results(store: ox.Store, shape: SparqlShape, focus: _Focus) -> Iterator[SparqlResult]:
    solutions = store.query(
        shape.query, prefixes=dict(shape.prefixes), substitutions={ox.Variable("this"): focus}
    )
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    node = to_rdflib(focus)
    for solution in solutions:  # type: ignore[union-attr]
        bound = {n: to_rdflib(solution[n]) for n in names if solution[n] is not None}
        value = bound.get("value", node)
        # as pyshacl fills in a message: the other variables, then ?this when bound,
        # ?path when bound, and ?value (the focus node when unbound)
        fills = {k: v for k, v in bound.items() if k not in ("this", "path", "value")}
        fills |= {k: bound[k] for k in ("this", "path") if k in bound} | {"value": value}
        messages = tuple(_message(m, fills) for m in shape.messages)
        yield SparqlResult(
            bound.get("this", node), bound.get("path"), value, messages, shape.severity
        )


def run_sparql_shapes(
    store: ox.Store,
    shapes: Iterable[SparqlShape] | None = None,
    focus_nodes: Sequence[Node] | None = None,
) -> list[SparqlResult]:
    """Every result of the SPARQL constraints over the store's default graph.

    Args:
        store: The data graph (with the vocabulary), in pyoxigraph.
        shapes: The constraints; by default those of the shipped shapes.
        focus_nodes: Validate only these focus nodes (as pyshacl's ``focus_nodes``).
    """
    # as pyshacl: an empty list is no restriction, and only IRIs are kept
    chosen = {str(n) for n in focus_nodes if isinstance(n, URIRef)} if focus_nodes else None
    results: list[SparqlResult] = []
    for shape in _shipped_split()[1] if shapes is None else shapes:
        for focus in _focus_nodes(store, shape):
            if chosen is None or (isinstance(focus, ox.NamedNode) and focus.value in chosen):
                results.extend(_results(store, shape, focus))
    return results


def add_results(report: Graph, results: Iterable[SparqlResult]) -> None:
    """Add results to a pyshacl results graph, as pyshacl writes its own."""
    for result in results:
        node = BNode()
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, result.focus))
        report.add((node, SH.value, result.value))
        report.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        report.add((node, SH.resultSeverity, result.severity))
        if result.path is not None:
            report.add((node, SH.resultPath, result.path))
        for message in result.messages:
            report.add((node, SH.resultMessage, message))


def result_message(report: Graph, result: Node) -> str:
    """A validation result's message: the English one (or the untagged), else the first."""
    messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
    english = [
        str(m)
        for m in report.objects(result, SH.resultMessage)
        if isinstance(m, Literal) and m.language in (None, "en")
    ]
    return sorted(english)[0] if english else (messages[0] if messages else "SHACL violation")
