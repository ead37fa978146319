"""The preview page's table sections: projects, initiatives, glossary, notes and files.

Each section is a bilingual heading over a table (:func:`._markup.table`); records the
editorial notes mark as inferred get a warning badge linking to the note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from nerima_opendata.model import (
    Budget,
    Certainty,
    DocumentKind,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Project,
)
from nerima_opendata.model.amounts import format_amount
from nerima_opendata.model.tables import alias
from nerima_opendata.writers.html.files import (
    DESCRIPTOR,
    describe,
    format_name,
    links,
    media_type,
)
from nerima_opendata.writers.html.markup import bi, e, href, section, table, yen
from nerima_opendata.writers.html.svg import colour

__all__ = ["downloads", "glossary", "inferred_badges", "initiatives", "notes", "projects"]

_TARGET_ANCHORS = {
    "budget": "summary",
    "pillars": "pillar-",
    "projects": "project-",
    "initiatives": "initiative-",
    "glossary": "glossary-",
}


def _tags(budget: Budget, initiative: Initiative) -> str:
    """The tag badges of an initiative, with the English label as a tooltip."""
    badges = []
    for tag in map(budget.tag, initiative.tags):
        hint = f' title="{e(tag.label_en)}"' if tag.label_en else ""
        badges.append(
            f'<span class="tag tag-{e(tag.id)}" data-tag="{e(tag.id)}"{hint}>{e(tag.label)}</span>'
        )
    return "".join(badges)


def _definition_en(text: str | None) -> str:
    return f' <span lang="en">{e(text)}</span>' if text else ""


def inferred_badges(budget: Budget, table_name: str, record_id: str) -> str:
    """Links to the inferred editorial notes about a record, as warning badges."""
    return "".join(
        f' <a class="certainty inferred" href="#note-{e(n.id)}">推定 '
        f'<span lang="en">inferred</span> {e(n.id)}</a>'
        for n in budget.editorial_notes
        if n.certainty is Certainty.INFERRED
        and n.target_table == table_name
        and n.target_id == record_id
    )


def projects(budget: Budget) -> str:
    """The main projects, grouped by pillar, with their amounts.

    Args:
        budget: The budget.

    Returns:
        The ``<section id="projects">`` markup; each row carries ``data-project``,
        ``data-pillar`` and ``data-amount``.
    """
    totals = budget.totals_by_pillar()
    groups = []
    for index, pillar in enumerate(budget.pillars):
        rows = [
            f'<tbody style="--pillar: {colour(index)}"><tr><th scope="rowgroup" colspan="5">'
            f'<span class="swatch"></span>{e(pillar.id)} {bi(pillar.title, pillar.title_en)}'
            f" — {e(format_amount(totals[pillar.id]))}</th></tr>"
        ]
        for p in budget.projects_in(pillar.id):
            count = sum(1 for _ in budget.initiatives_in(p.id))
            rows.append(
                f'<tr id="project-{e(p.id)}" data-project="{e(p.id)}" '
                f'data-pillar="{e(pillar.id)}" data-amount="{p.amount}">'
                f'<td class="id">{e(p.id)}</td>'
                f"<td>{bi(p.title, p.title_en)}{inferred_badges(budget, 'projects', p.id)}</td>"
                f'<td class="num">{e(p.amount_printed)}</td>'
                f'<td class="num">{e(yen(p.amount))}</td>'
                f'<td class="num" data-label="取組数 Initiatives">{count}</td></tr>'
            )
        groups.append("".join(rows) + "</tbody>")
    columns = [
        ("ID", "ID"),
        (alias(Project, "title"), "Project"),
        (alias(Project, "amount"), "Amount"),
        ("円", "Yen"),
        ("取組数", "Initiatives"),
    ]
    return section(
        "projects", "主な事業", "Main projects", table(columns, "".join(groups), (2, 3, 4))
    )


def initiatives(budget: Budget) -> str:
    """The tag legend, then the initiatives grouped by project, with their tags.

    Args:
        budget: The budget.

    Returns:
        The ``<section id="initiatives">`` markup.
    """
    counts = budget.tag_counts()
    legend = "".join(
        f'<li><span class="tag tag-{e(t.id)}" data-tag="{e(t.id)}">{e(t.label)}</span> '
        f'<span lang="en">{e(t.label_en or "")}</span> — {counts[t.id]}件'
        f"{' · ' + e(t.definition) if t.definition else ''}{_definition_en(t.definition_en)}</li>"
        for t in budget.tags
    )
    pillar_colour = {p.id: colour(i) for i, p in enumerate(budget.pillars)}
    groups = []
    for project in budget.projects:
        rows = [
            f'<tbody style="--pillar: {pillar_colour[project.pillar_id]}">'
            f'<tr><th scope="rowgroup" colspan="3">{e(project.id)} {e(project.title)}</th></tr>'
        ]
        rows.extend(
            f'<tr id="initiative-{e(i.id)}" data-initiative="{e(i.id)}">'
            f'<td class="id">{e(i.id)}</td><td>{bi(i.text, i.text_en)}</td>'
            f"<td>{_tags(budget, i)}{inferred_badges(budget, 'initiatives', i.id)}</td></tr>"
            for i in budget.initiatives_in(project.id)
        )
        groups.append("".join(rows) + "</tbody>")
    columns = [
        ("ID", "ID"),
        (alias(Initiative, "text"), "Initiative"),
        (alias(Initiative, "tags"), "Tags"),
    ]
    return section(
        "initiatives",
        "取組",
        "Initiatives",
        '<h3>タグ <span class="en" lang="en">Tags</span></h3>'
        f'<ul class="legend">{legend}</ul>{table(columns, "".join(groups))}',
    )


def glossary(budget: Budget) -> str:
    """The glossary (※): each term, its full form, definition and where it is used.

    Args:
        budget: The budget.

    Returns:
        The ``<section id="glossary">`` markup.
    """
    rows = "".join(
        f'<tr id="glossary-{e(g.id)}"><td class="id">{e(g.id)}</td>'
        f'<th scope="row">{e(g.term)}</th>'
        f'<td data-label="正式名称 Full form">{e(g.term_full or "—")}</td>'
        f"<td>{e(g.definition)}</td>"
        f'<td data-label="使用箇所 Used in"><a href="#initiative-{e(g.initiative_id)}">'
        f"{e(g.initiative_id)}</a></td></tr>"
        for g in budget.glossary
    )
    columns = [
        ("ID", "ID"),
        (alias(GlossaryNote, "term"), "Term"),
        ("正式名称", "Full form"),
        (alias(GlossaryNote, "definition"), "Definition"),
        ("使用箇所", "Used in"),
    ]
    return section(
        "glossary", "用語注（※）", "Glossary (※)", table(columns, f"<tbody>{rows}</tbody>")
    )


def _certainty(note: EditorialNote) -> str:
    """A badge saying whether an editorial note is confirmed or inferred."""
    if note.certainty is Certainty.INFERRED:
        return '<span class="certainty inferred">推定 <span lang="en">inferred</span></span>'
    return '<span class="certainty">確定 <span lang="en">confirmed</span></span>'


def _target(note: EditorialNote) -> str:
    """A link to the record a note is about, or its ID alone when the page has no anchor
    for it (the records of a budget book's tables)."""
    anchor = _TARGET_ANCHORS.get(note.target_table)
    if anchor is None:
        return f"{e(note.target_table)} {e(note.target_id)}"
    target = anchor if anchor == "summary" else anchor + note.target_id
    return f'<a href="#{e(target)}">{e(note.target_id)}</a>'


#: What the editorial notes are about, by the kind of source document.
_NOTES_INTRO = {
    DocumentKind.BROCHURE: "出典（PDFから抽出したテキスト）に対して行った訂正と推定の一覧。",
    DocumentKind.BOOK: "出典（予算書のCSVファイル）に対して行った補足と推定、取り込まなかった列の一覧。",
}


def notes(budget: Budget) -> str:
    """The editorial notes, with a callout listing the inferred ones.

    Args:
        budget: The budget.

    Returns:
        The ``<section id="notes">`` markup; each row carries ``data-certainty`` and
        links to the record it is about.
    """
    rows = []
    for n in budget.editorial_notes:
        marked = ' class="inferred"' if n.certainty is Certainty.INFERRED else ""
        rows.append(
            f'<tr id="note-{e(n.id)}" data-certainty="{e(n.certainty.value)}"{marked}>'
            f'<td class="id">{e(n.id)}</td>'
            f'<td data-label="対象 Target">{_target(n)}</td>'
            f'<td data-label="種別 Kind">{e(n.kind.value)}</td><td>{_certainty(n)}</td>'
            f"<td>{bi(n.note, n.note_en)}</td>"
            f'<td class="lines" data-label="出典行 Lines">{e(n.source_lines or "—")}</td></tr>'
        )
    inferred_ids = [n.id for n in budget.editorial_notes if n.certainty is Certainty.INFERRED]
    callout = ""
    if inferred_ids:
        note_links = "、".join(f'<a href="#note-{e(i)}">{e(i)}</a>' for i in inferred_ids)
        callout = (
            f'<p class="callout"><strong>推定による編集があります：</strong>{note_links}。'
            "出典から確定できず、公開者が根拠に基づいて推定したものです。"
            '<span class="en" lang="en">Some corrections are editorial inferences, not '
            "confirmed by the source; they are marked “inferred”.</span></p>"
        )
    columns = [
        ("ID", "ID"),
        ("対象", "Target"),
        (alias(EditorialNote, "kind"), "Kind"),
        (alias(EditorialNote, "certainty"), "Certainty"),
        (alias(EditorialNote, "note"), "Note"),
        (alias(EditorialNote, "source_lines"), "Lines"),
    ]
    return section(
        "notes",
        "編集注",
        "Editorial notes",
        f"<p>{_NOTES_INTRO[budget.kind]}"
        '<span class="en" lang="en">Every correction or inference made over the source, '
        f"with its certainty.</span></p>{callout}"
        + table(columns, f"<tbody>{''.join(rows)}</tbody>"),
    )


def downloads(budget: Budget, files: Sequence[tuple[str, int | None]]) -> str:
    """The list of the published files, with their format and size.

    Args:
        budget: The budget, to describe the table files.
        files: ``(file name, size in bytes)`` of each published file, as for
            :func:`.links`.

    Returns:
        The ``<section id="downloads">`` markup; each row carries ``data-file`` and,
        when the size is known, ``data-bytes``.
    """
    return file_list(
        FileRow(name, *describe(budget, name), format_name(name), media_type(name), size)
        for name, size in links(files)
    )


class FileRow(NamedTuple):
    """One row of the list of files: its path, title (ja, en), format, type and size."""

    path: str
    ja: str
    en: str | None
    format: str
    media_type: str
    size: int | None


def file_list(files: Iterable[FileRow]) -> str:
    """The ``<section id="downloads">`` listing files, with their format and size.

    Args:
        files: The rows, in order; a size of ``None`` is shown as a dash.

    Returns:
        The markup; each row carries ``data-file`` and, when the size is known,
        ``data-bytes``.
    """
    rows = []
    for row in files:
        bytes_attr = f' data-bytes="{row.size}"' if row.size is not None else ""
        size = "—" if row.size is None else f"{row.size:,}"
        rows.append(
            f'<tr data-file="{e(row.path)}"{bytes_attr}><td><a href="{href(row.path)}" '
            f'type="{e(row.media_type)}">{e(row.path)}</a></td>'
            f"<td>{bi(row.ja, row.en)}</td><td>{e(row.format)}</td>"
            f'<td class="num" data-label="バイト Bytes">{size}</td></tr>'
        )
    columns = [("ファイル", "File"), ("概要", "Content"), ("形式", "Format"), ("バイト", "Bytes")]
    return section(
        "downloads",
        "ファイル",
        "Files",
        "<p>CSVはUTF-8（BOM付き）。各ファイルの大きさとSHA-256は"
        f'<a href="{href(DESCRIPTOR)}">{DESCRIPTOR}</a>に記載。'
        '<span class="en" lang="en">CSV files are UTF-8 with a BOM. Sizes and SHA-256 '
        "checksums are listed in the descriptor.</span></p>"
        + table(columns, f"<tbody>{''.join(rows)}</tbody>", (3,)),
    )
