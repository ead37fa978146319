"""The vocabulary inside a publication: listed, copied byte for byte, and enough on its own.

A consumer who has only a publication's files loads them into a fresh Oxigraph store (the
budget into its graph, the vocabulary into :data:`VOCABULARY_GRAPH`) and there reads the
labels of the terms, runs the SHACL shapes (pyshacl, with the publication's shapes and
ontology files) and the RDF Data Cube integrity constraints (the IC-* SHACL-SPARQL
queries, read from the store and run by Oxigraph): both conform, and both fail once an
observation's measure is removed. No file of the repository's ``vocab/`` is read.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph
from rdflib.namespace import DCAT

from nerima_opendata import build, build_publication, validate
from nerima_opendata.model import Budget
from nerima_opendata.publication.layout import NTRIPLES, Layout, Publication, Role
from nerima_opendata.publication.vocabulary import (
    VOCABULARY,
    VOCABULARY_DIR,
    VOCABULARY_GRAPH,
    vocabulary_file,
)
from nerima_opendata.readers.package import read_descriptor
from nerima_opendata.sparql.triplestore import graph_iri
from tests.test_book import book

SH = "http://www.w3.org/ns/shacl#"
SHAPES_ONTOLOGY = "https://w3id.org/nerima-opendata/vocab/shapes"
KINDS = ["brochure", "book"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A brochure's publication (Nerima's, shipped) and a budget book's (synthetic)."""
    root = tmp_path_factory.mktemp("vocabulary")
    build_publication(root / "brochure")
    build(Budget(**book()), root / "book")
    return {"brochure": root / "brochure", "book": root / "book"}


def _only_the_files(publication: Path, tmp_path: Path) -> Path:
    """A copy of the publication, away from the repository."""
    copy = tmp_path / "downloaded"
    shutil.copytree(publication, copy)
    return copy


@pytest.mark.parametrize("kind", KINDS)
def test_the_vocabulary_is_listed_and_copied_byte_for_byte(
    built: dict[str, Path], kind: str
) -> None:
    directory = built[kind]
    resources = {r["name"]: r for r in read_descriptor(directory)["resources"]}
    layout = Layout("131202").with_role(Role.VOCABULARY)
    assert [f.name for f in layout] == [f.name for f in VOCABULARY]
    for file in VOCABULARY:
        resource = resources[file.name]
        assert resource["path"] == file.path
        assert resource["path"].startswith(f"{VOCABULARY_DIR}/")
        assert resource["mediatype"] == ("text/turtle" if file.is_rdf else "application/ld+json")
        assert " / " in resource["title"] and resource["description"]
        assert (directory / file.path).read_bytes() == file.source.read_bytes()
    dcat = Graph().parse(next(directory.glob("*_dcat.ttl")), format="turtle")
    media = {
        str(url).rsplit("/files/", 1)[1]: str(m)
        for d, url in dcat.subject_objects(predicate=DCAT.downloadURL)
        for m in dcat.objects(d, DCAT.mediaType)
    }
    assert media["vocab/shapes.ttl"].endswith("/text/turtle")
    assert media["vocab/context.jsonld"].endswith("/application/ld+json")


def _fresh_store(directory: Path) -> tuple[ox.Store, str]:
    """The publication's budget graph and vocabulary in a new store; the budget's graph."""
    found = Publication.read(directory)
    graph = graph_iri(directory)
    store = ox.Store()
    store.bulk_load(
        path=str(found.path(NTRIPLES)),
        format=ox.RdfFormat.N_TRIPLES,
        to_graph=ox.NamedNode(graph),
    )
    for file in VOCABULARY:
        if file.is_rdf:
            store.bulk_load(
                path=str(found.path(file.name)),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(VOCABULARY_GRAPH),
            )
    return store, graph


def _select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return [tuple("" if v is None else v.value for v in row) for row in result]


def _integrity_constraints(store: ox.Store) -> list[tuple[str, str, str]]:
    """The active IC-* constraints of the publication's shapes, read from the store:
    (shape, target class, query with the shapes' prefixes)."""
    prefixes = "".join(
        f"PREFIX {p}: <{ns}>\n"
        for p, ns in _select(
            store,
            f"SELECT ?p ?ns WHERE {{ GRAPH <{VOCABULARY_GRAPH}> {{ <{SHAPES_ONTOLOGY}> "
            f"<{SH}declare> [ <{SH}prefix> ?p ; <{SH}namespace> ?ns ] }} }}",
        )
    )
    rows = _select(
        store,
        f"SELECT ?shape ?target ?query WHERE {{ GRAPH <{VOCABULARY_GRAPH}> {{ "
        f"?shape <{SH}targetClass> ?target ; <{SH}sparql> [ <{SH}select> ?query ] . "
        f"FILTER (STRSTARTS(STR(?shape), '{SHAPES_ONTOLOGY}#IC-')) "
        f"FILTER NOT EXISTS {{ ?shape <{SH}deactivated> true }} }} }} ORDER BY ?shape",
    )
    return [(shape, target, prefixes + query) for shape, target, query in rows]


def _cube_violations(store: ox.Store) -> dict[str, int]:
    """Each active IC-* constraint run by Oxigraph on every focus node of its target
    class, ``$this`` pre-bound (substituted) as SHACL-SPARQL does: violations by shape."""
    found: dict[str, int] = {}
    for shape, target, query in _integrity_constraints(store):
        name = shape.rsplit("#", 1)[1]
        found[name] = 0
        for (focus,) in _select(store, f"SELECT ?f WHERE {{ ?f a <{target}> }}"):
            projected = re.sub(r"SELECT \$this(\s+WHERE)", r"SELECT *\1", query)
            projected = projected.replace("SELECT $this ", "SELECT ")
            bound = projected.replace("$this", f"<{focus}>")
            found[name] += len(_select(store, bound))
    return found


def _shacl(directory: Path, store: ox.Store, graph: str) -> tuple[bool, str]:
    """pyshacl over the budget graph read back from the store, with the publication's
    own ontology, code lists and cube structure, and its shapes."""
    data = Graph()
    triples = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(triples, ox.QueryTriples)
    data.parse(data=triples.serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
    for role in ("ontology", "schemes", "dsd"):
        data.parse(directory / vocabulary_file(f"vocab-{role}").path, format="turtle")
    shapes = Graph().parse(directory / vocabulary_file("vocab-shapes").path, format="turtle")
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=False
    )
    return bool(conforms), str(text)


@pytest.mark.parametrize("kind", KINDS)
def test_the_publications_own_files_validate_in_a_fresh_store(
    built: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    directory = _only_the_files(built[kind], tmp_path)
    store, graph = _fresh_store(directory)
    labels = _select(
        store,
        f"SELECT ?label WHERE {{ GRAPH <{VOCABULARY_GRAPH}> {{ "
        "<https://w3id.org/nerima-opendata/vocab#Budget> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?label",
    )
    assert len(labels) >= 2  # in Japanese and in English
    assert any(label.isascii() for (label,) in labels)
    assert any(not label.isascii() for (label,) in labels)
    violations = _cube_violations(store)
    assert set(violations) >= {"IC-2", "IC-11", "IC-14", "IC-19"}
    assert "IC-12" not in violations  # deactivated in the shapes (run in linear time)
    assert violations == dict.fromkeys(violations, 0)
    conforms, text = _shacl(directory, store, graph)
    assert conforms, text


@pytest.mark.parametrize("kind", KINDS)
def test_an_observation_without_its_measure_fails_in_the_store(
    built: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    directory = _only_the_files(built[kind], tmp_path)
    store, graph = _fresh_store(directory)
    observation, measure = _select(
        store,
        "PREFIX qb: <http://purl.org/linked-data/cube#> SELECT ?obs ?measure WHERE { "
        "?obs qb:dataSet ?ds . ?ds qb:structure/qb:component/qb:measure ?measure . "
        "?obs ?measure ?v } ORDER BY ?obs LIMIT 1",
    )[0]
    nt = Publication.read(directory).path(NTRIPLES)
    lines = nt.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"<{observation}> <{measure}> ")]
    assert len(kept) == len(lines) - 1
    nt.write_text("".join(kept), encoding="utf-8")
    store, graph = _fresh_store(directory)
    assert _cube_violations(store)["IC-14"] == 1
    conforms, text = _shacl(directory, store, graph)
    assert not conforms and observation in text


@pytest.mark.parametrize("kind", KINDS)
def test_validate_checks_the_copies(built: dict[str, Path], tmp_path: Path, kind: str) -> None:
    assert validate(built[kind]).valid
    directory = _only_the_files(built[kind], tmp_path)
    (directory / "vocab" / "dsd.ttl").write_bytes(b"@prefix broken")
    with (directory / "vocab" / "schemes.ttl").open("a", encoding="utf-8") as stream:
        stream.write("# an edit\n")
    (directory / "vocab" / "context.jsonld").write_text("[]", encoding="utf-8")
    report = validate(directory)
    found = {(e.file, e.kind.code) for e in report.errors}
    assert ("vocab/dsd.ttl", "rdf-error") in found
    assert ("vocab/schemes.ttl", "rdf-mismatch") in found
    assert ("vocab/context.jsonld", "rdf-error") in found
    assert not any(e.file and e.file.startswith("vocab/nerima") for e in report.errors)
