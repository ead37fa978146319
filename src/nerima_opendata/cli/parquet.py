"""``nerima-opendata parquet``: the lines of budget-book packages as a Parquet dataset (a
thin shell over :func:`nerima_opendata.api.write_parquet`)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from nerima_opendata.cli.common import QUIET, fail
from nerima_opendata.errors import NerimaOpenDataError

__all__ = ["parquet_cmd"]


@click.command(name="parquet")
@click.argument(
    "packages",
    metavar="PKG...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.argument("out", metavar="OUT", type=click.Path(file_okay=False, path_type=Path))
@QUIET
def parquet_cmd(packages: tuple[Path, ...], out: Path, quiet: bool) -> None:
    """Write the lines of budget-book packages PKG... as one Parquet dataset in OUT.

    One row per line (予算明細), with its path codes down to 目, its amount in yen, its
    budget, fiscal year and phase; partitioned by municipality and fiscal year
    (OUT/municipality_code=CODE/fiscal_year=YEAR/part-0.parquet), streamed in bounded
    batches. OUT is replaced (new, empty, or written by this command). Needs the
    parquet extra (pip install 'nerima-opendata[parquet]'). Read the municipality code
    as text (hive_types), or its leading zero goes.

    \b
    Examples:
      nerima-opendata parquet tama-pkg/ lines-parquet/
      nerima-opendata parquet pkgs/*/ national-parquet/
      duckdb -c "SELECT kan_code, sum(amount) FROM read_parquet(
          'national-parquet/**/*.parquet', hive_partitioning=true,
          hive_types={'municipality_code': VARCHAR}) GROUP BY ALL"
    """
    from nerima_opendata.api import write_parquet

    started = time.perf_counter()

    def report(package: str, rows: int) -> None:
        if not quiet:
            click.echo(f"{package}: {rows:,} lines", err=True)

    try:
        result = write_parquet(packages, out, progress=report)
    except NerimaOpenDataError as error:
        fail(error)
    if not quiet:
        click.echo(
            f"wrote {result.rows:,} lines in {len(result.files)} Parquet file(s) to {out} "
            f"in {time.perf_counter() - started:.2f} s"
        )
