"""The packages this library has checked already, by their bytes: a package checked once
(by ``import``, or by a build's own input check) is not checked again while no byte of
it has changed.

A package's key (:func:`package_key`) is the SHA-256 of

* what checks it: this library's files, its shipped vocabulary (shapes, context), the
  Python version and the versions of the libraries the checks use (pydantic and
  pydantic-core for the types; rdflib, pyshacl, pyld and pyoxigraph where a package
  holds RDF): a change of the checker is a new key;
* every file of the package: its path in the package, its size and its SHA-256: a
  change of one byte, a file added, removed or renamed is a new key.

A package with anything but plain files and folders in it (a link, a folder that cannot
be listed, a file that cannot be read) has no key: it is always checked. A key is
remembered (:func:`remember_checked`) only when the check passed and the key is the
same after the check as before it, as an empty file named by it in
``$NERIMA_OPENDATA_CACHE/checked/`` (by default ``$XDG_CACHE_HOME/nerima-opendata``,
else ``~/.cache/nerima-opendata``; ``NERIMA_OPENDATA_CACHE=off`` turns it off). Nothing
here raises: a cache that cannot be read or written is a check made again.

This is a cache of the library's own results, not a signature: whoever can write the
cache can also write the package.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from importlib import metadata
from pathlib import Path

from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.shipped import shipped

__all__ = ["CACHE_ENV", "cache_directory", "package_key", "remember_checked", "was_checked"]

#: Where the cache is; ``off`` (or empty) for none.
CACHE_ENV = "NERIMA_OPENDATA_CACHE"
_OFF = ("", "off")
_LIBRARY = Path(__file__).resolve().parent.parent
_USED = ("pydantic", "pydantic-core", "rdflib", "pyshacl", "pyld", "pyoxigraph")


class _NoKey(Exception):
    """Something in the package that a key cannot stand for."""


def cache_directory() -> Path | None:
    """The cache's directory, or ``None`` when it is turned off (or no home is known)."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in _OFF else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.environ.get("HOME", ""), ".cache")
    return Path(base) / "nerima-opendata" if os.path.isabs(base) else None


def _file_line(path: str, name: str) -> str:
    """``name``, size and SHA-256 of a plain file (opened first, then looked at)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise _NoKey(name)
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return f"{name}\0{status.st_size}\0{digest}\n"


def _tree(directory: Path, skip: str | None = None) -> list[str]:
    """A line for every file under ``directory``, sorted by path.

    Raises:
        _NoKey: A link or a special file, or a folder or file that cannot be read.
    """
    lines: list[str] = []
    pending = [(str(directory), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_symlink():
                    raise _NoKey(name)
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != skip:
                        pending.append((entry.path, name + "/"))
                else:
                    lines.append(_file_line(entry.path, name))
    return sorted(lines)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def _checker() -> str:
    """The digest of what checks a package (see the module)."""
    versions = [f"python {sys.version}\n"]
    versions += [f"{name} {_version(name)}\n" for name in _USED]
    files = _tree(_LIBRARY, "__pycache__") + _tree(shipped("vocab"))
    return hashlib.sha256("".join(versions + files).encode()).hexdigest()


def package_key(package: StrPath) -> str | None:
    """The key of a package's bytes as this library checks them, or ``None`` when it has
    none (see the module)."""
    try:
        lines = [_checker(), "\n", *_tree(Path(package))]
    except (OSError, _NoKey):
        return None
    return hashlib.sha256("".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def _entry(key: str) -> Path | None:
    directory = cache_directory()
    return None if directory is None else directory / "checked" / key


def was_checked(key: str | None) -> bool:
    """Whether a package of this key passed the check (see the module)."""
    try:
        entry = None if key is None else _entry(key)
        return entry is not None and entry.is_file()
    except (OSError, ValueError):
        return False


def remember_checked(key: str | None, after: str | None) -> None:
    """Remember that a package passed the check: ``key`` its key before the check,
    ``after`` after it; nothing when they differ (it changed meanwhile), when either is
    ``None``, or when the cache is off or cannot be written."""
    if key is None or key != after:
        return
    try:
        entry = _entry(key)
        if entry is not None:
            entry.parent.mkdir(parents=True, exist_ok=True)
            entry.touch()
    except (OSError, ValueError):
        return
