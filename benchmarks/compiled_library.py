"""Time the library's own hot modules compiled by mypyc, beside the same code interpreted.

    python benchmarks/compiled_library.py [N] [--runs 3] [--work DIR]

Issue #11's targets (a build within 2× the floor, ``validate`` within 3× its floor) are
not met by the interpreted library on this machine (docs/performance.md). The cheapest
way a typed Python library gets compiled code of its own is mypyc, mypy's compiler: the
modules are already typed for ``mypy --strict``. This script generates N synthetic
lines and imports them, copies ``src/`` to WORK, compiles :data:`MODULES` there with
mypyc (a C compiler is needed; ``mypy`` is a test dependency), then times ``build
--from`` and ``validate``, interpreted and compiled in turn, each in one process
(``NERIMA_OPENDATA_PROCESSES=1``: the CPU of the same work). Every ``validate`` must pass,
and after the runs the compiled build's files must be the interpreted one's, byte for
byte. It prints each run's wall and CPU seconds, the medians and their ratios. Figures,
not assertions.

``model/digest.py`` is left out: its frozen dataclasses cross between processes by
pickle, which mypyc's compiled dataclasses do not survive. In the copy, a module's lazy
import of pyoxigraph (``if TYPE_CHECKING: import …`` / ``else: … = LazyModule(…)``)
becomes a plain import: mypyc takes ``TYPE_CHECKING`` as true and compiles the ``else``
branch as unreachable code, which raises when run.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # benchmarks.* when run as a script

from benchmarks.scale import MUNICIPALITY, run_python  # noqa: E402
from benchmarks.synthetic import write_csv  # noqa: E402

#: The modules a build or ``validate`` spends its time in, per line or per statement.
MODULES = (
    "writers/rdf_shapes.py",
    "writers/rdf_terms.py",
    "writers/rdf_stream.py",
    "writers/rdf_rows.py",
    "writers/rdf_book.py",
    "writers/rdf_book_cube.py",
    "writers/rdf_jsonld.py",
    "writers/rdf_xml.py",
    "readers/stream.py",
    "files/keystore.py",
    "files/csvrows.py",
    "checks/stream_passes.py",
    "checks/stream_routes.py",
    "checks/stream_cube.py",
    "checks/stream_compare.py",
    "checks/stream_sample.py",
    "checks/linked_stream.py",
    "checks/fingerprint.py",
    "checks/tables.py",
    "checks/records.py",
    "checks/keys.py",
    "checks/standard_cells.py",
    "checks/text_warnings.py",
)


def run(args: Sequence[str | Path], src: Path) -> tuple[float, float]:
    """Run ``python -m nerima_opendata ARGS`` with the library in ``src``, in one
    process; its wall and CPU (user + sys) seconds."""
    step = run_python(["-m", "nerima_opendata", *args], src=src, NERIMA_OPENDATA_PROCESSES="1")
    return step.seconds, step.cpu_seconds


#: ``if TYPE_CHECKING: import X as Y`` / ``else: Y = LazyModule(…)``.
LAZY_IMPORT = re.compile(
    r"^if TYPE_CHECKING:\n    import (\S+) as (\w+)\nelse:\n    \2 = LazyModule\(.*\)\n", re.M
)


def compile_modules(src: Path) -> None:
    """Compile :data:`MODULES` of the copy ``src`` with mypyc, in place (their lazy
    imports made plain first)."""
    modules = [f"nerima_opendata/{module}" for module in MODULES]
    for module in modules:
        path = src / module
        path.write_text(LAZY_IMPORT.sub(r"import \1 as \2\n", path.read_text("utf-8")), "utf-8")
    log = src.parent / "mypyc.log"
    with log.open("w", encoding="utf-8") as stream:
        done = subprocess.run(
            [sys.executable, "-m", "mypyc", *modules],
            cwd=src,
            stdout=stream,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode:
        raise SystemExit(f"mypyc failed: see {log}")


def same_files(left: Path, right: Path) -> bool:
    """Whether two publications hold the same files, byte for byte."""
    names = sorted(str(p.relative_to(left)) for p in left.rglob("*") if p.is_file())
    theirs = sorted(str(p.relative_to(right)) for p in right.rglob("*") if p.is_file())
    if names != theirs:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, names, shallow=False)
    return not mismatch and not errors


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", type=int, nargs="?", default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="keep the files here")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error("--runs must be at least 1")

    with tempfile.TemporaryDirectory() as tmp:
        work = options.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        interpreted, compiled = ROOT / "src", work / "compiled" / "src"
        shutil.rmtree(compiled.parent, ignore_errors=True)
        shutil.copytree(interpreted, compiled, ignore=shutil.ignore_patterns("__pycache__"))
        for shipped in ("vocab", "datapackage", "source"):  # found beside src/ (files/shipped.py)
            (compiled.parent / shipped).symlink_to(ROOT / shipped)
        started = time.perf_counter()
        compile_modules(compiled)
        print(f"mypyc: {len(MODULES)} modules compiled in {time.perf_counter() - started:.1f} s")
        source, package = work / "lines.csv", work / "pkg"
        write_csv(source, options.lines)
        os.environ["NERIMA_OPENDATA_CACHE"] = str(work / "cache")
        run(["import", "spendingjp", source, package, *MUNICIPALITY, "-q"], interpreted)
        build = ["build", "-q", "--from", package]
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for index in range(options.runs):  # alternating: the machine's speed drifts
            for label, src in (("interpreted", interpreted), ("compiled", compiled)):
                out = work / f"out-{label}"
                shutil.rmtree(out, ignore_errors=True)
                times.setdefault(("build", label), []).append(run([*build, out], src))
                times.setdefault(("validate", label), []).append(run(["validate", out], src))
                print(f"run {index + 1}, {label}: done", flush=True)
        if not same_files(work / "out-interpreted", work / "out-compiled"):
            raise SystemExit("the compiled build wrote other bytes")
        print(f"{options.lines:,} lines; os.cpu_count() = {os.cpu_count()}; one process each")
        print("the same files, byte for byte")
        report(times)


def report(times: dict[tuple[str, str], list[tuple[float, float]]]) -> None:
    """Each step's runs, medians and the compiled / interpreted ratio."""
    for step in ("build", "validate"):
        median: dict[str, float] = {}
        for label in ("interpreted", "compiled"):
            runs = times[(step, label)]
            median[label] = statistics.median(cpu for _, cpu in runs)
            walls = ", ".join(f"{wall:.2f}" for wall, _ in runs)
            cpus = ", ".join(f"{cpu:.2f}" for _, cpu in runs)
            print(
                f"  {step:8} {label:11} wall s {walls}; CPU s {cpus}; median CPU {median[label]:.2f}"
            )
        print(
            f"  {step:8} compiled / interpreted CPU: {median['compiled'] / median['interpreted']:.2f}"
        )


if __name__ == "__main__":
    main()
