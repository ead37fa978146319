"""The page of a comparison of two budgets, ``index.html``: what changed.

The page shows the two totals and their change (yen and percent), the change by 款 of
each account's revenue or expenditure (a table and an inline SVG chart in which
increases and decreases differ by side, hatching, sign and word, not by colour alone),
the lines with the largest increases and decreases, the number of new and abolished
lines, the possible renamings (marked 推定, inferred) and every file of the publication.

Like the budget's page (:mod:`.write`) it is one self-contained file: the style sheet
is inline, there is no script but the schema.org JSON-LD, nothing is fetched from the
network, and the same comparison gives the same bytes. Every figure is a field of the
comparison's records (:mod:`nerima_opendata.model.change`), never computed again here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nerima_opendata._version import __version__
from nerima_opendata.errors import OutputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.change import change_rate
from nerima_opendata.model.compare import Comparison
from nerima_opendata.writers.datapackage import LICENSE, FileEntry
from nerima_opendata.writers.formats import DESCRIPTOR, HTML_FILE
from nerima_opendata.writers.html.book_data import signed_amount
from nerima_opendata.writers.html.compare_data import (
    rate_text,
    signed_change,
    signed_yen,
    views,
)
from nerima_opendata.writers.html.compare_tables import (
    files as files_section,
)
from nerima_opendata.writers.html.compare_tables import (
    kan_changes,
    largest,
    renamings,
    statuses,
)
from nerima_opendata.writers.html.markup import e, href, script_json, section
from nerima_opendata.writers.html.style import CSS

__all__ = ["COMPARISON_SECTIONS", "to_comparison_html", "write_comparison_page"]

#: The sections of the page: anchor, Japanese and English heading.
COMPARISON_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("summary", "概要", "Summary"),
    ("kan", "款ごとの増減", "Change by chapter"),
    ("increases", "増額の大きい明細", "Largest increases"),
    ("decreases", "減額の大きい明細", "Largest decreases"),
    ("status", "新規・廃止", "New and abolished"),
    ("renamings", "名称・コードの変更（推定）", "Possible renamings"),
    ("downloads", "ファイル", "Files"),
)

_CSS = """
.change-chart .axis { stroke-width: 1.5; }
.status.increased, .status.new { color: #12355c; }
.status.decreased, .status.abolished { color: #7a2e00; }
.sides { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
  gap: .75rem; padding: 0; list-style: none; }
.sides .card .amount { font-size: 1.3rem; font-weight: bold; }
"""


def _title_en(comparison: Comparison) -> str:
    info = comparison.info
    return (
        f"Budget comparison ({info.municipality_code}): FY{info.before_fiscal_year} "
        f"{info.before_budget_id} ({info.before_kind_id}) → FY{info.after_fiscal_year} "
        f"{info.after_budget_id} ({info.after_kind_id})"
    )


def _json_ld(comparison: Comparison, entries: Sequence[FileEntry]) -> dict[str, Any]:
    info = comparison.info
    organization = {"@type": "GovernmentOrganization", "name": info.municipality_name}
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": info.title,
        "alternateName": _title_en(comparison),
        "description": f"{info.title}。款・項・目と明細ごとの増減。 {_title_en(comparison)}: "
        "what changed, by chapter and by line.",
        "identifier": f"{info.municipality_code}-comparison-{info.id}",
        "inLanguage": ["ja", "en"],
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "creator": organization,
        "publisher": organization,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": entry.path,
                "contentUrl": entry.path,
                "encodingFormat": entry.mediatype,
                "contentSize": f"{entry.bytes} B",
            }
            for entry in entries
            if entry.path != HTML_FILE
        ],
    }


def _head(comparison: Comparison, entries: Sequence[FileEntry]) -> str:
    title = comparison.info.title
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)} | {e(_title_en(comparison))}</title>\n"
        f'<meta name="description" content="{e(title)}: 款ごとの増減と増減の大きい明細。 '
        f'{e(_title_en(comparison))}.">\n'
        f'<meta name="generator" content="nerima-opendata {e(__version__)}">\n'
        '<link rel="icon" href="data:,">\n'
        f'<link rel="alternate" type="application/json" href="{href(DESCRIPTOR)}">\n'
        f"<style>{CSS}{_CSS}</style>\n"
        '<script type="application/ld+json">\n'
        f"{script_json(_json_ld(comparison, entries), indent=1)}\n</script>\n"
        "</head>\n"
    )


def _header(comparison: Comparison) -> str:
    info = comparison.info
    nav = "".join(
        f'<li><a href="#{anchor}">{ja} <span lang="en">{en}</span></a></li>'
        for anchor, ja, en in COMPARISON_SECTIONS
    )
    scope = f"会計コード {info.account_code}" if info.account_code else "すべての会計"
    return (
        f'<header><h1>{e(info.title)}<span class="en" lang="en">{e(_title_en(comparison))}'
        f'</span></h1><p class="meta">{e(info.municipality_name)} · {e(scope)} · '
        f'比較ID <span class="id">{e(info.id)}</span></p></header>\n'
        f'<nav aria-label="目次 / Contents"><ul>{nav}</ul></nav>\n'
    )


def _side(label: str, label_en: str, budget_id: str, kind: str, total: int) -> str:
    return (
        f'<li class="card"><div><strong>{e(label)}</strong> <span lang="en">{e(label_en)}'
        f"</span></div><div>{e(budget_id)}（{e(kind)}）</div>"
        f'<div class="amount">{e(signed_amount(total))}</div>'
        f'<div class="yen">{total:,}円</div></li>'
    )


def summary(comparison: Comparison) -> str:
    """The two totals and their change.

    Args:
        comparison: The comparison.

    Returns:
        The ``<section id="summary">`` markup; the change carries ``data-before``,
        ``data-after`` and ``data-change``.
    """
    info = comparison.info
    change = info.after_total - info.before_total
    rate = change_rate(info.before_total, info.after_total)
    rate_part = f"（{rate_text(rate)}）" if rate is not None else ""
    sides = _side(
        "比較元", "Before", info.before_budget_id, info.before_kind_name, info.before_total
    ) + _side("比較先", "After", info.after_budget_id, info.after_kind_name, info.after_total)
    return section(
        "summary",
        "概要",
        "Summary",
        f'<ul class="sides">{sides}</ul>'
        f'<div class="total" data-before="{info.before_total}" data-after="{info.after_total}" '
        f'data-change="{change}"><div>増減額 <span class="en" lang="en">Change</span></div>'
        f'<div class="figure">{e(signed_change(change))}{e(rate_part)}</div>'
        f'<div class="yen">{e(signed_yen(change))}</div></div>'
        f"<p>分類{len(comparison.nodes):,}件 · 明細{len(comparison.lines):,}件 · "
        f"名称・コード変更の推定{len(comparison.renamings)}件 "
        f'<span lang="en">({len(comparison.nodes):,} classifications, '
        f"{len(comparison.lines):,} lines, {len(comparison.renamings)} possible renamings)"
        "</span>。金額はすべて円。増減額は比較先−比較元、増減率は比較元に対する割合。"
        '<span class="en" lang="en">Every amount is in yen; the change is after minus '
        "before, its rate is over before.</span></p>",
    )


def _footer(comparison: Comparison) -> str:
    return (
        f"<footer><p>データ: {e(comparison.info.municipality_name)} · ライセンス "
        f'<a rel="license" href="{e(LICENSE["path"])}">{e(LICENSE["title"])}</a></p>'
        "<p>英語の表記は公開者による非公式な翻訳です。正式な表記は日本語です。"
        '<span class="en" lang="en">English texts are the publisher\'s unofficial '
        "translations; the Japanese text is authoritative.</span></p></footer>\n"
    )


def to_comparison_html(comparison: Comparison, entries: Sequence[FileEntry]) -> str:
    """Render the page of a comparison.

    Args:
        comparison: The comparison.
        entries: The files of the publication written before the page (linked with
            their size; ``datapackage.json`` is linked without one).

    Returns:
        The whole HTML document; the same input gives the same text.
    """
    body = "\n".join(
        (
            summary(comparison),
            kan_changes(views(comparison)),
            largest(comparison, increases=True),
            largest(comparison, increases=False),
            statuses(comparison),
            renamings(comparison),
            files_section(entries),
        )
    )
    return (
        _head(comparison, entries)
        + "<body>\n"
        + _header(comparison)
        + f"<main>\n{body}\n</main>\n"
        + _footer(comparison)
        + "</body>\n</html>\n"
    )


def write_comparison_page(
    comparison: Comparison, directory: StrPath, files: list[FileEntry]
) -> list[FileEntry]:
    """Write ``index.html`` into ``directory`` (linking ``files``); its entry.

    Args:
        comparison: The comparison.
        directory: An existing directory (the publication being written).
        files: The files written before the page.

    Returns:
        The page's entry (name ``preview``), with its size and SHA-256.

    Raises:
        OutputError: The file cannot be written.
    """
    path = Path(directory) / HTML_FILE
    data = to_comparison_html(comparison, files).encode("utf-8")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    return [
        FileEntry(
            name="preview",
            path=HTML_FILE,
            title="比較のページ / The comparison's page",
            description="款ごとの増減、増減の大きい明細、新規・廃止、名称変更の推定。 The change "
            "by chapter, the largest increases and decreases, new and abolished lines and "
            "possible renamings.",
            format="html",
            mediatype="text/html",
            bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            encoding="utf-8",
        )
    ]
