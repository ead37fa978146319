"""A user's own mapping: subtotal rows, a unit column, a direction column, codes unique
within a level, an adjusted budget's decreases, and the mapping's own errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nerima_opendata.errors import BookImportError, InputError
from nerima_opendata.model import totals_at_depth
from nerima_opendata.model.enums import BudgetPhase, Direction
from nerima_opendata.readers.book import load_mapping, read_budget_book
from tests.readers.book_files import write_csv

MAPPING = """\
title = "○○市 予算書"
municipality = "132241"
municipality_name = "多摩市"
subtotal_rows = true

[fiscal_year]
columns = ["年度"]

[phase]
name = ["区分"]
values = { "補正" = "adjusted", "当初" = "approved" }

[unit_column]
name = ["単位"]
values = { "千円" = "thousand-yen", "円" = "yen" }

[direction_column]
name = ["歳入歳出"]
values = { "歳入" = "revenue", "歳出" = "expenditure" }

[account]
name = ["会計"]
values = { "一般会計" = "1" }

[[levels]]
level = "款"
code = ["款コード"]
name = ["款"]

[[levels]]
level = "項"
code = ["項コード"]
name = ["項"]
unique_codes = true

[[amounts]]
id = "budget"
columns = ["補正額"]
stage = "budget"
primary = true

[[amounts]]
id = "before"
columns = ["補正前の額"]
stage = "prior-budget"
name_en = "Before the adjustment"

[[ignored]]
columns = ["備考"]
reason = "自由記述の備考。"
"""

HEADER = ["年度", "区分", "単位", "歳入歳出", "会計", "款コード", "款", "項コード", "項", "補正額", "補正前の額", "備考"]  # fmt: skip
ROWS = [
    ["R6", "補正", "千円", "歳出", "一般会計", "2", "総務費", "", "", "-300", "1000", "小計"],
    ["R6", "補正", "千円", "歳出", "一般会計", "2", "総務費", "21", "総務管理費", "-500", "600", ""],
    ["R6", "補正", "千円", "歳出", "一般会計", "2", "総務費", "22", "徴税費", "200", "400", ""],
    ["R6", "補正", "千円", "歳入", "一般会計", "1", "区税", "11", "特別区民税", "-300", "5000", ""],
]  # fmt: skip


def _files(tmp_path: Path, rows: list[list[str]], mapping: str = MAPPING) -> tuple[Path, Path]:
    toml = tmp_path / "city.toml"
    toml.write_text(mapping, encoding="utf-8")
    return write_csv(tmp_path / "city.csv", [HEADER, *rows]), toml


def test_a_custom_mapping(tmp_path: Path) -> None:
    source, toml = _files(tmp_path, ROWS)
    (budget,) = read_budget_book(source, "custom", mapping=toml)
    assert (budget.info.id, budget.info.phase) == ("2024-adjusted", BudgetPhase.ADJUSTED)
    assert budget.info.title == "令和6年度 一般会計 歳出予算（明細）".replace("歳出", "歳入歳出")
    assert [line.amount for line in budget.lines] == [-500_000, 200_000, -300_000]
    assert totals_at_depth(budget, 1) == {"1-expenditure": -300_000, "1-revenue": -300_000}
    assert totals_at_depth(budget, 2, "before") == {
        "1-expenditure-2": 1_000_000,
        "1-revenue-1": 5_000_000,
    }
    assert {c.code for c in budget.classifications if c.depth == 1} == set(Direction)
    account, note = budget.editorial_notes
    assert (account.target_table, account.target_id) == ("classifications", "1")
    assert "「備考」" in note.note and "自由記述" in note.note
    assert budget.info.source_title == "○○市 予算書: city.csv"


@pytest.mark.parametrize(
    ("change", "message", "row", "column"),
    [
        pytest.param(
            (0, 9, "-301"), "subtotal row that is not the sum", 2, "補正額", id="subtotal"
        ),
        pytest.param(
            (0, 10, "999"), "subtotal row that is not the sum", 2, "補正前の額", id="sub2"
        ),
        pytest.param((2, 2, "円"), "mixed units: row 2 says '千円'", 4, "単位", id="units"),
        pytest.param((3, 7, "21"), "code under two parents", 5, "項コード", id="unique"),
        pytest.param((1, 1, "当初"), "negative amount outside", 3, "補正額", id="negative"),
        pytest.param((1, 3, "歳入出"), "not a direction", 3, "歳入歳出", id="direction"),
        pytest.param((1, 1, "決算"), "phase the mapping does not know", 3, "区分", id="phase"),
    ],
)
def test_custom_rules(
    tmp_path: Path, change: tuple[int, int, str], message: str, row: int, column: str
) -> None:
    rows = [list(r) for r in ROWS]
    index, at, value = change
    rows[index][at] = value
    source, toml = _files(tmp_path, rows)
    with pytest.raises(BookImportError, match=message) as caught:
        read_budget_book(source, mapping=toml)
    assert (caught.value.line, caught.value.column) == (row, column)


def test_the_option_disagrees_with_the_formats_municipality(tmp_path: Path) -> None:
    source, toml = _files(tmp_path, ROWS)
    with pytest.raises(BookImportError, match="differs from the format's"):
        read_budget_book(source, mapping=toml, municipality="131121")


def test_the_option_disagrees_with_the_unit_column(tmp_path: Path) -> None:
    source, toml = _files(tmp_path, ROWS)
    with pytest.raises(BookImportError, match="mixed units"):
        read_budget_book(source, mapping=toml, unit="yen")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("primary = true\n", "", "exactly one amount is primary"),
        ('stage = "prior-budget"', 'stage = "later"', "unknown value"),
        ('reason = "自由記述の備考。"', "", "needs a reason"),
        ("[direction_column]", "[x]\n[direction_column]", "unknown key"),
        ("subtotal_rows = true", 'subtotal_rows = true\ndirection = "revenue"', "direction or a"),
        ('title = "○○市 予算書"', "title = [", "not TOML"),
        ("subtotal_rows = true", "subtotals = true", "unknown key"),
        ("unique_codes = true", "unique = true", "unknown key"),
    ],
)
def test_bad_mappings(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in MAPPING
    source, toml = _files(tmp_path, ROWS, MAPPING.replace(old, new, 1))
    with pytest.raises(InputError, match=message):
        read_budget_book(source, mapping=toml)


def test_the_documented_mapping_loads(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "importing.md"
    (block,) = re.findall(r"```toml\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    (tmp_path / "doc.toml").write_text(block, encoding="utf-8")
    mapping = load_mapping(tmp_path / "doc.toml")
    assert mapping.known_headers() >= {"年度", "款名", "現計予算額", "備考", "COFOG_Level2"}
