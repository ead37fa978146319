"""Validation of packages: the canonical one is valid; each broken copy gives its error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata import default_package, validate
from nerima_opendata.cli import main

from .conftest import INVALID_CASES, load_case, make_case, rehash


def test_canonical_package_is_valid() -> None:
    report = validate(default_package())
    assert report.valid, report.render()
    assert report.checks == ["descriptor", "frictionless", "records", "integrity"]


def test_at_least_fifteen_distinct_bad_inputs() -> None:
    assert len(INVALID_CASES) >= 15


@pytest.mark.parametrize("name", INVALID_CASES, ids=INVALID_CASES)
def test_invalid_case_reports_its_error(name: str, package_copy: Path) -> None:
    case = load_case(name)
    make_case(package_copy, case)
    report = validate(package_copy)
    assert not report.valid
    want = case["expect"]
    matches = [
        e
        for e in report.errors
        if e.type == want["type"]
        and e.file == want["file"]
        and e.row == want.get("row", e.row)
        and e.field == want.get("field", e.field)
        and want.get("message", "") in e.message + (e.expected or "")
    ]
    assert matches, report.render()
    assert all(
        e.found is not None
        or e.expected is not None
        or e.type == "hash-count"
        or e.type == "source-error"
        for e in matches
    )


@pytest.mark.parametrize("name", INVALID_CASES, ids=INVALID_CASES)
def test_build_from_invalid_package_writes_nothing(
    name: str, package_copy: Path, tmp_path: Path
) -> None:
    make_case(package_copy, load_case(name))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--from", str(package_copy), str(out)])
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert "Traceback" not in result.output


def test_bom_free_lf_files_are_accepted(package_copy: Path) -> None:
    for csv_file in package_copy.glob("*.csv"):
        text = csv_file.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        csv_file.write_bytes(text.encode("utf-8"))
    rehash(package_copy)
    report = validate(package_copy)
    assert report.valid, report.render()


def test_report_flatten_names_file_row_field(package_copy: Path) -> None:
    make_case(package_copy, load_case("negative-amount"))
    rows = validate(package_copy).flatten(["file", "row", "field", "type"])
    assert ["131202_budget_projects.csv", 2, "予算額", "constraint-error"] in rows


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param([], 0, id="shipped-package-valid"),
        pytest.param(["{broken}"], 1, id="broken-package-invalid"),
        pytest.param(["/nonexistent/dir"], 2, id="missing-dir-usage-error"),
        pytest.param(["{empty}"], 2, id="dir-without-descriptor"),
    ],
)
def test_validate_exit_codes(
    args: list[str], code: int, package_copy: Path, tmp_path: Path
) -> None:
    make_case(package_copy, load_case("negative-amount"))
    (tmp_path / "empty").mkdir()
    argv = [a.format(broken=package_copy, empty=tmp_path / "empty") for a in args]
    result = CliRunner().invoke(main, ["validate", *argv])
    assert result.exit_code == code, result.output


def test_validate_json_format(package_copy: Path) -> None:
    make_case(package_copy, load_case("unknown-tag"))
    result = CliRunner().invoke(main, ["validate", str(package_copy), "--format", "json"])
    assert result.exit_code == 1
    assert '"valid": false' in result.output
    assert "区内初" in result.output


def test_validate_accepts_descriptor_path(tmp_path: Path) -> None:
    shutil.copytree(default_package(), tmp_path / "p")
    assert validate(tmp_path / "p" / "datapackage.json").valid
