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
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from nerima_opendata.errors import InputError, RecordError, SourceParseError
from nerima_opendata.files.text import decode
from nerima_opendata.model import (
    TARGET_TABLES,
    Budget,
    BudgetInfo,
    BudgetPhase,
    Certainty,
    EditorialKind,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)
from nerima_opendata.model.amounts import parse_amount
from nerima_opendata.model.wareki import format_fiscal_year, parse_wareki_year
from nerima_opendata.readers._invalid import first_problem
from nerima_opendata.readers.corrections import Corrections, load_corrections
from nerima_opendata.readers.layout import Child, Collected, Item, Layout, collect, scan

__all__ = ["parse_brochure", "read_brochure"]


def read_brochure(source: Path, corrections: Path, translations: Path | None = None) -> Budget:
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
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=source) from exc
    fixes = load_corrections(corrections, translations)
    return parse_brochure(
        decode(raw, source), fixes, source=source, sha256=hashlib.sha256(raw).hexdigest()
    )


class _Note(NamedTuple):
    table: str
    target: str
    kind: EditorialKind
    certainty: Certainty
    ja: str
    en: str | None
    lines: str | None


@dataclass
class _Context:
    """What every step needs: the corrections, the file, and the notes made so far."""

    fixes: Corrections
    source: Path | None
    notes: list[_Note] = field(default_factory=list)

    @property
    def tag_ids(self) -> dict[str, str]:
        """Each tag's ID by its printed label (initiatives print labels, records hold IDs)."""
        return {t.label: t.id for t in self.fixes.tags}

    def fail(self, message: str, line: int | None = None, **kw: object) -> SourceParseError:
        return SourceParseError(message, path=self.source, line=line, **kw)  # type: ignore[arg-type]


def parse_brochure(
    text: str,
    fixes: Corrections,
    *,
    source: Path | None = None,
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
    ctx = _Context(fixes, source)
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
        tags = [
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
        return Budget(
            info=info,
            pillars=tuple(pillars),
            projects=tuple(projects),
            initiatives=tuple(initiatives),
            tags=tuple(tags),
            glossary=tuple(glossary),
            editorial_notes=tuple(_editorial_notes(ctx)),
        )
    except RecordError as exc:
        message, found = first_problem(exc)
        raise ctx.fail(f"the parsed budget is not valid: {message}", found=found) from exc


def _check_layout(layout: Layout, ctx: _Context) -> None:
    if layout.intro is None:
        raise ctx.fail("no intro line (…つの柱と…の令和…年度当初予算案…)")
    if layout.session is None:
        raise ctx.fail("no deliberating session (…定例会で審議) in the intro", layout.intro_line)
    if layout.contact is None:
        raise ctx.fail("no contact line (問合せ 課☎番号)")


def _check_counts(layout: Layout, ctx: _Context, found: int) -> None:
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
    layout: Layout, ctx: _Context, collected: Collected
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
        first, last = f"{pillar_id}-01", f"{pillar_id}-{profile.projects:02d}"
        ctx.notes.append(
            _Note(
                "pillars",
                pillar_id,
                EditorialKind.HEADING_ASSIGNED,
                Certainty.CONFIRMED,
                f"見出しは出典{heading}行目にあり、事業から離れている。資料の柱の順序に従い、"
                f"事業{first}〜{last}（{profile.projects}件）をこの柱に割り当てた。",
                f"The heading stands at line {heading} of the source, away from its projects. "
                f"Following the brochure's order of pillars, projects {first} to {last} "
                f"({profile.projects}) are assigned to it.",
                str(heading),
            )
        )
        for order in range(1, profile.projects + 1):
            project = _project(ctx, collected, index, pillar_id, order)
            projects.append(project)
            initiatives += _initiatives(ctx, project.id, collected.children[index])
            index += 1
    return pillars, projects, initiatives


def _project(
    ctx: _Context, collected: Collected, index: int, pillar_id: str, order: int
) -> Project:
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
        ctx.notes.append(
            _Note(
                "projects",
                project_id,
                EditorialKind.TITLE_UNWRAPPED,
                Certainty.CONFIRMED,
                f"事業名が出典{title_lines[0]}〜{title_lines[-1]}行目で折り返されていたため、"
                "空白を入れずに連結した。",
                f"The title wraps over lines {title_lines[0]}-{title_lines[-1]} of the source; "
                "the lines were joined without a space.",
                f"{title_lines[0]}-{title_lines[-1]}",
            )
        )
    for fix in ctx.fixes.furigana:
        if fix.printed in item.joined():
            ctx.notes.append(
                _Note(
                    "projects",
                    project_id,
                    EditorialKind.FURIGANA_REMOVED,
                    Certainty.CONFIRMED,
                    f"ふりがな「{fix.reading}」が本文に混入していた（{fix.printed}）ため除き、"
                    f"「{fix.corrected}」とした。",
                    f"The furigana {fix.reading} was inlined in the text ({fix.printed}); it was "
                    f"removed, giving {fix.corrected}.",
                    item.line_range,
                )
            )
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


def _initiatives(ctx: _Context, project_id: str, children: list[Child]) -> list[Initiative]:
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
            ctx.notes.append(
                _Note(
                    "initiatives",
                    initiative_id,
                    EditorialKind.LINE_RELOCATED,
                    moved.certainty,
                    moved.note,
                    moved.note_en,
                    child.item.line_range,
                )
            )
    return rows


def _glossary(
    ctx: _Context, items: list[Item], initiatives: list[Initiative]
) -> list[GlossaryNote]:
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


def _info(layout: Layout, ctx: _Context, sha256: str | None) -> BudgetInfo:
    """The budget row: printed facts from the intro and contact, the rest from the profile."""
    assert layout.intro is not None  # checked by _check_layout
    assert layout.contact is not None
    assert layout.session is not None
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
    for free in ctx.fixes.notes:
        target = free.target_id or f"{year}-{budget.phase.value}"
        ctx.notes.append(
            _Note(
                free.target_table,
                target,
                free.kind,
                free.certainty,
                free.note,
                free.note_en,
                free.source_lines,
            )
        )
    phone = layout.contact.group("phone").translate(
        str.maketrans("０１２３４５６７８９－", "0123456789-")
    )
    area = budget.telephone_area_code
    if not phone.startswith(area):
        ctx.notes.append(
            _Note(
                "budget",
                f"{year}-{budget.phase.value}",
                EditorialKind.SUPPLEMENTED,
                Certainty.CONFIRMED,
                f"出典は電話番号を市外局番なしで「{layout.contact.group('phone')}」と印刷している。"
                f"市外局番「{area}」を補った。",
                f"The source prints the telephone number without its area code "
                f"({layout.contact.group('phone')}); the area code {area} was added.",
                str(layout.contact_line),
            )
        )
    return BudgetInfo(
        id=f"{year}-{budget.phase.value}",
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
        telephone=phone if phone.startswith(area) else f"{area}-{phone}",
        deliberating_body=budget.deliberating_body,
        deliberation_session=layout.session,
        source_title=budget.source_title,
        source_url=budget.source_url,
        source_sha256=sha256,
        currency=budget.currency,
    )


def _editorial_notes(ctx: _Context) -> list[EditorialNote]:
    """Every note, in table order then by target; numbered E01, E02, …"""
    ordered = sorted(ctx.notes, key=lambda n: (TARGET_TABLES.index(n.table), n.target))
    return [
        EditorialNote(
            id=f"E{n:02d}",
            target_table=note.table,
            target_id=note.target,
            kind=note.kind,
            certainty=note.certainty,
            note=note.ja,
            note_en=note.en,
            source_lines=note.lines,
        )
        for n, note in enumerate(ordered, start=1)
    ]
