"""Validation of packages: the canonical one is valid; each broken copy gives its error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nerima_opendata import default_package, validate
from nerima_opendata.checks.report import ReportError
from nerima_opendata.cli.main import main

from .conftest import INVALID_CASES, load_case, make_case, rehash


def test_canonical_package_is_valid() -> None:
    report = validate(default_package())
    assert report.valid, report.render()
    assert report.checks == ["descriptor", "frictionless", "records", "integrity"]


def test_at_least_fifteen_distinct_bad_inputs() -> None:
    assert len(INVALID_CASES) >= 15


#: What each case's ``[expect]`` must account for: a value (``row = 2``), a pattern
#: (``found_re = "..."``, matched in full) or ``absent = [...]`` when it must be None.
_DETAILS = ("row", "field", "found", "expected")

#: Types whose error has a field but, by nature, nothing found (a missing column or cell).
_NOTHING_FOUND = frozenset({"missing-label", "missing-cell"})


def _matches(error: ReportError, want: dict[str, Any]) -> bool:
    """Whether an error is the one a case's ``[expect]`` describes."""
    if (error.type, error.file) != (want["type"], want["file"]):
        return False
    if want.get("message", "") not in error.message + (error.expected or ""):
        return False
    for key in _DETAILS:
        value = getattr(error, key)
        if key in want.get("absent", ()) and value is not None:
            return False
        if key in want and value != want[key]:
            return False
        pattern = want.get(f"{key}_re")
        if pattern is not None and not (value is not None and re.fullmatch(pattern, value)):
            return False
    return True


def _complete(error: ReportError) -> bool:
    """An error with a field also names its file, its row (in a CSV), found and expected."""
    if error.field is None:
        return True
    return (
        error.file is not None
        and (error.row is not None or not error.file.endswith(".csv"))
        and (error.found is not None or error.type in _NOTHING_FOUND)
        and error.expected is not None
    )


def test_every_case_says_what_it_expects() -> None:
    for name in INVALID_CASES:
        want = load_case(name)["expect"]
        for key in _DETAILS:
            said = [k for k in (key, f"{key}_re") if k in want] + [
                key for _ in [0] if key in want.get("absent", ())
            ]
            assert len(said) == 1, f"{name}: say exactly once what {key} should be"


@pytest.mark.parametrize("name", INVALID_CASES, ids=INVALID_CASES)
def test_invalid_case_reports_its_error(name: str, package_copy: Path) -> None:
    case = load_case(name)
    make_case(package_copy, case)
    report = validate(package_copy)
    assert not report.valid
    want = case["expect"]
    matches = [e for e in report.errors if _matches(e, want)]
    assert matches, report.render()
    assert all(
        e.found is not None or e.expected is not None or e.type == "source-error" for e in matches
    )
    incomplete = [e.render() for e in report.errors if not _complete(e)]
    assert not incomplete, "\n".join(incomplete)


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
    assert "first-in-ward" in result.output


def test_validate_accepts_descriptor_path(tmp_path: Path) -> None:
    shutil.copytree(default_package(), tmp_path / "p")
    assert validate(tmp_path / "p" / "datapackage.json").valid
