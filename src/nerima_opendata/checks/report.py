"""Validation reports: errors as data, never raised (after frictionless-py's Report).

Each error names its type (an entry of the catalogue,
:mod:`nerima_opendata.checks.catalogue`), the file, the row (the header is row 1, as in
frictionless), the field, what was found and what was expected.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from nerima_opendata.checks.catalogue import ErrorType

__all__ = ["MAX_EXCERPT", "Report", "ReportError", "excerpt"]

#: The most characters of a file's content (a cell, a line) a report repeats.
MAX_EXCERPT = 200


def excerpt(text: str, limit: int = MAX_EXCERPT) -> str:
    """A short, escaped excerpt of untrusted text: control and other non-printable
    characters (bidirectional overrides too) as ``\\uXXXX``, at most ``limit`` characters
    in all (escapes included), then how many characters of the text were left out."""
    pieces: list[str] = []
    length = 0
    for used, ch in enumerate(text):
        piece = ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}"
        if length + len(piece) > limit:
            return "".join(pieces) + f"…(+{len(text) - used:,} characters)"
        pieces.append(piece)
        length += len(piece)
    return "".join(pieces)


#: The Unicode categories of what a terminal does not show as itself.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


@dataclass(frozen=True)
class ReportError:
    """One problem found in a package or publication.

    Args:
        kind: Its type, an entry of the catalogue (``ErrorTypes.SCHEMA``); a bare
            string is refused.
        message: What is wrong, in a sentence.
        file: The file, relative to the package.
        row: The CSV row (the header is row 1).
        field: The column (or RDF path, or descriptor key).
        found: The offending value, as read.
        expected: What would have been accepted.
    """

    kind: ErrorType
    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    found: str | None = None
    expected: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, ErrorType):
            raise TypeError(
                f"a ReportError's kind is an entry of nerima_opendata.checks.catalogue "
                f"(e.g. ErrorTypes.SCHEMA), not {self.kind!r}"
            )
        # What was read from a file is repeated only as a short, escaped excerpt.
        if self.found is not None:
            object.__setattr__(self, "found", excerpt(str(self.found)))
        object.__setattr__(self, "message", excerpt(self.message, 4 * MAX_EXCERPT))

    @property
    def type(self) -> str:
        """The type's code, e.g. ``"schema-error"`` (what the reports show)."""
        return self.kind.code

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``type`` (the code), then every other attribute."""
        rest = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "kind"}
        return {"type": self.type, **rest}

    def render(self) -> str:
        """One readable line: where, what, found, expected, and the error type."""
        where = [part for part in (self.file,) if part]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field}")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.found is not None:
            text += f"; found {self.found!r}"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        return f"{text} [{self.type}]"


@dataclass
class Report:
    """The result of validating a directory: which checks ran, and every error."""

    path: Path
    checks: list[str] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader should know about how the checks ran (e.g. a check skipped)."""
    warnings: list[ReportError] = field(default_factory=list)
    """What a publisher should look at though the data is valid (a type of
    :class:`~nerima_opendata.checks.catalogue.WarningTypes`); never makes it invalid."""

    @property
    def valid(self) -> bool:
        """True when no check found an error."""
        return not self.errors

    def add(self, error: ReportError) -> None:
        """Record an error."""
        self.errors.append(error)

    def merge(self, other: Report) -> None:
        """Add another report's checks, notes and errors (a stage run elsewhere)."""
        self.checks.extend(other.checks)
        self.notes.extend(other.notes)
        self.warnings.extend(other.warnings)
        for error in other.errors:
            self.add(error)

    def flatten(self, keys: list[str]) -> list[list[Any]]:
        """The errors as rows of the given attributes, e.g. ``["file", "row", "type"]``."""
        return [[getattr(e, k) for k in keys] for e in self.errors]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the report."""
        notes = {"notes": list(self.notes)} if self.notes else {}
        warnings = {"warnings": [w.to_dict() for w in self.warnings]} if self.warnings else {}
        return {
            "path": str(self.path),
            "valid": self.valid,
            "checks": list(self.checks),
            **notes,
            "errors": [e.to_dict() for e in self.errors],
            **warnings,
        }

    def to_json(self) -> str:
        """The report as JSON text."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
        return "".join(_json_escaped(c) for c in text)  # the same JSON value, shown safely

    def render(self) -> str:
        """A human-readable report, one line per error."""
        head = f"{'VALID' if self.valid else 'INVALID'}: {self.path}"
        lines = [head, f"checks: {', '.join(self.checks)}"]
        lines += [f"note: {note}" for note in self.notes]
        lines += [f"  - {e.render()}" for e in self.errors]
        if self.errors:
            lines.append(f"{len(self.errors)} error(s)")
        lines += [f"  warning: {w.render()}" for w in self.warnings]
        if self.warnings:
            lines.append(f"{len(self.warnings)} warning(s)")
        return "\n".join(_escape(line) for line in lines)


def _escape(text: str) -> str:
    """The text with every character a terminal would not show as itself (controls but
    tab, format characters such as U+202E, line and paragraph separators, unassigned and
    private-use code points) escaped as ``\\uXXXX``; U+3000 and other spaces are kept."""
    return "".join(_escaped(c) for c in text)


def _escaped(char: str) -> str:
    if char == "\t" or unicodedata.category(char) not in _HIDDEN:
        return char
    return char.encode("unicode_escape").decode("ascii")


def _json_escaped(char: str) -> str:
    """A hidden character as a JSON escape (a surrogate pair above U+FFFF); JSON text
    holds such characters only inside strings, where the escape means the same."""
    if char in "\t\n" or unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
