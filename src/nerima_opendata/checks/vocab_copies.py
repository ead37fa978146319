"""Part of the ``rdf-syntax`` check: the publication's copies of the vocabulary.

A publication carries the vocabulary its RDF uses under ``vocab/``
(:mod:`~nerima_opendata.publication.vocabulary`). Each copy the descriptor lists must be a
byte copy of the library's own file: one that differs is parsed in its syntax (Turtle;
the JSON-LD context as a JSON object with an ``@context``) and reported as an
``rdf-error`` when it does not parse, else as an ``rdf-mismatch`` (edited, or written by
another version of the vocabulary). A copy the descriptor does not list is not looked
for: a publication written before the vocabulary was included is still read.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import ReportError
from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.publication.layout import Publication
from nerima_opendata.publication.vocabulary import VOCABULARY, VocabularyFile
from nerima_opendata.rdf.vocab import VERSION

__all__ = ["check_vocabulary"]


def check_vocabulary(directory: StrPath) -> list[ReportError]:
    """Check every copy of the vocabulary the publication lists.

    Args:
        directory: The publication directory.

    Returns:
        One error per copy that is missing (``rdf-missing``), does not parse
        (``rdf-error``) or differs from the library's (``rdf-mismatch``).
    """
    try:
        found = Publication.read(Path(directory))
    except InputError:
        return []  # the descriptor stage reports it
    errors: list[ReportError] = []
    for file in VOCABULARY:
        if not found.has(file.name):
            continue
        try:
            path = found.path(file.name)
        except InputError as exc:
            errors.append(ReportError(ErrorTypes.RDF_MISSING, exc.message, file=file.path))
            continue
        errors += _compare(path, file)
    return errors


def _compare(path: Path, file: VocabularyFile) -> list[ReportError]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [ReportError(ErrorTypes.RDF, f"cannot read: {exc.strerror}", file=file.path)]
    own = file.source.read_bytes()
    if data == own:
        return []
    syntax, expected = (
        ("Turtle", "a well-formed Turtle file")
        if file.is_rdf
        else ("JSON-LD", "a JSON object with an @context")
    )
    problem = _parse_problem(path, file)
    if problem is not None:
        return [
            ReportError(
                ErrorTypes.RDF,
                f"cannot parse as {syntax}: {problem}",
                file=file.path,
                expected=expected,
            )
        ]
    return [
        ReportError(
            ErrorTypes.RDF_MISMATCH,
            "the copy of the vocabulary differs from the library's",
            file=file.path,
            found=f"sha256:{hashlib.sha256(data).hexdigest()}",
            expected=f"a byte copy of vocab/{file.source.name} of vocabulary version "
            f"{VERSION} (sha256:{hashlib.sha256(own).hexdigest()}); build again",
        )
    ]


def _parse_problem(path: Path, file: VocabularyFile) -> str | None:
    """Why the file does not parse in its syntax, or ``None`` when it does."""
    if not file.is_rdf:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return str(exc)[:300]
        if not isinstance(document, dict) or "@context" not in document:
            return "not a JSON object with an @context"
        return None
    from nerima_opendata.checks.rdf_load import stream_quads

    try:
        for _ in stream_quads(path):
            pass
    except (SyntaxError, ValueError) as exc:
        text = str(exc.args[0]) if isinstance(exc, SyntaxError) and exc.args else str(exc)
        return text[:300]
    return None
