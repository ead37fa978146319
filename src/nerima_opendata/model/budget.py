"""The budget: its metadata and every table, consistent by construction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, model_validator

from nerima_opendata.errors import RecordError
from nerima_opendata.model.base import Record, record_error
from nerima_opendata.model.book import AmountKind, BudgetLine, Classification, LineAmount
from nerima_opendata.model.digest import BookDigest, digest_book
from nerima_opendata.model.enums import DocumentKind, TableName
from nerima_opendata.model.info import BudgetInfo
from nerima_opendata.model.integrity import check_integrity
from nerima_opendata.model.records import (
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)
from nerima_opendata.model.tables import TABLES, TableSpec, table_by_name

__all__ = ["Budget"]


class Budget(BaseModel):
    """A whole budget: metadata plus every table, consistent by construction.

    Construction runs :func:`~nerima_opendata.model.integrity.check_integrity` and raises
    :class:`~nerima_opendata.errors.RecordError` on any issue, so a ``Budget`` in hand is
    always complete and consistent. Every table but the budget's may be left out (empty).
    A copy made with ``model_copy(update=...)`` is not validated: :meth:`checked` does that,
    and :func:`nerima_opendata.build` and :func:`nerima_opendata.write_package` call it
    before anything is written.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    info: BudgetInfo
    pillars: tuple[Pillar, ...] = ()
    projects: tuple[Project, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    tags: tuple[Tag, ...] = ()
    glossary: tuple[GlossaryNote, ...] = ()
    editorial_notes: tuple[EditorialNote, ...] = ()
    classifications: tuple[Classification, ...] = ()
    amount_kinds: tuple[AmountKind, ...] = ()
    lines: tuple[BudgetLine, ...] = ()
    line_amounts: tuple[LineAmount, ...] = ()
    _digest: BookDigest | None = PrivateAttr(default=None)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise record_error(type(self), exc, data) from exc

    @model_validator(mode="after")
    def _integrity(self) -> Budget:
        if issues := check_integrity(self.tables()):
            lines = "; ".join(
                f"{i.table} {i.record_id}: {i.message} (found {i.found!r}, expected {i.expected})"
                for i in issues
            )
            raise ValueError(f"inconsistent budget: {lines}")
        return self

    @classmethod
    def from_tables(cls, tables: Mapping[TableName, Sequence[Record]]) -> Budget:
        """A budget from its records by table; the budget table holds exactly one record.

        Raises:
            RecordError: The records do not make a consistent budget.
        """
        infos = tables.get(TableName.BUDGET, ())
        if len(infos) != 1 or not isinstance(infos[0], BudgetInfo):
            raise RecordError(
                cls.__name__, [("info", "the budget table must hold exactly one row", len(infos))]
            )
        fields = {
            spec.budget_field: tuple(tables.get(spec.name, ()))
            for spec in TABLES
            if not spec.is_budget
        }
        return cls(info=infos[0], **fields)

    def checked(self) -> Budget:
        """This budget, validated again from its fields (after a ``model_copy``).

        Raises:
            RecordError: A record or the budget as a whole is not consistent.
        """
        fields: dict[str, Any] = {
            spec.budget_field: tuple(type(r)(**r.model_dump()) for r in self.rows(spec))
            for spec in TABLES
            if not spec.is_budget
        }
        return Budget(info=BudgetInfo(**self.info.model_dump()), **fields)

    def rows(self, table: TableName | TableSpec | str) -> tuple[Record, ...]:
        """The records of one table (the budget table holds :attr:`info` alone)."""
        spec = table if isinstance(table, TableSpec) else table_by_name(table)
        value = getattr(self, spec.budget_field)
        return (value,) if spec.is_budget else tuple(value)

    def tables(self) -> Mapping[TableName, Sequence[Record]]:
        """Every table's records, in registry order."""
        return {spec.name: self.rows(spec) for spec in TABLES}

    @property
    def kind(self) -> DocumentKind:
        """A budget book when it has a code list, lines or amount kinds, else a brochure."""
        book = self.classifications or self.lines or self.amount_kinds or self._digest
        return DocumentKind.BOOK if book else DocumentKind.BROCHURE

    @property
    def total(self) -> int:
        """Sum of the amounts in yen: of the lines in a budget book; of the listed projects
        in a brochure (not the whole general account)."""
        if self.kind is DocumentKind.BOOK:
            return self.digest().total
        return sum(p.amount for p in self.projects)

    def __eq__(self, other: object) -> bool:
        """Equal when every table is (the cached digest is not compared)."""
        if not isinstance(other, Budget):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def digest(self) -> BookDigest:
        """The counts, totals to 目 and largest lines of a budget book (computed once)."""
        if self._digest is None:
            self._digest = digest_book(
                self.amount_kinds, lambda: self.classifications, self.lines, self.line_amounts
            )
        return self._digest

    def with_digest(self, digest: BookDigest) -> Budget:
        """A copy that answers :meth:`digest` and :attr:`total` with ``digest``: the head of
        a budget book whose lines stay on disk (its tables are streamed, not held)."""
        copy = self.model_copy()
        copy._digest = digest
        return copy

    def pillar(self, pillar_id: str) -> Pillar:
        """The pillar with this ID. Raises KeyError if there is none."""
        return _find(self.pillars, pillar_id)

    def project(self, project_id: str) -> Project:
        """The project with this ID. Raises KeyError if there is none."""
        return _find(self.projects, project_id)

    def projects_in(self, pillar_id: str) -> tuple[Project, ...]:
        """The projects of a pillar, in order."""
        return tuple(
            p for p in sorted(self.projects, key=lambda p: p.order) if p.pillar_id == pillar_id
        )

    def initiatives_in(self, project_id: str) -> tuple[Initiative, ...]:
        """The initiatives of a project, in order."""
        return tuple(
            i for i in sorted(self.initiatives, key=lambda i: i.order) if i.project_id == project_id
        )

    def totals_by_pillar(self) -> dict[str, int]:
        """Amount per pillar ID, in pillar order."""
        return {p.id: sum(x.amount for x in self.projects_in(p.id)) for p in self.pillars}

    def tag(self, tag_id: str) -> Tag:
        """The tag with this ID. Raises KeyError if there is none."""
        return _find(self.tags, tag_id)

    def tag_counts(self) -> dict[str, int]:
        """How many initiatives carry each tag, by tag ID, in tag order."""
        counts = Counter(tag for i in self.initiatives for tag in i.tags)
        return {t.id: counts.get(t.id, 0) for t in self.tags}


_R = TypeVar("_R", Pillar, Project, Tag)


def _find(records: Sequence[_R], record_id: str) -> _R:
    for record in records:
        if record.id == record_id:
            return record
    raise KeyError(record_id)


for _spec in TABLES:  # the registry names real fields: checked once, at import
    if _spec.budget_field not in Budget.model_fields:  # pragma: no cover - a coding error
        raise RuntimeError(f"TABLES names a Budget field that does not exist: {_spec}")
