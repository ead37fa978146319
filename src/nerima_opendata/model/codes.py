"""全国地方公共団体コード (local government codes, JIS X 0402) and their check digit."""

from __future__ import annotations

import re
import unicodedata

from nerima_opendata.errors import CodeError

__all__ = ["check_digit", "validate_local_government_code"]

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    """Compute the check digit of a five-digit local government code.

    The digits are weighted 6, 5, 4, 3, 2; the check digit is the last digit of
    11 minus the remainder of the weighted sum divided by 11 (総務省の規定).

    Args:
        first_five: Five ASCII digits, e.g. ``"13120"``.

    Returns:
        The check digit, e.g. ``2``.

    Raises:
        CodeError: ``first_five`` is not five digits.
    """
    if not re.fullmatch(r"[0-9]{5}", first_five):
        raise CodeError("not a five-digit code", found=first_five, expected="five digits")
    total = sum(int(d) * w for d, w in zip(first_five, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def validate_local_government_code(code: str) -> str:
    """Check a six-digit 全国地方公共団体コード, check digit included.

    Args:
        code: e.g. ``"131202"`` (Nerima). Full-width digits are accepted.

    Returns:
        The code in ASCII digits.

    Raises:
        CodeError: Not six digits, or the check digit is wrong.
    """
    normalized = unicodedata.normalize("NFKC", code).strip()
    if not re.fullmatch(r"[0-9]{6}", normalized):
        raise CodeError(
            "a 全国地方公共団体コード has six digits",
            found=code,
            expected="six digits, e.g. 131202",
        )
    expected = check_digit(normalized[:5])
    if int(normalized[5]) != expected:
        raise CodeError(
            "wrong check digit in the 全国地方公共団体コード",
            found=code,
            expected=f"{normalized[:5]}{expected}",
        )
    return normalized
