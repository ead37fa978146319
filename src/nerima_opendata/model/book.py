"""The records of a budget book (予算書): its code list, its amount kinds and its lines.

A budget book gives every line of a municipality's budget by account (会計), direction
(歳入/歳出) and the legal classification 款 → 項 → 目 → 節, with the publisher's own levels
below or beside them (細目, 事業, 細節, 大事業…). Four tables hold it:

* :class:`Classification`: the code list, one row per node of the tree 会計 → 歳入歳出 →
  款 → 項 → …, each with one code, one name and one parent. Its ID is the path of codes
  (:func:`classification_id`), so the same 款 in two fiscal years has the same ID.
* :class:`AmountKind`: each amount column the source gives (要求額, 見積額, 現計予算額…),
  named as the source names it, with the :class:`~.enums.AmountStage` it records and the
  unit it was printed in. Exactly one kind is the budget's primary amount.
* :class:`BudgetLine`: one line, at a leaf of the code list, with its department (所属),
  nature class (性質別) and COFOG class where the source gives them, and its primary amount.
* :class:`LineAmount`: every other amount the source gives for a line.

Totals of 款, 項 and 目 are never stored: they are sums of the lines
(:mod:`nerima_opendata.model.totals`).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import model_validator

from nerima_opendata.model.base import (
    CODE_PATTERN,
    Flag,
    NonEmpty,
    Record,
    column,
    english_column,
    mismatch,
)
from nerima_opendata.model.enums import AmountStage, Direction, SourceUnit

__all__ = [
    "ACCOUNT_LEVEL",
    "COFOG_PATTERN",
    "DIRECTION_LEVEL",
    "LEVEL_CODE_PATTERN",
    "AmountKind",
    "BudgetLine",
    "Classification",
    "LineAmount",
    "amount_id",
    "classification_id",
    "line_id",
]

#: The level names of the two nodes above 款: the account and the direction.
ACCOUNT_LEVEL = "会計"
DIRECTION_LEVEL = "歳入歳出"
#: One code of a classification level as the source gives it (``1``, ``01``, ``A2``):
#: ASCII letters and digits, so that a path of codes joined by ``-`` is unambiguous.
LEVEL_CODE_PATTERN = r"^[0-9A-Za-z]+$"
#: A COFOG class in the UN notation: a division ``01``, a group ``01.1``, a class ``01.1.1``.
COFOG_PATTERN = r"^(0[1-9]|10)(\.[1-9](\.[1-9])?)?$"
_LEVEL_CODE = re.compile(LEVEL_CODE_PATTERN)
_PATH_SEPARATOR = "-"


def classification_id(account: str, direction: Direction | None = None, *codes: str) -> str:
    """The ID of a node of the code list: the path of its codes, e.g. ``1-expenditure-2-1``.

    Args:
        account: The account's code (一般会計 is usually ``1``).
        direction: Revenue or expenditure; ``None`` for the account node itself.
        codes: The codes of 款, 項, 目… down to the node.

    Raises:
        ValueError: A code is not letters and digits.
    """
    parts = [account, *([direction.value] if direction is not None else []), *codes]
    for part in (account, *codes):
        if not _LEVEL_CODE.fullmatch(part):
            raise ValueError(f"a classification code must be ASCII letters and digits: {part!r}")
    if direction is None and codes:
        raise ValueError("a path below the account needs its direction")
    return _PATH_SEPARATOR.join(parts)


def line_id(classification: str, department: str | None = None) -> str:
    """The ID of a line: its classification, and its department (所属) where the same
    classification holds lines of several departments (``…-1-1.1501010000``)."""
    return classification if department is None else f"{classification}.{department}"


def amount_id(line: str, kind: str) -> str:
    """The ID of one amount of a line: the line's ID and the kind's (``…-1-1_request``)."""
    return f"{line}_{kind}"


def _code(ja: str, title: str, what_ja: str, what_en: str, *, default: Any = ...) -> Any:
    return column(
        ja, title, f"{what_ja}（公開者のコード）。 {what_en}", default=default, pattern=CODE_PATTERN
    )


class Classification(Record):
    """A node of the budget's code list: an account, a direction, a 款, 項, 目, 節 or a
    level of the publisher's own, with one code, one name and one parent."""

    id: str = _code(
        "ID",
        "Classification ID",
        "分類の識別子（会計・歳入歳出・各階層のコードを-で結んだ経路）",
        "The path of codes from the account down, joined by '-', e.g. 1-expenditure-2-1.",
    )
    level: NonEmpty = column(
        "階層",
        "Level",
        "階層の名称（会計、歳入歳出、款、項、目、節、細目、事業…、出典の表記）。 The level, as "
        "the source names it.",
    )
    depth: int = column(
        "階層番号",
        "Depth",
        "階層の深さ（会計0、歳入歳出1、款2、項3、目4…）。 Depth in the tree: the account 0, "
        "the direction 1, 款 2, 項 3, 目 4 and so on.",
        ge=0,
    )
    code: str = column(
        "コード",
        "Code",
        "その階層でのコード（出典の表記）。 The code within its level, as the source gives it.",
        pattern=LEVEL_CODE_PATTERN,
    )
    name: NonEmpty = column("名称", "Name", "分類の名称（出典の表記）。 The name as printed.")
    name_en: str | None = english_column("名称", "名称", "Name")
    parent_id: str | None = _code(
        "上位ID",
        "Parent",
        "一つ上の階層の分類（会計は空）",
        "The node one level up (empty for an account).",
        default=None,
    )

    def path(self) -> tuple[str, ...]:
        """The codes of the path, from the account down (the direction as its value)."""
        return tuple(self.id.split(_PATH_SEPARATOR))


class AmountKind(Record):
    """An amount column of the source: its name as printed, what it records, its unit."""

    id: str = column(
        "ID",
        "Amount kind ID",
        "金額種別の識別子（英小文字・数字・-）。 Amount kind code, e.g. current, request.",
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    )
    order: int = column("順序", "Order", "出典の列の順番。 Position in the source.", ge=1)
    name: NonEmpty = column(
        "名称", "Name", "出典での列の名称（例: 予算要求額）。 The column's name in the source."
    )
    name_en: str | None = english_column("名称", "名称", "Name")
    stage: AmountStage = column(
        "段階",
        "Stage",
        "金額の意味: "
        + ", ".join(f"{s.value}（{s.label_ja}）" for s in AmountStage)
        + "。 What the amount records.",
    )
    unit: SourceUnit = column(
        "出典単位",
        "Unit in the source",
        "出典の金額の単位（yen: 円、thousand-yen: 千円）。金額は常に円。 The unit the source "
        "printed; every stored amount is in yen.",
    )
    primary: Flag = column(
        "主金額",
        "Primary",
        "予算明細表の金額列に入る金額種別か（予算ごとに一つ）。 Whether this is the amount of "
        "the lines table (one kind per budget).",
        default=False,
    )


class BudgetLine(Record):
    """One line of the budget book, at a leaf of the code list, with its primary amount."""

    id: str = _code(
        "ID",
        "Line ID",
        "予算明細の識別子（分類IDと、必要なら.所属コード）",
        "The line's classification ID, then '.' and its department code where one "
        "classification holds lines of several departments.",
    )
    classification_id: str = _code(
        "分類ID", "Classification", "この明細の分類（最下層）", "The leaf of the code list."
    )
    department_code: str | None = _code(
        "所属コード",
        "Department code",
        "所属（担当部署）のコード",
        "Department code.",
        default=None,
    )
    department_name: str | None = column(
        "所属名", "Department", "所属の名称（出典の表記）。 Department, as printed.", default=None
    )
    nature_code: str | None = _code(
        "性質別コード",
        "Nature class code",
        "性質別区分のコード",
        "Code of the economic (nature) class.",
        default=None,
    )
    nature_name: str | None = column(
        "性質別名",
        "Nature class",
        "性質別区分の名称（出典の表記）。 Economic (nature) class, as printed.",
        default=None,
    )
    cofog: str | None = column(
        "COFOG",
        "COFOG class",
        "政府機能分類（COFOG）の最も詳しい区分（01〜10、01.1…）。 The most detailed COFOG "
        "class the source gives, in the UN notation.",
        default=None,
        pattern=COFOG_PATTERN,
    )
    amount: int = column(
        "金額",
        "Amount (JPY)",
        "主金額（金額種別表のprimary）の円単位の整数。補正予算に限り負の値がある。 The primary "
        "amount in yen; negative only in an adjusted budget.",
    )
    source_rows: str | None = column(
        "出典行",
        "Source rows",
        "出典ファイルの行番号（ヘッダーを1行目とする）。 Row numbers in the source file, the "
        "header being row 1.",
        default=None,
        pattern=r"^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$",
    )

    @model_validator(mode="after")
    def _derived_id(self) -> BudgetLine:
        allowed = {self.classification_id, line_id(self.classification_id, self.department_code)}
        if self.id not in allowed:
            raise mismatch(
                BudgetLine,
                "id",
                "ID is not 分類ID (and .所属コード)",
                self.id,
                " or ".join(sorted(allowed)),
            )
        return self


class LineAmount(Record):
    """An amount of a line other than its primary one (a request, an assessment…)."""

    id: str = _code(
        "ID", "Line amount ID", "明細金額の識別子（明細ID_金額種別ID）", "Line ID, '_', kind ID."
    )
    line_id: str = _code("明細ID", "Line", "この金額の予算明細", "The line this amount is of.")
    kind_id: str = column(
        "金額種別ID",
        "Amount kind",
        "金額種別表のID。 The amount kind (an ID of the amount kinds table).",
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    )
    amount: int = column(
        "金額", "Amount (JPY)", "円単位の整数。 The amount in yen, an integer (may be negative)."
    )

    @model_validator(mode="after")
    def _derived_id(self) -> LineAmount:
        expected = amount_id(self.line_id, self.kind_id)
        if self.id != expected:
            raise mismatch(LineAmount, "id", "ID is not 明細ID_金額種別ID", self.id, expected)
        return self
