"""Table schemas are generated from the models, and the committed ones are current."""

from __future__ import annotations

import json

import pytest

from nerima_opendata import default_package
from nerima_opendata.model.tables import CODE_COLUMN, NAME_COLUMN, TABLES, TableSpec

DESCRIPTOR = json.loads((default_package() / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}


@pytest.mark.parametrize("spec", TABLES, ids=[t.name for t in TABLES])
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


@pytest.mark.parametrize("spec", TABLES, ids=[t.name for t in TABLES])
def test_file_names_follow_the_convention(spec: TableSpec) -> None:
    assert spec.filename("131202").startswith("131202_budget")
    assert RESOURCES[spec.name]["path"] == spec.filename("131202")


def test_amount_is_a_non_negative_integer() -> None:
    projects = {f["name"]: f for f in TABLES[2].table_schema()["fields"]}
    amount = projects["予算額"]
    assert amount["type"] == "integer"
    assert amount["constraints"] == {"minimum": 0, "required": True}


def test_foreign_keys() -> None:
    fks = {t.name: t.table_schema().get("foreignKeys") for t in TABLES}
    assert fks["projects"] == [
        {"fields": ["施策の柱ID"], "reference": {"resource": "pillars", "fields": ["ID"]}}
    ]
    initiatives = fks["initiatives"]
    assert initiatives is not None
    assert initiatives[0]["reference"]["resource"] == "projects"
