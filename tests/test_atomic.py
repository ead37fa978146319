"""Replacing an output directory: atomic exchange, fallback, failures, leftovers."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from nerima_opendata.errors import OutputError
from nerima_opendata.files import atomic as _atomic
from nerima_opendata.files.atomic import MARKER, atomic_directory
from nerima_opendata.files.ownership import GENERATOR, GENERATOR_KEY

REPLACEMENTS = 300


def _mark(directory: Path, n: int) -> None:
    """Write the tool's marked descriptor of generation ``n``, listing ``data.csv``."""
    descriptor = {GENERATOR_KEY: GENERATOR, "x-n": n, "resources": [{"path": "data.csv"}]}
    (directory / MARKER).write_text(json.dumps(descriptor), encoding="utf-8")


def _write(out: Path, n: int) -> None:
    """Publish generation ``n`` into ``out``."""
    with atomic_directory(out) as tmp:
        (tmp / "data.csv").write_text(f"row,{n}\n", encoding="utf-8")
        _mark(tmp, n)


def _fail_writing(out: Path, error: Exception) -> None:
    """Start publishing into ``out``, check the previous OUT is in place, then fail."""
    with atomic_directory(out) as tmp:
        assert (out / MARKER).is_file()
        (tmp / MARKER).write_text("partial", encoding="utf-8")
        raise error


def _generation(out: Path) -> int:
    return int(json.loads((out / MARKER).read_text(encoding="utf-8"))["x-n"])


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


@pytest.fixture(params=["disk", "tmpfs"])
def base(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A working directory on the disk (/tmp) and, where there is one, on tmpfs."""
    if request.param == "disk":
        yield tmp_path
        return
    if not os.access("/dev/shm", os.W_OK):
        pytest.skip("no writable /dev/shm")
    with tempfile.TemporaryDirectory(dir="/dev/shm") as shm:
        yield Path(shm)


def _spy_on_renameat2(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record the result of each real ``renameat2`` call."""
    real = _atomic._renameat2()
    assert real is not None, "this C library has no renameat2"
    calls: list[object] = []

    def spy(*args: object) -> int:
        result = real(*args)  # type: ignore[arg-type]
        calls.append(result)
        return result

    monkeypatch.setattr(_atomic, "_renameat2", lambda: spy)
    return calls


@pytest.fixture(params=["exchange", "no renameat2", "ENOSYS", "EINVAL"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """How the swap is done; the list records each ``renameat2`` call."""
    calls: list[object] = []
    if request.param == "exchange":
        if sys.platform != "linux":
            pytest.skip("renameat2 is Linux-only")
        return _spy_on_renameat2(monkeypatch)
    if request.param == "no renameat2":
        monkeypatch.setattr(_atomic, "_renameat2", lambda: None)
    else:
        code = getattr(errno, request.param)

        def unsupported(*_args: object) -> int:
            calls.append(code)
            ctypes.set_errno(code)
            return -1

        monkeypatch.setattr(_atomic, "_renameat2", lambda: unsupported)
    return calls


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux-only")
@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames-control"])
def test_out_is_never_missing_during_replacements(
    base: Path, exchange: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader polling OUT never finds it missing; the control shows the poll would notice."""
    out = base / "out"
    _write(out, 0)
    calls = _spy_on_renameat2(monkeypatch)
    if not exchange:
        monkeypatch.setattr(_atomic, "_renameat2", lambda: None)
    seen = {"checks": 0, "missing": 0}
    stop = threading.Event()

    def poll() -> None:
        marker = os.fspath(out / MARKER)
        while not stop.is_set():
            seen["checks"] += 1
            if not os.path.exists(marker):
                seen["missing"] += 1

    reader = threading.Thread(target=poll)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let the reader run between any two steps of a swap
    try:
        reader.start()
        n = 0  # the control stops at the first gap seen
        while n < (REPLACEMENTS if exchange else 10 * REPLACEMENTS):
            n += 1
            _write(out, n)
            if not exchange and seen["missing"]:
                break
    finally:
        stop.set()
        reader.join()
        sys.setswitchinterval(interval)
    assert _generation(out) == n
    assert _siblings(out) == ["out"]
    if exchange:
        assert seen["checks"] > REPLACEMENTS
        assert calls == [0] * REPLACEMENTS, "the atomic exchange was not used"
        assert seen["missing"] == 0, f"OUT missing in {seen['missing']} of {seen['checks']} checks"
    else:
        assert seen["missing"] > 0, f"the poll never saw the two-rename gap: {seen}"


def test_replacement_in_every_mode(mode: list[object], tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, 1)  # OUT is new: one plain rename, no exchange
    assert mode == []
    for n in (2, 3):
        _write(out, n)
        assert _generation(out) == n
        assert sorted(p.name for p in out.iterdir()) == ["data.csv", MARKER]
        assert _siblings(out) == ["out"]
    assert len(mode) in (0, 2)  # every replacement tried the exchange, where there is one


def test_an_empty_directory_is_replaced(mode: list[object], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _write(out, 1)
    assert _generation(out) == 1
    assert _siblings(out) == ["out"]


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), ValueError("bug")])
def test_failure_mid_write_leaves_out_untouched(
    mode: list[object], tmp_path: Path, error: Exception
) -> None:
    out = tmp_path / "out"
    _write(out, 1)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(OutputError if isinstance(error, OSError) else ValueError):
        _fail_writing(out, error)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert _siblings(out) == ["out"]
    assert mode == []


def test_a_failed_exchange_leaves_out_untouched(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def refused(*_args: object) -> int:
        ctypes.set_errno(errno.EACCES)
        return -1

    out = tmp_path / "out"
    _write(out, 1)
    monkeypatch.setattr(_atomic, "_renameat2", lambda: refused)
    with pytest.raises(OutputError, match="Permission denied"):
        _write(out, 2)
    assert _generation(out) == 1
    assert _siblings(out) == ["out"]


def test_a_run_killed_between_the_two_renames_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, 1)
    out.rename(tmp_path / ".out.old-k1lled00")  # OUT moved aside, the new one never came
    (tmp_path / ".out.tmp-k1lled00").mkdir()  # and its working directory left behind
    with pytest.raises(OutputError, match="No space left"):
        _fail_writing(out, OSError(28, "No space left on device"))  # OUT is back at the start
    assert _generation(out) == 1
    assert _siblings(out) == ["out"]


def test_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, 1)
    for name in (".out.tmp-abc_1234", ".out.old-xyz_9876"):
        (tmp_path / name).mkdir()
        (tmp_path / name / MARKER).write_text("0", encoding="utf-8")
    kept = [".out.tmp-notours.txt", ".other.tmp-abc_1234", ".out.old-ABCDEFGH"]
    for name in kept:
        (tmp_path / name).mkdir()
    _write(out, 2)
    assert _generation(out) == 2
    assert _siblings(out) == sorted(["out", *kept])


def test_a_concurrent_run_keeps_its_working_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _write(out, 1)
    with atomic_directory(out) as outer:
        _mark(outer, 3)
        _write(out, 2)  # cleans leftovers, but the outer run holds its lock
        assert (outer / MARKER).exists()
        assert _generation(out) == 2
    assert _generation(out) == 3
    assert _siblings(out) == ["out"]
