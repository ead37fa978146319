"""Time Oxigraph's compiled (Rust) serializers and parsers on a publication's statements.

    python benchmarks/compiled.py serialize PUBLICATION OUT.json
    python benchmarks/compiled.py parse PUBLICATION OUT.json

``serialize`` loads the publication's N-Triples into an in-memory pyoxigraph ``Store``
(not timed; about 17 KB of memory a line) and dumps it in each of the four formats the
library writes: serialization alone, no parse, no Python code per statement. ``parse``
parses each of the publication's four RDF files and only counts the statements. Each
writes the CPU seconds of each format to OUT.json (and prints them on stderr).

These are the fastest RDF writers and readers available to Python here. What they need
for the four formats bounds from below what any build or ``validate`` that writes or
reads them can need (``benchmarks/scale.py --compiled-max`` runs both beside the
floors). Figures, not assertions.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

#: The library's RDF files, by suffix, in the order the library lists them.
FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def _cpu(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def _budget_file(publication: Path, suffix: str) -> Path:
    """The budget graph's file with this suffix (the DCAT file is ``*_dcat.ttl``)."""
    (path,) = (p for p in publication.glob(f"*{suffix}") if not p.stem.endswith("_dcat"))
    return path


def serialize(publication: Path, out: Path) -> dict[str, float]:
    """CPU seconds of ``Store.dump`` in each format, the statements already loaded."""
    store = ox.Store()
    store.bulk_load(path=str(_budget_file(publication, ".nt")), format=ox.RdfFormat.N_TRIPLES)
    seconds = {}
    for suffix, fmt in FORMATS.items():
        target = out / f"oxigraph{suffix}"

        def dump(target: Path = target, fmt: ox.RdfFormat = fmt) -> None:
            store.dump(output=str(target), format=fmt, from_graph=ox.DefaultGraph())

        seconds[suffix] = _cpu(dump)
        target.unlink()
    return seconds


def parse(publication: Path) -> dict[str, float]:
    """CPU seconds of a pyoxigraph parse of each RDF file (statements counted only)."""
    seconds = {}
    for suffix, fmt in FORMATS.items():
        path = _budget_file(publication, suffix)
        if fmt == ox.RdfFormat.JSON_LD:
            fmt = ox.RdfFormat.STREAMING_JSON_LD  # as validate reads it: in bounded memory

        def count(path: Path = path, fmt: ox.RdfFormat = fmt) -> int:
            return sum(1 for _ in ox.parse(path=str(path), format=fmt))

        seconds[suffix] = _cpu(count)
    return seconds


def main(argv: list[str]) -> None:
    what, publication, out = argv[0], Path(argv[1]), Path(argv[2])
    seconds = serialize(publication, out.parent) if what == "serialize" else parse(publication)
    out.write_text(json.dumps(seconds), encoding="utf-8")
    each = ", ".join(f"{suffix} {cpu:.2f}" for suffix, cpu in seconds.items())
    print(f"    oxigraph {what} (CPU s): {each}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
