"""Atomic replacement of an output directory: a failed run leaves the old one untouched.

The new content is written into a temporary sibling ``.OUT.tmp-XXXXXXXX`` (same file
system as ``OUT``), which then takes the place of ``OUT``:

* ``OUT`` does not exist yet: one plain rename.
* On Linux: ``renameat2(RENAME_EXCHANGE)`` swaps the two directories in one atomic step,
  so a reader sees the old or the new ``OUT``, never none. The temporary name then holds
  the old output, which is removed.
* Where the exchange is unavailable (not Linux, a C library without ``renameat2``, a file
  system that refuses the flag: ENOSYS/EINVAL): two renames, ``OUT`` to
  ``.OUT.old-XXXXXXXX`` and the temporary directory to ``OUT``. Between them ``OUT`` is
  briefly missing, and a run killed there leaves it missing.

What a killed run left behind is dealt with when the next run starts: if ``OUT`` is
missing and a ``.OUT.old-*`` holds a publication, the newest one is renamed back to
``OUT``; any other ``.OUT.old-*`` or ``.OUT.tmp-*`` is removed. A run holds an exclusive
``flock`` on its temporary directory, so a concurrent run never removes it; where locks
are unavailable, leftover temporary directories are left alone.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from nerima_opendata.errors import OutputError
from nerima_opendata.files.names import DESCRIPTOR
from nerima_opendata.files.ownership import is_ours, refuse_foreign
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.scratch import lock_directory

__all__ = ["atomic_directory", "atomic_file"]

#: The descriptor that marks a directory this tool wrote (see
#: :mod:`nerima_opendata.files.ownership`); nothing else may be replaced.
MARKER = DESCRIPTOR

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """The C library's ``renameat2``, or None where there is none."""
    if sys.platform != "linux":
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no libc handle, or glibc < 2.28
        return None
    func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    func.restype = ctypes.c_int
    return func


def _exchange(a: Path, b: Path) -> bool:
    """Swap the existing paths ``a`` and ``b`` atomically; False if this system cannot.

    Raises:
        OSError: the exchange is supported but failed (permissions, a path vanished).
    """
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))


def _clean_leftovers(out: Path) -> None:
    """Restore or remove what a killed run left next to ``out`` (see the module docs)."""
    pattern = re.compile(re.escape(f".{out.name}.") + r"(tmp|old)-[a-z0-9_]{8}")
    try:
        found = [
            (m[1], out.parent / m[0]) for m in map(pattern.fullmatch, os.listdir(out.parent)) if m
        ]
    except FileNotFoundError:
        return
    leftovers = [path for _, path in found]
    olds = [path for kind, path in found if kind == "old" and is_ours(path)]
    if olds and not os.path.lexists(out):
        with contextlib.suppress(OSError):  # a concurrent run may be faster
            max(olds, key=lambda p: p.stat().st_mtime).rename(out)
    for path in leftovers:
        try:
            fd = lock_directory(path)
        except OSError:  # a live run's, or already gone
            continue
        if fd is not None:
            shutil.rmtree(path, ignore_errors=True)
            os.close(fd)


def _make_tmp(out: Path) -> tuple[Path, int | None]:
    """Create and lock the working directory next to ``out``."""
    for _ in range(5):
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        try:
            fd = lock_directory(tmp)
        except OSError:  # a concurrent clean-up took it before we locked it
            continue
        tmp.chmod(0o755)
        return tmp, fd
    raise OSError(errno.EBUSY, "a concurrent run keeps removing the working directory")


def _swap(tmp: Path, out: Path) -> Path | None:
    """Put ``tmp`` in place of ``out``; return where the previous output now is, if any."""
    if not os.path.lexists(out):
        tmp.rename(out)
        return None
    if _exchange(tmp, out):
        return tmp
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        tmp.rename(out)
    except OSError:
        old.rename(out)
        raise
    return old


@contextlib.contextmanager
def atomic_directory(out: StrPath) -> Iterator[Path]:
    """Yield a fresh temporary directory that replaces ``out`` when the block succeeds.

    The temporary directory sits next to ``out`` (same file system). On Linux the swap is
    one atomic exchange, so ``out`` is never missing; elsewhere it is two renames. If the
    block raises, the temporary directory is removed and ``out`` is left exactly as it
    was. Leftovers of a killed earlier run are restored or removed first.

    Only a missing or empty ``out``, or one this tool wrote, is replaced
    (:func:`~nerima_opendata.files.ownership.refuse_foreign`): we refuse to delete what
    we did not write.

    Raises:
        OutputError: ``out`` is a file or a symbolic link, or holds anything this tool
            did not write (named in the message; nothing is touched), or the swap failed.
    """
    out = Path(os.path.abspath(out))
    if out.name:  # resolve the parents, never ``out`` itself (a link is refused)
        out = out.parent.resolve() / out.name
    refuse_foreign(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(out)
        tmp, fd = _make_tmp(out)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create a working directory: {exc.strerror}") from exc
    try:
        yield tmp
        previous = _swap(tmp, out)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write: {exc.strerror}") from exc
    finally:
        if fd is not None:
            os.close(fd)
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def atomic_file(path: StrPath, encoding: str = "utf-8-sig") -> Iterator[TextIO]:
    """Yield a text stream whose content replaces ``path`` when the block succeeds.

    The stream writes a temporary file beside ``path``, renamed over it in one step; if
    the block raises, the temporary file is removed and ``path`` is left as it was.

    Raises:
        OutputError: The file cannot be written.
    """
    path = Path(path)
    path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as stream:
            yield stream
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    finally:
        tmp.unlink(missing_ok=True)
