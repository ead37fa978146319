"""The input check of a budget book's build, made in a second process meanwhile
(:func:`nerima_opendata.api.build_publication`), with the book's digest made from the
records the check reads; or, for a package whose bytes passed the check before
(:mod:`nerima_opendata.files.checked`), the digest alone."""

from __future__ import annotations

from pathlib import Path

from nerima_opendata.checks.report import Report
from nerima_opendata.checks.validation import inspect
from nerima_opendata.errors import InvalidPackageError, NerimaOpenDataError
from nerima_opendata.files.background import Pending
from nerima_opendata.files.checked import package_key, remember_checked, was_checked
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import (
    AmountKind,
    BudgetInfo,
    BudgetLine,
    Classification,
    LineAmount,
    Record,
)
from nerima_opendata.model.digest import BookDigest, DigestBuilder
from nerima_opendata.publication.book_build import BookSource

__all__ = ["BookDigester", "check_imported", "checked_book", "digest_of"]


class BookDigester:
    """The digest of one budget of a package, from the records of its tables as the
    check reads them (:func:`~nerima_opendata.checks.tables.scan_tables`' sink).

    Args:
        budget_id: Which budget; ``None``: the package's only one.
    """

    def __init__(self, budget_id: str | None) -> None:
        self.budget_id = budget_id
        self.budgets: list[str] = []
        self.kinds: list[AmountKind] = []
        self.builder = DigestBuilder()

    def __call__(self, record: Record, budget_id: str | None) -> None:
        """Take one record of the package (its budget's ID, ``None`` in the budget table)."""
        if isinstance(record, BudgetInfo):
            self.budgets.append(record.id)
        elif budget_id != self.chosen:
            return
        elif isinstance(record, Classification):
            self.builder.classification(record)
        elif isinstance(record, BudgetLine):
            self.builder.line(record)
        elif isinstance(record, LineAmount):
            self.builder.line_amount(record)
        elif isinstance(record, AmountKind):
            self.kinds.append(record)

    @property
    def chosen(self) -> str | None:
        """The budget digested (``None`` when the package holds no such budget)."""
        if self.budget_id is None:
            return self.budgets[0] if len(self.budgets) == 1 else None
        return self.budget_id if self.budget_id in self.budgets else None

    def digest(self, source: BookSource) -> BookDigest | None:
        """The digest, the code list's names read from ``source`` (``None`` when no
        budget was chosen, or no record was given: the build then makes it)."""
        if self.chosen is None or self.chosen != source.info.id:
            return None
        return self.builder.result(self.kinds, source.names())


def checked_book(
    directory: StrPath, budget_id: str | None, key: str | None = None
) -> tuple[Report, BookDigest | None]:
    """A budget-book package's table checks, then, if it passes, its book's digest
    (``None`` when it cannot be made here: the build then says why). The text warnings
    are not computed: a build shows none (``validate`` gives them).

    ``key`` is the package's :func:`~nerima_opendata.files.checked.package_key`, made
    before: when a package of that key passed the check before, only the digest is made;
    otherwise the key is remembered if the check passes and the package's key is the
    same after it."""
    if was_checked(key):
        return Report(Path(directory)), _digest(directory, budget_id)
    digester = BookDigester(budget_id)
    report, _ = inspect(directory, budgets=False, upstream=False, warnings=False, sink=digester)
    if not report.valid:
        return report, None
    remember_checked(key, package_key(directory))
    return report, _digest(directory, budget_id, digester)


def _digest(
    directory: StrPath, budget_id: str | None, digester: BookDigester | None = None
) -> BookDigest | None:
    """The book's digest: from the records the check read, or one pass over the tables."""
    try:
        source = BookSource(directory, budget_id)
        return source.digest() if digester is None else digester.digest(source)
    except NerimaOpenDataError:
        return None


def check_imported(directory: StrPath) -> None:
    """Check a package just written (before it replaces its target): the table checks,
    which find what Frictionless finds (``validate`` runs it too, and gives the text
    warnings, which this check would not show). A package that passes is remembered
    (:mod:`~nerima_opendata.files.checked`): a build from it need not check it again.

    Raises:
        InvalidPackageError: It is not valid.
    """
    key = package_key(directory)
    report, _ = inspect(directory, budgets=False, upstream=False, warnings=False)
    if not report.valid:
        raise InvalidPackageError(report)
    remember_checked(key, package_key(directory))


def digest_of(check: Pending[tuple[Report, BookDigest | None]]) -> BookDigest | None:
    """The digest :func:`checked_book` made.

    Raises:
        InvalidPackageError: The package is invalid.
    """
    report, digest = check.result()
    if not report.valid:
        raise InvalidPackageError(report)
    return digest
