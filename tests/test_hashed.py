"""files.hashed: a stream's bytes hashed as they are written, the stream left open."""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest

from nerima_opendata.files.hashed import HashedStream

#: (case, the writes)
CASES: list[tuple[str, list[bytes]]] = [
    ("nothing", []),
    ("one", [b"<s> <p> <o> .\n"]),
    ("several", [b"a", b"", "日本語".encode(), bytes(range(256)) * 4_000]),
]


@pytest.mark.parametrize(("case", "writes"), CASES, ids=[c[0] for c in CASES])
def test_what_is_written_is_hashed(case: str, writes: list[bytes]) -> None:
    target, digest = io.BytesIO(), hashlib.sha256()
    stream = HashedStream(target, digest)
    assert [stream.write(data) for data in writes] == [len(data) for data in writes]
    stream.close()
    assert not target.closed  # its owner closes it
    assert target.getvalue() == b"".join(writes)
    assert digest.hexdigest() == hashlib.sha256(b"".join(writes)).hexdigest()
    assert isinstance(stream, io.RawIOBase)  # the writers write bytes to it


class _Short(io.BytesIO):
    """Writes at most three bytes a call (as a raw stream may)."""

    def write(self, data: Any, /) -> int:
        return super().write(bytes(data)[:3])


def test_only_the_bytes_written_are_hashed() -> None:
    target, digest = _Short(), hashlib.sha256()
    assert HashedStream(target, digest).write(b"abcdef") == 3
    assert target.getvalue() == b"abc"
    assert digest.hexdigest() == hashlib.sha256(b"abc").hexdigest()
