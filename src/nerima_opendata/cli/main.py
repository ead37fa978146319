"""The ``nerima-opendata`` command: a thin shell over :mod:`nerima_opendata.api`.

Each command parses its options, makes one library call and prints the result.
Every command follows one exit-code policy: :mod:`nerima_opendata.cli.common`.
"""

from __future__ import annotations

import atexit
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

import click

from nerima_opendata._version import __version__
from nerima_opendata.cli.common import (
    QUIET,
    ExitCode,
    exit_codes_help,
    fail,
    progress,
    report_exit_code,
    summary,
)
from nerima_opendata.errors import NerimaOpenDataError

# The library is imported inside each command, so that --help answers at once.

__all__ = ["main", "run"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=exit_codes_help())
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
      nerima-opendata import spendingjp tama.csv pkg/ --municipality 132241 \
          --municipality-name 多摩市 --unit thousand-yen
      nerima-opendata query -f docs/queries/01-amount-per-pillar.rq
      nerima-opendata serve --data out/      # a local SPARQL endpoint
      nerima-opendata load --data out/ --endpoint http://localhost:7878/store
      nerima-opendata publish out/ --ckan-url https://catalog.example.jp --dry-run
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
    "--budget",
    "budget_id",
    default=None,
    metavar="ID",
    help="Which budget to publish, when the package holds several (e.g. 2024-proposed).",
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
    help="Where the files will be served (ends in /): the DCAT access URLs and the "
    "preview page's schema.org URLs.",
)
@QUIET
def build(
    out: Path,
    package: Path | None,
    budget_id: str | None,
    base_iri: str | None,
    publication_base: str | None,
    quiet: bool,
) -> None:
    """Write the full publication into OUT (replaced atomically).

    CSV tables; the budget as Turtle, N-Triples, RDF/XML and JSON-LD, with a normalized
    RDF Data Cube; DCAT metadata; a preview page, index.html (figures, charts, tables,
    notes and links to every file, with schema.org JSON-LD); and datapackage.json
    listing every file.

    The input package is validated first; if it is invalid, the report is printed,
    nothing is written and the exit code is 1 (2 when there is no package at all).
    A budget book's package whose bytes passed the same checks before (at import, or
    in an earlier build) is not checked again: see NERIMA_OPENDATA_CACHE in
    docs/performance.md. Two builds are byte-identical, and no network is used. On a
    terminal, each step is shown. A budget book is streamed from the package to every
    format, so memory does not grow with its lines.

    \b
    Examples:
      nerima-opendata build out/
      nerima-opendata build --from my-budget/ out/
      nerima-opendata build --from many-years/ --budget 2025-approved out/
      nerima-opendata build --base-iri https://data.example.jp/budget/ out/
      nerima-opendata build --publication-base https://www.example.jp/opendata/ out/
    """
    from nerima_opendata.api import build_publication
    from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI

    started = time.perf_counter()
    say = progress(quiet, None)  # numbered by the library
    try:
        result = build_publication(
            out,
            package,
            budget_id=budget_id,
            base_iri=base_iri or DEFAULT_BASE_IRI,
            publication_base=publication_base,
            progress=say,
        )
    except NerimaOpenDataError as error:
        if say is not None:
            say.close()  # the error starts a line of its own
        fail(error)
    finally:
        if say is not None:
            say.close()
    summary(result, time.perf_counter() - started, quiet)


def _default_package() -> Path:
    from nerima_opendata.api import default_package

    return default_package()


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

    On a terminal, each step is shown on stderr, with the statements read so far
    while a large publication's RDF files are read.

    Exit codes: 0 valid, 1 invalid, 2 no package there (no datapackage.json) or a
    usage error.

    \b
    Examples:
      nerima-opendata validate out/
      nerima-opendata validate datapackage/ --format json
    """
    from nerima_opendata.checks.validation import validate as validate_package

    target = directory if directory is not None else _default_package()
    if not target.exists():
        click.echo(f"Error: {target}: no such file or directory", err=True)
        sys.exit(ExitCode.USAGE)
    say = progress(False, None)
    try:
        report = validate_package(target, progress=say)
    except NerimaOpenDataError as error:  # e.g. a publication's checks need the rdf extra
        fail(error)
    finally:
        if say is not None:
            say.close()
    click.echo(report.to_json() if fmt == "json" else report.render())
    if not report.valid:
        sys.exit(report_exit_code(report))


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
@QUIET
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
        fail(error)
    if not quiet:
        click.echo(
            f"{len(budget.pillars)} pillars, {len(budget.projects)} projects, "
            f"{len(budget.initiatives)} initiatives, {len(budget.glossary)} glossary "
            f"notes, {len(budget.editorial_notes)} editorial notes; "
            f"total {budget.total:,} yen"
        )
    if result is not None:
        summary(result, time.perf_counter() - started, quiet)


from nerima_opendata.cli.book import import_cmd  # noqa: E402
from nerima_opendata.cli.compare import compare_cmd  # noqa: E402
from nerima_opendata.cli.parquet import parquet_cmd  # noqa: E402
from nerima_opendata.cli.publish import publish  # noqa: E402
from nerima_opendata.cli.sparql import load_cmd, query_cmd, serve_cmd  # noqa: E402

for _command in (import_cmd, compare_cmd, parquet_cmd, publish, query_cmd, load_cmd, serve_cmd):
    main.add_command(_command)


def run() -> NoReturn:
    """The ``nerima-opendata`` program: :func:`main`, then the end of the process without
    the interpreter's teardown.

    Python frees every object one by one as it exits: after ``validate`` (graphs, shapes,
    models) that took 0.3 s of a 2.2 s run. The exit handlers still run and the streams
    are flushed; then the process ends at once, with the command's exit code.
    """
    try:
        main()  # standalone: ends with SystemExit
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: what could not be written is lost
            code = code or 1
    os._exit(code)


def _exit_code(code: object) -> int:
    """What ``sys.exit(code)`` makes of its argument."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
