"""Regular-expression classes of large Unicode ranges that compile fast.

``re`` compiles a class such as ``[A-Z\\u3001-\\ud7ff…]`` by visiting every code point of
its ranges below U+10000 in Python: the XML-name and Turtle-name classes cost about 10 ms
each, paid at every start of the command. The same set written as the negation of its
complement (:func:`ranges_class`) holds far fewer code points and compiles in a fraction
of that; ``tests/writers/test_charsets.py`` checks both forms match the same characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["NAME_CHAR", "NAME_START", "PN_CHARS", "PN_CHARS_BASE", "ranges_class"]

_MAX = 0x10FFFF

#: XML 1.0 (5th ed.) NameStartChar without ``:``, as (first, last) code points.
NAME_START: tuple[tuple[int, int], ...] = (
    (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF),
    (0x370, 0x37D), (0x37F, 0x1FFF), (0x200C, 0x200D), (0x2070, 0x218F), (0x2C00, 0x2FEF),
    (0x3001, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF),
)  # fmt: skip
#: XML NameChar without ``:``: a start character, ``-``, ``.``, a digit and a few more.
NAME_CHAR: tuple[tuple[int, int], ...] = (
    *NAME_START, (0x2D, 0x2E), (0x30, 0x39), (0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040),
)  # fmt: skip
#: Turtle PN_CHARS_BASE.
PN_CHARS_BASE: tuple[tuple[int, int], ...] = tuple(r for r in NAME_START if r != (0x5F, 0x5F))
#: Turtle PN_CHARS: PN_CHARS_U (with ``_``), ``-``, a digit and a few more.
PN_CHARS: tuple[tuple[int, int], ...] = (
    *PN_CHARS_BASE, (0x5F, 0x5F), (0x2D, 0x2D), (0x30, 0x39), (0xB7, 0xB7), (0x300, 0x36F),
    (0x203F, 0x2040),
)  # fmt: skip


def _complement(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    outside, start = [], 0
    for first, last in sorted(ranges):
        if first > start:
            outside.append((start, first - 1))
        start = max(start, last + 1)
    if start <= _MAX:
        outside.append((start, _MAX))
    return outside


def _item(first: int, last: int) -> str:
    if first == last:
        return re.escape(chr(first))
    return f"{re.escape(chr(first))}-{re.escape(chr(last))}"


def ranges_class(ranges: Iterable[tuple[int, int]], *extra: tuple[int, int]) -> str:
    """The class ``[^…]`` matching exactly the code points in ``ranges`` (and ``extra``).

    Args:
        ranges: (first, last) code points, inclusive; they may overlap.
        extra: More ranges.

    Returns:
        A regular-expression character class.
    """
    outside = _complement([*ranges, *extra])
    if not outside:
        return "(?s:.)"  # every character ("[^]" is not a class)
    return "[^" + "".join(_item(first, last) for first, last in outside) + "]"
