"""The ``datapackage.json`` descriptor (Frictionless Data Package v1).

Spec: https://specs.frictionlessdata.io/data-package/ . Every table's schema is
generated from the models (:mod:`nerima_opendata.model.tables`), and every file of the
publication is listed as a resource with its size and SHA-256.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from nerima_opendata.model import Budget
from nerima_opendata.model.tables import TableSpec

__all__ = ["LICENSE", "FileEntry", "dumps", "package_descriptor", "package_name"]

LICENSE: dict[str, str] = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


@dataclass(frozen=True)
class FileEntry:
    """A file of the publication, as it will be listed in the descriptor."""

    name: str
    path: str
    title: str
    description: str
    format: str
    mediatype: str
    bytes: int
    sha256: str
    table: TableSpec | None = None
    encoding: str | None = None


def package_name(budget: Budget) -> str:
    """The package name: lower-case, e.g. ``131202-budget-2024-proposed``."""
    return f"{budget.info.municipality_code}-budget-{budget.info.id}"


def _resource(entry: FileEntry, integrity: bool) -> dict[str, Any]:
    """One file as a resource of the descriptor (a Tabular Data Resource for a table)."""
    resource: dict[str, Any] = {
        "name": entry.name,
        "path": entry.path,
        "title": entry.title,
        "description": entry.description,
        "format": entry.format,
        "mediatype": entry.mediatype,
    }
    if entry.encoding:
        resource["encoding"] = entry.encoding
    if integrity:
        resource["bytes"] = entry.bytes
        resource["hash"] = f"sha256:{entry.sha256}"
    if entry.table is not None:
        resource["profile"] = "tabular-data-resource"
        resource["schema"] = entry.table.table_schema()
    return resource


def package_descriptor(
    budget: Budget, files: list[FileEntry], *, integrity: bool = True
) -> dict[str, Any]:
    """Describe a publication as a Data Package.

    Args:
        budget: The budget the files were written from.
        files: Every file of the publication except the descriptor itself.
        integrity: List each file's ``bytes`` and ``hash`` (SHA-256). True for a
            publication, which is distributed; False for the canonical package, which
            people edit (a stale hash would only get in their way).

    Returns:
        The descriptor, ready for :func:`dumps`.
    """
    info = budget.info
    title = f"{info.municipality_name} {info.title}"
    if info.title_en:
        title += f" / {info.municipality_name_en or ''} {info.title_en}".rstrip()
    description = (
        f"{info.municipality_name}の{info.fiscal_year_label}{info.phase_label}"
        f"（{info.deliberation_session}で審議）の施策の柱・主な事業・取組。"
        f"出典: {info.source_title}。金額は円単位の整数。"
        f"問合せ: {info.municipality_name} {info.department}（{info.telephone}）。\n\n"
        f"Policy pillars, main projects and initiatives of {info.municipality_name_en or ''} "
        f"FY{info.fiscal_year} budget ({info.phase.value}), "
        f"deliberated at {info.deliberation_session}. Amounts are integers in yen."
    )
    return {
        "profile": ("tabular-data-package" if all(e.table for e in files) else "data-package"),
        "name": package_name(budget),
        "title": title,
        "description": description,
        "version": "1.0.0",
        "homepage": info.source_url or None,
        "keywords": [
            "予算",
            "予算案",
            info.municipality_name,
            info.fiscal_year_label,
            "budget",
            info.phase.value,
            f"FY{info.fiscal_year}",
        ],
        "licenses": [LICENSE],
        "contributors": [
            {
                "title": f"{info.municipality_name} {info.department}",
                "role": "publisher",
                "organization": info.municipality_name,
            }
        ],
        "sources": [
            {"title": info.source_title, **({"path": info.source_url} if info.source_url else {})}
        ],
        "x-municipality-code": info.municipality_code,
        "x-fiscal-year": info.fiscal_year,
        "x-budget-phase": info.phase.value,
        "resources": [_resource(entry, integrity) for entry in files],
    }


def dumps(descriptor: dict[str, Any]) -> str:
    """Serialise a descriptor deterministically (UTF-8 text, two-space indent, final newline)."""
    cleaned = {k: v for k, v in descriptor.items() if v is not None}
    return json.dumps(cleaned, ensure_ascii=False, indent=2) + "\n"
