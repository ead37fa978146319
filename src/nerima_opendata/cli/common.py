"""What every ``nerima-opendata`` command shares: exit codes, errors, options, progress.

The exit-code policy is data, the same for every command: :class:`ExitCode` says what
each code means (:data:`EXIT_MEANINGS`, printed by ``nerima-opendata --help``), and
:data:`EXIT_CODES` maps each library error to its code, in one table.
"""

from __future__ import annotations

import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Mapping
from enum import IntEnum
from typing import IO, TYPE_CHECKING, NoReturn

import click
from click.decorators import FC

from nerima_opendata.errors import (
    BookImportError,
    EndpointError,
    InputError,
    InvalidPackageError,
    MissingDependencyError,
    NerimaOpenDataError,
    OutputError,
    WorkerError,
)
from nerima_opendata.files.names import DESCRIPTOR

if TYPE_CHECKING:
    from nerima_opendata.checks.report import Report
    from nerima_opendata.publication.build import BuildResult

__all__ = [
    "EXIT_CODES",
    "EXIT_MEANINGS",
    "QUIET",
    "ExitCode",
    "StepPrinter",
    "dry_run_option",
    "exit_code",
    "exit_codes_help",
    "fail",
    "progress",
    "report_exit_code",
    "summary",
]


class ExitCode(IntEnum):
    """The exit code of every command (click's own usage errors exit 2 too)."""

    OK = 0
    FAILED = 1
    USAGE = 2


#: What each exit code means, for ``--help`` and the docs.
EXIT_MEANINGS: Mapping[ExitCode, str] = {
    ExitCode.OK: "success: done, valid, published or already up to date.",
    ExitCode.FAILED: "failed: the package or publication is invalid (a validation found "
    "errors: build, validate and publish print its report and write or send nothing), "
    "a budget-book file that import refuses (its encoding, a header or a row; the "
    "message names the row and column, and nothing is written), "
    "a remote service (CKAN catalog, triple store, SPARQL server) failed or refused, "
    "or a helper process ended without its result (killed, out of memory, say; nothing "
    "is written).",
    ExitCode.USAGE: "usage: a bad command, option or argument (a malformed or "
    "unsupported SPARQL query too); input that cannot be read (no such file, no "
    "datapackage.json, not a built publication, not UTF-8, a bad config or API key); "
    "or an output that cannot be written. Nothing was done.",
}

#: The exit code of each library error: the entry of the nearest class in its MRO.
#: ``PublishError`` and its subclasses (a catalog that failed or refused) take the
#: base class's entry; ``BookImportError`` (a source file that cannot be imported) is a
#: failure, not a usage error; ``CatalogConfigError``, ``QueryError`` and
#: ``UnsupportedQueryError`` are input errors.
EXIT_CODES: Mapping[type[NerimaOpenDataError], ExitCode] = {
    NerimaOpenDataError: ExitCode.FAILED,
    InvalidPackageError: ExitCode.FAILED,
    BookImportError: ExitCode.FAILED,
    EndpointError: ExitCode.FAILED,
    WorkerError: ExitCode.FAILED,
    InputError: ExitCode.USAGE,
    OutputError: ExitCode.USAGE,
    MissingDependencyError: ExitCode.USAGE,
}


def report_exit_code(report: Report) -> ExitCode:
    """The exit code of a validation report.

    OK when valid; USAGE when there was nothing to validate (the directory has no
    ``datapackage.json``, or does not exist); FAILED otherwise.
    """
    if report.valid:
        return ExitCode.OK
    if not (report.path / DESCRIPTOR).is_file():
        return ExitCode.USAGE
    return ExitCode.FAILED


def exit_code(error: NerimaOpenDataError) -> ExitCode:
    """The exit code of a library error, from :data:`EXIT_CODES` (and its report's)."""
    if isinstance(error, InvalidPackageError):
        return report_exit_code(error.report)
    return next(EXIT_CODES[cls] for cls in type(error).__mro__ if cls in EXIT_CODES)


def exit_codes_help(width: int = 74) -> str:
    """The exit-code policy as a help paragraph, wrapped to ``width`` (click keeps it)."""
    lines = ["\b", "Exit codes (every command):"]
    for code, meaning in EXIT_MEANINGS.items():
        lines += textwrap.wrap(
            meaning, width, initial_indent=f"  {code.value}  ", subsequent_indent=" " * 5
        )
    return "\n".join(lines)


def fail(
    error: NerimaOpenDataError,
    *,
    label: str = "",
    notes: Iterable[str] = (),
    hide: Callable[[str], str] = str,
) -> NoReturn:
    """Print a library error on stderr, without a traceback, and exit with its code.

    Args:
        error: The error; an invalid package prints its report.
        label: Words before the message (``Error: {label}: {error}``).
        notes: Lines printed after it (e.g. what was done before the failure).
        hide: Applied to every line printed (e.g. to remove a secret).
    """
    if isinstance(error, InvalidPackageError):
        lines = [error.report.render()]
    else:
        lines = [f"Error: {label}: {error}" if label else f"Error: {error}"]
    for line in [*lines, *notes]:
        click.echo(hide(line), err=True)
    sys.exit(exit_code(error))


#: The ``-q/--quiet`` option of the commands that print a summary.
QUIET = click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")


def dry_run_option(help_text: str) -> Callable[[FC], FC]:
    """The ``--dry-run`` option, with what the command prints instead of acting."""
    return click.option("--dry-run", is_flag=True, help=help_text)


class StepPrinter:
    """Steps on stderr, each on a line of its own (``[3/4] writing RDF…``, unnumbered
    when the number of steps is not known), and within a long step its count, written
    again in place at most every :attr:`INTERVAL` seconds (a terminal is assumed: see
    :func:`progress`). A :class:`~nerima_opendata.files.progress.Counting` callback."""

    #: Seconds between two writes of a step's count.
    INTERVAL = 0.5

    def __init__(
        self,
        steps: int | None,
        stream: IO[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._steps, self._stream, self._clock = steps, stream, clock
        self._step = 0
        self._shown = -1.0
        self._counting = False
        self._pending: tuple[int, int] | None = None

    def __call__(self, step: str) -> None:
        self.close()
        self._step = min(self._step + 1, self._steps or self._step + 1)
        number = f"[{self._step}/{self._steps}] " if self._steps else ""
        self._write(f"{number}{step}…\n")

    def plan(self, steps: int) -> None:
        """Number the steps out of ``steps`` (the library says how many there are)."""
        self._steps = steps

    def count(self, done: int, total: int) -> None:
        now = self._clock()
        if self._counting and now - self._shown < self.INTERVAL and not 0 < total <= done:
            self._pending = (done, total)  # shown by the next count or at the line's end
            return
        self._shown = now
        self._show(done, total)

    def close(self) -> None:
        """End the line of a count, if one is open (before other output), with the last
        count told (an estimated total may not be reached)."""
        if self._pending is not None:
            self._show(*self._pending)
        if self._counting:
            self._write("\n")
            self._counting = False

    def _show(self, done: int, total: int) -> None:
        self._counting, self._pending = True, None
        share = f" of about {total:,} ({min(done * 100 // total, 100)}%)" if total else ""
        self._write(f"\r  {done:,}{share}\x1b[K")

    def _write(self, text: str) -> None:
        stream = self._stream or sys.stderr
        stream.write(text)
        stream.flush()


def progress(quiet: bool, total: int | None) -> StepPrinter | None:
    """Step lines (and counts) on stderr, only for a person at a terminal and without
    --quiet; ``total`` is the number of steps, if known (else numbered once the library
    tells it, see :meth:`StepPrinter.plan`)."""
    if quiet or not sys.stderr.isatty():
        return None
    return StepPrinter(total)


def summary(result: BuildResult, seconds: float, quiet: bool) -> None:
    """Print the files written (name and size), then their count and total size."""
    if quiet:
        return
    total = sum(size for _, size in result.files)
    for name, size in result.files:
        click.echo(f"  {size:>9,} B  {name}")
    click.echo(
        f"wrote {len(result.files)} files ({total:,} bytes) to {result.out} in {seconds:.2f} s"
    )
