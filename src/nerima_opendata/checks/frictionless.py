"""Stage 2 of validation: the upstream Frictionless validation, in our report's words.

Runs ``frictionless`` on the package and turns each of its errors
into a :class:`~nerima_opendata.checks.report.ReportError` that names the file, row and
field by the CSV's own column names, what was found, and what was expected in plain words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nerima_opendata.checks.catalogue import ErrorTypes, upstream_type
from nerima_opendata.checks.records import expected_type
from nerima_opendata.checks.report import Report, ReportError, excerpt
from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.tables import TABLES, TableSpec
from nerima_opendata.readers.package import read_descriptor, resource_path
from nerima_opendata.writers.formats import DESCRIPTOR

__all__ = ["run_frictionless"]


#: Frictionless errors after which a file's rows cannot be read at all.
_FATAL = frozenset(
    t.code for t in (ErrorTypes.SOURCE, ErrorTypes.ENCODING, ErrorTypes.SCHEME, ErrorTypes.FORMAT)
)


#: The resource properties passed on to Frictionless; anything else (a ``dialect`` or
#: ``schema`` given by path or URL, a custom ``profile``…) could make it read or fetch.
_KEPT = ("name", "path", "format", "mediatype", "encoding", "bytes", "hash")


def _local(directory: Path, resource: dict[str, Any], keys: bool) -> dict[str, Any] | None:
    """A table resource as Frictionless may see it: a local regular file inside the
    package (:func:`~nerima_opendata.readers.package.resource_path`), its schema inline
    (without keys unless ``keys``); None for anything else (never handed to Frictionless)."""
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(resource.get("name"), str):
        return None
    try:
        path = resource_path(directory, resource)
    except InputError:
        return None
    if not path.is_file():
        return None
    kept = {k: resource[k] for k in _KEPT if isinstance(resource.get(k), str | int)}
    inline = {k: v for k, v in schema.items() if keys or k not in _KEYS}
    return {**kept, "profile": "tabular-data-resource", "schema": inline}


def _safe_descriptor(
    directory: Path, descriptor: dict[str, Any], keys: bool = False
) -> dict[str, Any]:
    """What Frictionless validates: only the package's local tables, their keys removed
    unless ``keys``.

    The keys are checked row by row, in bounded memory, by
    :mod:`nerima_opendata.checks.keys` (Frictionless would hold every key in memory and
    open each referenced table again). Package properties (a remote ``profile``…) and
    resources that are not local tables are left out: Frictionless would fetch a URL.
    """
    resources = [
        local
        for resource in descriptor.get("resources", [])
        if isinstance(resource, dict) and (local := _local(directory, resource, keys))
    ]
    return {"name": "package", "resources": resources}


_KEYS = ("primaryKey", "foreignKeys")


def _validate(directory: Path, descriptor: dict[str, Any] | None) -> Any:
    """Frictionless's report on the package's local tables, its remote loading off."""
    from frictionless import Package, system

    listed = read_descriptor(directory) if descriptor is None else descriptor
    with system.use_context(trusted=False):
        safe = _safe_descriptor(directory, listed, keys=descriptor is None)
        return Package(safe, basepath=str(directory)).validate()


def run_frictionless(
    directory: StrPath, report: Report, descriptor: dict[str, Any] | None = None
) -> set[tuple[str, int | None]]:
    """Run upstream Frictionless validation; return the (file, row) pairs it flagged.

    Frictionless checks the files (bytes, hash, encoding), the labels and every cell's
    type and constraints; the keys are left to :mod:`nerima_opendata.checks.keys`. It
    sees only the local table files inside the package (:func:`_safe_descriptor`), with
    its remote loading off: nothing is fetched, nothing outside the package is read.

    Args:
        directory: The package directory.
        report: Where each error is added.
        descriptor: The package's descriptor, already read (read again when None, and
            then Frictionless checks the primary and foreign keys too).

    Returns:
        The ``(file, row)`` pairs with an error (row ``None``: the whole file).
    """
    flagged: set[tuple[str, int | None]] = set()
    try:
        result = _validate(Path(directory), descriptor)
    except Exception as exc:
        message = excerpt(str(exc))
        report.add(ReportError(ErrorTypes.FRICTIONLESS, message, file=DESCRIPTOR))
        return {(DESCRIPTOR, None)}
    specs = {spec.name: spec for spec in TABLES}
    for task in result.tasks:
        file = str(task.place)
        # A missing cell also fails its "required" constraint: report it once.
        missing = {
            (e.row_number, e.field_name)
            for e in task.errors
            if e.type == ErrorTypes.MISSING_CELL.code
        }
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            if error.type == ErrorTypes.CONSTRAINT.code and (row, field) in missing:
                continue
            note = getattr(error, "note", "") or ""
            report.add(
                ReportError(
                    upstream_type(error.type),
                    error.title + (f": {note}" if note else ""),
                    file=file,
                    row=row,
                    **_details(error, note, task.labels, specs.get(task.name)),
                )
            )
            if row is not None or error.type in _FATAL:
                flagged.add((file, row))
    for error in result.errors:
        report.add(ReportError(upstream_type(error.type), error.message, file=DESCRIPTOR))
    return flagged


#: Frictionless constraint names, in plain words (``{}`` is the constraint's value).
_CONSTRAINTS = {
    "required": "a value (the column is required)",
    "minimum": "a value >= {}",
    "maximum": "a value <= {}",
    "minLength": "at least {} character(s)",
    "maxLength": "at most {} character(s)",
    "pattern": "a value matching {}",
    "enum": "one of {}",
}
_CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)" is "(.*)"')
_COUNT_NOTE = re.compile(r'expected is "(.*)" and actual is "(.*)"')
#: The errors of a file whose hash or size differs from the descriptor's.
_COUNTS = frozenset({ErrorTypes.HASH_COUNT.code, ErrorTypes.BYTE_COUNT.code})


def _details(
    error: Any, note: str, labels: list[str], spec: TableSpec | None
) -> dict[str, str | None]:
    """The ``field``, ``found`` and ``expected`` of one Frictionless error.

    Fields are named by the CSV header (the Japanese column names); a missing cell is
    found ``None``; key errors name their key columns and the offending values.
    """
    field: str | None = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    found = None if cell is None else str(cell)
    if error.type == ErrorTypes.TYPE.code:
        return {"field": field, "found": found, "expected": _type_words(spec, field, note)}
    if error.type == ErrorTypes.CONSTRAINT.code:
        match = _CONSTRAINT_NOTE.fullmatch(note)
        words = _CONSTRAINTS.get(match[1], "") if match else ""
        expected = words.format(match[2]) if match and words else note or None
        return {"field": field, "found": found, "expected": expected}
    if error.type == ErrorTypes.MISSING_CELL.code:
        return {"field": field, "found": None, "expected": "a value"}
    if error.type == ErrorTypes.UNIQUE.code:
        return {"field": field, "found": found, "expected": "a value no other row has"}
    if error.type == ErrorTypes.PRIMARY_KEY.code:
        names = spec.table_schema()["primaryKey"] if spec else []
        cells = dict(zip(labels, error.cells, strict=False))
        return {
            "field": ", ".join(names) or None,
            "found": ", ".join(cells.get(n, "") for n in names) or None,
            "expected": f"a unique {', '.join(names)}" if names else None,
        }
    if error.type == ErrorTypes.FOREIGN_KEY.code:
        refs = ", ".join(error.reference_field_names)
        return {
            "field": ", ".join(error.field_names),
            "found": ", ".join(error.field_cells),
            "expected": f"an existing {refs} of the {error.reference_name} table",
        }
    if error.type in _COUNTS and (count := _COUNT_NOTE.fullmatch(note)):
        unit = " bytes" if error.type == ErrorTypes.BYTE_COUNT.code else ""
        return {"field": None, "found": count[2] + unit, "expected": count[1] + unit}
    return {"field": field, "found": found, "expected": None}


def _type_words(spec: TableSpec | None, field: str | None, note: str) -> str:
    """The expected type of a Frictionless type error, in plain words."""
    if spec is not None and field is not None:
        return expected_type(spec, field)
    return note.replace('type is "', "a value of type ").rstrip('"')
