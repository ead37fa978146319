"""The input check of a budget book's build, made in a second process meanwhile
(:func:`nerima_opendata.api.build_publication`)."""

from __future__ import annotations

from nerima_opendata.checks.report import Report
from nerima_opendata.checks.validation import inspect
from nerima_opendata.errors import InvalidPackageError, NerimaOpenDataError
from nerima_opendata.files.background import Pending
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.digest import BookDigest
from nerima_opendata.publication.book_build import BookSource

__all__ = ["checked_book", "digest_of"]


def checked_book(directory: StrPath, budget_id: str | None) -> tuple[Report, BookDigest | None]:
    """A budget-book package's table checks, then, if it passes, its book's digest
    (``None`` when it cannot be made here: the build then says why). The text warnings
    are not computed: a build shows none (``validate`` gives them)."""
    report, _ = inspect(directory, budgets=False, upstream=False, warnings=False)
    try:
        return report, BookSource(directory, budget_id).digest() if report.valid else None
    except NerimaOpenDataError:
        return report, None


def digest_of(check: Pending[tuple[Report, BookDigest | None]]) -> BookDigest | None:
    """The digest :func:`checked_book` made.

    Raises:
        InvalidPackageError: The package is invalid.
    """
    report, digest = check.result()
    if not report.valid:
        raise InvalidPackageError(report)
    return digest
