"""The linked-data checks of a large publication, streamed: never a whole rdflib graph.

Above :data:`DEFAULT_THRESHOLD` statements (the budget graph's N-Triples lines),
:func:`nerima_opendata.checks.validation.validate` runs these instead of the whole-graph
checks of :mod:`nerima_opendata.checks.linked`. Each RDF file is parsed once, streamed by
pyoxigraph: the N-Triples here, leniently when the tables prove its lines the writer's
(else read again, strictly); the Turtle, RDF/XML and JSON-LD here or in the table
process, whichever claims each first (:func:`plain_files`). The sample's two passes
then read the N-Triples file's lines and parse only those about the sample's nodes
(:func:`~nerima_opendata.checks.rdf_load.ntriples_about`):

* ``rdf-fingerprint`` (every statement): each serialization (N-Triples, Turtle,
  RDF/XML, JSON-LD) has the fingerprint (:mod:`~nerima_opendata.checks.fingerprint`)
  of the Turtle file; with ``expected`` (the statements the writer makes from the CSV
  tables), ``rdf-matches-csv`` is the same comparison. A file the table process found
  byte for byte what the writers make of the tables (``AsWritten``) says what they
  say, and is not parsed: the writers check every term as strictly as the parsers,
  and the tests parse what they write in every format;
* ``terms`` (every statement): the closed-world check over the distinct predicates and
  classes, collected in the first pass;
* ``cube`` (every observation): IC-1, IC-11, IC-12, IC-14
  (:class:`~nerima_opendata.checks.stream_cube.CubeFacts`, in a KeyStore);
* ``shacl-sample`` (a sample): every shape on every node of the classes with at most
  ``sample_size`` members and on a deterministic sample of the larger ones (lines,
  observations, line amounts, code-list nodes), each with the nodes it references
  (:mod:`~nerima_opendata.checks.stream_sample`). The catalog graph (DCAT) is small and
  gets the whole-graph checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.fingerprint import AsWritten, FilePrint, Fingerprint
from nerima_opendata.checks.linked import check_shacl, check_terms
from nerima_opendata.checks.rdf_load import (
    ParseFailure,
    Unparsable,
    read_graph,
    shapes_graph,
    vocab_graph,
)
from nerima_opendata.checks.report import ReportError
from nerima_opendata.checks.stream_compare import Unwritable, compare_prints
from nerima_opendata.checks.stream_cube import CubeFacts
from nerima_opendata.checks.stream_passes import (
    Stopped,
    Told,
    claimed,
    one_pass,
    proven,
    routed_pass,
    sample_pass,
    stop_if,
    strictly,
)
from nerima_opendata.checks.stream_routes import Routes, Terms
from nerima_opendata.checks.stream_sample import (
    DEFAULT_SAMPLE_SIZE,
    SampleCollector,
    SampleSelector,
)
from nerima_opendata.files.background import Claims
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Say
from nerima_opendata.publication.layout import DCAT, TURTLE, Publication, rdf_resource_name
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("rdf", "validate", "pyoxigraph")

__all__ = [
    "DEFAULT_THRESHOLD",
    "STREAMED_CHECKS",
    "StreamResult",
    "budget_files",
    "check_publication_stream",
    "plain_files",
]

#: Above this many statements, the linked-data checks stream (see the module).
DEFAULT_THRESHOLD = 200_000

#: The names of the streamed checks, for ``Report.checks``.
STREAMED_CHECKS = ("rdf-fingerprint", "terms", "cube", "shacl-sample")

#: The files this process reads even when another may make the others' fingerprints.
_READ_HERE = (".nt",)


@dataclass
class StreamResult:
    """What the streamed checks found, and what the sample covered."""

    errors: list[ReportError] = field(default_factory=list)
    #: The Turtle file's (``None`` when it was not parsed).
    fingerprint: Fingerprint | None = None
    sampled: dict[str, int] = field(default_factory=dict)
    stopped: bool = False
    #: The files not parsed: byte for byte what the writers make of the tables.
    as_written: list[str] = field(default_factory=list)


#: What the sample's two passes look for, for the progress.
_PASSES = (": the sample's nodes", ": the nodes they reference")


def plain_files(found: Publication) -> list[Path]:
    """The files read only for their fingerprint, which another process may read: the
    Turtle, the RDF/XML and the JSON-LD. The N-Triples (the first pass and the sample's
    two) are read here; the others, one by one, by whichever process claims each first
    (:class:`~nerima_opendata.files.background.Claims`), or by the other process."""
    return [path for path in _files(found) if path.suffix not in _READ_HERE]


def budget_files(found: Publication) -> list[Path]:
    """The budget graph's files the publication has, in the registry's order."""
    names = [rdf_resource_name(f) for f in RDF_SERIALIZATIONS]
    return [found.path(n) for n in names if found.has(n)]


def _files(found: Publication) -> list[Path]:
    """The budget graph's files, N-Triples first (the fastest to parse), then the rest."""
    return sorted(budget_files(found), key=lambda p: p.suffix != ".nt")


def check_publication_stream(
    directory: StrPath,
    *,
    expected: Iterable[ox.Quad]
    | Fingerprint
    | Callable[[], Fingerprint | StrPath | Unwritable]
    | None = None,
    others: Callable[[], Mapping[str, FilePrint]] | None = None,
    stop: Callable[[], bool] | None = None,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    progress: Say | None = None,
    statements: int = 0,
    claims: Claims | None = None,
) -> StreamResult:
    """Run the streamed linked-data checks (see the module) over a publication.

    Args:
        directory: The publication directory.
        expected: The statements the CSV tables give, or their fingerprint, or a function
            giving it, or the path of the file whose lines are the tables' (called once
            the files are read: it may be computed meanwhile in another process); checks
            ``rdf-matches-csv`` when given.
        others: Gives the fingerprints of :func:`plain_files` made elsewhere (another
            process: :func:`~nerima_opendata.checks.fingerprint.file_prints`), by file
            name, or why a file did not parse; those files are then not read here.
        stop: Asked between passes; when it says so, the checks stop and the result
            says ``stopped``.
        sample_size: Nodes per class validated by SHACL.
        memory_limit: Keys held in memory by each KeyStore before it spills to disk.
        progress: Told each file's pass before it, and the statements read if it
            counts (:class:`~nerima_opendata.files.progress.Counting`).
        statements: About how many statements each file holds, for the counts.
        claims: With ``others``: the files of :func:`plain_files` this process claims
            first, once its own passes are done, it reads; ``others`` gives the rest.

    Returns:
        The errors, the Turtle file's fingerprint (if it was parsed), the sampled
        classes and the files not parsed (byte for byte the writers').
    """
    told = Told(progress, statements)
    try:
        return _check_stream(
            directory, expected, others, stop, sample_size, memory_limit, told, claims
        )
    except Stopped:
        return StreamResult(stopped=True)


def _check_stream(
    directory: StrPath,
    expected: Iterable[ox.Quad]
    | Fingerprint
    | Callable[[], Fingerprint | StrPath | Unwritable]
    | None,
    others: Callable[[], Mapping[str, FilePrint]] | None,
    stop: Callable[[], bool] | None,
    sample_size: int,
    memory_limit: int,
    told: Told,
    claims: Claims | None,
) -> StreamResult:
    found = Publication.read(directory)
    turtle = found.path(TURTLE)
    files = _files(found)
    result = StreamResult()
    terms = Terms()
    shapes = shapes_graph()
    cube = CubeFacts(vocab_graph(), shapes, memory_limit=memory_limit)
    selector = SampleSelector(shapes, size=sample_size)
    skip = set(plain_files(found)) if others is not None else set()
    # read leniently when what the tables give may prove the lines the writer's (proven)
    lenient = callable(expected) and files[0].suffix == ".nt"
    try:
        try:
            prints = _passes(
                files, terms, cube, selector, result, sample_size, skip, stop, told, lenient
            )
            told.say("checking the terms and the cube's constraints")
            errors = [*check_terms(terms.graph(), file=turtle.name), *cube.errors(turtle.name)]
            if others is not None:
                prints |= _shared(files, skip, others, claims, stop, told)
            given = expected() if callable(expected) else expected
        except Stopped:
            raise
        except Exception:  # after a lenient read, the first file's parse error comes first
            if lenient:
                strictly(files[0], told, "a file could not be read")
            raise
        if lenient:
            prints |= _first_print(files[0], given, prints, told)
        result.errors += errors
    except Unparsable as exc:  # a file that does not parse: that error alone
        failure = exc.failure
        result.errors = [ReportError(ErrorTypes.RDF, failure.message, file=failure.file)]
        return result
    except (OSError, SyntaxError) as exc:  # not a file's parse (e.g. a temporary file)
        where = Path(exc.filename).name if exc.filename else turtle.name
        result.errors.append(ReportError(ErrorTypes.RDF, f"cannot parse: {exc}", file=where))
        return result
    finally:
        cube.close()
    result.errors += _compared(prints, turtle, given, result)
    if found.has(DCAT):
        told.say("checking the catalog (DCAT)")
        result.errors += _catalog_errors(found.path(DCAT))
    return result


def _shared(
    files: list[Path],
    shared: set[Path],
    others: Callable[[], Mapping[str, FilePrint]],
    claims: Claims | None,
    stop: Callable[[], bool] | None,
    told: Told,
) -> dict[Path, Fingerprint | AsWritten]:
    """The fingerprints of the ``shared`` files: those this process claims first, read
    here, and those ``others`` gives (or that a file need not be read: ``AsWritten``).

    Raises:
        Unparsable: The first of them, in the files' order, that does not parse.
    """
    told.say("waiting for the table checks")
    mine = {} if claims is None else claimed(files, shared, claims, stop, told)
    made = {**others(), **mine}
    prints: dict[Path, Fingerprint | AsWritten] = {}
    for path in [p for p in files if p in shared]:  # up to the first that failed
        made_print = made[path.name]
        if isinstance(made_print, ParseFailure):
            raise Unparsable(made_print)
        prints[path] = made_print
    return prints


def _first_print(
    first: Path, given: object, prints: Mapping[Path, Fingerprint | AsWritten], told: Told
) -> dict[Path, Fingerprint]:
    """The fingerprint of the first file, read leniently and not hashed, when it is
    needed: read again strictly when its lines are not proven the writer's (a parse
    error, else the statements to compare); when they are, read again only if another
    file's fingerprint is compared with it (a file not byte for byte the writers')."""
    if not proven(given, first):
        return {first: strictly(first, told, "its lines are not known to be the writer's")}
    if not any(isinstance(found, Fingerprint) for found in prints.values()):
        return {}
    told.say(f"reading {first.name} again: its fingerprint, for the other files'")
    return {first: one_pass(first, tell=told.tell, about=told.about, lenient=True)}


def _compared(
    prints: Mapping[Path, Fingerprint | AsWritten],
    turtle: Path,
    given: Fingerprint | StrPath | Unwritable | Iterable[ox.Quad] | None,
    result: StreamResult,
) -> list[ReportError]:
    """The files' fingerprints compared (:func:`compare_prints`); those byte for byte
    what the writers make of the tables (``AsWritten``) are, and are named in the
    result."""
    result.as_written = [p.name for p, found in prints.items() if isinstance(found, AsWritten)]
    compared = {p.name: f for p, f in prints.items() if isinstance(f, Fingerprint)}
    result.fingerprint = compared.get(turtle.name)
    if not compared:  # every file the writers' (the N-Triples' lines, the others' bytes)
        return []
    return compare_prints(compared, turtle.name, given)


def _catalog_errors(path: Path) -> list[ReportError]:
    """The whole-graph checks of the catalog graph (DCAT), or why it does not parse."""
    try:
        catalog = read_graph(path)
    except (OSError, SyntaxError, ValueError) as exc:  # as the whole-graph checks say
        return [ReportError(ErrorTypes.RDF, f"cannot parse: {exc}", file=path.name)]
    return [*check_terms(catalog, file=path.name), *check_shacl(catalog, file=path.name)]


def _passes(
    files: list[Path],
    terms: Terms,
    cube: CubeFacts,
    selector: SampleSelector,
    result: StreamResult,
    sample_size: int,
    skip: set[Path],
    stop: Callable[[], bool] | None,
    told: Told,
    lenient: bool,
) -> dict[Path, Fingerprint | AsWritten]:
    """Read each file once (N-Triples first, leniently if so: the terms, the cube, the
    sample's choice), the files in ``skip`` left to another process; then the sample's
    two passes."""
    first = files[0]
    told.say(f"reading {first.name}: the terms, the cube and the sample's choice")
    routes = Routes([terms, cube, selector])
    prints: dict[Path, Fingerprint | AsWritten] = {}
    if lenient:  # its fingerprint made later, only if it is needed (_first_print)
        routed_pass(first, routes, tell=told.tell, about=told.about, lenient=True)
    else:
        prints[first] = one_pass(first, routes, tell=told.tell, about=told.about)
    terms.predicates = routes.predicates
    turtle_name = next((p.name for p in files if p.suffix == ".ttl"), first.name)
    cube.start_errors(turtle_name)  # beside the sample's passes, when there is a core
    for path in files[1:]:
        if path not in skip:
            stop_if(stop)
            told.say(f"reading {path.name}: its fingerprint")
            prints[path] = one_pass(path, tell=told.tell, about=told.about)
    chosen = selector.chosen()
    collector = SampleCollector(chosen, size=sample_size)
    stop_if(stop)
    told.say(f"reading {first.name}{_PASSES[0]}")
    sample_pass(first, chosen, collector.add_all_chosen, told, collector.lines_wanted)
    stop_if(stop)
    told.say(f"reading {first.name}{_PASSES[1]}")
    referenced = collector.referenced - chosen
    sample_pass(first, referenced, collector.add_all_referenced, told, collector.lines_wanted)
    result.sampled = selector.sampled_groups()
    told.say(f"SHACL on the sample ({len(chosen):,} nodes)")
    # pyshacl looks a node up in this list by hash (checks/shacl_lookups.py)
    focus = sorted(URIRef(n) for n in chosen if not n.startswith("_:"))
    result.errors += check_shacl(collector.graph(), file=turtle_name, focus_nodes=focus)
    return prints
