"""The exception hierarchy of nerima-opendata.

Every error the library raises on purpose derives from :class:`NerimaOpenDataError`,
so callers can tell bad input from a bug (a bug surfaces as any other exception)::

    NerimaOpenDataError
    ├── InputError              bad input: a file, a value, a descriptor
    │   ├── AmountError         a printed amount that cannot be read (億/万/円, 千円)
    │   ├── WarekiError         a Japanese-era year that cannot be read
    │   ├── CodeError           a 全国地方公共団体コード with a wrong form or check digit
    │   ├── SourceParseError    the brochure text does not parse (line number attached)
    │   ├── BookImportError     a budget-book file that its mapping cannot import (row
    │   │                       and column attached)
    │   ├── InvalidPackageError a data package failed validation (carries the Report)
    │   ├── CatalogConfigError  a bad catalog config or API key (nerima_opendata.publish.errors)
    │   └── QueryError, UnsupportedQueryError   a SPARQL query that does not parse, or
    │                           is not SELECT/ASK (nerima_opendata.sparql.query)
    ├── OutputError             a publication could not be written (the old one is kept)
    ├── WorkerError             a helper process ended before giving its result (killed:
    │                           by the out-of-memory killer, say)
    ├── EndpointError           a SPARQL endpoint could not be reached or refused
    └── PublishError            publishing to CKAN failed (nerima_opendata.publish.errors:
        ├── CatalogUnreachableError   CatalogAuthError, OrganizationNotFoundError,
        └── ...                       CatalogValidationError; each lists done/pending)

Errors carry their context as attributes (``path``, ``line``, ``found``, ``expected``),
and ``str(error)`` renders that context in one readable line. The command line gives
each its exit code from one table, :data:`nerima_opendata.cli.common.EXIT_CODES`: an
invalid package (unless there is no package at all), a budget-book file that cannot be
imported, a failed endpoint or catalog, a helper process that ended early exit 1; any
other input or output error exits 2.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nerima_opendata.checks.report import Report

__all__ = [
    "AmountError",
    "BookImportError",
    "CodeError",
    "EndpointError",
    "InputError",
    "InvalidPackageError",
    "MissingDependencyError",
    "NerimaOpenDataError",
    "OutputError",
    "RecordError",
    "SourceParseError",
    "WarekiError",
    "WorkerError",
]


class NerimaOpenDataError(Exception):
    """Base class of every error raised on purpose by nerima-opendata.

    Every one pickles with its message and attributes as they are, whatever its
    constructor takes: a helper process sends its error back pickled
    (:mod:`nerima_opendata.files.background`), and the caller raises the same error.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restored, (type(self), self.args), self.__dict__)


def _restored(cls: type[NerimaOpenDataError], args: tuple[Any, ...]) -> NerimaOpenDataError:
    """An error as it was pickled, its constructor not called again (its attributes are
    set after, by pickle)."""
    return cls.__new__(cls, *args)


class InputError(NerimaOpenDataError):
    """Bad input: what was found, what was expected, and where.

    Args:
        message: What is wrong, in a sentence.
        found: The offending value, as read.
        expected: What would have been accepted.
        path: The file it came from, if any.
        line: The 1-based line (or CSV row) number, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        found: object = None,
        expected: str | None = None,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.found = found
        self.expected = expected
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        parts = [f"{where}{self.message}"]
        if self.found is not None:
            parts.append(f"found {self.found!r}")
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        return "; ".join(parts)


class AmountError(InputError):
    """A printed amount (e.g. ``1億8723万円``) that cannot be read as integer yen."""


class WarekiError(InputError):
    """A Japanese-era year (e.g. ``令和6年度``) that cannot be read."""


class CodeError(InputError):
    """A local government code whose form or check digit is wrong."""


class SourceParseError(InputError):
    """The source brochure text does not parse into a budget."""


class BookImportError(InputError):
    """A budget-book file (CSV) that its mapping cannot import: an encoding, a header or
    a row that breaks a rule of the import. ``column`` names the column, where one is at
    fault; ``line`` is the row (the header being row 1).

    Args:
        message: What is wrong, in a sentence.
        column: The column's header, as printed in the file.
        found: The offending value, as read.
        expected: What would have been accepted.
        path: The file.
        line: The row number, the header being row 1.
    """

    def __init__(
        self,
        message: str,
        *,
        column: str | None = None,
        found: object = None,
        expected: str | None = None,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
    ) -> None:
        self.column = column
        where = f"column {column!r}: " if column is not None else ""
        super().__init__(f"{where}{message}", found=found, expected=expected, path=path, line=line)


class InvalidPackageError(InputError):
    """A data package failed validation; ``report`` holds every error found."""

    def __init__(self, report: Report) -> None:
        self.report = report
        first = report.errors[0].render() if report.errors else "no details"
        super().__init__(
            f"the package is invalid ({len(report.errors)} error(s)); first: {first}",
            path=report.path,
        )


class OutputError(NerimaOpenDataError):
    """The publication could not be written; the previous output is left untouched."""


class WorkerError(NerimaOpenDataError):
    """A helper process (a second core's share of the work) ended before giving its
    result: killed by a signal, say, or out of memory. Nothing it was writing is kept.

    Args:
        task: What the process was doing.
        exitcode: Its exit status as :mod:`multiprocessing` gives it: minus the signal
            that ended it, else the code it exited with.
    """

    def __init__(self, task: str, exitcode: int | None) -> None:
        self.task, self.exitcode = task, exitcode
        super().__init__(f"the process {task} ended before giving its result: {_ended(exitcode)}")


def _ended(exitcode: int | None) -> str:
    """How a process ended, from its exit status (``-9``: killed by SIGKILL)."""
    if exitcode is None:
        return "it did not say how"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (by the out-of-memory killer, or by a user)" if exitcode == -9 else ""
        return f"killed by {name}{hint}"
    return f"exit code {exitcode}"


class EndpointError(NerimaOpenDataError):
    """A remote service could not be reached or refused a request.

    Args:
        message: What happened and what to do; never contains a credential.
        url: The URL that was called.
        status: The HTTP status, if an answer came.
    """

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(message)


class RecordError(InputError):
    """A record (or a whole budget) that the model refuses.

    ``problems`` lists each problem as ``(field, message, found)``; a field is named as
    the caller named it: the English attribute when English keywords were passed, the
    Japanese column name when column names were. ``details`` keeps pydantic's own error
    list (``ValidationError.errors()``), for readers that report each problem in place.
    """

    def __init__(
        self,
        model: str,
        problems: list[tuple[str | None, str, object]],
        *,
        path: Path | None = None,
        line: int | None = None,
        details: list[Any] | None = None,
    ) -> None:
        self.model = model
        self.problems = problems
        self.details = details or []
        field, message, found = problems[0] if problems else (None, "invalid", None)
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        where = f"{model}.{field}" if field else model
        super().__init__(f"{where}: {message}{more}", found=found, path=path, line=line)


class MissingDependencyError(NerimaOpenDataError):
    """A feature needs an optional extra that is not installed.

    Args:
        extra: The extra to install, e.g. ``sparql``.
        feature: What needs it, e.g. ``query``.
        reason: Why it failed, e.g. ``No module named 'pyoxigraph'``.
    """

    def __init__(self, extra: str, feature: str, *, reason: str | None = None) -> None:
        self.extra = extra
        self.feature = feature
        self.reason = reason
        self.install = f"pip install 'nerima-opendata[{extra}]'"
        why = f" ({reason})" if reason else ""
        super().__init__(f"the {extra!r} extra is needed for {feature}{why}: {self.install}")
