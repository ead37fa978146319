"""How close a build could come to the floor if its RDF serializers cost nothing.

    python benchmarks/ceiling.py [N] [--runs 3] [--steps floor,build,...] [--work DIR [--reuse]]

Issue #11 asks for a build within 2× the floor (a ``csv``-module writer and an f-string
N-Triples writer). This script bounds what faster serializers alone could give, compiled
or not: it generates N synthetic lines, imports them, then times in turn, ``--runs``
times, on the same package:

* the floor (``scale.py``'s, with as many statements as the build's N-Triples);
* ``build --from`` as it is;
* the same build with the budget's RDF serializers replaced by one that writes nothing
  (:mod:`benchmarks.blank_build` with no bytes a statement): the groups are still made
  from the rows (and counted), the CSV tables, DCAT, ``datapackage.json`` and the page
  are written as before, the budget's RDF files hold no statement (only their
  prefixes, root or context);
* the same build with the serializers replaced by one that writes, for each statement,
  as many blank bytes as the first build's files hold per statement, to the same hashed
  streams (the files are appended and hashed as in a build): what the files' bytes
  alone cost, with no text made, as an ideal serializer would leave
  (:mod:`benchmarks.blank_build`);
* the same, with the second part's bytes written (and hashed) to files of their own,
  which are not appended: what the bytes would cost if they were written once (a build
  that splits its groups between two processes cannot: each file's hash needs its
  parts in order);
* the build with every part of the budget's RDF written by the writers, one group at a
  time, as builds were before the blocks of rows (:mod:`benchmarks.writers_build`): the
  same files.

The blank builds replace the writers, so they turn the blocks off too. ``--steps`` picks
some of the steps (``floor``, ``build``, ``silent``, ``blank``, ``no-append``,
``writers``; the floor always runs). It prints each run's wall and CPU
seconds, the medians, and each build's median over the floor's. Figures, not
assertions: the blank builds' output is not a publication.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # benchmarks.* when run as a script

from benchmarks.blank_build import NO_APPEND_ENV, RATES_ENV, SIDES_ENV  # noqa: E402
from benchmarks.scale import MUNICIPALITY, Step, count_triples, run_python  # noqa: E402
from benchmarks.synthetic import write_csv  # noqa: E402

#: A build whose RDF serializers write blank bytes (``python`` and these arguments, then
#: the command line's): :mod:`benchmarks.blank_build`.
BLANK_BUILD = ["-m", "benchmarks.blank_build"]
#: A build whose book RDF the writers write: :mod:`benchmarks.writers_build`.
WRITERS_BUILD = ["-m", "benchmarks.writers_build"]

#: A step's label and its arguments.
Command = tuple[str, list[str | Path]]


def bytes_per_statement(out: Path, triples: int) -> dict[str, float]:
    """Each RDF file's bytes per statement in a build's output, by the class name of the
    writer that writes it (every format of the registry, so none is left out)."""
    from nerima_opendata.writers import rdf_stream
    from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name

    rates = {}
    for fmt in RDF_SERIALIZATIONS:
        writer = rdf_stream.group_writer(fmt.suffix, io.BytesIO(), True, True)
        size = (out / budget_file_name(MUNICIPALITY[1], fmt, "budget")).stat().st_size
        rates[type(writer).__name__] = size / max(triples, 1)
    return rates


def _commands(source: Path, pkg: Path, out: Path, triples: int) -> dict[str, Command]:
    """Each step, by its key: its label and its arguments (of ``python``)."""
    build: list[str | Path] = ["build", "-q", "--from", pkg, out]
    floor: list[str | Path] = [
        ROOT / "benchmarks" / "scale.py",
        "_floor",
        source,
        out,
        str(triples),
    ]
    return {
        "floor": ("floor (csv + nt)", floor),
        "build": ("build", ["-m", "nerima_opendata", *build]),
        "silent": ("build, silent RDF", [*BLANK_BUILD, *build]),
        "blank": ("build, blank bytes", [*BLANK_BUILD, *build]),
        "no-append": ("blank, no append", [*BLANK_BUILD, *build]),
        "writers": ("build, by writers", [*WRITERS_BUILD, *build]),
    }


#: The keys of the steps (those of :func:`_commands`), in the order they run by default.
STEPS = ("floor", "build", "silent", "blank", "no-append", "writers")


def _steps(
    source: Path, pkg: Path, work: Path, triples: int, rates: str, keys: Sequence[str]
) -> dict[str, Step]:
    out = work / "out"
    steps = {}
    commands = _commands(source, pkg, out, triples)
    for key in keys:
        label, args = commands[key]
        shutil.rmtree(out, ignore_errors=True)
        os.sync()
        os.environ[RATES_ENV] = "" if key == "silent" else rates
        os.environ[NO_APPEND_ENV] = "1" if key == "no-append" else ""
        os.environ[SIDES_ENV] = ""
        steps[label] = run_python(args)
    shutil.rmtree(out, ignore_errors=True)
    return steps


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the files here")
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help=f"which steps, comma-separated, of {', '.join(STEPS)} (the floor always runs)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the lines and package an earlier run of the same N left in --work",
    )
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    if options.reuse and options.work is None:
        parser.error("--reuse needs --work")
    keys = ["floor", *(k for k in options.steps.split(",") if k != "floor")]
    unknown = [k for k in keys if k not in STEPS]
    if unknown:
        parser.error(f"no step {unknown[0]!r}: the steps are {', '.join(STEPS)}")
    with tempfile.TemporaryDirectory() as tmp:
        work = options.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        os.environ["NERIMA_OPENDATA_CACHE"] = str(work / "cache")  # checked once, at import
        source, pkg = work / "lines.csv", work / "pkg"
        if not options.reuse:
            write_csv(source, options.n)
            run_python(
                ["-m", "nerima_opendata", "import", "spendingjp", source, pkg, *MUNICIPALITY, "-q"]
            )
        run_python(["-m", "nerima_opendata", "build", "-q", "--from", pkg, work / "first"])
        triples = count_triples(work / "first")
        rates = json.dumps(bytes_per_statement(work / "first", triples))
        shutil.rmtree(work / "first")
        print(f"os.cpu_count() = {os.cpu_count()}, N = {options.n:,}, {triples:,} statements")
        runs = [_steps(source, pkg, work, triples, rates, keys) for _ in range(options.runs)]
    floor = statistics.median(r["floor (csv + nt)"].seconds for r in runs)
    for label in runs[0]:
        walls = [r[label].seconds for r in runs]
        cpus = [r[label].cpu_seconds for r in runs]
        print(
            f"  {label:<18} wall {', '.join(f'{w:.2f}' for w in walls)} s "
            f"(median {statistics.median(walls):.2f}, {statistics.median(walls) / floor:.2f}× "
            f"the floor); CPU median {statistics.median(cpus):.2f} s"
        )


if __name__ == "__main__":
    main()
