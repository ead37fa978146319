"""The fast-compiling classes match exactly the characters of the grammars' classes."""

from __future__ import annotations

import re

import pytest

from nerima_opendata.writers.charsets import (
    NAME_CHAR,
    NAME_START,
    PN_CHARS,
    PN_CHARS_BASE,
    ranges_class,
)

# The grammars' classes, copied from XML 1.0 (5th ed.) and Turtle (W3C Rec. 2014).
_XML_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_XML_NAME = _XML_START + "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_BASE = _XML_START.replace("_", "")
_PN_CHARS = _PN_BASE + "_\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"

CASES = [
    ("NameStartChar", NAME_START, (), _XML_START),
    ("NameChar", NAME_CHAR, (), _XML_NAME),
    ("PN_CHARS_BASE", PN_CHARS_BASE, (), _PN_BASE),
    ("PN_CHARS", PN_CHARS, (), _PN_CHARS),
    ("PN_CHARS_U or digit", PN_CHARS_BASE, ((0x5F, 0x5F), (0x30, 0x39)), _PN_BASE + "_0-9"),
    ("PN_CHARS or dot", PN_CHARS, ((0x2E, 0x2E),), _PN_CHARS + "."),
]


@pytest.mark.parametrize(
    ("ranges", "extra", "plain"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_same_characters_as_the_grammar(
    ranges: tuple[tuple[int, int], ...], extra: tuple[tuple[int, int], ...], plain: str
) -> None:
    fast = re.compile(ranges_class(ranges, *extra) + "+")
    slow = re.compile(f"[{plain}]+")
    text = "".join(map(chr, range(0x110000)))
    # Each pattern's runs over every code point, in order: equal runs, equal sets.
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        (((0x41, 0x5A),), "[^\x00-@\\[-\U0010ffff]"),
        (((0x00, 0x10FFFF),), "(?s:.)"),
        (((0x30, 0x39), (0x35, 0x40)), "[^\x00-/A-\U0010ffff]"),
    ],
    ids=["one range", "everything", "overlapping"],
)
def test_complement(ranges: tuple[tuple[int, int], ...], expected: str) -> None:
    assert ranges_class(ranges) == expected
    inside = {c for first, last in ranges for c in range(first, last + 1)}
    pattern = re.compile(expected)
    for code in (0x00, 0x2F, 0x30, 0x39, 0x40, 0x41, 0x5A, 0x5B, 0x10FFFF):
        assert (pattern.fullmatch(chr(code)) is not None) == (code in inside)
