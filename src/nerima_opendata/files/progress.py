"""Progress of long work, for a caller that shows it (the command line, on a terminal).

A progress callback is called with a short description before each step
(``Callable[[str], None]``, as :func:`nerima_opendata.api.build_publication` takes). A
callback that also has a ``count(done, total)`` method (:class:`Counting`) is told, while
a long step runs, how far it is: ``done`` units (lines, statements) of about ``total``
(``0`` when unknown; ``done`` may pass an estimated ``total``). A callback that has a
``plan(steps)`` method is told, before the first step, how many steps the work has, where
the library knows. A plain function is told the steps only, so every callback written for
the steps keeps working.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

from nerima_opendata.files.paths import StrPath

__all__ = [
    "Count",
    "Counting",
    "Say",
    "Tally",
    "begin",
    "count_line_ends",
    "count_rows",
    "counter_of",
    "plan_steps",
]

T = TypeVar("T")

#: Told each step's description.
Say = Callable[[str], None]
#: Told ``(done, total)`` within a step.
Count = Callable[[int, int], None]


@runtime_checkable
class Counting(Protocol):
    """A progress callback that is also told the counts within a step."""

    def __call__(self, step: str) -> None: ...

    def count(self, done: int, total: int) -> None: ...


def counter_of(progress: Say | None) -> Count | None:
    """The ``count`` method of a progress callback that has one, else ``None`` (an
    attribute ``count`` that cannot be called, e.g. a number, is not one)."""
    if isinstance(progress, Counting) and callable(progress.count):
        return progress.count
    return None


def plan_steps(progress: Say | None, steps: int) -> None:
    """Tell a callback that has a ``plan(steps)`` method how many steps the work has."""
    plan = getattr(progress, "plan", None)
    if callable(plan):
        plan(steps)


def begin(progress: Say | None, steps: int, first: str) -> None:
    """Start work of ``steps`` steps: tell the plan (:func:`plan_steps`), then the first."""
    plan_steps(progress, steps)
    if progress is not None:
        progress(first)


class Tally:
    """Counts the items of one or more iterables toward one ``total``, telling ``count``
    every ``every`` items and at :meth:`end` (for items that each cost far more than a
    generator's step: rows, groups)."""

    def __init__(self, count: Count, total: int, every: int = 4_096) -> None:
        self.count, self.total, self.every = count, total, every
        self.done = 0

    def __call__(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, counted as they go by."""
        for item in items:
            self.done += 1
            if self.done % self.every == 0:
                self.count(self.done, self.total)
            yield item

    def add(self, done: int) -> None:
        """Count ``done`` more items (a batch), telling ``count`` when that passes a
        multiple of ``every``."""
        before, self.done = self.done, self.done + done
        if self.done // self.every != before // self.every:
            self.count(self.done, self.total)

    def end(self) -> None:
        """Tell the final count."""
        self.count(self.done, self.total)


def count_line_ends(path: StrPath, at_most: int | None = None) -> int:
    """How many line feeds a file holds, read in blocks of 1 MiB; with ``at_most``,
    read only until there are more (the count so far, then)."""
    found = 0
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            found += block.count(b"\n")
            if at_most is not None and found > at_most:
                break
    return found


def count_rows(paths: Sequence[StrPath]) -> int:
    """About how many rows the CSV files hold: their line ends less one header each (a
    quoted cell may hold a line end, so it is an estimate, for progress only)."""
    return sum(max(count_line_ends(path) - 1, 0) for path in paths)
