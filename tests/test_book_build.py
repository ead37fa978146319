"""A budget book built from its package by streaming equals the in-memory build.

:func:`nerima_opendata.publication.book_build.build_book` never holds the lines; every
file it writes must be the bytes :func:`nerima_opendata.build` writes from the whole
budget, for a package holding the budget alone (copied tables) and for one holding
several budgets (filtered tables).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import signal
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata import build, build_publication, write_package
from nerima_opendata.checks.book_input import checked_book
from nerima_opendata.errors import InputError, InvalidPackageError, OutputError, WorkerError
from nerima_opendata.files import append
from nerima_opendata.files.background import PROCESSES_ENV, parallel
from nerima_opendata.model import Budget
from nerima_opendata.model.digest import BookDigest
from nerima_opendata.publication import rdf_parts
from nerima_opendata.publication.book_build import _LARGE, BookSource, build_book
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, BudgetIRIs
from nerima_opendata.readers.book import read_budget_book
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS
from nerima_opendata.writers.rdf_blocks import Unsupported
from nerima_opendata.writers.rdf_book import BookPart
from nerima_opendata.writers.rdf_terms import TermChecker
from tests.real_books import REAL, TAMA, read
from tests.recorder import Recorder
from tests.test_book import book


def _setagaya() -> tuple[Budget, ...]:
    budgets = read_budget_book(
        REAL / "setagaya_ippansaisyutu_2018-2026.csv",
        "setagaya",
        municipality="131121",
        municipality_name="世田谷区",
    )
    return tuple(b for b in budgets if b.info.fiscal_year in (2025, 2026))


CASES: list[tuple[str, Callable[[], tuple[Budget, ...]], int]] = [
    ("synthetic", lambda: (Budget(**book()),), 0),
    ("tama", lambda: (read(TAMA),), 0),
    ("setagaya-2025-of-two", _setagaya, 0),
    ("setagaya-2026-of-two", _setagaya, 1),
]


def _checks_digest(package: Path, budget_id: str) -> BookDigest | None:
    digest = checked_book(package, budget_id)[1]
    assert digest is not None
    return digest


#: Each case with each digest, except Setagaya's two budgets (13 s a run in CI), each
#: with one: the second (read through the budget filter) with the build's own digest,
#: which is also compared with the model's, the first with the checks'.
RUNS = [
    pytest.param(*case, digest, id=f"{case[0]}-{digest}")
    for case in CASES
    for digest in ("made-here", "the-checks")
    if not case[0].startswith("setagaya") or (case[2] == 1) == (digest == "made-here")
]


@pytest.mark.parametrize(("name", "budgets", "index", "digest"), RUNS)
def test_the_streamed_build_writes_the_same_bytes(
    tmp_path: Path,
    name: str,
    budgets: Callable[[], tuple[Budget, ...]],
    index: int,
    digest: str,
) -> None:
    """The digest made by the build itself, or by the input check from the records it
    reads (``checked``, as ``build_publication`` does): the same bytes."""
    items = budgets()
    write_package(items, tmp_path / "pkg")
    budget = items[index]
    expected = build(budget, tmp_path / "memory")
    checked = partial(_checks_digest, tmp_path / "pkg", budget.info.id)
    streamed = build_book(
        tmp_path / "pkg",
        tmp_path / "stream",
        budget_id=budget.info.id,
        base_iri=DEFAULT_BASE_IRI,
        checked=checked if digest == "the-checks" else None,
    )
    assert streamed.files == expected.files
    for file, _ in expected.files:
        same = (tmp_path / "memory" / file).read_bytes() == (
            tmp_path / "stream" / file
        ).read_bytes()
        assert same, file
    head = streamed.budget
    assert head.total == budget.total and head.kind is budget.kind
    assert head.digest().line_count == len(budget.lines)
    if digest == "made-here":  # from the cells it sums, the same as from the records
        made = BookSource(tmp_path / "pkg", budget.info.id).digest()
        assert made == budget.digest()
        assert [list(t) for t in made.totals.values()] == [
            list(t) for t in budget.digest().totals.values()
        ]


def _bad_amount(package: Path) -> None:
    """A line with a broken cell: the package is invalid."""
    (lines,) = package.glob("*_lines.csv")
    rows = lines.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    rows[1] = rows[1].replace(",", ",x", 1)
    lines.write_text("".join(rows), encoding="utf-8")


def _lower_case_boolean(package: Path) -> None:
    """``true`` for ``True``: pydantic takes it, the table schema does not (trueValues)."""
    (kinds,) = package.glob("*_amount_kinds.csv")
    data = kinds.read_bytes()
    assert b",True\r\n" in data
    kinds.write_bytes(data.replace(b",True\r\n", b",true\r\n"))


BROKEN: list[tuple[str, Callable[[Path], None], str | None, type[Exception]]] = [
    ("bad-row", _bad_amount, None, InvalidPackageError),
    ("lower-case-boolean", _lower_case_boolean, None, InvalidPackageError),
    ("unknown-budget", lambda _package: None, "1999-approved", InputError),
]


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize(
    ("name", "breaks", "budget_id", "error"), BROKEN, ids=[c[0] for c in BROKEN]
)
def test_a_broken_book_package_builds_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    processes: str,
    name: str,
    breaks: Callable[[Path], None],
    budget_id: str | None,
    error: type[Exception],
) -> None:
    """The package is checked in another process while the files are written: an invalid
    one is still reported as such, and the previous output stays as it was."""
    monkeypatch.setenv(PROCESSES_ENV, processes)
    write_package((Budget(**book()),), tmp_path / "pkg")
    out = tmp_path / "out"
    out.mkdir()
    (out / "previous.txt").write_text("kept", encoding="utf-8")
    breaks(tmp_path / "pkg")
    with pytest.raises(error):
        build_publication(out, tmp_path / "pkg", budget_id=budget_id)
    assert [p.name for p in out.iterdir()] == ["previous.txt"]


def _tree(out: Path) -> dict[Path, bytes]:
    """Every file under ``out``, by its relative path."""
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("declined", ["none", "here", "in-the-child"])
def test_one_process_and_several_write_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declined: str
) -> None:
    """With a second core the N-Triples (and the input's check) go to other processes,
    and no RDF file is written in parts and appended; when either process's blocks
    decline the book, every file is written again by parts. The files are those one
    process writes, and no part is left over."""
    write_package((Budget(**book()),), tmp_path / "pkg")
    monkeypatch.setenv(PROCESSES_ENV, "1")
    build_publication(tmp_path / "1", tmp_path / "pkg")
    monkeypatch.setenv(PROCESSES_ENV, "2")
    if not parallel():
        pytest.skip("one core: no second process")
    write_rdf, parent = BookSource.write_rdf, os.getpid()

    def declining(source: BookSource, directory: Path, **kwargs: Any) -> list[Path]:
        here = os.getpid() == parent
        if kwargs.get("formats") and here == (declined == "here"):
            raise Unsupported("declined")
        return write_rdf(source, directory, **kwargs)

    if declined == "none":  # each file whole: nothing appended
        monkeypatch.setattr(rdf_parts, "append_files", _kill_this_process)
    else:
        monkeypatch.setattr(BookSource, "write_rdf", declining)
    build_publication(tmp_path / "2", tmp_path / "pkg")
    files = _tree(tmp_path / "1")
    assert len(files) == 20  # tables, RDF, DCAT, CSVW, page, vocabulary, descriptor
    assert _tree(tmp_path / "2") == files
    assert not list((tmp_path / "2").glob(".*"))


def test_the_two_processes_write_every_rdf_format() -> None:
    suffixes = sorted(rdf_parts._CHILD_FORMATS + rdf_parts._OWN_FORMATS)
    assert suffixes == sorted(f.suffix for f in RDF_SERIALIZATIONS)


#: (case, whether a group's subject is refused, whether the lines' part fails)
REFUSED: list[tuple[str, Callable[[str], bool], bool]] = [
    ("every-group", lambda _subject: True, True),
    ("the-budget-only", lambda subject: subject.endswith("/budget"), False),
    ("the-lines-only", lambda subject: "/line/" in subject, True),
]


@pytest.mark.parametrize(("case", "refused", "in_lines"), REFUSED, ids=[c[0] for c in REFUSED])
@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_term_no_format_can_hold_builds_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    processes: str,
    case: str,
    refused: Callable[[str], bool],
    in_lines: bool,
) -> None:
    """A refused term is the build's error, with one process or two: the first refused
    group's, that a single pass meets first (with two, each process writes whole files,
    and meets it); neither process waits for ever, and the previous output stays."""
    calls: list[str] = []

    def refuse(_checker: TermChecker, subject: str, _pairs: object) -> None:
        if refused(subject):
            calls.append(subject)
            raise OutputError(f"cannot write {subject}")

    monkeypatch.setenv(PROCESSES_ENV, processes)
    write_package((Budget(**book()),), tmp_path / "pkg")
    out = tmp_path / "out"
    build_publication(out, tmp_path / "pkg")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    monkeypatch.setattr(TermChecker, "check", refuse)
    iris = BudgetIRIs.for_budget(Budget(**book()).info, DEFAULT_BASE_IRI)
    first = f"{re.escape(str(iris.budget))}$" if refused(str(iris.budget)) else "[^ ]*/line/"
    with pytest.raises(OutputError, match=f"cannot write {first}"):
        build_publication(out, tmp_path / "pkg")
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no part left
    # this process's pass, stopped at its first refused group (two processes: each's)
    assert len(calls) == 1
    assert re.search(first, calls[0]), calls


def _kill_this_process(*_args: object, **_kwargs: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


#: (case, where the build is stopped, what it raises, whether the blocks write the book:
#: each process then writes whole files, else the child the first part of each)
STOPPED: list[tuple[str, str, type[BaseException], bool]] = [
    ("the-n-triples-process-killed-writing", "child", WorkerError, True),
    ("the-n-triples-process-killed-halfway", "head-halfway", WorkerError, True),
    ("this-process-interrupted", "own", KeyboardInterrupt, True),
    ("the-first-part-killed-writing", "head", WorkerError, False),
    ("the-first-part-killed-halfway", "head-halfway", WorkerError, False),
    ("the-first-part-killed-appending", "append", WorkerError, False),
    ("the-first-part-killed-after-one-append", "append-halfway", WorkerError, False),
    ("the-lines-part-interrupted", "lines", KeyboardInterrupt, False),
]


def _killed_on_call(real: Callable[..., Any], call: int, parent: int) -> Callable[..., Any]:
    """``real``, but the process other than ``parent`` that makes its ``call``-th call
    is killed instead (files partly written)."""
    calls = [0]

    def maybe_killed(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            calls[0] += 1
            if calls[0] == call:
                _kill_this_process()
        return real(*args, **kwargs)

    return maybe_killed


@pytest.mark.parametrize(("case", "where", "error", "blocks"), STOPPED, ids=[c[0] for c in STOPPED])
def test_a_killed_or_interrupted_rdf_process_builds_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
    where: str,
    error: type[BaseException],
    blocks: bool,
) -> None:
    """The other process writing the RDF (its files, or the files' first part) killed
    (SIGKILL, as the out-of-memory killer does) as it begins or halfway, or as it
    appends, or this process interrupted (Ctrl-C) as it begins its files or the lines'
    part: the build fails with what happened (once this process's part is written), no
    process is left, no part is left, and the previous output stays."""
    monkeypatch.setenv(PROCESSES_ENV, "2")
    if not parallel():
        pytest.skip("one core: no second process")
    monkeypatch.setattr(BookSource, "use_blocks", blocks)
    write_package((Budget(**book()),), tmp_path / "pkg")
    out = tmp_path / "out"
    build_publication(out, tmp_path / "pkg")
    before = _tree(out)
    write_rdf = BookSource.write_rdf
    parent = os.getpid()

    def stopped(source: BookSource, directory: Path, **kwargs: Any) -> list[Path]:
        mine = os.getpid() == parent
        if where == "head" and kwargs.get("part") is BookPart.HEAD:
            _kill_this_process()
        if where == "child" and kwargs.get("formats") and not mine:
            _kill_this_process()
        if where == "lines" and kwargs.get("part") is BookPart.LINES:
            raise KeyboardInterrupt
        if where == "own" and kwargs.get("formats") and mine:
            raise KeyboardInterrupt
        return write_rdf(source, directory, **kwargs)

    monkeypatch.setattr(BookSource, "write_rdf", stopped)
    if where == "append":
        monkeypatch.setattr(rdf_parts, "append_files", _kill_this_process)
    if where == "head-halfway":  # after a few groups of its part
        check = _killed_on_call(TermChecker.check, 5, os.getpid())
        monkeypatch.setattr(TermChecker, "check", check)
    if where == "append-halfway":  # after the first file's second part
        append_file = _killed_on_call(append.append_file, 2, os.getpid())
        monkeypatch.setattr(append, "append_file", append_file)
    before_children = set(multiprocessing.active_children())
    with pytest.raises(error) as info:
        build_publication(out, tmp_path / "pkg")
    if error is WorkerError:
        task = "writing the N-Triples" if blocks else "writing the RDF files' first part"
        assert task in str(info.value)
        assert "killed by SIGKILL" in str(info.value)
    assert set(multiprocessing.active_children()) <= before_children
    assert _tree(out) == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_the_rdf_files_are_not_read_again_for_their_hashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: str
) -> None:
    """Each RDF file's hash, made as it is written (by the process that wrote it, or its
    first part), is the one ``datapackage.json`` lists: no RDF file is read again for it."""
    monkeypatch.setenv(PROCESSES_ENV, processes)
    write_package((read(TAMA),), tmp_path / "pkg")
    read_digest = hashlib.file_digest
    rdf = re.compile(r"\d{6}_budget\.(ttl|nt|rdf|jsonld)")  # the budget graph's files

    def only_small(stream: Any, digest: str) -> Any:
        name = Path(str(getattr(stream, "name", ""))).name
        assert not rdf.fullmatch(name), name
        return read_digest(stream, digest)

    monkeypatch.setattr(hashlib, "file_digest", only_small)
    build_publication(tmp_path / "out", tmp_path / "pkg")
    listed = {
        r["path"]: r["hash"]
        for r in json.loads((tmp_path / "out" / "datapackage.json").read_text())["resources"]
        if rdf.fullmatch(r["path"])
    }
    assert len(listed) == 4
    for path, digest in listed.items():
        data = (tmp_path / "out" / path).read_bytes()
        assert digest == f"sha256:{hashlib.sha256(data).hexdigest()}", path


@pytest.mark.parametrize("processes", ["1", "2"])
def test_the_build_tells_the_rows_it_writes_as_rdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: str
) -> None:
    """A counting progress callback is told the rows read for the RDF (each table's
    rows, so it ends at their total); the files are those a build without it writes."""
    monkeypatch.setenv(PROCESSES_ENV, processes)
    budget = read(TAMA)
    write_package((budget,), tmp_path / "pkg")
    recorder = Recorder()
    build_publication(tmp_path / "told", tmp_path / "pkg", progress=recorder)
    build_publication(tmp_path / "plain", tmp_path / "pkg")
    rows = sum(len(budget.rows(name)) for name in _LARGE)
    assert recorder.names() == [
        "validating the input package",
        "writing the CSV tables",
        "writing RDF",
        "waiting for the input's check and sums",
        "writing DCAT and index.html",
        "writing datapackage.json",
    ]
    assert recorder.planned == [len(recorder.names())]
    counts = recorder.counted()["writing RDF"]
    assert counts[-1] == (rows, rows)
    assert [done for done, _ in counts] == sorted(done for done, _ in counts)
    assert _tree(tmp_path / "told") == _tree(tmp_path / "plain")
