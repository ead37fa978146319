"""Reading JSON that may be hostile: bounded size and depth, no duplicate keys.

The standard parser lets the last of two equal keys win silently, and a deeply nested
document ends in a ``RecursionError``. Here both are clear input errors, and a file over
:data:`MAX_JSON_BYTES` is refused before it is read.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.text import decode

__all__ = ["MAX_JSON_BYTES", "MAX_JSON_DEPTH", "load_json_file", "loads"]

#: The largest JSON file read (a descriptor of the largest publication is well under 1 MB).
MAX_JSON_BYTES = 32 * 1024 * 1024
#: The deepest nesting of arrays and objects accepted (a descriptor needs about 8).
MAX_JSON_DEPTH = 64


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _depth(data: Any) -> int:
    """The nesting depth of parsed JSON (a scalar is 0), iteratively."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        item, level = pending.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                pending += [(child, level + 1) for child in children]
    return deepest


def loads(text: str, path: StrPath | None = None) -> Any:
    """Parse JSON text, refusing duplicate keys and nesting deeper than the limit.

    Raises:
        InputError: Malformed (line and column given), a duplicate key, or too deep.
    """
    where = Path(path) if path is not None else None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON at column {exc.colno}: {exc.msg}",
            path=where,
            line=exc.lineno,
            expected="a JSON object",
        ) from None
    except _DuplicateKeyError as exc:
        raise InputError(
            "a key appears twice in one JSON object",
            path=where,
            found=exc.key[:80],
            expected="each key once per object",
        ) from None
    except RecursionError:
        data = None
        too_deep = True
    else:
        too_deep = _depth(data) > MAX_JSON_DEPTH
    if too_deep:
        raise InputError(
            "JSON nested too deeply",
            path=where,
            expected=f"at most {MAX_JSON_DEPTH} levels of arrays and objects",
        )
    return data


def load_json_file(path: StrPath) -> Any:
    """Read and parse a JSON file that must be a regular file under the size limit.

    Raises:
        InputError: Not a regular file, too large, not UTF-8, or not acceptable JSON.
        OSError: It cannot be opened (FileNotFoundError when missing).
    """
    path = Path(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file", path=path, expected="a JSON file")
        if info.st_size > MAX_JSON_BYTES:
            raise InputError(
                "the file is too large",
                path=path,
                found=f"{info.st_size:,} bytes",
                expected=f"at most {MAX_JSON_BYTES:,} bytes",
            )
        raw = handle.read(MAX_JSON_BYTES + 1)
    return loads(decode(raw, path), path)
