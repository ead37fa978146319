"""Printed Japanese amounts (``1億8723万円``, ``187,230千円``) ↔ integer yen.

Budget documents print amounts with the myriad units 兆/億/万 and a unit of account
(円, 千円 or 百万円). The canonical data stores integer yen *and* the printed form,
so nothing is lost and every figure can be checked against the page.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from nerima_opendata.errors import AmountError

__all__ = ["CANONICAL_INTEGER", "UNITS_OF_ACCOUNT", "format_amount", "parse_amount"]

#: An integer as the model's ``int`` prints it (no sign but ``-``, no leading zero).
CANONICAL_INTEGER = re.compile(r"0|-?[1-9][0-9]*")

#: Multipliers of the units of account an amount may be printed in.
UNITS_OF_ACCOUNT: dict[str, int] = {"円": 1, "千円": 1_000, "百万円": 1_000_000}

_MYRIADS = (("兆", 10**12), ("億", 10**8), ("万", 10**4))
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PATTERN = re.compile(
    rf"^(?:(?P<cho>{_NUMBER})兆)?(?:(?P<oku>{_NUMBER})億)?(?:(?P<man>{_NUMBER})万)?"
    rf"(?P<rest>{_NUMBER})?(?P<unit>百万円|千円|円)$"
)
_EXPECTED = "an amount such as 1億8723万円, 2297万円, 187230千円 or 5,000円"


def _number(text: str, printed: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise AmountError("not a number", found=printed, expected=_EXPECTED) from exc


def parse_amount(printed: str) -> int:
    """Read a printed amount as integer yen.

    Full-width digits and commas (NFKC) are accepted, as are the myriad units
    兆, 億 and 万 and the units of account 円, 千円 and 百万円.

    Args:
        printed: The amount as printed, e.g. ``"1億8723万円"`` or ``"【2297万円】"``.

    Returns:
        The amount in yen, e.g. ``187230000``.

    Raises:
        AmountError: The text is not an amount, is negative, or is not a whole number of yen.
    """
    text = unicodedata.normalize("NFKC", printed).strip().strip("【】[]").replace(" ", "")
    match = _PATTERN.match(text)
    if not match or not any(match.group(g) for g in ("cho", "oku", "man", "rest")):
        raise AmountError("not a printed amount", found=printed, expected=_EXPECTED)
    groups = [match.group(g) for g in ("cho", "oku", "man", "rest")]
    present = [g for g in groups if g is not None]
    if any("." in g for g in present[1:]):
        raise AmountError(
            "a decimal point is allowed only in the leading unit",
            found=printed,
            expected=_EXPECTED,
        )
    total = Decimal(0)
    seen_higher = False
    for (unit, factor), group in zip(_MYRIADS, groups[:3], strict=True):
        if group is None:
            continue
        value = _number(group, printed)
        if seen_higher and value >= 10_000:
            raise AmountError(
                f"the {unit} part must be below 10000", found=printed, expected=_EXPECTED
            )
        total += value * factor
        seen_higher = True
    if match.group("rest") is not None:
        rest = _number(match.group("rest"), printed)
        if seen_higher and rest >= 10_000:
            raise AmountError(
                "the part below 万 must be below 10000", found=printed, expected=_EXPECTED
            )
        total += rest
    total *= UNITS_OF_ACCOUNT[match.group("unit")]
    if total != total.to_integral_value():
        raise AmountError("not a whole number of yen", found=printed, expected=_EXPECTED)
    return int(total)


def format_amount(yen: int) -> str:
    """Print integer yen the way Japanese budget brochures do.

    Args:
        yen: A non-negative amount in yen.

    Returns:
        The printed form, e.g. ``"1億8723万円"`` for ``187230000``.

    Raises:
        AmountError: ``yen`` is negative.
    """
    if yen < 0:
        raise AmountError("amounts are not negative", found=yen, expected="an integer >= 0")
    if yen == 0:
        return "0円"
    parts: list[str] = []
    rest = yen
    for unit, factor in _MYRIADS:
        count, rest = divmod(rest, factor)
        if count:
            parts.append(f"{count}{unit}")
    if rest:
        parts.append(str(rest))
    return "".join(parts) + "円"
