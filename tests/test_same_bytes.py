"""files.same_bytes: what is written compared with a file's bytes, nothing kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nerima_opendata.files.same_bytes import SameBytes

FILE = "日本語 <s> <p> <o> .\n".encode() * 1_000

#: (case, the file's bytes or None for no file, the writes, whether they are the same)
CASES: list[tuple[str, bytes | None, list[bytes | str], bool]] = [
    ("whole", FILE, [FILE], True),
    ("in-pieces", FILE, [FILE[:7], FILE[7:8], b"", FILE[8:]], True),
    ("as-text", FILE, [FILE.decode()], True),
    ("empty", b"", [], True),
    ("one-byte-changed", FILE, [FILE[:-2] + b"!\n"], False),
    ("file-longer", FILE, [FILE[:-1]], False),
    ("file-shorter", FILE[:-1], [FILE], False),
    ("differs-then-same", FILE, [b"x" * 10, FILE[10:]], False),
    ("no-file", None, [b""], False),
]


@pytest.mark.parametrize(("case", "text", "writes", "same"), CASES, ids=[c[0] for c in CASES])
def test_the_writes_are_compared_with_the_file(
    tmp_path: Path, case: str, text: bytes | None, writes: list[bytes | str], same: bool
) -> None:
    path = tmp_path / "file.nt"
    if text is not None:
        path.write_bytes(text)
    with SameBytes(path) as stream:
        assert [stream.write(data) for data in writes] == [len(data) for data in writes]
        assert stream.same is same
        assert stream.same is same  # asked again: the same answer
    assert isinstance(stream, io.RawIOBase)  # the writers write bytes to it


@pytest.mark.parametrize(("writes", "same"), [([FILE], True), ([FILE[:-1]], False), ([], False)])
def test_closed_it_keeps_its_answer_and_takes_no_more(
    tmp_path: Path, writes: list[bytes], same: bool
) -> None:
    path = tmp_path / "file.nt"
    path.write_bytes(FILE)
    stream = SameBytes(path)
    for data in writes:
        stream.write(data)
    stream.close()
    stream.close()  # twice: nothing more
    assert stream.same is same
    with pytest.raises(ValueError, match="closed"):
        stream.write(b"x")
