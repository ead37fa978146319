"""Writing the canonical data package and the full publication, atomically.

Data flows one way: Budget → writers → files in a temporary directory → descriptor →
one swap into place. Output is deterministic: the same budget gives the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from nerima_opendata.errors import InputError
from nerima_opendata.files.atomic import atomic_directory
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget
from nerima_opendata.model.tables import tables_for
from nerima_opendata.publication.layout import DCAT, PREVIEW, Layout, LayoutFile, Role
from nerima_opendata.publication.vocabulary import copy_vocabulary
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, check_base_iri
from nerima_opendata.writers.csv import ENCODING, write_csv
from nerima_opendata.writers.csvw import write_csvw
from nerima_opendata.writers.datapackage import FileEntry, dumps, package_descriptor
from nerima_opendata.writers.dcat import PublishedFile, media_type, write_dcat
from nerima_opendata.writers.formats import DESCRIPTOR, RDF_SERIALIZATIONS
from nerima_opendata.writers.html.write import write_html
from nerima_opendata.writers.rdf import write_rdf

__all__ = [
    "STEPS",
    "BuildResult",
    "build",
    "finish",
    "layout_entries",
    "layout_entry",
    "write_linked_data",
    "write_package",
]

#: The steps :func:`build` tells its ``progress`` (a caller that validates first tells one
#: more).
STEPS = 3


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the directory, each file with its size in bytes, and the
    budgets written."""

    out: Path
    files: tuple[tuple[str, int], ...]
    budgets: tuple[Budget, ...] = ()

    @property
    def budget(self) -> Budget:
        """The budget written, when there was one (a publication holds one)."""
        if len(self.budgets) != 1:
            raise InputError(
                "several budgets were written; choose one from .budgets",
                found=", ".join(b.info.id for b in self.budgets),
            )
        return self.budgets[0]

    @property
    def total_bytes(self) -> int:
        """The size of every file written, in bytes."""
        return sum(size for _, size in self.files)


def layout_entry(directory: StrPath, file: LayoutFile, sha256: str | None = None) -> FileEntry:
    """Describe a written file: its size, and its SHA-256 read from disk (streamed)
    unless it is given (made as the file was written)."""
    path = Path(directory) / file.path
    digest = sha256
    if digest is None:
        with path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return FileEntry(
        name=file.name,
        path=file.path,
        title=file.title,
        description=file.description,
        format=file.format.format,
        mediatype=file.format.media_type,
        bytes=path.stat().st_size,
        sha256=digest,
        table=file.table,
        encoding=file.encoding,
    )


def layout_entries(
    directory: StrPath, files: Sequence[LayoutFile], known: Mapping[str, str] | None = None
) -> list[FileEntry]:
    """:func:`layout_entry` of each file, in order, its SHA-256 taken from ``known`` (by
    path) where it is there; the others are hashed side by side (``hashlib`` and file
    reads release the GIL, so two threads use two cores)."""
    hashes = [(known or {}).get(file.path) for file in files]
    if sum(h is None for h in hashes) < 2 or (os.cpu_count() or 1) < 2:
        return [layout_entry(directory, *pair) for pair in zip(files, hashes, strict=True)]
    with ThreadPoolExecutor(max_workers=min(len(files), os.cpu_count() or 1)) as pool:
        return list(pool.map(partial(layout_entry, directory), files, hashes))


def _write_tables(budgets: Sequence[Budget], directory: Path, layout: Layout) -> list[FileEntry]:
    """Every table, each holding the rows of every budget in the order given."""
    entries = []
    for spec in tables_for(layout.kinds):
        file = layout.file(spec.name)
        rows = ((record, b.info) for b in budgets for record in b.rows(spec))
        with (directory / file.path).open("w", encoding=ENCODING, newline="") as stream:
            write_csv(stream, spec, rows)
        entries.append(layout_entry(directory, file))
    return entries


def write_linked_data(
    budget: Budget,
    directory: StrPath,
    layout: Layout,
    entries: list[FileEntry],
    base_iri: str,
    publication_base: str | None,
    written: Mapping[str, str] | None = None,
) -> list[FileEntry]:
    """Write the RDF files, the CSVW metadata of the tables, the copies of the
    vocabulary, the preview page, and the DCAT description of every file.

    The RDF files are written from the budget in memory
    (:func:`~nerima_opendata.writers.rdf.write_rdf`), unless ``written`` says they are
    already in the directory: then it gives the SHA-256 of each, by file name, made as
    it was written (those files are not read again; any other is hashed as it is read).
    """
    directory = Path(directory)
    if written is None:
        write_rdf(budget, directory, base_iri)
    added = layout_entries(directory, layout.with_role(Role.RDF), written)  # the largest
    tables = [(f.table, f.path) for f in layout.with_role(Role.TABLE) if f.table is not None]
    write_csvw(budget.info, directory, tables, base_iri)
    added += [layout_entry(directory, file) for file in layout.with_role(Role.CSVW)]
    copy_vocabulary(directory)
    added += [layout_entry(directory, file) for file in layout.with_role(Role.VOCABULARY)]
    dcat, preview = layout.file(DCAT), layout.file(PREVIEW)
    # The page links every file; the two metadata files are written after it, so they
    # are linked without a size. DCAT then describes every file, the page included.
    linked: list[tuple[str, int | None]] = [(e.path, e.bytes) for e in [*entries, *added]]
    write_html(
        budget, directory, [*linked, (dcat.path, None), (DESCRIPTOR, None)], publication_base
    )
    page = layout_entry(directory, preview)
    write_dcat(
        budget,
        directory,
        [  # each file's size and hash as its entry has them: every file is read once
            PublishedFile(e.path, media_type(e.path), e.bytes, e.sha256)
            for e in [*entries, *added, page]
        ],
        base_iri,
        publication_base,
        metadata_files=(dcat.path, DESCRIPTOR),
        descriptions={f.path: f.description for f in layout.entries()},
    )
    return [*added, layout_entry(directory, dcat), page]


def finish(
    budgets: Sequence[Budget],
    directory: StrPath,
    entries: list[FileEntry],
    *,
    integrity: bool = True,
) -> tuple[tuple[str, int], ...]:
    """Write ``datapackage.json`` listing ``entries``; every file written, with its size."""
    descriptor = Path(directory) / DESCRIPTOR
    descriptor.write_text(
        dumps(package_descriptor(budgets, entries, integrity=integrity)), encoding="utf-8"
    )
    files = [(e.path, e.bytes) for e in entries]
    files.append((DESCRIPTOR, descriptor.stat().st_size))
    return tuple(files)


def write_package(budgets: Budget | Sequence[Budget], out: StrPath) -> BuildResult:
    """Write the canonical data package (CSV tables + ``datapackage.json``) atomically.

    Args:
        budgets: The budget, or several budgets of one municipality (fiscal years,
            phases): each table holds the rows of every budget, in the order given.
        out: The package directory; replaced as a whole.

    Returns:
        What was written.

    Raises:
        RecordError: A budget is not consistent (e.g. after ``model_copy``); nothing is
            written.
        InputError: The budgets are of several municipalities, or share an ID.
        OutputError: The directory cannot be written; it is left as it was.
    """
    checked = _checked(budgets)
    out = Path(out)
    layout = Layout(
        checked[0].info.municipality_code,
        linked_data=False,
        kinds=frozenset(b.kind for b in checked),
    )
    with atomic_directory(out) as tmp:
        files = finish(checked, tmp, _write_tables(checked, tmp, layout), integrity=False)
    return BuildResult(out=out, files=files, budgets=checked)


def _checked(budgets: Budget | Sequence[Budget]) -> tuple[Budget, ...]:
    """Every budget validated again, and the set coherent: one municipality, unique IDs."""
    items = (budgets,) if isinstance(budgets, Budget) else tuple(budgets)
    if not items:
        raise InputError("no budget to write", expected="at least one budget")
    checked = tuple(b.checked() for b in items)
    codes = sorted({b.info.municipality_code for b in checked})
    if len(codes) > 1:
        raise InputError(
            "a package holds the budgets of one municipality",
            found=", ".join(codes),
            expected="one local government code",
        )
    ids = [b.info.id for b in checked]
    if len(set(ids)) < len(ids):
        raise InputError("two budgets share an ID", found=", ".join(ids), expected="unique IDs")
    return checked


def build(
    budget: Budget,
    out: StrPath,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    publication_base: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Write the full publication into ``out`` atomically.

    The publication is every format of the budget (CSV, Turtle, N-Triples, RDF/XML,
    JSON-LD, DCAT, CSVW metadata), the vocabulary it uses (under ``vocab/``) and a preview
    page (``index.html``), each listed as a resource of ``datapackage.json``: the files, names and order of
    :class:`~nerima_opendata.publication.layout.Layout`.

    Args:
        budget: The budget; it is validated again first (nothing is written if it is not
            consistent).
        out: The output directory; replaced as a whole.
        base_iri: The base of the data IRIs (see :mod:`nerima_opendata.rdf.iris`).
        publication_base: Where the files will be served: the DCAT access URLs (by
            default ``{data scope}files/``) and the preview page's schema.org ``url`` and
            download URLs (by default relative).
        progress: Called with a short description before each step.

    Returns:
        What was written.

    Raises:
        RecordError: The budget is not consistent (e.g. after ``model_copy``).
        InputError: A base is not a usable absolute IRI.
        OutputError: The directory cannot be written; it is left as it was.
    """
    say = progress or (lambda _step: None)
    if publication_base is not None:
        publication_base = check_base_iri(publication_base)  # before anything is written
    (budget,) = _checked(budget)
    out = Path(out)
    layout = Layout(budget.info.municipality_code, kinds=frozenset({budget.kind}))
    rdf = ", ".join(f.name for f in RDF_SERIALIZATIONS)
    with atomic_directory(out) as tmp:
        say("writing the CSV tables")
        entries = _write_tables([budget], tmp, layout)
        say(f"writing RDF ({rdf}), DCAT and index.html")
        entries += write_linked_data(budget, tmp, layout, entries, base_iri, publication_base)
        say("writing datapackage.json")
        files = finish([budget], tmp, entries)
    return BuildResult(out=out, files=files, budgets=(budget,))
