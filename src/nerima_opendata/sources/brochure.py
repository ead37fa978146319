"""Parse the text of a budget brochure (● projects, ◦ initiatives, ※ notes) into a Budget.

The text comes from a PDF, so the parser is deliberately strict: every line must be
accounted for, and every layout defect must be named in the reviewed corrections file
(:mod:`nerima_opendata.sources.corrections`). Each correction becomes an editorial note.

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

from pydantic import ValidationError

from nerima_opendata.amounts import parse_amount
from nerima_opendata.errors import InputError, SourceParseError
from nerima_opendata.models import (
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
from nerima_opendata.sources.corrections import Corrections, load_corrections
from nerima_opendata.sources.text import read_text
from nerima_opendata.wareki import format_fiscal_year, parse_wareki_year

__all__ = ["parse_brochure", "read_brochure"]

_INTRO = re.compile(
    r"(?P<pillars>\d+)つの柱と(?P<projects>\d+)の(?P<year>(?:明治|大正|昭和|平成|令和)(?:元|\d+)年度)"
    r"(?P<phase>当初予算案|当初予算|補正予算案?|決算)"
)
_SESSION = re.compile(r"(?P<session>(?:令和|平成)(?:元|\d+)年第.+?回.+?(?:定例会|臨時会))で審議")
_CONTACT = re.compile(r"^問合せ\s*(?P<department>\S+?)\s*☎\s*(?P<phone>[0-9０-９\-－]+)$")
_AMOUNT = re.compile(r"【(?P<amount>[^】]+)】\s*$")
_MARKERS = "●◦※"


@dataclass
class _Item:
    """A marked block of the text: its marker and its (line number, text) lines."""

    marker: str
    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.lines[0][0]

    @property
    def line_range(self) -> str:
        first, last = self.lines[0][0], self.lines[-1][0]
        return str(first) if first == last else f"{first}-{last}"

    def joined(self) -> str:
        text = "".join(t for _, t in self.lines)
        return text[1:] if text[:1] == self.marker else text


@dataclass
class _Parsed:
    intro: re.Match[str] | None = None
    intro_line: int = 0
    session: str | None = None
    contact: re.Match[str] | None = None
    headings: dict[str, int] = field(default_factory=dict)
    items: list[_Item] = field(default_factory=list)


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
    raw = source.read_bytes() if source.exists() else b""
    if not source.exists():
        raise InputError("no such file", path=source)
    text = read_text(source)
    fixes = load_corrections(corrections, translations)
    return parse_brochure(text, fixes, source=source, sha256=hashlib.sha256(raw).hexdigest())


def _scan(lines: list[str], fixes: Corrections, source: Path | None) -> _Parsed:
    """Split the text into the intro, the contact, the headings and the marked items."""
    titles = {p.title for p in fixes.pillars}
    parsed = _Parsed()
    current: _Item | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if intro := _INTRO.search(line):
            parsed.intro, parsed.intro_line, current = intro, number, None
            if session := _SESSION.search(line):
                parsed.session = session.group("session")
            continue
        if contact := _CONTACT.match(line):
            parsed.contact, current = contact, None
            continue
        tokens = line.split()
        if all(token in titles for token in tokens):
            for token in tokens:
                parsed.headings.setdefault(token, number)
            current = None
            continue
        if line[0] in _MARKERS:
            current = _Item(line[0], [(number, line)])
            parsed.items.append(current)
            continue
        if current is None:
            raise SourceParseError(
                "text outside any ●/◦/※ item",
                found=line,
                expected="a marked line, a pillar heading, or a continuation",
                path=source,
                line=number,
            )
        current.lines.append((number, line))
    return parsed


def _split_tags(item: _Item, labels: list[str]) -> tuple[str, tuple[str, ...]]:
    """Take the trailing tags off an initiative: on its last line(s) or after a space."""
    lines = [t for _, t in item.lines]
    lines[0] = lines[0][1:]
    tags: list[str] = []
    while lines and lines[-1].split() and all(t in labels for t in lines[-1].split()):
        tags[:0] = lines.pop().split()
    if lines:
        words = lines[-1].split(" ")
        while len(words) > 1 and words[-1] in labels:
            tags.insert(0, words.pop())
        lines[-1] = " ".join(words)
    return "".join(lines).strip(), tuple(tags)


def _apply_furigana(text: str, fixes: Corrections, used: set[str]) -> str:
    for fix in fixes.furigana:
        if fix.printed in text:
            used.add(fix.printed)
            text = text.replace(fix.printed, fix.corrected)
    return text


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
    lines = text.splitlines()
    parsed = _scan(lines, fixes, source)

    def fail(message: str, line: int | None = None, **kw: object) -> SourceParseError:
        return SourceParseError(message, path=source, line=line, **kw)  # type: ignore[arg-type]

    if parsed.intro is None:
        raise fail("no intro line (…つの柱と…の令和…年度当初予算案…)")
    if parsed.session is None:
        raise fail("no deliberating session (…定例会で審議) in the intro", parsed.intro_line)
    if parsed.contact is None:
        raise fail("no contact line (問合せ 課☎番号)")
    labels = [t.label for t in fixes.tags]
    notes: list[tuple[str, str, EditorialKind, Certainty, str, str | None, str | None]] = []
    furigana_used: set[str] = set()

    # Projects (●) and initiatives (◦), in text order, holding back relocated lines.
    relocations = {r.line: r for r in fixes.relocations}
    projects: list[tuple[_Item, str, str]] = []  # item, title, printed amount
    children: dict[int, list[tuple[_Item, str, tuple[str, ...]]]] = {}
    held: list[tuple[_Item, str, tuple[str, ...]]] = []
    glossary_items: list[_Item] = []
    for item in parsed.items:
        if item.marker == "●":
            joined = _apply_furigana(item.joined(), fixes, furigana_used)
            match = _AMOUNT.search(joined)
            if not match:
                raise fail(
                    "project without an amount 【…】",
                    item.first_line,
                    found=joined,
                    expected="●title【1億8723万円】",
                )
            projects.append((item, joined[: match.start()].strip(), match.group("amount")))
            children[len(projects) - 1] = []
        elif item.marker == "◦":
            body, tags = _split_tags(item, labels)
            body = _apply_furigana(body, fixes, furigana_used)
            if item.first_line in relocations:
                held.append((item, body, tags))
            elif not projects:
                raise fail(
                    "initiative before any project; add a relocation to the corrections file",
                    item.first_line,
                    found=body,
                )
            else:
                children[len(projects) - 1].append((item, body, tags))
        else:
            glossary_items.append(item)

    titles = [title for _, title, _ in projects]
    for item, body, tags in held:
        relocation = relocations.pop(item.first_line)
        if relocation.project not in titles:
            raise fail(
                "relocation to a project that is not in the text",
                relocation.line,
                found=relocation.project,
                expected=f"one of {titles}",
            )
        siblings = children[titles.index(relocation.project)]
        siblings.insert(0 if relocation.position == "first" else len(siblings), (item, body, tags))
    if relocations:
        line = next(iter(relocations))
        raise fail("relocation names a line where no ◦ item starts", line)
    missing = [f.printed for f in fixes.furigana if f.printed not in furigana_used]
    if missing:
        raise fail("furigana correction does not apply", found=missing[0])

    # Pillars: the projects follow the pillars in order.
    declared_pillars = int(parsed.intro.group("pillars"))
    declared_projects = int(parsed.intro.group("projects"))
    if declared_pillars != len(fixes.pillars):
        raise fail(
            "the intro and the corrections file disagree on the number of pillars",
            parsed.intro_line,
            found=len(fixes.pillars),
            expected=str(declared_pillars),
        )
    if declared_projects != len(projects) or sum(p.projects for p in fixes.pillars) != len(
        projects
    ):
        raise fail(
            "project count mismatch",
            parsed.intro_line,
            found=len(projects),
            expected=f"{declared_projects} (intro) = sum of pillars' projects "
            f"({sum(p.projects for p in fixes.pillars)})",
        )
    for profile in fixes.pillars:
        if profile.title not in parsed.headings:
            raise fail("pillar heading not found in the text", found=profile.title)

    tr = fixes.translations
    pillars: list[Pillar] = []
    project_rows: list[Project] = []
    initiative_rows: list[Initiative] = []
    index = 0
    for p_no, profile in enumerate(fixes.pillars, start=1):
        pillar_id = f"P{p_no}"
        heading_line = parsed.headings[profile.title]
        pillars.append(
            Pillar(
                id=pillar_id,
                order=p_no,
                title=profile.title,
                title_en=profile.title_en,
                source_lines=str(heading_line),
            )
        )
        first_id, last_id = f"{pillar_id}-01", f"{pillar_id}-{profile.projects:02d}"
        notes.append(
            (
                "pillars",
                pillar_id,
                EditorialKind.HEADING_ASSIGNED,
                Certainty.CONFIRMED,
                f"見出しは出典{heading_line}行目にあり、事業から離れている。資料の柱の順序に従い、"
                f"事業{first_id}〜{last_id}（{profile.projects}件）をこの柱に割り当てた。",
                f"The heading stands at line {heading_line} of the source, away from its projects. "
                f"Following the brochure's order of pillars, projects {first_id} to {last_id} "
                f"({profile.projects}) are assigned to it.",
                str(heading_line),
            )
        )
        for order in range(1, profile.projects + 1):
            item, title, printed = projects[index]
            project_id = f"{pillar_id}-{order:02d}"
            try:
                amount = parse_amount(printed)
            except InputError as exc:
                raise fail(
                    exc.message, item.first_line, found=printed, expected=exc.expected
                ) from exc
            project_rows.append(
                Project(
                    id=project_id,
                    pillar_id=pillar_id,
                    order=order,
                    title=title,
                    title_en=tr.get(title),
                    amount=amount,
                    amount_printed=printed,
                    source_lines=item.line_range,
                )
            )
            title_lines = [n for n, t in item.lines if not re.fullmatch(r"【[^】]*】", t)]
            if len(title_lines) > 1:
                notes.append(
                    (
                        "projects",
                        project_id,
                        EditorialKind.TITLE_UNWRAPPED,
                        Certainty.CONFIRMED,
                        f"事業名が出典{title_lines[0]}〜{title_lines[-1]}行目で折り返されていたため、"
                        "空白を入れずに連結した。",
                        f"The title wraps over lines {title_lines[0]}-{title_lines[-1]} of the "
                        "source; the lines were joined without a space.",
                        item.line_range,
                    )
                )
            for fix in fixes.furigana:
                if fix.printed in item.joined():
                    notes.append(
                        (
                            "projects",
                            project_id,
                            EditorialKind.FURIGANA_REMOVED,
                            Certainty.CONFIRMED,
                            f"ふりがな「{fix.reading}」が本文に混入していた（{fix.printed}）ため除き、"
                            f"「{fix.corrected}」とした。",
                            f"The furigana {fix.reading} was inlined in the text ({fix.printed}); "
                            f"it was removed, giving {fix.corrected}.",
                            item.line_range,
                        )
                    )
            for i_no, (child, body, tags) in enumerate(children[index], start=1):
                initiative_id = f"{project_id}-{i_no:02d}"
                initiative_rows.append(
                    Initiative(
                        id=initiative_id,
                        project_id=project_id,
                        order=i_no,
                        text=body,
                        text_en=tr.get(body),
                        tags=tags,
                        source_lines=child.line_range,
                    )
                )
                moved = next((r for r in fixes.relocations if r.line == child.first_line), None)
                if moved is not None:
                    notes.append(
                        (
                            "initiatives",
                            initiative_id,
                            EditorialKind.LINE_RELOCATED,
                            moved.certainty,
                            moved.note,
                            moved.note_en,
                            child.line_range,
                        )
                    )
            index += 1

    # Glossary notes (※), linked to the initiative whose text marks the term with （※）.
    glossary: list[GlossaryNote] = []
    for g_no, item in enumerate(glossary_items, start=1):
        head, sep, definition = item.joined().partition("…")
        if not sep:
            raise fail(
                "glossary note without …",
                item.first_line,
                found=item.joined(),
                expected="※term（full form）…definition",
            )
        term, _, full = head.partition("（")
        users = [i for i in initiative_rows if f"{term}（※）" in i.text]
        if len(users) != 1:
            raise fail(
                "a glossary term must be marked （※） in exactly one initiative",
                item.first_line,
                found=f"{term}: {len(users)} initiatives",
            )
        glossary.append(
            GlossaryNote(
                id=f"G{g_no}",
                term=term,
                term_full=full.rstrip("）") or None,
                definition=definition,
                initiative_id=users[0].id,
                source_lines=item.line_range,
            )
        )

    unused = sorted(set(tr) - {p.title for p in project_rows} - {i.text for i in initiative_rows})
    if unused:
        raise fail("a translation matches no title or text; keys must be exact", found=unused[0])

    budget = fixes.budget
    year = parse_wareki_year(parsed.intro.group("year"))
    phase_label = parsed.intro.group("phase")
    if phase_label != budget.phase.label_ja and budget.phase is not BudgetPhase.ADJUSTED:
        raise fail(
            "the printed phase does not match the corrections file",
            parsed.intro_line,
            found=phase_label,
            expected=budget.phase.label_ja,
        )
    if format_fiscal_year(year) != parsed.intro.group("year"):
        raise fail(
            "unusual era year label",
            parsed.intro_line,
            found=parsed.intro.group("year"),
            expected=format_fiscal_year(year),
        )
    for free in fixes.notes:
        target_id = free.target_id or f"{year}-{budget.phase.value}"
        notes.append(
            (free.target_table, target_id, free.kind, free.certainty, free.note, free.note_en, None)
        )

    phone = parsed.contact.group("phone").translate(
        str.maketrans("０１２３４５６７８９－", "0123456789-")
    )
    try:
        info = BudgetInfo(
            id=f"{year}-{budget.phase.value}",
            municipality_code=budget.municipality_code,
            municipality_name=budget.municipality_name,
            municipality_name_en=budget.municipality_name_en,
            fiscal_year=year,
            fiscal_year_label=parsed.intro.group("year"),
            phase=budget.phase,
            phase_label=phase_label,
            title=budget.title,
            title_en=budget.title_en,
            department=parsed.contact.group("department"),
            department_en=budget.department_en,
            telephone=f"{budget.telephone_area_code}-{phone}",
            deliberating_body=budget.deliberating_body,
            deliberation_session=parsed.session,
            source_title=budget.source_title,
            source_url=budget.source_url,
            source_sha256=sha256,
            currency=budget.currency,
        )
        table_order = ["budget", "pillars", "projects", "initiatives", "glossary"]
        ordered = sorted(notes, key=lambda n: (table_order.index(n[0]), n[1]))
        editorial = [
            EditorialNote(
                id=f"E{n:02d}",
                target_table=t,
                target_id=tid,
                kind=kind,
                certainty=cert,
                note=ja,
                note_en=en,
                source_lines=src,
            )
            for n, (t, tid, kind, cert, ja, en, src) in enumerate(ordered, start=1)
        ]
        tag_rows = [
            Tag(id=t.id, order=n, label=t.label, label_en=t.label_en, definition=t.definition)
            for n, t in enumerate(fixes.tags, start=1)
        ]
        return Budget(
            info=info,
            pillars=tuple(pillars),
            projects=tuple(project_rows),
            initiatives=tuple(initiative_rows),
            tags=tuple(tag_rows),
            glossary=tuple(glossary),
            editorial_notes=tuple(editorial),
        )
    except ValidationError as exc:
        raise fail(
            f"the parsed budget is not valid: {exc.errors()[0]['msg']}",
            found=exc.errors()[0].get("input"),
        ) from exc
