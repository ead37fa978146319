"""Print the speed of the streaming RDF writers on the Tama budget book copied N times.

    python benchmarks/rdf_writers.py [N] [rss [KEY_LIMIT]]

The Tama book (1,580 lines, about 41 triples a line) is turned into CSV-text rows, as a
reader of the package's CSV files gives them, and copied N times with every ID prefixed,
then made into groups by :func:`nerima_opendata.writers.rdf_book.book_groups` and:

* written in all four formats in one pass (:func:`write_rdf_groups`), and in each alone;
* written as N-Triples by a plain f-string loop (the floor);
* parsed from our N-Triples and serialized by pyoxigraph in each format.

Figures, not assertions: tests assert behaviour, this script measures it. With ``rss``
it only writes the four formats and prints the process's peak RSS (``ru_maxrss``): run
it for two N to see that it stays flat (KEY_LIMIT: the keys each lookup holds in memory
before it spills to disk; by default 100,000, so memory grows until 100,000 lines).
"""

from __future__ import annotations

import csv
import io
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pyoxigraph as ox

from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT
from nerima_opendata.model import Budget, BudgetLine, Classification, LineAmount, Record
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.readers.book import read_budget_book
from nerima_opendata.writers.rdf_book import book_groups
from nerima_opendata.writers.rdf_files import write_rdf_groups
from nerima_opendata.writers.rdf_rows import BookTables
from nerima_opendata.writers.rdf_terms import Group

TAMA = Path(__file__).resolve().parent.parent / "tests" / "data" / "real" / "tama_r3_spendingjp.csv"
_IDS = ("id", "parent_id", "classification_id", "line_id")
_OX = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def _csv_table(model: type[Record], records: Any, copies: int) -> Callable[[], Iterator[Any]]:
    """A re-openable table of CSV-text named tuples, ``copies`` times, IDs prefixed."""
    fields = list(model.model_fields)
    row = NamedTuple("Row", [(f, str) for f in fields])  # type: ignore[misc]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        ["" if v is None else getattr(v, "value", v) for v in (getattr(r, f) for f in fields)]
        for r in records
    )
    text = buffer.getvalue()
    at = [i for i, f in enumerate(fields) if f in _IDS]

    def table() -> Iterator[Any]:
        for copy in range(copies):
            for values in csv.reader(io.StringIO(text)):
                for i in at:
                    if values[i]:
                        values[i] = f"{copy}x{values[i]}"
                yield row(*values)

    return table


def groups(
    budget: Budget, copies: int, key_limit: int = DEFAULT_MEMORY_LIMIT
) -> Callable[[], Iterator[Group]]:
    """The book's groups from rows, ``copies`` times over."""
    iris = BudgetIRIs.for_budget(budget.info)
    tables = BookTables(
        _csv_table(Classification, budget.classifications, copies),
        _csv_table(BudgetLine, budget.lines, copies),
        _csv_table(LineAmount, [], copies),
    )
    return lambda: book_groups(
        budget.info, budget.amount_kinds, tables, iris=iris, key_limit=key_limit
    )


def _floor(made: Iterator[Group], out: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as stream:
        for subject, pairs in made:
            lines = []
            for p, o in pairs:
                obj = f"<{o}>" if isinstance(o, str) else f'"{o.lexical}"'
                lines.append(f"<{subject}> <{p}> {obj} .\n")
            count += len(lines)
            stream.write("".join(lines))
    return count


class _Clock:
    """Wall and CPU time since it was made (CPU time is steadier on a shared machine)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def rate(self, label: str, triples: int) -> None:
        wall, cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        print(
            f"{label:<38} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {triples / cpu / 1000:6.0f} k/cpu-s",
            flush=True,
        )


def _peak_rss() -> None:
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    (budget,) = read_budget_book(
        TAMA, "spendingjp", municipality="132241", municipality_name="多摩市", unit="thousand-yen"
    )
    key_limit = int(sys.argv[3]) if len(sys.argv) > 3 else DEFAULT_MEMORY_LIMIT
    make = groups(budget, copies, key_limit)
    print(f"Tama x {copies}: {len(budget.lines) * copies} lines")
    if sys.argv[2:3] == ["rss"]:  # the one-pass write alone, for its peak RSS
        with tempfile.TemporaryDirectory() as tmp:
            write_rdf_groups(make(), tmp, "132241")
        _peak_rss()
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        clock = _Clock()
        triples = sum(len(list(pairs)) for _, pairs in make())
        clock.rate("groups from CSV rows only", triples)
        clock = _Clock()
        _floor(make(), out / "floor.nt")
        clock.rate("floor: groups + f-string N-Triples", triples)
        clock = _Clock()
        paths = write_rdf_groups(make(), out, "132241")
        clock.rate("groups + all four formats, one pass", triples)
        single = out / "single"
        single.mkdir()
        for suffix in _OX:
            clock = _Clock()
            write_rdf_groups(make(), single, "132241", suffixes=[suffix])
            clock.rate(f"groups + ours {suffix}", triples)
        nt = next(p for p in paths if p.suffix == ".nt")
        for suffix, fmt in _OX.items():
            clock = _Clock()
            with (out / f"ox{suffix}").open("wb") as stream:
                ox.serialize(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), stream, fmt)
            clock.rate(f"pyoxigraph parse .nt + write {suffix}", triples)
    _peak_rss()


if __name__ == "__main__":
    main()
