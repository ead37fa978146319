"""The layout of a publication (``publication/layout.py``): what build writes, what the
readers find.

The contract: :class:`Layout` lists every file of a publication in the order of its
``datapackage.json``, the descriptor last, and ``build`` writes exactly those; validate,
load, serve, query and publish find a publication's files by their resource names in
its ``datapackage.json``, so a renamed file is still found as long as the descriptor
lists it (with its format's suffix); a directory without a descriptor, or whose
descriptor lacks a file, is an :class:`InputError` naming the directory.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest

from nerima_opendata import InputError, build_publication, default_package, validate
from nerima_opendata.checks.linked import check_publication
from nerima_opendata.model.tables import tables_for
from nerima_opendata.publication.layout import (
    CSVW,
    DCAT,
    JSONLD,
    NTRIPLES,
    PREVIEW,
    TURTLE,
    Layout,
    Publication,
    Role,
)
from nerima_opendata.sparql.query import load_publication
from nerima_opendata.sparql.server import oxigraph_executable, serve
from nerima_opendata.sparql.triplestore import plan_load, publication_files
from nerima_opendata.writers.csvw import CSVW_FILE
from nerima_opendata.writers.formats import DESCRIPTOR, FORMATS, RDF_SERIALIZATIONS, by_suffix
from tests.test_triplestore import budget_triples

CODE = "131202"
ENDPOINT = "http://127.0.0.1:9/store"

#: Resource name → the new file name of a renamed publication.
RENAMED = {
    TURTLE: "graph.ttl",
    NTRIPLES: "dump-2024.nt",
    JSONLD: "graph.jsonld",
    DCAT: "catalog.ttl",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The shipped budget's publication, and the file names the build reported."""
    out = tmp_path_factory.mktemp("layout") / "out"
    result = build_publication(out)
    return out, [name for name, _ in result.files]


def _descriptor(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / DESCRIPTOR).read_text(encoding="utf-8"))
    return data


def _edit_descriptor(directory: Path, paths: dict[str, str]) -> None:
    descriptor = _descriptor(directory)
    for resource in descriptor["resources"]:
        if resource["name"] in paths:
            resource["path"] = paths[resource["name"]]
    (directory / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False), "utf-8")


@pytest.fixture(scope="module")
def renamed(built: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the publication whose linked-data files have new names, listed as such."""
    copy = tmp_path_factory.mktemp("renamed") / "out"
    shutil.copytree(built[0], copy)
    found = Publication.read(copy)
    for name, new in RENAMED.items():
        found.path(name).rename(copy / new)
    _edit_descriptor(copy, RENAMED)
    return copy


# --- what the layout says ------------------------------------------------------------


def test_the_files_in_order() -> None:
    layout = Layout(CODE)
    rdf = [f"{CODE}_budget{f.suffix}" for f in RDF_SERIALIZATIONS]
    tables = [spec.filename(CODE) for spec in tables_for()]
    vocabulary = [
        "vocab/nerima-budget.ttl",
        "vocab/schemes.ttl",
        "vocab/dsd.ttl",
        "vocab/alignments.ttl",
        "vocab/shapes.ttl",
        "vocab/context.jsonld",
    ]
    metadata = [f"{CODE}_budget_dcat.ttl", "index.html", DESCRIPTOR]
    assert layout.files() == [*tables, *rdf, CSVW_FILE, *vocabulary, *metadata]


@pytest.mark.parametrize(
    ("role", "names"),
    [
        pytest.param(Role.TABLE, [spec.name for spec in tables_for()], id="tables"),
        pytest.param(Role.RDF, [TURTLE, NTRIPLES, "budget-rdfxml", JSONLD], id="rdf"),
        pytest.param(Role.CSVW, [CSVW], id="csvw"),
        pytest.param(
            Role.VOCABULARY,
            [
                "vocab-ontology",
                "vocab-schemes",
                "vocab-dsd",
                "vocab-alignments",
                "vocab-shapes",
                "vocab-context",
            ],
            id="vocabulary",
        ),
        pytest.param(Role.DCAT, [DCAT], id="dcat"),
        pytest.param(Role.PREVIEW, [PREVIEW], id="preview"),
        pytest.param(Role.DESCRIPTOR, ["datapackage"], id="descriptor"),
    ],
)
def test_the_resource_names_of_each_role(role: Role, names: list[str]) -> None:
    files = Layout(CODE).with_role(role)
    assert [f.name for f in files] == names
    assert all(Layout(CODE).file(f.name) == f for f in files)


def test_every_file_has_a_registry_format_matching_its_suffix() -> None:
    for entry in Layout(CODE).entries():
        assert entry.format in FORMATS
        assert by_suffix(Path(entry.path).suffix) is entry.format
        assert entry.table is None or entry.role is Role.TABLE


def test_the_canonical_package_layout() -> None:
    layout = Layout(CODE, linked_data=False)
    assert layout.files() == [*(spec.filename(CODE) for spec in tables_for()), DESCRIPTOR]
    descriptor = _descriptor(default_package())
    assert [r["path"] for r in descriptor["resources"]] == layout.files()[:-1]
    assert sorted(p.name for p in default_package().iterdir()) == sorted(layout.files())


def test_an_unknown_resource_name_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="nothing"):
        Layout(CODE).file("nothing")


# --- build writes exactly the layout -------------------------------------------------


def test_build_writes_exactly_the_layout(built: tuple[Path, list[str]]) -> None:
    out, reported = built
    layout = Layout(CODE)
    assert reported == layout.files()
    on_disk = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert sorted(on_disk) == sorted(layout.files())


def test_the_descriptor_lists_the_layout(built: tuple[Path, list[str]]) -> None:
    resources = _descriptor(built[0])["resources"]
    expected = Layout(CODE).resources()
    assert [(r["name"], r["path"]) for r in resources] == [(e.name, e.path) for e in expected]
    for resource, entry in zip(resources, expected, strict=True):
        assert (resource["title"], resource["description"]) == (entry.title, entry.description)
        assert resource["format"] == entry.format.format
        assert resource["mediatype"] == entry.format.media_type
        assert ("schema" in resource) is (entry.table is not None)


# --- finding the files of a publication ----------------------------------------------


def test_the_files_are_found_by_resource_name(built: tuple[Path, list[str]]) -> None:
    out = built[0]
    found = Publication.read(out)
    for entry in Layout(CODE).resources():
        assert found.path(entry.name) == out / entry.path
    assert found.optional("nothing") is None
    assert not found.has("nothing")


def _no_descriptor(tmp_path: Path) -> Path:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    return tmp_path


def _empty(tmp_path: Path) -> Path:
    return tmp_path


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "nowhere"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_no_descriptor, id="other-files"),
        pytest.param(_empty, id="empty"),
        pytest.param(_missing, id="no-such-directory"),
    ],
)
@pytest.mark.parametrize(
    "locate",
    [
        pytest.param(Publication.read, id="layout"),
        pytest.param(publication_files, id="load-and-serve"),
        pytest.param(load_publication, id="query"),
        pytest.param(lambda d: plan_load(d, ENDPOINT), id="load-plan"),
    ],
)
def test_a_directory_that_is_not_a_publication(
    tmp_path: Path, make: Callable[[Path], Path], locate: Callable[[Path], object]
) -> None:
    directory = make(tmp_path)
    with pytest.raises(InputError, match="not a publication") as info:
        locate(directory)
    assert info.value.path == directory
    assert str(directory) in str(info.value)


def test_a_package_without_linked_data_is_not_a_publication_to_load() -> None:
    with pytest.raises(InputError, match=f"lists no '{NTRIPLES}' resource") as info:
        publication_files(default_package())
    assert info.value.path == default_package()


def test_a_package_without_linked_data_validates_without_the_rdf_checks() -> None:
    report = validate(default_package())
    assert report.valid and "shacl" not in report.checks


@pytest.mark.parametrize(
    ("paths", "message", "where"),
    [
        pytest.param({NTRIPLES: "x.ttl"}, "is not N-Triples", "directory", id="wrong-suffix"),
        pytest.param({NTRIPLES: "gone.nt"}, "is missing", "gone.nt", id="missing-file"),
        pytest.param({NTRIPLES: "../x.nt"}, "unsafe", DESCRIPTOR, id="unsafe-path"),
    ],
)
def test_a_listed_file_that_cannot_be_used(
    built: tuple[Path, list[str]], tmp_path: Path, paths: dict[str, str], message: str, where: str
) -> None:
    copy = tmp_path / "out"
    shutil.copytree(built[0], copy)
    _edit_descriptor(copy, paths)
    with pytest.raises(InputError, match=message) as info:
        publication_files(copy)
    assert info.value.path == (copy if where == "directory" else copy / where)


def test_the_linked_data_checks_report_a_publication_without_turtle(
    built: tuple[Path, list[str]], tmp_path: Path
) -> None:
    copy = tmp_path / "out"
    shutil.copytree(built[0], copy)
    _edit_descriptor(copy, {TURTLE: "gone.ttl"})
    (error,) = check_publication(copy)
    assert (error.type, error.file) == ("rdf-missing", "gone.ttl")


# --- a renamed publication is still found --------------------------------------------


def test_load_finds_renamed_files(built: tuple[Path, list[str]], renamed: Path) -> None:
    assert publication_files(renamed) == [renamed / RENAMED[NTRIPLES], renamed / RENAMED[DCAT]]
    original, moved = plan_load(built[0], ENDPOINT), plan_load(renamed, ENDPOINT)
    assert (moved.graph, moved.bytes) == (original.graph, original.bytes)


def test_query_finds_renamed_files(built: tuple[Path, list[str]], renamed: Path) -> None:
    assert len(load_publication(renamed)) == len(load_publication(built[0]))


def test_validate_finds_renamed_files(renamed: Path) -> None:
    report = validate(renamed)
    assert report.valid, report.render()
    assert {"shacl", "terms", "jsonld", "rdf-matches-csv"} <= set(report.checks)
    assert check_publication(renamed) == []


def test_serve_finds_renamed_files(built: tuple[Path, list[str]], renamed: Path) -> None:
    try:
        oxigraph_executable()
    except InputError as exc:  # pragma: no cover - without the oxigraph binary
        pytest.skip(str(exc))
    server = serve(renamed, _free_port(), timeout=30)
    try:
        query = urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        request = Request(f"{server.url}?{query}", headers={"Accept": "text/csv"})
        with urlopen(request, timeout=10) as response:
            count = int(response.read().decode("utf-8").split()[-1])
    finally:
        server.stop()
    assert count == budget_triples(built[0])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_a_budget_book_has_its_own_tables() -> None:
    from nerima_opendata.model import DocumentKind

    book = Layout(CODE, linked_data=False, kinds=frozenset({DocumentKind.BOOK}))
    assert [f.name for f in book.with_role(Role.TABLE)] == [
        "budget",
        "editorial_notes",
        "classifications",
        "amount_kinds",
        "lines",
        "line_amounts",
    ]
