"""The records of a budget's tables (pydantic v2). No I/O happens here.

Every table of the data package, its Frictionless table schema and every RDF term is
derived from these models (see :mod:`nerima_opendata.model.tables`). IDs are the
publisher's own codes (:data:`~nerima_opendata.model.base.CODE_PATTERN`): nothing here
requires the shapes one source gives them (the brochure's ``P1-01``), and nothing is
specific to one municipality, fiscal year or phase.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator, model_validator

from nerima_opendata.errors import InputError
from nerima_opendata.model.amounts import parse_amount
from nerima_opendata.model.base import (
    CODE_PATTERN,
    LineRange,
    NonEmpty,
    Record,
    column,
    english_column,
    mismatch,
    source_lines_column,
)
from nerima_opendata.model.enums import TARGET_TABLES, Certainty, EditorialKind

__all__ = [
    "TAG_PATTERN",
    "EditorialNote",
    "GlossaryNote",
    "Initiative",
    "Pillar",
    "Project",
    "Tag",
]

#: A tag's code: lower-case ASCII words joined by '-', e.g. ``first-in-tokyo``.
TAG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: What separates the values of a list column (the tags of an initiative).
LIST_SEPARATOR = ";"


def _code(ja: str, title: str, what_ja: str, what_en: str, *, default: Any = ...) -> Any:
    """A field holding a publisher's code (an ID, or a reference to one)."""
    return column(
        ja, title, f"{what_ja}（公開者のコード）。 {what_en}", default=default, pattern=CODE_PATTERN
    )


class Pillar(Record):
    """A policy pillar (施策の柱) that groups projects."""

    id: str = _code("ID", "Pillar ID", "施策の柱の識別子", "Pillar ID, e.g. P1.")
    order: int = column("順序", "Order", "資料での順番。 Position in the source.", ge=1)
    title: NonEmpty = column("名称", "Title", "施策の柱の名称。 Title of the pillar.")
    title_en: str | None = english_column("名称", "名称", "Title")
    source_lines: LineRange | None = source_lines_column()


class Project(Record):
    """A main project (主な事業, ● in the brochure) with its budget amount."""

    id: str = _code("ID", "Project ID", "事業の識別子", "Project ID, e.g. P1-01.")
    pillar_id: str = _code(
        "施策の柱ID", "Pillar ID", "この事業が属する施策の柱", "The pillar this project belongs to."
    )
    order: int = column("順序", "Order", "柱の中での順番。 Position within its pillar.", ge=1)
    title: NonEmpty = column("事業名", "Title", "事業名（資料の表記）。 Project title as printed.")
    title_en: str | None = english_column("事業名", "事業名", "Title")
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
    source_lines: LineRange | None = source_lines_column()

    @model_validator(mode="after")
    def _printed_matches(self) -> Project:
        try:
            printed = parse_amount(self.amount_printed)
        except InputError as exc:
            raise mismatch(
                Project, "amount_printed", exc.message, self.amount_printed, exc.expected
            ) from exc
        if printed != self.amount:
            raise mismatch(
                Project,
                "amount",
                f"予算額 does not match 予算額_表記 {self.amount_printed!r}",
                self.amount,
                f"{printed}, the amount 予算額_表記 gives",
            )
        return self


class Initiative(Record):
    """An initiative (取組, ◦ in the brochure) under a project, with its tags."""

    id: str = _code("ID", "Initiative ID", "取組の識別子", "Initiative ID, e.g. P1-01-01.")
    project_id: str = _code(
        "事業ID", "Project ID", "この取組が属する事業", "The project this initiative belongs to."
    )
    order: int = column("順序", "Order", "事業の中での順番。 Position within its project.", ge=1)
    text: NonEmpty = column("内容", "Text", "取組の内容（資料の表記）。 The initiative as printed.")
    text_en: str | None = english_column("内容", "内容", "Text")
    tags: tuple[str, ...] = column(
        "タグ",
        "Tags",
        "タグのID（;区切り、タグ表の順）。 Tag IDs from the tags table, separated by ';', in "
        "the tags table's order.",
        default=(),
    )
    source_lines: LineRange | None = source_lines_column()

    @field_validator("tags", mode="before")
    @classmethod
    def _split_tags(cls, value: object) -> object:
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(part for part in value.split(LIST_SEPARATOR) if part) if value else ()
        return value


class Tag(Record):
    """A tag from the controlled, extensible list (新規, 都内初, …)."""

    id: str = column(
        "ID",
        "Tag code",
        "タグのコード（英小文字・数字・-）。 Stable tag code.",
        pattern=TAG_PATTERN,
    )
    order: int = column("順序", "Order", "表示順。 Display order.", ge=1)
    label: NonEmpty = column(
        "名称", "Label", "タグの名称（資料の表記）。 The tag as printed in the source."
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

    id: str = _code("ID", "Note ID", "用語注の識別子", "Glossary note ID, e.g. G1.")
    term: NonEmpty = column("用語", "Term", "説明される用語。 The term explained.")
    term_full: str | None = column(
        "用語_正式名称",
        "Full form of the term",
        "略語の正式名称（資料の括弧内）。 Full form of an abbreviation, as printed.",
        default=None,
    )
    definition: NonEmpty = column("説明", "Definition", "用語の説明（資料の表記）。 As printed.")
    initiative_id: str = _code(
        "使用箇所_取組ID",
        "Used in initiative",
        "この用語に（※）が付いている取組",
        "The initiative whose text marks the term with (※).",
    )
    source_lines: LineRange | None = source_lines_column()


class EditorialNote(Record):
    """A correction or inference the publisher made over the source."""

    id: str = _code("ID", "Note ID", "編集注の識別子", "Editorial note ID, e.g. E01.")
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
    source_lines: LineRange | None = source_lines_column()
