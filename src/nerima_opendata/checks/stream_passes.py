"""The streamed checks' reads of a file (:mod:`~nerima_opendata.checks.linked_stream`):
a whole pass, leniently or strictly, with its fingerprint; a pass of the sample's
nodes; the files shared with another process; the progress they tell."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from nerima_opendata.checks.fingerprint import (
    QUAD_BATCH,
    FilePrint,
    Fingerprint,
    file_prints,
    fingerprint_quads,
)
from nerima_opendata.checks.rdf_load import ntriples_about, reading, stream_quads
from nerima_opendata.checks.stream_routes import Routes
from nerima_opendata.files.background import Claims
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Count, Say, Tally, counter_of

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "COMPARED",
    "EVERY",
    "Stopped",
    "Told",
    "claimed",
    "one_pass",
    "proven",
    "routed_pass",
    "sample_pass",
    "stop_if",
    "strictly",
]

#: Statements read between two counts told to a progress callback.
EVERY = 65_536
#: Statements about the sample's nodes given to the collector at a time.
_SAMPLED = 4_096
#: Claimed by the table process once it has compared the files with what the tables give
#: and claimed those it need not read (``AsWritten``): the other may claim the rest.
COMPARED = ".compared"


class Stopped(Exception):
    """The checks were stopped (their result no longer wanted)."""


class Told:
    """The progress of the passes: the steps to ``say``; the statements read to
    ``tell`` (if the callback counts), of ``about``."""

    def __init__(self, progress: Say | None, statements: int) -> None:
        self.say: Say = progress or (lambda _step: None)
        self.tell, self.about = counter_of(progress), statements


def one_pass(
    path: StrPath,
    routes: Routes | None = None,
    *,
    tell: Count | None = None,
    about: int = 0,
    lenient: bool = False,
) -> Fingerprint:
    """One streaming read of a file: its fingerprint, each batch of statements to the
    ``routes``; ``tell`` is told the statements read, of ``about``; ``lenient``: read
    as by :func:`~nerima_opendata.checks.rdf_load.stream_quads`.

    Raises:
        Unparsable: The file cannot be read or parsed.
    """
    found = _pass(Path(path), routes, tell, about, lenient, hashed=True)
    assert found is not None
    return found


def routed_pass(
    path: StrPath, routes: Routes, *, tell: Count | None = None, about: int = 0, lenient: bool
) -> None:
    """:func:`one_pass` without the fingerprint (no statement hashed)."""
    _pass(Path(path), routes, tell, about, lenient, hashed=False)


def _pass(
    path: Path, routes: Routes | None, tell: Count | None, about: int, lenient: bool, hashed: bool
) -> Fingerprint | None:
    tally = None if tell is None else Tally(tell, about, every=EVERY)

    def each_batch(batch: list[ox.Quad]) -> None:
        if routes is not None:
            routes(batch)
        if tally is not None:
            tally.add(len(batch))

    hook = each_batch if routes is not None or tally is not None else None
    found = None
    with reading(path):
        quads = stream_quads(path, lenient=lenient)
        if hashed:
            found = fingerprint_quads(quads, each_batch=hook)
        else:  # batches as fingerprint_quads gives them
            while batch := list(itertools.islice(quads, QUAD_BATCH)):
                each_batch(batch)
    if tally is not None:
        tally.end()
    return found


def claimed(
    files: Sequence[StrPath],
    shared: Collection[StrPath],
    claims: Claims,
    stop: Callable[[], bool] | None,
    told: Told,
) -> dict[str, FilePrint]:
    """The fingerprints of the ``shared`` files this process claims first, by name, read
    in order up to the first that cannot be parsed (then why):
    :func:`~nerima_opendata.checks.fingerprint.file_prints`, each read telling its
    progress; none before the other process has claimed those it need not read
    (:data:`COMPARED`: waited for, when there is a ``stop`` to end the wait)."""
    if stop is not None and not claims.wait(COMPARED, stop):
        raise Stopped

    def take(name: str) -> bool:
        stop_if(stop)
        return claims.take(name)

    def read(path: StrPath) -> Fingerprint:
        told.say(f"reading {Path(path).name}: its fingerprint")
        return one_pass(path, tell=told.tell, about=told.about)

    return file_prints([p for p in files if p in shared], take, read)


def proven(given: object, first: StrPath) -> bool:
    """Whether what the tables give says the file's lines are those the writer makes of
    them (the path of the file itself: :func:`~nerima_opendata.checks.linked_stage.expected_prints`).
    The writer checks each term as strictly as the parsers do
    (:mod:`~nerima_opendata.writers.term_grammar`), so such a file reads strictly as it
    reads leniently."""
    return isinstance(given, str | PathLike) and Path(given) == Path(first)


def strictly(path: StrPath, told: Told, why: str) -> Fingerprint:
    """Read a file that was read leniently again, strictly, for its parse error if it has
    one (``why``, for the progress: its lines are not known to be the writer's, say),
    and its fingerprint.

    Raises:
        Unparsable: It does not parse.
    """
    path = Path(path)
    told.say(f"reading {path.name} again, strictly: {why}")
    quads = stream_quads(path)
    if told.tell is not None:
        quads = Tally(told.tell, told.about, every=EVERY)(quads)
    with reading(path):
        return fingerprint_quads(quads)


def stop_if(stop: Callable[[], bool] | None) -> None:
    """Raise :class:`Stopped` when ``stop`` says so."""
    if stop is not None and stop():
        raise Stopped


def sample_pass(
    path: StrPath,
    wanted: set[str],
    collect: Callable[[list[ox.Quad]], None],
    told: Told,
    keep: Callable[[list[bytes]], list[bytes]] | None = None,
) -> None:
    """One of the sample's passes: the statements about the ``wanted`` nodes to
    ``collect``, in file order, a batch at a time; from an N-Triples file, only the
    lines about them are parsed (:func:`~nerima_opendata.checks.rdf_load.ntriples_about`),
    and of those only the lines ``keep`` keeps."""
    path, tally = Path(path), None
    if path.suffix == ".nt":
        quads = ntriples_about(path, wanted, tell=told.tell, about=told.about, keep=keep)
    else:
        quads = stream_quads(path)
        if told.tell is not None:
            tally = Tally(told.tell, told.about, every=EVERY)
            quads = tally(quads)
    with reading(path):
        while batch := list(itertools.islice(quads, _SAMPLED)):
            collect(batch)
    if tally is not None:
        tally.end()
