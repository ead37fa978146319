"""files.append: one file appended to another in blocks, each given to a hash: the
same bytes, and the whole file's hash."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from nerima_opendata.files.append import append_file, append_files


@pytest.mark.parametrize("size", [0, 1, 5_000, (1 << 20) - 1, (1 << 20) + 17, 3 << 20])
def test_the_source_is_appended(tmp_path: Path, size: int) -> None:
    head, tail = b"<first part>\n" * 3, bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "whole").write_bytes(head)
    (tmp_path / "part").write_bytes(tail)
    assert append_file(tmp_path / "part", tmp_path / "whole") == size
    assert (tmp_path / "whole").read_bytes() == head + tail
    assert (tmp_path / "part").read_bytes() == tail


def test_a_missing_file_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "whole").write_bytes(b"kept")
    with pytest.raises(FileNotFoundError):
        append_file(tmp_path / "absent", tmp_path / "whole")
    assert (tmp_path / "whole").read_bytes() == b"kept"
    (tmp_path / "part").write_bytes(b"x")
    with pytest.raises(FileNotFoundError):  # the first part must be there
        append_file(tmp_path / "part", tmp_path / "absent")
    assert not (tmp_path / "absent").exists()


@pytest.mark.parametrize("cores", [1, 2, 4])
def test_files_are_appended_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    pairs, expected = [], []
    for n, size in enumerate([10, 300_000, 0, 70_000]):
        source, target = tmp_path / f"part{n}", tmp_path / f"whole{n}"
        source.write_bytes(bytes([n]) * size)
        target.write_bytes(b"head")
        pairs.append((source, target))
        expected.append(b"head" + bytes([n]) * size)
    assert append_files(pairs) == [10, 300_000, 0, 70_000]
    assert [target.read_bytes() for _, target in pairs] == expected


def test_a_failed_copy_is_raised(tmp_path: Path) -> None:
    (tmp_path / "whole").write_bytes(b"")
    (tmp_path / "part").write_bytes(b"x")
    with pytest.raises(FileNotFoundError):
        append_files(
            [(tmp_path / "part", tmp_path / "whole"), (tmp_path / "part", tmp_path / "no" / "x")]
        )


@pytest.mark.parametrize("size", [0, 1, (1 << 20) - 1, (1 << 20) + 17, 3 << 20])
def test_a_digest_of_the_first_part_ends_as_the_whole_files(tmp_path: Path, size: int) -> None:
    """With a digest made of the first part, the bytes go through it in blocks: it ends
    as the whole file's hash."""
    head, tail = b"<first part>\n" * 3, bytes(range(256)) * (size // 256) + b"y" * (size % 256)
    (tmp_path / "whole").write_bytes(head)
    (tmp_path / "part").write_bytes(tail)
    digest = hashlib.sha256(head)
    assert append_file(tmp_path / "part", tmp_path / "whole", digest) == size
    assert (tmp_path / "whole").read_bytes() == head + tail
    assert digest.hexdigest() == hashlib.sha256(head + tail).hexdigest()


@pytest.mark.parametrize("cores", [1, 2])
def test_files_are_appended_side_by_side_with_their_digests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    pairs, digests = [], []
    for n, size in enumerate([10, 3_000_000, 0]):
        (tmp_path / f"part{n}").write_bytes(bytes([n]) * size)
        (tmp_path / f"whole{n}").write_bytes(b"head")
        pairs.append((tmp_path / f"part{n}", tmp_path / f"whole{n}"))
        digests.append(hashlib.sha256(b"head"))
    assert append_files(pairs, digests) == [10, 3_000_000, 0]
    assert [d.hexdigest() for d in digests] == [
        hashlib.sha256(target.read_bytes()).hexdigest() for _, target in pairs
    ]
    with pytest.raises(ValueError, match="3 pairs of files, 2 digests"):
        append_files(pairs, digests[:2])
