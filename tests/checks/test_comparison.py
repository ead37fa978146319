"""checks.comparison: a comparison's publication is validated like a budget's package.

A comparison written by the library is valid; each broken copy (one deliberate edit, the
descriptor's sizes and hashes brought up to date) gives the error it must, naming the
file, row, field, what was found and what was expected.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from nerima_opendata.checks.validation import validate
from nerima_opendata.files.background import PROCESSES_ENV
from nerima_opendata.publication.compare_build import write_comparison
from tests.conftest import rehash
from tests.model.test_compare import _small

NODES = "132241_comparison_node_changes.csv"
LINES = "132241_comparison_line_changes.csv"
HEAD = "132241_comparison.csv"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("comparison") / "out"
    write_comparison(_small(), out)
    return out


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row 1 is the header)."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)


def _drop_row(path: Path, row: int) -> None:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    del rows[row - 1]
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(rows)


def _line_alone(directory: Path) -> None:
    """A line's amount after, change and rate changed together: the line is consistent,
    its node is not."""
    for column, value in (("金額_後", "131"), ("増減額", "31"), ("増減率", "31.00")):
        _edit(directory / LINES, 2, column, value)


def _schema(directory: Path) -> None:
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fields"][4]["type"] = "integer"
    (directory / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False))


#: Broken copy → (its edit, the error's type, file, row, field).
CASES: dict[str, tuple[Callable[[Path], None], str, str, int | None, str | None]] = {
    "change-not-after-minus-before": (
        lambda d: _edit(d / NODES, 3, "増減額", "31"),
        "constraint-error",
        NODES,
        3,
        "増減額",
    ),
    "status-not-from-the-amounts": (
        lambda d: _edit(d / LINES, 2, "区分", "decreased"),
        "constraint-error",
        LINES,
        2,
        "区分",
    ),
    "a-line-changed-alone": (_line_alone, "integrity-error", NODES, None, "増減額"),
    "parent-missing": (lambda d: _drop_row(d / NODES, 2), "integrity-error", NODES, None, "上位ID"),
    "another-municipality-code": (
        lambda d: _edit(d / NODES, 4, "全国地方公共団体コード", "131121"),
        "integrity-error",
        NODES,
        4,
        "全国地方公共団体コード",
    ),
    "totals-not-the-accounts": (
        lambda d: _edit(d / HEAD, 2, "比較先合計", "1"),
        "integrity-error",
        HEAD,
        2,
        "比較元合計",
    ),
    "schema-not-generated": (
        _schema,
        "schema-error",
        "datapackage.json",
        None,
        "resources[node_changes].schema",
    ),
}


def test_a_written_comparison_is_valid(written: Path) -> None:
    report = validate(written)
    assert report.valid, report.render()
    assert report.checks[:4] == ["descriptor", "frictionless", "records", "integrity"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_comparison_names_its_error(written: Path, tmp_path: Path, name: str) -> None:
    edit, kind, file, row, field = CASES[name]
    copy = tmp_path / name
    shutil.copytree(written, copy)
    edit(copy)
    if kind != "schema-error":
        rehash(copy)
    report = validate(copy)
    assert not report.valid
    found = [(e.kind.code, e.file, e.field) for e in report.errors]
    assert (kind, file, field) in found, report.render()
    error = next(e for e in report.errors if (e.kind.code, e.file, e.field) == (kind, file, field))
    assert row is None or error.row == row
    assert error.expected


def test_the_cli_exit_code_says_invalid(
    written: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from nerima_opendata.cli import main

    monkeypatch.setenv(PROCESSES_ENV, "1")
    copy = tmp_path / "bad"
    shutil.copytree(written, copy)
    _edit(copy / NODES, 3, "増減額", "31")
    rehash(copy)
    result = CliRunner().invoke(main, ["validate", str(copy)])
    assert result.exit_code == 1
    assert NODES in result.output


@pytest.mark.parametrize("column", ["全国地方公共団体コード", "地方公共団体名"])
def test_an_empty_standard_column_is_reported_once(
    written: Path, tmp_path: Path, column: str
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(written, copy)
    _edit(copy / NODES, 3, column, "")
    rehash(copy)
    report = validate(copy)
    found = [e for e in report.errors if (e.file, e.row, e.field) == (NODES, 3, column)]
    assert [e.kind.code for e in found] == ["constraint-error"], report.render()
