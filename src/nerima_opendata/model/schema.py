"""Frictionless Table Schemas and CSV rows, generated from the models and the registry.

Nothing here is typed twice: field names, titles, descriptions, types and constraints come
from the pydantic fields (:mod:`nerima_opendata.model.records`), keys come from
:data:`~nerima_opendata.model.tables.TABLES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, get_origin

from pydantic.fields import FieldInfo

from nerima_opendata.model.annotations import field_type
from nerima_opendata.model.base import BOOLEAN_TEXTS, Record
from nerima_opendata.model.columns import BUDGET_ID_COLUMN, CODE_COLUMN, NAME_COLUMN, alias
from nerima_opendata.model.info import BudgetInfo
from nerima_opendata.model.records import LIST_SEPARATOR

__all__ = ["cell", "english_name", "field_descriptor", "table_schema"]

#: The standard columns each repeat a field of the budget table: (field, note).
_STANDARD = {
    CODE_COLUMN: ("municipality_code", "予算表の値と同じ。 Same as in the budget table.", None),
    NAME_COLUMN: ("municipality_name", "予算表の値と同じ。 Same as in the budget table.", None),
    BUDGET_ID_COLUMN: (
        "id",
        "この行が属する予算（予算表のID）。 The budget this row belongs to (an ID of the "
        "budget table).",
        "budget_id",
    ),
}

_CONSTRAINT_ATTRS = (
    ("ge", "minimum"),
    ("le", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("pattern", "pattern"),
)


def _type(descriptor: dict[str, Any], inner: Any, constraints: dict[str, Any]) -> None:
    if inner is bool:
        descriptor["type"] = "boolean"
        descriptor["trueValues"] = [BOOLEAN_TEXTS[0]]
        descriptor["falseValues"] = [BOOLEAN_TEXTS[1]]
    elif inner is int:
        descriptor["type"] = "integer"
        descriptor["bareNumber"] = False
    elif inner is Decimal:
        descriptor["type"] = "number"
        descriptor["bareNumber"] = False
    elif inner is date:
        descriptor["type"] = "date"  # ISO 8601 YYYY-MM-DD, the Table Schema default
    elif isinstance(inner, type) and issubclass(inner, Enum):
        descriptor["type"] = "string"
        constraints["enum"] = [member.value for member in inner]
    elif get_origin(inner) is tuple:
        descriptor["type"] = "string"
        descriptor["x-list-separator"] = LIST_SEPARATOR
    else:
        descriptor["type"] = "string"


def field_descriptor(column: str, name: str, info: FieldInfo) -> dict[str, Any]:
    """The Table Schema field descriptor of one model field.

    A column is required unless its value may be absent (an optional field) or an empty
    list; fields the API derives when they are not given (the budget ID, the labels, the
    currency) are still always written, so they are required in a table.

    Args:
        column: The Japanese column name.
        name: The English (Python) field name.
        info: The pydantic field info.

    Returns:
        A Table Schema field descriptor with ``name``, ``title``, ``description``,
        ``type``, ``constraints`` and the English name as ``x-name-en``.
    """
    typed = field_type(info.annotation)
    inner = typed.inner
    descriptor: dict[str, Any] = {
        "name": column,
        "title": info.title,
        "description": info.description,
        "x-name-en": name,
    }
    constraints: dict[str, Any] = {}
    _type(descriptor, inner, constraints)
    if not typed.optional and get_origin(inner) is not tuple:
        constraints["required"] = True
    # Constraints come from Field(...) and from Annotated types (NonEmpty, LineRange).
    for meta in [*info.metadata, *typed.metadata]:
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


def english_name(model: type[Record], column: str) -> str:
    """The English name of a column of a model's table (``予算額`` → ``amount``)."""
    for name in model.model_fields:
        if alias(model, name) == column:
            return name
    name, _, name_en = _STANDARD[column]
    return name_en or name


def _standard_descriptor(column: str) -> dict[str, Any]:
    name, note, name_en = _STANDARD[column]
    descriptor = field_descriptor(column, name, BudgetInfo.model_fields[name])
    descriptor["x-name-en"] = name_en or name
    if name_en:
        descriptor["title"] = "Budget ID"
        descriptor["description"] = note
    else:
        descriptor["description"] += " " + note
    return descriptor


def table_schema(
    model: type[Record],
    columns: Sequence[str],
    primary_key: list[str],
    foreign_keys: list[dict[str, Any]],
) -> dict[str, Any]:
    """The Frictionless Table Schema of a table of ``model`` with these columns and keys."""
    infos = {alias(model, n): (n, i) for n, i in model.model_fields.items()}
    fields = [
        field_descriptor(col, *infos[col]) if col in infos else _standard_descriptor(col)
        for col in columns
    ]
    schema: dict[str, Any] = {"fields": fields, "primaryKey": primary_key, "missingValues": [""]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def cell(value: object) -> str:
    """One value as a CSV cell: empty for None, enum values, lists joined by ';', a
    boolean as :data:`~nerima_opendata.model.base.BOOLEAN_TEXTS` says."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return BOOLEAN_TEXTS[0] if value else BOOLEAN_TEXTS[1]
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)
