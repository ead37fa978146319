"""Atomic replacement of an output directory: a failed run leaves the old one untouched."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nerima_opendata.errors import OutputError

__all__ = ["atomic_directory"]

#: A directory holding one of these may be replaced; anything else is not ours to delete.
MARKER = "datapackage.json"


@contextlib.contextmanager
def atomic_directory(out: Path) -> Iterator[Path]:
    """Yield a fresh temporary directory that replaces ``out`` when the block succeeds.

    The temporary directory sits next to ``out`` (same file system), so the swap is two
    renames. If the block raises, the temporary directory is removed and ``out`` is
    left exactly as it was.

    Raises:
        OutputError: ``out`` is a file, or a non-empty directory that holds no
            ``datapackage.json`` (we refuse to delete what we did not write), or the
            swap failed.
    """
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"{out}: a non-empty directory that is not a publication (no {MARKER}); "
            "choose an empty or new directory"
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        tmp.chmod(0o755)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create a working directory: {exc.strerror}") from exc
    try:
        yield tmp
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            old.rmdir()
            out.rename(old)
        try:
            tmp.rename(out)
        except OSError:
            if old is not None:
                old.rename(out)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from exc
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
