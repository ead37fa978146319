"""``nerima-opendata query``, ``load`` and ``serve``: SPARQL for linked-data consumers.

Thin shells over :mod:`nerima_opendata.sparql.query`, :mod:`nerima_opendata.sparql.triplestore` and
:mod:`nerima_opendata.sparql.server`; the library is imported inside each command so that
``--help`` stays fast.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import click

from nerima_opendata.cli.common import QUIET, ExitCode, dry_run_option, fail, progress
from nerima_opendata.errors import NerimaOpenDataError
from nerima_opendata.files.scratch import scratch

if TYPE_CHECKING:
    from nerima_opendata.sparql.triplestore import LoadPlan

__all__ = ["load_cmd", "query_cmd", "serve_cmd"]


_DATA = click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="A built publication (default: the shipped budget, built on the fly into a "
    "temporary directory removed when the command ends).",
)


@contextlib.contextmanager
def _publication(data: Path | None) -> Iterator[Path]:
    """``--data``, or the shipped budget built into a temporary directory that is
    removed when the block ends (however it ends)."""
    if data is not None:
        yield data
        return
    from nerima_opendata.api import build_publication

    with scratch("nerima-publication-") as tmp:
        out = Path(tmp) / "out"
        build_publication(out)
        yield out


def _bindings(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="--bind")
        pairs[name.lstrip("?")] = text
    return pairs


@click.command(name="query")
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read the query from a .rq file.",
)
@_DATA
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table for people: one line per row, newlines and tabs in values shown as \\n "
    "and \\t, wide (全角) characters counted as two columns and ambiguous ones (※ … ○) "
    "as one; csv, tsv and json are the W3C SPARQL 1.1 result formats, values exact, "
    "streamed as the engine answers.",
)
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a query parameter, e.g. --bind keyword=保育 (repeatable).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE call the endpoints it names (off: a query never fetches anything).",
)
def query_cmd(
    sparql: str | None,
    query_file: Path | None,
    data: Path | None,
    fmt: str,
    binds: tuple[str, ...],
    allow_service: bool,
) -> None:
    """Run a SPARQL 1.1 SELECT or ASK query over the publication (pyoxigraph).

    A malformed query is reported with the line it failed on and a caret under
    the place (exit 2, as any usage error). CONSTRUCT and DESCRIBE are refused
    (exit 2): their triples are the publication's RDF files, or ask
    `nerima-opendata serve`. A SERVICE call to another endpoint is refused (exit 2)
    unless --allow-service.

    \b
    Examples:
      nerima-opendata query -f docs/queries/01-amount-per-pillar.rq
      nerima-opendata query --data out/ -f docs/queries/05-initiatives-by-keyword.rq --bind keyword=保育
      nerima-opendata query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format json
    """
    from nerima_opendata.sparql.query import (
        QueryError,
        load_publication,
        render,
        run_query,
        write_results,
    )

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    text = query_file.read_text(encoding="utf-8") if query_file else str(sparql)
    try:
        store = load_publication(data)
        if fmt != "table":  # streamed as the engine answers, never held whole
            out = _Tail(sys.stdout.buffer)
            write_results(
                store,
                text,
                out,  # type: ignore[arg-type]  # write() is all pyoxigraph calls
                fmt=fmt,
                bindings=_bindings(binds),
                allow_service=allow_service,
            )
            if out.last != b"\n":  # JSON and an ASK end without one; a terminal wants it
                click.echo()
            return
        result = run_query(
            store, text, fmt=fmt, bindings=_bindings(binds), allow_service=allow_service
        )
    except NerimaOpenDataError as error:
        fail(error, label="malformed query" if isinstance(error, QueryError) else "")
    output = render(result)
    click.echo(output, nl=not output.endswith("\n"))


class _Tail:
    """A binary stream that remembers the last byte written through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.last = raw, b"\n"

    def write(self, data: bytes) -> int:
        if data:
            self.last = data[-1:]
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


@click.command(name="load")
@_DATA
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="A SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store. "
    "A user (and password) in it, as in https://ward@host/store, is used for basic auth "
    "unless --user is given; it is never printed.",
)
@click.option(
    "--graph",
    default=None,
    metavar="IRI",
    help="The named graph (default: the budget's IRI: publisher, year, phase).",
)
@click.option("--user", default=None, help="HTTP basic-auth user (overrides one in the URL).")
@click.option(
    "--password",
    default=None,
    envvar="SPARQL_PASSWORD",
    show_envvar=True,
    help="HTTP basic-auth password. Prefer the environment variable: a password given "
    "here or in the URL shows in `ps` and in the shell history. Never printed.",
)
@click.option(
    "--chunk-mb",
    default=50.0,
    show_default=True,
    type=click.FloatRange(min=0.001),
    metavar="MB",
    help="The most N-Triples one request carries (MiB); a bigger publication goes in "
    "several: the first PUT (replacing the graph), the others POSTed (appended).",
)
@dry_run_option("Print what would be sent; send nothing.")
@QUIET
def load_cmd(
    data: Path | None,
    endpoint: str,
    graph: str | None,
    user: str | None,
    password: str | None,
    chunk_mb: float,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Upload the publication into a triple store, replacing its named graph.

    The body is N-Triples, streamed from the files with a Content-Length, in requests
    of at most --chunk-mb (cut at line ends). Loading twice leaves the same triples
    (the first request is an HTTP PUT, which replaces the graph). The vocabulary the
    publication carries (vocab/*.ttl: ontology, code lists, DSD, alignments, shapes)
    goes into its own named graph, https://w3id.org/nerima-opendata/vocab, replaced
    the same way.

    \b
    Examples:
      nerima-opendata load --data out/ --endpoint http://127.0.0.1:7878/store
      nerima-opendata load --data out/ --endpoint https://triplestore.example/store --user ward --dry-run
      export SPARQL_PASSWORD=...   # not on the command line: it would show in ps
      nerima-opendata load --data out/ --endpoint https://triplestore.example/store --user ward
      nerima-opendata load --data big/ --endpoint http://127.0.0.1:7878/store --chunk-mb 200
    """
    from nerima_opendata.sparql.triplestore import credentials, load, plan_load

    started = time.perf_counter()
    # Steps: [building the shipped budget,] reading, uploading.
    say = progress(quiet or dry_run, 2 if data else 3)
    try:
        if data is None and say:
            say("building the shipped publication")
        with _publication(data) as directory:
            if say:
                say("reading the publication")
            plan = plan_load(directory, endpoint, graph, int(chunk_mb * 1024 * 1024))
            if dry_run:
                click.echo(_describe(plan, credentials(plan, user, password)))
                return
            if say:
                say(f"uploading {plan.bytes:,} bytes of N-Triples to {plan.url.split('?')[0]}")
            status = load(plan, user=user, password=password, progress=_chunk_progress(quiet))
    except NerimaOpenDataError as error:
        fail(error)
    if not quiet:
        vocab = plan.vocabulary
        also = "" if vocab is None else f" and {vocab.bytes:,} bytes into <{vocab.graph}>"
        click.echo(
            f"loaded {plan.bytes:,} bytes into <{plan.graph}>{also} (HTTP {status}) "
            f"in {time.perf_counter() - started:.2f} s"
        )


def _chunk_progress(quiet: bool) -> Callable[[int, int, int], None] | None:
    """A line on stderr after each request of a load in several (none for one)."""
    if quiet:
        return None

    def report(done: int, chunks: int, sent: int) -> None:
        if chunks > 1:
            click.echo(f"  request {done}/{chunks} sent ({sent:,} bytes)", err=True)

    return report


def _describe(plan: LoadPlan, auth: tuple[str, str] | None) -> str:
    """The ``--dry-run`` report; the password is never in it."""
    who = f"basic, user {auth[0]}, password {'***' if auth[1] else '(none)'}" if auth else "none"
    plans = [plan] if plan.vocabulary is None else [plan, plan.vocabulary]
    return "".join(_describe_one(p) for p in plans) + f"  auth: {who}\n(dry run: nothing sent)"


def _describe_one(plan: LoadPlan) -> str:
    """The ``--dry-run`` lines of one graph's requests."""
    requests = len(plan.chunks)
    split = f"\n  in {requests} requests: PUT the first, POST the others" if requests > 1 else ""
    return (
        f"PUT {plan.url}\n  graph: {plan.graph}\n  body: application/n-triples, "
        f"{plan.bytes:,} bytes (Content-Length) from {', '.join(p.name for p in plan.files)}"
        f"{split}\n"
    )


@click.command(name="serve")
@_DATA
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="TCP port on 127.0.0.1.",
)
@click.option(
    "--query-timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(1, 86400),
    metavar="SECONDS",
    help="How long one query may run (Oxigraph's --timeout-s).",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let queries call the endpoints SERVICE names (off: such a query gets HTTP 403 "
    "and the server fetches nothing).",
)
def serve_cmd(data: Path | None, port: int, query_timeout: float, allow_service: bool) -> None:
    """Serve the publication as a read-only SPARQL endpoint on 127.0.0.1 (Oxigraph).

    Any SPARQL client can query http://127.0.0.1:PORT/query. Stop with Ctrl-C. A port
    in use is reported before anything is loaded; a query runs at most
    --query-timeout seconds; a query that calls another endpoint (SERVICE) gets HTTP
    403 unless --allow-service; answers are streamed; the stores of a serve that was
    killed are removed at the next start.

    \b
    Examples:
      nerima-opendata serve --data out/ --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    from nerima_opendata.sparql.server import serve

    stop = threading.Event()
    previous = _stop_on_signals(stop)
    server = None
    built = contextlib.ExitStack()  # the shipped budget built on the fly, if no --data
    try:
        click.echo(f"starting a read-only SPARQL server on port {port} …", err=True)
        directory = built.enter_context(_publication(data))
        if stop.is_set():
            raise KeyboardInterrupt
        server = serve(
            directory,
            port,
            query_timeout=query_timeout,
            allow_service=allow_service,
            cancelled=stop.is_set,
        )
        click.echo(f"SPARQL endpoint (read-only): {server.url}  — Ctrl-C to stop", err=True)
        while not stop.wait(0.2):
            if (code := server.process.poll()) is not None:
                click.echo(
                    f"Error: the SPARQL server exited on its own (exit code {code})", err=True
                )
                sys.exit(ExitCode.FAILED)
        click.echo("stopping", err=True)
    except NerimaOpenDataError as error:
        fail(error)
    except KeyboardInterrupt:
        click.echo(
            "stopping" if server is not None else "stopped before the server was ready", err=True
        )
    finally:
        # A second Ctrl-C must not interrupt the clean-up and leave the server behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if server is not None:
            server.stop()
        built.close()
        for sig, handler in previous.items():  # as they were (the command may be a call)
            signal.signal(sig, handler)


def _stop_on_signals(stop: threading.Event) -> dict[int, Any]:
    """Ctrl-C and SIGTERM set ``stop``; returns the handlers they had.

    They only set a flag, which the start and the wait poll. A handler that raised
    instead could be swallowed: Python ignores an exception raised in a fork hook, so a
    Ctrl-C landing while the server was being spawned was lost.
    """

    def request_stop(_signum: int, _frame: object) -> None:
        stop.set()

    return {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
