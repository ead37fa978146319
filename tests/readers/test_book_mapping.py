"""The importer driven by mappings: header variants, encodings, options, a user's own
mapping (subtotal rows, unit and direction columns, codes unique within a level)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.errors import BookImportError, InputError
from nerima_opendata.model import totals_at_depth
from nerima_opendata.model.enums import SourceUnit
from nerima_opendata.readers.book import read_budget_book
from nerima_opendata.readers.book.values import (
    ValueProblem,
    read_amount,
    read_code,
    read_cofog,
    read_fiscal_year,
)
from tests.readers.book_files import SPENDINGJP_TOTAL, spendingjp, write_csv

TAMA: dict[str, Any] = {"municipality": "132241", "municipality_name": "多摩市"}

# --- one cell ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "grouped", "expected"),
    [
        ("156806", SourceUnit.THOUSAND_YEN, False, 156_806_000),
        ("12.5", SourceUnit.THOUSAND_YEN, False, 12_500),
        ("0.001", SourceUnit.THOUSAND_YEN, False, 1),
        ("32,774", SourceUnit.THOUSAND_YEN, True, 32_774_000),
        ("1,234,567", SourceUnit.YEN, True, 1_234_567),
        ("917", SourceUnit.YEN, True, 917),
        ("-450", SourceUnit.THOUSAND_YEN, False, -450_000),
        ("１２３", SourceUnit.YEN, False, 123),
        (" 7 ", SourceUnit.YEN, False, 7),
    ],
)
def test_amounts_are_exact_integer_yen(
    text: str, unit: SourceUnit, grouped: bool, expected: int
) -> None:
    assert read_amount(text, unit, thousands_separator=grouped) == expected


@pytest.mark.parametrize(
    ("text", "unit", "grouped", "message"),
    [
        ("0.0005", SourceUnit.THOUSAND_YEN, False, "not an integer after the unit"),
        ("1.5", SourceUnit.YEN, False, "not an integer after the unit"),
        ("1,000", SourceUnit.YEN, False, "comma-formatted"),
        ("1,00", SourceUnit.YEN, True, "not a number"),
        ("", SourceUnit.YEN, False, "empty"),
        ("1e3", SourceUnit.YEN, False, "not a number"),
        ("千", SourceUnit.YEN, False, "not a number"),
    ],
)
def test_bad_amounts(text: str, unit: SourceUnit, grouped: bool, message: str) -> None:
    with pytest.raises(ValueProblem, match=message):
        read_amount(text, unit, thousands_separator=grouped)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("R3", 2021),
        ("令和3", 2021),
        ("令和3年度", 2021),
        ("令和元", 2019),
        ("H30", 2018),
        ("h30", 2018),
        ("2021", 2021),
        ("２０２１", 2021),
    ],
)
def test_fiscal_years(text: str, year: int) -> None:
    assert read_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["R", "令和", "21", "平成32", "X3"])
def test_bad_fiscal_years(text: str) -> None:
    with pytest.raises(ValueProblem):
        read_fiscal_year(text)


@pytest.mark.parametrize(
    ("reader", "good", "value", "bad"),
    [
        (read_code, "０１", "01", "1-2"),
        (read_fiscal_year, "R3", 2021, "平成32"),
        (read_cofog, "1.1", "01.1", "11"),
    ],
)
def test_cached_readers_answer_every_time(reader: Any, good: str, value: object, bad: str) -> None:
    """The readers remember distinct cells (a bounded cache); a repeated cell gives the
    same value, a bad one the same error every time (errors are not cached)."""
    assert [reader(good) for _ in range(3)] == [value] * 3
    messages = []
    for _ in range(3):
        with pytest.raises(ValueProblem) as problem:
            reader(bad)
        messages.append((problem.value.message, problem.value.expected))
    assert len(set(messages)) == 1
    assert reader.cache_info().maxsize is not None  # bounded


@pytest.mark.parametrize(
    ("text", "cofog"), [("1", "01"), ("1.1", "01.1"), ("10.9", "10.9"), ("7.3.2", "07.3.2")]
)
def test_cofog_in_un_notation(text: str, cofog: str) -> None:
    assert read_cofog(text) == cofog


@pytest.mark.parametrize("text", ["0", "11", "1.0", "a"])
def test_bad_cofog(text: str) -> None:
    with pytest.raises(ValueProblem):
        read_cofog(text)


# --- spending.jp variants ----------------------------------------------------------------

VARIANT_HEADER = [
    "", "年度", "会計", "会計名", "款", "款名", "項", "項名", "目", "目名", "節", "節名",
    "節細", "節細名", "amount", "COFOG_Level1", "COFOG_Level2", "COFOG_Level3",
]  # fmt: skip
VARIANT_ROWS = [
    ["0", "2021", "1", "一般会計", "1", "議会費", "1", "議会費", "1", "議会費", "1", "報酬", "1", "議員報酬", "120000", "1", "1.1", "1.1.1"],
    ["1", "2021", "1", "一般会計", "1", "議会費", "1", "議会費", "1", "議会費", "1", "報酬", "2", "委員報酬", "5000", "1", "1.1", ""],
    ["2", "2021", "1", "一般会計", "3", "民生費", "1", "社会福祉費", "1", "社会福祉総務費", "7", "賃金", "1", "賃金", "98765", "10", "10.9", ""],
    ["3", "2021", "1", "一般会計", "3", "民生費", "2", "児童福祉費", "1", "児童福祉総務費", "7", "賃金", "1", "賃金", "4321", "", "", ""],
]  # fmt: skip


def test_a_spendingjp_file_with_other_header_variants(tmp_path: Path) -> None:
    """The issue's acceptance check: another municipality's file in the documented format
    (款名, amount, 節細, BOM, 年度 2021, COFOG_Level3, LF): exact total, every 款 total."""
    source = write_csv(
        tmp_path / "other.csv", [VARIANT_HEADER, *VARIANT_ROWS], bom=True, newline="\n"
    )
    (budget,) = read_budget_book(source, "spendingjp", unit="yen", **TAMA)
    assert budget.total == 120000 + 5000 + 98765 + 4321
    expected: Counter[str] = Counter()
    for row in VARIANT_ROWS:
        expected[f"1-expenditure-{row[4]}"] += int(row[14])
    assert totals_at_depth(budget, 2) == dict(expected)
    assert [line.cofog for line in budget.lines] == ["01.1.1", "01.1", "10.9", None]
    assert budget.lines[0].id == "1-expenditure-1-1-1-1-1"
    assert {c.level for c in budget.classifications if c.depth == 6} == {"節細"}
    assert budget.amount_kinds[0].name == "amount"
    assert [n.target_table for n in budget.editorial_notes] == ["budget"]  # the phase only


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [
        ("utf-8", "\r\n", False),
        ("utf-8", "\n", True),
        ("cp932", "\r\n", False),
        ("cp932", "\n", False),
    ],
)
def test_encodings_and_line_ends(tmp_path: Path, encoding: str, newline: str, bom: bool) -> None:
    source = spendingjp(tmp_path / "a.csv", encoding=encoding, newline=newline, bom=bom)
    (budget,) = read_budget_book(source, "spendingjp", unit="thousand-yen", **TAMA)
    assert budget.total == SPENDINGJP_TOTAL
    assert [line.source_rows for line in budget.lines] == ["2", "3", "4"]


def test_the_unit_in_the_header(tmp_path: Path) -> None:
    source = spendingjp(tmp_path / "a.csv", {(1, "予算額"): "予算額（千円）"})
    (budget,) = read_budget_book(source, "spendingjp", **TAMA)
    assert budget.total == SPENDINGJP_TOTAL
    assert budget.amount_kinds[0].unit is SourceUnit.THOUSAND_YEN


@pytest.mark.parametrize(
    ("options", "outcome"),
    [
        pytest.param({"fiscal_year": 2021}, "2021-approved", id="same-year"),
        pytest.param({"fiscal_year": 2022}, "says one fiscal year", id="other-year"),
        pytest.param({"phase": "proposed"}, "2021-proposed", id="phase-fills"),
        pytest.param({"account": "一般会計"}, "2021-approved", id="same-account"),
        pytest.param({"account": "1"}, "2021-approved", id="account-by-code"),
        pytest.param({"account": "特別会計"}, "says one account", id="other-account"),
    ],
)
def test_options_and_the_file(tmp_path: Path, options: dict[str, Any], outcome: str) -> None:
    source = spendingjp(tmp_path / "a.csv")
    if "-" in outcome:
        (budget,) = read_budget_book(source, "spendingjp", unit="yen", **TAMA, **options)
        assert budget.info.id == outcome
    else:
        with pytest.raises(BookImportError, match=outcome):
            read_budget_book(source, "spendingjp", unit="yen", **TAMA, **options)


def test_a_year_not_in_a_file_of_several(tmp_path: Path) -> None:
    source = spendingjp(tmp_path / "a.csv", {(4, "年度"): "R4"})
    assert [b.info.id for b in read_budget_book(source, "spendingjp", unit="yen", **TAMA)] == [
        "2021-approved",
        "2022-approved",
    ]
    with pytest.raises(BookImportError, match="not in the file"):
        read_budget_book(source, "spendingjp", unit="yen", fiscal_year=2020, **TAMA)


@pytest.mark.parametrize(
    ("edit", "last"),
    [
        pytest.param(None, (3, 3), id="every-row-read"),
        pytest.param({(3, "予算額"): "x"}, None, id="a-row-error-ends-no-bar"),
    ],
)
def test_progress_is_reported(
    tmp_path: Path, edit: dict[tuple[int, str], str] | None, last: tuple[int, int] | None
) -> None:
    """The last call says every row was read only when every row was: after a row's
    error the command line would otherwise say what follows a finished read."""
    calls: list[tuple[int, int]] = []
    source = spendingjp(tmp_path / "a.csv", edit)
    try:
        read_budget_book(
            source, "spendingjp", unit="yen", progress=lambda *a: calls.append(a), **TAMA
        )
    except BookImportError:
        assert last is None
    assert (calls[-1] if calls else None) == last


@pytest.mark.parametrize(
    ("fmt", "mapping", "message"),
    [
        ("custom", None, "needs a mapping file"),
        (None, None, "needs a mapping file"),
        ("elsewhere", None, "unknown format"),
        ("spendingjp", "x.toml", "for the custom format"),
        ("custom", "missing.toml", "cannot read the mapping"),
    ],
)
def test_formats_and_mappings(
    tmp_path: Path, fmt: str | None, mapping: str | None, message: str
) -> None:
    source = spendingjp(tmp_path / "a.csv")
    with pytest.raises(InputError, match=message):
        read_budget_book(
            source, fmt, mapping=tmp_path / mapping if mapping else None, unit="yen", **TAMA
        )


# --- departments, metadata --------------------------------------------------------------

DEPT_HEADER = ["年度", "所属", "所属名", "会計", "会計名", "款", "款名", "項", "項名", "目", "目名", "予算額"]  # fmt: skip
DEPT_ROWS = [
    ["R3", "101", "総務課", "1", "一般会計", "2", "総務費", "1", "総務管理費", "1", "一般管理費", "10"],
    ["R3", "102", "人事課", "1", "一般会計", "2", "総務費", "1", "総務管理費", "1", "一般管理費", "20"],
]  # fmt: skip


def test_lines_keyed_by_department(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "d.csv", [DEPT_HEADER, *DEPT_ROWS])
    (budget,) = read_budget_book(source, "spendingjp", unit="yen", **TAMA)
    assert [line.id for line in budget.lines] == [
        "1-expenditure-2-1-1.101",
        "1-expenditure-2-1-1.102",
    ]
    assert [line.department_name for line in budget.lines] == ["総務課", "人事課"]


def test_a_department_code_with_two_names(tmp_path: Path) -> None:
    rows = [DEPT_ROWS[0], [*DEPT_ROWS[1][:1], "101", *DEPT_ROWS[1][2:]]]
    source = write_csv(tmp_path / "d.csv", [DEPT_HEADER, *rows])
    with pytest.raises(BookImportError, match="one code with two names") as caught:
        read_budget_book(source, "spendingjp", unit="yen", **TAMA)
    assert (caught.value.line, caught.value.column) == (3, "所属名")
    assert "'総務課', as row 2 names it" in str(caught.value)


def test_source_metadata(tmp_path: Path) -> None:
    source = spendingjp(tmp_path / "a.csv")
    url = "https://www.example.jp/budget.csv"
    (budget,) = read_budget_book(
        source, "spendingjp", unit="yen", source_title="予算書", source_url=url, **TAMA
    )
    info = budget.info
    assert (info.source_title, info.source_url) == ("予算書", url)
    assert info.source_sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert (info.department, info.telephone, info.deliberating_body) == (None, None, None)
    (default,) = read_budget_book(source, "spendingjp", unit="yen", **TAMA)
    assert default.info.source_title == "spending.jp CSV: a.csv"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "the file is empty"), (",".join(DEPT_HEADER).encode() + b"\r\n", "no row")],
)
def test_empty_files(tmp_path: Path, data: bytes, message: str) -> None:
    (tmp_path / "e.csv").write_bytes(data)
    with pytest.raises(BookImportError, match=message):
        read_budget_book(tmp_path / "e.csv", "spendingjp", unit="yen", **TAMA)
