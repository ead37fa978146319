"""The canonical budget schema (pydantic v2). No I/O happens here.

Every table of the data package, its Frictionless table schema and later every RDF term
is derived from these models. Each field carries:

* its English name (the Python attribute), used by the API and the RDF;
* its Japanese column name (the pydantic alias), used by the CSV files;
* an English title and a Japanese title, and a description.

The schema is generic: nothing here is specific to Nerima or to FY2024.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from nerima_opendata.errors import InputError
from nerima_opendata.model.amounts import parse_amount
from nerima_opendata.model.codes import validate_local_government_code
from nerima_opendata.model.enums import _PHASE_JA, BudgetPhase, Certainty, EditorialKind
from nerima_opendata.model.wareki import format_fiscal_year

__all__ = [
    "TARGET_TABLES",
    "BudgetInfo",
    "EditorialNote",
    "GlossaryNote",
    "Initiative",
    "Pillar",
    "Project",
    "Record",
    "Tag",
    "column",
]

NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
#: C0 controls but tab, LF and CR, and DEL: not allowed in XML 1.0, so never in the data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LineRange = Annotated[str, StringConstraints(pattern=r"^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$")]


def column(
    ja: str,
    title_en: str,
    description: str,
    *,
    default: Any = ...,
    **constraints: Any,
) -> Any:
    """Declare a field with its Japanese column name, English title and description."""
    return Field(
        default,
        alias=ja,
        title=title_en,
        description=description,
        **constraints,
    )


def _mismatch(
    model: type[BaseModel], name: str, message: str, found: object, expected: object
) -> PydanticCustomError:
    """A validation error naming the column of field ``name``, what was found and expected.

    Its context (``field``, ``message``, ``found``, ``expected``) lets a validation report
    say where a record-level check failed; its text says it all for other callers.
    """
    column = model.model_fields[name].alias or name
    context = {"field": column, "message": message, "found": str(found), "expected": str(expected)}
    return PydanticCustomError(
        "value_mismatch", "{message}; found {found}, expected {expected}", context
    )


TARGET_TABLES = ("budget", "pillars", "projects", "initiatives", "glossary")


class Record(BaseModel):
    """Base of every table row: immutable, strict about unknown columns."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=False,
        str_strip_whitespace=False,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: object, info: ValidationInfo) -> object:
        """An empty optional text is absent (CSV cannot tell the two apart); control
        characters are refused (XML 1.0 and N-Triples readers cannot carry them all)."""
        if not isinstance(value, str):
            return value
        if value == "" and not cls.model_fields[str(info.field_name)].is_required():
            return None
        if bad := _CONTROL.search(value):
            raise ValueError(
                f"a control character (U+{ord(bad.group()):04X}) in the text; expected text "
                "without control characters (tab, line feed and carriage return are allowed)"
            )
        return value


class BudgetInfo(Record):
    """One budget: who, which fiscal year, which phase, and where it comes from."""

    id: str = column(
        "ID",
        "Budget ID",
        "予算の識別子（年度-予算段階）。 Budget identifier: fiscal year and phase, e.g. 2024-proposed.",
        pattern=r"^[0-9]{4}-(proposed|approved|adjusted|executed)(-[0-9]+)?$",
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
    )
    phase: BudgetPhase = column(
        "予算段階",
        "Budget phase",
        "予算段階: "
        + ", ".join(f"{p.value}（{_PHASE_JA[p]}）" for p in BudgetPhase)
        + "。 Budget phase.",
    )
    phase_label: NonEmpty = column(
        "予算段階_名称",
        "Budget phase (Japanese)",
        "予算段階の名称（資料の表記）。 The phase as the source names it.",
    )
    title: NonEmpty = column(
        "表題", "Title", "データセットの表題。 Title of the budget publication."
    )
    title_en: str | None = column(
        "表題_英語",
        "Title (English, unofficial)",
        "表題の英訳（非公式）。 Unofficial English translation of the title.",
        default=None,
    )
    department: NonEmpty = column(
        "担当課", "Department in charge", "問合せ先の担当課。 Department to contact."
    )
    department_en: str | None = column(
        "担当課_英語",
        "Department in charge (English, unofficial)",
        "担当課の英語表記（非公式）。 Unofficial English name of the department.",
        default=None,
    )
    telephone: str = column(
        "電話番号",
        "Telephone",
        "問合せ先の電話番号（市外局番付き）。 Contact telephone number with area code.",
        pattern=r"^0[0-9]{1,4}-[0-9]{1,4}-[0-9]{4}$",
    )
    deliberating_body: NonEmpty = column(
        "審議機関", "Deliberating body", "予算を審議する議会。 The assembly that deliberates it."
    )
    deliberation_session: NonEmpty = column(
        "審議会議",
        "Deliberation session",
        "予算を審議する会議（定例会等）。 The assembly session that deliberates it.",
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
        pattern=r"^[A-Z]{3}$",
    )

    @field_validator("municipality_code")
    @classmethod
    def _check_digit(cls, value: str) -> str:
        try:
            return validate_local_government_code(value)
        except InputError as exc:
            raise _mismatch(cls, "municipality_code", exc.message, value, exc.expected) from exc

    @model_validator(mode="after")
    def _consistent(self) -> BudgetInfo:
        expected_label = format_fiscal_year(self.fiscal_year)
        if self.fiscal_year_label != expected_label:
            raise _mismatch(
                BudgetInfo,
                "fiscal_year_label",
                f"年度_和暦 does not match 年度 {self.fiscal_year}",
                self.fiscal_year_label,
                expected_label,
            )
        if not self.id.startswith(f"{self.fiscal_year}-{self.phase.value}"):
            raise _mismatch(
                BudgetInfo,
                "id",
                "ID does not match 年度 and 予算段階",
                self.id,
                f"{self.fiscal_year}-{self.phase.value}",
            )
        return self


class Pillar(Record):
    """A policy pillar (施策の柱) that groups projects."""

    id: str = column(
        "ID",
        "Pillar ID",
        "施策の柱の識別子（P+番号）。 Pillar ID: P and its number.",
        pattern=r"^P[0-9]+$",
    )
    order: int = column("順序", "Order", "資料での順番。 Position in the source.", ge=1)
    title: NonEmpty = column("名称", "Title", "施策の柱の名称。 Title of the pillar.")
    title_en: str | None = column(
        "名称_英語",
        "Title (English, unofficial)",
        "名称の英訳（非公式）。 Unofficial English translation of the title.",
        default=None,
    )
    source_lines: LineRange | None = column(
        "出典行",
        "Source lines",
        "出典テキストの行番号。 Line numbers in the source text.",
        default=None,
    )


class Project(Record):
    """A main project (主な事業, ● in the brochure) with its budget amount."""

    id: str = column(
        "ID",
        "Project ID",
        "事業の識別子（柱ID-2桁番号）。 Project ID: its pillar ID and a two-digit number.",
        pattern=r"^P[0-9]+-[0-9]{2}$",
    )
    pillar_id: str = column(
        "施策の柱ID",
        "Pillar ID",
        "この事業が属する施策の柱。 The pillar this project belongs to.",
        pattern=r"^P[0-9]+$",
    )
    order: int = column("順序", "Order", "柱の中での順番。 Position within its pillar.", ge=1)
    title: NonEmpty = column("事業名", "Title", "事業名（資料の表記）。 Project title as printed.")
    title_en: str | None = column(
        "事業名_英語",
        "Title (English, unofficial)",
        "事業名の英訳（非公式）。 Unofficial English translation of the title.",
        default=None,
    )
    amount: int = column(
        "予算額",
        "Amount (JPY)",
        "予算額（円、整数）。 Budget amount in yen, an integer.",
        ge=0,
    )
    amount_printed: NonEmpty = column(
        "予算額_表記",
        "Amount as printed",
        "資料に印刷された予算額の表記（例: 1億8723万円）。 The amount as printed in the source.",
    )
    source_lines: LineRange | None = column(
        "出典行",
        "Source lines",
        "出典テキストの行番号。 Line numbers in the source text.",
        default=None,
    )

    @model_validator(mode="after")
    def _printed_matches(self) -> Project:
        try:
            printed = parse_amount(self.amount_printed)
        except InputError as exc:
            raise _mismatch(
                Project, "amount_printed", exc.message, self.amount_printed, exc.expected
            ) from exc
        if printed != self.amount:
            raise _mismatch(
                Project,
                "amount",
                f"予算額 does not match 予算額_表記 {self.amount_printed!r}",
                self.amount,
                f"{printed}, the amount 予算額_表記 gives",
            )
        return self


class Initiative(Record):
    """An initiative (取組, ◦ in the brochure) under a project, with its tags."""

    id: str = column(
        "ID",
        "Initiative ID",
        "取組の識別子（事業ID-2桁番号）。 Initiative ID: its project ID and a two-digit number.",
        pattern=r"^P[0-9]+-[0-9]{2}-[0-9]{2}$",
    )
    project_id: str = column(
        "事業ID",
        "Project ID",
        "この取組が属する事業。 The project this initiative belongs to.",
        pattern=r"^P[0-9]+-[0-9]{2}$",
    )
    order: int = column("順序", "Order", "事業の中での順番。 Position within its project.", ge=1)
    text: NonEmpty = column("内容", "Text", "取組の内容（資料の表記）。 The initiative as printed.")
    text_en: str | None = column(
        "内容_英語",
        "Text (English, unofficial)",
        "内容の英訳（非公式）。 Unofficial English translation of the text.",
        default=None,
    )
    tags: tuple[str, ...] = column(
        "タグ",
        "Tags",
        "タグの名称（;区切り、タグ表の名称）。 Tag labels, separated by ';', from the tags table.",
        default=(),
    )
    source_lines: LineRange | None = column(
        "出典行",
        "Source lines",
        "出典テキストの行番号。 Line numbers in the source text.",
        default=None,
    )

    @field_validator("tags", mode="before")
    @classmethod
    def _split_tags(cls, value: object) -> object:
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(part for part in value.split(";") if part) if value else ()
        return value


class Tag(Record):
    """A tag from the controlled, extensible list (新規, 都内初, …)."""

    id: str = column(
        "ID",
        "Tag code",
        "タグのコード（英小文字・数字・-）。 Stable tag code.",
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    )
    order: int = column("順序", "Order", "表示順。 Display order.", ge=1)
    label: NonEmpty = column(
        "名称",
        "Label",
        "タグの名称（資料の表記）。「;」は区切りのため使えない。 The tag as printed; no ';' "
        "(it separates the tags of an initiative).",
        pattern=r"^[^;]+$",
    )
    label_en: str | None = column(
        "名称_英語", "Label (English)", "タグの英語名。 English label of the tag.", default=None
    )
    definition: str | None = column(
        "説明", "Definition", "タグの意味。 What the tag means.", default=None
    )
    definition_en: str | None = column(
        "説明_英語",
        "Definition (English)",
        "タグの意味の英語訳（非公式）。 Unofficial English translation of the definition.",
        default=None,
    )


class GlossaryNote(Record):
    """A glossary note (※) and the initiative where the term is used."""

    id: str = column(
        "ID",
        "Note ID",
        "用語注の識別子（G+番号）。 Glossary note ID: G and its number.",
        pattern=r"^G[0-9]+$",
    )
    term: NonEmpty = column("用語", "Term", "説明される用語。 The term explained.")
    term_full: str | None = column(
        "用語_正式名称",
        "Full form of the term",
        "略語の正式名称（資料の括弧内）。 Full form of an abbreviation, as printed.",
        default=None,
    )
    definition: NonEmpty = column("説明", "Definition", "用語の説明（資料の表記）。 As printed.")
    initiative_id: str = column(
        "使用箇所_取組ID",
        "Used in initiative",
        "この用語に（※）が付いている取組。 The initiative whose text marks the term with (※).",
        pattern=r"^P[0-9]+-[0-9]{2}-[0-9]{2}$",
    )
    source_lines: LineRange | None = column(
        "出典行",
        "Source lines",
        "出典テキストの行番号。 Line numbers in the source text.",
        default=None,
    )


class EditorialNote(Record):
    """A correction or inference the publisher made over the source."""

    id: str = column(
        "ID",
        "Note ID",
        "編集注の識別子（E+番号）。 Editorial note ID: E and its number.",
        pattern=r"^E[0-9]+$",
    )
    target_table: str = column(
        "対象表",
        "Target table",
        f"注の対象となる表（{', '.join(TARGET_TABLES)}）。 Table of the target.",
        pattern=rf"^({'|'.join(TARGET_TABLES)})$",
    )
    target_id: NonEmpty = column("対象ID", "Target ID", "注の対象のID。 ID of the target record.")
    kind: EditorialKind = column(
        "種別",
        "Kind",
        "訂正の種別。 Kind of correction: " + ", ".join(k.value for k in EditorialKind) + ".",
    )
    certainty: Certainty = column(
        "確度",
        "Certainty",
        f"{Certainty.CONFIRMED.value}（資料から確定）または {Certainty.INFERRED.value}（推定）。"
        " Confirmed from the source, or inferred.",
    )
    note: NonEmpty = column("説明", "Note", "訂正の内容と根拠。 What was done and why.")
    note_en: str | None = column(
        "説明_英語", "Note (English)", "説明の英訳。 The note in English.", default=None
    )
    source_lines: LineRange | None = column(
        "出典行",
        "Source lines",
        "出典テキストの行番号。 Line numbers in the source text.",
        default=None,
    )
