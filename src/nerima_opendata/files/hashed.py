"""A binary stream that hashes every byte written through it: a file's SHA-256 made as
the file is written, so a large file is not read again for its hash."""

from __future__ import annotations

import io
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import _Hash

    from _typeshed import ReadableBuffer

__all__ = ["HashedStream"]


class HashedStream(io.RawIOBase):
    """Writes to ``stream``, and gives ``digest`` the bytes each write put there.

    Closing it leaves ``stream`` open: its owner closes it.
    """

    def __init__(self, stream: IO[bytes], digest: _Hash) -> None:
        super().__init__()
        self._stream, self.digest = stream, digest

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        """Write ``data``, and give the bytes written (all, to a file opened ``"wb"``) to
        the digest."""
        count = self._stream.write(data)
        with memoryview(data) as view:
            self.digest.update(view.cast("B")[:count])
        return count
