"""Warnings a publisher needs (issue 14, point 5): formula-like text, invisible characters.

Each case edits one text cell of the canonical package: the report stays valid, lists the
warning with file, row and field, and its text and JSON forms escape what a terminal
would not show as itself.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nerima_opendata import validate
from nerima_opendata.checks import text_warnings
from nerima_opendata.checks.catalogue import ERROR_TYPES, WARNING_TYPES
from nerima_opendata.checks.report import ReportError, excerpt
from nerima_opendata.checks.text_warnings import cell_warnings
from nerima_opendata.checks.validation import inspect
from nerima_opendata.cli.main import main
from nerima_opendata.model import DocumentKind
from nerima_opendata.model.tables import tables_for

from .conftest import apply_edit

FORMULA, INVISIBLE = "formula-text", "invisible-character"

#: (cell value, the warning types it gives).
CELLS = [
    pytest.param('=HYPERLINK("http://evil.example/")', [FORMULA], id="equals"),
    pytest.param("+cmd|' /C calc'!A0", [FORMULA], id="plus"),
    pytest.param("-2+3+cmd|' /C calc'!A0", [FORMULA], id="minus-formula"),
    pytest.param("@SUM(1+1)", [FORMULA], id="at"),
    pytest.param("\t=1+1", [FORMULA], id="tab"),
    pytest.param("\r=1+1", [FORMULA], id="carriage-return"),
    pytest.param("予算\u202eevil", [INVISIBLE], id="RLO"),
    pytest.param("ゼロ\u200b幅", [INVISIBLE], id="ZWSP"),
    pytest.param("\u2066isolate\u2069", [INVISIBLE], id="LRI-PDI"),
    pytest.param("=\u202e1", [FORMULA, INVISIBLE], id="both"),
]

#: Text that gives no warning.
QUIET = [
    pytest.param("-1,234", id="negative-number"),
    pytest.param("+12.5", id="signed-decimal"),
    pytest.param("a=b", id="equals-inside"),
    pytest.param("全角\u3000スペース", id="ideographic-space"),
    pytest.param("1-2-3", id="hyphen-inside"),
]

#: Text cells of the canonical package: (file, row, column).
WHERE = [
    ("131202_budget_pillars.csv", 2, "名称"),
    ("131202_budget_projects.csv", 4, "事業名"),
    ("131202_budget_glossary.csv", 2, "説明"),
]


@pytest.mark.parametrize(("value", "kinds"), CELLS)
@pytest.mark.parametrize(("file", "row", "column"), WHERE)
def test_text_cell_warns(
    package_copy: Path, value: str, kinds: list[str], file: str, row: int, column: str
) -> None:
    apply_edit(package_copy, {"file": file, "row": row, "column": column, "value": value})
    before = sorted(p.name for p in package_copy.iterdir())
    report = validate(package_copy)
    assert report.valid, report.render()
    assert [(w.type, w.file, w.row, w.field) for w in report.warnings] == [
        (kind, file, row, column) for kind in kinds
    ]
    text = report.render()
    assert text.startswith("VALID") and f"{len(kinds)} warning(s)" in text
    assert not any(c in text for c in "\u202e\u200b\u2066\r")  # escaped for the terminal
    data = json.loads(report.to_json())
    assert data["valid"] is True and [w["type"] for w in data["warnings"]] == kinds
    # what a report repeats from a file is a short escaped excerpt (issue #14, point 2)
    assert data["warnings"][0]["found"] == excerpt(value[:40])
    assert not any(c in report.to_json() for c in "\u202e\u200b\u2066")
    assert sorted(p.name for p in package_copy.iterdir()) == before  # nothing written


@pytest.mark.parametrize("value", QUIET)
def test_quiet_text(value: str) -> None:
    assert list(cell_warnings(value)) == []


def test_canonical_package_has_no_warning(package_copy: Path) -> None:
    report = validate(package_copy)
    assert report.valid and report.warnings == []
    assert "warnings" not in report.to_dict()


def test_amounts_are_not_text_columns() -> None:
    """A negative amount is an integer, never a text cell: it gives no warning."""
    types = {
        field["name"]: field["type"]
        for spec in tables_for(frozenset(DocumentKind))
        for field in spec.table_schema()["fields"]
    }
    assert types["予算額"] == "integer"


def test_cli_shows_warnings_and_exits_zero(package_copy: Path) -> None:
    apply_edit(
        package_copy,
        {"file": "131202_budget_pillars.csv", "row": 2, "column": "名称", "value": "=1+1"},
    )
    for fmt, marker in (("text", "warning: 131202_budget_pillars.csv, row 2"), ("json", FORMULA)):
        result = CliRunner().invoke(main, ["validate", str(package_copy), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert marker in result.output


def test_warnings_are_capped(package_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_warnings, "MAX_WARNINGS", 2)
    for row in (2, 3, 4):
        edit = {"file": "131202_budget_pillars.csv", "row": row, "column": "名称", "value": "=1"}
        apply_edit(package_copy, edit)
    report = validate(package_copy)
    assert report.valid and [w.row for w in report.warnings] == [2, 3]
    assert "1 more warning(s) not listed (at most 2)" in report.notes


def test_warning_catalogue_is_apart_from_errors() -> None:
    assert set(WARNING_TYPES) == {FORMULA, INVISIBLE}
    assert not set(WARNING_TYPES) & set(ERROR_TYPES)


def test_format_characters_are_the_cf_category() -> None:
    """The precompiled class of invisible characters is exactly Unicode's ``Cf``."""
    pattern: re.Pattern[str] = text_warnings._FORMAT_CHARACTER
    every = (chr(c) for c in range(sys.maxunicode + 1))
    cf = {c for c in (chr(p) for p in range(sys.maxunicode + 1)) if unicodedata.category(c) == "Cf"}
    assert {c for c in every if pattern.fullmatch(c)} == cf


@pytest.mark.parametrize("warnings", [True, False])
def test_a_build_skips_the_warnings(package_copy: Path, warnings: bool) -> None:
    """A build's input check (``warnings=False``) computes none; the errors are the same."""
    edit = {"file": "131202_budget_pillars.csv", "row": 2, "column": "名称", "value": "=1+1"}
    apply_edit(package_copy, edit)
    report, _ = inspect(package_copy, budgets=False, upstream=False, warnings=warnings)
    assert report.valid and report.errors == []
    assert [w.type for w in report.warnings] == ([FORMULA] if warnings else [])


_CELL_TEXT = st.text(
    alphabet=st.sampled_from(
        ["a", "1", ",", '"', "\n", "\r", "\t", "=", "+", "-", "@", "\u200b", "予"]
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(_CELL_TEXT, min_size=0, max_size=4), max_size=12),
    columns=st.lists(st.integers(0, 4), min_size=0, max_size=3, unique=True),
    batch=st.integers(1, 5),
)
def test_batches_searched_at_once_warn_as_cell_by_cell(
    rows: list[list[str]], columns: list[int], batch: int
) -> None:
    from nerima_opendata.checks.text_warnings import _rows_warnings, _suspect

    where = [(i, f"c{i}") for i in columns]
    expected = list(_rows_warnings(rows, 2, where, "x.csv"))
    found: list[ReportError] = []
    for start in range(0, len(rows), batch):
        part = rows[start : start + batch]
        if _suspect(part, where):
            found += _rows_warnings(part, 2 + start, where, "x.csv")
    assert found == expected


@pytest.mark.parametrize("batch", [1, 2, 3])
@pytest.mark.parametrize(("file", "row", "column"), WHERE)
def test_text_cell_warns_in_any_batch(
    package_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
    file: str,
    row: int,
    column: str,
) -> None:
    monkeypatch.setattr(text_warnings, "_BATCH", batch)
    apply_edit(package_copy, {"file": file, "row": row, "column": column, "value": "=1+\u200b"})
    report = validate(package_copy)
    assert [(w.type, w.file, w.row, w.field) for w in report.warnings] == [
        (kind, file, row, column) for kind in (FORMULA, INVISIBLE)
    ]
