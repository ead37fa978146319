"""A query translated once and evaluated with each focus node's bindings gives what
rdflib gives when it parses the text every time: every SHACL-SPARQL query of the shapes,
over Nerima's graph, whole and with an observation's measure removed."""

from __future__ import annotations

from typing import Any, cast

import pytest
from rdflib import Graph
from rdflib.namespace import QB, RDF, SH
from rdflib.query import ResultRow
from rdflib.term import Identifier, URIRef

from nerima_opendata.checks.rdf_load import shapes_graph, vocab_graph
from nerima_opendata.checks.sparql_cache import TranslatedOnce, translated_once
from nerima_opendata.model import Budget
from nerima_opendata.rdf.vocab import NB
from nerima_opendata.writers.rdf import to_graph

_SHAPES = shapes_graph()
_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _SHAPES.namespaces())
QUERIES = {
    str(shape).rsplit("#", 1)[-1]: _PREFIXES + str(text).replace("$this", "?this")
    for shape, constraint in _SHAPES.subject_objects(SH.sparql)
    for text in _SHAPES.objects(constraint, SH.select)
}


def _data(budget: Budget, damaged: bool) -> Graph:
    graph = to_graph(budget)
    if damaged:
        observation = next(graph.subjects(RDF.type, QB.Observation))
        graph.remove((observation, NB.amount, None))
    return graph + vocab_graph()


def _rows(graph: Graph, text: str, processor: Any, node: Identifier) -> list[Any]:
    found = graph.query(text, processor=processor, initBindings={"this": node})
    return sorted((sorted(cast(ResultRow, row).asdict().items()) for row in found), key=repr)


def _answers(graph: Graph, text: str, processor: Any) -> list[list[Any]]:
    kinds = (QB.DataSet, NB.Budget)
    focus = sorted({cast(URIRef, s) for kind in kinds for s in graph.subjects(RDF.type, kind)})
    return [_rows(graph, text, processor, node) for node in focus]


@pytest.mark.parametrize("damaged", [False, True], ids=["whole", "measure-removed"])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_translated_once_answers_as_rdflib(budget: Budget, name: str, damaged: bool) -> None:
    graph = _data(budget, damaged)
    expected = _answers(graph, QUERIES[name], "sparql")
    for _ in range(2):  # the second time from the kept translation
        assert _answers(graph, QUERIES[name], TranslatedOnce(graph)) == expected
    if damaged and name == "IC-14":
        assert any(expected)  # the removed measure is found


def test_the_registry_is_restored() -> None:
    graph = Graph()
    with translated_once():
        assert graph.query("ASK {}").askAnswer is True
    from rdflib import plugin
    from rdflib.query import Processor

    assert plugin.get("sparql", Processor) is not TranslatedOnce
