"""One file appended to another, in blocks, each given to a hash on its way.

A build writes a large RDF file in two parts, one per process; the process that wrote
(and hashed) the first part then appends the second part's file to it
(:func:`append_file`), giving each block to the file's hash, so the whole file's hash
is made without reading the file again; the files side by side (:func:`append_files`:
reads, writes and hashing of large blocks release the GIL, so threads use every core).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from nerima_opendata.files.paths import StrPath

if TYPE_CHECKING:
    from hashlib import _Hash

__all__ = ["append_file", "append_files"]

#: The bytes read and written at a time.
_BLOCK = 1 << 20


def append_file(source: StrPath, target: StrPath, digest: _Hash | None = None) -> int:
    """Append ``source``'s bytes to ``target`` (which must exist), in blocks of 1 MiB,
    each given to ``digest`` (if any) in order.

    Returns:
        The number of bytes appended.

    Raises:
        OSError: A file cannot be read or written.
    """
    done, block = 0, bytearray(_BLOCK)
    view = memoryview(block)
    with Path(source).open("rb") as reader, Path(target).open("r+b") as writer:
        writer.seek(0, os.SEEK_END)  # the target must exist: it is the first part
        while count := reader.readinto(block):
            if digest is not None:
                digest.update(view[:count])
            writer.write(view[:count])
            done += count
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
        ValueError: ``digests`` is not one per pair.
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
