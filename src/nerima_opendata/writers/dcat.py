"""Catalog metadata for harvesters: the publication as a DCAT 3 dataset.

The dataset (https://www.w3.org/TR/vocab-dcat-3/) has its title and description in
Japanese and English (DCAT-AP 3 mandatory), the municipality as publisher (W3C ORG, with
its 全国地方公共団体コード as ``dct:identifier``), a vCard contact point with telephone,
the CC BY 4.0 licence, ``prov:wasDerivedFrom`` the source document, and membership in the
``dcat:DatasetSeries`` of the municipality's yearly budgets. Each published file is a
``dcat:Distribution`` with its IANA media type, ``dcat:byteSize`` and an SPDX SHA-256
checksum; its ``dcat:accessURL`` and ``dcat:downloadURL`` are the file name resolved
against a configurable publication base.

For catalogs and their quality scores (DCAT-AP 3.0.1, data.europa.eu's Metadata Quality
Assessment) the description adds, from :mod:`~nerima_opendata.writers.dcat_catalog`: the
municipality's ``dcat:Catalog``; on the dataset and the series the EU data theme and the
Japanese catalog category, the e-Stat statistical area as spatial coverage, the fiscal
year as temporal coverage, public access rights and the contact point; on every
distribution its EU file type, a description, the rights statement and the licence.
``dct:issued`` and ``dct:modified`` (``xsd:date``) are the source document's dates
(:attr:`~nerima_opendata.model.BudgetInfo.issued`, ``modified``), on the dataset and
the series, each stated only when known: the clock is never read.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import quote

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.term import URIRef

from nerima_opendata.errors import InputError, OutputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, BudgetIRIs, check_base_iri
from nerima_opendata.rdf.namespaces import DCAT3, SPDX
from nerima_opendata.writers.dcat_catalog import (
    LICENSE_IRI,
    add_catalog,
    add_coverage,
    add_distribution_terms,
    add_ranges,
)
from nerima_opendata.writers.describe import deliberation_ja, holdings
from nerima_opendata.writers.formats import (
    FORMATS,
    HTML_FILE,
    Format,
    by_format,
    by_suffix,
    dcat_file_name,
)
from nerima_opendata.writers.graph import (
    UNOFFICIAL_EN,
    UNOFFICIAL_JA,
    add_labels,
    add_publisher,
    add_source,
    new_graph,
    source_iri,
    text,
)
from nerima_opendata.writers.rdf_stream import TurtleWriter, write_groups
from nerima_opendata.writers.rdf_terms import groups_from_triples

__all__ = [
    "LICENSE_IRI",
    "MEDIA_TYPES",
    "PublishedFile",
    "dcat_file_name",
    "describe_files",
    "media_type",
    "to_dcat",
    "write_dcat",
]

_IANA = "https://www.iana.org/assignments/media-types/"
_EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
_EU_FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"

#: File suffix → IANA media type, for :func:`describe_files` (from the registry,
#: :data:`nerima_opendata.writers.formats.FORMATS`).
MEDIA_TYPES: dict[str, str] = {f.suffix: f.media_type for f in FORMATS}

_TURTLE: Format = by_format("ttl")

#: What each metadata file conforms to: it lists the other files' checksums, so it is
#: described without a size or checksum of its own (they would be circular).
_METADATA_SPECS = {
    by_format("json").suffix: URIRef("https://specs.frictionlessdata.io/data-package/"),
    _TURTLE.suffix: URIRef("https://www.w3.org/TR/vocab-dcat-3/"),
}


class PublishedFile(NamedTuple):
    """One file of the publication: ``(path_name, media_type, byte_size, sha256)``."""

    path_name: str
    media_type: str
    byte_size: int
    sha256: str


def describe_files(directory: StrPath, names: Iterable[str]) -> list[PublishedFile]:
    """Size, checksum and media type of files already written.

    Args:
        directory: The publication directory.
        names: File names inside it.

    Returns:
        One entry per name, in the given order.

    Raises:
        InputError: A file is missing or its suffix has no known media type.
    """
    directory = Path(directory)
    files = []
    for name in names:
        path = directory / name
        media_type(name)  # before reading it
        try:
            with path.open("rb") as stream:  # streamed: a file may be large
                digest = hashlib.file_digest(stream, "sha256").hexdigest()
            size = path.stat().st_size
        except OSError as exc:
            raise InputError("cannot read a published file", path=path) from exc
        files.append(PublishedFile(name, media_type(name), size, digest))
    return files


def media_type(name: str) -> str:
    """The IANA media type of a published file, by its suffix.

    Raises:
        InputError: The suffix has no known media type.
    """
    found = MEDIA_TYPES.get(PurePosixPath(name).suffix)
    if found is None:
        raise InputError(
            "no media type for this file", found=name, expected=f"one of {sorted(MEDIA_TYPES)}"
        )
    return found


def _dataset(graph: Graph, budget: Budget, iris: BudgetIRIs) -> None:
    info, node = budget.info, iris.dataset
    name_en = info.municipality_name_en or info.municipality_name
    graph.add((node, RDF.type, DCAT3.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(f"{info.municipality_code}-budget-{info.id}")))
    add_labels(
        graph,
        node,
        DCTERMS.title,
        f"{info.municipality_name} {info.title}",
        f"{name_en} {info.title_en or info.title}",
    )
    add_labels(
        graph,
        node,
        DCTERMS.description,
        f"{info.municipality_name}の{info.fiscal_year_label}{info.phase_label}"
        f"{deliberation_ja(info)}の{holdings(budget)[0]}。"
        f"出典: {info.source_title}。{UNOFFICIAL_JA}",
        f"{holdings(budget)[1]} of the {name_en} FY{info.fiscal_year} "
        f"budget ({info.phase.value}). {UNOFFICIAL_EN}",
    )
    for keyword in ("予算", info.municipality_name, info.fiscal_year_label, info.phase_label):
        graph.add((node, DCAT3.keyword, text(keyword, "ja")))
    for keyword in ("budget", name_en, f"FY{info.fiscal_year}", info.phase.value):
        graph.add((node, DCAT3.keyword, text(keyword, "en")))
    graph.add((node, DCTERMS.publisher, iris.organization))
    graph.add((node, DCAT3.contactPoint, iris.contact))
    graph.add((node, DCTERMS.license, LICENSE_IRI))
    graph.add((node, DCTERMS.language, URIRef(_EU_LANGUAGE + "JPN")))
    graph.add((node, DCTERMS.language, URIRef(_EU_LANGUAGE + "ENG")))
    graph.add((node, PROV.wasDerivedFrom, add_source(graph, info, iris)))
    graph.add((node, DCAT3.inSeries, iris.series))
    add_publisher(graph, info, iris)
    _series(graph, budget, iris)
    for node in (iris.dataset, iris.series):
        add_coverage(graph, node, budget, iris)


def _series(graph: Graph, budget: Budget, iris: BudgetIRIs) -> None:
    """The series of the municipality's yearly budgets, of which the dataset is one."""
    info, series = budget.info, iris.series
    name_en = info.municipality_name_en or info.municipality_name
    graph.add((series, RDF.type, DCAT3.DatasetSeries))
    # DCAT 3: a series is a dataset (so a catalog lists it with dcat:dataset). Its
    # licence and source are those of its members; merged descriptions of several
    # budgets accumulate their sources and fiscal years.
    graph.add((series, RDF.type, DCAT3.Dataset))
    graph.add((series, DCTERMS.license, LICENSE_IRI))
    graph.add((series, PROV.wasDerivedFrom, source_iri(info, iris)))
    add_labels(graph, series, DCTERMS.title, f"{info.municipality_name} 予算", f"{name_en} budgets")
    add_labels(
        graph,
        series,
        DCTERMS.description,
        f"{info.municipality_name}の年度ごとの予算（予算段階別）。",
        f"The yearly budgets of {name_en}, by phase.",
    )
    graph.add((series, DCTERMS.publisher, iris.organization))
    graph.add((series, DCTERMS.accrualPeriodicity, URIRef(_EU_FREQUENCY + "ANNUAL")))


def _description(name: str, descriptions: Mapping[str, str]) -> str:
    """A file's bilingual description: the layout's, else its name and format."""
    fmt = by_suffix(PurePosixPath(name).suffix)
    return descriptions.get(name) or f"{name}（{fmt.japanese}）。 {name} ({fmt.name})."


def _distribution(
    graph: Graph, iris: BudgetIRIs, file: PublishedFile, base: str, description: str
) -> None:
    node, checksum = iris.distribution(file.path_name), iris.checksum(file.path_name)
    url = URIRef(base + quote(file.path_name))
    graph.add((iris.dataset, DCAT3.distribution, node))
    graph.add((node, RDF.type, DCAT3.Distribution))
    add_labels(graph, node, DCTERMS.title, file.path_name, file.path_name)
    graph.add((node, DCAT3.mediaType, URIRef(_IANA + file.media_type)))
    graph.add((node, DCAT3.byteSize, Literal(file.byte_size, datatype=XSD.nonNegativeInteger)))
    graph.add((node, DCAT3.accessURL, url))
    graph.add((node, DCAT3.downloadURL, url))
    add_distribution_terms(
        graph, node, iris, by_suffix(PurePosixPath(file.path_name).suffix), description
    )
    graph.add((node, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(file.sha256, datatype=XSD.hexBinary)))


#: Said of each metadata file, after its own description.
_NO_CHECKSUM = (
    "他のファイルのチェックサムを載せるメタデータのため、自身のサイズとチェックサムは記載しない。",
    "It lists the other files' checksums; its own size and checksum are not given, as "
    "they would be circular.",
)


def _metadata_distribution(
    graph: Graph, iris: BudgetIRIs, name: str, base: str, description: str
) -> None:
    """A metadata file (the descriptor, this DCAT file): no size or checksum, see why."""
    node, fmt = iris.distribution(name), by_suffix(PurePosixPath(name).suffix)
    url = URIRef(base + quote(name))
    graph.add((iris.dataset, DCAT3.distribution, node))
    graph.add((node, RDF.type, DCAT3.Distribution))
    add_labels(graph, node, DCTERMS.title, name, name)
    graph.add((node, DCAT3.mediaType, URIRef(_IANA + fmt.media_type)))
    graph.add((node, DCTERMS.conformsTo, _METADATA_SPECS[fmt.suffix]))
    graph.add((node, DCAT3.accessURL, url))
    graph.add((node, DCAT3.downloadURL, url))
    ja, _, en = description.partition("。 ")
    add_distribution_terms(
        graph, node, iris, fmt, f"{ja}。{_NO_CHECKSUM[0]} {en} {_NO_CHECKSUM[1]}".strip()
    )


def to_dcat(
    budget: Budget,
    files: Sequence[tuple[str, str, int, str]],
    base_iri: str = DEFAULT_BASE_IRI,
    publication_base: str | None = None,
    *,
    metadata_files: Sequence[str] = (),
    descriptions: Mapping[str, str] | None = None,
) -> Graph:
    """The DCAT description of a publication, in the municipality's catalog.

    Args:
        budget: The budget.
        files: ``(path_name, media_type, byte_size, sha256)`` of each published file
            (see :func:`describe_files`).
        base_iri: The base of the data IRIs.
        publication_base: Where the files are served (ends in ``/``); by default
            ``{budget scope}files/`` under ``base_iri``.
        metadata_files: Names of the metadata files (``datapackage.json``, the DCAT file)
            that are distributions too but list the others' checksums, so get none.
        descriptions: File name → its bilingual description (``ja。 en``, as
            :class:`~nerima_opendata.publication.layout.LayoutFile` has it); a file not
            listed is described by its name and format.

    Returns:
        A new graph (no blank nodes).

    Raises:
        InputError: A base is not usable.
    """
    iris = BudgetIRIs.for_budget(budget.info, base_iri)
    base = check_base_iri(publication_base or iris.scope + "files/")
    described = descriptions or {}
    graph = new_graph()
    add_catalog(graph, budget, iris)
    _dataset(graph, budget, iris)
    # The preview page is the dataset's landing page (and a distribution when listed).
    page = URIRef(base + HTML_FILE)
    graph.add((iris.dataset, DCAT3.landingPage, page))
    add_labels(graph, page, DCTERMS.title, "プレビュー", "Preview page")
    for file in files:
        published = PublishedFile(*file)
        description = _description(published.path_name, described)
        _distribution(graph, iris, published, base, description)
    for name in metadata_files:
        _metadata_distribution(graph, iris, name, base, _description(name, described))
    add_ranges(graph, iris)
    return graph


def turtle(graph: Graph) -> bytes:
    """A graph without blank nodes as Turtle, by the streaming writer (deterministic:
    subjects and their statements in sorted order, the graph's prefixes)."""
    stream = io.StringIO()
    namespaces = {prefix: str(namespace) for prefix, namespace in graph.namespaces()}
    ordered = sorted(graph, key=lambda t: tuple(x.n3() for x in t))
    write_groups(groups_from_triples(ordered), [TurtleWriter(stream, namespaces)])
    return stream.getvalue().encode("utf-8")


def write_dcat(
    budget: Budget,
    directory: StrPath,
    files: Sequence[tuple[str, str, int, str]],
    base_iri: str = DEFAULT_BASE_IRI,
    publication_base: str | None = None,
    *,
    metadata_files: Sequence[str] = (),
    descriptions: Mapping[str, str] | None = None,
) -> Path:
    """Write :func:`to_dcat` as Turtle into ``directory`` (deterministic).

    Args:
        budget: The budget.
        directory: An existing directory.
        files: The published files (the DCAT file itself cannot list its own checksum).
        base_iri: The base of the data IRIs.
        publication_base: Where the files are served.
        metadata_files: The metadata files, described without size or checksum.
        descriptions: File name → its bilingual description (see :func:`to_dcat`).

    Returns:
        The written file.

    Raises:
        InputError: A base is not usable.
        OutputError: The file cannot be written.
    """
    directory = Path(directory)
    path = directory / dcat_file_name(budget.info.municipality_code)
    graph = to_dcat(
        budget,
        files,
        base_iri,
        publication_base,
        metadata_files=metadata_files,
        descriptions=descriptions,
    )
    data = turtle(graph)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    return path
