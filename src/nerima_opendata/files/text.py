"""Reading text files the way Japanese open data needs: UTF-8 (BOM or not), never guessing.

A file in cp932 (Shift_JIS), the encoding Excel writes on Japanese Windows, is recognised
and refused with a message that says how to convert it, instead of a decode traceback.
"""

from __future__ import annotations

from pathlib import Path

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath

__all__ = ["decode", "read_text"]

_CONVERT = "UTF-8; convert it with: iconv -f cp932 -t utf-8 IN > OUT"


def decode(raw: bytes, path: StrPath | None = None) -> str:
    """Decode UTF-8 bytes, with or without BOM; recognise cp932 and refuse it clearly.

    Args:
        raw: The file's bytes.
        path: The file, for the error message.

    Returns:
        The text, without BOM.

    Raises:
        InputError: The bytes are not UTF-8 (cp932 is named when it fits).
    """
    path = Path(path) if path is not None else None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("cp932")
        except UnicodeDecodeError:
            raise InputError(
                "not UTF-8 text",
                found=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                expected="UTF-8",
                path=path,
                line=line,
            ) from exc
        raise InputError(
            "the file is encoded in cp932 (Shift_JIS), not UTF-8",
            found="cp932",
            expected=_CONVERT,
            path=path,
            line=line,
        ) from exc


def read_text(path: StrPath) -> str:
    """Read a UTF-8 text file (BOM optional).

    Raises:
        InputError: The file cannot be read or is not UTF-8.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    return decode(raw, path)
