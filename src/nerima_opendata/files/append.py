"""One file appended to another, in the kernel where it can be (``copy_file_range``).

A build writes a large RDF file in two parts, one per process; the second part's file
is then appended to the first's (:func:`append_file`), the files side by side
(:func:`append_files`: the copy releases the GIL, so threads use every core). With a
digest (``hashlib``), the bytes go through Python in blocks and the digest takes each:
the process that hashed the first part as it wrote it ends the whole file's hash
without reading the file again.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from nerima_opendata.files.paths import StrPath

if TYPE_CHECKING:
    from hashlib import _Hash

__all__ = ["append_file", "append_files"]

#: The most bytes one ``copy_file_range`` call is asked for.
_CHUNK = 1 << 30
#: The bytes read and written at a time when the kernel does not copy.
_BLOCK = 1 << 20


def append_file(source: StrPath, target: StrPath, digest: _Hash | None = None) -> int:
    """Append ``source``'s bytes to ``target``.

    Copied by the kernel (``os.copy_file_range``, no bytes through Python) where the
    platform and file system allow it, else read and written in blocks. With a
    ``digest``, always in blocks, each given to the digest in order.

    Returns:
        The number of bytes appended.

    Raises:
        OSError: A file cannot be read or written.
    """
    with Path(source).open("rb") as reader, Path(target).open("r+b") as writer:
        size, start = os.fstat(reader.fileno()).st_size, writer.seek(0, os.SEEK_END)
        if digest is not None:
            return _hashed(reader, writer, digest)
        done = _in_kernel(reader.fileno(), writer.fileno(), size, start)
        if done < size:  # not in the kernel here, or it stopped early: the rest by blocks
            reader.seek(done)
            writer.seek(start + done)
            shutil.copyfileobj(reader, writer, 1 << 20)
            done = writer.tell() - start
    return done


def _hashed(reader: io.BufferedReader, writer: BinaryIO, digest: _Hash) -> int:
    """Copy the rest of ``reader`` to ``writer`` in blocks, each to the digest too (both
    release the GIL for a large block)."""
    done, block = 0, bytearray(_BLOCK)
    view = memoryview(block)
    while count := reader.readinto(block):
        digest.update(view[:count])
        writer.write(view[:count])
        done += count
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


def append_files(
    pairs: Sequence[tuple[StrPath, StrPath]], digests: Sequence[_Hash] | None = None
) -> list[int]:
    """:func:`append_file` of each ``(source, target)`` (with the digest of the same
    place in ``digests``), in as many threads as there are cores, the largest sources
    first; the bytes appended, in the order given.

    Raises:
        OSError: A file cannot be read or written (the error of the first such pair in
            the order given, once every copy has ended).
    """
    hashes: list[_Hash | None] = [None] * len(pairs) if digests is None else [*digests]
    if len(hashes) != len(pairs):
        raise ValueError(f"{len(pairs)} pairs of files, {len(hashes)} digests")
    workers = min(len(pairs), os.cpu_count() or 1)
    if workers < 2:
        return [append_file(*pair, digest) for pair, digest in zip(pairs, hashes, strict=True)]
    order = sorted(range(len(pairs)), key=lambda i: -Path(pairs[i][0]).stat().st_size)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {i: pool.submit(append_file, *pairs[i], hashes[i]) for i in order}
        return [futures[i].result() for i in range(len(pairs))]
