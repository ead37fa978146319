"""The controlled values of the model: budget phases, certainty, editorial kinds."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["BudgetPhase", "Certainty", "EditorialKind"]


class BudgetPhase(StrEnum):
    """The phase of a budget (Fiscal Data Package phases; OpenBudgets draft/approved/…)."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    ADJUSTED = "adjusted"
    EXECUTED = "executed"

    @property
    def label_ja(self) -> str:
        """The usual Japanese term for the phase."""
        return _PHASE_JA[self]


_PHASE_JA = {
    BudgetPhase.PROPOSED: "当初予算案",
    BudgetPhase.APPROVED: "当初予算",
    BudgetPhase.ADJUSTED: "補正予算",
    BudgetPhase.EXECUTED: "決算",
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


#: The tables an editorial note may be about.
