"""Print how the library scales with the number of budget lines, against a floor.

    python benchmarks/scale.py [N ...] [--rdflib-max 100000] [--library-max 100000]
        [--compiled-max 100000] [--every-format-max 100000]
        [--endpoint http://127.0.0.1:7878] [--oxigraph .venv/bin/oxigraph] [--work DIR]

For each N (default 10k and 100k) one synthetic spending.jp file of N lines
(``benchmarks/synthetic.py``: one municipality, one year) is made, then, each step a child
process whose wall time and peak RSS (``os.wait4``) are printed:

* library: ``nerima-opendata import spendingjp``, ``build --from PKG OUT`` (every format),
  ``validate OUT``;
* floor: a csv-module writer of the lines plus an f-string N-Triples writer emitting as
  many triples as the library's ``.nt`` (41 a line when the library was not run);
* rdflib (N ≤ --rdflib-max): the floor's triples added to an ``rdflib.Graph`` and
  serialized to Turtle, N-Triples, RDF/XML and JSON-LD;
* floor, every format (N ≤ --every-format-max): the floor's way of writing applied to
  every file a build writes, CSV, N-Triples, Turtle, RDF/XML and JSON-LD, each with its
  SHA-256, in two processes at once (``benchmarks/floor_formats.py``): what no build can
  go below on this machine;
* validate floor: a plain csv loop over the publication's CSVs plus a pyoxigraph
  N-Triples parse (over the floor's output when the library was not run);
* compiled (N ≤ --compiled-max, with the library): Oxigraph's Rust serializers and parsers
  on the library's files (``benchmarks/compiled.py``), and the least time they would
  give a build or a ``validate`` on this machine's cores, against the two floors.

With ``--endpoint`` the floor's N-Triples are also loaded into that Graph Store endpoint
as ``nerima-opendata load`` sends them (bounded requests); with ``--oxigraph`` they are
also loaded by Oxigraph's bulk loader. 1M lines need about 8 GB of disk for the work files.

Figures, not assertions: tests assert behaviour, this script measures it. The machine
is shared and small: run each size twice and report both.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Triples a line when the library's own count is not known (Tama measured 41).
TRIPLES_PER_LINE = 41
BASE = "https://w3id.org/nerima-opendata/data/132241/2021/approved/"
VOCAB = "https://w3id.org/nerima-opendata/vocab#"
#: The municipality the synthetic lines are imported as.
MUNICIPALITY = (
    "--municipality",
    "132241",
    "--municipality-name",
    "多摩市",
    "--unit",
    "thousand-yen",
)


@dataclass(frozen=True)
class Step:
    label: str
    seconds: float
    rss_mib: float
    cpu_seconds: float = 0.0  # user + sys


def run_program(
    args: Sequence[str | Path], *, label: str | None = None, env: dict[str, str] | None = None
) -> Step:
    """Run a program to the end; its wall time, peak RSS and CPU time."""
    sys.stdout.flush()
    started = time.perf_counter()
    process = subprocess.Popen(list(map(str, args)), env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(map(str, args))}")
    rss = usage.ru_maxrss / 1024  # ru_maxrss: KiB on Linux
    return Step(label or str(args[0]), seconds, rss, usage.ru_utime + usage.ru_stime)


def run_python(args: Sequence[str | Path], *, src: Path = ROOT / "src", **env: str) -> Step:
    """Run ``python ARGS`` to the end with the library in ``src`` and ``env`` added to
    the environment; labelled by its last argument."""
    paths = [str(src), str(ROOT / "tools"), str(ROOT)]
    environment = dict(os.environ, **env)
    environment["PYTHONPATH"] = os.pathsep.join([*paths, environment.get("PYTHONPATH", "")])
    return run_program([sys.executable, *args], label=str(args[-1]), env=environment)


def _library(source: Path, work: Path) -> Iterator[tuple[str, Step]]:
    from nerima_opendata.files.checked import CACHE_ENV

    pkg, out = work / "pkg", work / "out"
    # import remembers the package it checked; the build then need not check it again
    os.environ[CACHE_ENV] = str(work / "cache")
    cli = ["-m", "nerima_opendata"]
    yield "import", run_python([*cli, "import", "spendingjp", source, pkg, *MUNICIPALITY, "-q"])
    yield "build", run_python([*cli, "build", "-q", "--from", pkg, out])
    yield "validate", run_python([*cli, "validate", out])


def count_triples(directory: Path) -> int:
    """The triples of the N-Triples files in ``directory`` (one a non-blank line)."""
    total = 0
    for path in sorted(directory.glob("*.nt")):
        with path.open("rb") as handle:
            total += sum(1 for line in handle if line.strip() and not line.startswith(b"#"))
    return total


def _line_statements(row: list[str], count: int) -> str:
    path = "1-expenditure-" + "-".join(row[4:13:2])
    s = f"<{BASE}line/{path}>"
    shapes = [
        f"<{BASE}budget> <{VOCAB}hasLine> {s} .\n",
        f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{VOCAB}BudgetLine> .\n",
        f'{s} <http://www.w3.org/2000/01/rdf-schema#label> "{row[13]}"@ja .\n',
        f'{s} <{VOCAB}amount> "{int(row[14]) * 1000}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        f"{s} <{VOCAB}classification> <{BASE}classification/{path}> .\n",
        f"{s} <{VOCAB}cofog> <http://linked.data.gov.au/def/cofog/{row[16]}> .\n",
        f'{s} <{VOCAB}identifier> "{path}" .\n',
        f'{s} <{VOCAB}sourceRows> "{int(row[0]) + 2}" .\n',
    ]
    out = shapes[:count]
    out += [f'{s} <{VOCAB}p{j}> "{row[11]}"@ja .\n' for j in range(len(out), count)]
    return "".join(out)


def write_floor(source: Path, out: Path, triples: int) -> int:
    """The floor: the lines as CSV (csv module) and ``triples`` N-Triples statements."""
    with source.open(encoding="utf-8", newline="") as handle:
        lines = sum(1 for _ in handle) - 1
    each, extra = divmod(triples, max(lines, 1))
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with (
        source.open(encoding="utf-8", newline="") as handle,
        (out / "lines.csv").open("w", encoding="utf-8", newline="") as table,
        (out / "lines.nt").open("w", encoding="utf-8") as graph,
    ):
        rows = csv.reader(handle)
        next(rows)
        writer = csv.writer(table)
        writer.writerow(
            ["全国地方公共団体コード", "ID", "予算ID", "分類ID", "COFOG", "金額", "出典行"]
        )
        for number, row in enumerate(rows):
            path = "1-expenditure-" + "-".join(row[4:13:2])
            writer.writerow(
                ["132241", path, "2021-approved", path, row[16], int(row[14]) * 1000, number + 2]
            )
            count = each + (number < extra)
            graph.write(_line_statements(row, count))
            written += count
    return written


def write_rdflib(statements: Path, out: Path) -> None:
    """The floor's statements added to an ``rdflib.Graph`` (parsed from its N-Triples),
    serialized to every format; the time of each phase on stderr."""
    import rdflib

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(statements, format="nt")
    phases = [f"add {time.perf_counter() - started:.1f} s"]
    for fmt, suffix in (("turtle", "ttl"), ("nt", "nt"), ("xml", "rdf"), ("json-ld", "jsonld")):
        started = time.perf_counter()
        graph.serialize(out / f"rdflib.{suffix}", format=fmt, encoding="utf-8")
        phases.append(f"{fmt} {time.perf_counter() - started:.1f} s")
    print(f"    rdflib phases ({len(graph):,} triples): {', '.join(phases)}", file=sys.stderr)


def validate_floor(directory: Path) -> int:
    """Read every CSV row (csv module) and parse every N-Triples file (pyoxigraph)."""
    import pyoxigraph

    seen = 0
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            seen += sum(1 for row in csv.reader(handle) if row)
    for path in sorted(directory.glob("*.nt")):
        with path.open("rb") as handle:
            seen += sum(1 for _ in pyoxigraph.parse(handle, pyoxigraph.RdfFormat.N_TRIPLES))
    return seen


def measure_load(statements: Path, endpoint: str, chunk_bytes: int, triples: int) -> None:
    """Load ``statements`` into a Graph Store endpoint as the library does (bounded
    requests: PUT, then POSTs), and print the throughput."""
    from nerima_opendata.sparql.chunks import plan_chunks
    from nerima_opendata.sparql.triplestore import LoadPlan, load

    chunks = plan_chunks([(statements, None)], chunk_bytes)
    graph = "https://example.org/benchmark"
    url = f"{endpoint.rstrip('/')}/store?graph={graph}"
    size = statements.stat().st_size
    plan = LoadPlan(url, graph, (statements,), size, None, chunks)
    started = time.perf_counter()
    load(plan)
    seconds = time.perf_counter() - started
    print(
        f"  load over HTTP ({len(chunks)} request(s) of ≤ {chunk_bytes / 2**20:.0f} MiB): "
        f"{seconds:.1f} s, {triples / seconds:,.0f} triples/s, {size / seconds / 2**20:.1f} MiB/s"
    )


def measure_bulk_load(statements: Path, oxigraph: str, work: Path, triples: int) -> None:
    """``oxigraph load`` (the bulk loader, into a fresh on-disk store): wall and RSS."""
    shutil.rmtree(work / "bulk-store", ignore_errors=True)
    step = run_program([oxigraph, "load", "--location", work / "bulk-store", "--file", statements])
    print(
        f"  oxigraph bulk load: {step.seconds:.1f} s, {triples / step.seconds:,.0f} triples/s, "
        f"peak RSS {step.rss_mib:,.0f} MiB"
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:6.1f}×" if b else "     -"


def _row(label: str, step: Step, n: int, triples: int) -> None:
    print(
        f"  {label:<22}{step.seconds:9.2f}{n / step.seconds:11,.0f}"
        f"{triples / step.seconds:12,.0f}{step.rss_mib:14,.0f}",
        flush=True,
    )


def _ratios(steps: dict[str, Step]) -> None:
    """Wall time over wall time at the same N: the same as per line."""
    floor = steps["floor (csv + nt)"].seconds
    if "build" in steps:
        print(f"  library build / floor: {_ratio(steps['build'].seconds, floor)}")
        pipeline = steps["import"].seconds + steps["build"].seconds
        print(f"  library import+build / floor: {_ratio(pipeline, floor)}")
        validate = _ratio(steps["validate"].seconds, steps["validate floor"].seconds)
        print(f"  library validate / validate floor: {validate}")
    if "floor, every format" in steps:
        every = steps["floor, every format"].seconds
        print(f"  floor, every format / floor: {_ratio(every, floor)}")
        if "build" in steps:
            print(f"  library build / floor, every format: {_ratio(steps['build'].seconds, every)}")
    if "rdflib (4 formats)" in steps:
        name = "build" if "build" in steps else "floor (csv + nt)"
        print(
            f"  rdflib / {name}: {_ratio(steps['rdflib (4 formats)'].seconds, steps[name].seconds)}"
        )


def per_line(n: int, steps: dict[str, Step], rdflib_rate: tuple[int, float] | None) -> None:
    """Where rdflib did not run at ``n``, the build against rdflib's rate per line at the
    largest N where it did (a rate that does not rise with N)."""
    if rdflib_rate is None or "build" not in steps or "rdflib (4 formats)" in steps:
        return
    at, rate = rdflib_rate
    build_rate = n / steps["build"].seconds
    print(
        f"  build per line / rdflib's per line at N = {at:,} ({build_rate:,.0f} against "
        f"{rate:,.0f} lines/s): {_ratio(build_rate, rate)}"
    )


def _every_format(source: Path, out: Path, n: int, triples: int) -> Step:
    """The floor's way in every format, two processes at once (``floor_formats.py``)."""
    from benchmarks.floor_formats import measure as every_format

    seconds, usages = every_format(source, out, triples)
    step = Step("floor, every format", seconds, max(rss for _, rss in usages))
    _row(step.label, step, n, triples)
    cpu = [seconds for seconds, _ in usages]
    cores = os.cpu_count() or 1
    print(
        f"    ({' + '.join(f'{c:.2f}' for c in cpu)} CPU s; over {cores} cores at least "
        f"{max(sum(cpu) / cores, *cpu):.2f} s)"
    )
    return step


def measure_compiled(work: Path, steps: dict[str, Step]) -> None:
    """Oxigraph's compiled serializers and parsers on the library's publication
    (``benchmarks/compiled.py``), and the least time they give a build or a ``validate``
    on this machine's cores, against the targets (2× and 3× the floors)."""
    script, cores = ROOT / "benchmarks" / "compiled.py", os.cpu_count() or 1
    cpu: dict[str, float] = {}
    least: dict[str, float] = {}
    for what in ("serialize", "parse"):
        run_python([script, what, work / "out", work / f"compiled-{what}.json"])
        seconds = json.loads((work / f"compiled-{what}.json").read_text(encoding="utf-8"))
        cpu[what] = sum(seconds.values())
        # four tasks that cannot be split: at least a core's share, and the longest one
        least[what] = max(cpu[what] / cores, max(seconds.values()))
    for what, floor, target, ours in (
        ("serialize", "floor (csv + nt)", 2, "build"),
        ("parse", "validate floor", 3, "validate"),
    ):
        print(
            f"  oxigraph's four {what}s: {cpu[what]:.2f} CPU s on {cores} cores, at least "
            f"{least[what]:.2f} s = {_ratio(least[what], steps[floor].seconds).strip()} the "
            f"{floor} (target {target}×); library {ours} / this: "
            f"{_ratio(steps[ours].seconds, least[what]).strip()}"
        )


def measure(
    n: int,
    work: Path,
    *,
    library: bool,
    rdflib: bool,
    endpoint: str | None,
    oxigraph: str | None,
    compiled: bool = False,
    every_format: bool = False,
) -> dict[str, Step]:
    """Every step at ``n`` lines, each printed as it ends; the steps."""
    script = Path(__file__).resolve()
    source = work / "synthetic.csv"
    generated = run_python([ROOT / "benchmarks" / "synthetic.py", str(n), source])
    print(f"\nN = {n:,} lines (generated in {generated.seconds:.2f} s)")
    print(f"  {'step':<22}{'wall s':>9}{'lines/s':>11}{'triples/s':>12}{'peak RSS MiB':>14}")
    steps: dict[str, Step] = {}
    triples = n * TRIPLES_PER_LINE
    if library:
        for label, step in _library(source, work):
            steps[label] = step
            _row(label, step, n, triples)  # triples/s: estimated until the .nt is counted
        triples = count_triples(work / "out")
        print(f"  ({triples:,} triples in the library's .nt: {triples / n:.1f} a line)")
    runs: list[tuple[str, list[str | Path]]] = [
        ("floor (csv + nt)", [script, "_floor", source, work / "floor", str(triples)])
    ]
    runs.append(
        ("validate floor", [script, "_validate_floor", work / ("out" if library else "floor")])
    )
    if rdflib:
        runs.append(
            (
                "rdflib (4 formats)",
                [script, "_rdflib", work / "floor" / "lines.nt", work / "rdflib"],
            )
        )
    for label, args in runs:
        steps[label] = run_python(args)
        _row(label, steps[label], n, triples)
        if label.startswith("floor") and every_format:
            steps["floor, every format"] = _every_format(source, work / "every", n, triples)
    _ratios(steps)
    if compiled and library:
        measure_compiled(work, steps)
    if endpoint:
        measure_load(work / "floor" / "lines.nt", endpoint, 50 * 2**20, triples)
    if oxigraph:
        measure_bulk_load(work / "floor" / "lines.nt", oxigraph, work, triples)
    return steps


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "_floor":
        write_floor(Path(args[1]), Path(args[2]), int(args[3]))
        return
    if args and args[0] == "_rdflib":
        write_rdflib(Path(args[1]), Path(args[2]))
        return
    if args and args[0] == "_validate_floor":
        validate_floor(Path(args[1]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--rdflib-max", type=int, default=100_000)
    parser.add_argument("--library-max", type=int, default=10**9)
    parser.add_argument(
        "--compiled-max",
        type=int,
        default=0,
        help="up to this N, also time Oxigraph's compiled serializers and parsers on the "
        "library's files (benchmarks/compiled.py; about 17 KB of memory a line)",
    )
    parser.add_argument(
        "--every-format-max",
        type=int,
        default=100_000,
        help="up to this N, also time the floor's way of writing in every format "
        "(benchmarks/floor_formats.py; about 15 GB of disk at 1M lines, removed after)",
    )
    parser.add_argument(
        "--work", type=Path, help="keep the files here (default: a temporary directory)"
    )
    parser.add_argument(
        "--endpoint",
        help="also load the floor's N-Triples here (Graph Store, e.g. http://127.0.0.1:7878)",
    )
    parser.add_argument("--oxigraph", help="the oxigraph program: also time its bulk loader")
    options = parser.parse_args(args)
    # --endpoint uses the library in this process; the every-format floor, its neighbour
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    print(f"os.cpu_count() = {os.cpu_count()}, python {sys.version.split()[0]}")
    rdflib_rate: tuple[int, float] | None = None
    for n in sorted(options.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            work = options.work / str(n) if options.work else Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            steps = measure(
                n,
                work,
                library=n <= options.library_max,
                rdflib=n <= options.rdflib_max,
                endpoint=options.endpoint,
                oxigraph=options.oxigraph,
                compiled=n <= options.compiled_max,
                every_format=n <= options.every_format_max,
            )
            per_line(n, steps, rdflib_rate)
            if "rdflib (4 formats)" in steps:
                rdflib_rate = (n, n / steps["rdflib (4 formats)"].seconds)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
