"""files/progress.py: which callbacks count, the row estimate, the tally."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nerima_opendata.files.progress import (
    Counting,
    Tally,
    count_line_ends,
    count_rows,
    counter_of,
    plan_steps,
)
from tests.recorder import Recorder


def _plain(step: str) -> None:
    del step


class _CountIsANumber:
    """A step callback that happens to keep a number called ``count``."""

    count = 0

    def __call__(self, step: str) -> None:
        del step


@pytest.mark.parametrize(
    ("callback", "counts"),
    [
        pytest.param(None, False, id="none"),
        pytest.param(_plain, False, id="a-plain-function"),
        pytest.param(print, False, id="a-builtin"),
        pytest.param(Recorder(), True, id="a-counting-object"),
        pytest.param(_CountIsANumber(), False, id="count-is-not-a-method"),
    ],
)
def test_only_a_callback_with_count_is_told_counts(callback: object, counts: bool) -> None:
    found = counter_of(callback)  # type: ignore[arg-type]
    assert (found is not None) == counts
    if counts:
        assert isinstance(callback, Counting)


@pytest.mark.parametrize(
    ("texts", "rows"),
    [
        pytest.param(["a,b\n1,2\n3,4\n"], 2, id="one-file"),
        pytest.param(["a\n1\n", "a\n1\n2\n"], 3, id="two-files"),
        pytest.param(["a\n"], 0, id="header-only"),
        pytest.param([""], 0, id="empty-file"),
        pytest.param(["", "a\n1\n"], 1, id="an-empty-file-takes-nothing-from-another"),
        pytest.param(['a\n"x\ny"\n'], 2, id="a-quoted-line-end-is-an-estimate"),
        pytest.param(["a\n" + "1\n" * 300_000], 300_000, id="more-than-a-block"),
    ],
)
def test_count_rows(tmp_path: Path, texts: list[str], rows: int) -> None:
    paths = []
    for index, text in enumerate(texts):
        path = tmp_path / f"{index}.csv"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    assert count_rows(paths) == rows


@pytest.mark.parametrize(
    ("sizes", "every", "told"),
    [
        pytest.param([5], 2, [2, 4, 5], id="one-iterable"),
        pytest.param([3, 3], 2, [2, 4, 6, 6], id="two-iterables-one-count"),
        pytest.param([0], 2, [0], id="nothing"),
    ],
)
def test_tally(sizes: list[int], every: int, told: list[int]) -> None:
    recorder = Recorder()
    recorder("step")
    tally = Tally(recorder.count, 10, every=every)
    items = [x for size in sizes for x in tally(range(size))]
    tally.end()
    assert len(items) == sum(sizes)
    assert recorder.counted()["step"] == [(n, 10) for n in told]


class _PlanIsAList:
    """A step callback that happens to keep a sequence called ``plan`` (told nothing,
    and nothing raised)."""

    plan = (3,)

    def __call__(self, step: str) -> None:
        del step


@pytest.mark.parametrize(
    "callback",
    [None, _plain, print, _PlanIsAList()],
    ids=["none", "a-plain-function", "a-builtin", "plan-is-not-a-method"],
)
def test_only_a_callback_with_plan_is_told_the_steps(callback: object) -> None:
    plan_steps(callback, 3)  # type: ignore[arg-type]
    recorder = Recorder()
    plan_steps(recorder, 3)
    assert recorder.planned == [3]


def _build(out: Path, recorder: Recorder) -> None:
    from nerima_opendata.api import build_publication

    build_publication(out, progress=recorder)


def _compare(out: Path, recorder: Recorder) -> None:
    from nerima_opendata import write_package
    from nerima_opendata.api import compare_budgets
    from tests.model.test_compare import _changed

    write_package(_changed(), out.parent / "both")
    compare_budgets(out.parent / "both", "2021", "2022", out, progress=recorder)


@pytest.mark.parametrize("run", [_build, _compare], ids=["build", "compare"])
def test_the_steps_told_are_the_steps_planned(
    tmp_path: Path, run: Callable[[Path, Recorder], None]
) -> None:
    """The command line numbers the steps out of the plan (a book's build: see
    tests/test_book_build.py)."""
    recorder = Recorder()
    run(tmp_path / "out", recorder)
    assert recorder.planned == [len(recorder.names())]
    assert len(recorder.names()) > 1


@pytest.mark.parametrize(
    ("batches", "every", "told"),
    [
        pytest.param([5], 2, [5, 5], id="one-batch-past-two-multiples"),
        pytest.param([1, 1, 1, 1], 2, [2, 4, 4], id="one-at-a-time"),
        pytest.param([3, 0, 4], 4, [7, 7], id="an-empty-batch"),
        pytest.param([], 2, [0], id="nothing"),
    ],
)
def test_tally_counts_batches(batches: list[int], every: int, told: list[int]) -> None:
    recorder = Recorder()
    recorder("step")
    tally = Tally(recorder.count, 10, every=every)
    for size in batches:
        tally.add(size)
    tally.end()
    assert recorder.counted()["step"] == [(n, 10) for n in told]


BIG = "<s> <p> <o> .\n" * 200_000  # 2.8 MB: three blocks of 1 MiB


@pytest.mark.parametrize(
    ("text", "at_most", "found"),
    [
        pytest.param(BIG, None, 200_000, id="all"),
        pytest.param(BIG, 200_000, 200_000, id="as-many-as-allowed: all read"),
        pytest.param(BIG, 199_999, 200_000, id="one-more-in-the-last-block"),
        pytest.param(BIG, 10, 74_898, id="more: the first block's"),
        pytest.param("a\nb", 0, 1, id="past-zero"),
        pytest.param("", 0, 0, id="empty"),
    ],
)
def test_count_line_ends_stops_once_there_are_more(
    tmp_path: Path, text: str, at_most: int | None, found: int
) -> None:
    """With ``at_most``, the count goes only as far as it must to be over it."""
    path = tmp_path / "lines.nt"
    path.write_text(text, encoding="utf-8")
    assert count_line_ends(path, at_most) == found
