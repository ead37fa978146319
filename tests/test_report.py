"""Reports: errors as data, rendered with their context."""

from __future__ import annotations

import json
from pathlib import Path

from nerima_opendata import Report, ReportError
from nerima_opendata.checks.catalogue import ErrorTypes


def test_render_names_everything() -> None:
    error = ReportError(
        ErrorTypes.TYPE,
        "not an integer",
        file="a.csv",
        row=3,
        field="予算額",
        found="abc",
        expected="an integer",
    )
    assert error.render() == (
        "a.csv, row 3, field 予算額: not an integer; found 'abc'; expected an integer [type-error]"
    )


def test_report_views() -> None:
    report = Report(path=Path("pkg"), checks=["descriptor"])
    assert report.valid
    report.add(ReportError(ErrorTypes.SOURCE, "the file is empty", file="b.csv"))
    assert not report.valid
    assert report.flatten(["file", "type"]) == [["b.csv", "source-error"]]
    assert json.loads(report.to_json())["errors"][0]["file"] == "b.csv"
    assert report.render().splitlines()[0] == "INVALID: pkg"


def test_json_error_is_the_code_then_the_context() -> None:
    error = ReportError(ErrorTypes.SCHEMA, "differs", file="datapackage.json", field="x")
    assert error.type == "schema-error" and error.kind is ErrorTypes.SCHEMA
    assert error.to_dict() == {
        "type": "schema-error",
        "message": "differs",
        "file": "datapackage.json",
        "row": None,
        "field": "x",
        "found": None,
        "expected": None,
    }
    assert list(error.to_dict()) == ["type", "message", "file", "row", "field", "found", "expected"]
