"""The ``nerima-opendata`` command: a thin shell over :mod:`nerima_opendata.api`.

Each command parses its options, makes one library call and prints the result.
Exit codes: 0 success/valid, 1 invalid data, 2 usage or I/O error.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from nerima_opendata._version import __version__
from nerima_opendata.errors import (
    InputError,
    InvalidPackageError,
    NerimaOpenDataError,
    OutputError,
)

if TYPE_CHECKING:
    from nerima_opendata.publication import BuildResult

# The library is imported inside each command, so that --help answers at once.

__all__ = ["main"]

EXIT_INVALID = 1
EXIT_USAGE = 2


def _fail(error: NerimaOpenDataError) -> NoReturn:
    """Print a library error without a traceback and exit with the right code.

    Invalid data and failed remote calls exit 1; bad input files and usage exit 2.
    """
    if isinstance(error, InvalidPackageError):
        click.echo(error.report.render(), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"Error: {error}", err=True)
    sys.exit(EXIT_USAGE if isinstance(error, InputError | OutputError) else EXIT_INVALID)


def _progress(quiet: bool, total: int) -> Callable[[str], None] | None:
    """Step lines on stderr, only for a person at a terminal and without --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    counter = iter(range(1, total + 1))

    def say(step: str) -> None:
        click.echo(f"[{next(counter, total)}/{total}] {step}…", err=True)

    return say


def _summary(result: BuildResult, seconds: float, quiet: bool) -> None:
    if quiet:
        return
    total = sum(size for _, size in result.files)
    for name, size in result.files:
        click.echo(f"  {size:>9,} B  {name}")
    click.echo(
        f"wrote {len(result.files)} files ({total:,} bytes) to {result.out} in {seconds:.2f} s"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nerima-opendata")
def main() -> None:
    """Publish a Japanese municipal budget as open data.

    The shipped dataset is the FY2024 (令和6年度) initial budget proposal of Nerima
    ward, Tokyo: 6 pillars, 26 main projects, 72 initiatives.

    \b
    Examples:
      nerima-opendata build out/             # the full publication
      nerima-opendata validate out/          # check it (exit 1 if invalid)
      nerima-opendata ingest brochure.txt pkg/
    """


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--from",
    "package",
    type=click.Path(path_type=Path),
    default=None,
    help="Build from this canonical data package instead of the shipped one.",
)
@click.option(
    "--base-iri",
    default=None,
    metavar="IRI",
    help="Base of the data IRIs [default: https://w3id.org/nerima-opendata/data/].",
)
@click.option(
    "--publication-base",
    default=None,
    metavar="URL",
    help="Where the files will be served, for the DCAT access URLs.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
def build(
    out: Path,
    package: Path | None,
    base_iri: str | None,
    publication_base: str | None,
    quiet: bool,
) -> None:
    """Write the full publication into OUT (replaced atomically).

    CSV tables; the budget as Turtle, N-Triples, RDF/XML and JSON-LD, with a normalized
    RDF Data Cube; DCAT metadata; and datapackage.json listing every file.

    The input package is validated first; if it is invalid, the report is printed,
    nothing is written and the exit code is 1. Two builds are byte-identical, and no
    network is used. On a terminal, each step is shown.

    \b
    Examples:
      nerima-opendata build out/
      nerima-opendata build --from my-budget/ out/
      nerima-opendata build --base-iri https://data.example.jp/budget/ out/
    """
    from nerima_opendata.api import build_publication
    from nerima_opendata.iris import DEFAULT_BASE_IRI

    started = time.perf_counter()
    try:
        _, result = build_publication(
            out,
            package,
            base_iri=base_iri or DEFAULT_BASE_IRI,
            publication_base=publication_base,
            progress=_progress(quiet, 4),
        )
    except NerimaOpenDataError as error:
        _fail(error)
    _summary(result, time.perf_counter() - started, quiet)


@main.command(name="validate")
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
def validate_cmd(directory: Path | None, fmt: str) -> None:
    """Validate a data package or a publication (default: the shipped package).

    Runs the upstream Frictionless validation, then the checks a table schema cannot
    express (check digits, known tags, the ID scheme, no orphans). Each error names
    the file, row, field, what was found and what was expected.

    Exit codes: 0 valid, 1 invalid, 2 usage or I/O error.

    \b
    Examples:
      nerima-opendata validate out/
      nerima-opendata validate datapackage/ --format json
    """
    from nerima_opendata.api import default_package
    from nerima_opendata.validation import validate as validate_package

    target = directory if directory is not None else default_package()
    if not target.exists():
        click.echo(f"Error: {target}: no such file or directory", err=True)
        sys.exit(EXIT_USAGE)
    report = validate_package(target)
    click.echo(report.to_json() if fmt == "json" else report.render())
    if not report.valid:
        usage = all(
            e.type == "descriptor-error" and e.row is None and e.file is None for e in report.errors
        )
        sys.exit(EXIT_USAGE if usage else EXIT_INVALID)


@main.command(name="ingest")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option(
    "--corrections",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Reviewed corrections (default: SOURCE.corrections.toml beside it).",
)
@click.option(
    "--translations",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Unofficial English translations (default: SOURCE.en.toml, if present).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
def ingest_cmd(
    source: Path, out: Path | None, corrections: Path | None, translations: Path | None, quiet: bool
) -> None:
    """Parse a budget brochure text into the canonical data package OUT.

    Every layout defect must be named in the corrections file; each correction becomes
    an editorial note in the data. Without OUT, the records are parsed and counted
    but nothing is written.

    \b
    Examples:
      nerima-opendata ingest source/nerima-r6-budget-brochure.txt datapackage/
      nerima-opendata ingest brochure.txt --corrections fixes.toml
    """
    from nerima_opendata.api import ingest

    started = time.perf_counter()
    try:
        budget, result = ingest(source, out, corrections=corrections, translations=translations)
    except NerimaOpenDataError as error:
        _fail(error)
    if not quiet:
        click.echo(
            f"{len(budget.pillars)} pillars, {len(budget.projects)} projects, "
            f"{len(budget.initiatives)} initiatives, {len(budget.glossary)} glossary "
            f"notes, {len(budget.editorial_notes)} editorial notes; "
            f"total {budget.total:,} yen"
        )
    if result is not None:
        _summary(result, time.perf_counter() - started, quiet)


from nerima_opendata.cli_publish import publish  # noqa: E402

main.add_command(publish)


_DATA = click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="A built publication (default: the shipped budget, built on the fly).",
)


def _bindings(values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint="--bind")
        pairs[name.lstrip("?")] = text
    return pairs


@main.command(name="query")
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
    help="table for people; csv, tsv and json are the W3C SPARQL 1.1 result formats.",
)
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a query parameter, e.g. --bind keyword=保育 (repeatable).",
)
def query_cmd(
    sparql: str | None, query_file: Path | None, data: Path | None, fmt: str, binds: tuple[str, ...]
) -> None:
    """Run a SPARQL 1.1 SELECT or ASK query over the publication (pyoxigraph).

    A malformed query is reported with a pointer to where it failed (exit 1).

    \b
    Examples:
      nerima-opendata query -f docs/queries/01-amount-per-pillar.rq
      nerima-opendata query --data out/ -f docs/queries/05-initiatives-by-keyword.rq --bind keyword=保育
      nerima-opendata query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format json
    """
    from nerima_opendata.query import load_publication, render, run_query

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    text = query_file.read_text(encoding="utf-8") if query_file else str(sparql)
    try:
        store = load_publication(data)
        result = run_query(store, text, fmt=fmt, bindings=_bindings(binds))
    except NerimaOpenDataError as error:
        if type(error).__name__ == "QueryError":
            click.echo(f"Error: malformed query: {error}", err=True)
            sys.exit(EXIT_INVALID)
        _fail(error)
    output = render(result)
    click.echo(output, nl=not output.endswith("\n"))


@main.command(name="load")
@_DATA
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="A SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store.",
)
@click.option(
    "--graph",
    default=None,
    metavar="IRI",
    help="The named graph (default: the budget's IRI: publisher, year, phase).",
)
@click.option("--user", default=None, help="HTTP basic-auth user.")
@click.option(
    "--password",
    default=None,
    envvar="SPARQL_PASSWORD",
    help="HTTP basic-auth password (or env SPARQL_PASSWORD); never printed.",
)
@click.option("--dry-run", is_flag=True, help="Print what would be sent; send nothing.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")
def load_cmd(
    data: Path | None,
    endpoint: str,
    graph: str | None,
    user: str | None,
    password: str | None,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Upload the publication into a triple store, replacing its named graph.

    The body is N-Triples, streamed from the files. Loading twice leaves the same
    triples (HTTP PUT replaces the graph).

    \b
    Examples:
      nerima-opendata load --data out/ --endpoint http://127.0.0.1:7878/store
      nerima-opendata load --data out/ --endpoint https://triplestore.example/store --user ward --dry-run
    """
    from nerima_opendata.triplestore import load, plan_load

    started = time.perf_counter()
    say = _progress(quiet or dry_run, 3 if data else 4)
    try:
        if data is None and say:
            say("building the shipped publication")
        directory = data or _build_default()
        if say:
            say("reading the publication")
        plan = plan_load(directory, endpoint, graph)
        if dry_run:
            click.echo(
                f"PUT {plan.url}\n  graph: {plan.graph}\n  body: application/n-triples, "
                f"{plan.bytes:,} bytes from {', '.join(p.name for p in plan.files)}\n"
                f"  auth: {'basic, user ' + user + ', password ***' if user else 'none'}\n"
                "(dry run: nothing sent)"
            )
            return
        if say:
            say(f"uploading {plan.bytes:,} bytes of N-Triples to {plan.url.split('?')[0]}")
        status = load(plan, user=user, password=password)
    except NerimaOpenDataError as error:
        _fail(error)
    if not quiet:
        click.echo(
            f"loaded {plan.bytes:,} bytes into <{plan.graph}> (HTTP {status}) "
            f"in {time.perf_counter() - started:.2f} s"
        )


def _build_default() -> Path:
    import tempfile

    from nerima_opendata.api import build_publication

    out = Path(tempfile.mkdtemp(prefix="nerima-publication-")) / "out"
    build_publication(out)
    return out


@main.command(name="serve")
@_DATA
@click.option(
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="TCP port on 127.0.0.1.",
)
def serve_cmd(data: Path | None, port: int) -> None:
    """Serve the publication as a read-only SPARQL endpoint on 127.0.0.1 (Oxigraph).

    Any SPARQL client can query http://127.0.0.1:PORT/query. Stop with Ctrl-C.

    \b
    Examples:
      nerima-opendata serve --data out/ --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    from nerima_opendata.triplestore import serve

    def stop_on_sigterm(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops the server as cleanly as Ctrl-C

    signal.signal(signal.SIGTERM, stop_on_sigterm)
    try:
        server = serve(data or _build_default(), port)
    except NerimaOpenDataError as error:
        _fail(error)
    except KeyboardInterrupt:
        click.echo("stopped before the server was ready", err=True)
        return
    click.echo(f"SPARQL endpoint (read-only): {server.url}  — Ctrl-C to stop", err=True)
    try:
        server.process.wait()
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:
        server.stop()
