"""Cross-record checks of a budget that a table schema cannot express.

Duplicate IDs and tag labels, records under a pillar or project that does not exist,
the ID scheme (``P1-01`` under ``P1``), unknown or disordered tags, glossary notes and
editorial notes about records that do not exist. :func:`check_integrity` returns every
problem as an :class:`IntegrityIssue` and never raises; :class:`~.models.Budget` runs it
on construction and :func:`nerima_opendata.validate` reports it.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from nerima_opendata.model.records import (
        BudgetInfo,
        EditorialNote,
        GlossaryNote,
        Initiative,
        Pillar,
        Project,
        Tag,
    )

__all__ = ["IntegrityIssue", "check_integrity"]


class IntegrityIssue(BaseModel):
    """A cross-record problem that a table schema cannot express."""

    model_config = ConfigDict(frozen=True)

    table: str
    record_id: str | None
    field: str | None
    message: str
    found: str | None = None
    expected: str | None = None


def _pillar_of(record_id: str) -> str:
    return record_id.split("-", 1)[0]


def check_integrity(
    info: BudgetInfo,
    pillars: list[Pillar],
    projects: list[Project],
    initiatives: list[Initiative],
    tags: list[Tag],
    glossary: list[GlossaryNote],
    editorial_notes: list[EditorialNote],
) -> list[IntegrityIssue]:
    """Find every cross-record problem: duplicates, dangling references, the ID scheme.

    Args:
        info: The budget metadata.
        pillars: Pillar rows.
        projects: Project rows.
        initiatives: Initiative rows.
        tags: The tag list.
        glossary: Glossary notes.
        editorial_notes: Editorial notes.

    Returns:
        Every problem found, in table order; empty when the budget is consistent.
    """
    issues: list[IntegrityIssue] = []
    tables: dict[str, list[Any]] = {
        "pillars": pillars,
        "projects": projects,
        "initiatives": initiatives,
        "tags": tags,
        "glossary": glossary,
        "editorial_notes": editorial_notes,
    }
    for table, rows in tables.items():
        for record_id, count in Counter(r.id for r in rows).items():
            if count > 1:
                issues.append(
                    IntegrityIssue(
                        table=table,
                        record_id=record_id,
                        field="ID",
                        message=f"duplicate ID ({count} rows)",
                        found=record_id,
                        expected="a unique ID",
                    )
                )
    pillar_ids = {p.id for p in pillars}
    project_ids = {p.id for p in projects}
    initiative_ids = {i.id for i in initiatives}
    tag_labels = {t.label for t in tags}
    tag_order = {t.label: (t.order, t.id) for t in tags}
    for label, count in Counter(t.label for t in tags).items():
        if count > 1:
            issues.append(
                IntegrityIssue(
                    table="tags",
                    record_id=next(t.id for t in tags if t.label == label),
                    field="名称",
                    message=f"duplicate tag label ({count} tags): initiatives name tags by label",
                    found=label,
                    expected="a label no other tag has",
                )
            )
    for project in projects:
        if project.pillar_id not in pillar_ids:
            issues.append(
                IntegrityIssue(
                    table="projects",
                    record_id=project.id,
                    field="施策の柱ID",
                    message="project under a pillar that does not exist",
                    found=project.pillar_id,
                    expected=f"one of {sorted(pillar_ids)}",
                )
            )
        elif _pillar_of(project.id) != project.pillar_id:
            issues.append(
                IntegrityIssue(
                    table="projects",
                    record_id=project.id,
                    field="ID",
                    message="project ID does not start with its pillar ID",
                    found=project.id,
                    expected=f"{project.pillar_id}-NN",
                )
            )
    for initiative in initiatives:
        if initiative.project_id not in project_ids:
            issues.append(
                IntegrityIssue(
                    table="initiatives",
                    record_id=initiative.id,
                    field="事業ID",
                    message="initiative under a project that does not exist (orphan)",
                    found=initiative.project_id,
                    expected="the ID of an existing project",
                )
            )
        elif initiative.id.rsplit("-", 1)[0] != initiative.project_id:
            issues.append(
                IntegrityIssue(
                    table="initiatives",
                    record_id=initiative.id,
                    field="ID",
                    message="initiative ID does not start with its project ID",
                    found=initiative.id,
                    expected=f"{initiative.project_id}-NN",
                )
            )
        for tag in initiative.tags:
            if tag not in tag_labels:
                issues.append(
                    IntegrityIssue(
                        table="initiatives",
                        record_id=initiative.id,
                        field="タグ",
                        message="unknown tag",
                        found=tag,
                        expected=f"one of {sorted(tag_labels)} (add new tags to the tags table)",
                    )
                )
        # RDF has no order and no repeats among an initiative's tags: keep one form.
        listed = [t for t in initiative.tags if t in tag_order]
        canonical = sorted(set(listed), key=tag_order.__getitem__)
        if listed != canonical:
            issues.append(
                IntegrityIssue(
                    table="initiatives",
                    record_id=initiative.id,
                    field="タグ",
                    message="tags repeated or out of the tags table's order",
                    found=";".join(initiative.tags),
                    expected=";".join(canonical),
                )
            )
    for note in glossary:
        if note.initiative_id not in initiative_ids:
            issues.append(
                IntegrityIssue(
                    table="glossary",
                    record_id=note.id,
                    field="使用箇所_取組ID",
                    message="glossary note linked to an initiative that does not exist",
                    found=note.initiative_id,
                    expected="the ID of an existing initiative",
                )
            )
    targets = {
        "budget": {info.id},
        "pillars": pillar_ids,
        "projects": project_ids,
        "initiatives": initiative_ids,
        "glossary": {g.id for g in glossary},
    }
    for enote in editorial_notes:
        if enote.target_id not in targets[enote.target_table]:
            issues.append(
                IntegrityIssue(
                    table="editorial_notes",
                    record_id=enote.id,
                    field="対象ID",
                    message=f"editorial note about a record not in {enote.target_table}",
                    found=enote.target_id,
                    expected=f"an ID from {enote.target_table}",
                )
            )
    return issues
