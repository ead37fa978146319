"""The records of a comparison of two budgets: what changed, at every level.

A comparison (:class:`ComparisonInfo`) sets one amount of one budget (*before*) against
one amount of another budget of the same municipality (*after*): two fiscal years, two
phases, or two stages of one budget (request → assessment → final). It has three
tables besides its own row:

* :class:`NodeChange`: every node of the two code lists (account, direction, 款, 項, 目
  and the publisher's levels below), matched by its classification path, with its total
  before and after;
* :class:`LineChange`: every line, matched by its line ID (its path and department);
* :class:`Renaming`: a node whose code changed while its name stayed, or whose name
  changed while its code stayed. It is an *inference*, never a match: the node changes
  keep the two codes apart (one abolished, one new).

A change is ``after - before`` in yen (an absent side counts as 0); its rate is the change
over ``before`` in percent, to two decimals (half to even), absent when ``before`` is 0
or absent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from typing import Any

from pydantic import model_validator

from nerima_opendata.model.base import CODE_PATTERN, NonEmpty, Record, column, mismatch
from nerima_opendata.model.book import LEVEL_CODE_PATTERN, BudgetLine, Classification
from nerima_opendata.model.columns import CODE_COLUMN, NAME_COLUMN, alias
from nerima_opendata.model.enums import Certainty
from nerima_opendata.model.info import BudgetInfo
from nerima_opendata.model.records import EditorialNote

__all__ = [
    "COMPARISON_ID_PATTERN",
    "ChangeStatus",
    "ComparisonInfo",
    "LineChange",
    "NodeChange",
    "Renaming",
    "RenamingKind",
    "change_rate",
    "status_of",
]

#: A comparison's ID: the two sides, each a budget ID and an amount kind, e.g.
#: ``2025-approved.current--2026-approved.current``.
COMPARISON_ID_PATTERN = r"^[0-9a-z.-]+--[0-9a-z.-]+$"
_KIND_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class ChangeStatus(StrEnum):
    """How an amount changed."""

    INCREASED = "increased"
    DECREASED = "decreased"
    UNCHANGED = "unchanged"
    NEW = "new"
    ABOLISHED = "abolished"

    @property
    def label_ja(self) -> str:
        """増額, 減額, 増減なし, 新規 or 廃止."""
        return _STATUS_JA[self]


_STATUS_JA = {
    ChangeStatus.INCREASED: "増額",
    ChangeStatus.DECREASED: "減額",
    ChangeStatus.UNCHANGED: "増減なし",
    ChangeStatus.NEW: "新規",
    ChangeStatus.ABOLISHED: "廃止",
}


class RenamingKind(StrEnum):
    """What a possible renaming kept and what it changed."""

    CODE_CHANGED = "code-changed"
    NAME_CHANGED = "name-changed"


def change_rate(before: int | None, after: int | None) -> Decimal | None:
    """The change over ``before`` in percent, two decimals, half to even (exact: decimal
    arithmetic on integers); ``None`` when ``before`` is 0 or absent."""
    if not before:
        return None
    rate = Decimal((after or 0) - before) * 100 / Decimal(before)
    return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def status_of(before: int | None, after: int | None) -> ChangeStatus:
    """The status of a change from ``before`` to ``after`` (``None``: absent)."""
    if before is None:
        return ChangeStatus.NEW
    if after is None:
        return ChangeStatus.ABOLISHED
    if after > before:
        return ChangeStatus.INCREASED
    return ChangeStatus.DECREASED if after < before else ChangeStatus.UNCHANGED


class ComparisonInfo(Record):
    """One comparison: which municipality, and which amount of which budget on each side."""

    id: str = column(
        "ID",
        "Comparison ID",
        "比較の識別子（比較元の予算ID.金額種別--比較先の予算ID.金額種別）。 The two sides, "
        "each a budget ID and an amount kind.",
        pattern=COMPARISON_ID_PATTERN,
    )
    municipality_code: str = column(
        CODE_COLUMN,
        "Local government code",
        "全国地方公共団体コード（検査数字付き6桁）。 JIS X 0402 code with its check digit.",
        pattern=r"^[0-9]{6}$",
    )
    municipality_name: NonEmpty = column(
        NAME_COLUMN, "Local government name", "地方公共団体名。 Name of the municipality."
    )
    title: NonEmpty = column(
        alias(BudgetInfo, "title"), "Title", "比較の表題。 Title of the comparison."
    )
    before_budget_id: NonEmpty = column(
        "比較元予算ID", "Budget before", "比較元の予算ID。 The budget compared from."
    )
    before_fiscal_year: int = column(
        "比較元年度", "Fiscal year before", "比較元の会計年度。 Its fiscal year.", ge=1868
    )
    before_kind_id: str = column(
        "比較元金額種別",
        "Amount kind before",
        "比較元の金額種別ID。 The amount kind compared from.",
        pattern=_KIND_PATTERN,
    )
    before_kind_name: NonEmpty = column(
        "比較元金額種別名", "Amount kind before (name)", "その名称。 Its name, as printed."
    )
    after_budget_id: NonEmpty = column(
        "比較先予算ID", "Budget after", "比較先の予算ID。 The budget compared to."
    )
    after_fiscal_year: int = column(
        "比較先年度", "Fiscal year after", "比較先の会計年度。 Its fiscal year.", ge=1868
    )
    after_kind_id: str = column(
        "比較先金額種別",
        "Amount kind after",
        "比較先の金額種別ID。 The amount kind compared to.",
        pattern=_KIND_PATTERN,
    )
    after_kind_name: NonEmpty = column(
        "比較先金額種別名", "Amount kind after (name)", "その名称。 Its name, as printed."
    )
    account_code: str | None = column(
        "会計コード",
        "Account",
        "比較した会計（空: すべての会計）。 The account compared (empty: every account).",
        default=None,
        pattern=LEVEL_CODE_PATTERN,
    )
    before_total: int = column(
        "比較元合計", "Total before", "比較元の合計（円）。 The total before, in yen."
    )
    after_total: int = column(
        "比較先合計", "Total after", "比較先の合計（円）。 The total after, in yen."
    )


def _amount(ja: str, en: str, what_ja: str, what_en: str) -> Any:
    return column(ja, en, f"{what_ja} {what_en}", default=None)


class _Change(Record):
    """The amounts of a change and what follows from them (checked, never trusted)."""

    amount_before: int | None = _amount(
        "金額_前", "Amount before (JPY)", "比較元の金額（円）。空: 比較元にない。", "Empty: absent."
    )
    amount_after: int | None = _amount(
        "金額_後", "Amount after (JPY)", "比較先の金額（円）。空: 比較先にない。", "Empty: absent."
    )
    change: int = column(
        "増減額",
        "Change (JPY)",
        "比較先−比較元（円、ない側は0）。 After minus before, in yen (an absent side is 0).",
    )
    change_rate: Decimal | None = column(
        "増減率",
        "Change (%)",
        "増減額÷比較元×100（%、小数2桁、偶数丸め）。比較元が0または空なら空。 The change "
        "over before, in percent, two decimals (half to even); empty when before is 0 or "
        "absent.",
        default=None,
        decimal_places=2,
    )
    status: ChangeStatus = column(
        "区分",
        "Status",
        "増減の区分: "
        + ", ".join(f"{s.value}（{s.label_ja}）" for s in ChangeStatus)
        + "。 How the amount changed.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> _Change:
        before, after = self.amount_before, self.amount_after
        if before is None and after is None:
            raise ValueError("a change needs an amount before or after")
        expected = (
            (after or 0) - (before or 0),
            change_rate(before, after),
            status_of(before, after),
        )
        found = self.change, self.change_rate, self.status
        names = ("change", "change_rate", "status")
        for name, got, want in zip(names, found, expected, strict=True):
            if got != want:
                raise mismatch(
                    type(self), name, f"{name} does not follow from the amounts", got, want
                )
        return self


class _Node(Record):
    """What identifies a node of the code list, on either side."""

    id: str = column(
        "ID",
        "Classification ID",
        "分類ID（会計・歳入歳出・各階層のコードの経路）。 The node's classification path.",
        pattern=CODE_PATTERN,
    )
    level: NonEmpty = column(
        alias(Classification, "level"), "Level", "階層の名称。 The level, as the source names it."
    )
    depth: int = column(
        alias(Classification, "depth"),
        "Depth",
        "階層の深さ（会計0、歳入歳出1、款2…）。 Depth in the tree.",
        ge=0,
    )
    code: str = column(
        alias(Classification, "code"),
        "Code",
        "その階層でのコード。 The code within its level.",
        pattern=LEVEL_CODE_PATTERN,
    )
    name_before: str | None = column(
        "名称_前", "Name before", "比較元での名称。 The name before.", default=None
    )
    name_after: str | None = column(
        "名称_後", "Name after", "比較先での名称。 The name after.", default=None
    )
    parent_id: str | None = column(
        alias(Classification, "parent_id"),
        "Parent",
        "一つ上の階層の分類ID（会計は空）。 The node one level up.",
        default=None,
        pattern=CODE_PATTERN,
    )


class NodeChange(_Change, _Node):
    """The change of the total of one node of the code list (its columns first, then the
    amounts)."""


class _Line(Record):
    """What identifies a line, on either side."""

    id: str = column(
        "ID",
        "Line ID",
        "予算明細のID（分類IDと.所属コード）。 The line's ID.",
        pattern=CODE_PATTERN,
    )
    classification_id: str = column(
        alias(BudgetLine, "classification_id"),
        "Classification",
        "明細の分類。 The line's leaf.",
        pattern=CODE_PATTERN,
    )
    name: NonEmpty = column(
        alias(Classification, "name"),
        "Name",
        "明細の分類の名称（比較先、なければ比較元）。 The leaf's name (after, else before).",
    )
    department_name: str | None = column(
        alias(BudgetLine, "department_name"),
        "Department",
        "所属の名称。 Department, as printed.",
        default=None,
    )


class LineChange(_Change, _Line):
    """The change of one line (its columns first, then the amounts)."""


class Renaming(Record):
    """A possible renaming: the same name under a new code, or a new name under the same
    code. An inference for a reader to confirm, never a match."""

    id: str = column(
        "ID",
        "Renaming ID",
        "推定の識別子（比較元の分類ID~比較先の分類ID）。 Before's ID, '~', after's ID.",
        pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]*~[0-9A-Za-z][0-9A-Za-z._-]*$",
    )
    kind: RenamingKind = column(
        "種類",
        "Kind",
        "code-changed（名称同じでコード変更）、name-changed（コード同じで名称変更）。 What "
        "changed.",
    )
    before_id: str = column("比較元ID", "Before", "比較元の分類ID。", pattern=CODE_PATTERN)
    after_id: str = column("比較先ID", "After", "比較先の分類ID。", pattern=CODE_PATTERN)
    name_before: NonEmpty = column("名称_前", "Name before", "比較元での名称。 The name before.")
    name_after: NonEmpty = column("名称_後", "Name after", "比較先での名称。 The name after.")
    certainty: Certainty = column(
        alias(EditorialNote, "certainty"),
        "Certainty",
        "推定であること（inferred）。 Always inferred: a reader must confirm it.",
        default=Certainty.INFERRED,
    )

    @model_validator(mode="after")
    def _derived_id(self) -> Renaming:
        expected = f"{self.before_id}~{self.after_id}"
        if self.id != expected:
            raise mismatch(Renaming, "id", "ID is not 比較元ID~比較先ID", self.id, expected)
        return self
