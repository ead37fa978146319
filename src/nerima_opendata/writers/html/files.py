"""The published files the preview page links to: names, media types, descriptions.

Shared by the page's file list (:mod:`._tables`) and its schema.org ``distribution``
(:mod:`.schema_org`), so that both list the same files in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from nerima_opendata.model import Budget
from nerima_opendata.model.tables import TABLES
from nerima_opendata.writers.dcat import MEDIA_TYPES

__all__ = ["DESCRIPTOR", "FORMATS", "HTML_FILE", "describe", "links", "media_type"]

#: The page's file name in the publication.
HTML_FILE = "index.html"
#: The Data Package descriptor's file name, always linked.
DESCRIPTOR = "datapackage.json"
_MEDIA_TYPES = {**MEDIA_TYPES, ".html": "text/html"}
#: Display name of each file format, by file name suffix.
FORMATS = {
    ".csv": "CSV",
    ".ttl": "Turtle",
    ".nt": "N-Triples",
    ".rdf": "RDF/XML",
    ".jsonld": "JSON-LD",
    ".json": "JSON",
    ".html": "HTML",
}


def links(files: Sequence[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """The files to link: every given file but the page itself, plus the descriptor.

    Args:
        files: ``(file name, size in bytes)`` of each published file.

    Returns:
        ``(file name, size in bytes)`` of each file to link, in the given order; the
        descriptor, when added at the end, has no size (``None``).
    """
    linked: list[tuple[str, int | None]] = [(n, size) for n, size in files if n != HTML_FILE]
    if DESCRIPTOR not in {name for name, _ in files}:
        linked.append((DESCRIPTOR, None))
    return linked


def describe(budget: Budget, name: str) -> tuple[str, str]:
    """A Japanese and English description of a published file, from its name.

    Args:
        budget: The budget, for its municipality code in the table file names.
        name: The file name.

    Returns:
        ``(Japanese, English)`` descriptions; both empty for an unknown file.
    """
    code = budget.info.municipality_code
    for spec in TABLES:
        if spec.filename(code) == name:
            return f"表: {spec.title_ja}", f"Table: {spec.title_en}"
    suffix = PurePosixPath(name).suffix
    if name == DESCRIPTOR:
        return "データパッケージ記述子（Frictionless）", "Data Package descriptor (Frictionless)"
    if name == HTML_FILE:
        return "このページ", "This page"
    if name.endswith("_dcat.ttl"):
        return "DCATメタデータ（ハーベスタ向け）", "DCAT metadata, for harvesters"
    if suffix in {".ttl", ".nt", ".rdf", ".jsonld"}:
        fmt = FORMATS[suffix]
        return f"予算全体のRDF（{fmt}）", f"The whole budget as RDF ({fmt})"
    return "", ""


def media_type(name: str) -> str:
    """The media type of a published file, from its name.

    Args:
        name: The file name.

    Returns:
        The media type; ``application/octet-stream`` for an unknown suffix.
    """
    return _MEDIA_TYPES.get(PurePosixPath(name).suffix, "application/octet-stream")
