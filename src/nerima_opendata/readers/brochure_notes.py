"""The editorial notes that reading a brochure makes, in Japanese and English.

Every layout defect the parser works around (a scattered heading, a wrapped title,
inlined furigana, a moved line, a missing area code) is recorded as a note, so that the
published data says what was changed and why. :class:`Context` carries the notes made
so far through the steps of :mod:`nerima_opendata.readers.brochure`;
:func:`editorial_notes` numbers them as records at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from nerima_opendata.errors import SourceParseError
from nerima_opendata.model import TARGET_TABLES, Certainty, EditorialKind, EditorialNote
from nerima_opendata.readers.corrections import Corrections, FreeNote, FuriganaFix, Relocation

__all__ = [
    "Context",
    "Note",
    "area_code_note",
    "editorial_notes",
    "free_note",
    "furigana_note",
    "heading_note",
    "relocation_note",
    "title_note",
]


class Note(NamedTuple):
    """An editorial note before numbering: its target, kind, wording and source lines."""

    table: str
    target: str
    kind: EditorialKind
    certainty: Certainty
    ja: str
    en: str | None
    lines: str | None


@dataclass
class Context:
    """What every step needs: the corrections, the file, and the notes made so far."""

    fixes: Corrections
    source: Path | None
    notes: list[Note] = field(default_factory=list)

    @property
    def tag_ids(self) -> dict[str, str]:
        """Each tag's ID by its printed label (initiatives print labels, records hold IDs)."""
        return {t.label: t.id for t in self.fixes.tags}

    def fail(self, message: str, line: int | None = None, **kw: object) -> SourceParseError:
        """A parse error about ``line`` of the source file (raise it)."""
        return SourceParseError(message, path=self.source, line=line, **kw)  # type: ignore[arg-type]


def heading_note(pillar_id: str, heading: int, projects: int) -> Note:
    """A pillar heading that stands apart from its projects was assigned by order."""
    first, last = f"{pillar_id}-01", f"{pillar_id}-{projects:02d}"
    return Note(
        "pillars",
        pillar_id,
        EditorialKind.HEADING_ASSIGNED,
        Certainty.CONFIRMED,
        f"見出しは出典{heading}行目にあり、事業から離れている。資料の柱の順序に従い、"
        f"事業{first}〜{last}（{projects}件）をこの柱に割り当てた。",
        f"The heading stands at line {heading} of the source, away from its projects. "
        f"Following the brochure's order of pillars, projects {first} to {last} "
        f"({projects}) are assigned to it.",
        str(heading),
    )


def title_note(project_id: str, first: int, last: int) -> Note:
    """A project title that wraps over source lines ``first`` to ``last`` was joined."""
    return Note(
        "projects",
        project_id,
        EditorialKind.TITLE_UNWRAPPED,
        Certainty.CONFIRMED,
        f"事業名が出典{first}〜{last}行目で折り返されていたため、空白を入れずに連結した。",
        f"The title wraps over lines {first}-{last} of the source; "
        "the lines were joined without a space.",
        f"{first}-{last}",
    )


def furigana_note(project_id: str, fix: FuriganaFix, lines: str) -> Note:
    """Furigana inlined in a project's text was removed."""
    return Note(
        "projects",
        project_id,
        EditorialKind.FURIGANA_REMOVED,
        Certainty.CONFIRMED,
        f"ふりがな「{fix.reading}」が本文に混入していた（{fix.printed}）ため除き、"
        f"「{fix.corrected}」とした。",
        f"The furigana {fix.reading} was inlined in the text ({fix.printed}); it was "
        f"removed, giving {fix.corrected}.",
        lines,
    )


def relocation_note(initiative_id: str, moved: Relocation, lines: str) -> Note:
    """An initiative line that the extraction moved was put back, as the corrections say."""
    return Note(
        "initiatives",
        initiative_id,
        EditorialKind.LINE_RELOCATED,
        moved.certainty,
        moved.note,
        moved.note_en,
        lines,
    )


def free_note(free: FreeNote, budget_id: str) -> Note:
    """A note written in the corrections file; without a target it is about the budget."""
    return Note(
        free.target_table,
        free.target_id or budget_id,
        free.kind,
        free.certainty,
        free.note,
        free.note_en,
        free.source_lines,
    )


def area_code_note(budget_id: str, printed: str, area: str, line: int) -> Note:
    """The telephone number was printed without its area code, which was added."""
    return Note(
        "budget",
        budget_id,
        EditorialKind.SUPPLEMENTED,
        Certainty.CONFIRMED,
        f"出典は電話番号を市外局番なしで「{printed}」と印刷している。市外局番「{area}」を補った。",
        f"The source prints the telephone number without its area code "
        f"({printed}); the area code {area} was added.",
        str(line),
    )


def editorial_notes(notes: list[Note]) -> list[EditorialNote]:
    """Every note, in table order then by target; numbered E01, E02, …"""
    ordered = sorted(notes, key=lambda n: (TARGET_TABLES.index(n.table), n.target))
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
