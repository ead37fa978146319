"""The tables of a data package: one registry, :data:`TABLES`, that everything iterates.

Each :class:`TableSpec` ties one record model to one CSV resource and to the
:class:`~nerima_opendata.model.budget.Budget` field that holds its records. Its
Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/) is generated
from the model's fields (:mod:`nerima_opendata.model.schema`), so the schema is defined
exactly once; its foreign keys drive the integrity rules too.

Every CSV begins with the three columns of the 自治体標準オープンデータセット
(全国地方公共団体コード, ID, 地方公共団体名); every table but the budget's then names the
budget its row belongs to (予算ID), so that one package can hold several budgets of a
municipality (fiscal years, phases). Column names are the models' aliases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from nerima_opendata.model.base import Record
from nerima_opendata.model.book import AmountKind, BudgetLine, Classification, LineAmount
from nerima_opendata.model.columns import (
    BUDGET_ID_COLUMN,
    CODE_COLUMN,
    ID_COLUMN,
    NAME_COLUMN,
    STANDARD_COLUMNS,
    alias,
)
from nerima_opendata.model.enums import DocumentKind, TableName
from nerima_opendata.model.info import BudgetInfo
from nerima_opendata.model.records import (
    LIST_SEPARATOR,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)
from nerima_opendata.model.schema import cell, english_name, table_schema

__all__ = [
    "BUDGET_ID_COLUMN",
    "CODE_COLUMN",
    "DEFAULT_KINDS",
    "ID_COLUMN",
    "LIST_SEPARATOR",
    "NAME_COLUMN",
    "STANDARD_COLUMNS",
    "TABLES",
    "ForeignKey",
    "TableSpec",
    "alias",
    "kinds_listed",
    "table_by_name",
    "tables_for",
]


@dataclass(frozen=True)
class ForeignKey:
    """A reference from a field of this table to the IDs of another table of the budget.

    ``many`` marks a list field (each value a reference): the integrity rules check it,
    a Table Schema cannot. ``ordered`` asks the list to follow the target's ``order``.
    """

    field: str
    table: TableName
    many: bool = False
    ordered: bool = False


@dataclass(frozen=True)
class TableSpec:
    """One table: its model, its Budget field, its names and titles, and its keys."""

    name: TableName
    model: type[Record]
    budget_field: str
    iri_kind: str
    title_ja: str
    title_en: str
    description_ja: str
    description_en: str
    foreign_keys: tuple[ForeignKey, ...] = field(default=())
    kind: DocumentKind | None = None
    """The kind of document whose tables this is; ``None``: every package has it."""

    def in_package(self, kinds: frozenset[DocumentKind]) -> bool:
        """Whether a package of budgets of these kinds holds this table."""
        return self.kind is None or self.kind in kinds

    @property
    def is_budget(self) -> bool:
        """True for the budget table itself (one row per budget)."""
        return self.model is BudgetInfo

    def filename(self, code: str) -> str:
        """The CSV file name, e.g. ``131202_budget_projects.csv``."""
        suffix = "" if self.is_budget else f"_{self.name}"
        return f"{code}_budget{suffix}.csv"

    def column(self, name: str) -> str:
        """The column of one of the model's fields."""
        return alias(self.model, name)

    @property
    def own_columns(self) -> list[str]:
        """The model's columns (Japanese names), in model order."""
        return list(self._own_columns)

    @cached_property
    def _own_columns(self) -> tuple[str, ...]:
        return tuple(self.column(name) for name in self.model.model_fields)

    @property
    def standard_columns(self) -> tuple[str, ...]:
        """The columns repeated from the budget: the 自治体標準 three and 予算ID."""
        return STANDARD_COLUMNS if self.is_budget else (*STANDARD_COLUMNS, BUDGET_ID_COLUMN)

    @property
    def columns(self) -> list[str]:
        """Every CSV column in file order: the standard columns first."""
        return list(self._columns)

    @cached_property
    def _columns(self) -> tuple[str, ...]:
        """:attr:`columns`, made once (they are asked for at every row)."""
        first = self.standard_columns
        return (*first, *[c for c in self._own_columns if c not in first])

    @property
    def primary_key(self) -> list[str]:
        """The key of a row: its ID, within its budget."""
        return [ID_COLUMN] if self.is_budget else [BUDGET_ID_COLUMN, ID_COLUMN]

    def english(self, column: str) -> str:
        """The English name of one of the table's columns (``予算額`` → ``amount``)."""
        return english_name(self.model, column)

    def foreign_key_descriptors(self) -> list[dict[str, Any]]:
        """The Table Schema foreign keys: the budget, then each single reference, all
        within the row's budget (lists of references are left to the integrity rules)."""
        if self.is_budget:
            return []
        keys: list[dict[str, Any]] = [
            {
                "fields": [BUDGET_ID_COLUMN],
                "reference": {"resource": str(TableName.BUDGET), "fields": [ID_COLUMN]},
            }
        ]
        keys += [self._key(fk) for fk in self.foreign_keys if not fk.many]
        return keys

    def _key(self, fk: ForeignKey) -> dict[str, Any]:
        """One reference within the row's budget. An optional reference (an account has no
        parent) names the ID alone: a Table Schema checks a composite key even when one
        of its cells is empty; the integrity rules keep it within the budget."""
        column = self.column(fk.field)
        if not self.model.model_fields[fk.field].is_required():
            return {
                "fields": [column],
                "reference": {"resource": str(fk.table), "fields": [ID_COLUMN]},
            }
        return {
            "fields": [BUDGET_ID_COLUMN, column],
            "reference": {"resource": str(fk.table), "fields": [BUDGET_ID_COLUMN, ID_COLUMN]},
        }

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema of this table, generated from the model."""
        return table_schema(
            self.model, self.columns, self.primary_key, self.foreign_key_descriptors()
        )

    def row(self, record: Record, info: BudgetInfo) -> list[str]:
        """One record as CSV cells, in the table's column order (``info``: its budget)."""
        values = {self.column(n): getattr(record, n) for n in self.model.model_fields}
        values.setdefault(CODE_COLUMN, info.municipality_code)
        values.setdefault(NAME_COLUMN, info.municipality_name)
        values.setdefault(BUDGET_ID_COLUMN, info.id)
        return [cell(values[col]) for col in self.columns]


_BUDGET_FK = (
    "予算表のIDと同じ。この行が属する予算。 The budget this row belongs to (an ID of the "
    "budget table)."
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        TableName.BUDGET,
        BudgetInfo,
        "info",
        "budget",
        "予算",
        "Budget",
        "予算の概要（団体、年度、予算段階、問合せ先、審議、出典）。予算ごとに1行。",
        "The budget itself: municipality, fiscal year, phase, contact, deliberation, source. "
        "One row per budget.",
    ),
    TableSpec(
        TableName.PILLARS,
        Pillar,
        "pillars",
        "pillar",
        "施策の柱",
        "Policy pillars",
        "予算の施策の柱。",
        "The policy pillars that group the projects.",
        kind=DocumentKind.BROCHURE,
    ),
    TableSpec(
        TableName.PROJECTS,
        Project,
        "projects",
        "project",
        "主な事業",
        "Main projects",
        "主な事業（●）と予算額（円）。",
        "Main projects (●) with their budget amount in yen.",
        (ForeignKey("pillar_id", TableName.PILLARS),),
        kind=DocumentKind.BROCHURE,
    ),
    TableSpec(
        TableName.INITIATIVES,
        Initiative,
        "initiatives",
        "initiative",
        "取組",
        "Initiatives",
        "事業ごとの取組（◦）とタグ。",
        "Initiatives (◦) under each project, with their tags.",
        (
            ForeignKey("project_id", TableName.PROJECTS),
            ForeignKey("tags", TableName.TAGS, many=True, ordered=True),
        ),
        kind=DocumentKind.BROCHURE,
    ),
    TableSpec(
        TableName.TAGS,
        Tag,
        "tags",
        "tag",
        "タグ",
        "Tags",
        "取組に付くタグの一覧（新規、都内初など）。",
        "The controlled list of initiative tags.",
        kind=DocumentKind.BROCHURE,
    ),
    TableSpec(
        TableName.GLOSSARY,
        GlossaryNote,
        "glossary",
        "glossary",
        "用語注",
        "Glossary notes",
        "資料の※注と、それが付く取組。",
        "Glossary notes (※) and the initiative using each term.",
        (ForeignKey("initiative_id", TableName.INITIATIVES),),
        kind=DocumentKind.BROCHURE,
    ),
    TableSpec(
        TableName.EDITORIAL_NOTES,
        EditorialNote,
        "editorial_notes",
        "editorial-note",
        "編集注",
        "Editorial notes",
        "公開者が出典に加えた訂正・推定とその根拠。",
        "Every correction or inference the publisher made over the source, and why.",
    ),
    TableSpec(
        TableName.CLASSIFICATIONS,
        Classification,
        "classifications",
        "classification",
        "分類",
        "Classification",
        "予算書の分類コード表（会計→歳入歳出→款→項→目→節…）。コードごとに名称と上位が一つ。",
        "The budget book's code list (account, direction, 款, 項, 目, 節 and the publisher's "
        "own levels): one name and one parent per code.",
        (ForeignKey("parent_id", TableName.CLASSIFICATIONS),),
        kind=DocumentKind.BOOK,
    ),
    TableSpec(
        TableName.AMOUNT_KINDS,
        AmountKind,
        "amount_kinds",
        "amount-kind",
        "金額種別",
        "Amount kinds",
        "出典が明細ごとに示す金額の種類（要求額、見積額、現計予算額…）と単位。",
        "Each amount the source gives for a line (request, assessment, current budget…), "
        "named as printed, with its stage and the unit it was printed in.",
        kind=DocumentKind.BOOK,
    ),
    TableSpec(
        TableName.LINES,
        BudgetLine,
        "lines",
        "line",
        "予算明細",
        "Budget lines",
        "予算書の明細（分類の最下層）と主金額（円）。款・項・目の計は明細の合計。",
        "Every line of the budget book, at a leaf of the code list, with its primary amount "
        "in yen. The totals of 款, 項 and 目 are sums of these lines.",
        (ForeignKey("classification_id", TableName.CLASSIFICATIONS),),
        kind=DocumentKind.BOOK,
    ),
    TableSpec(
        TableName.LINE_AMOUNTS,
        LineAmount,
        "line_amounts",
        "line-amount",
        "明細金額",
        "Line amounts",
        "明細ごとの主金額以外の金額（要求額、見積額、一般財源額など）。",
        "Every other amount of each line (request, assessment, general-revenue share…).",
        (
            ForeignKey("line_id", TableName.LINES),
            ForeignKey("kind_id", TableName.AMOUNT_KINDS),
        ),
        kind=DocumentKind.BOOK,
    ),
)

if [spec.name for spec in TABLES] != list(TableName):  # pragma: no cover - a coding error
    raise RuntimeError("TABLES must hold one spec per TableName, in TableName order")


def table_by_name(name: str) -> TableSpec:
    """The table spec with this resource name. Raises KeyError if there is none."""
    for spec in TABLES:
        if spec.name == name:
            return spec
    raise KeyError(name)


#: The kinds of document a package holds when it says nothing else: the brochure's.
DEFAULT_KINDS = frozenset({DocumentKind.BROCHURE})


def tables_for(kinds: frozenset[DocumentKind] = DEFAULT_KINDS) -> tuple[TableSpec, ...]:
    """The tables of a package of budgets of these kinds, in registry order."""
    return tuple(spec for spec in TABLES if spec.in_package(kinds))


def kinds_listed(names: Iterable[str]) -> frozenset[DocumentKind]:
    """The kinds of document whose tables a package lists by these resource names (the
    brochure's when it lists none of any kind)."""
    listed = set(names)
    kinds = frozenset(s.kind for s in TABLES if s.kind is not None and s.name in listed)
    return kinds or DEFAULT_KINDS
