"""Writing the canonical data package and the full publication, atomically.

Data flows one way: Budget → writers → files in a temporary directory → descriptor →
one swap into place. Output is deterministic: the same budget gives the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from nerima_opendata._atomic import atomic_directory
from nerima_opendata.models import Budget
from nerima_opendata.tables import TABLES, TableSpec
from nerima_opendata.writers.csv import ENCODING, write_csv
from nerima_opendata.writers.datapackage import FileEntry, dumps, package_descriptor

__all__ = ["BuildResult", "build", "write_package"]

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the directory and each file with its size in bytes."""

    out: Path
    files: tuple[tuple[str, int], ...]


def _entry(
    path: Path,
    *,
    name: str,
    title: str,
    description: str,
    format: str,
    mediatype: str,
    table: TableSpec | None = None,
    encoding: str | None = None,
) -> FileEntry:
    """Describe a written file: its size and SHA-256 are read from disk."""
    data = path.read_bytes()
    return FileEntry(
        name=name,
        path=path.name,
        title=title,
        description=description,
        format=format,
        mediatype=mediatype,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        table=table,
        encoding=encoding,
    )


def _write_tables(budget: Budget, directory: Path) -> list[FileEntry]:
    rows = {
        "budget": [budget.info],
        "pillars": budget.pillars,
        "projects": budget.projects,
        "initiatives": budget.initiatives,
        "tags": budget.tags,
        "glossary": budget.glossary,
        "editorial_notes": budget.editorial_notes,
    }
    entries = []
    for spec in TABLES:
        path = directory / spec.filename(budget.info.municipality_code)
        with path.open("w", encoding=ENCODING, newline="") as stream:
            write_csv(stream, spec, rows[spec.name], budget.info)
        entries.append(
            _entry(
                path,
                name=spec.name,
                title=f"{spec.title_ja} / {spec.title_en}",
                description=f"{spec.description_ja} {spec.description_en}",
                format="csv",
                mediatype="text/csv",
                table=spec,
                encoding="utf-8",
            )
        )
    return entries


def _finish(
    budget: Budget, directory: Path, entries: list[FileEntry], *, integrity: bool = True
) -> tuple[tuple[str, int], ...]:
    descriptor = directory / DESCRIPTOR
    descriptor.write_text(
        dumps(package_descriptor(budget, entries, integrity=integrity)), encoding="utf-8"
    )
    files = [(e.path, e.bytes) for e in entries]
    files.append((DESCRIPTOR, descriptor.stat().st_size))
    return tuple(files)


def write_package(budget: Budget, out: Path) -> BuildResult:
    """Write the canonical data package (CSV tables + ``datapackage.json``) atomically.

    Args:
        budget: The budget.
        out: The package directory; replaced as a whole.

    Returns:
        What was written.

    Raises:
        OutputError: The directory cannot be written; it is left as it was.
    """
    with atomic_directory(out) as tmp:
        files = _finish(budget, tmp, _write_tables(budget, tmp), integrity=False)
    return BuildResult(out=out, files=files)


def build(budget: Budget, out: Path) -> BuildResult:
    """Write the full publication into ``out`` atomically.

    The publication is every format of the budget, each listed as a resource of
    ``datapackage.json``.

    Args:
        budget: The budget, already validated.
        out: The output directory; replaced as a whole.

    Returns:
        What was written.

    Raises:
        OutputError: The directory cannot be written; it is left as it was.
    """
    with atomic_directory(out) as tmp:
        entries = _write_tables(budget, tmp)
        files = _finish(budget, tmp, entries)
    return BuildResult(out=out, files=files)
