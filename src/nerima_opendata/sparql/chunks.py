"""The N-Triples of a publication cut into bounded request bodies, at line boundaries.

A national collection is gigabytes of N-Triples; one HTTP request that size meets
proxies' and servers' request limits and, when it breaks, sends everything again.
:func:`plan_chunks` cuts the files into chunks of at most ``limit`` bytes (a line longer
than that makes one longer chunk), each ending at a line break, so each is valid
N-Triples on its own. :func:`nerima_opendata.sparql.triplestore.load` PUTs the first
(replacing the graph) and POSTs the rest (appending): SPARQL 1.1 Graph Store Protocol.

A blank node is local to a request: ``_:b0`` in two POSTs names two nodes. A file with
blank nodes (the library writes none) is therefore sent whole, in one chunk.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath

__all__ = ["CHUNK_BYTES", "Chunk", "ChunkBody", "Part", "check_unchanged", "plan_chunks"]

#: The default size of a request body: 50 MiB (about 300,000 triples).
CHUNK_BYTES = 50 * 1024 * 1024
_BLOCK = 1 << 16


@dataclass(frozen=True)
class Part:
    """Bytes ``start``–``end`` of a file (``file_size`` when planned), or, for a file
    converted on the fly (the DCAT description), the converted ``data``."""

    path: Path
    start: int
    end: int
    file_size: int
    data: bytes | None = None

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Chunk:
    """One request body: whole lines of one or more parts."""

    parts: tuple[Part, ...]

    @property
    def bytes(self) -> int:
        return sum(part.size for part in self.parts)


def _line_end(handle: BinaryIO, start: int, end: int, size: int) -> int:
    """Just after the last line break in ``start``–``end`` (or, if a line is longer, after
    the first break past ``end``)."""
    stop = end
    while stop > start:
        window = min(stop - start, _BLOCK)
        handle.seek(stop - window)
        cut = handle.read(window).rfind(b"\n")
        if cut >= 0:
            return stop - window + cut + 1
        stop -= window
    handle.seek(end)
    while block := handle.read(_BLOCK):
        cut = block.find(b"\n")
        if cut >= 0:
            return handle.tell() - len(block) + cut + 1
    return size


def _has_blank_nodes(handle: BinaryIO) -> bool:
    """Whether ``_:`` occurs anywhere (in a literal too: then the file is sent whole,
    which is safe)."""
    handle.seek(0)
    tail = b""
    while block := handle.read(_BLOCK):
        if b"_:" in tail + block[:1] or b"_:" in block:
            return True
        tail = block[-1:]
    return False


def _ranges(path: Path, limit: int) -> list[Part]:
    size = path.stat().st_size
    parts = []
    with path.open("rb") as handle:
        start = 0
        while start < size:
            end = min(start + limit, size)
            if end < size:
                end = _line_end(handle, start, end, size)
            parts.append(Part(path, start, end, size))
            start = end
        if len(parts) > 1 and _has_blank_nodes(handle):
            return [Part(path, 0, size, size)]
    return parts


def plan_chunks(
    files: Sequence[tuple[StrPath, bytes | None]], limit: int = CHUNK_BYTES
) -> tuple[Chunk, ...]:
    """The chunks of ``files``, in order: each file is ``(path, None)`` (sent as it is)
    or ``(path, converted)`` (its N-Triples made in memory, small; sent whole)."""
    if limit < 1:
        raise InputError("the chunk size must be positive", found=str(limit))
    parts: list[Part] = []
    for name, data in files:
        path = Path(name)
        if data is None:
            parts += _ranges(path, limit)
        elif data:
            parts.append(Part(path, 0, len(data), path.stat().st_size, data))
    chunks: list[list[Part]] = []
    for part in parts:
        if chunks and sum(p.size for p in chunks[-1]) + part.size <= limit:
            chunks[-1].append(part)
        else:
            chunks.append([part])
    return tuple(Chunk(tuple(group)) for group in chunks) or (Chunk(()),)


def check_unchanged(chunks: Sequence[Chunk]) -> None:
    """Raise if a file read as it is changed size since the plan was made.

    Raises:
        InputError: A file grew, shrank or went.
    """
    for chunk in chunks:
        for part in chunk.parts:
            size = part.path.stat().st_size if part.path.exists() else -1
            if part.data is None and size != part.file_size:
                raise InputError(
                    "the publication changed after it was read; the upload was aborted",
                    path=part.path,
                    expected=f"{part.file_size:,} bytes of N-Triples",
                )


class ChunkBody:
    """A request body streamed from its parts, of a known length (sent with
    ``Content-Length``, not chunked transfer encoding). If the files no longer hold the
    planned bytes, the upload is aborted rather than sent short."""

    def __init__(self, chunk: Chunk) -> None:
        self._chunk = chunk

    def __len__(self) -> int:
        return self._chunk.bytes

    def __iter__(self) -> Iterator[bytes]:
        for part in self._chunk.parts:
            if part.data is not None:
                yield part.data
                continue
            yield from self._read(part)

    @staticmethod
    def _read(part: Part) -> Iterator[bytes]:
        with part.path.open("rb") as handle:
            handle.seek(part.start)
            left = part.size
            while left:
                block = handle.read(min(left, _BLOCK))
                if not block:
                    raise InputError(
                        "the publication changed after it was read; the upload was aborted",
                        path=part.path,
                        expected=f"{part.file_size:,} bytes of N-Triples",
                    )
                left -= len(block)
                yield block
