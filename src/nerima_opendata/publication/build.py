"""Writing the canonical data package and the full publication, atomically.

Data flows one way: Budget → writers → files in a temporary directory → descriptor →
one swap into place. Output is deterministic: the same budget gives the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nerima_opendata.errors import InputError
from nerima_opendata.files.atomic import atomic_directory
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget
from nerima_opendata.model.tables import TABLES, TableSpec
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, check_base_iri
from nerima_opendata.writers.csv import ENCODING, write_csv
from nerima_opendata.writers.datapackage import FileEntry, dumps, package_descriptor
from nerima_opendata.writers.dcat import dcat_file_name, describe_files, write_dcat
from nerima_opendata.writers.html.write import write_html
from nerima_opendata.writers.rdf import RDF_FORMATS, write_rdf

__all__ = ["BuildResult", "build", "write_package"]

DESCRIPTOR = "datapackage.json"


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
            raise ValueError(f"{len(self.budgets)} budgets were written; see .budgets")
        return self.budgets[0]

    @property
    def total_bytes(self) -> int:
        """The size of every file written, in bytes."""
        return sum(size for _, size in self.files)


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
    """Describe a written file: its size and SHA-256 are read from disk (streamed)."""
    with path.open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return FileEntry(
        name=name,
        path=path.name,
        title=title,
        description=description,
        format=format,
        mediatype=mediatype,
        bytes=path.stat().st_size,
        sha256=digest,
        table=table,
        encoding=encoding,
    )


def _write_tables(budgets: Sequence[Budget], directory: Path) -> list[FileEntry]:
    entries = []
    for spec in TABLES:
        path = directory / spec.filename(budgets[0].info.municipality_code)
        rows = ((record, b.info) for b in budgets for record in b.rows(spec))
        with path.open("w", encoding=ENCODING, newline="") as stream:
            write_csv(stream, spec, rows)
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


#: How each linked-data file is listed: suffix → (resource name, format, ja, en).
_LINKED: dict[str, tuple[str, str, str, str]] = {
    ".ttl": ("budget-turtle", "ttl", "Turtle", "Turtle"),
    ".nt": ("budget-ntriples", "nt", "N-Triples", "N-Triples"),
    ".rdf": ("budget-rdfxml", "rdf", "RDF/XML", "RDF/XML"),
    ".jsonld": ("budget-jsonld", "jsonld", "JSON-LD", "JSON-LD"),
}


def _write_linked_data(
    budget: Budget,
    directory: Path,
    entries: list[FileEntry],
    base_iri: str,
    publication_base: str | None,
) -> list[FileEntry]:
    """Write the RDF serialisations and the DCAT description of every file so far."""
    added: list[FileEntry] = []
    for path in write_rdf(budget, directory, base_iri):
        name, fmt, ja, en = _LINKED[path.suffix]
        added.append(
            _entry(
                path,
                name=name,
                format=fmt,
                mediatype=RDF_FORMATS[path.suffix][1],
                title=f"予算のRDF（{ja}） / Budget as RDF ({en})",
                description=(
                    "予算全体（柱・事業・取組・タグ・用語注・編集注）とRDF Data Cubeの観測値を"
                    f"{ja}で表したもの。語彙はvocab/を参照。 The whole budget and its normalized "
                    f"RDF Data Cube, as {en}."
                ),
            )
        )
    # The page links every file; the two metadata files are written after it, so they
    # are linked without a size. DCAT then describes every file, the page included.
    dcat_name = dcat_file_name(budget.info.municipality_code)
    linked: list[tuple[str, int | None]] = [(e.path, e.bytes) for e in [*entries, *added]]
    page = write_html(
        budget, directory, [*linked, (dcat_name, None), (DESCRIPTOR, None)], publication_base
    )
    preview = _entry(
        page,
        name="preview",
        format="html",
        mediatype="text/html",
        title="プレビュー / Preview page",
        description=(
            "予算の見出し数値・柱ごとの金額と割合・グラフ・事業と取組の表・用語注・編集注と、"
            "全ファイルへのリンクを載せたページ（schema.org Dataset JSON-LD付き）。 "
            "A page with the headline figures, charts, tables, notes and links to every "
            "file, with embedded schema.org Dataset JSON-LD."
        ),
    )
    listed = [e.path for e in [*entries, *added, preview]]
    dcat = write_dcat(
        budget,
        directory,
        describe_files(directory, listed),
        base_iri,
        publication_base,
        metadata_files=(dcat_name, DESCRIPTOR),
    )
    added.append(
        _entry(
            dcat,
            name="dcat",
            format="ttl",
            mediatype="text/turtle",
            title="DCATメタデータ / DCAT metadata",
            description=(
                "データセットと各ファイル（配信）のDCAT 3による記述（メディアタイプ、サイズ、"
                "SHA-256）。ハーベスタ向け。 DCAT 3 description of the dataset and of every "
                "distribution, for harvesters."
            ),
        )
    )
    added.append(preview)
    return added


def _finish(
    budgets: Sequence[Budget],
    directory: Path,
    entries: list[FileEntry],
    *,
    integrity: bool = True,
) -> tuple[tuple[str, int], ...]:
    descriptor = directory / DESCRIPTOR
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
    with atomic_directory(out) as tmp:
        files = _finish(checked, tmp, _write_tables(checked, tmp), integrity=False)
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
    JSON-LD, DCAT) and a preview page (``index.html``), each listed as a resource of
    ``datapackage.json``.

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
    with atomic_directory(out) as tmp:
        say("writing the CSV tables")
        entries = _write_tables([budget], tmp)
        say("writing RDF (Turtle, N-Triples, RDF/XML, JSON-LD), DCAT and index.html")
        entries += _write_linked_data(budget, tmp, entries, base_iri, publication_base)
        say("writing datapackage.json")
        files = _finish([budget], tmp, entries)
    return BuildResult(out=out, files=files, budgets=(budget,))
