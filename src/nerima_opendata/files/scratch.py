"""Temporary directories named by their owner's process, swept when it is gone.

A run killed with SIGKILL (or by the out-of-memory killer) cannot remove its temporary
directories, and at a million lines they hold gigabytes: the key stores' spill files,
an import's work files. Each is named ``{prefix}{pid}-…`` in the temporary directory, so
that the next run that makes one with the same prefix first removes those (and a
file of the same name with a suffix, such as a server's ``.log``) whose process no longer
runs, and only those of this user. A process that still runs keeps its own.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import tempfile
from pathlib import Path

from nerima_opendata.files.paths import StrPath

__all__ = ["owned_prefix", "scratch", "sweep"]


def owned_prefix(prefix: str) -> str:
    """The name a directory of this process starts with: ``{prefix}{pid}-``."""
    return f"{prefix}{os.getpid()}-"


def scratch(prefix: str, directory: StrPath | None = None) -> tempfile.TemporaryDirectory[str]:
    """A new temporary directory named for this process (see the module), made after the
    leftovers of the same ``prefix`` are swept; removed as
    :class:`tempfile.TemporaryDirectory` removes it (its block ends, or ``cleanup()``).

    Args:
        prefix: Says whose directories these are, e.g. ``nerima-keys-``.
        directory: Where (default: the temporary directory).
    """
    sweep(prefix, directory)
    return tempfile.TemporaryDirectory(prefix=owned_prefix(prefix), dir=directory)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process: it runs
        return True
    return True


def sweep(prefix: str, directory: StrPath | None = None) -> list[Path]:
    """Remove what processes that no longer run left under ``prefix`` (see the module).

    Args:
        prefix: As given to :func:`scratch`.
        directory: Where (default: the temporary directory).

    Returns:
        What was removed.
    """
    root = Path(directory) if directory is not None else Path(tempfile.gettempdir())
    owned = re.compile(rf"^{re.escape(prefix)}(\d+)-[^.]+(\.\w+)?$")
    removed: list[Path] = []
    try:
        found = sorted(root.glob(f"{glob.escape(prefix)}*"))
    except OSError:  # an unreadable temporary directory: nothing to sweep
        return removed
    for path in found:
        match = owned.match(path.name)
        if match is None or _running(int(match.group(1))):
            continue
        try:
            if path.lstat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed
