"""The registry of formats (``writers/formats.py``): one table, every other derived from it."""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.parser import Parser
from rdflib.plugin import get as plugin
from rdflib.serializer import Serializer

from nerima_opendata import build_publication
from nerima_opendata.model import Budget
from nerima_opendata.publication.layout import Layout, Publication
from nerima_opendata.publish.resources import descriptor_resource, file_resource
from nerima_opendata.rdf.jsonld import from_jsonld
from nerima_opendata.writers.dcat import MEDIA_TYPES
from nerima_opendata.writers.formats import (
    DESCRIPTOR,
    FORMATS,
    HTML_FILE,
    RDF_SERIALIZATIONS,
    Format,
    budget_file_name,
    by_format,
    by_suffix,
    dcat_file_name,
)
from nerima_opendata.writers.html.files import format_name, media_type
from nerima_opendata.writers.rdf import RDF_FORMATS, rdf_file_names, to_graph
from nerima_opendata.writers.rdf_serialize import serialize

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "nerima_opendata"

IDS = [f.format for f in FORMATS]
RDF_IDS = [f.format for f in RDF_SERIALIZATIONS]

#: What a CKAN catalog calls each format (its own spelling, so it stores what is sent).
CKAN_SPELLING = {
    "csv": "CSV",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "rdf": "RDF",
    "jsonld": "JSON-LD",
    "json": "JSON",
    "html": "HTML",
}


@pytest.fixture(scope="module")
def graph(budget: Budget) -> Graph:
    return to_graph(budget)


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("formats") / "out"
    build_publication(out)
    return out


def test_every_key_is_unique() -> None:
    for key in ("suffix", "format", "name", "media_type", "slug"):
        values = [getattr(f, key) for f in FORMATS]
        assert len(set(values)) == len(values), key


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_each_format_is_complete(fmt: Format) -> None:
    assert fmt.suffix == "." + fmt.format
    assert re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", fmt.media_type)
    assert fmt.catalog == CKAN_SPELLING[fmt.format]
    assert fmt.name and fmt.japanese and re.fullmatch(r"[a-z]+", fmt.slug)
    assert by_suffix(fmt.suffix) is fmt
    assert by_format(fmt.format) is fmt


@pytest.mark.parametrize("lookup", [by_suffix, by_format], ids=["by_suffix", "by_format"])
@pytest.mark.parametrize("key", [".xlsx", "xlsx", "", "TTL"])
def test_unknown_formats_are_key_errors(lookup: Callable[[str], Format], key: str) -> None:
    with pytest.raises(KeyError):
        lookup(key)


def test_the_publication_holds_every_format_and_no_other() -> None:
    formats = {entry.format for entry in Layout("131202").entries()}
    assert formats == set(FORMATS)


@pytest.mark.parametrize("fmt", RDF_SERIALIZATIONS, ids=RDF_IDS)
def test_each_rdf_format_has_an_rdflib_writer_and_reader(fmt: Format) -> None:
    assert plugin(fmt.rdflib, Serializer)
    assert plugin(fmt.rdflib, Parser)


@pytest.mark.parametrize("fmt", RDF_SERIALIZATIONS, ids=RDF_IDS)
def test_each_rdf_format_serializes_the_graph(graph: Graph, fmt: Format) -> None:
    data = serialize(graph, fmt.suffix)
    if fmt.format == "jsonld":
        back = from_jsonld(data.decode("utf-8"))
    else:
        back = Graph().parse(data=data, format=fmt.rdflib)
    assert isomorphic(back, graph)
    assert serialize(graph, fmt.suffix) == data


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not f.is_rdf], ids=lambda f: f.format)
def test_serialize_refuses_what_is_not_rdf(graph: Graph, fmt: Format) -> None:
    with pytest.raises(KeyError):
        serialize(graph, fmt.suffix)


def test_the_derived_tables_equal_the_registry() -> None:
    assert list(RDF_FORMATS.values()) == list(RDF_SERIALIZATIONS)
    assert list(RDF_FORMATS) == [f.suffix for f in FORMATS if f.is_rdf]
    assert {f.suffix: f.media_type for f in FORMATS} == MEDIA_TYPES
    assert rdf_file_names("131202") == [budget_file_name("131202", f) for f in RDF_SERIALIZATIONS]
    assert dcat_file_name("131202") == "131202_budget_dcat.ttl"


@pytest.mark.parametrize("fmt", FORMATS, ids=IDS)
def test_the_preview_page_names_each_format_as_the_registry(fmt: Format) -> None:
    assert format_name(f"x{fmt.suffix}") == fmt.name
    assert media_type(f"x{fmt.suffix}") == fmt.media_type


def test_an_unknown_file_on_the_page() -> None:
    assert (format_name("x.xlsx"), media_type("x.xlsx")) == ("", "application/octet-stream")


def _resources(publication: Path) -> list[dict[str, object]]:
    descriptor = json.loads((publication / DESCRIPTOR).read_text(encoding="utf-8"))
    return list(descriptor["resources"])


def test_the_descriptor_states_the_registry_formats(publication: Path) -> None:
    for resource in _resources(publication):
        fmt = by_suffix(Path(str(resource["path"])).suffix)
        assert (resource["format"], resource["mediatype"]) == (fmt.format, fmt.media_type)


def test_the_catalog_states_the_registry_formats(publication: Path) -> None:
    for raw in _resources(publication):
        resource = file_resource(Publication.read(publication), dict(raw), None)
        fmt = by_format(str(raw["format"]))
        assert (resource.format, resource.mimetype) == (fmt.catalog, fmt.media_type)
    own = descriptor_resource(publication, None)
    assert (own.format, own.mimetype) == (by_format("json").catalog, "application/json")


def test_the_page_lists_each_file_with_its_registry_format(publication: Path) -> None:
    page = (publication / "index.html").read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr data-file="([^"]+)"[^>]*><td><a [^>]*type="([^"]+)".*?</td>'
        r"<td>.*?</td><td>([^<]*)</td>",
        page,
    )
    listed = Layout("131202").files()
    assert [name for name, _, _ in rows] == [n for n in listed if n != "index.html"]
    for name, media, shown in rows:
        fmt = by_suffix(Path(name).suffix)
        assert (media, shown) == (fmt.media_type, fmt.name)


def test_only_n_triples_is_streamed() -> None:
    assert [f.format for f in FORMATS if f.streamed] == ["nt"]
    assert all(f.is_rdf for f in FORMATS if f.streamed)


def _docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and its functions."""
    owners = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef | ast.FunctionDef))]
    found = set()
    for owner in owners:
        body = owner.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
    return found


@functools.cache
def _literals() -> dict[str, frozenset[str]]:
    """Each module of the package → its string literals (docstrings left out)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree)
        found[path.relative_to(PACKAGE).as_posix()] = frozenset(
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
        )
    return found


def modules_with_literal(value: str) -> list[str]:
    """The modules of the package that hold ``value`` as a string literal (not a docstring)."""
    return [module for module, literals in _literals().items() if value in literals]


@pytest.mark.parametrize("name", [DESCRIPTOR, HTML_FILE])
def test_each_file_name_is_typed_once(name: str) -> None:
    assert modules_with_literal(name) == ["files/names.py"]
