"""Validation of a data package or a publication → :class:`~nerima_opendata.checks.report.Report`.

The checks run in stages, and each stage's errors are kept apart from the next so one
mistake is reported once:

1. ``descriptor``: ``datapackage.json`` exists, is JSON, lists every canonical table,
   each table's schema equals the one generated from the models, and each file is
   UTF-8 (cp932 is named) with exactly the canonical header;
2. ``frictionless``: the upstream Frictionless validation (types, constraints, primary
   and foreign keys, bytes and hashes), with unsafe paths refused;
3. ``records``: each row read into the pydantic models (encodings, half-width digits,
   check digits, amounts against their printed form, era labels);
4. ``integrity``: what no table schema can say (the ID scheme, known tags, every project
   under a pillar, no orphan initiative, the standard columns equal to the budget's);
5. for a publication with RDF: ``shacl`` (pyshacl, the vocabulary as ontology),
   ``terms`` (closed world: every class and predicate is defined), ``jsonld`` (pyld
   expansion with a local loader equals the Turtle graph), and ``rdf-matches-csv``.

Nothing here raises on bad data.
"""

from __future__ import annotations

import contextlib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nerima_opendata.checks import linked_stage
from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.comparison import check_comparison, is_comparison
from nerima_opendata.checks.descriptor import Stage, first_stages, warning_stage
from nerima_opendata.checks.frictionless import run_frictionless
from nerima_opendata.checks.records import FileCheck, RowRecord, file_count_errors
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.checks.tables import RecordSink, scan_tables, standard_errors
from nerima_opendata.errors import InputError
from nerima_opendata.files.background import Claims, parallel, start
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Say, counter_of
from nerima_opendata.files.scratch import scratch
from nerima_opendata.model import Budget, BudgetInfo, DocumentKind, TableName
from nerima_opendata.model.integrity import check_integrity
from nerima_opendata.model.tables import (
    CODE_COLUMN,
    TableSpec,
)
from nerima_opendata.publication.layout import TURTLE, Publication
from nerima_opendata.readers.package import read_descriptor, resources_by_name
from nerima_opendata.writers.formats import DESCRIPTOR

if TYPE_CHECKING:  # pyoxigraph, under the fingerprints, is an extra
    from nerima_opendata.checks.linked_stage import ExpectedPrints

__all__ = ["FRICTIONLESS_MAX_BYTES", "inspect", "validate"]


#: Above this many bytes of CSV, the upstream Frictionless validation is skipped: it reads
#: tens of thousands of rows a second and holds keys in memory. The table checks
#: (:mod:`nerima_opendata.checks.tables`) read every row of every package anyway (types,
#: constraints, keys), and the descriptor stage checks every file's bytes and hash.
FRICTIONLESS_MAX_BYTES = 4_000_000

#: Above this many statements in the budget graph, the linked-data checks stream
#: (:mod:`nerima_opendata.checks.linked_stream`); a test may lower it.
STREAM_THRESHOLD = 200_000


def validate(path: StrPath, *, progress: Say | None = None) -> Report:
    """Validate a data package or a built publication.

    A budget book package is checked row by row without keeping its rows (memory does
    not grow with its lines) unless a budget is needed (a publication's linked data).

    Args:
        path: The directory, or its ``datapackage.json``.
        progress: Told a short description before each step; told the statements read
            too, if it counts (:class:`~nerima_opendata.files.progress.Counting`).

    Returns:
        The report; ``report.valid`` tells the verdict. Never raises on bad data.
    """
    return inspect(path, budgets=False, progress=progress)[0]


def _none() -> None:
    """Nothing (no text warnings wanted)."""


def _silent(_step: str) -> None:
    """A progress that shows nothing."""


def _directory(path: Path) -> Path:
    return path.parent if path.name == DESCRIPTOR or path.is_file() else path


def inspect(
    path: StrPath,
    *,
    budgets: bool = True,
    upstream: bool = True,
    warnings: bool = True,
    sink: RecordSink | None = None,
    progress: Say | None = None,
) -> tuple[Report, tuple[Budget, ...]]:
    """Validate, and give the package's budgets too when it is valid.

    Args:
        path: The directory, or its ``datapackage.json``.
        budgets: Whether the budgets are wanted; without them, a budget book is checked
            in streaming form (bounded memory) and none is returned.
        upstream: Whether to run the upstream Frictionless validation too (the table
            checks find what it finds; a build leaves it to ``validate``).
        warnings: Whether to give the text warnings (a build shows none: it leaves
            them to ``validate``); the errors are the same either way.
        sink: Given each accepted record (:func:`.tables.scan_tables`) when a book's
            tables are streamed here (``budgets=False``, no RDF files); else never.
        progress: See :func:`validate`.

    Returns:
        The report, and every budget of the package in the budget table's order (empty
        unless the report is valid and the budgets were wanted or needed).
    """
    directory = _directory(Path(path))
    report = Report(path=directory)
    say = progress or (lambda _step: None)
    if _comparison(directory, report, upstream):
        return report, ()
    first = first_stages(directory, report, say)
    if first is None:
        return report, ()
    stage, specs = first
    counts = counter_of(progress) is not None
    publication, statements, keep = _plan(directory, specs, budgets, counts)
    if publication and not keep:  # the text warnings: in the tables' process
        say("checking the tables (a second process) and the linked data, streamed")
        _inspect_streamed(directory, report, stage, specs, upstream, warnings, progress, statements)
        return report, ()
    # the text warnings are looked for once the second process (if any) has started
    warn = partial(warning_stage, directory, stage, specs, report, say) if warnings else _none
    pending = linked_stage.start_checks(directory) if publication else None  # a 2nd core
    try:
        warn()
        found = _checked(directory, report, stage, specs, upstream, keep, sink, progress)
        if len(found) == 1 and publication and pending is not None:
            say("checking the linked data (SHACL, JSON-LD, against the tables)")
            linked_stage.finish(directory, found[0], report, pending)
        return report, found if report.valid else ()
    finally:
        if pending is not None:
            pending.cancel()


def _checked(
    directory: Path,
    report: Report,
    stage: Stage,
    specs: tuple[TableSpec, ...],
    upstream: bool,
    keep: bool,
    sink: RecordSink | None,
    progress: Say | None,
) -> tuple[Budget, ...]:
    """Stages 2 to 4: the files (Frictionless, or their sizes and hashes), the records
    and keys, the integrity rules; the budgets when the records are kept."""
    descriptor, resources, checked = stage
    flagged = _files_stage(directory, report, descriptor, specs, checked, upstream)
    scan = scan_tables(
        directory,
        resources,
        specs,
        report,
        flagged=flagged,
        keep=keep,
        sink=sink,
        progress=progress,
    )
    if scan is None or not keep:
        return ()
    report.checks.append("integrity")
    return _integrity(report, scan.tables, scan.files)


def _plan(
    directory: Path, specs: tuple[TableSpec, ...], budgets: bool, counts: bool
) -> tuple[bool, int, bool]:
    """Whether the directory is a publication (has RDF), its budget graph's statements
    (all of them when the progress ``counts`` them, else up to one past the threshold),
    and whether the tables are kept (else a book's are streamed; a large publication's
    linked data too)."""
    publication = Publication.read(directory).has(TURTLE)
    at_most = None if counts else STREAM_THRESHOLD
    statements = linked_stage.statements(directory, at_most) if publication else 0
    keep = budgets or not _streams(specs) or (publication and statements <= STREAM_THRESHOLD)
    return publication, statements, keep


def _tables(
    directory: Path,
    stage: Stage,
    specs: tuple[TableSpec, ...],
    upstream: bool,
    claims: Claims | None,
    warnings: bool = True,
) -> tuple[Report, ExpectedPrints | None]:
    """The text warnings (if wanted) and the table stages of a large publication
    (streamed), then, if they pass, what its RDF must be, and the fingerprints of the
    RDF files it ``claims``
    (:func:`~nerima_opendata.checks.linked_stage.expected_prints`: its files compared
    with the tables' bytes first, while the other process reads the same N-Triples)."""
    descriptor, resources, checked = stage
    part = Report(path=directory)
    prints = linked_stage.compared_first(directory, claims)
    if warnings:  # not told: the progress is the other process's
        warning_stage(directory, stage, specs, part, _silent)
    flagged = _files_stage(directory, part, descriptor, specs, checked, upstream)
    scan = scan_tables(directory, resources, specs, part, flagged=flagged, keep=False)
    if scan is None or not part.valid:
        return part, None
    return part, prints()


def _inspect_streamed(
    directory: Path,
    report: Report,
    stage: Stage,
    specs: tuple[TableSpec, ...],
    upstream: bool,
    warnings: bool,
    progress: Say | None,
    statements: int,
) -> None:
    """A large budget-book publication: its tables checked in a second process (after
    the text warnings, if ``warnings``; the upstream Frictionless run if ``upstream``)
    while its RDF files are read here; the linked data's part is kept when the tables
    pass."""
    # the RDF files read for their fingerprint: by whichever process claims each first
    # (the claims in a temporary directory); in one process, by the tables' function
    # (only when the tables pass), and no directory is made
    space: contextlib.AbstractContextManager[str | None] = (
        scratch("nerima-opendata-claims-") if parallel() else contextlib.nullcontext()
    )
    with space as shared:
        claims = None if shared is None else Claims(shared)
        tables = start(
            _tables, directory, stage, specs, upstream, claims, warnings, task="checking the tables"
        )
        try:
            linked = linked_stage.check_streamed(
                directory,
                lambda: tables.result()[1],
                lambda: tables.ready() and not tables.result()[0].valid,
                STREAM_THRESHOLD,
                progress=progress,
                statements=statements,
                claims=claims,
            )
            part, _ = tables.result()
        finally:
            tables.cancel()
    report.merge(part)
    if part.valid and linked is not None:
        report.merge(linked)


def _comparison(directory: Path, report: Report, upstream: bool) -> bool:
    """Check a comparison's publication (:mod:`~nerima_opendata.checks.comparison`), if
    the directory is one."""
    try:
        descriptor = read_descriptor(directory)
    except InputError:
        return False  # the descriptor stage reports it
    if not is_comparison(descriptor):
        return False
    check_comparison(directory, descriptor, report, upstream=upstream)
    return True


def _streams(specs: tuple[TableSpec, ...]) -> bool:
    """Whether a package's integrity rules all have a streaming form: no brochure table
    (its rules, e.g. tags in order, are checked in memory; a brochure is small)."""
    return all(spec.kind is not DocumentKind.BROCHURE for spec in specs)


def _files_stage(
    directory: Path,
    report: Report,
    descriptor: dict[str, Any],
    specs: tuple[TableSpec, ...],
    checked: dict[TableName, FileCheck],
    upstream: bool = True,
) -> set[tuple[str, int | None]]:
    """Stage 2: Frictionless when the tables are small enough (and ``upstream``); else a
    note, and each file's bytes and hash against the descriptor's (what Frictionless
    would check)."""
    size = sum(c.size for c in checked.values())
    if upstream and size <= FRICTIONLESS_MAX_BYTES:
        report.checks.append("frictionless")
        return run_frictionless(directory, report, descriptor)
    why = f"{size:,} bytes of CSV, over {FRICTIONLESS_MAX_BYTES:,}" if upstream else "asked"
    report.notes.append(
        f"frictionless skipped ({why}); "
        "the table checks (types, constraints, primary and foreign keys) read every row, "
        "and each file's bytes and hash were checked"
    )
    resources = resources_by_name(descriptor)
    for spec in specs:
        for error in file_count_errors(resources[spec.name], checked[spec.name]):
            report.add(error)
    return set()


def _integrity(
    report: Report, tables: dict[TableName, list[RowRecord]], files: dict[TableName, str]
) -> tuple[Budget, ...]:
    """Stage 4: split the rows by budget, check the standard columns, then apply the
    integrity rules to each budget; return the budgets when nothing was found."""
    infos = list(tables[TableName.BUDGET])
    if not infos:
        report.add(
            ReportError(
                ErrorTypes.INTEGRITY,
                "the budget table has no row",
                file=files[TableName.BUDGET],
                expected="one row per budget",
            )
        )
        return ()
    by_id = {_info(rr).id: _info(rr) for rr in infos}
    first = _info(infos[0])
    for rr in infos[1:]:
        if _info(rr).municipality_code != first.municipality_code:
            report.add(
                ReportError(
                    ErrorTypes.INTEGRITY,
                    "a package holds the budgets of one municipality",
                    file=files[TableName.BUDGET],
                    row=rr.row,
                    field=CODE_COLUMN,
                    found=_info(rr).municipality_code,
                    expected=first.municipality_code,
                )
            )
    grouped: dict[str, dict[TableName, list[RowRecord]]] = {i: {} for i in by_id}
    for name, row_records in tables.items():
        for rr in row_records:
            budget_id = _info(rr).id if name == TableName.BUDGET else rr.budget_id
            if budget_id in grouped:
                grouped[budget_id].setdefault(name, []).append(rr)
                for error in standard_errors(files[name], rr, by_id[budget_id]):
                    report.add(error)
    budgets = [_budget(report, by_id[i], rows, files) for i, rows in grouped.items()]
    if report.errors:
        return ()
    return tuple(b for b in budgets if b is not None)


def _info(row_record: RowRecord) -> BudgetInfo:
    assert isinstance(row_record.record, BudgetInfo)
    return row_record.record


def _budget(
    report: Report,
    info: BudgetInfo,
    rows: dict[TableName, list[RowRecord]],
    files: dict[TableName, str],
) -> Budget | None:
    """One budget from its rows, after its integrity rules hold."""
    records = {name: [rr.record for rr in rows.get(name, [])] for name in TableName}
    where = {
        (name, str(getattr(rr.record, "id", ""))): rr.row
        for name in TableName
        for rr in rows.get(name, [])
    }
    issues = check_integrity(records)
    for issue in issues:
        report.add(
            ReportError(
                ErrorTypes.INTEGRITY,
                issue.message,
                file=files[TableName(issue.table)],
                row=where.get((TableName(issue.table), issue.record_id or "")),
                field=issue.field,
                found=issue.found,
                expected=issue.expected,
            )
        )
    if issues:
        return None
    return Budget.from_tables(records)
