"""The catalogue of validation error types (after frictionless-py's ``frictionless.errors``).

Every :class:`~nerima_opendata.checks.report.ReportError` has one of these types: a
code (what the reports show, e.g. ``"schema-error"``), a title, a description, and the
checks that report it. A report error is built from a catalogue entry, never from a
bare string::

    ReportError(ErrorTypes.SCHEMA, "the table schema differs", file="datapackage.json")

Types Frictionless defines keep Frictionless's code, title and description, read from
``frictionless.errors`` (not retyped here, and only when asked for, so that building a
report does not import Frictionless). The types it reports are passed through by the
``frictionless`` check with :func:`upstream_type`: one missing from the catalogue is
still reported, as an uncatalogued type, and a test flags it.

The generated page ``docs/errors.md`` lists the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

__all__ = [
    "ERROR_TYPES",
    "WARNING_TYPES",
    "ErrorType",
    "ErrorTypes",
    "WarningTypes",
    "upstream_type",
]


@dataclass(frozen=True)
class ErrorType:
    """One type of validation error.

    Args:
        code: The type's code, as reports show it (``ReportError.type``).
        checks: The checks of a report (``Report.checks``) that may find it.
        wording: Its title and description, when nerima-opendata defines them; ``None``
            for a type Frictionless defines, whose wording is Frictionless's own.
        catalogued: False only for a type Frictionless reported that the catalogue
            does not list (see :func:`upstream_type`).
    """

    code: str
    checks: tuple[str, ...]
    wording: tuple[str, str] | None = None
    catalogued: bool = True

    @property
    def from_frictionless(self) -> bool:
        """True when the title and description are Frictionless's."""
        return self.wording is None

    @property
    def title(self) -> str:
        """A short name, e.g. ``"Schema Error"``."""
        return (self.wording or _frictionless_wording(self.code))[0]

    @property
    def description(self) -> str:
        """What the error means, in a sentence or two."""
        return (self.wording or _frictionless_wording(self.code))[1]


@cache
def _frictionless_types() -> Mapping[str, tuple[str, str]]:
    """Code → (title, description) of every error class of ``frictionless.errors``."""
    from frictionless import Error, errors

    found: dict[str, tuple[str, str]] = {}
    for value in vars(errors).values():
        if isinstance(value, type) and issubclass(value, Error):
            found[value.type] = (value.title, value.description)
    return found


def _frictionless_wording(code: str) -> tuple[str, str]:
    """Frictionless's title and description of a code (the code itself if unknown)."""
    return _frictionless_types().get(code, (code, f"Frictionless reported {code!r}."))


def _ours(code: str, title: str, description: str, *checks: str) -> ErrorType:
    return ErrorType(code, checks, (title, description))


def _theirs(code: str, *checks: str) -> ErrorType:
    return ErrorType(code, checks or ("frictionless",))


_DESCRIPTOR_AND_FRICTIONLESS = ("descriptor", "frictionless")
_TABLE_AND_RECORDS = ("frictionless", "records")
_RDF_CHECKS = ("shacl", "terms", "jsonld", "rdf-syntax")


class ErrorTypes:
    """Every catalogued error type, by the stage that reports it first."""

    # descriptor: datapackage.json, the table schemas, each file's encoding and header
    DESCRIPTOR = _ours(
        "descriptor-error",
        "Descriptor Error",
        "The descriptor (`datapackage.json`) is missing, unreadable or not a JSON object "
        "with a resources list; or a canonical table is not listed; or a resource path "
        "is missing or leaves the package directory.",
        "descriptor",
    )
    SCHEMA = _ours(
        "schema-error",
        "Schema Error",
        "A table schema differs from the canonical schema generated from the models "
        "(regenerate it), or Frictionless found it invalid.",
        *_DESCRIPTOR_AND_FRICTIONLESS,
    )
    SOURCE = _theirs("source-error", *_DESCRIPTOR_AND_FRICTIONLESS)
    ENCODING = _theirs("encoding-error", *_DESCRIPTOR_AND_FRICTIONLESS)
    MISSING_LABEL = _theirs("missing-label", *_DESCRIPTOR_AND_FRICTIONLESS)
    EXTRA_LABEL = _theirs("extra-label", *_DESCRIPTOR_AND_FRICTIONLESS)
    INCORRECT_LABEL = _theirs("incorrect-label", *_DESCRIPTOR_AND_FRICTIONLESS)

    # frictionless: the upstream validation, its types passed through
    FRICTIONLESS = _ours(
        "frictionless-error",
        "Frictionless Error",
        "Frictionless could not validate the package at all (it raised an error).",
        "frictionless",
    )
    PACKAGE = _theirs("package-error")
    RESOURCE = _theirs("resource-error")
    FIELD = _theirs("field-error")
    DIALECT = _theirs("dialect-error")
    SCHEME = _theirs("scheme-error")
    FORMAT = _theirs("format-error")
    COMPRESSION = _theirs("compression-error")
    HASH_COUNT = _theirs("hash-count", *_DESCRIPTOR_AND_FRICTIONLESS)
    BYTE_COUNT = _theirs("byte-count", *_DESCRIPTOR_AND_FRICTIONLESS)
    FIELD_COUNT = _theirs("field-count")
    ROW_COUNT = _theirs("row-count")
    BLANK_HEADER = _theirs("blank-header")
    UNMATCHED_HEADER = _theirs("unmatched-header")
    BLANK_LABEL = _theirs("blank-label")
    DUPLICATE_LABEL = _theirs("duplicate-label")
    BLANK_ROW = _theirs("blank-row")
    # keys: checked row by row in the records stage (Frictionless is given no keys)
    PRIMARY_KEY = _theirs("primary-key", *_TABLE_AND_RECORDS)
    FOREIGN_KEY = _theirs("foreign-key", *_TABLE_AND_RECORDS)
    UNIQUE = _theirs("unique-error")

    # records: each row read into the models (as Frictionless would name the error)
    EXTRA_CELL = _theirs("extra-cell", *_TABLE_AND_RECORDS)
    MISSING_CELL = _theirs("missing-cell", *_TABLE_AND_RECORDS)
    TYPE = _theirs("type-error", *_TABLE_AND_RECORDS)
    CONSTRAINT = _theirs("constraint-error", *_TABLE_AND_RECORDS)

    # integrity: what no table schema can say
    INTEGRITY = _ours(
        "integrity-error",
        "Integrity Error",
        "The tables disagree with each other or with the budget: the ID scheme, an "
        "unknown tag, a project under no pillar, an orphan initiative, or a standard "
        "column (local government code and name) that differs from the budget table.",
        "integrity",
    )

    # the linked-data checks of a publication: shacl, terms, jsonld, rdf-matches-csv
    RDF_MISSING = _ours(
        "rdf-missing",
        "RDF Missing",
        "A linked-data file cannot be found through the publication's "
        "`datapackage.json`: the descriptor is missing, does not list the budget graph "
        "in Turtle, or lists a file (Turtle, JSON-LD, DCAT) that is missing, lies "
        "outside the publication or does not have its format's suffix.",
        *_RDF_CHECKS,
    )
    RDF = _ours(
        "rdf-error",
        "RDF Error",
        "An RDF file does not parse in its own syntax (Turtle, N-Triples, RDF/XML as "
        "well-formed XML 1.0; a copy of the vocabulary, Turtle or the JSON-LD context), or "
        "the budget cannot be read back from it.",
        *_RDF_CHECKS,
        "rdf-matches-csv",
    )
    SHACL_VIOLATION = _ours(
        "shacl-violation",
        "SHACL Violation",
        "The RDF breaks a SHACL shape of `vocab/shapes.ttl` (the focus node, path, value "
        "and constraint are named).",
        "shacl",
    )
    UNKNOWN_TERM = _ours(
        "unknown-term",
        "Unknown Term",
        "The RDF uses a class or predicate that neither `vocab/` nor a known standard "
        "vocabulary defines (a closed-world check).",
        "terms",
    )
    JSONLD = _ours(
        "jsonld-error",
        "JSON-LD Error",
        "The JSON-LD file cannot be read or expanded (no network is used).",
        "jsonld",
    )
    JSONLD_MISMATCH = _ours(
        "jsonld-mismatch",
        "JSON-LD Mismatch",
        "The JSON-LD graph is not isomorphic to the Turtle graph.",
        "jsonld",
    )
    RDF_MISMATCH = _ours(
        "rdf-mismatch",
        "RDF Mismatch",
        "The budget read back from the RDF differs from the budget of the CSV tables, "
        "or a serialization (N-Triples, RDF/XML) holds other statements than the Turtle "
        "file, or a copy of the vocabulary under `vocab/` differs from the library's.",
        "rdf-syntax",
        "rdf-matches-csv",
    )


class WarningTypes:
    """Every type of warning: what a publisher should look at, though the data is valid
    (``report.valid`` stays True). Found by the ``records`` stage's reading of the text
    columns (:mod:`~nerima_opendata.checks.text_warnings`)."""

    FORMULA = _ours(
        "formula-text",
        "Formula-like Text",
        "A text cell starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a "
        "spreadsheet opening the CSV (written for Excel) may run it as a formula. A "
        "signed number (`-1,234`) is not flagged.",
        "records",
    )
    INVISIBLE = _ours(
        "invisible-character",
        "Invisible Character",
        "A text cell holds an invisible format character (Unicode category Cf: a "
        "bidirectional override such as U+202E, a zero-width space U+200B, a soft "
        "hyphen...): the text may read otherwise than it is. The report escapes it.",
        "records",
    )


def _registry(kind: type = ErrorTypes) -> Mapping[str, ErrorType]:
    entries = [value for value in vars(kind).values() if isinstance(value, ErrorType)]
    registry = {entry.code: entry for entry in entries}
    if len(registry) != len(entries):
        raise RuntimeError("two catalogue entries share a code")
    return MappingProxyType(registry)


#: Every catalogued error type by its code, in the order of :class:`ErrorTypes`.
ERROR_TYPES: Mapping[str, ErrorType] = _registry()

#: Every warning type by its code, in the order of :class:`WarningTypes`.
WARNING_TYPES: Mapping[str, ErrorType] = _registry(WarningTypes)


def upstream_type(code: str) -> ErrorType:
    """The type of an error Frictionless reported, by its code.

    Args:
        code: Frictionless's ``error.type``, e.g. ``"foreign-key"``.

    Returns:
        The catalogue entry; for a code the catalogue does not list, an uncatalogued
        type with Frictionless's wording, so the error is still reported.
    """
    known = ERROR_TYPES.get(code)
    return known if known is not None else ErrorType(code, ("frictionless",), catalogued=False)
