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
SPARQL constraint on a property shape, another kind of target), and the other
constraints of the shapes it takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node, URIRef

from nerima_opendata.checks.fingerprint import to_oxigraph
from nerima_opendata.checks.rdf_load import to_rdflib
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
#: What finds a target's focus nodes; ``$target`` is substituted.
_FOCUS = {
    SH.targetClass: "SELECT DISTINCT ?f ?target WHERE { ?f a/<http://www.w3.org/2000/01/"
    "rdf-schema#subClassOf>* ?target }",
    SH.targetSubjectsOf: "SELECT DISTINCT ?f ?target WHERE { ?f ?target ?o }",
    SH.targetObjectsOf: "SELECT DISTINCT ?f ?target WHERE { ?s ?target ?f }",
}
#: A SELECT whose projection holds ``$this`` (pyoxigraph substitutes only a projected
#: variable; a query that does not project it stays with pyshacl).
_PROJECTS_THIS = re.compile(r"\bSELECT\s[^{]*?([?$]this\b|\*)", re.IGNORECASE)


@dataclass(frozen=True)
class SparqlShape:
    """A node shape's SELECT constraint, ready to run.

    Attributes:
        targets: ``(target predicate, its object)`` pairs.
        query: The SELECT query.
        prefixes: prefix → namespace, from ``sh:prefixes``.
        messages: The constraint's ``sh:message`` values (the shape's, when it has none).
    """

    targets: tuple[tuple[URIRef, Node], ...]
    query: str
    prefixes: tuple[tuple[str, str], ...]
    messages: tuple[Literal, ...]


@dataclass(frozen=True)
class SparqlResult:
    """One validation result: focus node, path, value, and the messages (filled in)."""

    focus: Node
    path: Node | None
    value: Node
    messages: tuple[Literal, ...]


def _deactivated(shapes: Graph, node: Node) -> bool:
    return any(v.toPython() is True for v in shapes.objects(node, SH.deactivated))  # type: ignore[attr-defined]


def _prefixes(shapes: Graph, constraint: Node) -> tuple[tuple[str, str], ...]:
    found = {}
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return tuple(sorted(found.items()))


def _constraints(shapes: Graph, shape: Node) -> Iterator[SparqlShape] | None:
    """The shape's SELECT constraints; None when pyshacl must run the shape."""
    targets = tuple(
        (p, o) for p in _TARGETS for o in shapes.objects(shape, p) if isinstance(p, URIRef)
    )
    if not targets or (shape, RDF.type, SH.PropertyShape) in shapes:
        return None
    if any((shape, p, None) in shapes for p in (SH.target, SH.path)):
        return None
    if (shape, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in shapes:
        return None  # an implicit class target
    own = tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
    made = []
    for constraint in shapes.objects(shape, SH.sparql):
        select = shapes.value(constraint, SH.select)
        if select is None or not _PROJECTS_THIS.search(str(select)):
            return None
        if _deactivated(shapes, constraint):
            continue
        messages = tuple(
            m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal)
        )
        made.append(
            SparqlShape(targets, str(select), _prefixes(shapes, constraint), messages or own)
        )
    return iter(made)


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
        if not _deactivated(shapes, shape):
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


def to_store(graph: Graph) -> ox.Store:
    """An in-memory pyoxigraph store of the graph's statements."""
    store = ox.Store()
    store.bulk_extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    return store


def _focus_nodes(store: ox.Store, shape: SparqlShape) -> list[_Focus]:
    found: dict[str, _Focus] = {}
    for predicate, target in shape.targets:
        term = to_oxigraph(target)
        if predicate == SH.targetNode:
            found[str(term)] = term  # whether the graph has it or not, as pyshacl
            continue
        for solution in store.query(_FOCUS[predicate], substitutions={ox.Variable("target"): term}):  # type: ignore[union-attr]
            node = solution["f"]
            found[str(node)] = node
    return [found[key] for key in sorted(found)]


def _message(template: Literal, bindings: dict[str, Node]) -> Literal:
    text = str(template)
    for name, value in bindings.items():
        text = re.sub(f"{{[?$]{name}}}", str(value), text)
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
        yield SparqlResult(bound.get("this", node), bound.get("path"), value, messages)


def run_sparql_shapes(
    store: ox.Store,
    shapes: Iterable[SparqlShape] | None = None,
    focus_nodes: Iterable[Node] | None = None,
) -> list[SparqlResult]:
    """Every result of the SPARQL constraints over the store's default graph.

    Args:
        store: The data graph (with the vocabulary), in pyoxigraph.
        shapes: The constraints; by default those of the shipped shapes.
        focus_nodes: Validate only these focus nodes (as pyshacl's ``focus_nodes``).
    """
    # as pyshacl: an empty list is no restriction, and only IRIs are kept
    named = [str(n) for n in focus_nodes or () if isinstance(n, URIRef)]
    chosen = {str(ox.NamedNode(n)) for n in named} if focus_nodes else None
    results: list[SparqlResult] = []
    for shape in _shipped_split()[1] if shapes is None else shapes:
        for focus in _focus_nodes(store, shape):
            if chosen is None or str(focus) in chosen:
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
        report.add((node, SH.resultSeverity, SH.Violation))
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
