"""A progress callback that records what it is told (steps and counts), for tests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Recorder:
    """A :class:`~nerima_opendata.files.progress.Counting` callback: each step, with the
    ``(done, total)`` counts told after it, and the numbers of steps it was told to
    expect (``plan``)."""

    steps: list[tuple[str, list[tuple[int, int]]]] = field(default_factory=list)
    planned: list[int] = field(default_factory=list)

    def plan(self, steps: int) -> None:
        self.planned.append(steps)

    def __call__(self, step: str) -> None:
        self.steps.append((step, []))

    def count(self, done: int, total: int) -> None:
        self.steps[-1][1].append((done, total))

    def names(self) -> list[str]:
        """The steps, in order."""
        return [step for step, _ in self.steps]

    def counted(self) -> dict[str, list[tuple[int, int]]]:
        """The steps that were told counts, with their counts."""
        return {step: counts for step, counts in self.steps if counts}
