"""What every ``nerima-opendata`` command shares: exit codes, errors, progress lines."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import NoReturn

import click

from nerima_opendata.errors import (
    InputError,
    InvalidPackageError,
    MissingDependencyError,
    NerimaOpenDataError,
    OutputError,
)

__all__ = ["EXIT_INVALID", "EXIT_USAGE", "fail", "progress"]

EXIT_INVALID = 1
EXIT_USAGE = 2


def fail(error: NerimaOpenDataError) -> NoReturn:
    """Print a library error without a traceback and exit with the right code.

    Invalid data and failed remote calls exit 1; bad input files, usage and a missing
    extra exit 2.
    """
    if isinstance(error, InvalidPackageError):
        click.echo(error.report.render(), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"Error: {error}", err=True)
    usage = isinstance(error, InputError | OutputError | MissingDependencyError)
    sys.exit(EXIT_USAGE if usage else EXIT_INVALID)


def progress(quiet: bool, total: int) -> Callable[[str], None] | None:
    """Step lines on stderr, only for a person at a terminal and without --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    counter = iter(range(1, total + 1))

    def say(step: str) -> None:
        click.echo(f"[{next(counter, total)}/{total}] {step}…", err=True)

    return say
