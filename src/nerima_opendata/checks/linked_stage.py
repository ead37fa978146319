"""Stage 5 of :func:`~nerima_opendata.checks.validation.inspect`: a publication's linked data.

The checks that read only the RDF files and those that read the CSV tables run side by
side, in two processes when the machine has a second core
(:mod:`~nerima_opendata.files.background`); the linked data's errors are added to the
report after the tables' errors, in the order a single process gives:

* a publication up to the streaming threshold: :func:`start_checks` runs
  :func:`~nerima_opendata.checks.linked.check_graphs` (terms and SHACL of the budget and
  DCAT graphs); :func:`finish` meanwhile reads the budget back from the Turtle graph and
  compares it with the CSV's (``rdf-matches-csv``), parses every other serialization and
  compares the JSON-LD with the Turtle graph: the errors are those of
  :func:`~nerima_opendata.checks.linked.check_publication`, in its order;
* a larger one: the other process checks the tables, then writes the N-Triples again
  from them and fingerprints them (:func:`expected_prints`, with the files the streamed
  checks leave to it), while :func:`check_streamed` reads the RDF files
  (:mod:`~nerima_opendata.checks.linked_stream`); its result is kept only if the tables
  are valid, and it stops as soon as they are known not to be.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.errors import InputError, OutputError
from nerima_opendata.files.background import Claims, Pending
from nerima_opendata.files.background import start as start_child
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, DocumentKind
from nerima_opendata.publication.layout import NTRIPLES, TURTLE, Publication

if TYPE_CHECKING:  # pyoxigraph, under the fingerprints, is an extra
    from rdflib import Graph

    from nerima_opendata.checks.fingerprint import FilePrint, Fingerprint
    from nerima_opendata.checks.stream_compare import Unwritable
    from nerima_opendata.publication.book_build import BookSource

    #: What :func:`expected_prints` gives.
    ExpectedPrints = tuple[Fingerprint | Path | Unwritable, dict[str, FilePrint]]

__all__ = [
    "check_streamed",
    "compared_first",
    "differing_tables",
    "expected_prints",
    "finish",
    "start_checks",
    "statements",
]


def statements(directory: StrPath, at_most: int | None = None) -> int:
    """How many statements the budget graph has (its N-Triples lines), 0 if unknown;
    with ``at_most``, counted only until there are more."""
    from nerima_opendata.files.progress import count_line_ends

    try:
        found = Publication.read(Path(directory))
        return count_line_ends(found.path(NTRIPLES), at_most) if found.has(NTRIPLES) else 0
    except (InputError, OSError):
        return 0


def start_checks(directory: StrPath) -> Pending[list[ReportError]]:
    """Begin the checks of a publication's RDF files that take longest (SHACL)."""
    from nerima_opendata.checks.linked import check_graphs

    return start_child(check_graphs, Path(directory), task="checking the RDF graphs")


def expected_prints(directory: StrPath, claims: Claims | None = None) -> ExpectedPrints:
    """What a large publication's RDF must be, and the fingerprints of the files the
    streamed checks leave to another process
    (:func:`~nerima_opendata.checks.linked_stream.plain_files`): all of them, or, with
    ``claims``, those this process claims first (the other process reads the rest, once
    this one has claimed those it need not read, then
    :data:`~nerima_opendata.checks.stream_passes.COMPARED`).

    What it must be: the statements the build makes again from the CSV tables, with
    the base IRI of the published N-Triples, their terms checked as for writing. By
    blocks of rows (:meth:`~nerima_opendata.publication.book_build.BookSource.write_streams`),
    they are written as the files' bytes would be and compared with them
    (:class:`~nerima_opendata.files.same_bytes.SameBytes`: no file is written): a file
    byte for byte the same says what the tables say. Its graph is then not parsed
    (:class:`~nerima_opendata.checks.fingerprint.AsWritten`), and the published
    N-Triples, when they are so, are the reference for the others, their graph read by
    the other checks: their path is given. Else, N-Triples whose lines the writers'
    are, in any order (:class:`~nerima_opendata.checks.fingerprint.LinesPrint`), are
    the reference as well; otherwise (another tool wrote them, or they differ) the
    statements are hashed as pyoxigraph hashes what it reads
    (:class:`~nerima_opendata.checks.fingerprint.GroupFingerprint`). When the writer
    refuses a term of the tables (one no RDF can hold: a bad URL, say),
    :class:`~nerima_opendata.checks.stream_compare.Unwritable` says why.
    """
    return _prints(_compare(Path(directory)), claims)


def compared_first(
    directory: StrPath, claims: Claims | None = None
) -> Callable[[], ExpectedPrints]:
    """:func:`expected_prints` in two steps: the files compared with what the blocks
    write now, before the table checks, while the other process reads the same
    N-Triples (their pages then come from the disk once, not twice); the rest (the
    claims, the files to parse) by the function returned, called only once the tables
    pass (else none of it is wanted). It raises what the comparison raised, if it did."""
    try:
        compared = _compare(Path(directory))
    except Exception as exc:  # raised when it is asked for, as if made then
        failed = exc

        def fail() -> ExpectedPrints:
            raise failed

        return fail
    return partial(_prints, compared, claims)


def _prints(compared: _Compared, claims: Claims | None) -> ExpectedPrints:
    """:func:`expected_prints` once the files are compared."""
    from nerima_opendata.checks.fingerprint import file_prints
    from nerima_opendata.checks.linked_stream import plain_files
    from nerima_opendata.checks.stream_passes import COMPARED

    expected, as_written = compared.expected()
    plain = plain_files(compared.found)
    take = None
    if claims is not None:  # the files as written first: the other process reads none
        mine = {p.name for p in plain if p.name in as_written and claims.take(p.name)}
        claims.take(COMPARED)
        take = partial(_mine_or_claimed, mine, claims)
    return expected, file_prints(plain, take, as_written=as_written)


def _mine_or_claimed(mine: set[str], claims: Claims, name: str) -> bool:
    """Whether this process has claimed the file ``name``, or now does."""
    return name in mine or claims.take(name)


@dataclass
class _Compared:
    """The files compared with what the blocks write from the tables (:func:`_compare`):
    those byte for byte the same (``as_written``), or what the RDF must be when no
    file can say (``decided``)."""

    found: Publication
    source: BookSource
    base_iri: str = ""
    as_written: set[str] = field(default_factory=set)
    decided: Fingerprint | Unwritable | None = None

    def expected(self) -> tuple[Fingerprint | Path | Unwritable, set[str]]:
        """What the RDF must be, and the files as written, by name (see
        :func:`expected_prints`)."""
        from nerima_opendata.checks.fingerprint import Fingerprint, GroupFingerprint, LinesPrint
        from nerima_opendata.checks.stream_compare import Unwritable
        from nerima_opendata.writers.rdf_stream import write_groups

        if self.decided is not None:
            return self.decided, set()
        ntriples, as_written = self.found.path(NTRIPLES), self.as_written
        if ntriples.name in as_written:
            return ntriples, as_written - {ntriples.name}
        try:  # a binary stream (io.RawIOBase): the blocks, or the writer, write bytes to it
            text = self.source.write_ntriples(LinesPrint, base_iri=self.base_iri)
            if text.fingerprint == _published_lines(ntriples):
                return ntriples, as_written
            hashed = GroupFingerprint()  # the writer's groups (the blocks write text only)
            write_groups(self.source.groups(self.base_iri), [hashed])
        except InputError:  # rows the writer cannot read: no file can say what they say
            return Fingerprint(), set()
        except OutputError as exc:  # a term no RDF can hold (a bad URL in a table, say)
            return Unwritable(str(exc)), set()
        return hashed.fingerprint, as_written


def _compare(directory: Path) -> _Compared:
    """The files compared with what the blocks write from the tables (see
    :func:`expected_prints`)."""
    from nerima_opendata.checks.fingerprint import Fingerprint
    from nerima_opendata.checks.stream_compare import Unwritable
    from nerima_opendata.publication.book_build import BookSource

    found = Publication.read(directory)
    source = BookSource(directory)
    ntriples = found.path(NTRIPLES)
    try:
        base_iri = source.base_iri_in(ntriples)
        return _Compared(found, source, base_iri, _as_written(source, found, base_iri))
    except InputError:  # no usable base IRI (or rows the writer cannot read)
        return _Compared(found, source, decided=Fingerprint())
    except OutputError as exc:  # a term no RDF can hold (a bad URL in a table, say)
        return _Compared(found, source, decided=Unwritable(str(exc)))


def _as_written(source: BookSource, found: Publication, base_iri: str) -> set[str]:
    """The budget graph's files byte for byte what the blocks write from the tables, by
    name (none when the blocks do not write this book, or a format refuses a term: the
    blocks are not tried again)."""
    from nerima_opendata.checks.linked_stream import budget_files
    from nerima_opendata.files.same_bytes import SameBytes

    with contextlib.ExitStack() as stack:
        same = {p.suffix: stack.enter_context(SameBytes(p)) for p in budget_files(found)}
        try:
            written = source.write_streams(cast("dict[str, IO[bytes]]", same), base_iri=base_iri)
        except OutputError:  # a format refuses a term: the N-Triples' writer says what then
            written = False
        source.use_blocks = written  # declined: the writer writes what follows
        return {c.path.name for c in same.values() if written and c.same}


def _published_lines(path: Path) -> Fingerprint | None:
    """The print of a file's lines, ``None`` if it cannot be read (its parse says why).
    A file that is not UTF-8 cannot have the lines the writer writes."""
    from nerima_opendata.checks.fingerprint import LinesPrint  # pyoxigraph: an extra

    try:
        return LinesPrint.of_file(path).fingerprint
    except OSError:
        return None


def finish(
    directory: StrPath, budget: Budget, report: Report, pending: Pending[list[ReportError]]
) -> None:
    """Stage 5 for a publication: the pending errors (terms, SHACL), then the other
    serializations, the JSON-LD and RDF = CSV, checked here while those are on their
    way."""
    from nerima_opendata.checks.linked import CHECKS, check_json
    from nerima_opendata.checks.rdf_syntax import check_serializations

    report.checks.extend([*CHECKS, "rdf-matches-csv"])
    read = _turtle_graph(Path(directory))
    own = [] if read is None else _against_turtle(*read, budget)
    graph = None if read is None else read[1]
    rest = check_serializations(directory) + check_json(directory, turtle=graph)
    for error in [*pending.result(), *rest, *own]:
        report.add(error)


def _turtle_graph(directory: Path) -> tuple[Path, Graph] | None:
    """The budget's Turtle file and graph, or ``None`` when it cannot be read (the
    pending checks report why). The graph is only read here (no pyshacl, which needs
    contexts): rdflib's store without contexts fills and answers faster."""
    from rdflib import Graph
    from rdflib.plugins.stores.memory import SimpleMemory

    from nerima_opendata.checks.rdf_load import read_graph

    try:
        turtle = Publication.read(directory).path(TURTLE)
        graph = Graph(store=SimpleMemory(), bind_namespaces="none")
        return turtle, read_graph(turtle, graph=graph)
    except (InputError, OSError, SyntaxError):
        return None


def _against_turtle(turtle: Path, graph: Graph, budget: Budget) -> list[ReportError]:
    """The budget read back from the Turtle graph against the CSV's (and a book's
    totals)."""
    from nerima_opendata.checks.linked import check_book_totals
    from nerima_opendata.readers.rdf import from_graph

    errors: list[ReportError] = []
    if budget.kind is DocumentKind.BOOK:
        errors += check_book_totals(graph, budget, file=turtle.name)
    try:
        from_rdf = from_graph(graph)
    except Exception as exc:
        return [
            *errors,
            ReportError(ErrorTypes.RDF, f"cannot read the budget back: {exc}", file=turtle.name),
        ]
    if differing := differing_tables(from_rdf, budget):
        errors.append(
            ReportError(
                ErrorTypes.RDF_MISMATCH,
                "the RDF does not say what the CSV tables say",
                file=turtle.name,
                found="other records in " + ", ".join(differing),
                expected="the records of the CSV tables",
            )
        )
    return errors


def differing_tables(read_back: Budget, budget: Budget) -> list[str]:
    """The tables whose records differ, each compared as a multiset: RDF has no order,
    so a package whose rows are not in the reader's canonical order (a book's lines in
    the source's order) says the same as its RDF."""
    return [
        str(name)
        for name, rows in budget.tables().items()
        if rows != read_back.rows(name) and Counter(rows) != Counter(read_back.rows(name))
    ]


def _made(prints: Callable[[], ExpectedPrints | None]) -> ExpectedPrints:
    """What ``prints`` gives; the streamed checks stop when it gives nothing (the tables
    failed)."""
    from nerima_opendata.checks.stream_passes import Stopped

    made = prints()
    if made is None:
        raise Stopped
    return made


def _as_written_note(names: list[str]) -> str:
    """The note's end naming the files compared with the tables by their bytes."""
    if not names:
        return ""
    return (
        f"; {', '.join(names)}: byte for byte what the writers make of the CSV tables "
        "(compared by their bytes, not parsed again)"
    )


def check_streamed(
    directory: StrPath,
    prints: Callable[[], ExpectedPrints | None],
    stop: Callable[[], bool],
    threshold: int,
    progress: Callable[[str], None] | None = None,
    statements: int = 0,
    claims: Claims | None = None,
) -> Report | None:
    """Stage 5 for a large budget-book publication, streamed (see
    :mod:`~nerima_opendata.checks.linked_stream`; SHACL on a deterministic sample).

    Args:
        directory: The publication.
        prints: Gives :func:`expected_prints` (made meanwhile in another process), or
            ``None`` when the tables failed.
        stop: Tells when the result is no longer wanted (the tables failed).
        threshold: The streaming threshold, for the report's note.
        progress: Told each pass, and the statements read if it counts.
        statements: The statements of the N-Triples file, for the counts.
        claims: Shares the files read only for their fingerprint with the process
            making ``prints`` (given the same to :func:`expected_prints`).

    Returns:
        The checks, note and errors of this stage; ``None`` when stopped.
    """
    from nerima_opendata.checks.linked_stream import STREAMED_CHECKS, check_publication_stream

    def expected() -> Fingerprint | Path | Unwritable:
        return _made(prints)[0]

    def others() -> dict[str, FilePrint]:
        return _made(prints)[1]

    directory = Path(directory)
    result = check_publication_stream(
        directory,
        expected=expected,
        others=others,
        stop=stop,
        progress=progress,
        statements=statements,
        claims=claims,
    )
    if result.stopped:
        return None
    from nerima_opendata.checks.rdf_syntax import CHECK as SYNTAX_CHECK
    from nerima_opendata.checks.vocab_copies import check_vocabulary

    part = Report(path=directory, checks=[*STREAMED_CHECKS, SYNTAX_CHECK, "rdf-matches-csv"])
    part.notes.append(
        f"linked data streamed (over {threshold:,} statements): fingerprints, terms "
        "and the cube constraints on every statement; SHACL on a deterministic sample"
        + _as_written_note(result.as_written)
    )
    for error in [*result.errors, *check_vocabulary(directory)]:
        part.add(error)
    return part
