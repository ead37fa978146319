"""A budget book's RDF files written from its head and its tables on disk, streamed.

:func:`write_book_rdf` is what :func:`nerima_opendata.publication.book_build.build_book`
calls: the budget's head (its small tables, in memory) and functions that open its large
tables (the code list, lines and line amounts, read again from their CSV files) go
through :func:`~nerima_opendata.writers.rdf.budget_groups`, the one source of the
budget's RDF, into the streaming writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.writers.rdf import budget_groups
from nerima_opendata.writers.rdf_rows import BookTables
from nerima_opendata.writers.rdf_stream import write_rdf_groups
from nerima_opendata.writers.rdf_terms import Group

__all__ = ["book_rdf_groups", "write_book_rdf"]


def book_rdf_groups(
    head: Budget,
    base_iri: str = DEFAULT_BASE_IRI,
    *,
    classifications: Callable[[], Iterable[Any]],
    lines: Callable[[], Iterable[Any]],
    line_amounts: Callable[[], Iterable[Any]],
) -> Iterable[Group]:
    """The groups of a budget book's graph from its head and its large tables, streamed
    (what :func:`write_book_rdf` writes; the arguments are its own)."""
    tables = BookTables(classifications, lines, line_amounts)
    return budget_groups(head, base_iri, tables=tables)


def write_book_rdf(
    head: Budget,
    directory: StrPath,
    base_iri: str = DEFAULT_BASE_IRI,
    *,
    classifications: Callable[[], Iterable[Any]],
    lines: Callable[[], Iterable[Any]],
    line_amounts: Callable[[], Iterable[Any]],
    suffixes: Sequence[str] | None = None,
    check_terms: bool = True,
) -> list[Path]:
    """Write a budget book's RDF from its head and its large tables, streamed.

    Args:
        head: The budget with its small tables (amount kinds, editorial notes).
        directory: An existing directory.
        base_iri: The base of the data IRIs.
        classifications: Opens the code list (parents first), each time it is called.
        lines: Opens the lines.
        line_amounts: Opens the non-primary amounts.
        suffixes: Only these formats (default: every RDF format).
        check_terms: Whether the terms are checked here (see
            :func:`~nerima_opendata.writers.rdf_stream.write_groups`).

    Returns:
        The written files.

    Raises:
        InputError: ``base_iri`` is not usable, or a row refers to a missing one.
        OutputError: A file cannot be written, or a value cannot be serialized.
    """
    groups = book_rdf_groups(
        head, base_iri, classifications=classifications, lines=lines, line_amounts=line_amounts
    )
    code = head.info.municipality_code
    return write_rdf_groups(groups, directory, code, suffixes=suffixes, check_terms=check_terms)
