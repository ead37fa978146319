"""Print load and query times of the query pack: locally (pyoxigraph) and, if
``SPARQL_ENDPOINT`` is set (``scripts/services/oxigraph.sh start``), over HTTP.

    python benchmarks/sparql_timings.py

Figures, not assertions: tests assert behaviour, this script measures it.
"""

from __future__ import annotations

import os
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from nerima_opendata import build_publication
from nerima_opendata.sparql.query import load_publication, run_query
from nerima_opendata.sparql.triplestore import load, plan_load

PACK = sorted((Path(__file__).resolve().parent.parent / "docs" / "queries").glob("*.rq"))


def _ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:8.1f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build_publication(out)
        started = time.perf_counter()
        store = load_publication(out)
        print(f"{'local load (pyoxigraph)':<40} {_ms(started)}  ({len(store)} triples)")
        for path in PACK:
            started = time.perf_counter()
            run_query(store, path.read_text(encoding="utf-8"), fmt="json")
            print(f"{'local ' + path.stem:<40} {_ms(started)}")
        endpoint = os.environ.get("SPARQL_ENDPOINT")
        if not endpoint:
            print("(set SPARQL_ENDPOINT for the HTTP figures)")
            return
        plan = plan_load(out, f"{endpoint}/store")
        started = time.perf_counter()
        load(plan)
        print(f"{'HTTP load (Graph Store PUT)':<40} {_ms(started)}  ({plan.bytes:,} bytes)")
        for path in PACK:
            query = urllib.parse.urlencode(
                {"query": path.read_text(encoding="utf-8"), "default-graph-uri": plan.graph}
            )
            request = urllib.request.Request(
                f"{endpoint}/query?{query}",
                headers={"Accept": "application/sparql-results+json"},
            )
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            print(f"{'HTTP ' + path.stem:<40} {_ms(started)}")


if __name__ == "__main__":
    main()
