"""The built DCAT file against the official DCAT-AP 3.0.1 SHACL shapes (real pyshacl).

The shapes are vendored in ``tests/data/dcat-ap-3.0.1`` (see its README: source, commit,
SHA-256, licence). The base shapes and the ranges must give no result at all; the
controlled-vocabulary shapes give exactly the documented exceptions
(:data:`MDR_EXCEPTIONS`, also listed in ``docs/quickstart-linked-data.md``).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, SH
from rdflib.term import Node

from nerima_opendata.rdf.namespaces import DCAT3 as DCAT
from nerima_opendata.rdf.namespaces import SPDX

SHAPES = Path(__file__).resolve().parent.parent / "data" / "dcat-ap-3.0.1"

#: The vendored files and their SHA-256, as the README states them.
DIGESTS = {
    "dcat-ap-SHACL.ttl": "990d3e42721de6a4be8cc338a7171559f195e62dea89c0b56531356b78cc026f",
    "ranges.ttl": "a6eed0fae8d0f5ca977fe2098ca12081ac60b0efe1ddce802d5c08e49505ebcc",
    "mdr-vocabularies.shape.ttl": (
        "2362f83971766a15cc20b2b54420022dc10547dd2c483da02080847c61b4b45a"
    ),
}

_PUBLISHER_OUTSIDE_EU = (
    "the publisher is a Japanese municipality, in no EU corporate-body table (and the "
    "release's CorporateBodyRestriction asks for the frequency table: upstream bug)"
)
_SPATIAL_ESTAT = (
    "the spatial coverage is the e-Stat statistical area (統計LOD), which is in no EU "
    "country, place or continent table nor GeoNames"
)
_OWN_CATEGORY = (
    "the second theme is the Japanese catalog category 行財政, a concept of our own, "
    "not in the EU data-theme table (the EU theme GOVE is given too)"
)
#: The paths of the exceptions, as the docs write them.
PATHS: dict[Node | None, str] = {
    DCTERMS.publisher: "dct:publisher",
    DCTERMS.spatial: "dct:spatial",
    DCAT.theme: "dcat:theme",
    SPDX.algorithm: "spdx:algorithm",
}
#: (subject, path) → why the controlled-vocabulary shapes still report it.
MDR_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("catalog", "dct:publisher"): _PUBLISHER_OUTSIDE_EU,
    ("dataset", "dct:publisher"): _PUBLISHER_OUTSIDE_EU,
    ("series", "dct:publisher"): _PUBLISHER_OUTSIDE_EU,
    ("dataset", "dct:spatial"): _SPATIAL_ESTAT,
    ("series", "dct:spatial"): _SPATIAL_ESTAT,
    ("dataset", "dcat:theme"): _OWN_CATEGORY,
    ("series", "dcat:theme"): _OWN_CATEGORY,
    ("checksum", "spdx:algorithm"): (
        "SPDX's namespace is http://spdx.org/rdf/terms#, while the release's "
        "ChecksumAlgorithmRestriction expects https://spdx.org/rdf/terms (upstream bug)"
    ),
}


@cache
def shapes(*names: str) -> Graph:
    """The named shape files as one graph, without dangling ``sh:property`` references.

    A few references name a property shape that no file defines (no triple at all, so
    no constraint); pyshacl rejects them as ill-formed, so they are left out.
    """
    graph = Graph()
    for name in names:
        graph.parse(SHAPES / name, format="turtle")
    for shape, prop in list(graph.subject_objects(SH.property)):
        if (prop, None, None) not in graph:
            graph.remove((shape, SH.property, prop))
    return graph


def results(data: Graph, *names: str) -> list[tuple[Node | None, Node | None, Node | None]]:
    """The top-level results: ``(focus node, path, severity)``."""
    from pyshacl import validate

    _, report, _ = validate(data, shacl_graph=shapes(*names), inference="none", advanced=True)
    assert isinstance(report, Graph)
    found = []
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for result in report.objects(top, SH.result):
            found.append(
                (
                    report.value(result, SH.focusNode),
                    report.value(result, SH.resultPath),
                    report.value(result, SH.resultSeverity),
                )
            )
    return found


def role(data: Graph, node: Node | None) -> str:
    """What a focus node is, for the exceptions: catalog, series, dataset, checksum…"""
    types = set(data.objects(node, RDF.type))
    for cls, name in (
        (DCAT.Catalog, "catalog"),
        (DCAT.DatasetSeries, "series"),
        (DCAT.Dataset, "dataset"),
        (SPDX.Checksum, "checksum"),
        (DCAT.Distribution, "distribution"),
    ):
        if cls in types:
            return name
    return str(node)


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_the_vendored_shapes_are_the_official_bytes(name: str) -> None:
    digest = hashlib.sha256((SHAPES / name).read_bytes()).hexdigest()
    assert digest == DIGESTS[name]
    assert digest in (SHAPES / "README.md").read_text(encoding="utf-8")


def test_no_result_of_the_base_shapes_and_ranges(dcat_graph: Graph) -> None:
    assert results(dcat_graph, "dcat-ap-SHACL.ttl", "ranges.ttl") == []


def test_the_controlled_vocabularies_give_only_the_documented_exceptions(
    dcat_graph: Graph,
) -> None:
    found = results(dcat_graph, "mdr-vocabularies.shape.ttl")
    keys = {(role(dcat_graph, focus), PATHS.get(path, str(path))) for focus, path, _ in found}
    assert keys == set(MDR_EXCEPTIONS)


@pytest.mark.parametrize("key", list(MDR_EXCEPTIONS), ids="-".join)
def test_each_exception_is_documented(key: tuple[str, str]) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "quickstart-linked-data.md").read_text(
        encoding="utf-8"
    )
    subject, path = key
    assert f"| {subject} | `{path}` | {MDR_EXCEPTIONS[key]} |" in docs
