"""``nerima-opendata compare``: what changed between two budgets (a thin shell over
:func:`nerima_opendata.api.compare_budgets`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from nerima_opendata.cli.common import QUIET, fail, progress
from nerima_opendata.errors import NerimaOpenDataError

if TYPE_CHECKING:
    from nerima_opendata.publication.compare_build import CompareResult

__all__ = ["compare_cmd"]


@click.command(name="compare")
@click.argument("package", metavar="PKG", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--from",
    "from_spec",
    required=True,
    metavar="SPEC",
    help="The budget compared from: YEAR, YEAR/PHASE, YEAR/AMOUNT or YEAR/PHASE/AMOUNT.",
)
@click.option("--to", "to_spec", required=True, metavar="SPEC", help="The budget compared to.")
@click.argument("out", metavar="OUT", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--from-package",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="The package holding the --from budget, when it is not PKG.",
)
@click.option(
    "--account",
    default=None,
    metavar="CODE",
    help="Only this account (会計) code, e.g. 1 for 一般会計.",
)
@click.option(
    "--base-iri",
    default=None,
    metavar="IRI",
    help="Base of the data IRIs, as the budgets were published with "
    "[default: https://w3id.org/nerima-opendata/data/].",
)
@QUIET
def compare_cmd(
    package: Path,
    from_spec: str,
    to_spec: str,
    out: Path,
    from_package: Path | None,
    account: str | None,
    base_iri: str | None,
    quiet: bool,
) -> None:
    """Compare two budgets of one municipality and write what changed into OUT.

    PKG is a canonical package (or a built publication) holding both budgets, or the
    --to budget when --from-package holds the other. A SPEC is a fiscal year, then
    optionally a phase (proposed, approved, adjusted, executed) and an amount: an
    amount kind's ID or stage (request, assessment…) or final, the budget's primary
    amount (its default).

    Every node of the code list (account, direction, 款, 項, 目 and below) and every line
    gets its amount before and after, its change in yen and in percent, and whether it
    is new or abolished. Nodes are matched by their classification path only; a code
    that changed under the same name, or a name under the same code, is listed as a
    possible renaming (an inference). OUT (replaced atomically) holds the CSV tables,
    datapackage.json, the change cube as RDF and a page.

    \b
    Examples:
      nerima-opendata compare setagaya-pkg/ --from 2025 --to 2026 changes/
      nerima-opendata compare setagaya-pkg/ --from 2026/request --to 2026/final req-final/
      nerima-opendata compare pkg-2026/ --from-package pkg-2025/ --from 2025 --to 2026 out/
      nerima-opendata compare setagaya-pkg/ --from 2025 --to 2026 --account 1 general/
    """
    from nerima_opendata.api import compare_budgets
    from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI

    started = time.perf_counter()
    try:
        result = compare_budgets(
            package,
            from_spec,
            to_spec,
            out,
            from_package=from_package,
            account=account,
            base_iri=base_iri or DEFAULT_BASE_IRI,
            progress=progress(quiet, None),  # numbered by the library
        )
    except NerimaOpenDataError as error:
        fail(error)
    if not quiet:
        _summary(result, time.perf_counter() - started)


def _summary(result: CompareResult, seconds: float) -> None:
    info = result.comparison.info
    click.echo(info.title)
    click.echo(
        f"  total {info.before_total:,} → {info.after_total:,} yen "
        f"({info.after_total - info.before_total:+,}); "
        f"{len(result.comparison.nodes):,} nodes, {len(result.comparison.lines):,} lines, "
        f"{len(result.comparison.renamings):,} possible renaming(s)"
    )
    total = sum(size for _, size in result.files)
    click.echo(
        f"wrote {len(result.files)} files ({total:,} bytes) to {result.out} in {seconds:.2f} s"
    )
