"""Print how long the main commands take (wall clock, median of N runs).

    python benchmarks/cli_timings.py [N]

Figures, not assertions: tests assert behaviour, this script measures it. Each command
runs once first, unmeasured, with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` is
dropped from the environment), so the figures are those of an installed package, not of
compiling the sources.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXE = str(Path(sys.executable).with_name("nerima-opendata"))


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(args: list[str], runs: int) -> float:
    samples = []
    for run in range(runs + 1):
        started = time.perf_counter()
        subprocess.run([EXE, *args], check=True, capture_output=True, env=ENV)
        if run:  # the first run writes the bytecode caches
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        rows = [
            ("nerima-opendata --help", _time(["--help"], runs)),
            ("nerima-opendata build OUT", _time(["build", "-q", str(out)], runs)),
            ("nerima-opendata validate OUT", _time(["validate", str(out)], runs)),
        ]
    for label, seconds in rows:
        print(f"{label:<32} {seconds * 1000:8.0f} ms  (median of {runs})")


if __name__ == "__main__":
    main()
