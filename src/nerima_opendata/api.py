"""The library's main entry points: load, ingest, build, rows (the CLI's commands call these).

Every function that takes a path takes a ``str`` or any ``os.PathLike``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from nerima_opendata.checks.validation import inspect
from nerima_opendata.errors import InputError, InvalidPackageError
from nerima_opendata.files.background import start
from nerima_opendata.files.checked import package_key, was_checked
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import begin
from nerima_opendata.files.shipped import shipped
from nerima_opendata.model import Budget, DocumentKind
from nerima_opendata.model.tables import kinds_listed
from nerima_opendata.publication.build import STEPS as BUILD_STEPS
from nerima_opendata.publication.build import BuildResult, build, write_package
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, check_base_iri
from nerima_opendata.readers.package import read_descriptor
from nerima_opendata.writers.parquet import write_parquet

if TYPE_CHECKING:  # the rest is imported where used: a build needs no importer
    from nerima_opendata.model.summary import BudgetSummary
    from nerima_opendata.publication.compare_build import CompareResult
    from nerima_opendata.readers.book import BookOptions, Progress

__all__ = [
    "DEFAULT_SOURCE",
    "ImportResult",
    "IngestResult",
    "build_publication",
    "compare_budgets",
    "default_package",
    "import_budget_book",
    "ingest",
    "load_budget",
    "load_budgets",
    "select_budget",
    "to_jsonld",
    "write_parquet",
]

#: The brochure text the shipped data was ingested from.
DEFAULT_SOURCE = "nerima-r6-budget-brochure.txt"


class IngestResult(NamedTuple):
    """What :func:`ingest` gives: the budget read, and what was written (if anything)."""

    budget: Budget
    written: BuildResult | None


class ImportResult(NamedTuple):
    """What :func:`import_budget_book` gives: the budgets read (in memory: when nothing is
    written, or when asked for), what was written, and each budget's summary."""

    budgets: tuple[Budget, ...]
    written: BuildResult | None
    summaries: tuple[BudgetSummary, ...] = ()


def default_package() -> Path:
    """The shipped canonical data package (Nerima, FY2024, proposed)."""
    return shipped("datapackage")


def load_budgets(path: StrPath | None = None, *, upstream: bool = True) -> tuple[Budget, ...]:
    """Load every budget of a data package in the canonical schema.

    Args:
        path: A package directory (or its ``datapackage.json``); by default the shipped
            Nerima FY2024 budget.
        upstream: Whether the upstream Frictionless validation runs too (the library's
            table checks always run).

    Returns:
        The budgets, validated, in the budget table's order.

    Raises:
        InvalidPackageError: The package is invalid; ``error.report`` lists every problem.
    """
    directory = Path(path) if path is not None else default_package()
    report, budgets = inspect(directory, upstream=upstream)
    if not budgets:
        raise InvalidPackageError(report)
    return budgets


def load_budget(
    path: StrPath | None = None, *, budget_id: str | None = None, upstream: bool = True
) -> Budget:
    """Load one budget from a data package in the canonical schema.

    Args:
        path: A package directory (or its ``datapackage.json``); by default the shipped
            Nerima FY2024 budget.
        budget_id: Which budget, when the package holds several (e.g. ``2024-proposed``).
        upstream: Whether the upstream Frictionless validation runs too.

    Returns:
        The budget, validated.

    Raises:
        InvalidPackageError: The package is invalid; ``error.report`` lists every problem.
        InputError: ``budget_id`` is not in the package, or is needed and not given.
    """
    return select_budget(load_budgets(path, upstream=upstream), budget_id)


def select_budget(budgets: tuple[Budget, ...], budget_id: str | None) -> Budget:
    """The budget with this ID, or the only one.

    Raises:
        InputError: There is no such budget, or several and no ID was given.
    """
    ids = [b.info.id for b in budgets]
    if budget_id is None:
        if len(budgets) == 1:
            return budgets[0]
        raise InputError(
            "the package holds several budgets; choose one",
            found=", ".join(ids),
            expected="a budget ID (budget_id=..., or --budget on the command line)",
        )
    for budget in budgets:
        if budget.info.id == budget_id:
            return budget
    raise InputError(
        "no budget with this ID in the package", found=budget_id, expected=f"one of {ids}"
    )


def ingest(
    source: StrPath,
    out: StrPath | None = None,
    *,
    corrections: StrPath | None = None,
    translations: StrPath | None = None,
) -> IngestResult:
    """Parse a brochure text into the canonical records, and optionally write the package.

    The corrections file defaults to ``SOURCE.corrections.toml`` beside the text (required)
    and the translations to ``SOURCE.en.toml`` (used when present).

    Args:
        source: The extracted brochure text.
        out: Where to write the data package; nothing is written when ``None``.
        corrections: The reviewed corrections file.
        translations: Unofficial English translations.

    Returns:
        The budget, and what was written (if anything).

    Raises:
        InputError: A file is missing or unreadable.
        SourceParseError: The text does not parse or a correction does not apply.
        OutputError: ``out`` cannot be written (it is left as it was).
    """
    source = Path(source)
    fixes = source.with_suffix(".corrections.toml") if corrections is None else Path(corrections)
    if not fixes.exists():
        raise InputError(
            "no corrections file",
            path=fixes,
            expected="a reviewed corrections TOML (see --corrections)",
        )
    english = Path(translations) if translations is not None else None
    if english is None and source.with_suffix(".en.toml").exists():
        english = source.with_suffix(".en.toml")
    from nerima_opendata.readers.brochure import read_brochure

    budget = read_brochure(source, fixes, english)
    return IngestResult(budget, write_package(budget, out) if out is not None else None)


def import_budget_book(
    source: StrPath,
    format: str | None = None,
    out: StrPath | None = None,
    *,
    municipality: str | None = None,
    municipality_name: str | None = None,
    fiscal_year: int | None = None,
    phase: str | None = None,
    unit: str | None = None,
    account: str | None = None,
    encoding: str | None = None,
    mapping: StrPath | None = None,
    source_title: str | None = None,
    source_url: str | None = None,
    issued: date | None = None,
    modified: date | None = None,
    progress: Progress | None = None,
    keep_budgets: bool = False,
) -> ImportResult:
    """Import a budget-book CSV (every line by 会計, 款, 項, 目…) and optionally write the
    canonical package: one budget per (fiscal year, phase), holding every account chosen.
    The options fill or select, as :func:`~nerima_opendata.readers.book.read_budget_book`'s.

    Args:
        source: The CSV file.
        format: ``spendingjp`` or ``setagaya`` (shipped), or ``custom`` with ``mapping``.
        out: Where to write the package (streamed, validated, then put in place) or None.
        keep_budgets: With ``out``, also load the budgets written (a small book only).

    Returns:
        The budgets (when in memory), what was written (if anything), the summaries.

    Raises:
        InputError: The file or mapping cannot be read, or an option is wrong.
        BookImportError: The file breaks a rule: the error names its row and column.
        InvalidPackageError: The package written is invalid (nothing is written).
        OutputError: ``out`` cannot be written (it is left as it was).
    """
    options: BookOptions = {
        "municipality": municipality,
        "municipality_name": municipality_name,
        "fiscal_year": fiscal_year,
        "phase": phase,
        "unit": unit,
        "account": account,
        "encoding": encoding,
        "mapping": mapping,
        "source_title": source_title,
        "source_url": source_url,
        "issued": issued,
        "modified": modified,
    }
    if out is None:
        return _read_book(source, format, options, progress)
    return _write_book(source, format, out, options, progress, keep_budgets)


def _read_book(
    source: StrPath, format: str | None, options: BookOptions, progress: Progress | None
) -> ImportResult:
    from nerima_opendata.model.summary import BudgetSummary
    from nerima_opendata.readers.book import read_budget_book

    budgets = read_budget_book(source, format, progress=progress, **options)
    return ImportResult(budgets, None, tuple(BudgetSummary.of(b) for b in budgets))


def _write_book(
    source: StrPath,
    format: str | None,
    out: StrPath,
    options: BookOptions,
    progress: Progress | None,
    keep_budgets: bool,
) -> ImportResult:
    from nerima_opendata.checks.book_input import check_imported
    from nerima_opendata.publication.book_package import write_book_package
    from nerima_opendata.readers.book import open_budget_book

    book = open_budget_book(source, format, **options)
    written, summaries = write_book_package(book, out, progress=progress, check=check_imported)
    return ImportResult(load_budgets(out) if keep_budgets else (), written, summaries)


def build_publication(
    out: StrPath,
    package: StrPath | None = None,
    *,
    budget_id: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    publication_base: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Validate a canonical package, then write the full publication into ``out``.

    A budget book's package whose bytes passed the same checks before (at import, or in
    an earlier build; :mod:`nerima_opendata.files.checked`) is not checked again.

    Args:
        out: The output directory; replaced atomically, untouched on failure.
        package: The canonical package to build from; by default the shipped one.
        budget_id: Which budget, when the package holds several.
        base_iri: The base of the data IRIs.
        publication_base: Where the files will be served (DCAT access URLs).
        progress: Called with a short description before each step.

    Returns:
        What was written; ``result.budget`` is the budget published.

    Raises:
        InvalidPackageError: The input package is invalid; nothing is written.
        InputError: ``budget_id`` is missing or unknown, or a base is not usable.
        OutputError: ``out`` cannot be written.
    """
    check_base_iri(base_iri)
    directory = Path(package) if package is not None else default_package()
    # The input's table checks find what Frictionless finds; `validate` runs it too.
    if _is_book(directory):  # streamed from the package: its lines are never held
        from nerima_opendata.checks.book_input import checked_book, digest_of
        from nerima_opendata.publication.book_build import STEPS, build_book

        # Checked (and summed) in a second process while the files are written here;
        # only summed when these bytes passed the check before (files/checked.py).
        key = package_key(directory)
        begin(progress, 1 + STEPS, _CHECKED_BEFORE if was_checked(key) else _CHECKING)
        check = start(checked_book, directory, budget_id, key, task="checking the input package")
        try:
            return build_book(
                directory,
                out,
                budget_id=budget_id,
                base_iri=base_iri,
                publication_base=publication_base,
                progress=progress,
                checked=lambda: digest_of(check),
            )
        finally:
            check.cancel()
    begin(progress, 1 + BUILD_STEPS, _CHECKING)
    budget = load_budget(directory, budget_id=budget_id, upstream=False)
    return build(
        budget, out, base_iri=base_iri, publication_base=publication_base, progress=progress
    )


_CHECKING = "validating the input package"
_CHECKED_BEFORE = "the input package passed the checks before, byte for byte: not checked again"


def compare_budgets(
    package: StrPath,
    from_spec: str,
    to_spec: str,
    out: StrPath,
    *,
    from_package: StrPath | None = None,
    account: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    progress: Callable[[str], None] | None = None,
) -> CompareResult:
    """Compare two budgets of one municipality; write what changed into ``out``, atomically
    (CSV tables, ``datapackage.json``, the change cube as RDF, a page).

    Args:
        package: A canonical package (or a publication) holding the ``to`` budget, and
            the ``from`` budget unless ``from_package`` is given.
        from_spec: The budget compared from: a fiscal year, then optionally a phase and an
            amount (``2025``, ``2026/approved``, ``2026/request``, ``2026/final``).
        to_spec: The budget compared to, the same way (``final``: the primary amount).
        out: The output directory; replaced as a whole, untouched on failure.
        from_package: Where the ``from`` budget is, when not in ``package``.
        account: Only this account (会計) code, e.g. ``1`` for 一般会計.
        base_iri: The base of the data IRIs, as the budgets were published with.
        progress: Called with a short description before each step.

    Raises:
        InvalidPackageError: A package is invalid. InputError: a spec names no budget or
            several, two municipalities, or no such account. Nothing is then written.
    """
    from nerima_opendata.model.compare import compare, select_side
    from nerima_opendata.publication.compare_build import STEPS, write_comparison

    check_base_iri(base_iri)
    begin(progress, 1 + STEPS, "reading and checking the budgets")
    after = load_budgets(package, upstream=False)
    before = after if from_package is None else load_budgets(from_package, upstream=False)

    sides = select_side(before, from_spec), select_side(after, to_spec)
    comparison = compare(*sides, account=account)
    return write_comparison(comparison, out, base_iri=base_iri, progress=progress)


def _is_book(directory: Path) -> bool:
    """Whether a package holds budget books (its descriptor lists their tables)."""
    try:
        descriptor = read_descriptor(directory)
    except InputError:
        return False  # the validation reports it
    names = (str(r.get("name")) for r in descriptor["resources"] if isinstance(r, dict))
    return DocumentKind.BOOK in kinds_listed(names)


def to_jsonld(budget: Budget, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The budget as JSON-LD text (``base_iri``: the base of the data IRIs), compacted
    with the vocabulary's context (embedded): the text of the publication's ``.jsonld``."""
    from nerima_opendata.writers.rdf import budget_jsonld

    return budget_jsonld(budget, base_iri)
