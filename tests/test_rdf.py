"""The RDF and DCAT writers, the RDF reader, and the linked-data checks."""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, XSD

import nerima_opendata
from nerima_opendata import build_publication, validate
from nerima_opendata.checks.linked import check_jsonld, check_terms
from nerima_opendata.checks.rdf_load import read_graph
from nerima_opendata.errors import InputError
from nerima_opendata.model import Budget
from nerima_opendata.rdf.iris import (
    DEFAULT_BASE_IRI,
    BudgetIRIs,
    statistical_area_iri,
    telephone_iri,
)
from nerima_opendata.rdf.jsonld import from_jsonld, to_jsonld
from nerima_opendata.rdf.namespaces import DCAT3, SPDX
from nerima_opendata.rdf.vocab import NB
from nerima_opendata.readers.rdf import from_graph
from nerima_opendata.writers.dcat import describe_files, to_dcat, write_dcat
from nerima_opendata.writers.rdf import (
    RDF_FORMATS,
    Triple,
    budget_triples,
    rdf_file_names,
    to_graph,
    write_ntriples,
    write_rdf,
)
from tests.strategies import characters

PARSE_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}


@pytest.fixture(scope="module")
def budget() -> Budget:
    return nerima_opendata.load_budget()


@pytest.fixture(scope="module")
def graph(budget: Budget) -> Graph:
    return to_graph(budget)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, budget: Budget) -> list[Path]:
    return write_rdf(budget, tmp_path_factory.mktemp("rdf"))


def _parse(path: Path) -> Graph:
    if path.suffix == ".jsonld":
        return from_jsonld(path.read_text(encoding="utf-8"))
    return Graph().parse(path, format=PARSE_FORMATS[path.suffix])


def test_file_names(written: list[Path]) -> None:
    assert [p.name for p in written] == [
        "131202_budget.ttl",
        "131202_budget.nt",
        "131202_budget.rdf",
        "131202_budget.jsonld",
    ]
    assert rdf_file_names("131202") == [p.name for p in written]


@pytest.mark.parametrize("suffix", list(RDF_FORMATS), ids=list(RDF_FORMATS))
def test_every_format_is_isomorphic(graph: Graph, written: list[Path], suffix: str) -> None:
    (path,) = [p for p in written if p.suffix == suffix]
    assert isomorphic(_parse(path), graph)


@pytest.mark.parametrize("suffix", list(RDF_FORMATS), ids=list(RDF_FORMATS))
def test_round_trip_through_each_file(budget: Budget, written: list[Path], suffix: str) -> None:
    (path,) = [p for p in written if p.suffix == suffix]
    assert from_graph(_parse(path)) == budget


def test_round_trip_equals_load_budget(graph: Graph) -> None:
    assert from_graph(graph) == nerima_opendata.load_budget()


def test_no_blank_nodes(budget: Budget, graph: Graph) -> None:
    catalog = to_dcat(budget, [("a.csv", "text/csv", 1, "0" * 64)])
    for g in (graph, catalog):
        assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_contents(budget: Budget, graph: Graph) -> None:
    iris = BudgetIRIs.for_budget(budget.info)
    project = URIRef("https://w3id.org/nerima-opendata/data/131202/2024/proposed/project/P1-01")
    assert iris.project("P1-01") == project
    assert graph.value(project, NB.amount) == Literal(187230000, datatype=XSD.integer)
    assert (
        len(set(graph.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#Observation"))))
        == 26
    )
    assert len(set(graph.subjects(RDF.type, NB.Initiative))) == 72
    assert (iris.organization, DCTERMS.identifier, Literal("131202")) in graph
    assert telephone_iri("03-5984-2465") == URIRef("tel:+81-3-5984-2465")
    english = [
        o
        for o in graph.objects(iris.budget, DCTERMS.description)
        if isinstance(o, Literal) and o.language == "en"
    ]
    assert "unofficial translations" in str(english[0])


@pytest.mark.parametrize(
    ("code", "area"),
    [
        ("131202", "http://data.e-stat.go.jp/lod/sac/C13120"),  # Nerima
        ("131121", "http://data.e-stat.go.jp/lod/sac/C13112"),  # Setagaya
        ("011002", "http://data.e-stat.go.jp/lod/sac/C01100"),  # Sapporo
    ],
)
def test_statistical_area_iri(code: str, area: str) -> None:
    assert statistical_area_iri(code) == URIRef(area)


@pytest.mark.parametrize("code", ["13120", "1312020", "13120x", ""])
def test_statistical_area_iri_refuses(code: str) -> None:
    with pytest.raises(InputError, match="全国地方公共団体コード"):
        statistical_area_iri(code)


def test_base_iri_is_configurable(budget: Budget) -> None:
    graph = to_graph(budget, "https://example.org/nerima/")
    assert URIRef("https://example.org/nerima/131202/2024/proposed/budget") in set(graph.subjects())
    assert from_graph(graph) == budget
    with pytest.raises(InputError):
        to_graph(budget, "not an iri")
    assert DEFAULT_BASE_IRI == "https://w3id.org/nerima-opendata/data/"


def test_dcat(budget: Budget, tmp_path: Path, written: list[Path]) -> None:
    files = describe_files(written[0].parent, [p.name for p in written])
    catalog = to_dcat(budget, files, publication_base="https://example.org/files/")
    distributions = set(catalog.subjects(RDF.type, DCAT3.Distribution))
    assert len(distributions) == 4
    ttl = BudgetIRIs.for_budget(budget.info).distribution("131202_budget.ttl")
    assert catalog.value(ttl, DCAT3.downloadURL) == URIRef(
        "https://example.org/files/131202_budget.ttl"
    )
    assert catalog.value(ttl, DCAT3.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/turtle"
    )
    size = catalog.value(ttl, DCAT3.byteSize)
    assert size == Literal(written[0].stat().st_size, datatype=XSD.nonNegativeInteger)
    digest = hashlib.sha256(written[0].read_bytes()).hexdigest()
    checksum = catalog.value(ttl, SPDX.checksum)
    assert str(catalog.value(checksum, SPDX.checksumValue)) == digest
    path = write_dcat(budget, tmp_path, files)
    assert path.name == "131202_budget_dcat.ttl"
    assert isomorphic(Graph().parse(path), to_dcat(budget, files))


def test_terms_are_all_defined(budget: Budget, graph: Graph) -> None:
    assert check_terms(graph) == []
    assert check_terms(to_dcat(budget, [("a.csv", "text/csv", 1, "0" * 64)])) == []


def test_unknown_terms_are_reported(graph: Graph) -> None:
    broken = Graph() + graph
    subject = URIRef("https://w3id.org/nerima-opendata/data/131202/2024/proposed/budget")
    broken.add((subject, URIRef("http://purl.org/dc/terms/titel"), Literal("x", lang="ja")))
    broken.add((subject, URIRef("https://example.org/ns#weight"), Literal(1)))
    broken.add((subject, RDF.type, URIRef(str(NB._NS) + "Budgett")))
    # Aligned standards are not open: the data must say nb:amount, not obeu's measure.
    broken.add(
        (subject, URIRef("http://data.openbudgets.eu/ontology/dsd/measure/amount"), Literal(1))
    )
    errors = check_terms(broken, file="x.ttl")
    assert sorted(str(e.found) for e in errors) == [
        "http://data.openbudgets.eu/ontology/dsd/measure/amount",
        "http://purl.org/dc/terms/titel",
        "https://example.org/ns#weight",
        "https://w3id.org/nerima-opendata/vocab#Budgett",
    ]
    assert {e.type for e in errors} == {"unknown-term"}


def test_jsonld_check(written: list[Path], tmp_path: Path) -> None:
    ttl, jsonld_path = written[0], written[3]
    assert check_jsonld(jsonld_path, ttl) == []
    document = json.loads(jsonld_path.read_text(encoding="utf-8"))
    document["@graph"] = document["@graph"][1:]
    tampered = tmp_path / "tampered.jsonld"
    tampered.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (error,) = check_jsonld(tampered, ttl)
    assert error.type == "jsonld-mismatch"


_PAIR = (
    '{"@context": {"v": "urn:v:"}, "@graph": [{"@id": "urn:x:a", "v:p": %s}]}',
    "<urn:x:a> <urn:v:p> %s .\n",
)
#: (JSON-LD value, Turtle object, whether the graphs are the same): equal statements;
#: blank nodes labelled otherwise (no equal fingerprints: compared by isomorphism); a
#: statement the JSON-LD says twice; a different value
JSONLD_CASES: list[tuple[str, str, str, bool]] = [
    ("same-statements", '"x"', '"x"', True),
    ("blank-nodes-labelled-otherwise", '{"@id": "_:j1", "v:q": 1}', "[ <urn:v:q> 1 ]", True),
    ("said-twice", '["x", "x"]', '"x"', True),
    ("another-value", '"x"', '"y"', False),
]


@pytest.mark.parametrize(
    ("name", "value", "turtle_object", "same"), JSONLD_CASES, ids=[c[0] for c in JSONLD_CASES]
)
def test_the_jsonld_check_is_the_graphs_isomorphism(
    tmp_path: Path, name: str, value: str, turtle_object: str, same: bool
) -> None:
    document, turtle = tmp_path / "x.jsonld", tmp_path / "x.ttl"
    document.write_text(_PAIR[0] % value, encoding="utf-8")
    turtle.write_text(_PAIR[1] % turtle_object, encoding="utf-8")
    assert isomorphic(read_graph(document), Graph().parse(turtle)) is same
    errors = check_jsonld(document, turtle)
    assert [e.type for e in errors] == ([] if same else ["jsonld-mismatch"])
    # as validate gives it the Turtle graph: in rdflib's store without contexts
    simple = read_graph(turtle, graph=Graph(store="SimpleMemory", bind_namespaces="none"))
    assert check_jsonld(document, turtle, turtle=simple) == errors


#: Turtle with blank nodes: as an object, as a subject only, and pointing at itself
BLANK_NODES = [
    "<urn:x:a> <urn:v:p> [ <urn:v:q> 1 ] .",
    '_:s <urn:v:p> "x" .',
    "_:z <urn:v:r> _:z .",
]


@pytest.mark.parametrize("turtle", BLANK_NODES, ids=["object", "subject", "itself"])
def test_blank_nodes_stay_blank_through_pyld(turtle: str) -> None:
    graph = Graph().parse(data=turtle, format="turtle")
    back = from_jsonld(to_jsonld(graph))
    assert all(not str(term).startswith("_:") for term in back.all_nodes())
    assert isomorphic(back, graph)


def test_remote_context_is_refused(tmp_path: Path, written: list[Path]) -> None:
    remote = tmp_path / "remote.jsonld"
    remote.write_text(
        json.dumps(
            {
                "@context": "https://example.org/context.jsonld",
                "@id": "https://example.org/x",
                "name": "x",
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(jsonld.JsonLdError):
        from_jsonld(remote.read_text(encoding="utf-8"))
    (error,) = check_jsonld(remote, written[0])
    assert error.type == "jsonld-error"


def test_no_network_during_build(
    budget: Budget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access during the build")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)  # no DNS lookup either
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    build_publication(tmp_path / "out")
    report = validate(tmp_path / "out")
    assert report.valid, report.render()
    assert {"shacl", "terms", "jsonld"} <= set(report.checks)


_OFFLINE_CLI = """
import socket, sys
def refuse(*args, **kwargs):
    raise SystemExit("network access: " + repr(args[:2]))
for name in ("create_connection", "getaddrinfo", "gethostbyname"):
    setattr(socket, name, refuse)
for name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, name, refuse)
from nerima_opendata.cli.main import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("command", [["build"], ["validate"]], ids=["build", "validate"])
def test_the_cli_needs_no_network(tmp_path: Path, command: list[str]) -> None:
    """The installed command, in its own process, with every socket call refused."""
    out = tmp_path / "out"
    build_publication(out)
    args = [str(tmp_path / "again"), "--quiet"] if command == ["build"] else [str(out)]
    result = subprocess.run(
        [sys.executable, "-c", _OFFLINE_CLI, *command, *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "network access" not in result.stderr


_WRITE = """
import sys
from pathlib import Path
import nerima_opendata
from nerima_opendata.writers.dcat import describe_files, write_dcat
from nerima_opendata.writers.rdf import write_rdf
out = Path(sys.argv[1])
budget = nerima_opendata.load_budget()
paths = write_rdf(budget, out)
write_dcat(budget, out, describe_files(out, [p.name for p in paths]))
"""


def test_output_is_deterministic_across_processes(tmp_path: Path) -> None:
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", _WRITE, str(out)], check=True, env=env)
        digests.append(
            {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}
        )
    assert len(digests[0]) == 5
    assert digests[0] == digests[1]


#: Any text the models accept (no control characters, surrogates or noncharacters).
_TEXT = st.text(characters(), min_size=1, max_size=40)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, title_en=st.none() | _TEXT, text=_TEXT, amount=st.integers(0, 10**15))
def test_round_trip_property(
    budget: Budget, title: str, title_en: str | None, text: str, amount: int
) -> None:
    printed = nerima_opendata.format_amount(amount)
    project = budget.projects[0].model_copy(
        update={"title": title, "title_en": title_en, "amount": amount, "amount_printed": printed}
    )
    initiative = budget.initiatives[0].model_copy(update={"text": text})
    changed = budget.model_copy(
        update={
            "projects": (project, *budget.projects[1:]),
            "initiatives": (initiative, *budget.initiatives[1:]),
        }
    )
    graph = to_graph(changed)
    for fmt in ("turtle", "nt"):
        data = graph.serialize(format=fmt)
        assert from_graph(Graph().parse(data=data, format=fmt)) == changed


def test_an_inconsistent_graph_gets_a_short_error(graph: Graph) -> None:
    broken = Graph()
    for triple in graph:
        broken.add(triple)
    first, second = sorted(graph.subjects(RDF.type, NB.Project), key=str)[:2]
    broken.remove((second, NB.identifier, None))  # two projects with one ID
    broken.add((second, NB.identifier, next(graph.objects(first, NB.identifier))))
    with pytest.raises(
        InputError, match="does not describe a valid budget: inconsistent"
    ) as caught:
        from_graph(broken)
    assert len(str(caught.value)) < 1200, "the message must not dump the whole budget"


def test_budget_triples_are_the_graph_each_once(budget: Budget, graph: Graph) -> None:
    triples = list(budget_triples(budget))
    assert len(triples) == len(set(triples)) == len(graph)
    assert set(triples) == set(graph)


class _FirstWrite(io.BytesIO):
    """A stream that notes how many triples had been made at its first write."""

    def __init__(self, made: list[int]) -> None:
        super().__init__()
        self.made, self.at_first_write = made, -1

    def write(self, data: Any) -> int:
        if self.at_first_write < 0:
            self.at_first_write = self.made[0]
        return super().write(data)


@pytest.mark.parametrize("batch", [1, 100, 10_000])
def test_ntriples_are_streamed_a_batch_at_a_time(budget: Budget, graph: Graph, batch: int) -> None:
    made = [0]

    def counted() -> Iterator[Triple]:
        for triple in budget_triples(budget):
            made[0] += 1
            yield triple

    stream = _FirstWrite(made)
    write_ntriples(stream, counted(), batch=batch)
    total = made[0]
    assert stream.at_first_write == min(batch, total)  # written before the rest was made
    text = stream.getvalue()
    assert isomorphic(Graph().parse(data=text, format="nt"), graph)
    again = io.BytesIO()
    write_ntriples(again, budget_triples(budget), batch=batch)
    assert again.getvalue() == text  # deterministic
