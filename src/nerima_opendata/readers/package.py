"""Reading a data package's descriptor, and locating its resources safely.

The tables themselves are read by :mod:`nerima_opendata.checks.records`, which reports
every cell or row it cannot read.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.safejson import load_json_file
from nerima_opendata.writers.formats import DESCRIPTOR

__all__ = ["MAX_RESOURCE_BYTES", "read_descriptor", "resource_path", "resources_by_name"]

#: The largest file a package or publication may list (a CSV, an RDF file…): larger ones
#: are refused before they are read. Every large file is read as a stream, so this bounds
#: time, not memory; a budget of a million lines has N-Triples of 7.3 GB, a few million
#: lines (a prefecture's book) fit, a runaway file does not.
MAX_RESOURCE_BYTES = 64 * 1024**3

#: A URL or URI of any scheme (``http:``, ``file:``, ``data:``…); a Windows drive too.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def read_descriptor(directory: StrPath) -> dict[str, Any]:
    """Load ``datapackage.json`` from a package directory.

    Raises:
        InputError: It is missing, unreadable, not a regular file, over
            :data:`~nerima_opendata.files.safejson.MAX_JSON_BYTES`, not JSON (line and
            column given), has a key twice in one object or nests too deeply, or is not
            an object with a ``resources`` list.
    """
    directory = Path(directory)
    path = directory / DESCRIPTOR
    try:
        data = load_json_file(path)
    except FileNotFoundError as exc:
        raise InputError(
            "no datapackage.json in this directory",
            path=directory,
            expected="a data package directory",
        ) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        raise InputError(
            "not a data package descriptor",
            path=path,
            found=type(data).__name__,
            expected='an object with a "resources" list',
        )
    return data


def resources_by_name(descriptor: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    """The descriptor's resources (the objects among them) by name."""
    return {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}


def resource_path(directory: StrPath, resource: dict[str, Any]) -> Path:
    """The file of a resource, refusing anything but a local file inside the package.

    Nothing is fetched and nothing outside the package is read: a URL of any scheme, an
    absolute path, a path that climbs out with ``..``, and a symbolic link (at any step)
    that resolves outside the package are refused; so is an existing path that is not a
    regular file (a directory, a FIFO, a device) or that is over
    :data:`MAX_RESOURCE_BYTES`. A missing file is returned as it is (its reader reports it).

    Raises:
        InputError: The path is not a string, or is refused (``found`` is the path).
    """
    directory = Path(directory)
    raw = resource.get("path")
    if not isinstance(raw, str) or not raw:
        raise InputError(
            "resource without a path", found=resource.get("name"), expected="a relative path"
        )
    candidate = PurePosixPath(raw)
    if _SCHEME.match(raw):
        _refuse("a URL or remote resource is never fetched", raw)
    if "\\" in raw:
        _refuse("unsafe resource path: a backslash (folders are separated by /)", raw)
    if candidate.is_absolute() or ".." in candidate.parts:
        _refuse("unsafe resource path: it leaves the package directory", raw)
    path = directory / candidate
    try:
        inside = path.resolve().is_relative_to(directory.resolve())
        info = os.stat(path) if inside else None
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", found=raw, path=directory) from exc
    if info is None:
        _refuse("unsafe resource path: a symbolic link that leaves the package", raw)
    elif not stat.S_ISREG(info.st_mode):
        _refuse("not a regular file (a directory, a FIFO or a device is never read)", raw)
    elif info.st_size > MAX_RESOURCE_BYTES:
        raise InputError(
            f"the file is too large ({info.st_size:,} bytes)",
            found=raw,
            expected=f"at most {MAX_RESOURCE_BYTES:,} bytes",
        )
    return path


def _refuse(message: str, raw: str) -> NoReturn:
    raise InputError(message, found=raw[:200], expected="a relative path inside the package")
