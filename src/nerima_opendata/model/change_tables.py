"""The tables of a comparison package: one registry, :data:`CHANGE_TABLES`.

Like a budget's tables (:mod:`~nerima_opendata.model.tables`), each CSV begins with the
three columns of the 自治体標準オープンデータセット (全国地方公共団体コード, ID,
地方公共団体名); every table but the comparison's own then names the comparison its row
belongs to (比較ID). The Table Schemas are generated from the models
(:func:`~nerima_opendata.model.schema.field_descriptor`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nerima_opendata.model.base import Record
from nerima_opendata.model.change import ComparisonInfo, LineChange, NodeChange, Renaming
from nerima_opendata.model.columns import CODE_COLUMN, ID_COLUMN, NAME_COLUMN, alias
from nerima_opendata.model.schema import cell, field_descriptor

__all__ = ["CHANGE_TABLES", "COMPARISON_ID_COLUMN", "ChangeTable", "change_table"]

#: The column of every other table that names the comparison its row belongs to.
COMPARISON_ID_COLUMN = "比較ID"
_STANDARD = (CODE_COLUMN, ID_COLUMN, NAME_COLUMN)


@dataclass(frozen=True)
class ChangeTable:
    """One table of a comparison: its model, names and titles, and its references
    (field → the table whose IDs it names, within the comparison)."""

    name: str
    model: type[Record]
    title_ja: str
    title_en: str
    description_ja: str
    description_en: str
    references: tuple[tuple[str, str], ...] = ()

    @property
    def is_head(self) -> bool:
        """True for the comparison's own table (one row per comparison)."""
        return self.model is ComparisonInfo

    def filename(self, code: str) -> str:
        """The CSV file name, e.g. ``131121_comparison_node_changes.csv``."""
        return f"{code}_comparison{'' if self.is_head else '_' + self.name}.csv"

    @property
    def columns(self) -> list[str]:
        """Every CSV column: the standard ones first, then the model's."""
        first = _STANDARD if self.is_head else (*_STANDARD, COMPARISON_ID_COLUMN)
        own = [alias(self.model, n) for n in self.model.model_fields]
        return [*first, *[c for c in own if c not in first]]

    @property
    def primary_key(self) -> list[str]:
        """A row's key: its ID, within its comparison."""
        return [ID_COLUMN] if self.is_head else [COMPARISON_ID_COLUMN, ID_COLUMN]

    def _descriptor(self, column: str) -> dict[str, Any]:
        fields = {alias(self.model, n): (n, i) for n, i in self.model.model_fields.items()}
        if column in fields:
            return field_descriptor(column, *fields[column])
        if column == COMPARISON_ID_COLUMN:
            descriptor = field_descriptor(column, "id", ComparisonInfo.model_fields["id"])
            descriptor.update(
                {
                    "title": "Comparison ID",
                    "description": "この行が属する比較（比較表のID）。 The comparison this row "
                    "belongs to (an ID of the comparison table).",
                    "x-name-en": "comparison_id",
                }
            )
            return descriptor
        head = {alias(ComparisonInfo, n): n for n in ComparisonInfo.model_fields}
        name = head[column]
        descriptor = field_descriptor(column, name, ComparisonInfo.model_fields[name])
        descriptor["description"] += " 比較表の値と同じ。 Same as in the comparison table."
        return descriptor

    def table_schema(self) -> dict[str, Any]:
        """The Frictionless Table Schema, generated from the model."""
        schema: dict[str, Any] = {
            "fields": [self._descriptor(c) for c in self.columns],
            "primaryKey": self.primary_key,
            "missingValues": [""],
        }
        if not self.is_head:
            keys = [
                {
                    "fields": [COMPARISON_ID_COLUMN],
                    "reference": {"resource": "comparison", "fields": [ID_COLUMN]},
                }
            ]
            for field, table in self.references:
                keys.append(
                    {
                        "fields": [COMPARISON_ID_COLUMN, alias(self.model, field)],
                        "reference": {
                            "resource": table,
                            "fields": [COMPARISON_ID_COLUMN, ID_COLUMN],
                        },
                    }
                )
            schema["foreignKeys"] = keys
        return schema

    def row(self, record: Record, info: ComparisonInfo) -> list[str]:
        """One record as CSV cells, in column order (``info``: its comparison)."""
        values = {alias(self.model, n): getattr(record, n) for n in self.model.model_fields}
        values.setdefault(CODE_COLUMN, info.municipality_code)
        values.setdefault(NAME_COLUMN, info.municipality_name)
        values.setdefault(COMPARISON_ID_COLUMN, info.id)
        return [cell(values[c]) for c in self.columns]


CHANGE_TABLES: tuple[ChangeTable, ...] = (
    ChangeTable(
        "comparison",
        ComparisonInfo,
        "予算の比較",
        "Budget comparison",
        "比較した二つの予算と金額種別、その合計。比較ごとに1行。",
        "The two budgets and amount kinds compared, and their totals. One row per comparison.",
    ),
    ChangeTable(
        "node_changes",
        NodeChange,
        "分類別の増減",
        "Changes by classification",
        "分類（会計・歳入歳出・款・項・目…）ごとの合計の比較元・比較先・増減額・増減率。"
        "分類IDの経路で対応づけ、名称やコードの変更は推定表に分ける。",
        "The total of every node of the code list (account, direction, 款, 項, 目…) before "
        "and after, its change in yen and in percent. Nodes are matched by their path only.",
        (("parent_id", "node_changes"),),
    ),
    ChangeTable(
        "line_changes",
        LineChange,
        "明細別の増減",
        "Changes by line",
        "予算明細ごとの比較元・比較先・増減額・増減率と、新規・廃止の区分。",
        "Every line before and after, its change, and whether it is new or abolished.",
        (("classification_id", "node_changes"),),
    ),
    ChangeTable(
        "renamings",
        Renaming,
        "名称・コード変更の推定",
        "Possible renamings (inferred)",
        "コードが変わり名称が同じ分類、またはコードが同じで名称が変わった分類。推定であり、"
        "比較では対応づけていない。",
        "Nodes whose code changed under the same name, or whose name changed under the same "
        "code: inferences for a reader to confirm, never matched by the comparison.",
        (("before_id", "node_changes"), ("after_id", "node_changes")),
    ),
)


def change_table(name: str) -> ChangeTable:
    """The comparison table with this name. Raises KeyError if there is none."""
    for table in CHANGE_TABLES:
        if table.name == name:
            return table
    raise KeyError(name)
