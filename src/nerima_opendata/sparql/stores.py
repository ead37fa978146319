"""The temporary stores of ``serve``: named by their owner's process, swept when it is gone.

A ``serve`` killed with SIGKILL cannot remove its store. Each store's directory is named
``nerima-sparql-{pid}-…`` in the temporary directory, so that the next start removes every
store (and its log) whose process no longer runs, and only those of this user.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from nerima_opendata.files.paths import StrPath

__all__ = ["PREFIX", "new_store", "sweep"]

PREFIX = "nerima-sparql-"
_OWNED = re.compile(rf"^{PREFIX}(\d+)-[^.]+(\.log)?$")


def new_store() -> Path:
    """A new, empty store directory, named for this process."""
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process: it runs
        return True
    return True


def sweep(directory: StrPath | None = None) -> list[Path]:
    """Remove the stores (and logs) left by ``serve`` processes that no longer run.

    Args:
        directory: Where the stores are (default: the temporary directory).

    Returns:
        What was removed.
    """
    root = Path(directory) if directory is not None else Path(tempfile.gettempdir())
    removed = []
    for path in sorted(root.glob(f"{PREFIX}*")):
        match = _OWNED.match(path.name)
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
