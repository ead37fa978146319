"""A static preview page of the publication: ``index.html``, Japanese first, with English.

The page shows the headline figures (the total of the listed projects and each pillar's
amount and share), bar charts drawn from the data as inline SVG (:mod:`._svg`), the
projects, initiatives with their tags, the glossary (※) and the editorial notes, and
links to every file of the publication. It embeds a schema.org ``Dataset`` as JSON-LD
(:mod:`.schema_org`) so that dataset search engines can index it.

The page needs nothing from the network: no script, no web font, no image; CSS is
inline. Figures carry ``data-*`` attributes (``data-total``, ``data-pillar`` with
``data-amount``, ``data-project``, ``data-bytes``) so tests can compare what is shown
with the data. Output is deterministic: the same input gives the same bytes.

A budget book (``budget.kind`` is ``book``) gets its own page (:mod:`.book`): totals by
account and direction, a zoomable treemap 款 → 項 → 目 (an inline script, with a nested
table for readers without one), the largest lines, taxes per day and the amount kinds.

This module assembles the page; its parts live in private modules: the frame
(:mod:`._page`), the summary and charts (:mod:`._figures`), the table sections
(:mod:`._tables`), the file list (:mod:`._files`) and the markup helpers
(:mod:`._markup`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nerima_opendata.errors import OutputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, DocumentKind
from nerima_opendata.writers.html.book import to_book_html
from nerima_opendata.writers.html.figures import charts, summary
from nerima_opendata.writers.html.files import HTML_FILE
from nerima_opendata.writers.html.page import footer, head, header
from nerima_opendata.writers.html.schema_org import to_schema_org
from nerima_opendata.writers.html.tables import downloads, glossary, initiatives, notes, projects

__all__ = ["HTML_FILE", "to_html", "to_schema_org", "write_html"]


def to_html(
    budget: Budget,
    files: Sequence[tuple[str, int | None]],
    publication_base: str | None = None,
) -> str:
    """Render the preview page of a publication.

    Args:
        budget: The budget the publication was built from.
        files: ``(file name, size in bytes)`` of each published file, in the order to
            list them (e.g. :attr:`nerima_opendata.publication.build.BuildResult.files`); a link
            to ``datapackage.json`` (without a size) is added when it is not among them,
            and ``index.html`` itself is left out.
        publication_base: Where the files will be served; gives the embedded schema.org
            Dataset its ``url`` and absolute download URLs (links on the page stay relative).

    Returns:
        The whole HTML document; the same input gives the same text. A budget book
        gets its own page (:func:`.book.to_book_html`).
    """
    if budget.kind is DocumentKind.BOOK:
        return to_book_html(budget, files, publication_base)
    body = "\n".join(
        (
            summary(budget),
            charts(budget),
            projects(budget),
            initiatives(budget),
            glossary(budget),
            notes(budget),
            downloads(budget, files),
        )
    )
    return (
        head(budget, files, publication_base)
        + "<body>\n"
        + header(budget)
        + f"<main>\n{body}\n</main>\n"
        + footer(budget)
        + "</body>\n</html>\n"
    )


def write_html(
    budget: Budget,
    directory: StrPath,
    files: Sequence[tuple[str, int | None]],
    publication_base: str | None = None,
) -> Path:
    """Write :func:`to_html` as ``index.html`` (UTF-8) into ``directory``.

    Args:
        budget: The budget.
        directory: An existing directory (the build's temporary one, or a publication).
        files: The published files to link, as for :func:`to_html`.
        publication_base: Where the files will be served, as for :func:`to_html`.

    Returns:
        The written file.

    Raises:
        OutputError: The file cannot be written.
    """
    directory = Path(directory)
    path = directory / HTML_FILE
    try:
        path.write_bytes(to_html(budget, files, publication_base).encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    return path
