"""The library's main entry points: load, ingest, build (the CLI calls only these)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nerima_opendata.checks.validation import inspect
from nerima_opendata.errors import InputError, InvalidPackageError
from nerima_opendata.files.shipped import shipped
from nerima_opendata.model import Budget
from nerima_opendata.publication.build import BuildResult, build, write_package
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI, check_base_iri
from nerima_opendata.readers.brochure import read_brochure

__all__ = [
    "DEFAULT_SOURCE",
    "build_publication",
    "default_package",
    "ingest",
    "load_budget",
]

#: The brochure text the shipped data was ingested from.
DEFAULT_SOURCE = "nerima-r6-budget-brochure.txt"


def default_package() -> Path:
    """The shipped canonical data package (Nerima, FY2024, proposed)."""
    return shipped("datapackage")


def load_budget(path: Path | str | None = None) -> Budget:
    """Load a budget from a data package in the canonical schema.

    Args:
        path: A package directory (or its ``datapackage.json``); by default the shipped
            Nerima FY2024 budget.

    Returns:
        The budget, validated.

    Raises:
        InvalidPackageError: The package is invalid; ``error.report`` lists every problem.
    """
    report, budget = inspect(Path(path) if path is not None else default_package())
    if budget is None:
        raise InvalidPackageError(report)
    return budget


def _sidecar(source: Path, suffix: str) -> Path:
    return source.with_name(source.stem + suffix)


def ingest(
    source: Path,
    out: Path | None = None,
    *,
    corrections: Path | None = None,
    translations: Path | None = None,
) -> tuple[Budget, BuildResult | None]:
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
    corrections = corrections or _sidecar(source, ".corrections.toml")
    if not corrections.exists():
        raise InputError(
            "no corrections file",
            path=corrections,
            expected="a reviewed corrections TOML (see --corrections)",
        )
    if translations is None and _sidecar(source, ".en.toml").exists():
        translations = _sidecar(source, ".en.toml")
    budget = read_brochure(source, corrections, translations)
    return budget, (write_package(budget, out) if out is not None else None)


def build_publication(
    out: Path,
    package: Path | None = None,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    publication_base: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Budget, BuildResult]:
    """Validate a canonical package, then write the full publication into ``out``.

    Args:
        out: The output directory; replaced atomically, untouched on failure.
        package: The canonical package to build from; by default the shipped one.
        base_iri: The base of the data IRIs.
        publication_base: Where the files will be served (DCAT access URLs).
        progress: Called with a short description before each step.

    Returns:
        The budget and what was written.

    Raises:
        InvalidPackageError: The input package is invalid; nothing is written.
        OutputError: ``out`` cannot be written.
    """
    check_base_iri(base_iri)
    if progress is not None:
        progress("validating the input package")
    budget = load_budget(package)
    return budget, build(
        budget, out, base_iri=base_iri, publication_base=publication_base, progress=progress
    )
