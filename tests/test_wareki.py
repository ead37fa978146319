"""Japanese-era years ↔ Gregorian fiscal years."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nerima_opendata import WarekiError, format_fiscal_year, parse_wareki_year

GOOD = [
    ("令和6年度", 2024),
    ("令和元年度", 2019),
    ("令和元年", 2019),
    ("令和６年度", 2024),
    ("平成31年度", 2019),
    ("平成元年", 1989),
    ("昭和64年", 1989),
    ("大正15年", 1926),
    ("明治元年", 1868),
    (" 令和 7 年度 ", 2025),
]
BAD = [
    ("令和0年度", "no year 0"),
    ("平成32年度", "no year 32"),
    ("R6", "not a Japanese-era"),
    ("2024年度", "not a Japanese-era"),
    ("寛永3年", "not a Japanese-era"),
    ("", "not a Japanese"),
]


@pytest.mark.parametrize(("text", "year"), GOOD, ids=[g[0] for g in GOOD])
def test_parse(text: str, year: int) -> None:
    assert parse_wareki_year(text) == year


@pytest.mark.parametrize(("text", "message"), BAD, ids=[b[0] or "empty" for b in BAD])
def test_parse_rejects(text: str, message: str) -> None:
    with pytest.raises(WarekiError, match=message):
        parse_wareki_year(text)


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2024, "令和6年度"),
        (2020, "令和2年度"),
        (2019, "平成31年度"),
        (1989, "昭和64年度"),
        (1990, "平成2年度"),
        (1868, "明治元年度"),
    ],
)
def test_format(year: int, label: str) -> None:
    assert format_fiscal_year(year) == label


def test_format_rejects_before_meiji() -> None:
    with pytest.raises(WarekiError):
        format_fiscal_year(1867)


@given(st.integers(min_value=1868, max_value=2200))
def test_round_trip(year: int) -> None:
    assert parse_wareki_year(format_fiscal_year(year)) == year
