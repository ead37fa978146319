"""Temporary directories named by their owner's process and locked while in use, swept
when they are left.

A run killed with SIGKILL (or by the out-of-memory killer) cannot remove its temporary
directories, and at a million lines they hold hundreds of megabytes (446 MB at most
during an import, measured): the key stores' spill files, an import's work files. Each
is named ``{prefix}{pid}-…`` in the temporary directory and holds an exclusive
``flock`` on itself for as long as it exists (a forked child shares it, and a child
given its descriptor holds it too: :attr:`Scratch.lock`). The next run that makes one
with the same prefix first removes those of this user whose process no longer runs and
whose lock is free: a process in another PID namespace (a container sharing ``/tmp``)
that still uses its directory keeps it. A file of the same name with a suffix (a
server's ``.log``) goes by its name, once its directory has gone.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import shutil
import sys
import tempfile
import weakref
from pathlib import Path

from nerima_opendata.files.paths import StrPath

if sys.platform != "win32":
    import fcntl

__all__ = ["Scratch", "lock_directory", "owned_prefix", "scratch", "sweep"]


def lock_directory(directory: StrPath) -> int | None:
    """Take an exclusive, non-blocking ``flock`` on ``directory``; return its descriptor
    (closing it, or the process ending, frees the lock).

    Returns None where locks are unavailable (Windows, some file systems).

    Raises:
        BlockingIOError: Another process holds the lock.
        FileNotFoundError: The directory is gone (or was replaced while locking).
    """
    if sys.platform == "win32":
        return None
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise
    except OSError:
        os.close(fd)
        return None
    with contextlib.suppress(OSError):
        if os.path.samestat(os.fstat(fd), os.stat(directory)):
            return fd
    os.close(fd)
    raise FileNotFoundError(errno.ENOENT, "removed while locking", os.fspath(directory))


def owned_prefix(prefix: str) -> str:
    """The name a directory of this process starts with: ``{prefix}{pid}-``."""
    return f"{prefix}{os.getpid()}-"


class Scratch:
    """A temporary directory named for this process that holds a lock on itself (see the
    module) until it is removed: by :meth:`cleanup`, at the end of a ``with`` block
    (which gives its name), or when the object is collected or the program ends.

    Raises:
        OSError: It cannot be made, or locked.
    """

    #: The descriptor that holds the lock (None where locks are unavailable; closed once
    #: the directory is removed). A child process given it (``pass_fds``) holds the lock
    #: for as long as it runs, even after this process has ended.
    lock: int | None

    def __init__(self, prefix: str, directory: StrPath | None = None) -> None:
        for _ in range(5):
            name = tempfile.mkdtemp(prefix=owned_prefix(prefix), dir=directory)
            try:
                fd = lock_directory(name)
            except (FileNotFoundError, BlockingIOError):  # swept before it was locked (by
                continue  # a process in another PID namespace): it goes; another name
            self.name, self.lock = name, fd
            self._remove = weakref.finalize(self, _remove, name, fd)
            return
        raise OSError(errno.EBUSY, "a concurrent sweep keeps removing the directory", prefix)

    def __enter__(self) -> str:
        return self.name

    def __exit__(self, *_exc: object) -> None:
        self.cleanup()

    def cleanup(self) -> None:
        """Remove the directory, then free its lock (again: nothing)."""
        self._remove()
        self.lock = None


def _remove(name: str, fd: int | None) -> None:
    try:
        shutil.rmtree(name, ignore_errors=True)
    finally:
        if fd is not None:
            os.close(fd)


def scratch(prefix: str, directory: StrPath | None = None) -> Scratch:
    """A new :class:`Scratch` directory, made after the leftovers of the same ``prefix``
    are swept; removed as :class:`tempfile.TemporaryDirectory` removes it (its block
    ends, or ``cleanup()``).

    Args:
        prefix: Says whose directories these are, e.g. ``nerima-keys-``.
        directory: Where (default: the temporary directory).
    """
    sweep(prefix, directory)
    return Scratch(prefix, directory)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process: it runs
        return True
    except (OverflowError, ValueError):  # no process can have it: not one of ours
        return True
    return True


def _left(path: Path, pid: int) -> bool:
    """Whether ``path`` is this user's, and left: its process is not running, and no
    process holds its lock (then removed)."""
    try:
        if path.lstat().st_uid != os.getuid() or _running(pid):
            return False
        if not path.is_dir() or path.is_symlink():
            if path.suffix and path.with_suffix("").is_dir():  # a directory's log: it goes with it
                return False
            path.unlink()
            return True
        fd = lock_directory(path)
    except OSError:  # gone, or locked by a process that still uses it
        return False
    shutil.rmtree(path, ignore_errors=True)
    if fd is not None:
        os.close(fd)
    return True


def sweep(prefix: str, directory: StrPath | None = None) -> list[Path]:
    """Remove what processes that no longer run left under ``prefix`` (see the module).

    Args:
        prefix: As given to :func:`scratch`.
        directory: Where (default: the temporary directory).

    Returns:
        What was removed.
    """
    if sys.platform == "win32":  # pragma: no cover - no owners or process ids to ask
        return []
    root = Path(directory) if directory is not None else Path(tempfile.gettempdir())
    owned = re.compile(rf"^{re.escape(prefix)}(\d+)-[^.]+(\.\w+)?$")
    try:
        found = sorted(root.glob(f"{glob.escape(prefix)}*"))
    except OSError:  # an unreadable temporary directory: nothing to sweep
        return []
    matches = [(path, owned.match(path.name)) for path in found]
    return [path for path, m in matches if m is not None and _left(path, int(m.group(1)))]
