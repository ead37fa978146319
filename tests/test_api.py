"""The Python API a developer meets first: paths, errors, derived fields, rows, results."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import nerima_opendata as nod
from nerima_opendata.model import Budget, BudgetInfo, BudgetPhase, Pillar


class _PathLike(os.PathLike[str]):
    """A path-like object that is neither str nor Path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


def _minimal_info(**extra: Any) -> BudgetInfo:
    fields: dict[str, Any] = {
        "municipality_code": "131202",
        "municipality_name": "練馬区",
        "fiscal_year": 2025,
        "phase": "approved",
        "title": "予算",
        "department": "財政課",
        "telephone": "03-5984-2465",
        "deliberating_body": "練馬区議会",
        "deliberation_session": "第一回定例会",
        "source_title": "資料",
    }
    return BudgetInfo(**(fields | extra))


@pytest.mark.parametrize("kind", ["str", "path", "pathlike"], ids=str)
def test_every_path_argument_takes_str_and_pathlike(
    budget: Budget, tmp_path: Path, kind: str
) -> None:
    def as_kind(path: Path) -> Any:
        return {"str": str(path), "path": path, "pathlike": _PathLike(path)}[kind]

    out = tmp_path / "out"
    result = nod.build(budget, as_kind(out))
    assert result.out == out and (out / "index.html").is_file()
    assert nod.write_package(budget, as_kind(tmp_path / "pkg")).budget == budget
    assert nod.load_budget(as_kind(tmp_path / "pkg")) == budget
    assert nod.validate(as_kind(tmp_path / "pkg")).valid
    assert (
        nod.build_publication(as_kind(tmp_path / "pub"), as_kind(tmp_path / "pkg")).budget == budget
    )
    assert len(list(nod.iter_rows(as_kind(tmp_path / "pkg"), "pillars"))) == 6


@pytest.mark.parametrize(
    ("writer", "args"),
    [("build", ()), ("write_package", ())],
)
def test_an_inconsistent_copy_is_refused_before_anything_is_written(
    budget: Budget, tmp_path: Path, writer: str, args: tuple[object, ...]
) -> None:
    broken = budget.model_copy(update={"projects": (*budget.projects, budget.projects[0])})
    out = tmp_path / "out"
    with pytest.raises(nod.RecordError, match="duplicate ID"):
        getattr(nod, writer)(broken, out, *args)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"id": "P 1", "order": 1, "title": "x"}, "id", "should match pattern"),
        ({"id": "P1", "order": 0, "title": "x"}, "order", "greater than or equal to 1"),
        ({"id": "P1", "order": 1}, "title", "Field required"),
        ({"ID": "P1", "順序": 1}, "名称", "Field required"),
    ],
    ids=["pattern", "minimum", "missing-english", "missing-japanese"],
)
def test_model_errors_are_the_librarys_own_and_name_fields_as_given(
    kwargs: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(nod.RecordError) as caught:
        Pillar(**kwargs)
    assert isinstance(caught.value, nod.InputError)
    assert caught.value.problems[0][0] == field
    assert message in str(caught.value)
    assert f"Pillar.{field}" in str(caught.value)


def test_derived_fields_are_optional() -> None:
    info = _minimal_info()
    assert (info.id, info.fiscal_year_label, info.phase_label, info.currency) == (
        "2025-approved",
        "令和7年度",
        "当初予算",
        "JPY",
    )
    assert _minimal_info(id="2025-approved-2").id == "2025-approved-2"
    budget = Budget(info=info)  # every table may be empty
    assert (budget.pillars, budget.projects, budget.total) == ((), (), 0)


def test_a_given_label_must_still_agree() -> None:
    with pytest.raises(nod.RecordError, match="does not match"):
        _minimal_info(fiscal_year_label="令和6年度")


def test_tags_are_referenced_by_id(budget: Budget) -> None:
    tagged = [i for i in budget.initiatives if i.tags]
    assert {t for i in tagged for t in i.tags} <= {t.id for t in budget.tags}
    assert budget.tag_counts()["new"] == sum("new" in i.tags for i in budget.initiatives)
    assert budget.tag("first-in-japan").label == "全国初"


@pytest.mark.parametrize("helper", ["projects_in", "initiatives_in"], ids=str)
def test_collection_helpers_return_sequences(budget: Budget, helper: str) -> None:
    arg = "P1" if helper == "projects_in" else "P1-01"
    result = getattr(budget, helper)(arg)
    assert isinstance(result, tuple) and len(result) > 0
    assert result[0] == next(iter(result))


def test_named_results(tmp_path: Path) -> None:
    from tests.readers.test_brochure import SOURCE

    ingested = nod.ingest(SOURCE, tmp_path / "pkg")
    assert isinstance(ingested, nod.IngestResult)
    assert ingested.written is not None and ingested.written.out == tmp_path / "pkg"
    built = nod.build_publication(tmp_path / "out", tmp_path / "pkg")
    assert built.budget == ingested.budget and built.total_bytes > 0


@pytest.mark.parametrize("names", ["ja", "en"])
def test_rows_round_trip_byte_for_byte(tmp_path: Path, names: str) -> None:
    from nerima_opendata.model.tables import tables_for

    package = nod.default_package()
    for spec in tables_for():
        rows = list(nod.iter_rows(package, spec.name, names=names))  # type: ignore[arg-type]
        target = tmp_path / spec.filename("131202")
        assert nod.write_rows(target, spec.name, rows) == len(rows)
        assert target.read_bytes() == (package / spec.filename("131202")).read_bytes()


def test_rows_are_typed(budget: Budget) -> None:
    rows = list(nod.iter_rows(nod.default_package(), "projects", names="en"))
    assert [r["amount"] for r in rows] == [p.amount for p in budget.projects]
    assert rows[0]["budget_id"] == "2024-proposed"
    initiatives = list(nod.iter_rows(nod.default_package(), "initiatives"))
    assert initiatives[0]["タグ"] == ("new",)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"amount": "x"}, "Project.amount: Input should be a valid integer"),
        ({"budget_id": ""}, "standard column is empty"),
        ({"colour": "red"}, "unknown column"),
    ],
    ids=["bad-value", "no-budget-id", "unknown-column"],
)
def test_write_rows_refuses_a_bad_row_and_writes_nothing(
    tmp_path: Path, row: dict[str, Any], message: str
) -> None:
    rows = list(nod.iter_rows(nod.default_package(), "projects", names="en"))
    target = tmp_path / "projects.csv"
    with pytest.raises(nod.InputError, match=message):
        nod.write_rows(target, "projects", [rows[0] | row, *rows[1:]])
    assert not target.exists()


def test_public_serializers(budget: Budget, tmp_path: Path) -> None:
    graph = nod.to_graph(budget)
    assert len(graph) > 1000
    built = nod.build(budget, tmp_path / "out")
    jsonld = next(p for p in built.out.iterdir() if p.suffix == ".jsonld")
    assert nod.to_jsonld(budget) == jsonld.read_text(encoding="utf-8")
    dcat = nod.to_dcat(budget, [])
    assert len(dcat) > 10


def _next_year(budget: Budget) -> Budget:
    info = budget.info.model_dump() | {
        "fiscal_year": 2025,
        "phase": BudgetPhase.APPROVED,
        "id": None,
        "fiscal_year_label": None,
        "phase_label": None,
    }
    notes = tuple(
        n.model_copy(update={"target_id": "2025-approved"}) if n.target_table == "budget" else n
        for n in budget.editorial_notes
    )
    return budget.model_copy(update={"info": BudgetInfo(**info), "editorial_notes": notes})


def test_a_package_holds_several_budgets(budget: Budget, tmp_path: Path) -> None:
    other = _next_year(budget)
    nod.write_package([budget, other], tmp_path / "pkg")
    report = nod.validate(tmp_path / "pkg")
    assert report.valid, report.render()
    loaded = nod.load_budgets(tmp_path / "pkg")
    assert [b.info.id for b in loaded] == ["2024-proposed", "2025-approved"]
    assert loaded[1].projects == budget.projects
    with pytest.raises(nod.InputError, match="several budgets"):
        nod.load_budget(tmp_path / "pkg")
    assert nod.load_budget(tmp_path / "pkg", budget_id="2025-approved").info.fiscal_year == 2025
    built = nod.build_publication(tmp_path / "out", tmp_path / "pkg", budget_id="2025-approved")
    assert built.budget.info.id == "2025-approved"
    rows = list(nod.iter_rows(tmp_path / "pkg", "projects", names="en"))
    assert len(rows) == 2 * len(budget.projects)


@pytest.mark.parametrize(
    ("second", "message"),
    [
        (lambda b: b, "share an ID"),
        (
            lambda b: b.model_copy(
                update={"info": b.info.model_copy(update={"municipality_code": "131016"})}
            ),
            "one municipality",
        ),
    ],
    ids=["same-id", "two-municipalities"],
)
def test_a_package_of_several_budgets_is_coherent(
    budget: Budget, tmp_path: Path, second: Any, message: str
) -> None:
    with pytest.raises(nod.InputError, match=message):
        nod.write_package([budget, second(budget)], tmp_path / "pkg")
    assert not (tmp_path / "pkg").exists()


def _public_functions() -> list[tuple[str, Any]]:
    import importlib
    import inspect
    import pkgutil

    found = []
    for info in pkgutil.walk_packages(nod.__path__, "nerima_opendata."):
        if info.name.endswith("__main__") or "._" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name, None)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found.append((f"{info.name}.{name}", obj))
            elif inspect.isclass(obj) and obj.__module__ == module.__name__:
                found += [
                    (f"{info.name}.{name}.{k}", getattr(v, "__func__", v))
                    for k, v in vars(obj).items()
                    if not k.startswith("_") and inspect.isfunction(getattr(v, "__func__", v))
                ]
    return found


_FUNCTIONS = _public_functions()


@pytest.mark.parametrize(("name", "function"), _FUNCTIONS, ids=[name for name, _ in _FUNCTIONS])
def test_no_public_function_takes_only_a_path_object(name: str, function: Any) -> None:
    import inspect

    for parameter in inspect.signature(function).parameters.values():
        annotation = str(parameter.annotation)
        if "Path" in annotation:
            assert "StrPath" in annotation or "PathLike" in annotation, (
                f"{name}({parameter.name}: {annotation}) should take StrPath"
            )


@pytest.mark.parametrize(
    ("names", "field"), [("en", "Project.amount"), ("ja", "Project.予算額")], ids=str
)
def test_write_rows_names_fields_as_the_rows_do(tmp_path: Path, names: str, field: str) -> None:
    rows = list(nod.iter_rows(nod.default_package(), "projects", names=names))  # type: ignore[arg-type]
    key = "amount" if names == "en" else "予算額"
    with pytest.raises(nod.RecordError) as caught:
        nod.write_rows(tmp_path / "p.csv", "projects", [*rows[:2], rows[2] | {key: -5}])
    assert caught.value.line == 4 and field in str(caught.value)
    assert "row" not in caught.value.message  # the line is given once, as path:line


@pytest.mark.parametrize(
    ("budget_id", "valid"),
    [
        ("2025-approved", True),
        ("2025-approved-2", True),
        ("2025-approved-general", True),
        ("2025-approved-2-kokuho", True),
        ("2025-approved-a-b-c", False),
        ("2025-approved-General", False),
        ("2024-approved", False),
    ],
)
def test_a_budget_id_may_name_a_number_or_an_account(budget_id: str, valid: bool) -> None:
    if valid:
        assert _minimal_info(id=budget_id).id == budget_id
    else:
        with pytest.raises(nod.RecordError):
            _minimal_info(id=budget_id)


def test_a_package_holds_the_budgets_of_several_accounts(tmp_path: Path) -> None:
    general = Budget(info=_minimal_info(id="2025-approved-general", title="一般会計"))
    kokuho = Budget(info=_minimal_info(id="2025-approved-kokuho", title="国民健康保険事業会計"))
    nod.write_package([general, kokuho], tmp_path / "pkg")
    loaded = nod.load_budgets(tmp_path / "pkg")
    assert [b.info.title for b in loaded] == ["一般会計", "国民健康保険事業会計"]


@pytest.mark.parametrize(
    ("phase", "keyword", "absent"),
    [
        ("proposed", "予算案", "決算"),
        ("approved", "当初予算", "予算案"),
        ("executed", "決算", "予算案"),
    ],
)
def test_catalog_keywords_come_from_the_phase(
    tmp_path: Path, phase: str, keyword: str, absent: str
) -> None:
    import json

    nod.write_package(Budget(info=_minimal_info(phase=phase)), tmp_path / "pkg")
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert keyword in descriptor["keywords"] and absent not in descriptor["keywords"]
