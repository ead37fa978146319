"""Assembling a Budget from the records a reader has read, in whatever sequences."""

from __future__ import annotations

from collections.abc import Iterable

from nerima_opendata.model import (
    Budget,
    BudgetInfo,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)

__all__ = ["assemble_budget"]


def assemble_budget(
    info: BudgetInfo,
    pillars: Iterable[Pillar],
    projects: Iterable[Project],
    initiatives: Iterable[Initiative],
    tags: Iterable[Tag],
    glossary: Iterable[GlossaryNote],
    notes: Iterable[EditorialNote],
) -> Budget:
    """The budget of these records, each table in the order given.

    Args:
        info: The budget row.
        pillars: The pillars.
        projects: The projects.
        initiatives: The initiatives.
        tags: The tags.
        glossary: The glossary notes.
        notes: The editorial notes.

    Returns:
        The budget.

    Raises:
        RecordError: The records do not make a consistent budget.
    """
    return Budget(
        info=info,
        pillars=tuple(pillars),
        projects=tuple(projects),
        initiatives=tuple(initiatives),
        tags=tuple(tags),
        glossary=tuple(glossary),
        editorial_notes=tuple(notes),
    )
