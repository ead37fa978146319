"""SHACL-SPARQL constraints run by pyoxigraph (``checks/shacl_sparql.py``) give the
results pyshacl gives for the same shapes and data: pyshacl is the oracle."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node, URIRef

from nerima_opendata.checks.shacl_sparql import (
    add_results,
    core_shapes,
    run_sparql_shapes,
    split_shapes,
    to_store,
)

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""

DATA = (
    PREFIXES
    + """
ex:Sub rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:amount -1 ; ex:name "a" .
ex:b a ex:Sub ; ex:amount 5 .
ex:c a ex:Other ; ex:amount -2 ; ex:link ex:a .
"""
)

_DECLARE = """
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""


def _shape(target: str, select: str, extra: str = "", message: str | None = None) -> str:
    """A node shape ex:S with one SPARQL constraint (message None: a default one; "": none)."""
    said = '"negative: {?value} of {$this}"@en , "負: {?value}"@ja' if message is None else message
    told = f"sh:message {said} ;" if said else ""
    return (
        PREFIXES
        + _DECLARE
        + f"""
ex:S a sh:NodeShape ; {target} ; {extra}
    sh:sparql [ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes ; {told}
        sh:select \"\"\"{select}\"\"\" ] .
"""
    )


_NEGATIVE = "SELECT $this ?value WHERE { $this ex:amount ?value . FILTER (?value < 0) }"
_PATHED = "SELECT $this ?path ?value WHERE { $this ?path ?value . FILTER (?path = ex:amount) }"
_NO_THIS = "SELECT ?value WHERE { $this ex:amount ?value . FILTER (?value < 0) }"
_STAR = "SELECT * WHERE { $this ex:amount ?value . FILTER (?value < 0) }"
_OTHER = "SELECT $this ?x WHERE { $this ex:link ?x }"
_TYPED = "SELECT $this ?value WHERE { $this rdf:type ?value . FILTER (?value = ex:Sub) }"
_FAILURE = "SELECT $this ?failure WHERE { $this ex:amount ?a . BIND (true AS ?failure) }"
_COUNT = "SELECT ?value (COUNT(*) AS ?n) WHERE { $this ex:amount ?value } GROUP BY ?value"
_COMMENTED = "# SELECT *\nSELECT ?value WHERE { $this ex:amount ?value }"

_THING = "sh:targetClass ex:Thing"


def _negative(extra: str) -> str:
    """The negative-amount constraint on ex:Thing, with ``extra`` on the shape."""
    return _shape(_THING, _NEGATIVE, extra)


#: (name, shapes, whether pyoxigraph runs the constraint (else pyshacl keeps it))
CASES: list[tuple[str, str, bool]] = [
    ("target-class-with-subclasses", _shape(_THING, _NEGATIVE), True),
    ("target-node", _shape("sh:targetNode ex:a , ex:b , ex:zz", _NEGATIVE), True),
    ("target-subjects-of", _shape("sh:targetSubjectsOf ex:amount", _NEGATIVE), True),
    ("target-objects-of", _shape("sh:targetObjectsOf ex:link", _NEGATIVE), True),
    ("path-and-value", _shape(_THING, _PATHED), True),
    ("other-variable", _shape("sh:targetClass ex:Other", _OTHER, message='"to {?x}"'), True),
    ("select-star", _shape(_THING, _STAR), True),
    ("deactivated-shape", _negative("sh:deactivated true ;"), True),
    ("no-this-in-the-projection", _shape(_THING, _NO_THIS), False),
    ("with-a-core-constraint", _negative("sh:closed false ;"), True),
    ("implicit-class-target", _negative("a rdfs:Class ;"), False),
    ("rdf-prefix-by-default", _shape(_THING, _TYPED), True),
    ("shape-and-constraint-messages", _negative('sh:message "of the shape {?value}" ;'), True),
    ("severity", _negative("sh:severity sh:Warning ;"), True),
    ("no-message", _shape(_THING, _NEGATIVE, message=""), False),
    ("failure-variable", _shape(_THING, _FAILURE), False),
    ("count-star-without-this", _shape(_THING, _COUNT), False),
    ("a-comment-with-select-star", _shape(_THING, _COMMENTED), False),
    ("deactivated-not-a-boolean", _negative('sh:deactivated "false" ;'), False),
    (
        "reached-by-sh-node",
        _shape("sh:targetNode ex:zz", _NEGATIVE)
        + "ex:Outer a sh:NodeShape ; sh:targetClass ex:Other ; "
        "sh:property [ sh:path ex:link ; sh:node ex:S ] .",
        False,
    ),
]


_Result = tuple[Node | None, Node | None, Node | None, Node | None, Node | None, frozenset[Node]]


def _results(report: Graph) -> set[_Result]:
    found: set[_Result] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = frozenset(report.objects(result, SH.resultMessage))
        found.add(
            (
                report.value(result, SH.focusNode),
                report.value(result, SH.resultPath),
                report.value(result, SH.value),
                report.value(result, SH.sourceConstraintComponent),
                report.value(result, SH.resultSeverity),
                messages,
            )
        )
    return found


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    assert isinstance(report, Graph)
    return report


@pytest.mark.parametrize(("name", "shapes_text", "taken"), CASES, ids=[c[0] for c in CASES])
def test_the_results_are_pyshacls(name: str, shapes_text: str, taken: bool) -> None:
    data = Graph().parse(data=DATA, format="turtle")
    shapes = Graph().parse(data=shapes_text, format="turtle")
    core, constraints = split_shapes(shapes)
    assert ((None, SH.sparql, None) not in core) is taken, name
    report = _pyshacl(data, core)
    add_results(report, run_sparql_shapes(to_store(data), constraints))
    assert _results(report) == _results(_pyshacl(data, shapes))
    if name not in ("deactivated-shape", "deactivated-not-a-boolean", "no-this-in-the-projection"):
        assert _results(report), name


def test_focus_nodes_restrict_as_in_pyshacl() -> None:
    """Only the IRIs given; an empty list restricts nothing."""
    data = Graph().parse(data=DATA, format="turtle")
    shapes = Graph().parse(data=_shape("sh:targetSubjectsOf ex:amount", _NEGATIVE), format="turtle")
    _, constraints = split_shapes(shapes)
    store = to_store(data)
    a, c = URIRef("http://example.org/a"), URIRef("http://example.org/c")
    cases: list[tuple[list[Node] | None, set[Node]]] = [
        (None, {a, c}),
        ([], {a, c}),
        ([a], {a}),
        ([a, Literal("http://example.org/c")], {a}),
    ]
    for focus_nodes, expected in cases:
        found = run_sparql_shapes(store, constraints, focus_nodes=focus_nodes)
        assert {r.focus for r in found} == expected, focus_nodes


def test_the_shipped_shapes_keep_no_sparql_constraint_they_need_not() -> None:
    """Every SPARQL constraint of vocab/shapes.ttl runs in pyoxigraph but IC-12 (deactivated,
    run in linear time by checks/linked_cube.py) and the property shapes' own."""
    kept = set(core_shapes().subjects(SH.sparql, None))
    assert kept == set()
