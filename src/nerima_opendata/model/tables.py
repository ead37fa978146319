"""The tables of the data package, derived from the models in :mod:`nerima_opendata.model`.

Each :class:`TableSpec` ties one record model to one CSV resource. Its Frictionless
Table Schema (https://specs.frictionlessdata.io/table-schema/) is generated from the
model's fields, so the schema is defined exactly once.

Every CSV begins with the three columns of the 自治体標準オープンデータセット
(全国地方公共団体コード, ID, 地方公共団体名); the budget table holds the first and last
as fields of its own, the other tables repeat the budget's values.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from nerima_opendata.model.records import (
    BudgetInfo,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Record,
    Tag,
)

__all__ = [
    "CODE_COLUMN",
    "NAME_COLUMN",
    "TABLES",
    "TableSpec",
    "field_descriptor",
    "record_to_row",
    "table_by_name",
]

CODE_COLUMN = "全国地方公共団体コード"
NAME_COLUMN = "地方公共団体名"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class ForeignKey:
    """A reference from a column of this table to a column of another."""

    column: str
    table: str
    ref_column: str = "ID"


@dataclass(frozen=True)
class TableSpec:
    """One table: its model, its resource name, its titles and its keys."""

    name: str
    model: type[Record]
    title_ja: str
    title_en: str
    description_ja: str
    description_en: str
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    def filename(self, code: str) -> str:
        """The CSV file name, e.g. ``131202_budget_projects.csv``."""
        suffix = "" if self.name == "budget" else f"_{self.name}"
        return f"{code}_budget{suffix}.csv"

    @property
    def own_columns(self) -> list[str]:
        """The model's columns (Japanese names), in model order."""
        return [_alias(name, info) for name, info in self.model.model_fields.items()]

    @property
    def columns(self) -> list[str]:
        """Every CSV column in file order: the three standard columns first."""
        own = self.own_columns
        if self.model is BudgetInfo:
            rest = [c for c in own if c not in (CODE_COLUMN, "ID", NAME_COLUMN)]
            return [CODE_COLUMN, "ID", NAME_COLUMN, *rest]
        return [CODE_COLUMN, "ID", NAME_COLUMN, *[c for c in own if c != "ID"]]

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema of this table, generated from the model."""
        infos = {_alias(n, i): (n, i) for n, i in self.model.model_fields.items()}
        fields: list[dict[str, Any]] = []
        for col in self.columns:
            if col in infos:
                fields.append(field_descriptor(col, *infos[col]))
            else:
                fields.append(_standard_descriptor(col))
        schema: dict[str, Any] = {
            "fields": fields,
            "primaryKey": ["ID"],
            "missingValues": [""],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": [fk.column],
                    "reference": {"resource": fk.table, "fields": [fk.ref_column]},
                }
                for fk in self.foreign_keys
            ]
        return schema


def _alias(name: str, info: FieldInfo) -> str:
    return info.alias or name


def _standard_descriptor(col: str) -> dict[str, Any]:
    info = BudgetInfo.model_fields[
        "municipality_code" if col == CODE_COLUMN else "municipality_name"
    ]
    name = "municipality_code" if col == CODE_COLUMN else "municipality_name"
    descriptor = field_descriptor(col, name, info)
    descriptor["description"] += " 予算表の値と同じ。 Same as in the budget table."
    return descriptor


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``X | None``; return the inner type and whether None was allowed."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(get_args(annotation))
    return annotation, False


_CONSTRAINT_ATTRS = (
    ("ge", "minimum"),
    ("le", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("pattern", "pattern"),
)


def field_descriptor(column: str, name: str, info: FieldInfo) -> dict[str, Any]:
    """The Table Schema field descriptor of one model field.

    Args:
        column: The Japanese column name.
        name: The English (Python) field name.
        info: The pydantic field info.

    Returns:
        A Table Schema field descriptor with ``name``, ``title``, ``description``,
        ``type``, ``constraints`` and the English name as ``x-name-en``.
    """
    inner, optional = _unwrap(info.annotation)
    descriptor: dict[str, Any] = {
        "name": column,
        "title": info.title,
        "description": info.description,
        "x-name-en": name,
    }
    constraints: dict[str, Any] = {}
    if inner is int:
        descriptor["type"] = "integer"
        descriptor["bareNumber"] = False
    elif isinstance(inner, type) and issubclass(inner, Enum):
        descriptor["type"] = "string"
        constraints["enum"] = [member.value for member in inner]
    elif get_origin(inner) is tuple:
        descriptor["type"] = "string"
        descriptor["x-list-separator"] = LIST_SEPARATOR
    else:
        descriptor["type"] = "string"
    if info.is_required() and not optional:
        constraints["required"] = True
    # Constraints come from Field(...) and from Annotated types (NonEmpty, LineRange).
    for meta in [*info.metadata, *getattr(inner, "__metadata__", ())]:
        for attr, key in _CONSTRAINT_ATTRS:
            value = getattr(meta, attr, None)
            if value is not None:
                constraints[key] = value
    if "pattern" in constraints:
        # Table Schema patterns are implicitly anchored (XML Schema regex).
        constraints["pattern"] = constraints["pattern"].removeprefix("^").removesuffix("$")
    if constraints:
        descriptor["constraints"] = dict(sorted(constraints.items()))
    return descriptor


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "budget",
        BudgetInfo,
        "予算",
        "Budget",
        "予算の概要（団体、年度、予算段階、問合せ先、審議、出典）。1行。",
        "The budget itself: municipality, fiscal year, phase, contact, deliberation, source. One row.",
    ),
    TableSpec(
        "pillars",
        Pillar,
        "施策の柱",
        "Policy pillars",
        "予算の施策の柱。",
        "The policy pillars that group the projects.",
    ),
    TableSpec(
        "projects",
        Project,
        "主な事業",
        "Main projects",
        "主な事業（●）と予算額（円）。",
        "Main projects (●) with their budget amount in yen.",
        (ForeignKey("施策の柱ID", "pillars"),),
    ),
    TableSpec(
        "initiatives",
        Initiative,
        "取組",
        "Initiatives",
        "事業ごとの取組（◦）とタグ。",
        "Initiatives (◦) under each project, with their tags.",
        (ForeignKey("事業ID", "projects"),),
    ),
    TableSpec(
        "tags",
        Tag,
        "タグ",
        "Tags",
        "取組に付くタグの一覧（新規、都内初など）。",
        "The controlled list of initiative tags.",
    ),
    TableSpec(
        "glossary",
        GlossaryNote,
        "用語注",
        "Glossary notes",
        "資料の※注と、それが付く取組。",
        "Glossary notes (※) and the initiative using each term.",
        (ForeignKey("使用箇所_取組ID", "initiatives"),),
    ),
    TableSpec(
        "editorial_notes",
        EditorialNote,
        "編集注",
        "Editorial notes",
        "公開者が出典に加えた訂正・推定とその根拠。",
        "Every correction or inference the publisher made over the source, and why.",
    ),
)


def table_by_name(name: str) -> TableSpec:
    """The table spec with this resource name. Raises KeyError if there is none."""
    for spec in TABLES:
        if spec.name == name:
            return spec
    raise KeyError(name)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def record_to_row(spec: TableSpec, record: BaseModel, info: BudgetInfo) -> list[str]:
    """One record as CSV cells, in the table's column order."""
    values = {_alias(n, i): getattr(record, n) for n, i in type(record).model_fields.items()}
    values.setdefault(CODE_COLUMN, info.municipality_code)
    values.setdefault(NAME_COLUMN, info.municipality_name)
    return [_cell(values[col]) for col in spec.columns]
