"""The preview page's frame: the ``<head>``, the page header with its contents, the footer.

The ``<head>`` inlines the style sheet (:mod:`._style`) and embeds the schema.org
JSON-LD (:mod:`.schema_org`); nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nerima_opendata._version import __version__
from nerima_opendata.model import Budget, DocumentKind
from nerima_opendata.writers.datapackage import LICENSE
from nerima_opendata.writers.describe import holdings
from nerima_opendata.writers.html.book_script import BOOK_CSS
from nerima_opendata.writers.html.files import DESCRIPTOR
from nerima_opendata.writers.html.markup import e, english, href, script_json
from nerima_opendata.writers.html.schema_org import to_schema_org
from nerima_opendata.writers.html.style import CSS
from nerima_opendata.writers.html.tables import inferred_badges

__all__ = ["BROCHURE_SECTIONS", "footer", "head", "header", "json_ld"]


def json_ld(
    budget: Budget, files: Sequence[tuple[str, int | None]], publication_base: str | None = None
) -> str:
    """The schema.org JSON-LD (:func:`.to_schema_org`), safe inside a ``<script>``.

    Args:
        budget: The budget.
        files: The published files, as for :func:`.to_schema_org`.
        publication_base: Where the files are served, as for :func:`.to_schema_org`.

    Returns:
        Indented JSON in which ``&``, ``<`` and ``>`` are escaped as ``\\uXXXX``.
    """
    return script_json(to_schema_org(budget, files, publication_base), indent=1)


def head(
    budget: Budget, files: Sequence[tuple[str, int | None]], publication_base: str | None = None
) -> str:
    """The document up to ``</head>``: title, description, style sheet and JSON-LD.

    Args:
        budget: The budget.
        files: The published files, for the JSON-LD.
        publication_base: Where the files are served, for the JSON-LD's URLs.

    Returns:
        The markup, from ``<!DOCTYPE html>`` on.
    """
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    title = f"{info.municipality_name} {info.title}"
    title_en = f"{name_en} {english(info.title_en) or info.title}"
    book = budget.kind is DocumentKind.BOOK
    content = holdings(budget)[0]
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)} | {e(title_en)}</title>\n"
        f'<meta name="description" content="{e(title)}: {content}のオープンデータ。 '
        f'{e(title_en)}: open data.">\n'
        f'<meta name="generator" content="nerima-opendata {e(__version__)}">\n'
        '<link rel="icon" href="data:,">\n'
        f'<link rel="alternate" type="application/json" href="{href(DESCRIPTOR)}">\n'
        f"<style>{CSS}{BOOK_CSS if book else ''}</style>\n"
        f'<script type="application/ld+json">\n{json_ld(budget, files, publication_base)}\n</script>\n'
        "</head>\n"
    )


#: The sections of the brochure's page: anchor, Japanese and English heading.
BROCHURE_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("summary", "概要", "Summary"),
    ("charts", "グラフ", "Charts"),
    ("projects", "主な事業", "Projects"),
    ("initiatives", "取組", "Initiatives"),
    ("glossary", "用語注", "Glossary"),
    ("notes", "編集注", "Editorial notes"),
    ("downloads", "ファイル", "Files"),
)


def header(budget: Budget, sections: Iterable[tuple[str, str, str]] = BROCHURE_SECTIONS) -> str:
    """The page header (title, fiscal year, source) and the table of contents.

    Args:
        budget: The budget.
        sections: ``(anchor, Japanese, English)`` of each section, for the contents.

    Returns:
        The ``<header>`` and ``<nav>`` markup.
    """
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    nav = "".join(
        f'<li><a href="#{anchor}">{ja} <span lang="en">{en}</span></a></li>'
        for anchor, ja, en in sections
    )
    return (
        "<header>"
        f"<h1>{e(info.municipality_name)} {e(info.title)}"
        f'<span class="en" lang="en">{e(name_en)} {e(english(info.title_en) or "")}</span></h1>'
        f'<p class="meta">{e(info.fiscal_year_label)}（{info.fiscal_year}年4月〜'
        f"{info.fiscal_year + 1}年3月） · {e(info.phase_label)} · "
        + (f"{e(info.deliberation_session)}で審議 · " if info.deliberation_session else "")
        + f"出典: {e(info.source_title)}"
        f"{inferred_badges(budget, 'budget', info.id)}</p>"
        f'</header>\n<nav aria-label="目次 / Contents"><ul>{nav}</ul></nav>\n'
    )


def footer(budget: Budget) -> str:
    """The page footer: licence, source, contact, and the note on English texts.

    Args:
        budget: The budget.

    Returns:
        The ``<footer>`` markup.
    """
    info = budget.info
    source = (
        f'<a href="{e(info.source_url)}">{e(info.source_title)}</a>'
        if info.source_url
        else e(info.source_title)
    )
    return (
        "<footer>"
        f"<p>データ: {e(info.municipality_name)} · ライセンス "
        f'<a rel="license" href="{e(LICENSE["path"])}">{e(LICENSE["title"])}</a> · '
        f"出典: {source}</p>"
        f"<p>問合せ: {e(info.municipality_name)} {e(info.department or '')}"
        + (f"（電話 {e(info.telephone)}）" if info.telephone else "")
        + "</p>"
        "<p>英語の表記は公開者による非公式な翻訳です。正式な表記は日本語です。"
        '<span class="en" lang="en">English texts are the publisher\'s unofficial '
        "translations; the Japanese text is authoritative.</span></p>"
        "</footer>\n"
    )
