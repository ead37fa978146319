"""SHACL: our data conforms, and each broken graph fails with the right sh:message.

Each file in ``tests/data/invalid_rdf/`` is a SPARQL Update that breaks one thing in a
valid graph. The graph is built from a small budget (two pillars, two projects each) so
the SHACL-SPARQL Data Cube constraints stay quick; the full budget is validated once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

import nerima_opendata
from nerima_opendata.checks.linked import check_shacl
from nerima_opendata.model import (
    TARGET_TABLES,
    Budget,
    BudgetPhase,
    Certainty,
    EditorialKind,
)
from nerima_opendata.rdf.vocab import CLASS_OF, FIELD_TERMS, NB, load_shapes, vocab_file
from nerima_opendata.writers.dcat import to_dcat
from nerima_opendata.writers.rdf import to_graph

INVALID = Path(__file__).parent / "data" / "invalid_rdf"

FILES = [
    ("131202_budget.ttl", "text/turtle", 112664, "ab" * 32),
    ("131202_budget_projects.csv", "text/csv", 4825, "cd" * 32),
]

#: Broken graph → a message SHACL must report (a substring of one sh:message).
CASES = {
    "missing-amount": "nb:amount: exactly one amount is required",
    "negative-amount": "nb:amount: an amount is never negative",
    "amount-as-string": "nb:amount: an amount is an exact xsd:integer",
    "amount-as-double": "nb:amount: an amount is an exact xsd:integer",
    "observation-missing-dimension": "IC-11 All dimensions required",
    "duplicate-observation": "IC-12 No duplicate observations",
    "unknown-tag-concept": "nb:tag: every tag of an initiative is a skos:Concept of its "
    "budget's tag scheme",
    "tag-not-listed-by-the-budget": "nb:tag: every tag of an initiative is a skos:Concept of its "
    "budget's tag scheme",
    "rdfs-label-without-language": "rdfs:label: labels are language-tagged",
    "label-without-language": "nb:title: titles are language-tagged",
    "initiative-without-project": "nb:project: an initiative belongs to exactly one nb:Project",
    "two-titles-in-one-language": "nb:title: titles are language-tagged",
    "observation-without-dataset": "IC-1 Unique DataSet",
    "dataset-without-structure": "IC-2 Unique DSD",
    "observation-without-measure": "IC-14 All measures present",
    "phase-not-in-code-list": "IC-19 Codes from code list",
    "distribution-without-access-url": "dcat:accessURL: a distribution has an access URL",
    "byte-size-as-integer": "dcat:byteSize: one xsd:nonNegativeInteger",
    "distribution-without-checksum": "a distribution has its size and SHA-256, unless",
    "inferred-link-not-stated": "rdf:Statement: the link a statement marks is stated in the data",
    "inferred-link-without-certainty": "nb:certainty: a marked link is confirmed or inferred",
}


def small_budget() -> Budget:
    """The shipped budget cut down to two pillars with two projects each."""
    full = nerima_opendata.load_budget()
    pillars = full.pillars[:2]
    projects = tuple(
        p for p in full.projects if p.pillar_id in {x.id for x in pillars} and p.order <= 2
    )
    project_ids = {p.id for p in projects}
    initiatives = tuple(i for i in full.initiatives if i.project_id in project_ids)
    initiative_ids = {i.id for i in initiatives}
    glossary = tuple(g for g in full.glossary if g.initiative_id in initiative_ids)
    kept = {
        "budget": {full.info.id},
        "pillars": {p.id for p in pillars},
        "projects": project_ids,
        "initiatives": initiative_ids,
        "glossary": {g.id for g in glossary},
    }
    notes = tuple(e for e in full.editorial_notes if e.target_id in kept[e.target_table])
    return Budget(
        info=full.info,
        pillars=pillars,
        projects=projects,
        initiatives=initiatives,
        tags=full.tags,
        glossary=glossary,
        editorial_notes=notes,
    )


@pytest.fixture(scope="module")
def small_graph() -> Graph:
    budget = small_budget()
    return to_graph(budget) + to_dcat(budget, FILES)


def test_full_publication_conforms() -> None:
    budget = nerima_opendata.load_budget()
    assert check_shacl(to_graph(budget) + to_dcat(budget, FILES)) == []


def test_small_graph_conforms(small_graph: Graph) -> None:
    assert check_shacl(small_graph) == []


def test_every_case_has_a_file() -> None:
    assert sorted(p.stem for p in INVALID.glob("*.ru")) == sorted(CASES)


@pytest.mark.parametrize(("case", "message"), sorted(CASES.items()), ids=sorted(CASES))
def test_broken_graph_fails_with_its_message(small_graph: Graph, case: str, message: str) -> None:
    graph = Graph() + small_graph
    graph.update((INVALID / f"{case}.ru").read_text(encoding="utf-8"))
    assert set(graph) != set(small_graph), f"{case}: the update changed nothing"
    errors = check_shacl(graph, file="broken.ttl")
    assert errors, f"{case}: SHACL found nothing"
    assert any(message in e.message for e in errors), [e.message for e in errors]
    assert all(e.type == "shacl-violation" and e.file == "broken.ttl" for e in errors)


def test_every_constraint_has_a_message() -> None:
    shapes = load_shapes()
    constraints = list(shapes.objects(None, SH.property)) + list(shapes.objects(None, SH.sparql))
    assert constraints
    for constraint in constraints:
        assert shapes.value(constraint, SH.message) is not None, constraint


def test_every_class_used_has_a_shape() -> None:
    budget = nerima_opendata.load_budget()
    data = to_graph(budget) + to_dcat(budget, FILES)
    shapes = load_shapes()
    targeted = set(shapes.objects(None, SH.targetClass))
    used = set(data.objects(None, RDF.type))
    assert used - targeted == set()


def _in_lists(path: str) -> list[set[str]]:
    """Every sh:in list of the property shapes on one path, as sets of values."""
    shapes = Graph().parse(vocab_file("shapes"))
    lists = []
    for shape in shapes.subjects(SH.path, URIRef(NB[path])):
        for head in shapes.objects(shape, SH["in"]):
            lists.append({str(v).rsplit("/", 1)[-1] for v in Collection(shapes, head)})
    return lists


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("phase", {p.value for p in BudgetPhase}),
        ("kind", {k.value for k in EditorialKind}),
        ("certainty", {c.value for c in Certainty}),
        ("targetTable", set(TARGET_TABLES)),
    ],
)
def test_shape_code_lists_equal_the_models(path: str, values: set[str]) -> None:
    """The sh:in lists of the shapes are hand-written Turtle: tie each to its enum."""
    lists = _in_lists(path)
    assert lists, path
    assert all(found == values for found in lists), (path, lists)


#: Fields the model derives when they are not given (so every record has them in RDF).
_DERIVED = {("BudgetInfo", f) for f in ("id", "fiscal_year_label", "phase_label", "currency")}


def _min_counts(shapes: Graph, cls: URIRef) -> dict[object, int]:
    found: dict[object, int] = {}
    for shape in set(shapes.subjects(SH.targetClass, cls)):
        for prop in shapes.objects(shape, SH.property):
            least = shapes.value(prop, SH.minCount)
            path = shapes.value(prop, SH.path)
            found[path] = max(found.get(path, 0), int(str(least)) if least is not None else 0)
    return found


def test_shapes_require_what_the_models_require() -> None:
    """A field the model requires has ``sh:minCount 1`` in its class's shape, and an
    optional one has none: the shapes follow the models (classes whose shape targets them
    by class; code-list concepts are shaped through their scheme)."""
    shapes = load_shapes()
    mismatched = []
    for (model, field), term in FIELD_TERMS.items():
        if term.term is None or term.language == "en" or model not in CLASS_OF:
            continue
        counts = _min_counts(shapes, CLASS_OF[model])
        if not counts or term.term not in counts:
            continue  # a concept shaped through its scheme (tags, code list, amount kinds)
        required = model.model_fields[field].is_required() or (model.__name__, field) in _DERIVED
        if required != (counts[term.term] >= 1):
            mismatched.append(f"{model.__name__}.{field}")
    assert mismatched == []
