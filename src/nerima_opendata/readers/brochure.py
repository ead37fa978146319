"""Parse the text of a budget brochure (● projects, ◦ initiatives, ※ notes) into a Budget.

The text comes from a PDF, so the parser is deliberately strict: every line must be
accounted for, and every layout defect must be named in the reviewed corrections file
(:mod:`nerima_opendata.readers.corrections`). Each correction becomes an editorial note.

The markers are those of Japanese municipal newsletters:

* ``●title【1億8723万円】`` — a main project and its amount;
* ``◦text 新規`` — an initiative, with trailing tags;
* ``※term（full form）…definition`` — a glossary note, used where the text has ``（※）``.

Lines that wrap are joined without spaces (Japanese has none between words).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from nerima_opendata.errors import InputError, RecordError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.text import decode
from nerima_opendata.model import (
    Budget,
    BudgetInfo,
    BudgetPhase,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    TableName,
    Tag,
)
from nerima_opendata.model.amounts import parse_amount
from nerima_opendata.model.wareki import format_fiscal_year, parse_wareki_year
from nerima_opendata.readers._invalid import first_problem
from nerima_opendata.readers.brochure_notes import (
    Context,
    area_code_note,
    editorial_notes,
    free_note,
    furigana_note,
    heading_note,
    relocation_note,
    title_note,
)
from nerima_opendata.readers.corrections import Corrections, load_corrections
from nerima_opendata.readers.layout import Child, Collected, Item, Layout, collect, scan

__all__ = ["parse_brochure", "read_brochure"]


def read_brochure(
    source: StrPath, corrections: StrPath, translations: StrPath | None = None
) -> Budget:
    """Read a brochure text file and its corrections file into a Budget.

    Args:
        source: The extracted brochure text (UTF-8, with or without BOM).
        corrections: The reviewed corrections TOML file.
        translations: An optional TOML file of unofficial English translations.

    Returns:
        The budget, consistent and complete.

    Raises:
        InputError: A file cannot be read.
        SourceParseError: The text does not parse, or a correction does not apply.
    """
    source = Path(source)
    corrections = Path(corrections)
    translations = Path(translations) if translations is not None else None
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=source) from exc
    fixes = load_corrections(corrections, translations)
    return parse_brochure(
        decode(raw, source), fixes, source=source, sha256=hashlib.sha256(raw).hexdigest()
    )


def parse_brochure(
    text: str,
    fixes: Corrections,
    *,
    source: StrPath | None = None,
    sha256: str | None = None,
) -> Budget:
    """Parse brochure text into a Budget, applying the reviewed corrections.

    Args:
        text: The whole extracted text.
        fixes: The corrections for this text.
        source: The file it came from, for error messages.
        sha256: The SHA-256 of the source bytes, recorded in the budget.

    Returns:
        The budget.

    Raises:
        SourceParseError: The text does not parse, or a correction does not apply.
    """
    source = Path(source) if source is not None else None
    ctx = Context(fixes, source)
    layout = scan(text.splitlines(), fixes, source)
    _check_layout(layout, ctx)
    collected = collect(layout, fixes, source)
    _check_counts(layout, ctx, len(collected.projects))
    pillars, projects, initiatives = _records(layout, ctx, collected)
    glossary = _glossary(ctx, collected.glossary, initiatives)
    translated = {p.title for p in projects} | {i.text for i in initiatives}
    unused = sorted(set(fixes.translations) - translated)
    if unused:
        raise ctx.fail(
            "a translation matches no title or text; keys must be exact", found=unused[0]
        )
    try:
        info = _info(layout, ctx, sha256)
        tags = _tags(fixes)
        notes = editorial_notes(ctx.notes)
        return Budget.from_tables(
            {
                TableName.BUDGET: (info,),
                TableName.PILLARS: tuple(pillars),
                TableName.PROJECTS: tuple(projects),
                TableName.INITIATIVES: tuple(initiatives),
                TableName.TAGS: tuple(tags),
                TableName.GLOSSARY: tuple(glossary),
                TableName.EDITORIAL_NOTES: tuple(notes),
            }
        )
    except RecordError as exc:
        message, found = first_problem(exc)
        raise ctx.fail(f"the parsed budget is not valid: {message}", found=found) from exc


def _check_layout(layout: Layout, ctx: Context) -> None:
    if layout.intro is None:
        raise ctx.fail("no intro line (…つの柱と…の令和…年度当初予算案…)")
    if layout.session is None:
        raise ctx.fail("no deliberating session (…定例会で審議) in the intro", layout.intro_line)
    if layout.contact is None:
        raise ctx.fail("no contact line (問合せ 課☎番号)")


def _check_counts(layout: Layout, ctx: Context, found: int) -> None:
    """The intro's numbers, the corrections' pillars and the ● items must agree."""
    assert layout.intro is not None
    declared_pillars = int(layout.intro.group("pillars"))
    declared_projects = int(layout.intro.group("projects"))
    in_pillars = sum(p.projects for p in ctx.fixes.pillars)
    if declared_pillars != len(ctx.fixes.pillars):
        raise ctx.fail(
            "the intro and the corrections file disagree on the number of pillars",
            layout.intro_line,
            found=len(ctx.fixes.pillars),
            expected=str(declared_pillars),
        )
    if declared_projects != found or in_pillars != found:
        raise ctx.fail(
            "project count mismatch",
            layout.intro_line,
            found=found,
            expected=f"{declared_projects} (intro) = sum of pillars' projects ({in_pillars})",
        )
    for profile in ctx.fixes.pillars:
        if profile.title not in layout.headings:
            raise ctx.fail("pillar heading not found in the text", found=profile.title)


def _records(
    layout: Layout, ctx: Context, collected: Collected
) -> tuple[list[Pillar], list[Project], list[Initiative]]:
    """Pillars in the ward's order; the projects follow them in text order."""
    pillars: list[Pillar] = []
    projects: list[Project] = []
    initiatives: list[Initiative] = []
    index = 0
    for p_no, profile in enumerate(ctx.fixes.pillars, start=1):
        pillar_id = f"P{p_no}"
        heading = layout.headings[profile.title]
        pillars.append(
            Pillar(
                id=pillar_id,
                order=p_no,
                title=profile.title,
                title_en=profile.title_en,
                source_lines=str(heading),
            )
        )
        ctx.notes.append(heading_note(pillar_id, heading, profile.projects))
        for order in range(1, profile.projects + 1):
            project = _project(ctx, collected, index, pillar_id, order)
            projects.append(project)
            initiatives += _initiatives(ctx, project.id, collected.children[index])
            index += 1
    return pillars, projects, initiatives


def _project(ctx: Context, collected: Collected, index: int, pillar_id: str, order: int) -> Project:
    read = collected.projects[index]
    item = read.item
    project_id = f"{pillar_id}-{order:02d}"
    try:
        amount = parse_amount(read.printed)
    except InputError as exc:
        raise ctx.fail(
            exc.message, item.first_line, found=read.printed, expected=exc.expected
        ) from exc
    title_lines = [n for n, t in item.lines if not re.fullmatch(r"【[^】]*】", t)]
    if len(title_lines) > 1:
        ctx.notes.append(title_note(project_id, title_lines[0], title_lines[-1]))
    for fix in ctx.fixes.furigana:
        if fix.printed in item.joined():
            ctx.notes.append(furigana_note(project_id, fix, item.line_range))
    return Project(
        id=project_id,
        pillar_id=pillar_id,
        order=order,
        title=read.title,
        title_en=ctx.fixes.translations.get(read.title),
        amount=amount,
        amount_printed=read.printed,
        source_lines=item.line_range,
    )


def _initiatives(ctx: Context, project_id: str, children: list[Child]) -> list[Initiative]:
    rows = []
    for number, child in enumerate(children, start=1):
        initiative_id = f"{project_id}-{number:02d}"
        rows.append(
            Initiative(
                id=initiative_id,
                project_id=project_id,
                order=number,
                text=child.text,
                text_en=ctx.fixes.translations.get(child.text),
                tags=tuple(ctx.tag_ids[label] for label in child.tags),
                source_lines=child.item.line_range,
            )
        )
        moved = next((r for r in ctx.fixes.relocations if r.line == child.item.first_line), None)
        if moved is not None:
            ctx.notes.append(relocation_note(initiative_id, moved, child.item.line_range))
    return rows


def _glossary(ctx: Context, items: list[Item], initiatives: list[Initiative]) -> list[GlossaryNote]:
    """Glossary notes (※), linked to the initiative that marks the term with （※）."""
    notes = []
    for number, item in enumerate(items, start=1):
        head, sep, definition = item.joined().partition("…")
        if not sep:
            raise ctx.fail(
                "glossary note without …",
                item.first_line,
                found=item.joined(),
                expected="※term（full form）…definition",
            )
        term, _, full = head.partition("（")
        users = [i for i in initiatives if f"{term}（※）" in i.text]
        if len(users) != 1:
            raise ctx.fail(
                "a glossary term must be marked （※） in exactly one initiative",
                item.first_line,
                found=f"{term}: {len(users)} initiatives",
            )
        notes.append(
            GlossaryNote(
                id=f"G{number}",
                term=term,
                term_full=full.rstrip("）") or None,
                definition=definition,
                initiative_id=users[0].id,
                source_lines=item.line_range,
            )
        )
    return notes


def _info(layout: Layout, ctx: Context, sha256: str | None) -> BudgetInfo:
    """The budget row: printed facts from the intro and contact, the rest from the profile."""
    assert layout.contact is not None  # checked by _check_layout
    assert layout.session is not None
    budget = ctx.fixes.budget
    year, label, phase_label = _fiscal_year(layout, ctx)
    budget_id = f"{year}-{budget.phase.value}"
    ctx.notes.extend(free_note(free, budget_id) for free in ctx.fixes.notes)
    return BudgetInfo(
        id=budget_id,
        municipality_code=budget.municipality_code,
        municipality_name=budget.municipality_name,
        municipality_name_en=budget.municipality_name_en,
        fiscal_year=year,
        fiscal_year_label=label,
        phase=budget.phase,
        phase_label=phase_label,
        title=budget.title,
        title_en=budget.title_en,
        department=layout.contact.group("department"),
        department_en=budget.department_en,
        telephone=_telephone(layout, ctx, budget_id),
        deliberating_body=budget.deliberating_body,
        deliberation_session=layout.session,
        source_title=budget.source_title,
        source_url=budget.source_url,
        issued=budget.issued,
        modified=budget.modified,
        source_sha256=sha256,
        currency=budget.currency,
    )


def _fiscal_year(layout: Layout, ctx: Context) -> tuple[int, str, str]:
    """The intro's fiscal year, its printed label and the printed phase, all checked."""
    assert layout.intro is not None  # checked by _check_layout
    budget = ctx.fixes.budget
    label = layout.intro.group("year")
    year = parse_wareki_year(label)
    phase_label = layout.intro.group("phase")
    if phase_label != budget.phase.label_ja and budget.phase is not BudgetPhase.ADJUSTED:
        raise ctx.fail(
            "the printed phase does not match the corrections file",
            layout.intro_line,
            found=phase_label,
            expected=budget.phase.label_ja,
        )
    if format_fiscal_year(year) != label:
        raise ctx.fail(
            "unusual era year label",
            layout.intro_line,
            found=label,
            expected=format_fiscal_year(year),
        )
    return year, label, phase_label


def _telephone(layout: Layout, ctx: Context, budget_id: str) -> str:
    """The contact's telephone number in ASCII, with the area code added if not printed."""
    assert layout.contact is not None  # checked by _check_layout
    printed = layout.contact.group("phone")
    phone = printed.translate(str.maketrans("０１２３４５６７８９－", "0123456789-"))
    area = ctx.fixes.budget.telephone_area_code
    if phone.startswith(area):
        return phone
    ctx.notes.append(area_code_note(budget_id, printed, area, layout.contact_line))
    return f"{area}-{phone}"


def _tags(fixes: Corrections) -> list[Tag]:
    """The controlled list of tags, numbered in the corrections file's order."""
    return [
        Tag(
            id=t.id,
            order=n,
            label=t.label,
            label_en=t.label_en,
            definition=t.definition,
            definition_en=t.definition_en,
        )
        for n, t in enumerate(fixes.tags, start=1)
    ]
