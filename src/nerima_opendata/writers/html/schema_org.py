"""The publication as a schema.org ``Dataset`` in JSON-LD, for dataset search engines.

See https://schema.org/Dataset and
https://developers.google.com/search/docs/appearance/structured-data/dataset. The
preview page (:mod:`.html`) embeds it in a ``<script type="application/ld+json">``
element; :func:`to_schema_org` returns the plain object.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from nerima_opendata.model import Budget, DocumentKind
from nerima_opendata.writers.datapackage import LICENSE
from nerima_opendata.writers.describe import deliberation_ja, holdings
from nerima_opendata.writers.html.files import HTML_FILE, links, media_type
from nerima_opendata.writers.html.markup import english

__all__ = ["to_schema_org"]


def to_schema_org(
    budget: Budget,
    files: Sequence[tuple[str, int | None]],
    publication_base: str | None = None,
) -> dict[str, Any]:
    """The publication as a schema.org ``Dataset`` (JSON-LD), for dataset search engines.

    Args:
        budget: The budget.
        files: ``(file name, size in bytes)`` of each published file; the descriptor
            ``datapackage.json`` is added when it is missing, and the page is left out.
        publication_base: Where the files are served (ends in ``/``). With it, the
            dataset gets its ``url`` (the page) and absolute download URLs, which
            crawlers need; without it, download URLs are relative to the page.

    Returns:
        A JSON-LD object with ``@context`` https://schema.org.
    """
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    organization = _organization(budget)
    year = info.fiscal_year
    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{info.municipality_name} {info.title}",
        "alternateName": f"{name_en} {english(info.title_en) or info.title}",
        "description": _description(budget),
        "identifier": f"{info.municipality_code}-budget-{info.id}",
        "inLanguage": ["ja", "en"],
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "keywords": _keywords(budget),
        "creator": organization,
        "publisher": organization,
        "temporalCoverage": f"{year}-04/{year + 1}-03",
        "spatialCoverage": {
            "@type": "Place",
            "name": f"{info.municipality_name} ({name_en})",
            "identifier": info.municipality_code,
        },
        "isBasedOn": {"@type": "CreativeWork", "name": info.source_title},
        "variableMeasured": "予算額（円） / Budget amount (JPY)",
        "distribution": _distribution(files, publication_base or ""),
    }
    if publication_base:
        dataset["url"] = publication_base + HTML_FILE
    if info.source_url:
        dataset["isBasedOn"]["url"] = info.source_url
    return dataset


def _keywords(budget: Budget) -> list[str]:
    """Catalog keywords; a budget book's add 予算書 and "budget book"."""
    info = budget.info
    words = ["予算", info.phase_label, info.municipality_name, "budget", f"FY{info.fiscal_year}"]
    if budget.kind is DocumentKind.BOOK:
        words[1:1] = ["予算書"]
        words.append("budget book")
    return words


def _organization(budget: Budget) -> dict[str, Any]:
    """The municipality, creator and publisher of the dataset."""
    info = budget.info
    organization: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": info.municipality_name,
        "identifier": info.municipality_code,
    }
    if info.municipality_name_en:
        organization["alternateName"] = info.municipality_name_en
    return organization


def _description(budget: Budget) -> str:
    """What the dataset holds, in Japanese then English."""
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    if budget.kind is DocumentKind.BOOK:
        return _book_description(budget)
    return (
        f"{info.municipality_name}の{info.fiscal_year_label}{info.phase_label}"
        f"（{info.deliberation_session}で審議）の施策の柱{len(budget.pillars)}件・"
        f"主な事業{len(budget.projects)}件（予算額）・取組{len(budget.initiatives)}件。"
        f"出典: {info.source_title}。 "
        f"Policy pillars, the {len(budget.projects)} main projects with their amounts "
        f"and their initiatives of the {name_en} FY{info.fiscal_year} budget "
        f"({info.phase.value}). "
        "Amounts are integers in yen; English texts are unofficial translations."
    )


def _book_description(budget: Budget) -> str:
    """What a budget book's dataset holds, in Japanese then English."""
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    ja, en = holdings(budget)
    return (
        f"{info.municipality_name}の{info.fiscal_year_label}{info.phase_label}"
        f"{deliberation_ja(info)}の予算書: {ja}。出典: {info.source_title}。 "
        f"The {name_en} FY{info.fiscal_year} budget book ({info.phase.value}): {en}. "
        "Amounts are integers in yen; English texts are unofficial translations."
    )


def _distribution(files: Sequence[tuple[str, int | None]], base: str) -> list[dict[str, Any]]:
    """A ``DataDownload`` a published file, its URL relative to the page or under ``base``."""
    distribution = []
    for name, size in links(files):
        download: dict[str, Any] = {
            "@type": "DataDownload",
            "name": name,
            "encodingFormat": media_type(name),
            "contentUrl": base + quote(name),
        }
        if size is not None:
            download["contentSize"] = f"{size} B"
        distribution.append(download)
    return distribution
