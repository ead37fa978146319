"""The file formats of a publication, and the file names every part of it shares.

:data:`FORMATS` is the one registry of formats: each :class:`Format` ties a file name
suffix to its Data Package ``format``, its display name, its IANA media type, its
spelling in a CKAN catalog and, for RDF, its rdflib serializer. Every other table of
formats (the RDF writers', DCAT's media types, the preview page's format column, the
catalog's format names, the resources of ``datapackage.json``) is derived from it.

The names of the files that are not tables (:data:`DESCRIPTOR`, :data:`HTML_FILE`,
:func:`budget_file_name`, :func:`dcat_file_name`) are here too, for the writers and for
:mod:`nerima_opendata.publication.layout`, which orders them into a publication; the
first two are defined in :mod:`nerima_opendata.files.names` (below the writers, for
:mod:`~nerima_opendata.files.atomic`) and re-exported. This module imports nothing else
from the project, so every layer can use it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from nerima_opendata.files.names import DESCRIPTOR, HTML_FILE

__all__ = [
    "DESCRIPTOR",
    "FORMATS",
    "HTML_FILE",
    "RDF_SERIALIZATIONS",
    "Format",
    "budget_file_name",
    "by_format",
    "by_suffix",
    "dcat_file_name",
]


@dataclass(frozen=True)
class Format:
    """One file format of a publication.

    Attributes:
        suffix: The file name suffix, e.g. ``.ttl``.
        format: The Data Package resource ``format``, e.g. ``ttl``.
        name: The display name, e.g. ``Turtle``.
        media_type: The IANA media type, e.g. ``text/turtle``.
        catalog: The format as a CKAN catalog spells it, e.g. ``Turtle`` or ``RDF``.
        slug: A short ASCII name, the part of a resource name that names the format
            (``turtle`` in ``budget-turtle``).
        rdflib: The rdflib serializer (and parser) name; empty if not RDF.
        name_ja: The Japanese display name, when it differs from :attr:`name`.
        streamed: For RDF, whether the writer streams the triples from the records
            (N-Triples) rather than serializing a graph built in memory.
    """

    suffix: str
    format: str
    name: str
    media_type: str
    catalog: str
    slug: str
    rdflib: str = ""
    name_ja: str | None = None
    streamed: bool = False

    @property
    def is_rdf(self) -> bool:
        """Whether the format is an RDF serialization."""
        return bool(self.rdflib)

    @property
    def japanese(self) -> str:
        """The Japanese display name (the display name unless it differs)."""
        return self.name_ja or self.name


#: Every format a publication holds: the CSV tables, the RDF serializations (in the
#: order the publication lists them), the descriptor and the preview page.
FORMATS: tuple[Format, ...] = (
    Format(".csv", "csv", "CSV", "text/csv", "CSV", "csv"),
    Format(".ttl", "ttl", "Turtle", "text/turtle", "Turtle", "turtle", "turtle"),
    Format(
        ".nt",
        "nt",
        "N-Triples",
        "application/n-triples",
        "N-Triples",
        "ntriples",
        "nt",
        streamed=True,
    ),
    Format(".rdf", "rdf", "RDF/XML", "application/rdf+xml", "RDF", "rdfxml", "xml"),
    Format(".jsonld", "jsonld", "JSON-LD", "application/ld+json", "JSON-LD", "jsonld", "json-ld"),
    Format(".json", "json", "JSON", "application/json", "JSON", "json"),
    Format(".html", "html", "HTML", "text/html", "HTML", "html"),
)

#: The RDF serializations, in :data:`FORMATS` order.
RDF_SERIALIZATIONS: tuple[Format, ...] = tuple(f for f in FORMATS if f.is_rdf)

_BY_SUFFIX = {f.suffix: f for f in FORMATS}
_BY_FORMAT = {f.format: f for f in FORMATS}


def by_suffix(suffix: str) -> Format:
    """The format of a file name suffix.

    Args:
        suffix: E.g. ``.ttl`` (with the dot, as :attr:`pathlib.PurePath.suffix` gives it).

    Returns:
        The format.

    Raises:
        KeyError: A publication holds no file of that suffix.
    """
    return _BY_SUFFIX[suffix]


def by_format(name: str) -> Format:
    """The format of a Data Package ``format`` value.

    Args:
        name: E.g. ``ttl`` (lower case, as :data:`FORMATS` lists it).

    Returns:
        The format.

    Raises:
        KeyError: A publication holds no file of that format.
    """
    return _BY_FORMAT[name]


def budget_file_name(municipality_code: str, fmt: Format, stem: str = "budget") -> str:
    """The name of a file of the budget in one format, e.g. ``131202_budget.ttl``.

    Args:
        municipality_code: The budget's six-digit code.
        fmt: The file's format.
        stem: What the file holds.

    Returns:
        ``{code}_{stem}{suffix}``.
    """
    return f"{municipality_code}_{stem}{fmt.suffix}"


def dcat_file_name(municipality_code: str) -> str:
    """The DCAT description's file name, e.g. ``131202_budget_dcat.ttl``."""
    return budget_file_name(municipality_code, by_format("ttl"), "budget_dcat")
