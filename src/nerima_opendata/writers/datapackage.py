"""The ``datapackage.json`` descriptor (Frictionless Data Package v1).

Spec: https://specs.frictionlessdata.io/data-package/ . Every table's schema is
generated from the models (:mod:`nerima_opendata.model.tables`), and every file of the
publication is listed as a resource with its size and SHA-256.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nerima_opendata.files.ownership import GENERATOR, GENERATOR_KEY
from nerima_opendata.model import Budget
from nerima_opendata.model.change_tables import ChangeTable
from nerima_opendata.model.summary import BudgetSummary
from nerima_opendata.model.tables import TableSpec
from nerima_opendata.writers.describe import contact_ja, deliberation_ja, holdings

__all__ = [
    "LICENSE",
    "Described",
    "FileEntry",
    "dumps",
    "marked",
    "package_descriptor",
    "package_name",
    "resource_descriptor",
]

#: What a descriptor describes: budgets in memory, or the summaries of budgets written
#: as they were read.
Described = Budget | BudgetSummary

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
    table: TableSpec | ChangeTable | None = None
    encoding: str | None = None


def package_name(budgets: Described | Sequence[Described]) -> str:
    """The package name: lower-case, e.g. ``131202-budget-2024-proposed``; for several
    budgets, their municipality and fiscal years, e.g. ``131202-budgets-2018-2026``."""
    items = _budgets(budgets)
    code = items[0].info.municipality_code
    if len(items) == 1:
        return f"{code}-budget-{items[0].info.id}"
    years = sorted(b.info.fiscal_year for b in items)
    return f"{code}-budgets-{years[0]}-{years[-1]}"


def _budgets(budgets: Described | Sequence[Described]) -> tuple[Described, ...]:
    return (budgets,) if isinstance(budgets, Budget | BudgetSummary) else tuple(budgets)


def _describe(items: tuple[Described, ...]) -> tuple[str, str]:
    """The package's title and description, from its budgets."""
    info = items[0].info
    if len(items) > 1:
        listed = "、".join(f"{b.info.fiscal_year_label}{b.info.phase_label}" for b in items)
        title = f"{info.municipality_name} 予算（{len(items)}件）"
        return title, (
            f"{info.municipality_name}の予算: {listed}。金額は円単位の整数。\n\n"
            f"{len(items)} budgets of {info.municipality_name_en or info.municipality_code}: "
            + ", ".join(b.info.id for b in items)
            + ". Amounts are integers in yen."
        )
    title = f"{info.municipality_name} {info.title}"
    if info.title_en:
        title += f" / {info.municipality_name_en or ''} {info.title_en}".rstrip()
    held_ja, held_en = holdings(items[0])
    deliberated = (
        f", deliberated at {info.deliberation_session}" if info.deliberation_session else ""
    )
    return title, (
        f"{info.municipality_name}の{info.fiscal_year_label}{info.phase_label}"
        f"{deliberation_ja(info)}の{held_ja}。"
        f"出典: {info.source_title}。金額は円単位の整数。{contact_ja(info)}\n\n"
        f"{held_en} of {info.municipality_name_en or ''} "
        f"FY{info.fiscal_year} budget ({info.phase.value}){deliberated}. "
        "Amounts are integers in yen."
    )


def resource_descriptor(entry: FileEntry, integrity: bool = True) -> dict[str, Any]:
    """One file as a Data Package resource (with its generated schema for a table)."""
    return _resource(entry, integrity)


def _resource(entry: FileEntry, integrity: bool) -> dict[str, Any]:
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


def _keywords(items: tuple[Described, ...]) -> list[str]:
    """予算, each phase's keyword (予算案, 決算…), the municipality, the years, in English."""
    infos = [b.info for b in items]
    words = ["予算", *[i.phase.keyword_ja for i in infos], infos[0].municipality_name]
    words += [i.fiscal_year_label for i in infos]
    words += ["budget", *[i.phase.value for i in infos], *[f"FY{i.fiscal_year}" for i in infos]]
    return list(dict.fromkeys(words))  # unique, in order


def _scope(items: tuple[Described, ...]) -> dict[str, Any]:
    """The ``x-`` properties that say which budgets the package holds."""
    info = items[0].info
    scope: dict[str, Any] = {"x-municipality-code": info.municipality_code}
    if len(items) == 1:
        scope |= {"x-fiscal-year": info.fiscal_year, "x-budget-phase": info.phase.value}
    else:
        scope["x-budgets"] = [b.info.id for b in items]
    return scope


def package_descriptor(
    budgets: Described | Sequence[Described], files: list[FileEntry], *, integrity: bool = True
) -> dict[str, Any]:
    """Describe a publication as a Data Package.

    Args:
        budgets: The budget (or budgets, of one municipality) the files were written from.
        files: Every file of the publication except the descriptor itself.
        integrity: List each file's ``bytes`` and ``hash`` (SHA-256). True for a
            publication, which is distributed; False for the canonical package, which
            people edit (a stale hash would only get in their way).

    Returns:
        The descriptor, ready for :func:`dumps`.
    """
    items = _budgets(budgets)
    info = items[0].info
    title, description = _describe(items)
    return {
        "profile": ("tabular-data-package" if all(e.table for e in files) else "data-package"),
        "name": package_name(items),
        "title": title,
        "description": description,
        "version": "1.0.0",
        "homepage": info.source_url or None,
        "keywords": _keywords(items),
        "licenses": [LICENSE],
        "contributors": [
            {
                "title": f"{info.municipality_name} {info.department or ''}".rstrip(),
                "role": "publisher",
                "organization": info.municipality_name,
            }
        ],
        "sources": [
            {"title": info.source_title, **({"path": info.source_url} if info.source_url else {})}
        ],
        **_scope(items),
        "resources": [_resource(entry, integrity) for entry in files],
    }


def marked(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with the tool's marker (:data:`~nerima_opendata.files.ownership.
    GENERATOR`) just before its resources: only a directory so marked may be replaced."""
    cleaned = {k: v for k, v in descriptor.items() if v is not None and k != GENERATOR_KEY}
    resources = {"resources": cleaned.pop("resources")} if "resources" in cleaned else {}
    return {**cleaned, GENERATOR_KEY: GENERATOR, **resources}


def dumps(descriptor: dict[str, Any]) -> str:
    """Serialise a descriptor deterministically (UTF-8 text, two-space indent, final
    newline), with the tool's marker (see :func:`marked`)."""
    return json.dumps(marked(descriptor), ensure_ascii=False, indent=2) + "\n"
