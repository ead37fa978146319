"""The error hierarchy: every error survives pickling (a helper process sends its error
back pickled), with its message, its attributes and its type."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.errors import (
    AmountError,
    BookImportError,
    EndpointError,
    InputError,
    InvalidPackageError,
    MissingDependencyError,
    NerimaOpenDataError,
    OutputError,
    RecordError,
    SourceParseError,
    WorkerError,
)
from nerima_opendata.files.background import start
from nerima_opendata.publish.errors import CatalogValidationError, PublishError
from nerima_opendata.sparql.query import QueryError


def _report() -> Report:
    report = Report(path=Path("pkg"))
    report.add(ReportError(ErrorTypes.RDF, "cannot parse", file="a.ttl"))
    return report


#: One of each error whose constructor takes more (or other) than a message.
ERRORS: list[NerimaOpenDataError] = [
    NerimaOpenDataError("any"),
    InputError("bad", found="x", expected="y", path="a.csv", line=3),
    AmountError("not an amount", found="1億円円"),
    SourceParseError("no pillar", line=12),
    BookImportError("bad row", column="款", found="", expected="a code", path="b.csv", line=9),
    InvalidPackageError(_report()),
    RecordError("Line", [("amount", "not an integer", "1.5")], path=Path("l.csv"), line=4),
    OutputError("cannot write"),
    WorkerError("checking the tables", -9),
    EndpointError("refused", url="http://127.0.0.1:7878/store", status=503),
    MissingDependencyError("rdf", "validate", reason="No module named 'pyoxigraph'"),
    PublishError("failed", done=["a"], pending=["b"]),
    CatalogValidationError("invalid", field_errors={"name": ["taken"]}),
    QueryError("syntax error"),
]


@pytest.mark.parametrize("error", ERRORS, ids=[type(e).__name__ for e in ERRORS])
def test_an_error_pickles_as_it_is(error: NerimaOpenDataError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert vars(copy).keys() == vars(error).keys()
    assert all(str(getattr(copy, name)) == str(getattr(error, name)) for name in vars(error))


def test_an_error_that_refers_to_itself_pickles_whole() -> None:
    error = OutputError("cannot write")
    error.again = error  # type: ignore[attr-defined]
    copy = pickle.loads(pickle.dumps(error))
    assert copy.again is copy


def _raises(error: NerimaOpenDataError) -> None:
    raise error


HELPED = [e for e in ERRORS if isinstance(e, MissingDependencyError | WorkerError | RecordError)]


@pytest.mark.parametrize("error", HELPED, ids=[type(e).__name__ for e in HELPED])
def test_an_error_raised_in_a_helper_process_is_raised_as_it_is(
    error: NerimaOpenDataError,
) -> None:
    with pytest.raises(type(error)) as info:
        start(_raises, error).result()
    assert str(info.value) == str(error)
