"""Table schemas are generated from the models, and the committed ones are current."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import get_args

import pytest

import nerima_opendata
from nerima_opendata import default_package
from nerima_opendata.model import Budget, TableName
from nerima_opendata.model.integrity import RULES, Reference
from nerima_opendata.model.tables import CODE_COLUMN, NAME_COLUMN, TABLES, TableSpec, tables_for
from nerima_opendata.rdf.iris import BudgetIRIs

SRC = Path(nerima_opendata.__file__).parent

DESCRIPTOR = json.loads((default_package() / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


#: The tables of the committed (brochure) package.
BROCHURE = tables_for()


@pytest.mark.parametrize("spec", BROCHURE, ids=[t.name for t in BROCHURE])
def test_committed_schema_equals_generated(spec: TableSpec) -> None:
    assert RESOURCES[spec.name]["schema"] == spec.table_schema()


@pytest.mark.parametrize("spec", TABLES, ids=[t.name for t in TABLES])
def test_standard_columns_first_and_english_names(spec: TableSpec) -> None:
    fields = spec.table_schema()["fields"]
    assert [f["name"] for f in fields[:3]] == [CODE_COLUMN, "ID", NAME_COLUMN]
    names = [f["x-name-en"] for f in fields]
    assert len(set(names)) == len(names)
    model_names = set(spec.model.model_fields)
    assert model_names <= set(names)
    assert all(f["title"] and f["description"] for f in fields)


@pytest.mark.parametrize("spec", BROCHURE, ids=[t.name for t in BROCHURE])
def test_file_names_follow_the_convention(spec: TableSpec) -> None:
    assert spec.filename("131202").startswith("131202_budget")
    assert RESOURCES[spec.name]["path"] == spec.filename("131202")


def test_amount_is_a_non_negative_integer() -> None:
    projects = {f["name"]: f for f in TABLES[2].table_schema()["fields"]}
    assert TABLES[2].name == TableName.PROJECTS
    amount = projects["予算額"]
    assert amount["type"] == "integer"
    assert amount["constraints"] == {"minimum": 0, "required": True}


def test_foreign_keys_are_scoped_by_budget() -> None:
    fks = {str(t.name): t.table_schema().get("foreignKeys") for t in TABLES}
    assert fks["budget"] is None
    assert fks["projects"] == [
        {"fields": ["予算ID"], "reference": {"resource": "budget", "fields": ["ID"]}},
        {
            "fields": ["予算ID", "施策の柱ID"],
            "reference": {"resource": "pillars", "fields": ["予算ID", "ID"]},
        },
    ]
    initiatives = fks["initiatives"]
    assert initiatives is not None
    assert [fk["reference"]["resource"] for fk in initiatives] == ["budget", "projects"]


@pytest.mark.parametrize("spec", TABLES, ids=[t.name for t in TABLES])
def test_primary_key_is_the_id_within_its_budget(spec: TableSpec) -> None:
    expected = ["ID"] if spec.is_budget else ["予算ID", "ID"]
    assert spec.table_schema()["primaryKey"] == expected


# --- the registry: one entry per table, and everything iterates it -----------------------


def test_the_registry_has_one_spec_per_table_name() -> None:
    assert [spec.name for spec in TABLES] == list(TableName)


@pytest.mark.parametrize("spec", TABLES, ids=[t.name for t in TABLES])
def test_each_spec_names_the_budget_field_of_its_model(spec: TableSpec) -> None:
    field = Budget.model_fields[spec.budget_field]
    inner = get_args(field.annotation)[0] if get_args(field.annotation) else field.annotation
    assert inner is spec.model


def test_every_budget_table_field_is_in_the_registry() -> None:
    assert set(Budget.model_fields) == {spec.budget_field for spec in TABLES}


@pytest.mark.parametrize("spec", BROCHURE, ids=[t.name for t in BROCHURE])
def test_every_table_is_written_validated_and_checked(budget: Budget, spec: TableSpec) -> None:
    assert spec.filename("131202") in {r["path"] for r in DESCRIPTOR["resources"]}
    assert budget.rows(spec) == tuple(budget.tables()[spec.name])
    if not spec.is_budget:
        assert any(getattr(rule, "table", None) == spec.name for rule in RULES)
        assert (
            BudgetIRIs.for_budget(budget.info)
            .record(spec.name, "X")
            .endswith(f"/{spec.iri_kind}/X")
        )


def test_foreign_keys_are_integrity_rules() -> None:
    references = {(r.table, r.field, r.target) for r in RULES if isinstance(r, Reference)}
    declared = {(s.name, fk.field, fk.table) for s in TABLES for fk in s.foreign_keys}
    assert references == declared


# --- column names come from the models' aliases, never retyped -------------------------

_DECLARING = {
    "model/base.py",
    "model/book.py",
    "model/info.py",
    "model/records.py",
    "model/tables.py",
}
_ALIASES = {
    info.alias for spec in TABLES for info in spec.model.model_fields.values() if info.alias
} - {"ID"}


def _literals(path: Path) -> set[str]:
    """The module's string literals, but the pieces of f-strings (text around values)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pieces = {
        id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in pieces
    }


@pytest.mark.parametrize(
    "path",
    sorted(p for p in SRC.rglob("*.py") if p.relative_to(SRC).as_posix() not in _DECLARING),
    ids=lambda p: p.relative_to(SRC).as_posix(),
)
def test_no_module_retypes_a_column_name(path: Path) -> None:
    assert _literals(path) & _ALIASES == set()
