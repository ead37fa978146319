"""The controlled values of the model: budget phases, certainty, editorial kinds, tables."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "TARGET_TABLES",
    "AmountStage",
    "BudgetPhase",
    "Certainty",
    "Direction",
    "DocumentKind",
    "EditorialKind",
    "SourceUnit",
    "TableName",
]


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


class DocumentKind(StrEnum):
    """The kind of budget document a budget's tables come from.

    A *brochure* is a summary for residents (施策の柱, 主な事業, 取組); a *book* is the
    budget book itself, every line by account, direction and 款・項・目・節. A package holds
    the tables of the kinds its budgets are.
    """

    BROCHURE = "brochure"
    BOOK = "book"


class Direction(StrEnum):
    """Revenue (歳入) or expenditure (歳出)."""

    REVENUE = "revenue"
    EXPENDITURE = "expenditure"

    @property
    def label_ja(self) -> str:
        """歳入 or 歳出."""
        return "歳入" if self is Direction.REVENUE else "歳出"


class SourceUnit(StrEnum):
    """The unit the source printed its amounts in; amounts are stored in yen."""

    YEN = "yen"
    THOUSAND_YEN = "thousand-yen"

    @property
    def factor(self) -> int:
        """Yen per unit: 1 or 1,000."""
        return 1 if self is SourceUnit.YEN else 1_000

    @property
    def label_ja(self) -> str:
        """円 or 千円."""
        return "円" if self is SourceUnit.YEN else "千円"


class AmountStage(StrEnum):
    """What an amount of a budget line is: the stage of the budget process it records,
    or the share of it that a kind of revenue funds.

    Each amount column of a source is one *amount kind* (its own name kept as printed);
    its stage says what it is in terms every source shares, so that kinds can be compared
    across municipalities without pretending two columns are the same.
    """

    BUDGET = "budget"
    REQUEST = "request"
    ASSESSMENT = "assessment"
    CURRENT = "current"
    PRIOR_BUDGET = "prior-budget"
    SETTLEMENT = "settlement"
    GENERAL_REVENUE = "general-revenue"
    SPECIFIC_REVENUE = "specific-revenue"
    DIFFERENCE = "difference"
    OTHER = "other"

    @property
    def label_ja(self) -> str:
        """The usual Japanese term, e.g. 予算要求額."""
        return _STAGE_JA[self]


_STAGE_JA = {
    AmountStage.BUDGET: "当該予算段階の額",
    AmountStage.REQUEST: "予算要求額",
    AmountStage.ASSESSMENT: "査定額（見積額）",
    AmountStage.CURRENT: "現計予算額",
    AmountStage.PRIOR_BUDGET: "前年度予算額",
    AmountStage.SETTLEMENT: "決算額",
    AmountStage.GENERAL_REVENUE: "一般財源充当額",
    AmountStage.SPECIFIC_REVENUE: "特定財源充当額",
    AmountStage.DIFFERENCE: "差額",
    AmountStage.OTHER: "その他",
}


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
    CLASSIFICATIONS = "classifications"
    AMOUNT_KINDS = "amount_kinds"
    LINES = "lines"
    LINE_AMOUNTS = "line_amounts"


#: The tables an editorial note may be about: every table of records the source printed
#: (the tag list and the editorial notes are the publisher's own).
TARGET_TABLES: tuple[TableName, ...] = tuple(
    t for t in TableName if t not in (TableName.TAGS, TableName.EDITORIAL_NOTES)
)
