"""files.hashed: a stream's bytes hashed as they are written, the stream left open."""

from __future__ import annotations

import hashlib
import io

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
