"""pyshacl with each property shape validated once for all its value nodes finds exactly
what it finds one value node at a time: the same errors for every broken graph of the
SHACL tests (brochure and book, one break and all at once), on the whole graph and on
focus nodes (the SHACL sample)."""

from __future__ import annotations

import contextlib
from typing import cast

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import QB, RDF, SKOS

import nerima_opendata
from nerima_opendata.checks import shacl_batches
from nerima_opendata.checks.linked import check_shacl
from nerima_opendata.checks.report import ReportError
from nerima_opendata.checks.shacl_batches import batched_property_shapes
from nerima_opendata.model import Budget
from nerima_opendata.writers.dcat import to_dcat
from nerima_opendata.writers.rdf import to_graph
from tests.test_book import book
from tests.test_rdf_book import BROKEN, NEGATIVE, PREFIXES
from tests.test_shacl import FILES, INVALID, small_budget

_BROCHURE = {p.stem: [p.read_text(encoding="utf-8")] for p in sorted(INVALID.glob("*.ru"))}
_BOOK = {
    **{name: [PREFIXES + update] for name, (update, _) in BROKEN.items()},
    **{name: [PREFIXES + u for u in updates] for name, (updates, _) in NEGATIVE.items()},
}
_CONFORMING = {name for name, (_, conforms) in NEGATIVE.items() if conforms}

#: (graph, name, its updates, whether SHACL finds an error): each break alone, every
#: break at once, and none
CASES: list[tuple[str, str, list[str], bool]] = [
    *(("brochure", name, updates, True) for name, updates in _BROCHURE.items()),
    ("brochure", "every-break", [u for updates in _BROCHURE.values() for u in updates], True),
    ("brochure", "none", [], False),
    *(("book", name, updates, name not in _CONFORMING) for name, updates in _BOOK.items()),
    ("book", "every-break", [u for updates in _BOOK.values() for u in updates], True),
    ("book", "none", [], False),
]


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    brochure = small_budget()
    return {
        "brochure": to_graph(brochure) + to_dcat(brochure, FILES),
        "book": to_graph(Budget(**book())),
    }


def _focus(graph: Graph) -> list[URIRef]:
    """Some observations and a concept, as the sample picks nodes of each class."""
    observations = sorted(cast(URIRef, s) for s in graph.subjects(RDF.type, QB.Observation))
    concepts = sorted(cast(URIRef, s) for s in graph.subjects(RDF.type, SKOS.Concept))
    return [*observations[::3], *concepts[:3]]


def _errors(graph: Graph, focus: list[URIRef] | None, batched: bool) -> list[ReportError]:
    copy = Graph() + graph
    with pytest.MonkeyPatch.context() as patch:
        if not batched:
            patch.setattr(shacl_batches, "batched_property_shapes", contextlib.nullcontext)
        return check_shacl(copy, file="x.ttl", focus_nodes=focus)


def _broken(graph: Graph, updates: list[str]) -> Graph:
    graph = Graph() + graph
    for update in updates:
        graph.update(update)
    return graph


@pytest.mark.parametrize(
    ("kind", "name", "updates", "found"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_the_same_errors_batched_or_one_by_one(
    graphs: dict[str, Graph], kind: str, name: str, updates: list[str], found: bool
) -> None:
    graph = _broken(graphs[kind], updates)
    expected = _errors(graph, None, batched=False)
    assert _errors(graph, None, batched=True) == expected
    assert bool(expected) is found, (name, expected)


@pytest.mark.parametrize("kind", ["brochure", "book"])
@pytest.mark.parametrize("broken", [False, True], ids=["none", "every-break"])
def test_the_same_errors_on_focus_nodes(graphs: dict[str, Graph], kind: str, broken: bool) -> None:
    name = "every-break" if broken else "none"
    graph = _broken(graphs[kind], next(c[2] for c in CASES if c[:2] == (kind, name)))
    expected = _errors(graph, _focus(graph), batched=False)
    assert _errors(graph, _focus(graph), batched=True) == expected
    assert bool(expected) is broken


def test_the_whole_brochure_conforms_either_way() -> None:
    budget = nerima_opendata.load_budget()
    graph = to_graph(budget) + to_dcat(budget, FILES)
    assert _errors(graph, None, batched=True) == _errors(graph, None, batched=False) == []


def test_pyshacl_is_restored() -> None:
    from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent

    before = PropertyConstraintComponent._evaluate_property_shape
    with batched_property_shapes():
        assert PropertyConstraintComponent._evaluate_property_shape is not before
    assert PropertyConstraintComponent._evaluate_property_shape is before


_EX = "@prefix ex: <urn:ex:> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
_XSD = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"

#: (shapes, data, whether pyshacl stops at the first failure) that pyshacl's own code
#: must run: ``abort_on_first``, and a property shape of literal value nodes that rdflib
#: finds equal (``"t"@EN`` and ``"t"@en``)
LEFT_TO_PYSHACL: list[tuple[str, str, str, bool]] = [
    (
        "abort-on-first",
        _EX + _XSD + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P . "
        "ex:P sh:path ex:p ; sh:minCount 1 ; sh:datatype xsd:integer .",
        _EX + 'ex:a1 a ex:C . ex:a2 a ex:C ; ex:p "x" .',
        True,
    ),
    (
        "equal-literals",
        _EX + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:l ; "
        "sh:property [ sh:path [ sh:inversePath ex:l ] ; sh:maxCount 1 ] ] .",
        _EX + 'ex:a a ex:C ; ex:l "t"@EN . ex:b a ex:C ; ex:l "t"@en . ex:c ex:l "t"@EN .',
        False,
    ),
]


def _results(shapes: str, data: str, abort_on_first: bool, batched: bool) -> int:
    import pyshacl

    manager = batched_property_shapes() if batched else contextlib.nullcontext()
    with manager:
        _, results, _ = pyshacl.validate(
            Graph().parse(data=data, format="turtle"),
            shacl_graph=Graph().parse(data=shapes, format="turtle"),
            inference="none",
            abort_on_first=abort_on_first,
        )
    return len(
        set(results.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#ValidationResult")))
    )


@pytest.mark.parametrize(
    ("name", "shapes", "data", "abort_on_first"),
    LEFT_TO_PYSHACL,
    ids=[c[0] for c in LEFT_TO_PYSHACL],
)
def test_what_is_left_to_pyshacl_gives_its_results(
    name: str, shapes: str, data: str, abort_on_first: bool
) -> None:
    expected = _results(shapes, data, abort_on_first, batched=False)
    assert expected > 0
    assert _results(shapes, data, abort_on_first, batched=True) == expected
