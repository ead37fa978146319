"""Which output directories this tool may replace: only the ones it wrote itself.

Every directory the tool writes (a publication, a canonical package, a comparison, a
Parquet dataset) holds a ``datapackage.json`` that carries the tool's marker,
:data:`GENERATOR` under :data:`GENERATOR_KEY` (no version and no date, so that output
stays byte-identical across versions), and lists every other file of the directory as
a resource. Before a command replaces a directory, :func:`refuse_foreign` checks that it
is missing, empty, or exactly such a directory: the marker is there, every file is listed
(the descriptor itself aside), no file is a symbolic link or a special file, and each
listed file still has the size and SHA-256 the descriptor gives, where it gives them.
Anything else is refused, naming what would be lost, and nothing is touched.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from nerima_opendata.errors import InputError, OutputError
from nerima_opendata.files.names import DESCRIPTOR
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.safejson import load_json_file

__all__ = ["GENERATOR", "GENERATOR_KEY", "foreign_entries", "is_ours", "refuse_foreign"]

#: The descriptor property that marks a directory as written by this tool.
GENERATOR_KEY = "x-generator"
#: Its value: the tool's name and home, never a version or a date.
GENERATOR: dict[str, str] = {
    "name": "nerima-opendata",
    "path": "https://w3id.org/nerima-opendata/",
}
#: How many names an error lists before "and N more".
_SHOWN = 10
_CHUNK = 1 << 20


def _listed(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The resources of a descriptor by their normalised relative path."""
    listed: dict[str, dict[str, Any]] = {}
    for resource in descriptor.get("resources", []):
        raw = resource.get("path") if isinstance(resource, dict) else None
        if isinstance(raw, str) and raw and not raw.startswith("/") and "\\" not in raw:
            path = PurePosixPath(raw)
            if ".." not in path.parts:
                listed[str(path)] = resource
    return listed


def _changed(path: Path, size: int, resource: dict[str, Any]) -> bool:
    """Whether a listed file differs from the size and SHA-256 its descriptor gives."""
    if isinstance(resource.get("bytes"), int) and resource["bytes"] != size:
        return True
    digest = resource.get("hash")
    if not (isinstance(digest, str) and digest.startswith("sha256:")):
        return False
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return digest != f"sha256:{sha.hexdigest()}"


def _walk(root: Path, listed: dict[str, dict[str, Any]]) -> list[str]:
    """The entries under ``root`` that the listing does not account for (top-most only)."""
    parents = {str(p) for name in listed for p in PurePosixPath(name).parents}
    foreign: list[str] = []
    pending = [PurePosixPath()]
    while pending:
        folder = pending.pop()
        for name in sorted(os.listdir(root / folder)):
            rel = folder / name
            key = str(rel)
            info = os.lstat(root / rel)
            if stat.S_ISDIR(info.st_mode) and key in parents:
                pending.append(rel)
            elif key == DESCRIPTOR or (stat.S_ISREG(info.st_mode) and key in listed):
                if key != DESCRIPTOR and _changed(root / rel, info.st_size, listed[key]):
                    foreign.append(f"{key} (changed since it was written)")
            else:
                foreign.append(key + ("/" if stat.S_ISDIR(info.st_mode) else ""))
    return sorted(foreign)


def _descriptor(directory: Path) -> dict[str, Any] | None:
    """The directory's descriptor if it is a regular file carrying our marker."""
    path = directory / DESCRIPTOR
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = load_json_file(path)
    except (OSError, InputError):
        return None
    if not isinstance(data, dict) or data.get(GENERATOR_KEY) != GENERATOR:
        return None
    return data


def is_ours(directory: StrPath) -> bool:
    """Whether ``directory`` is a directory this tool wrote (see the module docs)."""
    directory = Path(directory)
    try:
        return os.path.isdir(directory) and not foreign_entries(directory)[1]
    except OSError:
        return False


def foreign_entries(directory: StrPath) -> tuple[str, list[str]]:
    """Why ``directory`` is not ours (a reason, possibly empty) and what in it is not.

    An existing directory is expected; an empty one holds nothing foreign.

    Raises:
        OSError: It cannot be listed.
    """
    directory = Path(directory)
    names = sorted(os.listdir(directory))
    if not names:
        return "", []
    descriptor = _descriptor(directory)
    if descriptor is None:
        reason = f"not a publication this tool wrote (no {DESCRIPTOR} with its marker)"
        return reason, [n + ("/" if (directory / n).is_dir() else "") for n in names]
    return "it holds files this tool did not write", _walk(directory, _listed(descriptor))


def refuse_foreign(out: StrPath) -> None:
    """Refuse to replace ``out`` unless it is missing, empty or ours.

    Raises:
        OutputError: ``out`` is a symbolic link, not a directory, unreadable, or holds
            anything this tool did not write (each named).
    """
    out = Path(out)
    if os.path.islink(out):
        raise OutputError(f"{out}: a symbolic link; choose a new or empty directory")
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory; nothing was written")
    try:
        reason, foreign = foreign_entries(out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot check what it holds: {exc.strerror}") from exc
    if foreign:
        shown = ", ".join(foreign[:_SHOWN])
        more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
        raise OutputError(
            f"{out}: refusing to replace it, {reason}: {shown}{more}; nothing was written "
            "(choose a new or empty directory, or move these away)"
        )
