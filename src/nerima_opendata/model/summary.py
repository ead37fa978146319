"""What a budget holds, counted: enough to describe it without holding its rows.

A budget book of millions of lines is written as it is read, never held as a
:class:`~nerima_opendata.model.budget.Budget`; its :class:`BudgetSummary` (counts, the
accounts' names, the directions, the total) is what the descriptor and the command line
say about it. :meth:`BudgetSummary.of` gives the same summary for a budget in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from nerima_opendata.model.book import ACCOUNT_LEVEL
from nerima_opendata.model.budget import Budget
from nerima_opendata.model.enums import Direction, DocumentKind
from nerima_opendata.model.info import BudgetInfo

__all__ = ["BudgetSummary"]


@dataclass(frozen=True)
class BudgetSummary:
    """A budget's metadata and the size of each table (a book's accounts and directions
    in code-list order)."""

    info: BudgetInfo
    kind: DocumentKind
    accounts: tuple[str, ...] = ()
    directions: tuple[Direction, ...] = ()
    classifications: int = 0
    amount_kinds: int = 0
    lines: int = 0
    line_amounts: int = 0
    editorial_notes: int = 0
    total: int = 0

    @classmethod
    def of(cls, budget: Budget) -> BudgetSummary:
        """The summary of a budget in memory (a book's from its
        :meth:`~nerima_opendata.model.budget.Budget.digest`, so a head whose lines stay on
        disk is summarized too)."""
        if budget.kind is DocumentKind.BROCHURE:
            return cls(
                info=budget.info,
                kind=budget.kind,
                amount_kinds=len(budget.amount_kinds),
                editorial_notes=len(budget.editorial_notes),
                total=budget.total,
            )
        digest = budget.digest()
        nodes = digest.upper
        return cls(
            info=budget.info,
            kind=budget.kind,
            accounts=tuple(c.name for c in nodes if c.level == ACCOUNT_LEVEL),
            directions=tuple(Direction(c.code) for c in nodes if c.depth == 1),
            classifications=digest.classification_count,
            amount_kinds=len(budget.amount_kinds),
            lines=digest.line_count,
            line_amounts=digest.line_amount_count,
            editorial_notes=len(budget.editorial_notes),
            total=digest.total,
        )
