"""A budget book's RDF groups made from its head and its tables on disk, streamed.

:func:`book_rdf_groups` is what :class:`nerima_opendata.publication.book_build.BookSource`
writes (through :func:`~nerima_opendata.writers.rdf_files.write_rdf_groups`) and what
``validate`` compares with the published files: the budget's head (its small tables, in
memory) and functions that open its large tables (the code list, lines and line amounts,
read again from their CSV files) go through
:func:`~nerima_opendata.writers.rdf.budget_groups`, the one source of the budget's RDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from nerima_opendata.model import Budget, TableName
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.writers.rdf import budget_groups
from nerima_opendata.writers.rdf_book import BookPart
from nerima_opendata.writers.rdf_rows import BookTables
from nerima_opendata.writers.rdf_terms import Group

__all__ = ["book_rdf_groups"]


def book_rdf_groups(
    head: Budget,
    base_iri: str = DEFAULT_BASE_IRI,
    *,
    classifications: Callable[[], Iterable[Any]],
    lines: Callable[[], Iterable[Any]],
    line_amounts: Callable[[], Iterable[Any]],
    fields: Callable[[TableName, tuple[str, ...]], Iterable[tuple[str, ...]]] | None = None,
    part: BookPart = BookPart.ALL,
) -> Iterable[Group]:
    """The groups of a budget book's graph from its head and its large tables, streamed.

    Args:
        head: The budget with its small tables (amount kinds, editorial notes).
        base_iri: The base of the data IRIs.
        classifications: Opens the code list (parents first), each time it is called.
        lines: Opens the lines.
        line_amounts: Opens the non-primary amounts.
        fields: Opens some text fields of one of those tables (the CSV's cells, read
            without the model), for the IDs the budget's members need alone; default:
            from the records.
        part: All the groups, or one of two parts of them (:class:`BookPart`).

    Raises:
        InputError: ``base_iri`` is not usable, or a row refers to a missing one (as the
            groups are read).
    """
    tables = BookTables(classifications, lines, line_amounts, fields)
    return budget_groups(head, base_iri, tables=tables, part=part)
