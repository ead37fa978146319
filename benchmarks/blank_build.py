"""A build whose RDF serializers write blank bytes (``benchmarks/ceiling.py``).

    CEILING_BYTES='{"NTriplesWriter": 202.0, ...}' python -m benchmarks.blank_build \\
        build -q --from PKG OUT

The budget's RDF serializers are replaced by one that writes, for each statement, as
many bytes of a constant block as ``CEILING_BYTES`` says (bytes per statement, by writer
class name; :func:`benchmarks.ceiling.bytes_per_statement` takes them from a real
build's files) to the same streams, hashed as in a build; the second part is appended
and hashed as in a build, and DCAT, the tables, ``datapackage.json`` and the page are
written as usual (every part by the writers: the blocks of rows are turned off). What is left is what the bytes cost, with no text made. Without
``CEILING_BYTES`` it writes no statement (the budget's RDF files hold only their
prefixes, root or context): what the build costs with no text and no bytes.

With ``CEILING_NO_APPEND`` set, each second part's bytes go to files of their own,
hashed there (in ``CEILING_SIDES``, a folder, if given; else beside the part's files,
removed with them), so that only the writers' closing texts are left to append: the
bytes written and hashed once. It needs two processes (a second part).

Figures, not assertions: the output is not a publication.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, cast

RATES_ENV = "CEILING_BYTES"
NO_APPEND_ENV = "CEILING_NO_APPEND"
SIDES_ENV = "CEILING_SIDES"

#: What the files are filled with: a byte in no UTF-8 text.
FILL = 0xFF
_BLOCK = memoryview(bytes([FILL]) * (1 << 20))
#: Statements between two writes: about as often as the real writers write.
STEP = 2_048


def blank_groups(
    groups: Iterable[tuple[str, Iterable[Any]]],
    streams: Sequence[IO[bytes]],
    rates: Sequence[float],
    chunks: Any,
) -> int:
    """Count the statements of ``groups`` (as ``chunks`` cuts each group's pairs), and
    write ``rate`` blank bytes a statement to each stream, every :data:`STEP`
    statements or so and at the end: ``int(rate × statements)`` in all, give or take
    one.

    Returns:
        The number of statements.
    """
    count = written = 0
    owed = [0.0] * len(streams)

    def write(statements: int) -> None:
        for at, rate in enumerate(rates):
            owed[at] += statements * rate
            size = int(owed[at])
            owed[at] -= size
            while size > 0:  # a group may be long: a budget's every line
                size -= streams[at].write(_BLOCK[: min(size, len(_BLOCK))])

    for _subject, pairs in groups:  # as the silent build's loop, but for one test
        for chunk in chunks(pairs):
            count += len(chunk)
        if count - written >= STEP:
            write(count - written)
            written = count
    write(count - written)
    return count


def second_part(stream: IO[bytes]) -> bool:
    """Whether ``stream`` is a file of a build's second part (not hashed: it is
    appended to the first part's file, which hashes it)."""
    from nerima_opendata.publication.rdf_parts import SECOND_PART

    name = getattr(stream, "name", None)
    return isinstance(name, str) and Path(name).parent.name == SECOND_PART


def _sides(streams: list[IO[bytes]]) -> tuple[list[IO[bytes]], list[IO[bytes]]]:
    """The streams to write to: with ``CEILING_NO_APPEND``, a second part's go to files
    of their own, hashed."""
    from nerima_opendata.files.hashed import HashedStream

    if not os.environ.get(NO_APPEND_ENV) or not second_part(streams[0]):
        return streams, []
    folder = os.environ.get(SIDES_ENV)
    sides: list[IO[bytes]] = []
    for stream in streams:
        path = Path(stream.name)
        target = Path(folder) / path.name if folder else path.with_name(path.name + ".side")
        sides.append(target.open("wb"))
    return [cast("IO[bytes]", HashedStream(s, hashlib.sha256())) for s in sides], sides


def main() -> None:
    """Patch the serializers, then run the command line with ``sys.argv[1:]``."""
    import nerima_opendata.writers.dcat  # noqa: F401  first: it keeps the real write_groups
    from nerima_opendata.cli.main import run
    from nerima_opendata.files.background import parallel
    from nerima_opendata.publication.book_build import BookSource
    from nerima_opendata.writers import rdf_stream

    if os.environ.get(NO_APPEND_ENV) and not parallel():
        raise SystemExit(f"{NO_APPEND_ENV} needs two processes: a build's second part")
    rates = json.loads(os.environ.get(RATES_ENV) or "{}")  # none: the silent build

    def write_groups(groups: Iterable[Any], writers: Sequence[Any]) -> int:
        streams, sides = _sides([writer._bytes for writer in writers])
        count = blank_groups(
            groups,
            streams,
            [rates[type(w).__name__] if rates else 0.0 for w in writers],
            rdf_stream._chunks,
        )
        for writer in writers:
            writer.close()
        for side in sides:
            side.close()
        return count

    rdf_stream.write_groups = write_groups
    BookSource.use_blocks = False  # every group goes through the serializers replaced
    sys.argv[0] = "nerima-opendata"
    run()


if __name__ == "__main__":
    main()
