"""The published files the preview page links to: names, media types, descriptions.

Shared by the page's file list (:mod:`._tables`) and its schema.org ``distribution``
(:mod:`.schema_org`), so that both list the same files in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from nerima_opendata.model import Budget
from nerima_opendata.model.tables import TABLES
from nerima_opendata.writers.formats import (
    DESCRIPTOR,
    HTML_FILE,
    Format,
    by_suffix,
    dcat_file_name,
)

__all__ = ["DESCRIPTOR", "HTML_FILE", "describe", "format_name", "links", "media_type"]


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
    if name == DESCRIPTOR:
        return "データパッケージ記述子（Frictionless）", "Data Package descriptor (Frictionless)"
    if name == HTML_FILE:
        return "このページ", "This page"
    if name == dcat_file_name(code):
        return "DCATメタデータ（ハーベスタ向け）", "DCAT metadata, for harvesters"
    fmt = _format(name)
    if fmt is not None and fmt.is_rdf:
        return f"予算全体のRDF（{fmt.japanese}）", f"The whole budget as RDF ({fmt.name})"
    return "", ""


def _format(name: str) -> Format | None:
    try:
        return by_suffix(PurePosixPath(name).suffix)
    except KeyError:
        return None


def format_name(name: str) -> str:
    """The display name of a published file's format, from its name.

    Args:
        name: The file name.

    Returns:
        E.g. ``Turtle``; empty for an unknown suffix.
    """
    fmt = _format(name)
    return "" if fmt is None else fmt.name


def media_type(name: str) -> str:
    """The media type of a published file, from its name.

    Args:
        name: The file name.

    Returns:
        The media type; ``application/octet-stream`` for an unknown suffix.
    """
    fmt = _format(name)
    return "application/octet-stream" if fmt is None else fmt.media_type
