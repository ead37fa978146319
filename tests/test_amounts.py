"""Printed amounts ↔ integer yen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nerima_opendata import AmountError, format_amount, parse_amount

GOOD = [
    ("1億8723万円", 187_230_000),
    ("2297万円", 22_970_000),
    ("1億921万円", 109_210_000),
    ("140億5511万円", 14_055_110_000),
    ("30億円", 3_000_000_000),
    ("【5462万円】", 54_620_000),
    ("１億８７２３万円", 187_230_000),
    ("187230千円", 187_230_000),
    ("187,230千円", 187_230_000),
    ("5,000円", 5_000),
    ("1兆2億円", 1_000_200_000_000),
    ("1.5億円", 150_000_000),
    ("12百万円", 12_000_000),
    ("0円", 0),
    ("1億8723万4567円", 187_234_567),
]
BAD = [
    ("", "not a printed amount"),
    ("億円", "not a printed amount"),
    ("-5万円", "not a printed amount"),
    ("▲5万円", "not a printed amount"),
    ("5万", "not a printed amount"),
    ("1億10000万円", "below 10000"),
    ("1億2.5万円", "decimal point"),
    ("1.23456円", "whole number"),
    ("12,34円", "not a printed amount"),
    ("約1億円", "not a printed amount"),
]


@pytest.mark.parametrize(("printed", "yen"), GOOD, ids=[g[0] for g in GOOD])
def test_parse_amount(printed: str, yen: int) -> None:
    assert parse_amount(printed) == yen


@pytest.mark.parametrize(("printed", "message"), BAD, ids=[b[0] or "empty" for b in BAD])
def test_parse_amount_rejects(printed: str, message: str) -> None:
    with pytest.raises(AmountError, match=message) as info:
        parse_amount(printed)
    assert info.value.expected is not None


@pytest.mark.parametrize(
    ("yen", "printed"),
    [
        (187_230_000, "1億8723万円"),
        (22_970_000, "2297万円"),
        (3_000_000_000, "30億円"),
        (0, "0円"),
        (1, "1円"),
        (10**12 + 1, "1兆1円"),
    ],
)
def test_format_amount(yen: int, printed: str) -> None:
    assert format_amount(yen) == printed


def test_format_amount_rejects_negative() -> None:
    with pytest.raises(AmountError):
        format_amount(-1)


@given(st.integers(min_value=0, max_value=10**16))
def test_round_trip(yen: int) -> None:
    assert parse_amount(format_amount(yen)) == yen
