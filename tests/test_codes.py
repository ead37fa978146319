"""全国地方公共団体コード and its check digit."""

from __future__ import annotations

import pytest

from nerima_opendata import CodeError, check_digit, validate_local_government_code

KNOWN = ["131202", "130001", "010006", "011002", "131016", "131041", "271004", "472018"]


@pytest.mark.parametrize("code", KNOWN)
def test_known_codes_are_valid(code: str) -> None:
    assert validate_local_government_code(code) == code
    assert check_digit(code[:5]) == int(code[5])


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("131203", "check digit"),
        ("13120", "six digits"),
        ("1312022", "six digits"),
        ("13a202", "six digits"),
        ("", "six digits"),
    ],
)
def test_bad_codes(code: str, message: str) -> None:
    with pytest.raises(CodeError, match=message):
        validate_local_government_code(code)


def test_full_width_is_normalised() -> None:
    assert validate_local_government_code("１３１２０２") == "131202"


def test_check_digit_rejects_bad_input() -> None:
    with pytest.raises(CodeError):
        check_digit("1312")
