"""The controlled values of the model: budget phases, certainty, editorial kinds, tables."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["TARGET_TABLES", "BudgetPhase", "Certainty", "EditorialKind", "TableName"]


class BudgetPhase(StrEnum):
    """The phase of a budget (Fiscal Data Package phases; OpenBudgets draft/approved/…)."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    ADJUSTED = "adjusted"
    EXECUTED = "executed"

    @property
    def label_ja(self) -> str:
        """The usual Japanese term for the phase, e.g. 当初予算案."""
        return _PHASE_JA[self][0]

    @property
    def keyword_ja(self) -> str:
        """The Japanese catalog keyword of a budget in this phase, e.g. 予算案."""
        return _PHASE_JA[self][1]


#: Each phase's usual name and its catalog keyword.
_PHASE_JA = {
    BudgetPhase.PROPOSED: ("当初予算案", "予算案"),
    BudgetPhase.APPROVED: ("当初予算", "当初予算"),
    BudgetPhase.ADJUSTED: ("補正予算", "補正予算"),
    BudgetPhase.EXECUTED: ("決算", "決算"),
}


class Certainty(StrEnum):
    """How sure the publisher is of an editorial correction."""

    CONFIRMED = "confirmed"
    INFERRED = "inferred"


class EditorialKind(StrEnum):
    """The kinds of correction the publisher may make over the source."""

    LINE_RELOCATED = "line-relocated"
    FURIGANA_REMOVED = "furigana-removed"
    TITLE_UNWRAPPED = "title-unwrapped"
    HEADING_ASSIGNED = "heading-assigned"
    PLACEMENT_REVIEWED = "placement-reviewed"
    SUPPLEMENTED = "supplemented"
    SCOPE = "scope"


class TableName(StrEnum):
    """The name of each table of a package: the keys of :data:`~.tables.TABLES`.

    The registry :data:`nerima_opendata.model.tables.TABLES` holds one spec per member
    (checked when it is built), so a table is added in one place: here plus its spec.
    """

    BUDGET = "budget"
    PILLARS = "pillars"
    PROJECTS = "projects"
    INITIATIVES = "initiatives"
    TAGS = "tags"
    GLOSSARY = "glossary"
    EDITORIAL_NOTES = "editorial_notes"


#: The tables an editorial note may be about: every table of records the source printed
#: (the tag list and the editorial notes are the publisher's own).
TARGET_TABLES: tuple[TableName, ...] = tuple(
    t for t in TableName if t not in (TableName.TAGS, TableName.EDITORIAL_NOTES)
)
