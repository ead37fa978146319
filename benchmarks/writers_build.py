"""A build whose book RDF the writers write, every part (``benchmarks/ceiling.py``).

    python -m benchmarks.writers_build build -q --from PKG OUT

A build writes each part of a book's RDF a block of rows at a time by Arrow compute
where the book's shapes allow (``writers/rdf_blocks*.py``), else by the writers, one
group at a time; both write the same bytes. This runs the build with
``BookSource.use_blocks`` off, so the writers write every part: the build as it was
before the blocks, timed beside it in one run.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Turn the blocks off, then run the command line with ``sys.argv[1:]``."""
    from nerima_opendata.cli.main import run
    from nerima_opendata.publication.book_build import BookSource

    BookSource.use_blocks = False
    sys.argv[0] = "nerima-opendata"
    run()


if __name__ == "__main__":
    main()
