"""The cube checks that do not scale as SHACL-SPARQL: IC-12 and the budget book's totals.

* :func:`duplicate_observations`: the Data Cube's IC-12 (no two observations of a data
  set with the same dimension values), in linear time; ``vocab/shapes.ttl`` holds the
  official query, deactivated, and its message;
* :func:`check_book_totals`: a budget book's cube against its CSV lines.
"""

from __future__ import annotations

from typing import Any, cast

from rdflib import Graph
from rdflib.namespace import QB, RDF, SH
from rdflib.term import Node, URIRef

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.rdf_load import shapes_graph
from nerima_opendata.checks.report import ReportError
from nerima_opendata.model import Budget
from nerima_opendata.rdf.vocab import NB, SHAPES

__all__ = ["check_book_totals", "duplicate_observations"]


def _short(node: Node, graph: Graph) -> str:
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except ValueError:  # pragma: no cover - normalizeUri falls back on its own
            return str(node)
    return str(node)


def _ic12_message() -> str:
    """The message of the shapes' IC-12 (deactivated there, run here)."""
    shapes = shapes_graph()
    constraint = shapes.value(SHAPES["IC-12"], SH.sparql)
    return str(shapes.value(constraint, SH.message))


def _same_dimensions(a: list[frozenset[Node]], b: list[frozenset[Node]]) -> bool:
    """IC-12's test of a pair: no dimension on which the two have different values."""
    return not any(x != y for va, vb in zip(a, b, strict=True) for x in va for y in vb)


def duplicate_observations(data: Graph, file: str | None) -> list[ReportError]:
    """IC-12 No duplicate observations, in linear time, with the same findings as the
    shapes' query: the observations of each data set whose dimensions each hold one value
    are grouped by those values; any other observation is compared with every one."""
    message = _ic12_message()
    errors = []
    for dataset in sorted(set(data.subjects(RDF.type, QB.DataSet)), key=str):
        dsd = data.value(dataset, QB.structure)
        dimensions = sorted(
            {
                p
                for c in data.objects(dsd, QB.component)
                for p in data.objects(c, QB.componentProperty)
                if (p, RDF.type, QB.DimensionProperty) in data
            },
            key=str,
        )
        values = {
            obs: [frozenset(data.objects(obs, d)) for d in dimensions]
            for obs in data.subjects(QB.dataSet, dataset)
        }
        groups: dict[tuple[frozenset[Node], ...], list[Node]] = {}
        pairs = set()
        for obs, found in values.items():
            if all(len(v) == 1 for v in found):
                groups.setdefault(tuple(found), []).append(obs)
            else:
                pairs |= {
                    (o, obs)
                    for o, other in values.items()
                    if o != obs and _same_dimensions(found, other)
                }
        for group in groups.values():
            pairs |= {(a, b) for a in group for b in group if a != b}
        for this, other in pairs | {(b, a) for a, b in pairs}:
            errors.append(
                ReportError(
                    kind=ErrorTypes.SHACL_VIOLATION,
                    message=f"{_short(this, data)}: "
                    + message.replace("{?other}", _short(other, data)),
                    file=file,
                    expected="sh:SPARQLConstraintComponent",
                )
            )
    return errors


_BOOK_TOTALS = """
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
SELECT ?line ?lineAmount ?obsAmount ?class WHERE {
    ?kind nb:primary true .
    ?obs nb:amountKind ?kind ; nb:line ?line ; nb:amount ?obsAmount .
    ?line nb:amount ?lineAmount ; nb:classification ?class .
}"""


def check_book_totals(
    graph: Graph, budget: Budget, *, file: str | None = None
) -> list[ReportError]:
    """A budget book's cube against its CSV lines: each line's amount equals its
    observation of the primary kind, and the total of each 款 (and of the whole book)
    over the observations equals the CSV's.

    Args:
        graph: The budget graph (Turtle) of a book publication.
        budget: The budget read from the CSV tables.
        file: The file name to put on each error.

    Returns:
        One error per line or 款 whose amounts differ.
    """
    errors = []
    by_node: dict[str, int] = {}
    for row in cast("Any", graph.query(_BOOK_TOTALS)):
        node = graph.value(row[3], NB.identifier)
        if row[1] != row[2]:
            errors.append(_amount_error(f"the line {row[0]}", row[2], row[1], file))
        kan = "-".join(str(node).split("-")[:3])
        by_node[kan] = by_node.get(kan, 0) + int(row[2])
    expected: dict[str, int] = {}
    for line in budget.lines:
        kan = "-".join(line.classification_id.split("-")[:3])
        expected[kan] = expected.get(kan, 0) + line.amount
    by_node["total"], expected["total"] = sum(by_node.values()), budget.total
    for key in sorted(expected.keys() | by_node.keys()):
        if by_node.get(key) != expected.get(key):
            errors.append(_amount_error(f"款 {key}", by_node.get(key), expected.get(key), file))
    return errors


def _amount_error(what: str, found: object, expected: object, file: str | None) -> ReportError:
    return ReportError(
        ErrorTypes.RDF_MISMATCH,
        f"{what}: the observations of the primary amount kind do not sum to the CSV's",
        file=file,
        found=str(found),
        expected=str(expected),
    )
