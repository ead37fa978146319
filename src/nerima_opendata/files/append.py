"""One file appended to another, in the kernel where it can be (``copy_file_range``).

A build writes a large RDF file in two parts, one per process; the second part's file
is then appended to the first's (:func:`append_file`), the files side by side
(:func:`append_files`: the copy releases the GIL, so threads use every core).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nerima_opendata.files.paths import StrPath

__all__ = ["append_file", "append_files"]

#: The most bytes one ``copy_file_range`` call is asked for.
_CHUNK = 1 << 30


def append_file(source: StrPath, target: StrPath) -> int:
    """Append ``source``'s bytes to ``target``.

    Copied by the kernel (``os.copy_file_range``, no bytes through Python) where the
    platform and file system allow it, else read and written in blocks.

    Returns:
        The number of bytes appended.

    Raises:
        OSError: A file cannot be read or written.
    """
    with Path(source).open("rb") as reader, Path(target).open("r+b") as writer:
        size, start = os.fstat(reader.fileno()).st_size, writer.seek(0, os.SEEK_END)
        done = _in_kernel(reader.fileno(), writer.fileno(), size, start)
        if done < size:  # not in the kernel here, or it stopped early: the rest by blocks
            reader.seek(done)
            writer.seek(start + done)
            shutil.copyfileobj(reader, writer, 1 << 20)
            done = writer.tell() - start
    return done


def _in_kernel(source: int, target: int, size: int, start: int) -> int:
    """Bytes copied by ``os.copy_file_range`` (0 where it is missing or refused)."""
    copy = getattr(os, "copy_file_range", None)
    done = 0
    try:
        while copy is not None and done < size:
            copied = copy(source, target, min(size - done, _CHUNK), done, start + done)
            if copied == 0:
                break
            done += copied
    except OSError:  # ENOSYS, EXDEV, EINVAL…: the blocks do it
        pass
    return done


def append_files(pairs: Sequence[tuple[StrPath, StrPath]]) -> list[int]:
    """:func:`append_file` of each ``(source, target)``, in as many threads as there are
    cores, the largest sources first; the bytes appended, in the order given.

    Raises:
        OSError: A file cannot be read or written (the error of the first such pair in
            the order given, once every copy has ended).
    """
    workers = min(len(pairs), os.cpu_count() or 1)
    if workers < 2:
        return [append_file(source, target) for source, target in pairs]
    order = sorted(range(len(pairs)), key=lambda i: -Path(pairs[i][0]).stat().st_size)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {i: pool.submit(append_file, *pairs[i]) for i in order}
        return [futures[i].result() for i in range(len(pairs))]
