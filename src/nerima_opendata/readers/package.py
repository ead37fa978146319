"""Reading a data package's descriptor, and locating its resources safely.

The tables themselves are read by :mod:`nerima_opendata.checks.records`, which reports
every cell or row it cannot read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.text import decode
from nerima_opendata.writers.formats import DESCRIPTOR

__all__ = ["read_descriptor", "resource_path"]


def read_descriptor(directory: StrPath) -> dict[str, Any]:
    """Load ``datapackage.json`` from a package directory.

    Raises:
        InputError: It is missing, unreadable, not JSON (line and column given), or not
            an object with a ``resources`` list.
    """
    directory = Path(directory)
    path = directory / DESCRIPTOR
    try:
        text = decode(path.read_bytes(), path)
    except FileNotFoundError as exc:
        raise InputError(
            "no datapackage.json in this directory",
            path=directory,
            expected="a data package directory",
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON at column {exc.colno}: {exc.msg}",
            path=path,
            line=exc.lineno,
            expected="a JSON object",
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise InputError(
            "not a data package descriptor",
            path=path,
            found=type(data).__name__,
            expected='an object with a "resources" list',
        )
    return data


def resource_path(directory: StrPath, resource: dict[str, Any]) -> Path:
    """The file of a resource, refusing paths that leave the package directory.

    Raises:
        InputError: The path is absolute, climbs out with ``..``, or is not a string.
    """
    directory = Path(directory)
    raw = resource.get("path")
    if not isinstance(raw, str) or not raw:
        raise InputError(
            "resource without a path", found=resource.get("name"), expected="a relative path"
        )
    candidate = Path(raw)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise InputError(
            "unsafe resource path: it leaves the package directory",
            found=raw,
            expected="a relative path inside the package",
        )
    return directory / candidate
