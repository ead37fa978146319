"""files.background: a function run in a forked child gives what it gives in the caller,
and ``validate`` gives the same report with one process or two."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.api import build_publication
from nerima_opendata.checks.validation import validate
from nerima_opendata.errors import WorkerError
from nerima_opendata.files.background import PROCESSES_ENV, Claims, parallel, start


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails(message: str) -> None:
    raise ValueError(message)


@pytest.fixture(params=["two processes", "one process"])
def processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "one process":
        monkeypatch.setenv(PROCESSES_ENV, "1")
    else:
        monkeypatch.delenv(PROCESSES_ENV, raising=False)
    return str(request.param)


def test_the_result_comes_back(processes: str) -> None:
    pid, doubled = start(_pid_and, 21).result()
    assert doubled == 42
    assert (pid != os.getpid()) == (processes == "two processes" and parallel())


def test_the_exception_comes_back(processes: str) -> None:
    with pytest.raises(ValueError, match="no such budget"):
        start(_fails, "no such budget").result()


def _take_all(claims: Claims, names: list[str]) -> list[str]:
    return [name for name in names if claims.take(name)]


def test_each_claim_is_taken_once(processes: str, tmp_path: Path) -> None:
    """Whichever process claims a piece first has it; the other never does."""
    claims = Claims(tmp_path)
    names = [f"piece-{n}" for n in range(200)]
    child = start(_take_all, claims, names)
    mine = _take_all(claims, names)
    theirs = child.result()
    assert sorted(mine + theirs) == sorted(names)
    assert not set(mine) & set(theirs)
    assert claims.take("piece-0") is False  # taken already
    assert claims.take("another") is True


def _ends(how: str) -> None:
    """End this process without a result: by a signal's name, or an exit code."""
    if how.startswith("SIG"):
        os.kill(os.getpid(), getattr(signal, how))
    os._exit(int(how))


#: (how the child ends, the task given, what the error says)
ENDED: list[tuple[str, str | None, str]] = [
    (
        "SIGKILL",
        None,
        "the process running _ends ended before giving its result: killed by "
        "SIGKILL (by the out-of-memory killer, or by a user)",
    ),
    (
        "SIGTERM",
        "checking the tables",
        "the process checking the tables ended before giving its result: killed by SIGTERM",
    ),
    ("3", "writing", "the process writing ended before giving its result: exit code 3"),
]


@pytest.mark.parametrize(("how", "task", "message"), ENDED)
def test_a_child_that_ends_without_a_result_is_a_worker_error(
    monkeypatch: pytest.MonkeyPatch, how: str, task: str | None, message: str
) -> None:
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    if not parallel():
        pytest.skip("one core: no child")
    before = set(multiprocessing.active_children())
    pending = start(_ends, how, task=task)
    with pytest.raises(WorkerError) as info:
        pending.result()
    assert str(info.value) == message
    assert info.value.exitcode == (-getattr(signal, how) if how.startswith("SIG") else int(how))
    with pytest.raises(WorkerError) as again:  # the same error: not run here instead
        pending.result()
    assert again.value is info.value
    assert set(multiprocessing.active_children()) <= before


def _large(size: int) -> bytes:
    return b"x" * size


def test_a_child_killed_while_it_sends_its_result_is_a_worker_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A result larger than the pipe holds is sent in pieces: killed between two, the
    child is a WorkerError, not a broken message."""
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    if not parallel():
        pytest.skip("one core: no child")
    pending = start(_large, 10 * 2**20, task="sending")
    while not pending.ready():  # it has begun to send (and waits for room in the pipe)
        time.sleep(0.01)
    os.kill(pending._process.pid, signal.SIGKILL)
    with pytest.raises(WorkerError, match=r"the process sending ended .*: killed by SIGKILL"):
        pending.result()


def test_a_cancelled_childs_result_is_a_worker_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    if not parallel():
        pytest.skip("one core: no child")
    pending = start(time.sleep, 60, task="sleeping")
    pending.cancel()
    with pytest.raises(WorkerError, match=r"the process sleeping ended .*: killed by SIGTERM"):
        pending.result()  # not run here instead (that would take a minute)


def test_a_cancelled_child_is_stopped() -> None:
    pending = start(_pid_and, 1)
    pending.cancel()
    pending.cancel()  # twice is harmless


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", False), ("", True), ("2", True)],
)
def test_the_environment_chooses(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv(PROCESSES_ENV, value)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert parallel() is expected


def test_one_core_runs_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert start(_pid_and, 1).result() == (os.getpid(), 2)


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("background") / "out"
    build_publication(out)
    return out


def _break_turtle(directory: Path) -> None:
    """A project's amount removed from the Turtle: SHACL, JSON-LD and RDF = CSV differ."""
    (turtle,) = directory.glob("*_budget.ttl")
    text = turtle.read_text(encoding="utf-8")
    start_at = text.index("nb:amount ")
    end = text.index("\n", start_at)
    turtle.write_text(text[:start_at] + text[end + 1 :], encoding="utf-8")


def _break_table(directory: Path) -> None:
    """A table error: the linked-data stage is not reached (its child is stopped)."""
    (projects,) = directory.glob("*_budget_projects.csv")
    text = projects.read_text(encoding="utf-8-sig")
    projects.write_text(text.replace(",", ",x", 1), encoding="utf-8")


def _unbroken(directory: Path) -> None:
    del directory


BREAKS: dict[str, Callable[[Path], Any]] = {
    "valid": _unbroken,
    "turtle": _break_turtle,
    "table": _break_table,
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_validate_reports_the_same_with_one_process_or_two(
    case: str, publication: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "out"
    shutil.copytree(publication, copy)
    BREAKS[case](copy)
    monkeypatch.delenv(PROCESSES_ENV, raising=False)
    two = validate(copy)
    monkeypatch.setenv(PROCESSES_ENV, "1")
    one = validate(copy)
    assert two.to_json() == one.to_json()
    assert two.valid is (case == "valid"), two.render()
