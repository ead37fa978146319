"""A static preview page of the publication: ``index.html``, Japanese first, with English.

The page shows the headline figures (the total of the listed projects and each pillar's
amount and share), bar charts drawn from the data as inline SVG (:mod:`._svg`), the
projects, initiatives with their tags, the glossary (※) and the editorial notes, and
links to every file of the publication. It embeds a schema.org ``Dataset`` as JSON-LD
(https://schema.org/Dataset, https://developers.google.com/search/docs/appearance/structured-data/dataset)
so that dataset search engines can index it.

The page needs nothing from the network: no script, no web font, no image; CSS is
inline. Figures carry ``data-*`` attributes (``data-total``, ``data-pillar`` with
``data-amount``, ``data-project``, ``data-bytes``) so tests can compare what is shown
with the data. Output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from nerima_opendata._version import __version__
from nerima_opendata.amounts import format_amount
from nerima_opendata.errors import OutputError
from nerima_opendata.models import Budget, Certainty, EditorialNote, Initiative
from nerima_opendata.tables import TABLES
from nerima_opendata.writers._style import CSS
from nerima_opendata.writers._svg import Bar, bar_chart, colour
from nerima_opendata.writers.datapackage import LICENSE
from nerima_opendata.writers.dcat import MEDIA_TYPES

__all__ = ["HTML_FILE", "to_html", "to_schema_org", "write_html"]

#: The page's file name in the publication.
HTML_FILE = "index.html"
_DESCRIPTOR = "datapackage.json"
_MEDIA_TYPES = {**MEDIA_TYPES, ".html": "text/html"}
_FORMATS = {
    ".csv": "CSV",
    ".ttl": "Turtle",
    ".nt": "N-Triples",
    ".rdf": "RDF/XML",
    ".jsonld": "JSON-LD",
    ".json": "JSON",
    ".html": "HTML",
}
_UNOFFICIAL = " (unofficial translation)"
_NUMERIC = ' class="num"'
_TARGET_ANCHORS = {
    "budget": "summary",
    "pillars": "pillar-",
    "projects": "project-",
    "initiatives": "initiative-",
    "glossary": "glossary-",
}


def _e(text: str | int) -> str:
    return escape(str(text), quote=True)


def _english(text: str | None) -> str:
    """English text for display; the page says once that every English text is unofficial."""
    if not text:
        return ""
    return text.removesuffix(_UNOFFICIAL)


def _bi(ja: str, en: str | None) -> str:
    """Japanese text followed by its English form (``lang="en"``), both escaped."""
    english = _english(en)
    rest = f' <span class="en" lang="en">{_e(english)}</span>' if english else ""
    return f"{_e(ja)}{rest}"


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _share(amount: int, total: int) -> str:
    return f"{amount * 100 / total:.1f}%" if total else "0.0%"


def _href(name: str) -> str:
    return _e(quote(name))


def _links(files: Sequence[tuple[str, int]]) -> list[tuple[str, int | None]]:
    """The files to link: every given file but the page itself, plus the descriptor."""
    links: list[tuple[str, int | None]] = [(n, size) for n, size in files if n != HTML_FILE]
    if _DESCRIPTOR not in {name for name, _ in files}:
        links.append((_DESCRIPTOR, None))
    return links


def _describe(budget: Budget, name: str) -> tuple[str, str]:
    """A Japanese and English description of a published file, from its name."""
    code = budget.info.municipality_code
    for spec in TABLES:
        if spec.filename(code) == name:
            return f"表: {spec.title_ja}", f"Table: {spec.title_en}"
    suffix = PurePosixPath(name).suffix
    if name == _DESCRIPTOR:
        return "データパッケージ記述子（Frictionless）", "Data Package descriptor (Frictionless)"
    if name == HTML_FILE:
        return "このページ", "This page"
    if name.endswith("_dcat.ttl"):
        return "DCATメタデータ（ハーベスタ向け）", "DCAT metadata, for harvesters"
    if suffix in {".ttl", ".nt", ".rdf", ".jsonld"}:
        fmt = _FORMATS[suffix]
        return f"予算全体のRDF（{fmt}）", f"The whole budget as RDF ({fmt})"
    return "", ""


def _media_type(name: str) -> str:
    return _MEDIA_TYPES.get(PurePosixPath(name).suffix, "application/octet-stream")


def to_schema_org(budget: Budget, files: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """The publication as a schema.org ``Dataset`` (JSON-LD), for dataset search engines.

    Args:
        budget: The budget.
        files: ``(file name, size in bytes)`` of each published file; the descriptor
            ``datapackage.json`` is added when it is missing, and the page is left out.

    Returns:
        A JSON-LD object with ``@context`` https://schema.org; download URLs are
        relative to the page.
    """
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    organization: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": info.municipality_name,
        "identifier": info.municipality_code,
    }
    if info.municipality_name_en:
        organization["alternateName"] = info.municipality_name_en
    year = info.fiscal_year
    distribution = []
    for name, size in _links(files):
        download: dict[str, Any] = {
            "@type": "DataDownload",
            "name": name,
            "encodingFormat": _media_type(name),
            "contentUrl": quote(name),
        }
        if size is not None:
            download["contentSize"] = f"{size} B"
        distribution.append(download)
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{info.municipality_name} {info.title}",
        "alternateName": f"{name_en} {_english(info.title_en) or info.title}",
        "description": (
            f"{info.municipality_name}の{info.fiscal_year_label}{info.phase_label}"
            f"（{info.deliberation_session}で審議）の施策の柱{len(budget.pillars)}件・"
            f"主な事業{len(budget.projects)}件（予算額）・取組{len(budget.initiatives)}件。"
            f"出典: {info.source_title}。 "
            f"Policy pillars, the {len(budget.projects)} main projects with their amounts "
            f"and their initiatives of the {name_en} FY{year} budget ({info.phase.value}). "
            "Amounts are integers in yen; English texts are unofficial translations."
        ),
        "identifier": f"{info.municipality_code}-budget-{info.id}",
        "inLanguage": ["ja", "en"],
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "keywords": ["予算", info.phase_label, info.municipality_name, "budget", f"FY{year}"],
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
        "distribution": distribution,
    }


def _json_ld(budget: Budget, files: Sequence[tuple[str, int]]) -> str:
    text = json.dumps(to_schema_org(budget, files), ensure_ascii=False, indent=1)
    # Nothing in the data may close the <script> element or open a comment.
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _summary(budget: Budget) -> str:
    total, totals = budget.total, budget.totals_by_pillar()
    count = len(budget.projects)
    cards = []
    for index, pillar in enumerate(budget.pillars):
        amount = totals[pillar.id]
        projects = sum(1 for _ in budget.projects_in(pillar.id))
        cards.append(
            f'<li class="card pillar" id="pillar-{_e(pillar.id)}" style="--pillar: {colour(index)}" '
            f'data-pillar="{_e(pillar.id)}" data-amount="{amount}">'
            f"<div><strong>{_e(pillar.id)}</strong> {_bi(pillar.title, pillar.title_en)}</div>"
            f'<div class="amount">{_e(format_amount(amount))}</div>'
            f'<div class="yen">{_e(_yen(amount))}</div>'
            f'<div>構成比 <span class="share">{_share(amount, total)}</span> · '
            f'{projects}事業 <span lang="en">({projects} projects)</span></div></li>'
        )
    return (
        '<section id="summary"><h2>概要 <span class="en" lang="en">Summary</span></h2>'
        f'<div class="total" data-total="{total}">'
        f"<div>掲載された主な事業{count}件の予算額の合計 "
        f'<span class="en" lang="en">Total of the {count} listed main projects</span></div>'
        f'<div class="figure">{_e(format_amount(total))}</div>'
        f'<div class="yen">{_e(_yen(total))}</div>'
        f"<p><strong>これは主な事業{count}件の合計であり、区の一般会計の総額ではありません。</strong>"
        f'<span class="en" lang="en">This is the sum of the {count} main projects listed in '
        "the source, not the total of the general account.</span></p></div>"
        f"<p>施策の柱{len(budget.pillars)}件 · 主な事業{count}件 · 取組{len(budget.initiatives)}件 "
        f'<span lang="en">({len(budget.pillars)} pillars, {count} projects, '
        f"{len(budget.initiatives)} initiatives)</span></p>"
        f'<h3>施策の柱ごとの予算額と構成比 <span class="en" lang="en">Amount and share by pillar'
        f'</span></h3><ul class="cards">{"".join(cards)}</ul></section>'
    )


def _charts(budget: Budget) -> str:
    totals = budget.totals_by_pillar()
    pillar_bars = []
    project_bars = []
    for index, pillar in enumerate(budget.pillars):
        fill = colour(index)
        amount = totals[pillar.id]
        pillar_bars.append(
            Bar(
                label=f"{pillar.id} {pillar.title}",
                value=amount,
                value_text=f"{format_amount(amount)}（{_share(amount, budget.total)}）",
                colour=fill,
                data=(("pillar", pillar.id), ("amount", str(amount))),
            )
        )
        for project in budget.projects_in(pillar.id):
            project_bars.append(
                Bar(
                    label=f"{project.id} {project.title}",
                    value=project.amount,
                    value_text=project.amount_printed,
                    colour=fill,
                    data=(
                        ("project", project.id),
                        ("pillar", pillar.id),
                        ("amount", str(project.amount)),
                    ),
                    group=f"{pillar.id} {pillar.title}",
                )
            )
    pillar_svg = bar_chart(
        "chart-pillars",
        "施策の柱ごとの予算額 / Amount by pillar",
        f"施策の柱{len(budget.pillars)}件それぞれに属する主な事業の予算額の合計と構成比。"
        "棒の長さは金額に比例する。 Sum of the main projects' amounts in each pillar, "
        "with its share of the total; bar length is proportional to the amount.",
        pillar_bars,
    )
    project_svg = bar_chart(
        "chart-projects",
        "事業ごとの予算額 / Amount by project",
        f"主な事業{len(budget.projects)}件の予算額。施策の柱ごとにまとめ、柱の色で塗り分けている。 "
        f"The amounts of the {len(budget.projects)} main projects, grouped and coloured "
        "by pillar.",
        project_bars,
    )
    return (
        '<section id="charts"><h2>グラフ <span class="en" lang="en">Charts</span></h2>'
        "<figure><figcaption>施策の柱ごとの予算額 "
        f'<span class="en" lang="en">Amount by pillar</span></figcaption>'
        f'<div class="chart-box">{pillar_svg}</div></figure>'
        "<figure><figcaption>事業ごとの予算額（柱ごとに色分け） "
        '<span class="en" lang="en">Amount by project, coloured by pillar</span></figcaption>'
        f'<div class="chart-box">{project_svg}</div></figure></section>'
    )


def _tags(budget: Budget, initiative: Initiative) -> str:
    by_label = {t.label: t for t in budget.tags}
    badges = []
    for label in initiative.tags:
        tag = by_label[label]
        hint = f' title="{_e(tag.label_en)}"' if tag.label_en else ""
        badges.append(
            f'<span class="tag tag-{_e(tag.id)}" data-tag="{_e(tag.id)}"{hint}>{_e(label)}</span>'
        )
    return "".join(badges)


def _table(columns: Sequence[tuple[str, str]], body: str, numeric: Sequence[int] = ()) -> str:
    """A table in a horizontally scrolling box; on narrow screens, one block per row."""
    head = "".join(
        f'<th scope="col"{_NUMERIC if i in numeric else ""}>'
        f'{_e(ja)} <span class="en" lang="en">{_e(en)}</span></th>'
        for i, (ja, en) in enumerate(columns)
    )
    return (
        f'<div class="scroll"><table class="stack"><thead><tr>{head}</tr></thead>'
        f"{body}</table></div>"
    )


def _section(anchor: str, ja: str, en: str, content: str) -> str:
    return (
        f'<section id="{anchor}"><h2>{_e(ja)} <span class="en" lang="en">{_e(en)}</span></h2>'
        f"{content}</section>"
    )


def _inferred(budget: Budget, table: str, record_id: str) -> str:
    """Links to the inferred editorial notes about a record, as warning badges."""
    return "".join(
        f' <a class="certainty inferred" href="#note-{_e(n.id)}">推定 '
        f'<span lang="en">inferred</span> {_e(n.id)}</a>'
        for n in budget.editorial_notes
        if n.certainty is Certainty.INFERRED
        and n.target_table == table
        and n.target_id == record_id
    )


def _projects(budget: Budget) -> str:
    totals = budget.totals_by_pillar()
    groups = []
    for index, pillar in enumerate(budget.pillars):
        rows = [
            f'<tbody style="--pillar: {colour(index)}"><tr><th scope="rowgroup" colspan="5">'
            f'<span class="swatch"></span>{_e(pillar.id)} {_bi(pillar.title, pillar.title_en)}'
            f" — {_e(format_amount(totals[pillar.id]))}</th></tr>"
        ]
        for p in budget.projects_in(pillar.id):
            count = sum(1 for _ in budget.initiatives_in(p.id))
            rows.append(
                f'<tr id="project-{_e(p.id)}" data-project="{_e(p.id)}" '
                f'data-pillar="{_e(pillar.id)}" data-amount="{p.amount}">'
                f'<td class="id">{_e(p.id)}</td>'
                f"<td>{_bi(p.title, p.title_en)}{_inferred(budget, 'projects', p.id)}</td>"
                f'<td class="num">{_e(p.amount_printed)}</td>'
                f'<td class="num">{_e(_yen(p.amount))}</td>'
                f'<td class="num" data-label="取組数 Initiatives">{count}</td></tr>'
            )
        groups.append("".join(rows) + "</tbody>")
    columns = [
        ("ID", "ID"),
        ("事業名", "Project"),
        ("予算額", "Amount"),
        ("円", "Yen"),
        ("取組数", "Initiatives"),
    ]
    return _section(
        "projects", "主な事業", "Main projects", _table(columns, "".join(groups), (2, 3, 4))
    )


def _initiatives(budget: Budget) -> str:
    counts = budget.tag_counts()
    legend = "".join(
        f'<li><span class="tag tag-{_e(t.id)}" data-tag="{_e(t.id)}">{_e(t.label)}</span> '
        f'<span lang="en">{_e(t.label_en or "")}</span> — {counts[t.label]}件'
        f"{' · ' + _e(t.definition) if t.definition else ''}</li>"
        for t in budget.tags
    )
    pillar_colour = {p.id: colour(i) for i, p in enumerate(budget.pillars)}
    groups = []
    for project in budget.projects:
        rows = [
            f'<tbody style="--pillar: {pillar_colour[project.pillar_id]}">'
            f'<tr><th scope="rowgroup" colspan="3">{_e(project.id)} {_e(project.title)}</th></tr>'
        ]
        rows.extend(
            f'<tr id="initiative-{_e(i.id)}" data-initiative="{_e(i.id)}">'
            f'<td class="id">{_e(i.id)}</td><td>{_bi(i.text, i.text_en)}</td>'
            f"<td>{_tags(budget, i)}{_inferred(budget, 'initiatives', i.id)}</td></tr>"
            for i in budget.initiatives_in(project.id)
        )
        groups.append("".join(rows) + "</tbody>")
    columns = [("ID", "ID"), ("内容", "Initiative"), ("タグ", "Tags")]
    return _section(
        "initiatives",
        "取組",
        "Initiatives",
        '<h3>タグ <span class="en" lang="en">Tags</span></h3>'
        f'<ul class="legend">{legend}</ul>{_table(columns, "".join(groups))}',
    )


def _glossary(budget: Budget) -> str:
    rows = "".join(
        f'<tr id="glossary-{_e(g.id)}"><td class="id">{_e(g.id)}</td>'
        f'<th scope="row">{_e(g.term)}</th>'
        f'<td data-label="正式名称 Full form">{_e(g.term_full or "—")}</td>'
        f"<td>{_e(g.definition)}</td>"
        f'<td data-label="使用箇所 Used in"><a href="#initiative-{_e(g.initiative_id)}">'
        f"{_e(g.initiative_id)}</a></td></tr>"
        for g in budget.glossary
    )
    columns = [
        ("ID", "ID"),
        ("用語", "Term"),
        ("正式名称", "Full form"),
        ("説明", "Definition"),
        ("使用箇所", "Used in"),
    ]
    return _section(
        "glossary", "用語注（※）", "Glossary (※)", _table(columns, f"<tbody>{rows}</tbody>")
    )


def _certainty(note: EditorialNote) -> str:
    if note.certainty is Certainty.INFERRED:
        return '<span class="certainty inferred">推定 <span lang="en">inferred</span></span>'
    return '<span class="certainty">確定 <span lang="en">confirmed</span></span>'


def _notes(budget: Budget) -> str:
    rows = []
    for n in budget.editorial_notes:
        marked = ' class="inferred"' if n.certainty is Certainty.INFERRED else ""
        anchor = _TARGET_ANCHORS[n.target_table]
        href = anchor if anchor == "summary" else anchor + n.target_id
        rows.append(
            f'<tr id="note-{_e(n.id)}" data-certainty="{_e(n.certainty.value)}"{marked}>'
            f'<td class="id">{_e(n.id)}</td>'
            f'<td data-label="対象 Target"><a href="#{_e(href)}">{_e(n.target_id)}</a></td>'
            f'<td data-label="種別 Kind">{_e(n.kind.value)}</td><td>{_certainty(n)}</td>'
            f"<td>{_bi(n.note, n.note_en)}</td>"
            f'<td class="lines" data-label="出典行 Lines">{_e(n.source_lines or "—")}</td></tr>'
        )
    inferred_ids = [n.id for n in budget.editorial_notes if n.certainty is Certainty.INFERRED]
    callout = ""
    if inferred_ids:
        links = "、".join(f'<a href="#note-{_e(i)}">{_e(i)}</a>' for i in inferred_ids)
        callout = (
            f'<p class="callout"><strong>推定による編集があります：</strong>{links}。'
            "出典から確定できず、公開者が根拠に基づいて推定したものです。"
            '<span class="en" lang="en">Some corrections are editorial inferences, not '
            "confirmed by the source; they are marked “inferred”.</span></p>"
        )
    columns = [
        ("ID", "ID"),
        ("対象", "Target"),
        ("種別", "Kind"),
        ("確度", "Certainty"),
        ("説明", "Note"),
        ("出典行", "Lines"),
    ]
    return _section(
        "notes",
        "編集注",
        "Editorial notes",
        "<p>出典（PDFから抽出したテキスト）に対して行った訂正と推定の一覧。"
        '<span class="en" lang="en">Every correction or inference made over the source, '
        f"with its certainty.</span></p>{callout}"
        + _table(columns, f"<tbody>{''.join(rows)}</tbody>"),
    )


def _downloads(budget: Budget, files: Sequence[tuple[str, int]]) -> str:
    rows = []
    for name, size in _links(files):
        ja, en = _describe(budget, name)
        fmt = _FORMATS.get(PurePosixPath(name).suffix, "")
        bytes_attr = f' data-bytes="{size}"' if size is not None else ""
        rows.append(
            f'<tr data-file="{_e(name)}"{bytes_attr}><td><a href="{_href(name)}" '
            f'type="{_e(_media_type(name))}">{_e(name)}</a></td>'
            f"<td>{_bi(ja, en)}</td><td>{_e(fmt)}</td>"
            f'<td class="num" data-label="バイト Bytes">{"—" if size is None else f"{size:,}"}'
            "</td></tr>"
        )
    columns = [("ファイル", "File"), ("内容", "Content"), ("形式", "Format"), ("バイト", "Bytes")]
    return _section(
        "downloads",
        "ファイル",
        "Files",
        "<p>CSVはUTF-8（BOM付き）。各ファイルの大きさとSHA-256は"
        f'<a href="{_href(_DESCRIPTOR)}">{_DESCRIPTOR}</a>に記載。'
        '<span class="en" lang="en">CSV files are UTF-8 with a BOM. Sizes and SHA-256 '
        "checksums are listed in the descriptor.</span></p>"
        + _table(columns, f"<tbody>{''.join(rows)}</tbody>", (3,)),
    )


def _head(budget: Budget, files: Sequence[tuple[str, int]]) -> str:
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    title = f"{info.municipality_name} {info.title}"
    title_en = f"{name_en} {_english(info.title_en) or info.title}"
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)} | {_e(title_en)}</title>\n"
        f'<meta name="description" content="{_e(title)}: 施策の柱・主な事業・取組のオープンデータ。 '
        f'{_e(title_en)}: open data.">\n'
        f'<meta name="generator" content="nerima-opendata {_e(__version__)}">\n'
        '<link rel="icon" href="data:,">\n'
        f'<link rel="alternate" type="application/json" href="{_href(_DESCRIPTOR)}">\n'
        f"<style>{CSS}</style>\n"
        f'<script type="application/ld+json">\n{_json_ld(budget, files)}\n</script>\n'
        "</head>\n"
    )


def _header(budget: Budget) -> str:
    info = budget.info
    name_en = info.municipality_name_en or info.municipality_name
    sections: Iterable[tuple[str, str, str]] = (
        ("summary", "概要", "Summary"),
        ("charts", "グラフ", "Charts"),
        ("projects", "主な事業", "Projects"),
        ("initiatives", "取組", "Initiatives"),
        ("glossary", "用語注", "Glossary"),
        ("notes", "編集注", "Editorial notes"),
        ("downloads", "ファイル", "Files"),
    )
    nav = "".join(
        f'<li><a href="#{anchor}">{ja} <span lang="en">{en}</span></a></li>'
        for anchor, ja, en in sections
    )
    return (
        "<header>"
        f"<h1>{_e(info.municipality_name)} {_e(info.title)}"
        f'<span class="en" lang="en">{_e(name_en)} {_e(_english(info.title_en) or "")}</span></h1>'
        f'<p class="meta">{_e(info.fiscal_year_label)}（{info.fiscal_year}年4月〜'
        f"{info.fiscal_year + 1}年3月） · {_e(info.phase_label)} · "
        f"{_e(info.deliberation_session)}で審議 · 出典: {_e(info.source_title)}</p>"
        f'</header>\n<nav aria-label="目次 / Contents"><ul>{nav}</ul></nav>\n'
    )


def _footer(budget: Budget) -> str:
    info = budget.info
    source = (
        f'<a href="{_e(info.source_url)}">{_e(info.source_title)}</a>'
        if info.source_url
        else _e(info.source_title)
    )
    return (
        "<footer>"
        f"<p>データ: {_e(info.municipality_name)} · ライセンス "
        f'<a rel="license" href="{_e(LICENSE["path"])}">{_e(LICENSE["title"])}</a> · '
        f"出典: {source}</p>"
        f"<p>問合せ: {_e(info.municipality_name)} {_e(info.department)}"
        f"（電話 {_e(info.telephone)}）</p>"
        "<p>英語の表記は公開者による非公式な翻訳です。正式な表記は日本語です。"
        '<span class="en" lang="en">English texts are the publisher\'s unofficial '
        "translations; the Japanese text is authoritative.</span></p>"
        "</footer>\n"
    )


def to_html(budget: Budget, files: list[tuple[str, int]]) -> str:
    """Render the preview page of a publication.

    Args:
        budget: The budget the publication was built from.
        files: ``(file name, size in bytes)`` of each published file, in the order to
            list them (e.g. :attr:`nerima_opendata.publication.BuildResult.files`); a link
            to ``datapackage.json`` (without a size) is added when it is not among them,
            and ``index.html`` itself is left out.

    Returns:
        The whole HTML document; the same input gives the same text.
    """
    body = "\n".join(
        (
            _summary(budget),
            _charts(budget),
            _projects(budget),
            _initiatives(budget),
            _glossary(budget),
            _notes(budget),
            _downloads(budget, files),
        )
    )
    return (
        _head(budget, files)
        + "<body>\n"
        + _header(budget)
        + f"<main>\n{body}\n</main>\n"
        + _footer(budget)
        + "</body>\n</html>\n"
    )


def write_html(budget: Budget, directory: Path, files: list[tuple[str, int]]) -> Path:
    """Write :func:`to_html` as ``index.html`` (UTF-8) into ``directory``.

    Args:
        budget: The budget.
        directory: An existing directory (the build's temporary one, or a publication).
        files: The published files to link, as for :func:`to_html`.

    Returns:
        The written file.

    Raises:
        OutputError: The file cannot be written.
    """
    path = directory / HTML_FILE
    try:
        path.write_bytes(to_html(budget, files).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    return path
