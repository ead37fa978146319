"""The input check of a budget book's build, made in a second process meanwhile
(:func:`nerima_opendata.api.build_publication`), with the book's digest made from the
records the check reads."""

from __future__ import annotations

from nerima_opendata.checks.report import Report
from nerima_opendata.checks.validation import inspect
from nerima_opendata.errors import InvalidPackageError, NerimaOpenDataError
from nerima_opendata.files.background import Pending
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

__all__ = ["BookDigester", "checked_book", "digest_of"]


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


def checked_book(directory: StrPath, budget_id: str | None) -> tuple[Report, BookDigest | None]:
    """A budget-book package's table checks, then, if it passes, its book's digest
    (``None`` when it cannot be made here: the build then says why). The text warnings
    are not computed: a build shows none (``validate`` gives them)."""
    digester = BookDigester(budget_id)
    report, _ = inspect(directory, budgets=False, upstream=False, warnings=False, sink=digester)
    try:
        return report, digester.digest(BookSource(directory, budget_id)) if report.valid else None
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
