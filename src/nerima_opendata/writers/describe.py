"""What a budget's publication holds, in words: one definition for every metadata file.

The Data Package descriptor, the DCAT description, the preview page and the catalog
record each say what the data is; the phrases that depend on the kind of document (a
brochure's pillars and projects, a budget book's lines) and on the facts a source may
leave out (the assembly session, the contact) are made here, once.
"""

from __future__ import annotations

from nerima_opendata.model import Budget, BudgetInfo, Direction, DocumentKind
from nerima_opendata.model.book import ACCOUNT_LEVEL
from nerima_opendata.model.summary import BudgetSummary

__all__ = ["accounts", "contact_ja", "deliberation_ja", "holdings"]


def accounts(budget: Budget) -> list[str]:
    """The names of a budget book's accounts (会計), in code-list order."""
    return [c.name for c in budget.digest().upper if c.level == ACCOUNT_LEVEL]


def _directions(budget: Budget) -> list[Direction]:
    return [Direction(c.code) for c in budget.digest().upper if c.depth == 1]


def holdings(budget: Budget | BudgetSummary) -> tuple[str, str]:
    """What the data holds, in Japanese and English, e.g. ``施策の柱・主な事業・取組``."""
    held = budget if isinstance(budget, BudgetSummary) else BudgetSummary.of(budget)
    if held.kind is DocumentKind.BROCHURE:
        return "施策の柱・主な事業・取組", "Policy pillars, main projects and initiatives"
    directions = list(dict.fromkeys(held.directions))
    names = "・".join(held.accounts)
    ja_dirs = "・".join(d.label_ja for d in directions)
    en_dirs = " and ".join(d.value for d in directions)
    kinds = held.amount_kinds
    return (
        f"{names}の{ja_dirs}予算明細{held.lines:,}行（会計・款・項・目以下の分類別、"
        f"金額種別{kinds}種）",
        f"{held.lines:,} {en_dirs} budget lines of {len(held.accounts)} account(s), "
        f"by 款, 項, 目 and the levels below, with {kinds} amount kind(s)",
    )


def deliberation_ja(info: BudgetInfo) -> str:
    """``（令和6年第一回定例会で審議）``, or nothing when the source does not say."""
    return f"（{info.deliberation_session}で審議）" if info.deliberation_session else ""


def contact_ja(info: BudgetInfo) -> str:
    """``問合せ: 練馬区 財政課（03-…）。``, or nothing when the source names no contact."""
    if info.department is None:
        return ""
    telephone = f"（{info.telephone}）" if info.telephone else ""
    return f"問合せ: {info.municipality_name} {info.department}{telephone}。"
