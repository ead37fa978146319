"""A build whose book RDF is made by Arrow compute (``benchmarks/arrow_lines.py``).

    python -m benchmarks.arrow_build build -q --from PKG OUT

The build as the library runs it (the package's check, the tables, the page, DCAT, the
two processes and the append, each file hashed as it is written), but each part of the
budget's four RDF files is written by :func:`benchmarks.arrow_lines.arrow_head` and
:func:`~benchmarks.arrow_lines.arrow_lines` instead of the library's writers: the same
bytes (a test compares the two builds' files), for the synthetic books' shapes only.
It needs two processes (each part is written by one: it stops on one core) and the
default base IRI (another base is built by the library's writers). A book of other
shapes stops the build with what was found. What it gives is how fast a build could be
with its groups made and written a block of rows at a time by an existing engine.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from benchmarks.arrow_lines import arrow_head, arrow_lines


def main() -> None:
    """Patch the book's RDF parts, then run the command line with ``sys.argv[1:]``."""
    from nerima_opendata.cli.main import run
    from nerima_opendata.files.background import parallel
    from nerima_opendata.publication.book_build import BookSource
    from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
    from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name
    from nerima_opendata.writers.rdf_book import BookPart

    if not parallel():
        raise SystemExit("the Arrow build writes its two RDF parts in two processes")
    library = BookSource.write_rdf

    def write_rdf(
        self: BookSource,
        directory: Any,
        *,
        base_iri: str,
        part: BookPart = BookPart.ALL,
        count: Any = None,
        digests: dict[str, Any] | None = None,
    ) -> list[Path]:
        if part is BookPart.ALL or base_iri != DEFAULT_BASE_IRI:
            return library(
                self, directory, base_iri=base_iri, part=part, count=count, digests=digests
            )
        write = arrow_head if part is BookPart.HEAD else arrow_lines
        write(self.rows.directory, Path(directory), digests=digests)
        code = self.info.municipality_code
        return [Path(directory) / budget_file_name(code, f) for f in RDF_SERIALIZATIONS]

    BookSource.write_rdf = write_rdf  # type: ignore[method-assign]
    sys.argv[0] = "nerima-opendata"
    run()


if __name__ == "__main__":
    main()
