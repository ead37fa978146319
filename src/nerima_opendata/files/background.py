"""Run one function in a forked child process while the caller goes on: a second core.

``validate`` has independent stages (the linked-data checks read only the RDF files; the
table checks read only the CSV). On a machine with more than one core the first is
started in a child (:func:`start`) and its result collected later
(:meth:`Pending.result`); the caller meanwhile runs the other. The result (or the
exception) comes back pickled through a pipe.

The child is made by ``fork``, so it starts at once with every module the caller has
imported; where ``fork`` is missing (Windows, macOS's default), where there is one core,
or inside a daemonic process (which may not have children), or when
``NERIMA_OPENDATA_PROCESSES=1`` is set, the function simply runs in the caller when its
result is asked for: the same result, one core.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

from nerima_opendata.errors import WorkerError
from nerima_opendata.files.paths import StrPath

__all__ = ["Claims", "Pending", "parallel", "start"]

T = TypeVar("T")

#: Set to ``1`` to run everything in the calling process.
PROCESSES_ENV = "NERIMA_OPENDATA_PROCESSES"


def parallel() -> bool:
    """Whether a second process is worth starting here."""
    if os.environ.get(PROCESSES_ENV, "").strip() == "1":
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False  # pragma: no cover - Linux has fork
    if multiprocessing.current_process().daemon:
        return False  # pragma: no cover - a daemon may not have children
    return (os.cpu_count() or 1) > 1


def _run(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        payload: tuple[bool, Any] = (True, function(*args))
    except BaseException as exc:  # pragma: no cover - sent back and raised in the parent
        payload = (False, exc)
    try:
        try:
            data = pickle.dumps(payload)
        except Exception as exc:  # pragma: no cover - an exception that cannot be pickled
            data = pickle.dumps((False, RuntimeError(f"{payload[1]!r} ({exc})")))
        connection.send_bytes(data)
    finally:
        connection.close()


class Pending(Generic[T]):
    """A result on its way: from a child process, or computed when asked for."""

    def __init__(
        self, function: Callable[..., T], args: tuple[Any, ...], task: str | None = None
    ) -> None:
        self._function, self._args = function, args
        self._task = task
        self._process: Any = None
        self._connection: Connection | None = None
        self._outcome: tuple[bool, Any] | None = None
        if parallel():
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_run, args=(send, function, args))
            self._process.start()
            send.close()
            self._connection = receive

    def ready(self) -> bool:
        """Whether the result is here (``result`` would not wait): never, when the
        function runs in the caller, until it is asked for."""
        if self._outcome is not None:
            return True
        return self._connection is not None and self._connection.poll()

    def result(self) -> T:
        """The function's result (the same each time); its exception is raised here,
        each time (:class:`~nerima_opendata.errors.WorkerError` when the child ended
        without sending it)."""
        if self._outcome is None:
            self._outcome = self._receive()
        ok, value = self._outcome
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def _receive(self) -> tuple[bool, Any]:
        if self._process is None:  # no child: it runs here
            try:
                return True, self._function(*self._args)
            except Exception as exc:
                return False, exc
        if self._connection is None:  # interrupted while it waited before: the child is
            return False, self._ended()  # stopped
        data: bytes | None = None
        try:
            data = self._connection.recv_bytes()
        except (EOFError, OSError):  # the child ended before it had sent it all
            pass
        except BaseException:  # interrupted here: the child's work is not wanted
            self._process.terminate()
            raise
        finally:
            self._connection.close()
            self._connection = None
            self._process.join()
        if data is None:
            return False, self._ended()
        try:
            outcome: tuple[bool, Any] = pickle.loads(data)
        except Exception as exc:  # pragma: no cover - an error that cannot be read back
            return False, RuntimeError(f"the result of {self._name} cannot be read: {exc!r}")
        return outcome

    def _ended(self) -> WorkerError:
        """What a child that ended without its result is (after ``join``)."""
        return WorkerError(self._task or f"running {self._name}", self._process.exitcode)

    def cancel(self) -> None:
        """Stop the child, its result no longer wanted (asked for after all, it is a
        :class:`~nerima_opendata.errors.WorkerError`)."""
        if self._connection is not None:
            self._process.terminate()
            self._process.join()
            self._connection.close()
            self._connection = None
            if self._outcome is None:
                self._outcome = (False, self._ended())

    @property
    def _name(self) -> str:
        function = getattr(self._function, "func", self._function)  # a partial's function
        return str(getattr(function, "__qualname__", "a function"))


def start(function: Callable[..., T], *args: Any, task: str | None = None) -> Pending[T]:
    """Start ``function(*args)`` in a child process when there is a core for it.

    ``task`` says what it does, for the error should the child end without a result
    (:class:`~nerima_opendata.errors.WorkerError`: "the process {task} ended …"), e.g.
    "checking the tables"; by default, "running" and the function's name.
    """
    return Pending(function, args, task)


class Claims:
    """Pieces of work shared out between the caller and its child: each is done by the
    first that claims it, whichever is free first.

    A claim is the exclusive creation of a file named after the piece, in a directory
    both processes see (made and removed by the caller), so it holds across ``fork``
    and when everything runs in the caller.
    """

    def __init__(self, directory: StrPath) -> None:
        self.directory = Path(directory)

    def take(self, name: str) -> bool:
        """Whether this process is the first to claim the piece ``name`` (then it must
        do it)."""
        try:
            os.close(os.open(self.directory / name, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def wait(self, name: str, stop: Callable[[], bool], every: float = 0.02) -> bool:
        """Wait until some process has claimed ``name`` (a piece that says another is
        done, say); ``False`` as soon as ``stop`` says it will not be."""
        while not (self.directory / name).exists():
            if stop():
                return False
            time.sleep(every)
        return True
