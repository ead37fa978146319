"""Reading one cell of a budget-book file: an amount, a code, a fiscal year, a COFOG class.

Each reader returns the value or raises :class:`ValueProblem` (what was wrong and what
was expected); the caller adds the file, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from nerima_opendata.errors import WarekiError
from nerima_opendata.model.book import COFOG_PATTERN, LEVEL_CODE_PATTERN
from nerima_opendata.model.enums import SourceUnit
from nerima_opendata.model.wareki import ERAS, parse_wareki_year

__all__ = ["ValueProblem", "read_amount", "read_code", "read_cofog", "read_fiscal_year"]

_PLAIN = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")
_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?$")
_CODE = re.compile(LEVEL_CODE_PATTERN)
_COFOG = re.compile(COFOG_PATTERN)
_ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_ERA_NAMES = "|".join(era.name for era in ERAS)
#: How many distinct cells each cached reader remembers (codes and years repeat on
#: nearly every row; a reader is a pure function of its text).
_CACHED = 4_096


class ValueProblem(Exception):
    """A cell that cannot be read: what is wrong, and what was expected."""

    def __init__(self, message: str, expected: str) -> None:
        self.message = message
        self.expected = expected
        super().__init__(message)


def read_amount(text: str, unit: SourceUnit, *, thousands_separator: bool) -> int:
    """An amount in yen, exactly: the printed number times the unit, an integer.

    Raises:
        ValueProblem: Empty, not a number, a separator the mapping does not allow, or
            not a whole number of yen after the unit.
    """
    cell = unicodedata.normalize("NFKC", text).strip()
    plain = "an integer such as 1234" + (" or 1,234" if thousands_separator else "")
    if not cell:
        raise ValueProblem("an empty amount", plain)
    if "," in cell and not thousands_separator:
        raise ValueProblem(
            "a comma-formatted amount where the mapping says plain numbers",
            f"{plain}, or mark the column thousands_separator = true in the mapping",
        )
    if not (_GROUPED if thousands_separator else _PLAIN).fullmatch(cell):
        raise ValueProblem("an amount that is not a number", plain)
    try:
        value = Decimal(cell.replace(",", "")) * unit.factor
    except InvalidOperation as exc:  # pragma: no cover - the patterns exclude it
        raise ValueProblem("an amount that is not a number", plain) from exc
    if value != value.to_integral_value():
        raise ValueProblem(
            f"not an integer after the unit ({unit.label_ja})",
            f"a whole number of yen: a multiple of {Decimal(1) / unit.factor} {unit.label_ja}",
        )
    return int(value)


@lru_cache(maxsize=_CACHED)
def read_code(text: str) -> str:
    """A code of the code list (NFKC, then ASCII letters and digits).

    Raises:
        ValueProblem: The code has other characters.
    """
    code = unicodedata.normalize("NFKC", text).strip()
    if not _CODE.fullmatch(code):
        raise ValueProblem(
            "a code that is not ASCII letters and digits", "letters and digits, e.g. 1, 01, A2"
        )
    return code


@lru_cache(maxsize=_CACHED)
def read_fiscal_year(text: str) -> int:
    """A fiscal year given as ``2021``, ``R3``, ``令和3``, ``令和3年度`` or ``H30``.

    Raises:
        ValueProblem: None of these forms.
    """
    cell = unicodedata.normalize("NFKC", text).strip()
    expected = "a year such as 2021, R3, 令和3 or H30"
    if re.fullmatch(r"[0-9]{4}", cell):
        return int(cell)
    letter = re.fullmatch(r"([MTSHR])\.?\s*(元|[0-9]+)", cell, re.IGNORECASE)
    if letter:
        cell = _ERA_LETTERS[letter.group(1).upper()] + letter.group(2)
    era = re.fullmatch(rf"({_ERA_NAMES})(元|[0-9]+)(年度?)?", cell)
    if era:
        try:
            return parse_wareki_year(f"{era.group(1)}{era.group(2)}年度")
        except WarekiError as exc:
            raise ValueProblem(exc.message, exc.expected or expected) from exc
    raise ValueProblem("not a fiscal year", expected)


@lru_cache(maxsize=_CACHED)
def read_cofog(text: str) -> str:
    """A COFOG class as spending.jp prints it (``1``, ``1.1``, ``10.9``), in the UN
    notation (``01``, ``01.1``, ``10.9``).

    Raises:
        ValueProblem: Not a COFOG division, group or class.
    """
    cell = unicodedata.normalize("NFKC", text).strip()
    head, dot, rest = cell.partition(".")
    value = (head.zfill(2) if head.isdigit() else head) + dot + rest
    if not _COFOG.fullmatch(value):
        raise ValueProblem(
            "not a COFOG class", "a division 1–10, a group such as 1.1 or a class 1.1.1"
        )
    return value
