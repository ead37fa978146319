"""``nerima-opendata import``: a budget-book CSV into a canonical package (a thin shell
over :func:`nerima_opendata.api.import_budget_book`)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nerima_opendata.cli.common import QUIET, fail, summary
from nerima_opendata.errors import NerimaOpenDataError

if TYPE_CHECKING:  # the models are imported when a command runs, not for --help
    from nerima_opendata.model.summary import BudgetSummary

__all__ = ["import_cmd"]

#: The formats the command accepts: the shipped ones, then a user's own mapping.
FORMATS = ("spendingjp", "setagaya", "custom")
#: Files with more rows than this show a progress bar on a terminal.
PROGRESS_ROWS = 2_000
#: A date option: ISO 8601, YYYY-MM-DD.
_DATE = click.DateTime(formats=["%Y-%m-%d"])


@contextmanager
def _progress_bar(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, for a person at a terminal and a long file."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []
    shown = [0]

    def update(done: int, total: int) -> None:
        if total <= PROGRESS_ROWS or shown[0] < 0:
            return
        if not bars:
            bars.append(click.progressbar(length=total, label="reading rows", file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - shown[0])
        shown[0] = done
        if done >= total:  # the rest takes about as long: say what it is
            bars[0].__exit__(None, None, None)
            shown[0] = -1
            click.echo("writing the tables, then checking the package…", err=True)

    try:
        yield update
    finally:
        if bars and shown[0] >= 0:
            bars[0].__exit__(None, None, None)


def _print(summaries: tuple[BudgetSummary, ...]) -> None:
    for budget in summaries:
        click.echo(
            f"{budget.info.id}: {budget.info.title}: {budget.lines:,} lines, "
            f"{budget.classifications:,} classifications, {budget.amount_kinds} "
            f"amount kinds, {budget.editorial_notes} editorial notes; "
            f"total {budget.total:,} yen"
        )


@click.command(name="import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out", metavar="OUT_PKG", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipality", metavar="CODE", help="Local government code (6 digits).")
@click.option("--municipality-name", metavar="NAME", help="The municipality's name.")
@click.option("--fiscal-year", type=int, metavar="YEAR", help="Fills or selects the year.")
@click.option(
    "--phase",
    type=click.Choice(["proposed", "approved", "adjusted", "executed"]),
    help="The budget phase: fills it, or reads an ambiguous 当初 as proposed.",
)
@click.option("--unit", type=click.Choice(["yen", "thousand-yen"]), help="The unit of the amounts.")
@click.option("--account", metavar="NAME", help="Fills or selects the account (name or code).")
@click.option("--encoding", metavar="ENC", help="The file's encoding [default: detected].")
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.toml",
    help="Your own mapping (required with FORMAT custom).",
)
@click.option("--source-title", metavar="TEXT", help="The source's title.")
@click.option("--source-url", metavar="URL", help="Where the source is published.")
@click.option("--issued", type=_DATE, metavar="DATE", help="The source's date of publication.")
@click.option("--modified", type=_DATE, metavar="DATE", help="The source's last revision.")
@QUIET
def import_cmd(
    fmt: str,
    source: Path,
    out: Path,
    municipality: str | None,
    municipality_name: str | None,
    fiscal_year: int | None,
    phase: str | None,
    unit: str | None,
    account: str | None,
    encoding: str | None,
    mapping: Path | None,
    source_title: str | None,
    source_url: str | None,
    issued: datetime | None,
    modified: datetime | None,
    quiet: bool,
) -> None:
    """Import a budget-book CSV (every line by 会計, 款, 項, 目…) into the package OUT_PKG.

    FORMAT is a shipped mapping (spendingjp: the spending.jp CSV family; setagaya:
    世田谷区's budget-system export) or custom, with --mapping FILE.toml. One budget is
    written per fiscal year and phase, holding every account chosen.

    The options fill what the file lacks. Where the file gives one value and an option
    differs, it is an error; where it gives several (years, accounts), the option selects
    one. A file the mapping cannot import (encoding, an unknown header, a row breaking a
    rule) exits 1 with the row and column named, and nothing is written.

    --issued and --modified (YYYY-MM-DD) are the dates the source document was
    published and last revised, as its publisher states them; the catalog metadata
    (DCAT, CKAN) gives them. Without them, no date is stated: none is invented.

    \b
    Examples:
      nerima-opendata import spendingjp tama.csv pkg/ --municipality 132241 \\
          --municipality-name 多摩市 --unit thousand-yen
      nerima-opendata import setagaya ippansaisyutu.csv pkg/ --fiscal-year 2025
      nerima-opendata import custom budget.csv pkg/ --mapping my-city.toml \\
          --municipality 131121 --municipality-name 世田谷区
    """
    options = {
        "municipality": municipality,
        "municipality_name": municipality_name,
        "fiscal_year": fiscal_year,
        "phase": phase,
        "unit": unit,
        "account": account,
        "encoding": encoding,
        "mapping": mapping,
        "source_title": source_title,
        "source_url": source_url,
        "issued": issued.date() if issued else None,
        "modified": modified.date() if modified else None,
    }
    _run(fmt, source, out, options, quiet)


def _run(fmt: str, source: Path, out: Path, options: dict[str, Any], quiet: bool) -> None:
    from nerima_opendata.api import import_budget_book

    started = time.perf_counter()
    try:
        with _progress_bar(quiet) as progress:
            imported = import_budget_book(source, fmt, out, progress=progress, **options)
    except NerimaOpenDataError as error:
        fail(error)
    if not quiet:
        _print(imported.summaries)
    if imported.written is not None:
        summary(imported.written, time.perf_counter() - started, quiet)
