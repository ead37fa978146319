"""Temporary directories named by their owner's process: what the next run sweeps."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nerima_opendata.files.keystore import KeyStore
from nerima_opendata.files.scratch import lock_directory, owned_prefix, scratch, sweep

PREFIX = "nerima-test-"


@pytest.fixture(scope="module")
def gone() -> int:
    """The pid of a process that has ended."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


# (name made from the prefix, the dead pid and this pid; a directory?; swept?)
CASES = [
    ("{p}{gone}-abc123", True, True),  # a killed run's directory
    ("{p}{gone}-abc123.log", False, True),  # and a file beside it
    ("{p}{alive}-def456", True, False),  # this process's own
    ("{p}notapid", True, False),  # not named by the scheme
    ("{p}{gone}", True, False),  # no random part
    ("other-{gone}-abc123", True, False),  # another prefix
    ("x{p}{gone}-abc123", True, False),  # the prefix not first
    ("{p}99999999999999999999-abc", True, False),  # no process can have it
]


@pytest.mark.parametrize(("pattern", "directory", "swept"), CASES)
def test_only_what_a_process_that_has_ended_left_is_swept(
    tmp_path: Path, gone: int, pattern: str, directory: bool, swept: bool
) -> None:
    path = tmp_path / pattern.format(p=PREFIX, gone=gone, alive=os.getpid())
    if directory:
        (path / "inside").mkdir(parents=True)
    else:
        path.write_text("log", encoding="utf-8")
    assert sweep(PREFIX, tmp_path) == ([path] if swept else [])
    assert path.exists() is not swept


def test_a_link_is_removed_not_followed(tmp_path: Path, gone: int) -> None:
    target = tmp_path / "kept"
    (target / "inside").mkdir(parents=True)
    link = tmp_path / f"{PREFIX}{gone}-abc123"
    link.symlink_to(target, target_is_directory=True)
    assert sweep(PREFIX, tmp_path) == [link]
    assert not link.is_symlink() and (target / "inside").is_dir()


def test_a_prefix_with_pattern_characters_is_matched_literally(tmp_path: Path, gone: int) -> None:
    odd = "n[1]*?-"
    mine = tmp_path / f"{odd}{gone}-abc"
    other = tmp_path / f"n1x-{gone}-abc"  # what "n[1]*?-" would match as a pattern
    mine.mkdir()
    other.mkdir()
    assert sweep(odd, tmp_path) == [mine]
    assert other.exists()


def test_a_directory_whose_lock_is_held_is_kept(tmp_path: Path, gone: int) -> None:
    """A process in another PID namespace (a container sharing /tmp) may still use a
    directory whose pid is not running here: its lock says so."""
    held = tmp_path / f"{PREFIX}{gone}-abc123"
    held.mkdir()
    fd = lock_directory(held)
    try:
        assert sweep(PREFIX, tmp_path) == []
        assert held.is_dir()
    finally:
        if fd is not None:
            os.close(fd)
    assert sweep(PREFIX, tmp_path) == [held]


def test_a_log_stays_while_its_directory_does(tmp_path: Path, gone: int) -> None:
    held = tmp_path / f"{PREFIX}{gone}-abc123"
    held.mkdir()
    log = tmp_path / f"{held.name}.log"
    log.write_text("log", encoding="utf-8")
    fd = lock_directory(held)
    try:
        assert sweep(PREFIX, tmp_path) == []
    finally:
        if fd is not None:
            os.close(fd)
    assert sweep(PREFIX, tmp_path) == [held, log]


def test_a_scratch_directory_holds_its_lock_until_removed(tmp_path: Path) -> None:
    made = scratch(PREFIX, tmp_path)
    with pytest.raises(BlockingIOError):
        lock_directory(made.name)
    made.cleanup()
    made.cleanup()  # twice is harmless
    assert not Path(made.name).exists()


def test_a_scratch_directory_left_to_the_collector_is_removed(tmp_path: Path) -> None:
    made = scratch(PREFIX, tmp_path)
    name = made.name
    del made
    gc.collect()
    assert not Path(name).exists()
    assert list(tmp_path.iterdir()) == []


def test_a_missing_directory_sweeps_nothing(tmp_path: Path) -> None:
    assert sweep(PREFIX, tmp_path / "missing") == []


def test_scratch_sweeps_first_and_is_named_for_this_process(tmp_path: Path, gone: int) -> None:
    stale = tmp_path / f"{PREFIX}{gone}-abc123"
    stale.mkdir()
    with scratch(PREFIX, tmp_path) as made:
        assert not stale.exists()
        assert Path(made).name.startswith(owned_prefix(PREFIX))
        assert owned_prefix(PREFIX) == f"{PREFIX}{os.getpid()}-"
        assert Path(made).parent == tmp_path
    assert not Path(made).exists()


def test_a_spilling_key_store_sweeps_a_killed_runs_spill(tmp_path: Path, gone: int) -> None:
    stale = tmp_path / f"nerima-keys-{gone}-abc123"
    stale.mkdir()
    (stale / "keys.sqlite").write_bytes(b"x" * 1024)
    with KeyStore(memory_limit=1, directory=tmp_path) as store:
        store.add("a")
        store.add("b")
        assert store.spilled
        assert not stale.exists()
        (spill,) = tmp_path.iterdir()
        assert spill.name.startswith(f"nerima-keys-{os.getpid()}-")
    assert list(tmp_path.iterdir()) == []
