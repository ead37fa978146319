"""Time limits of a remote call: connect, read, and an overall deadline.

``requests`` knows a connect timeout and a read timeout, the second per read of the
socket: a server that sends one byte every few seconds never trips it. :func:`within`
adds the overall deadline: the call runs in a daemon thread, and the caller gets a
:class:`DeadlineExceeded` when it has not returned in time (the abandoned call ends at
its own next timeout, or with the process; a daemon thread never holds the process).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["DEFAULT_TIMEOUTS", "DeadlineExceeded", "Timeouts", "within"]

T = TypeVar("T")


@dataclass(frozen=True)
class Timeouts:
    """The time limits of one remote call, in seconds.

    Args:
        connect: To open the connection.
        read: Between two reads of the answer (``requests``' read timeout).
        deadline: For the whole call, sending and answer included.
    """

    connect: float = 10.0
    read: float = 60.0
    deadline: float = 300.0

    def for_requests(self) -> tuple[float, float]:
        """The ``timeout`` argument of ``requests``: (connect, read)."""
        return (self.connect, self.read)


#: The limits of every remote call unless a caller gives others.
DEFAULT_TIMEOUTS = Timeouts()


class DeadlineExceeded(TimeoutError):
    """A remote call did not end within its deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete answer within the deadline of {seconds:g} s")
        self.seconds = seconds


def within(seconds: float, call: Callable[[], T]) -> T:
    """``call()``, or :class:`DeadlineExceeded` after ``seconds``.

    Raises:
        DeadlineExceeded: The call had not returned in time.
        BaseException: What the call raised.
    """
    box: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, call()))
        except BaseException as exc:  # handed to the caller below
            box.put((False, exc))

    threading.Thread(target=run, name="nerima-remote-call", daemon=True).start()
    try:
        ok, value = box.get(timeout=seconds)
    except queue.Empty:
        raise DeadlineExceeded(seconds) from None
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]
