"""The fingerprints of a publication's RDF files against what its CSV tables say
(``rdf-matches-csv``), or against its Turtle file's: the streamed checks' comparison
(:mod:`~nerima_opendata.checks.linked_stream`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.fingerprint import Fingerprint, fingerprint_quads
from nerima_opendata.checks.report import ReportError
from nerima_opendata.files.paths import StrPath

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["Unwritable", "compare_prints", "mismatch"]


@dataclass(frozen=True)
class Unwritable:
    """What the CSV tables say cannot be written as RDF (a writer refused it): why."""

    reason: str


def compare_prints(
    prints: Mapping[str, Fingerprint],
    turtle: str,
    given: Iterable[ox.Quad] | Fingerprint | StrPath | Unwritable | None,
) -> list[ReportError]:
    """Every serialization's fingerprint, by file name, against the statements of the
    CSV tables when they are ``given`` (so the file that differs is the one named), else
    against the ``turtle`` file's (by name)."""
    what = "the statements of the CSV tables"
    if isinstance(given, Unwritable):  # no file can say it
        what += f", which RDF cannot hold ({given.reason})"
        return [mismatch(name, found, what) for name, found in sorted(prints.items())]
    if given is None:
        reference, what = prints[turtle], f"the graph of {turtle}"
    elif isinstance(given, Fingerprint):
        reference = given
    elif isinstance(given, str | PathLike):  # this file's lines are what the tables give
        reference = prints[Path(given).name]
    else:
        reference = fingerprint_quads(given)
    return [
        mismatch(name, found, f"{what}: {reference}", tables=given is not None, turtle=turtle)
        for name, found in sorted(prints.items())
        if found != reference
    ]


def mismatch(
    name: str,
    found: Fingerprint,
    expected: str,
    *,
    tables: bool = True,
    turtle: str | None = None,
) -> ReportError:
    """The error of a file (by name) whose graph is not what it should be: what the CSV
    tables say (``tables``), else the ``turtle`` file's graph."""
    return ReportError(
        ErrorTypes.JSONLD_MISMATCH if name.endswith(".jsonld") else ErrorTypes.RDF_MISMATCH,
        "the RDF does not say what the CSV tables say"
        if tables or turtle is None
        else f"the graph differs from {turtle}",
        file=name,
        found=str(found),
        expected=expected,
    )
