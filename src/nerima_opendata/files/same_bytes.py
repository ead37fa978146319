"""A binary stream that compares what is written to it with a file's bytes, instead of
keeping them: ``validate`` asks whether a published file is byte for byte what the
writers make of the tables, with no second file and no hash."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

from nerima_opendata.files.paths import StrPath

__all__ = ["SameBytes"]


class SameBytes(io.RawIOBase):
    """Written to like a file; :attr:`same` says whether everything written is the
    file's bytes, all of them. The file is read as far as the writes go, and no further
    once they differ. A file that cannot be read is not the same."""

    def __init__(self, path: StrPath) -> None:
        super().__init__()
        self.path = Path(path)
        self._file: IO[bytes] | None
        self._answer = False
        try:
            self._file = self.path.open("rb")
        except OSError:
            self._file = None

    def writable(self) -> bool:
        """A SameBytes is written to."""
        return True

    def write(self, data: str | bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        """Take text (as UTF-8) or bytes; compare them with the file's next bytes."""
        if self.closed:
            raise ValueError("write to a closed SameBytes")
        block = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        if self._file is not None:
            try:
                if self._file.read(len(block)) != block:
                    self._differ()
            except OSError:
                self._differ()
        return len(data)

    @property
    def same(self) -> bool:
        """Whether what was written is the whole file (nothing of it left unread); once
        closed, whether it was then."""
        if self._file is None:
            return self._answer
        try:
            if self._file.read(1):
                self._differ()
        except OSError:
            self._differ()
        return self._file is not None

    def close(self) -> None:
        """Close the file (``same`` keeps its answer; nothing more is written)."""
        if not self.closed:
            self._answer = self.same
            self._differ()
        super().close()

    def _differ(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
