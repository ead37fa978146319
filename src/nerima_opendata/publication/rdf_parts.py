"""A budget book's RDF files, written by one process or two, each file's SHA-256 made
as it is written: a file of gigabytes is never read again for its hash.

With one core, every file is written in one pass
(:meth:`nerima_opendata.publication.book_build.BookSource.write_rdf`), each
hashed as it is written. With a second, when the blocks write the book (Arrow compute),
a forked child (:mod:`~nerima_opendata.files.background`) writes the N-Triples, the
largest file, while this process writes the Turtle, RDF/XML and JSON-LD: each file
whole, hashed as it is written, and no byte written twice. Otherwise (a book the blocks
do not write) the child writes the first part of every file (the groups before the
lines: :attr:`~nerima_opendata.writers.rdf_book.BookPart.HEAD`), hashing it, while this
process writes the lines' part of every file into a hidden directory of the output.
Once this process says its part is whole (a byte through a pipe), the child appends
each second part to its file, block by block, giving the bytes to the hash of the first
part (:func:`~nerima_opendata.files.append.append_files`), and sends back every file's
hash. The files and their hashes are the same every way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from nerima_opendata.errors import MissingDependencyError, OutputError
from nerima_opendata.files.append import append_files
from nerima_opendata.files.background import parallel, start
from nerima_opendata.files.extras import require
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Count
from nerima_opendata.writers.rdf_book import BookPart

if TYPE_CHECKING:
    from hashlib import _Hash

__all__ = ["PartWriter", "write_rdf_files"]

#: Where, in the output's temporary directory, the second part of each RDF file is
#: written before it is appended to the first (and the directory removed).
SECOND_PART = ".rdf-second-part"


class PartWriter(Protocol):
    """What writes a book's RDF files, or a part of each
    (:class:`nerima_opendata.publication.book_build.BookSource`)."""

    #: Whether the blocks may write the book (else each file is written by parts).
    use_blocks: bool

    def write_rdf(
        self,
        directory: StrPath,
        *,
        base_iri: str,
        part: BookPart = ...,
        count: Count | None = ...,
        digests: dict[str, _Hash] | None = ...,
        formats: tuple[str, ...] | None = ...,
    ) -> list[Path]: ...


def write_rdf_files(
    source: PartWriter, directory: StrPath, base_iri: str, count: Count | None = None
) -> dict[str, str]:
    """Write a book's RDF files into ``directory`` (see the module).

    This process passes over every row of the large tables, so ``count`` is told of
    them all. Each file whole: when both processes fail, the child's error is raised.
    By parts: both pass over the code list (this one for the lines' labels); when both
    parts fail, the first part's error is raised: the error a pass over all would meet
    first (so a failed second part waits for the first to end; the head's part always
    holds the budget's group, which the second part's JSON-LD goes on from after a
    comma).

    Returns:
        Each file's SHA-256 (hexadecimal), by file name.

    Raises:
        OutputError: A file cannot be written, or a term cannot be serialized.
        WorkerError: The other process ended without its result (killed, say).
    """
    directory = Path(directory)
    if not parallel():
        return _formats(source, directory, base_iri, None, count)
    made = _by_formats(source, directory, base_iri, count)
    if made is not None:
        return made
    second = directory / SECOND_PART
    second.mkdir()
    ready, told = os.pipe()
    word = _Word(told)
    try:
        first = start(
            partial(_first_part, source, directory, base_iri, second, ready, told, os.getpid()),
            task="writing the RDF files' first part",
        )
    except BaseException:
        word.send(whole=False)
        shutil.rmtree(second, ignore_errors=True)
        raise
    finally:
        os.close(ready)  # the child's copy is the one it reads
    try:
        try:
            source.write_rdf(second, base_iri=base_iri, part=BookPart.LINES, count=count)
        except Exception:
            word.send(whole=False)
            first.result()  # its error, if any, comes first
            raise
        word.send(whole=True)
        made = first.result()
        shutil.rmtree(second)  # an error here is the build's: no part is published
    except OSError as exc:
        raise OutputError(f"cannot write the RDF files in {directory}: {exc}") from exc
    finally:
        word.send(whole=False)  # the child waits for no word once this one has gone
        first.cancel()
        shutil.rmtree(second, ignore_errors=True)
    return made


#: The formats the child writes whole when the blocks write the book (the others here).
_CHILD_FORMATS = (".nt",)
_OWN_FORMATS = (".ttl", ".rdf", ".jsonld")


def _by_formats(
    source: PartWriter, directory: Path, base_iri: str, count: Count | None
) -> dict[str, str] | None:
    """Every file written whole by one of the two processes (see the module); ``None``
    when the blocks do not write the book (the files begun are written again; the
    child is stopped as soon as this process knows). When both fail, the child's error
    is raised, unless it only declined the book."""
    from nerima_opendata.writers.rdf_blocks import Unsupported

    try:  # no process forked when the blocks cannot run
        require("rdf", "build", "pyarrow")
    except MissingDependencyError:
        return None
    if not source.use_blocks:
        return None
    child = start(
        partial(_formats, source, directory, base_iri, _CHILD_FORMATS),
        task="writing the N-Triples",
    )
    try:
        try:
            own = _formats(source, directory, base_iri, _OWN_FORMATS, count)
        except Unsupported:
            return None
        except Exception:
            with contextlib.suppress(Unsupported):
                child.result()  # its error, if any, comes first
            raise
        return {**child.result(), **own}
    except Unsupported:
        return None
    finally:
        child.cancel()


def _formats(
    source: PartWriter,
    directory: Path,
    base_iri: str,
    formats: tuple[str, ...] | None,
    count: Count | None = None,
) -> dict[str, str]:
    """Some files (``formats``, by suffix; all when ``None``) written whole, hashed as
    written: their hashes by file name."""
    digests: dict[str, _Hash] = {}
    source.write_rdf(directory, base_iri=base_iri, count=count, digests=digests, formats=formats)
    return _hex(digests)


def _first_part(
    source: PartWriter,
    directory: Path,
    base_iri: str,
    second: Path,
    ready: int,
    told: int,
    parent: int,
) -> dict[str, str]:
    """The child's work: the first part of every file, hashed; then, once the parent
    says its part is whole, its part appended to each and hashed too.

    Raises:
        RuntimeError: It runs in the parent (no fork): the pipe is not its own.
    """
    if os.getpid() == parent:
        raise RuntimeError("the RDF files' first part must be written by another process")
    os.close(told)  # only the parent says it
    digests: dict[str, _Hash] = {}
    try:
        paths = source.write_rdf(directory, base_iri=base_iri, part=BookPart.HEAD, digests=digests)
        whole = os.read(ready, 1) == b"1"
    finally:
        os.close(ready)
    if not whole:  # the second part failed: its error is the build's
        return {}
    append_files([(second / p.name, p) for p in paths], [digests[p.name] for p in paths])
    return _hex(digests)


def _hex(digests: dict[str, _Hash]) -> dict[str, str]:
    return {name: digest.hexdigest() for name, digest in digests.items()}


class _Word:
    """What the parent tells the child once: its part is whole (``1``), or not (``0``; or
    the pipe closed without a byte, when the parent has died)."""

    def __init__(self, told: int) -> None:
        self._told: int | None = told

    def send(self, *, whole: bool) -> None:
        """Say it, the first time only."""
        if self._told is None:
            return
        told, self._told = self._told, None
        try:
            os.write(told, b"1" if whole else b"0")
        except OSError:  # the child has ended: its result says why
            pass
        finally:
            os.close(told)
