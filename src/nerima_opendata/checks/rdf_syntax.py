"""The ``rdf-syntax`` check of a small publication: every RDF file parsed in its own syntax.

The other linked-data checks of :mod:`~nerima_opendata.checks.linked` read the budget
graph from its Turtle file (and the JSON-LD against it). This check reads each of the
other serializations the descriptor lists (N-Triples, RDF/XML), streamed by pyoxigraph
(:func:`~nerima_opendata.checks.rdf_load.stream_quads`; RDF/XML first by an XML 1.0
parser, which refuses what pyoxigraph lets through, e.g. U+FFFF), and compares its
fingerprint (:mod:`~nerima_opendata.checks.fingerprint`) with the Turtle file's: a file
that does not parse, is cut short or says something else is named in the report. The
copies of the vocabulary are checked here too
(:func:`~nerima_opendata.checks.vocab_copies.check_vocabulary`). The streamed checks of a large publication (:mod:`~nerima_opendata.checks.linked_stream`)
read every file the same way.
"""

from __future__ import annotations

from pathlib import Path

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.fingerprint import Fingerprint, fingerprint_quads
from nerima_opendata.checks.rdf_load import stream_quads
from nerima_opendata.checks.report import ReportError
from nerima_opendata.checks.vocab_copies import check_vocabulary
from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.publication.layout import JSONLD, TURTLE, Publication, rdf_resource_name
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS

__all__ = ["CHECK", "check_serializations"]

#: The name of the check, for ``Report.checks``.
CHECK = "rdf-syntax"

_SYNTAX = {".nt": "N-Triples", ".rdf": "RDF/XML", ".ttl": "Turtle"}


def check_serializations(directory: StrPath) -> list[ReportError]:
    """Parse every budget-graph file but Turtle and JSON-LD, each in its own syntax, and
    compare it with the Turtle graph; then check the copies of the vocabulary.

    Args:
        directory: The publication directory.

    Returns:
        One error per file that does not parse (``rdf-error``) or holds other
        statements than the Turtle file (``rdf-mismatch``); empty when all agree. A
        missing or unreadable Turtle file is left to the other checks, which report it.
    """
    try:
        found = Publication.read(Path(directory))
        turtle = found.path(TURTLE)
        reference = fingerprint_quads(stream_quads(turtle))
    except (InputError, OSError, SyntaxError):
        return []  # check_graphs reports it
    errors: list[ReportError] = []
    for fmt in RDF_SERIALIZATIONS:
        name = rdf_resource_name(fmt)
        if name in (TURTLE, JSONLD) or not found.has(name):
            continue
        try:
            path = found.path(name)
        except InputError as exc:
            errors.append(ReportError(ErrorTypes.RDF_MISSING, exc.message, file=name))
            continue
        errors += _compare(path, reference, turtle.name)
    return errors + check_vocabulary(directory)


def _compare(path: Path, reference: Fingerprint, turtle: str) -> list[ReportError]:
    syntax = _SYNTAX.get(path.suffix.lower(), path.suffix)
    try:
        fingerprint = fingerprint_quads(stream_quads(path))
    except (OSError, SyntaxError, ValueError) as exc:
        return [
            ReportError(
                ErrorTypes.RDF,
                f"cannot parse as {syntax}: {_short(exc)}",
                file=path.name,
                expected=f"a well-formed {syntax} file",
            )
        ]
    if fingerprint == reference:
        return []
    return [
        ReportError(
            ErrorTypes.RDF_MISMATCH,
            f"the graph differs from {turtle}",
            file=path.name,
            found=str(fingerprint),
            expected=f"the graph of {turtle}: {reference}",
        )
    ]


def _short(exc: Exception) -> str:
    """The parser's message, without the file's path (the report names the file)."""
    text = str(exc.args[0]) if isinstance(exc, SyntaxError) and exc.args else str(exc)
    return text[:300]
