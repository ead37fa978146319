"""The budget: its metadata and every table, consistent by construction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, model_validator

from nerima_opendata.model.integrity import check_integrity
from nerima_opendata.model.records import (
    BudgetInfo,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)

__all__ = ["Budget"]


class Budget(BaseModel):
    """A whole budget publication: metadata plus every table, consistent by construction.

    Construction runs :func:`~nerima_opendata.model.integrity.check_integrity` and fails on any issue, so a ``Budget``
    in hand is always complete and consistent.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    info: BudgetInfo
    pillars: tuple[Pillar, ...]
    projects: tuple[Project, ...]
    initiatives: tuple[Initiative, ...]
    tags: tuple[Tag, ...]
    glossary: tuple[GlossaryNote, ...] = ()
    editorial_notes: tuple[EditorialNote, ...] = ()

    @model_validator(mode="after")
    def _integrity(self) -> Budget:
        issues = check_integrity(
            self.info,
            list(self.pillars),
            list(self.projects),
            list(self.initiatives),
            list(self.tags),
            list(self.glossary),
            list(self.editorial_notes),
        )
        if issues:
            lines = "; ".join(
                f"{i.table} {i.record_id}: {i.message} (found {i.found!r}, expected {i.expected})"
                for i in issues
            )
            raise ValueError(f"inconsistent budget: {lines}")
        return self

    @property
    def total(self) -> int:
        """Sum of the listed projects' amounts in yen (not the whole general account)."""
        return sum(p.amount for p in self.projects)

    def pillar(self, pillar_id: str) -> Pillar:
        """The pillar with this ID. Raises KeyError if there is none."""
        for pillar in self.pillars:
            if pillar.id == pillar_id:
                return pillar
        raise KeyError(pillar_id)

    def project(self, project_id: str) -> Project:
        """The project with this ID. Raises KeyError if there is none."""
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)

    def projects_in(self, pillar_id: str) -> Iterator[Project]:
        """The projects of a pillar, in order."""
        return (p for p in sorted(self.projects, key=lambda p: p.order) if p.pillar_id == pillar_id)

    def initiatives_in(self, project_id: str) -> Iterator[Initiative]:
        """The initiatives of a project, in order."""
        return (
            i for i in sorted(self.initiatives, key=lambda i: i.order) if i.project_id == project_id
        )

    def totals_by_pillar(self) -> dict[str, int]:
        """Amount per pillar ID, in pillar order."""
        return {p.id: sum(x.amount for x in self.projects_in(p.id)) for p in self.pillars}

    def tag_counts(self) -> dict[str, int]:
        """How many initiatives carry each tag label, in tag order."""
        counts = Counter(tag for i in self.initiatives for tag in i.tags)
        return {t.label: counts.get(t.label, 0) for t in self.tags}
