"""Decoding text files: UTF-8 with or without BOM; cp932 named clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from nerima_opendata import InputError
from nerima_opendata.files.text import decode, read_text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        pytest.param("練馬区".encode(), "練馬区", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + "練馬区".encode(), "練馬区", id="utf-8-bom"),
        pytest.param(b"a\r\nb", "a\r\nb", id="crlf-kept"),
    ],
)
def test_decode(raw: bytes, text: str) -> None:
    assert decode(raw) == text


def test_cp932_is_named_with_a_fix() -> None:
    with pytest.raises(InputError, match="cp932") as info:
        decode("ID\n練馬区\n".encode("cp932"), Path("x.csv"))
    assert info.value.line == 2
    assert "iconv" in (info.value.expected or "")


def test_other_bytes_are_not_utf8() -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        decode(b"\xff\xfe\xfa")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_text(tmp_path / "nope.txt")
