"""Japanese era (和暦) years ↔ Gregorian fiscal years.

A Japanese fiscal year (年度) runs from April to March and is named after the
Gregorian year in which it starts: 令和6年度 is FY2024 (April 2024 to March 2025).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nerima_opendata.errors import WarekiError

__all__ = ["ERAS", "Era", "format_fiscal_year", "parse_wareki_year"]


@dataclass(frozen=True)
class Era:
    """A Japanese era: its name, romanisation, first Gregorian year and last era year."""

    name: str
    romaji: str
    first_year: int
    last_era_year: int | None


#: The modern eras, oldest first.
ERAS: tuple[Era, ...] = (
    Era("明治", "Meiji", 1868, 45),
    Era("大正", "Taisho", 1912, 15),
    Era("昭和", "Showa", 1926, 64),
    Era("平成", "Heisei", 1989, 31),
    Era("令和", "Reiwa", 2019, None),
)
_BY_NAME = {era.name: era for era in ERAS}
_PATTERN = re.compile(r"^(?P<era>明治|大正|昭和|平成|令和)(?P<year>元|\d+)年度?$")
_EXPECTED = "an era year such as 令和6年度, 令和元年 or 平成31年度"


def parse_wareki_year(text: str) -> int:
    """Read a Japanese-era year (or fiscal year) as a Gregorian year.

    Args:
        text: e.g. ``"令和6年度"``, ``"令和元年"``, ``"令和６年度"`` (full-width digits).

    Returns:
        The Gregorian year, e.g. ``2024``.

    Raises:
        WarekiError: Unknown era, year 0, or a year past the era's end.
    """
    normalized = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    match = _PATTERN.match(normalized)
    if not match:
        raise WarekiError("not a Japanese-era year", found=text, expected=_EXPECTED)
    era = _BY_NAME[match.group("era")]
    year = 1 if match.group("year") == "元" else int(match.group("year"))
    if year < 1 or (era.last_era_year is not None and year > era.last_era_year):
        bound = f"1 to {era.last_era_year}" if era.last_era_year else "1 or more"
        raise WarekiError(
            f"{era.name} has no year {year}", found=text, expected=f"a {era.name} year {bound}"
        )
    return era.first_year + year - 1


def format_fiscal_year(year: int) -> str:
    """Name a Gregorian fiscal year in the Japanese era in force when it starts (1 April).

    Args:
        year: The Gregorian year in which the fiscal year starts, e.g. ``2024``.

    Returns:
        e.g. ``"令和6年度"``; ``2019`` gives ``"平成31年度"`` (Reiwa began on 1 May 2019).

    Raises:
        WarekiError: The year is before the Meiji era.
    """
    eras = [era for era in ERAS if era.first_year < year or (era.first_year == year == 1868)]
    if year == 1868 or not eras:
        if year < 1868:
            raise WarekiError("before the Meiji era", found=year, expected="a year >= 1868")
        return "明治元年度"
    era = eras[-1]
    era_year = year - era.first_year + 1
    return f"{era.name}{'元' if era_year == 1 else era_year}年度"
