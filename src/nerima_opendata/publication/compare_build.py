"""The publication of a comparison of two budgets: its tables, RDF, page and descriptor.

:func:`write_comparison` writes, atomically (a failed run leaves ``out`` as it was):

* the four CSV tables of :data:`~nerima_opendata.model.change_tables.CHANGE_TABLES`
  (自治体標準 conventions, like a budget's tables);
* the change cube as RDF (:mod:`~nerima_opendata.writers.rdf_compare`), where each change
  is an observation referring to the two budgets' observations;
* the vocabulary it uses, under ``vocab/`` (:mod:`~nerima_opendata.publication.vocabulary`);
* ``index.html``, the page a reader opens (:mod:`~nerima_opendata.writers.html.compare`);
* ``datapackage.json``, listing every file with its size, SHA-256 and, for a table, the
  Table Schema generated from the model.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nerima_opendata.files.atomic import atomic_directory
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.base import Record
from nerima_opendata.model.change_tables import CHANGE_TABLES, ChangeTable
from nerima_opendata.model.compare import Comparison
from nerima_opendata.publication.vocabulary import VOCABULARY, copy_vocabulary
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.writers.csv import ENCODING, new_writer
from nerima_opendata.writers.datapackage import LICENSE, FileEntry, dumps, resource_descriptor
from nerima_opendata.writers.formats import DESCRIPTOR, by_suffix

__all__ = ["STEPS", "CompareResult", "comparison_descriptor", "write_comparison"]

#: The steps :func:`write_comparison` tells its ``progress``.
STEPS = 2


@dataclass(frozen=True)
class CompareResult:
    """What :func:`write_comparison` wrote: the directory and each file with its size."""

    out: Path
    files: tuple[tuple[str, int], ...]
    comparison: Comparison


def _rows(comparison: Comparison, table: ChangeTable) -> Sequence[Record]:
    if table.is_head:
        return (comparison.info,)
    return {
        "node_changes": comparison.nodes,
        "line_changes": comparison.lines,
        "renamings": comparison.renamings,
    }[table.name]


def _entry(directory: Path, path: str, **fields: Any) -> FileEntry:
    """A written file as the descriptor lists it: its size and SHA-256 read from disk."""
    file = directory / path
    with file.open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return FileEntry(path=path, bytes=file.stat().st_size, sha256=digest, **fields)


def _write_tables(comparison: Comparison, directory: Path) -> list[FileEntry]:
    code = comparison.info.municipality_code
    entries = []
    for table in CHANGE_TABLES:
        path = table.filename(code)
        with (directory / path).open("w", encoding=ENCODING, newline="") as stream:
            writer = new_writer(stream)
            writer.writerow(table.columns)
            for record in _rows(comparison, table):
                writer.writerow(table.row(record, comparison.info))
        entries.append(
            _entry(
                directory,
                path,
                name=table.name,
                title=f"{table.title_ja} / {table.title_en}",
                description=f"{table.description_ja} {table.description_en}",
                format="csv",
                mediatype="text/csv",
                table=table,
                encoding="utf-8",
            )
        )
    return entries


def comparison_descriptor(comparison: Comparison, files: Iterable[FileEntry]) -> dict[str, Any]:
    """The Data Package descriptor of a comparison's publication."""
    info = comparison.info
    return {
        "profile": "data-package",
        "name": f"{info.municipality_code}-comparison-{info.id}",
        "title": info.title,
        "description": (
            f"{info.title}。分類（会計・款・項・目…）と明細ごとの比較元・比較先の金額、増減額、"
            "増減率。金額は円単位の整数。名称・コードの変更は推定として別表に示す。\n\n"
            f"What changed between two budgets of {info.municipality_code}: every node of "
            "the code list and every line, before and after, the change in yen and in "
            "percent. Amounts are integers in yen; possible renamings are listed apart, "
            "as inferences."
        ),
        "version": "1.0.0",
        "keywords": ["予算", "比較", "増減", info.municipality_name, "budget", "comparison"],
        "licenses": [LICENSE],
        "contributors": [
            {
                "title": info.municipality_name,
                "role": "publisher",
                "organization": info.municipality_name,
            }
        ],
        "x-municipality-code": info.municipality_code,
        "x-comparison": {"before": info.before_budget_id, "after": info.after_budget_id},
        "resources": [resource_descriptor(entry) for entry in files],
    }


#: Writes extra files (RDF, the page) into the directory; gives their entries.
Extra = Callable[[Comparison, StrPath, list[FileEntry]], list[FileEntry]]


def write_comparison(
    comparison: Comparison,
    out: StrPath,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    extras: Sequence[Extra] | None = None,
    progress: Callable[[str], None] | None = None,
) -> CompareResult:
    """Write the publication of a comparison into ``out``, atomically.

    Args:
        comparison: What :func:`~nerima_opendata.model.compare.compare` gave.
        out: The output directory; replaced as a whole, untouched on failure.
        base_iri: The base of the data IRIs (the two budgets' observations are named
            under it, as their own publications name them).
        extras: What else to write after the tables (default: the RDF and the page).
        progress: Called with a short description before each step.

    Returns:
        What was written.
    """
    say = progress or (lambda _step: None)
    out = Path(out)
    with atomic_directory(out) as tmp:
        say("writing the CSV tables")
        entries = _write_tables(comparison, tmp)
        for extra in _extras(base_iri) if extras is None else extras:
            entries += extra(comparison, tmp, entries)
        say("writing datapackage.json")
        (tmp / DESCRIPTOR).write_text(dumps(comparison_descriptor(comparison, entries)), "utf-8")
        files = [(e.path, e.bytes) for e in entries]
        files.append((DESCRIPTOR, (tmp / DESCRIPTOR).stat().st_size))
    return CompareResult(out=out, files=tuple(files), comparison=comparison)


def write_vocabulary(
    comparison: Comparison, directory: StrPath, files: list[FileEntry]
) -> list[FileEntry]:
    """Copy the vocabulary into ``directory``; the entries of its files."""
    del comparison, files
    copy_vocabulary(directory)
    return [
        _entry(
            Path(directory),
            file.path,
            name=file.name,
            title=file.title,
            description=file.description,
            format=by_suffix(file.suffix).format,
            mediatype=by_suffix(file.suffix).media_type,
        )
        for file in VOCABULARY
    ]


def _extras(base_iri: str) -> list[Extra]:
    """The RDF, the vocabulary, then the page (which links every file before it)."""
    from nerima_opendata.writers.html.compare import write_comparison_page
    from nerima_opendata.writers.rdf_compare import write_comparison_rdf

    def rdf(comparison: Comparison, directory: StrPath, files: list[FileEntry]) -> list[FileEntry]:
        return write_comparison_rdf(comparison, directory, base_iri, files)

    return [rdf, write_vocabulary, write_comparison_page]
