"""pyshacl with its membership tests made set lookups finds exactly what it finds with
its lists: the same errors, with focus nodes (the sample) and without; a HashedList
answers ``in`` as a list does."""

from __future__ import annotations

import contextlib
from typing import Any, cast

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import QB, RDF, SKOS

from nerima_opendata.checks import shacl_lookups
from nerima_opendata.checks.linked import check_shacl
from nerima_opendata.checks.report import ReportError
from nerima_opendata.checks.shacl_lookups import HashedList, hashed_lookups
from nerima_opendata.model import Budget
from nerima_opendata.rdf.vocab import NB
from nerima_opendata.writers.rdf import to_graph

_ITEMS = [URIRef("http://example.org/a"), Literal("a"), Literal("1", datatype=URIRef("x:i"))]

MEMBERSHIP: list[tuple[str, object]] = [
    ("the-same-iri", URIRef("http://example.org/a")),
    ("a-string-of-the-iri", "http://example.org/a"),
    ("a-literal-of-the-iri", Literal("http://example.org/a")),
    ("the-same-literal", Literal("a")),
    ("a-typed-literal", Literal("a", datatype=URIRef("x:i"))),
    ("a-tagged-literal", Literal("a", lang="ja")),
    ("a-blank-node", BNode("a")),
    ("an-unhashable-list", ["a"]),
]


@pytest.mark.parametrize(("name", "item"), MEMBERSHIP, ids=[c[0] for c in MEMBERSHIP])
def test_in_is_the_lists_answer(name: str, item: object) -> None:
    hashed = HashedList(_ITEMS)
    assert (item in hashed) is (item in _ITEMS)
    copied = hashed.copy()
    if isinstance(item, list):
        with pytest.raises(TypeError):
            copied.append(item)
        assert copied == _ITEMS
    else:
        copied.append(item)
        assert isinstance(copied, HashedList) and item in copied and len(hashed) == len(_ITEMS)


@pytest.mark.parametrize("change", ["extend", "insert", "remove", "pop", "clear"])
def test_only_append_changes_it(change: str) -> None:
    with pytest.raises(TypeError):
        getattr(HashedList(_ITEMS), change)()


def _damaged(budget: Budget) -> tuple[Graph, list[URIRef]]:
    """Nerima's graph with a measure and a label removed; focus nodes that include both."""
    graph = to_graph(budget)
    observations = sorted(cast(URIRef, s) for s in graph.subjects(RDF.type, QB.Observation))
    graph.remove((observations[0], NB.amount, None))
    concept = sorted(cast(URIRef, s) for s in graph.subjects(RDF.type, SKOS.Concept))[0]
    graph.remove((concept, SKOS.prefLabel, None))
    return graph, [*observations[:5], concept]


def _errors(graph: Graph, focus: list[URIRef] | None, hashed: bool) -> list[ReportError]:
    copy = Graph()
    copy += graph
    with pytest.MonkeyPatch.context() as patch:
        if not hashed:
            patch.setattr(shacl_lookups, "hashed_lookups", contextlib.nullcontext)
        return check_shacl(copy, file="x.ttl", focus_nodes=focus)


@pytest.mark.parametrize("sampled", [False, True], ids=["whole-graph", "focus-nodes"])
def test_the_same_errors_with_and_without(budget: Budget, sampled: bool) -> None:
    graph, focus = _damaged(budget)
    expected = _errors(graph, focus if sampled else None, hashed=False)
    assert len({e.message.split(": ")[0] for e in expected}) >= 2  # both damages found
    assert _errors(graph, focus if sampled else None, hashed=True) == expected


def test_pyshacl_is_restored() -> None:
    import pyshacl.shape
    from pyshacl.validator import Validator

    before: Any = (getattr(pyshacl.shape, "CONSTRAINT_PARAMS", None), Validator.make_executor)
    with hashed_lookups():
        assert isinstance(getattr(pyshacl.shape, "CONSTRAINT_PARAMS")[0], HashedList)  # noqa: B009
        assert Validator.make_executor is not before[1]
    assert (getattr(pyshacl.shape, "CONSTRAINT_PARAMS", None), Validator.make_executor) == before
