"""Loading into and serving from a REAL SPARQL server (Oxigraph, started by scripts/services).

The services tests need ``SPARQL_ENDPOINT`` (``scripts/services/oxigraph.sh start`` writes
it); without it they skip, unless ``NERIMA_REQUIRE_SERVICES=1`` (as in CI) makes that a
failure. The few HTTP answers Oxigraph never gives (401, 500) come from a small stub
server defined here and named as such.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata import EndpointError, build_publication
from nerima_opendata.cli import main
from nerima_opendata.query import load_publication, run_query
from nerima_opendata.triplestore import graph_iri, load, plan_load, serve

PACK = Path(__file__).resolve().parent.parent / "docs" / "queries"
QUERIES = sorted(PACK.glob("*.rq"))


@pytest.fixture(scope="module")
def endpoint() -> str:
    url = os.environ.get("SPARQL_ENDPOINT")
    if not url:
        if os.environ.get("NERIMA_REQUIRE_SERVICES") == "1":
            pytest.fail("SPARQL_ENDPOINT is not set but NERIMA_REQUIRE_SERVICES=1")
        pytest.skip("no SPARQL server (run scripts/services/oxigraph.sh start)")
    return url.rstrip("/")


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sparql") / "out"
    build_publication(out)
    return out


def _sparql(url: str, query: str, graph: str | None = None) -> dict[str, object]:
    params = {"query": query}
    if graph:
        params["default-graph-uri"] = graph
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode(params)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _count(endpoint: str, graph: str) -> int:
    data = _sparql(f"{endpoint}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph)
    return int(data["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.services
def test_load_then_reload_leaves_the_same_triples(endpoint: str, publication: Path) -> None:
    graph = graph_iri(publication)
    assert graph.endswith("/131202/2024/proposed/budget")
    runner = CliRunner()
    first = runner.invoke(
        main, ["load", "--data", str(publication), "--endpoint", f"{endpoint}/store"]
    )
    assert first.exit_code == 0, first.output
    expected = len(load_publication(publication))
    assert _count(endpoint, graph) == expected
    again = runner.invoke(
        main, ["load", "--data", str(publication), "--endpoint", f"{endpoint}/store", "-q"]
    )
    assert (again.exit_code, again.output) == (0, "")
    assert _count(endpoint, graph) == expected


@pytest.mark.services
@pytest.mark.parametrize("path", QUERIES, ids=[q.stem for q in QUERIES])
def test_http_answers_equal_local_answers(endpoint: str, publication: Path, path: Path) -> None:
    plan = plan_load(publication, f"{endpoint}/store")
    load(plan)
    text = path.read_text(encoding="utf-8")
    remote = _sparql(f"{endpoint}/query", text, plan.graph)
    local = run_query(load_publication(publication), text, fmt="json")
    assert local.raw is not None
    assert remote["results"] == json.loads(local.raw)["results"]


@pytest.mark.services
def test_dry_run_sends_nothing(endpoint: str, publication: Path) -> None:
    graph = "https://example.org/dry-run-graph"
    result = CliRunner().invoke(
        main,
        [
            "load",
            "--data",
            str(publication),
            "--endpoint",
            f"{endpoint}/store",
            "--graph",
            graph,
            "--user",
            "u",
            "--password",
            "s3cret-pw",
            "--dry-run",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output
    assert "s3cret-pw" not in result.output
    assert _count(endpoint, graph) == 0


def _start_serve(publication: Path, port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nerima_opendata",
            "serve",
            "--data",
            str(publication),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until_answers(port: int) -> dict[str, object] | None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            return _sparql(
                f"http://127.0.0.1:{port}/query",
                "SELECT (COUNT(*) AS ?n) WHERE { ?s a "
                "<https://w3id.org/nerima-opendata/vocab#Project> }",
            )
        except OSError:
            time.sleep(0.05)
    return None


def _stop(process: subprocess.Popen[bytes], sig: signal.Signals) -> tuple[int, str]:
    """Send ``sig``; return the exit code and stderr (killing it if it hangs)."""
    try:
        process.send_signal(sig)
        code = process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stderr is not None
        stderr = process.stderr.read().decode()
        process.stderr.close()
    return code, stderr


def _refused(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)
    except OSError:  # URLError, or a reset while the server goes down
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_answers_a_plain_http_client_and_stops_cleanly(
    publication: Path, sig: signal.Signals
) -> None:
    port = _free_port()
    process = _start_serve(publication, port)
    data = _wait_until_answers(port)
    code, stderr = _stop(process, sig)
    assert data is not None, f"the server did not answer: {stderr}"
    assert data["results"]["bindings"][0]["n"]["value"] == "26"  # type: ignore[index]
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert _refused(port), "the server still answers after serve stopped"


# Ctrl-C can land at any moment once the command runs: while the store loads, while the
# server starts, just as it becomes ready (the race CI once hit: exit 1, "Aborted!" and
# a server left running), or later. The first stderr line says the command has begun.
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.2])
def test_serve_stops_cleanly_whenever_ctrl_c_lands(publication: Path, delay: float) -> None:
    port = _free_port()
    process = _start_serve(publication, port)
    assert process.stderr is not None
    first = process.stderr.readline().decode()
    time.sleep(delay)
    code, stderr = _stop(process, signal.SIGINT)
    assert first.startswith("starting a read-only SPARQL server"), first + stderr
    assert code == 0, stderr
    assert "Traceback" not in stderr and "Aborted" not in stderr, stderr
    assert stderr.splitlines()[-1] in ("stopping", "stopped before the server was ready")
    assert _refused(port), "a server was left behind"


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux only")
def test_a_killed_serve_leaves_no_orphan_server(publication: Path) -> None:
    port = _free_port()
    process = _start_serve(publication, port)
    assert _wait_until_answers(port) is not None
    servers = _children(process.pid)
    assert servers, "serve has no server child"
    process.kill()  # SIGKILL: no handler runs, no clean-up in Python
    process.wait()
    assert process.stderr is not None
    process.stderr.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not _refused(port):
        time.sleep(0.1)
    assert _refused(port), "the server outlived a SIGKILLed serve"


def test_serve_refuses_a_taken_port(publication: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(EndpointError, match="did not start"):
            serve(publication, busy.getsockname()[1], timeout=20)


class _StatusStub(http.server.BaseHTTPRequestHandler):
    """A stub HTTP server that answers every PUT with a fixed status (401 or 500)."""

    status = 500

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        else:  # chunked body
            while (size := int(self.rfile.readline().strip() or b"0", 16)) > 0:
                self.rfile.read(size + 2)
            self.rfile.readline()
        body = b"internal failure" if self.status == 500 else b"unauthorized"
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def stub() -> Iterator[tuple[str, type[_StatusStub]]]:
    handler = type("Stub", (_StatusStub,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store", handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        pytest.param(401, "refused the credentials", id="401"),
        pytest.param(500, "the endpoint failed (HTTP 500): internal failure", id="500"),
    ],
)
def test_http_errors_get_clear_messages(
    stub: tuple[str, type[_StatusStub]], publication: Path, status: int, message: str
) -> None:
    url, handler = stub
    handler.status = status
    result = CliRunner().invoke(
        main,
        [
            "load",
            "--data",
            str(publication),
            "--endpoint",
            url,
            "--user",
            "ward",
            "--password",
            "pw-123",
        ],
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert "pw-123" not in result.output


@pytest.mark.services
def test_404_from_the_real_server(endpoint: str, publication: Path) -> None:
    result = CliRunner().invoke(
        main, ["load", "--data", str(publication), "--endpoint", f"{endpoint}/no-such-path"]
    )
    assert result.exit_code == 1
    assert "no Graph Store Protocol endpoint" in result.output


def test_endpoint_down(publication: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/store"
    result = CliRunner().invoke(main, ["load", "--data", str(publication), "--endpoint", url])
    assert result.exit_code == 1
    assert "cannot reach the endpoint" in result.output
    assert "Traceback" not in result.output


def test_not_an_http_endpoint(publication: Path) -> None:
    result = CliRunner().invoke(
        main, ["load", "--data", str(publication), "--endpoint", "ftp://example.org/x"]
    )
    assert result.exit_code == 2
    assert "not an HTTP(S) endpoint" in result.output
