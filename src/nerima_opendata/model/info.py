"""The budget's own record: who, which fiscal year, which phase, and its source."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Any

from pydantic import field_validator, model_validator

from nerima_opendata.errors import InputError
from nerima_opendata.model.base import NonEmpty, Record, column, english_column, mismatch
from nerima_opendata.model.codes import validate_local_government_code
from nerima_opendata.model.enums import BudgetPhase
from nerima_opendata.model.wareki import format_fiscal_year

__all__ = ["BUDGET_ID_PATTERN", "BudgetInfo"]

#: A budget's ID: its fiscal year and phase, and a number where a year has several
#: budgets of one phase (補正予算 第1号, 第2号…) or one budget per account (会計), up to two
#: qualifiers in lower-case letters and digits: ``2024-proposed``, ``2024-adjusted-2``,
#: ``2024-proposed-general``, ``2024-adjusted-2-kokuho``.
BUDGET_ID_PATTERN = rf"^[0-9]{{4}}-({'|'.join(BudgetPhase)})(-[0-9a-z]+){{0,2}}$"


class BudgetInfo(Record):
    """One budget: who, which fiscal year, which phase, and where it comes from."""

    id: str = column(
        "ID",
        "Budget ID",
        "予算の識別子（年度-予算段階、必要なら号数や会計）。 Budget identifier: fiscal year and "
        "phase, then a number or an account where needed, e.g. 2024-proposed, 2024-adjusted-2, "
        "2024-proposed-general.",
        default=None,
        pattern=BUDGET_ID_PATTERN,
    )
    municipality_code: str = column(
        "全国地方公共団体コード",
        "Local government code",
        "全国地方公共団体コード（検査数字付き6桁）。 JIS X 0402 code with its check digit.",
        pattern=r"^[0-9]{6}$",
    )
    municipality_name: NonEmpty = column(
        "地方公共団体名", "Local government name", "地方公共団体名。 Name of the municipality."
    )
    municipality_name_en: str | None = column(
        "地方公共団体名_英語",
        "Local government name (English)",
        "地方公共団体名の英語表記。 English name of the municipality.",
        default=None,
    )
    fiscal_year: int = column(
        "年度",
        "Fiscal year",
        "会計年度（西暦、4月始まり）。 Fiscal year, named by the Gregorian year it starts (April).",
        ge=1868,
        le=9999,
    )
    fiscal_year_label: NonEmpty = column(
        "年度_和暦",
        "Fiscal year (Japanese era)",
        "和暦による年度表記（例: 令和6年度）。 Fiscal year in the Japanese era.",
        default=None,
    )
    phase: BudgetPhase = column(
        "予算段階",
        "Budget phase",
        "予算段階: "
        + ", ".join(f"{p.value}（{p.label_ja}）" for p in BudgetPhase)
        + "。 Budget phase.",
    )
    phase_label: NonEmpty = column(
        "予算段階_名称",
        "Budget phase (Japanese)",
        "予算段階の名称（資料の表記）。 The phase as the source names it.",
        default=None,
    )
    title: NonEmpty = column(
        "表題", "Title", "データセットの表題。 Title of the budget publication."
    )
    title_en: str | None = english_column("表題", "表題", "Title")
    department: NonEmpty | None = column(
        "担当課",
        "Department in charge",
        "問合せ先の担当課（出典にあれば）。 Department to contact, where the source names it.",
        default=None,
    )
    department_en: str | None = column(
        "担当課_英語",
        "Department in charge (English, unofficial)",
        "担当課の英語表記（非公式）。 Unofficial English name of the department.",
        default=None,
    )
    telephone: str | None = column(
        "電話番号",
        "Telephone",
        "問合せ先の電話番号（市外局番付き、出典にあれば）。 Contact telephone number with area "
        "code, where the source gives it.",
        default=None,
        pattern=r"^0[0-9]{1,4}-[0-9]{1,4}-[0-9]{4}$",
    )
    deliberating_body: NonEmpty | None = column(
        "審議機関",
        "Deliberating body",
        "予算を審議する議会（出典にあれば）。 The assembly that deliberates it, where the source "
        "names it.",
        default=None,
    )
    deliberation_session: NonEmpty | None = column(
        "審議会議",
        "Deliberation session",
        "予算を審議する会議（定例会等、出典にあれば）。 The assembly session that deliberates "
        "it, where the source names it.",
        default=None,
    )
    source_title: NonEmpty = column(
        "出典", "Source document", "出典資料の名称。 Title of the source document."
    )
    source_url: str | None = column(
        "出典_URL",
        "Source URL",
        "出典資料の所在（URL）。 Where the source document is published.",
        default=None,
        pattern=r"^https?://\S+$",
    )
    issued: date | None = column(
        "公表日",
        "Issued",
        "出典資料の公表日（公開者の記載による、YYYY-MM-DD）。 The date the source document was "
        "published, as the publisher states it.",
        default=None,
    )
    modified: date | None = column(
        "更新日",
        "Modified",
        "出典資料の最終更新日（公開者の記載による、YYYY-MM-DD、公表日以降）。 The date the "
        "source document was last revised, as the publisher states it (not before the "
        "issue date).",
        default=None,
    )
    source_sha256: str | None = column(
        "出典_SHA256",
        "Source checksum (SHA-256)",
        "出典テキストのSHA-256。 SHA-256 of the source text the data was ingested from.",
        default=None,
        pattern=r"^[0-9a-f]{64}$",
    )
    currency: str = column(
        "通貨",
        "Currency",
        "金額の通貨（ISO 4217）。 Currency of every amount (ISO 4217).",
        default="JPY",
        pattern=r"^[A-Z]{3}$",
    )

    @field_validator("municipality_code")
    @classmethod
    def _check_digit(cls, value: str) -> str:
        try:
            return validate_local_government_code(value)
        except InputError as exc:
            raise mismatch(cls, "municipality_code", exc.message, value, exc.expected) from exc

    @model_validator(mode="before")
    @classmethod
    def _derive(cls, data: Any) -> Any:
        """Fill what can be derived and was not given: the era label from the year, the
        phase label from the phase, the budget ID from both."""
        if not isinstance(data, dict):
            return data
        data = dict(data)

        def given(name: str) -> Any:
            alias = cls.model_fields[name].alias or name
            value = data.get(name, data.get(alias))
            return None if value == "" else value

        def fill(name: str, value: str) -> None:
            if given(name) is None:
                data.pop(cls.model_fields[name].alias or name, None)
                data[name] = value

        year, phase = given("fiscal_year"), given("phase")
        if isinstance(year, int) or (isinstance(year, str) and year.isascii() and year.isdigit()):
            with suppress(InputError):
                fill("fiscal_year_label", format_fiscal_year(int(year)))
        if phase in set(BudgetPhase):
            fill("phase_label", BudgetPhase(phase).label_ja)
            if year is not None:
                fill("id", f"{year}-{BudgetPhase(phase).value}")
        return data

    @model_validator(mode="after")
    def _consistent(self) -> BudgetInfo:
        expected_label = format_fiscal_year(self.fiscal_year)
        if self.fiscal_year_label != expected_label:
            raise mismatch(
                BudgetInfo,
                "fiscal_year_label",
                f"年度_和暦 does not match 年度 {self.fiscal_year}",
                self.fiscal_year_label,
                expected_label,
            )
        if not self.id.startswith(f"{self.fiscal_year}-{self.phase.value}"):
            raise mismatch(
                BudgetInfo,
                "id",
                "ID does not match 年度 and 予算段階",
                self.id,
                f"{self.fiscal_year}-{self.phase.value}",
            )
        if self.issued and self.modified and self.modified < self.issued:
            raise mismatch(
                BudgetInfo,
                "modified",
                "更新日 is before 公表日",
                self.modified.isoformat(),
                f"{self.issued.isoformat()} or later",
            )
        return self
