"""The canonical models: consistency by construction, and the totals."""

from __future__ import annotations

import pytest

from nerima_opendata.errors import RecordError
from nerima_opendata.model import Budget, BudgetPhase, Initiative, Project, TableName
from nerima_opendata.model.integrity import check_integrity


def test_totals(budget: Budget) -> None:
    assert budget.total == 43_201_890_000
    by_pillar = budget.totals_by_pillar()
    assert list(by_pillar) == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert sum(by_pillar.values()) == budget.total
    assert by_pillar["P1"] == 187_230_000 + 7_218_530_000 + 339_630_000 + 22_970_000 + (
        3_726_680_000 + 14_055_110_000
    )


def test_navigation(budget: Budget) -> None:
    assert [p.id for p in budget.projects_in("P6")] == ["P6-01", "P6-02"]
    assert len(list(budget.initiatives_in("P4-03"))) == 5
    assert budget.pillar("P2").title == "高齢者が住みなれた地域で暮らせるまち"
    with pytest.raises(KeyError):
        budget.project("P9-01")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"amount": -1}, "greater than or equal to 0", id="negative"),
        pytest.param({"amount": 187_230_001}, "does not match", id="printed-mismatch"),
        pytest.param({"amount_printed": "約2億円"}, "not a printed amount", id="bad-printed"),
        pytest.param({"title": ""}, "at least 1 character", id="empty-title"),
        pytest.param({"id": "P1 01"}, "should match pattern", id="bad-id"),
    ],
)
def test_project_rejects(budget: Budget, change: dict[str, object], message: str) -> None:
    data = budget.projects[0].model_dump() | change
    with pytest.raises(RecordError, match=message):
        Project.model_validate(data)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        pytest.param(
            lambda b: {"projects": (*b.projects, b.projects[0])},
            "duplicate ID",
            id="duplicate-project",
        ),
        pytest.param(
            lambda b: {
                "initiatives": (
                    *b.initiatives,
                    Initiative(id="P9-01-01", project_id="P9-01", order=1, text="x"),
                )
            },
            "not in projects",
            id="orphan-initiative",
        ),
        pytest.param(
            lambda b: {
                "initiatives": (
                    *b.initiatives[1:],
                    b.initiatives[0].model_copy(update={"tags": ("in-ward-first",)}),
                )
            },
            "not in tags",
            id="unknown-tag",
        ),
        pytest.param(lambda b: {"pillars": b.pillars[1:]}, "not in pillars", id="missing-pillar"),
    ],
)
def test_budget_is_consistent_by_construction(budget: Budget, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = {f: getattr(budget, f) for f in Budget.model_fields} | mutate(budget)
    with pytest.raises(RecordError, match=message):
        Budget(**data)


def test_check_integrity_returns_issues_without_raising(budget: Budget) -> None:
    tables = dict(budget.tables())
    tables[TableName.INITIATIVES] = [*budget.initiatives, budget.initiatives[0]]
    issues = check_integrity(tables)
    assert [(i.table, i.message) for i in issues] == [("initiatives", "duplicate ID (2 rows)")]


def test_phase_labels() -> None:
    assert [p.label_ja for p in BudgetPhase] == ["当初予算案", "当初予算", "補正予算", "決算"]
