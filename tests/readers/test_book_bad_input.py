"""Bad budget-book files: each is refused with the row and column named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.errors import BookImportError
from nerima_opendata.readers.book import read_budget_book
from tests.readers.book_files import SPENDINGJP_HEADER, SPENDINGJP_ROWS, csv_bytes, spendingjp

TAMA = {"municipality": "132241", "municipality_name": "多摩市", "unit": "thousand-yen"}


def _rows(*changes: tuple[int, int, str]) -> list[list[str]]:
    rows = [list(SPENDINGJP_HEADER), *(list(r) for r in SPENDINGJP_ROWS)]
    for number, index, value in changes:
        rows[number - 1][index] = value
    return rows


def _col(header: str) -> int:
    return SPENDINGJP_HEADER.index(header)


_EXTRA_ROW = [*SPENDINGJP_ROWS[2][:10], "3", "需用費", "-5", "1", "1.3"]

#: (file bytes, options, message fragment, row, column)
CASES = [
    pytest.param(
        csv_bytes(_rows()).replace("議会費".encode(), b"\x81\x7f\x81\x7f", 1),
        {},
        "neither UTF-8 nor CP932",
        2,
        None,
        id="undetectable-encoding",
    ),
    pytest.param(
        csv_bytes(_rows(), encoding="cp932"),
        {"encoding": "utf-8"},
        "not utf-8",
        1,
        None,
        id="wrong-encoding-given",
    ),
    pytest.param(
        csv_bytes([[*r, "x" if i else "謎"] for i, r in enumerate(_rows())]),
        {},
        "does not know",
        1,
        "謎",
        id="unknown-header",
    ),
    pytest.param(
        csv_bytes(_rows((1, _col("款名称"), "款の名前"))),
        {},
        "does not know",
        1,
        "款の名前",
        id="unknown-name-header",
    ),
    pytest.param(
        csv_bytes([[c for j, c in enumerate(r) if j != _col("目")] for r in _rows()]),
        {},
        "required column is missing",
        1,
        "目",
        id="missing-required-column",
    ),
    pytest.param(
        csv_bytes(_rows((3, _col("予算額"), "2,000"))),
        {},
        "comma-formatted",
        3,
        "予算額",
        id="comma-amount-where-plain",
    ),
    pytest.param(
        csv_bytes(_rows((3, _col("予算額"), ""))), {}, "empty amount", 3, "予算額", id="empty"
    ),
    pytest.param(
        csv_bytes(_rows((4, _col("予算額"), "三千"))),
        {},
        "not a number",
        4,
        "予算額",
        id="text-amount",
    ),
    pytest.param(
        csv_bytes(_rows((4, _col("予算額"), "0.0005"))),
        {},
        "not an integer after the unit",
        4,
        "予算額",
        id="fraction-of-a-yen",
    ),
    pytest.param(
        csv_bytes(_rows((4, _col("款名称"), "総務費（旧）"))),
        {},
        "one code with two names",
        4,
        "款名称",
        id="code-with-two-names",
    ),
    pytest.param(
        csv_bytes(_rows((1, _col("予算額"), "予算額（千円）"))),
        {"unit": "yen"},
        "mixed units",
        1,
        "予算額（千円）",
        id="header-unit-vs-option",
    ),
    pytest.param(
        csv_bytes([*_rows(), _EXTRA_ROW]),
        {},
        "negative amount outside an adjusted budget",
        5,
        "予算額",
        id="negative-outside-adjusted",
    ),
    pytest.param(
        csv_bytes([*_rows(), SPENDINGJP_ROWS[2]]),
        {},
        "same line twice: rows 4 and 5",
        5,
        None,
        id="duplicate-line",
    ),
    pytest.param(
        csv_bytes(_rows()) + b'3,R3,"\xe4\xb8\x80\xe8\x88\xac\r\n',
        {},
        "unterminated quoted field",
        5,
        None,
        id="unterminated-quote",
    ),
    pytest.param(
        csv_bytes(_rows()) + "3,R3,一般会計,2\r\n".encode(),
        {},
        "fewer fields than the header",
        5,
        None,
        id="short-last-row",
    ),
    pytest.param(
        csv_bytes(_rows((3, _col("項"), ""), (3, _col("項名称"), ""))),
        {},
        "missing in the middle of a path",
        3,
        "項",
        id="gap-in-path",
    ),
    pytest.param(
        csv_bytes(_rows((2, 9, "x"))),
        {},
        "column without a header holds a value",
        2,
        "(column 10, no header)",
        id="empty-named-column-with-value",
    ),
    pytest.param(
        csv_bytes(_rows((2, _col("款"), "一")))[:],
        {},
        "not ASCII letters and digits",
        2,
        "款",
        id="code-not-ascii",
    ),
    pytest.param(
        csv_bytes(_rows((2, _col("年度"), "R3"), (3, _col("年度"), "令和三"))),
        {},
        "not a fiscal year",
        3,
        "年度",
        id="bad-year",
    ),
    pytest.param(
        csv_bytes(_rows((2, _col("会計名称"), "特別会計"))),
        {},
        "mapping has no code for its name",
        2,
        "会計名称",
        id="account-name-without-code",
    ),
    pytest.param(
        csv_bytes(_rows()), {"fiscal_year": 2020}, "says one fiscal year", 2, "年度", id="year"
    ),
]


@pytest.mark.parametrize(("data", "options", "message", "row", "column"), CASES)
def test_bad_input_names_the_row_and_column(
    tmp_path: Path, data: bytes, options: dict[str, Any], message: str, row: int, column: str | None
) -> None:
    source = tmp_path / "bad.csv"
    source.write_bytes(data)
    with pytest.raises(BookImportError, match=message) as caught:
        read_budget_book(source, "spendingjp", **{**TAMA, **options})
    error = caught.value
    assert (error.path, error.line, error.column) == (source, row, column)
    assert f"{source}:{row}: " in str(error)


def test_the_unit_is_required_for_spendingjp(tmp_path: Path) -> None:
    with pytest.raises(BookImportError, match="unit of the amounts is not known"):
        read_budget_book(
            spendingjp(tmp_path / "a.csv"), "spendingjp", municipality="132241",
            municipality_name="多摩市",
        )  # fmt: skip


def test_the_municipality_is_required(tmp_path: Path) -> None:
    with pytest.raises(BookImportError, match="local government code is required"):
        read_budget_book(spendingjp(tmp_path / "a.csv"), "spendingjp", unit="yen")
