"""Checks of the linked-data files → :class:`~nerima_opendata.checks.report.ReportError` lists.

Three checks, each returning errors as data (nothing raises on bad data):

* :func:`check_shacl`: SHACL (https://www.w3.org/TR/shacl/) with ``vocab/shapes.ttl``,
  SHACL-SPARQL enabled for the Data Cube integrity constraints. The vocabulary is given
  to pyshacl as ``ont_graph`` *and* merged into the data graph: pyshacl copies only the
  RDFS/OWL axioms of an ``ont_graph``, while the shapes also need the SKOS schemes and
  the cube structure (instances) of the vocabulary. The shapes' SPARQL constraints run
  in pyoxigraph, as SHACL runs them (:mod:`~nerima_opendata.checks.shacl_sparql`);
* :func:`check_terms`: a closed-world check that every predicate and class used is
  defined in ``vocab/`` or in a known standard vocabulary (:data:`STANDARD_NAMESPACES`);
* :func:`check_jsonld`: the JSON-LD file, expanded with the local context only, holds
  the Turtle file's statements (or a graph isomorphic to it).

:func:`check_publication` runs all three over the RDF files of a built publication.
"""

from __future__ import annotations

import json
from collections.abc import Container
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)
from rdflib.term import Node, URIRef

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.fingerprint import same_statements
from nerima_opendata.checks.linked_cube import check_book_totals, duplicate_observations
from nerima_opendata.checks.rdf_load import read_graph, vocab_graph
from nerima_opendata.checks.rdf_syntax import CHECK as SYNTAX_CHECK
from nerima_opendata.checks.rdf_syntax import check_serializations
from nerima_opendata.checks.report import ReportError
from nerima_opendata.checks.shacl_sparql import (
    add_results,
    core_shapes,
    result_message,
    run_sparql_shapes,
    to_store,
)
from nerima_opendata.errors import InputError
from nerima_opendata.files.extras import LazyModule, require
from nerima_opendata.files.paths import StrPath
from nerima_opendata.publication.layout import DCAT, JSONLD, TURTLE, Publication
from nerima_opendata.rdf.jsonld import from_jsonld
from nerima_opendata.rdf.namespaces import (
    DCAT3,
    SDMX_ATTRIBUTE,
    SDMX_CONCEPT,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SPDX,
    VCARD,
)
from nerima_opendata.rdf.vocab import NB

_FEATURE = "the linked-data checks of a publication"
if TYPE_CHECKING:
    import pyoxigraph as ox
    import pyshacl
    from pyld import jsonld
else:
    ox = LazyModule("rdf", _FEATURE, "pyoxigraph")
    pyshacl = LazyModule("rdf", _FEATURE, "pyshacl")
    jsonld = LazyModule("rdf", _FEATURE, "pyld.jsonld")

__all__ = [
    "CHECKS",
    "STANDARD_NAMESPACES",
    "check_book_totals",
    "check_graphs",
    "check_json",
    "check_jsonld",
    "check_publication",
    "check_shacl",
    "check_terms",
]

#: The names of the checks, for ``Report.checks``.
CHECKS = ("shacl", "terms", "jsonld", SYNTAX_CHECK)

#: Closed namespaces: a term is known only if the namespace lists it.
STANDARD_NAMESPACES: tuple[type[DefinedNamespace], ...] = (
    NB,
    RDF,
    RDFS,
    OWL,
    XSD,
    SKOS,
    DCTERMS,
    DCAT3,
    PROV,
    ORG,
    FOAF,
    QB,
    SDO,
    VCARD,
    SPDX,
    SDMX_ATTRIBUTE,
    SDMX_MEASURE,
    SDMX_DIMENSION,
    SDMX_CONCEPT,
)

_VOCAB_KINDS = (
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    RDF.Property,
    QB.DimensionProperty,
    QB.MeasureProperty,
    QB.AttributeProperty,
)


def _short(node: Node | None, graph: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except ValueError:  # pragma: no cover - normalizeUri falls back on its own
            return str(node)
    return str(node)


def _with_vocabulary(graph: Graph, inplace: bool) -> Graph:
    """The graph (or a copy, with its prefixes) with the vocabulary's axioms and
    instances added (see the module)."""
    data = graph if inplace else Graph(bind_namespaces="none")
    if not inplace:
        for prefix, namespace in graph.namespaces():
            data.bind(prefix, namespace)
        data += graph
    data += vocab_graph()
    return data


def check_shacl(
    graph: Graph,
    *,
    file: str | None = None,
    focus_nodes: list[URIRef] | None = None,
    inplace: bool = False,
    read: ox.Store | None = None,
) -> list[ReportError]:
    """Validate a graph against the shipped SHACL shapes.

    Args:
        graph: The data (budget graph, DCAT graph, or both merged).
        file: The file name to put on each error.
        focus_nodes: Validate only these nodes (a sample, see
            :mod:`~nerima_opendata.checks.stream_sample`); IC-12 is then left to the
            streamed cube check.
        inplace: Whether ``graph`` may be used as it is (the vocabulary added to it).
        read: The store :func:`read_graph` filled with ``graph`` (:func:`to_store` adds to it).

    Returns:
        One error per validation result, sorted by focus node, path and message.
    """
    data = _with_vocabulary(graph, inplace)
    # imported here: rdflib's SPARQL engine is for this process only (0.2 s to import);
    # pyshacl parses a query again for every focus node, and scans lists for membership
    from nerima_opendata.checks.shacl_batches import batched_property_shapes
    from nerima_opendata.checks.shacl_lookups import hashed_lookups
    from nerima_opendata.checks.sparql_cache import translated_once

    with translated_once(), hashed_lookups(), batched_property_shapes():
        conforms, results, _ = pyshacl.validate(
            data,
            shacl_graph=core_shapes(),  # the SPARQL constraints run in pyoxigraph
            advanced=True,
            inference="none",
            inplace=True,  # ``data`` is our own copy
            allow_warnings=False,
            focus_nodes=cast("list[str | URIRef] | None", focus_nodes),
        )
    add_results(results, run_sparql_shapes(to_store(data, read=read), focus_nodes=focus_nodes))
    errors = [] if focus_nodes is not None else duplicate_observations(data, file)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = _short(results.value(result, SH.focusNode), data)
        path = _short(results.value(result, SH.resultPath), data)
        value = results.value(result, SH.value)
        component = _short(results.value(result, SH.sourceConstraintComponent), data)
        errors.append(
            ReportError(
                kind=ErrorTypes.SHACL_VIOLATION,
                message=f"{focus}: {result_message(results, result)}",
                file=file,
                field=path,
                found=None if value is None else (_short(value, data) or str(value)),
                expected=component,
            )
        )
    if conforms and not errors:
        return []
    # A focus node reached by several targets is reported once per constraint.
    return sorted(set(errors), key=lambda e: (e.message, e.field or "", e.found or ""))


def _defined_in_vocab(vocab: Graph) -> set[Node]:
    return {s for kind in _VOCAB_KINDS for s in vocab.subjects(RDF.type, kind)}


def _known(term: Node, vocab_terms: set[Node]) -> bool:
    if term in vocab_terms:
        return True
    text = str(term)
    for namespace in STANDARD_NAMESPACES:
        if text.startswith(str(namespace._NS)):
            return cast("Container[str]", namespace).__contains__(text)
    # Anything else, OpenBudgets and IMI terms included (the data links to them only
    # through alignments.ttl, never uses them), is unknown.
    return False


def check_terms(graph: Graph, *, file: str | None = None) -> list[ReportError]:
    """Closed-world check: every predicate and class used is a defined term.

    A term is defined when ``vocab/`` defines it, or when it is listed by one of
    :data:`STANDARD_NAMESPACES`; no namespace is open.

    Args:
        graph: The data.
        file: The file name to put on each error.

    Returns:
        One error per unknown term (each reported once), sorted.
    """
    vocab_terms = _defined_in_vocab(vocab_graph())
    used = {("predicate", p) for p in graph.predicates(unique=True)}
    used |= {("class", c) for c in graph.objects(None, RDF.type, unique=True)}
    unknown: dict[tuple[str, str], ReportError] = {}
    for role, term in used:  # each term once
        if not _known(term, vocab_terms):
            unknown[(role, str(term))] = ReportError(
                kind=ErrorTypes.UNKNOWN_TERM,
                message=f"{role} {term} is not defined in vocab/ or a known vocabulary",
                file=file,
                found=str(term),
                expected="a term of vocab/ (nb:) or of rdf, rdfs, owl, xsd, skos, dct, "
                "dcat, prov, org, foaf, qb, schema, vcard, spdx, sdmx",
            )
    return [unknown[k] for k in sorted(unknown)]


def _read_jsonld(path: Path) -> Graph:
    """The JSON-LD file's graph: pyoxigraph's JSON-LD 1.1 parser (the context is in the
    file), else pyld's expansion with the local document loader (a context by IRI)."""
    try:
        return read_graph(path)
    except (OSError, SyntaxError, ValueError):
        return from_jsonld(path.read_text(encoding="utf-8"))


def check_jsonld(
    jsonld_path: StrPath, turtle_path: StrPath, *, turtle: Graph | None = None
) -> list[ReportError]:
    """Check that the JSON-LD file holds the Turtle file's statements (their fingerprints
    as pyoxigraph reads them), else an isomorphic graph: read by pyoxigraph or expanded by
    pyld with the local document loader (no network), and the error says how it differs.

    Args:
        jsonld_path: The ``.jsonld`` file.
        turtle_path: The ``.ttl`` file.
        turtle: Its graph, when already parsed.

    Returns:
        An empty list, or one error describing the difference.
    """
    jsonld_path, turtle_path = Path(jsonld_path), Path(turtle_path)
    if same_statements(jsonld_path, turtle_path):
        return []
    try:
        expanded = _read_jsonld(jsonld_path)
    except (OSError, json.JSONDecodeError, jsonld.JsonLdError) as exc:
        return [
            ReportError(
                ErrorTypes.JSONLD, f"the JSON-LD cannot be expanded: {exc}", file=jsonld_path.name
            )
        ]
    if turtle is None:
        turtle = read_graph(turtle_path)
    if isomorphic(expanded, turtle):
        return []
    _, only_jsonld, only_turtle = graph_diff(to_isomorphic(expanded), to_isomorphic(turtle))
    sample = sorted(" ".join(t.n3() for t in triple) for triple in only_turtle)[:3]
    return [
        ReportError(
            ErrorTypes.JSONLD_MISMATCH,
            f"the JSON-LD graph differs from {turtle_path.name}: {len(only_jsonld)} triple(s) "
            f"only in JSON-LD, {len(only_turtle)} only in Turtle",
            file=jsonld_path.name,
            found="; ".join(sample) or None,
            expected="a graph isomorphic to the Turtle file",
        )
    ]


def check_publication(directory: StrPath) -> list[ReportError]:
    """Run every linked-data check over the RDF files of a publication (``directory``).

    The files are found by their resource names in ``datapackage.json``
    (:class:`~nerima_opendata.publication.layout.Publication`): the budget graph
    (``budget-turtle``), its JSON-LD (``budget-jsonld``) and the catalog graph
    (``dcat``), the last two when listed. :func:`check_graphs`, then every other
    serialization parsed in its own syntax
    (:func:`~nerima_opendata.checks.rdf_syntax.check_serializations`), then
    :func:`check_json`. Returns every error found; none when the files are valid.

    Raises:
        MissingDependencyError: The ``rdf`` extra (pyshacl, pyld) is not installed.
    """
    return check_graphs(directory) + check_serializations(directory) + check_json(directory)


def _files(directory: Path) -> tuple[Path, Path | None, Path | None]:
    """The budget's Turtle file, its JSON-LD and the DCAT file (when listed)."""
    found = Publication.read(directory)
    return found.path(TURTLE), found.optional(JSONLD), found.optional(DCAT)


def _missing(directory: Path, exc: InputError) -> list[ReportError]:
    return [
        ReportError(
            ErrorTypes.RDF_MISSING,
            exc.message,
            file=exc.path.name if exc.path and exc.path != directory else None,
            found=None if exc.found is None else str(exc.found),
            expected=exc.expected,
        )
    ]


def check_graphs(directory: StrPath) -> list[ReportError]:
    """The terms and SHACL checks of the budget's Turtle graph, then of the DCAT graph.

    Raises:
        MissingDependencyError: The ``rdf`` extra is not installed.
    """
    directory = Path(directory)
    require("rdf", _FEATURE, "pyshacl")  # only what it needs (pyld: see check_json)
    try:
        turtle, _, dcat = _files(directory)
    except InputError as exc:
        return _missing(directory, exc)
    try:
        graph = read_graph(turtle, store=(read := ox.Store()))
    except Exception as exc:
        return [ReportError(ErrorTypes.RDF, f"cannot parse: {exc}", file=turtle.name)]
    errors = check_terms(graph, file=turtle.name)
    errors += check_shacl(graph, file=turtle.name, inplace=True, read=read)  # ours
    if dcat is not None:
        try:
            catalog = read_graph(dcat, store=(read := ox.Store()))
        except (OSError, SyntaxError, ValueError) as exc:
            return [*errors, ReportError(ErrorTypes.RDF, f"cannot parse: {exc}", file=dcat.name)]
        errors += check_terms(catalog, file=dcat.name)
        errors += check_shacl(catalog, file=dcat.name, inplace=True, read=read)
    return errors


def check_json(directory: StrPath, *, turtle: Graph | None = None) -> list[ReportError]:
    """The JSON-LD file (when listed) against the Turtle graph (``turtle``, or read).

    Raises:
        MissingDependencyError: The ``rdf`` extra is not installed.
    """
    directory = Path(directory)
    require("rdf", _FEATURE, "pyld.jsonld")  # only what it needs (not pyshacl's import)
    try:
        turtle_path, jsonld_file, _ = _files(directory)
        if jsonld_file is None:
            return []
        graph = read_graph(turtle_path) if turtle is None else turtle
    except (InputError, OSError, SyntaxError):
        return []  # check_graphs reports it
    return check_jsonld(jsonld_file, turtle_path, turtle=graph)
