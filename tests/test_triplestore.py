"""Loading into and serving from a REAL SPARQL server (Oxigraph, started by scripts/services).

The services tests need ``SPARQL_ENDPOINT`` (``scripts/services/oxigraph.sh start`` writes
it); without it they skip, unless ``NERIMA_REQUIRE_SERVICES=1`` (as in CI) makes that a
failure. The few HTTP answers Oxigraph never gives (401, 500) come from a small stub
server defined here and named as such.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import os
import pty
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from tempfile import gettempdir
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from nerima_opendata import EndpointError, InputError, build_publication
from nerima_opendata.cli.main import main
from nerima_opendata.sparql.query import load_publication, run_query
from nerima_opendata.sparql.server import serve
from nerima_opendata.sparql.triplestore import (
    VOCABULARY_GRAPH,
    graph_iri,
    load,
    plan_load,
    vocabulary_files,
)

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


def budget_triples(directory: Path) -> int:
    """How many triples the budget and its DCAT description hold: the default graph of
    ``query``'s store (the vocabulary's copies are in their own graph)."""
    store = load_publication(directory)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


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
    expected = budget_triples(publication)
    assert _count(endpoint, graph) == expected
    again = runner.invoke(
        main, ["load", "--data", str(publication), "--endpoint", f"{endpoint}/store", "-q"]
    )
    assert (again.exit_code, again.output) == (0, "")
    assert _count(endpoint, graph) == expected


_BUDGET_LABELS = (
    "SELECT ?label WHERE { GRAPH <%s> { <https://w3id.org/nerima-opendata/vocab#Budget> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label } } ORDER BY ?label"
)


def _vocabulary_graph(publication: Path) -> Graph:
    """The vocabulary graph as the publication's own copies say it."""
    graph = Graph()
    for path in vocabulary_files(publication):
        graph.parse(path, format="turtle")
    return graph


def _labels(data: dict[str, object]) -> list[str]:
    return [row["label"]["value"] for row in data["results"]["bindings"]]  # type: ignore[index]


@pytest.mark.services
def test_load_puts_the_vocabulary_into_its_own_graph(endpoint: str, publication: Path) -> None:
    result = CliRunner().invoke(
        main, ["load", "--data", str(publication), "--endpoint", f"{endpoint}/store"]
    )
    assert result.exit_code == 0, result.output
    assert f"into <{VOCABULARY_GRAPH}>" in result.output
    assert _count(endpoint, VOCABULARY_GRAPH) == len(_vocabulary_graph(publication))
    labels = _labels(_sparql(f"{endpoint}/query", _BUDGET_LABELS % VOCABULARY_GRAPH))
    assert len(labels) >= 2  # Japanese and English


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


def test_serve_holds_the_vocabulary_in_its_own_graph(publication: Path) -> None:
    server = serve(publication, _free_port(), timeout=30)
    try:
        labels = _labels(_sparql(server.url, _BUDGET_LABELS % VOCABULARY_GRAPH))
        budget = _sparql(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    finally:
        server.stop()
    assert len(labels) >= 2
    # The default graph holds the budget and its DCAT description, as before.
    count = int(budget["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]
    assert count == budget_triples(publication)


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
        with pytest.raises(EndpointError, match="is in use"):  # said before loading
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


# --- Clean-up, credentials, connection failures, Content-Length, progress ---------------


@contextlib.contextmanager
def _stub_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A stub Graph Store endpoint that records each PUT (headers, body) and answers 204.

    A body shorter than its Content-Length (the client aborted) is not recorded. With
    ``drop`` set it reads only the request headers, then resets the connection (as a
    proxy or a crashing server does in the middle of an upload).
    """

    received: list[tuple[dict[str, str], bytes]]
    drop = False

    def do_PUT(self) -> None:
        if self.drop:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(headers.get("content-length", "0"))
        body = self.rfile.read(length)
        if len(body) < length:  # the client gave up mid-body: like a server, keep nothing
            self.close_connection = True
            return
        self.received.append((headers, body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Recorder", (_Recorder,), {"received": []})
    with _stub_server(handler) as url:
        yield url, handler


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """tempfile's directory made private to the test (other runs' leftovers do not
    count), and the names of the directories made in it with mkdtemp."""
    directory = tmp_path / "tmp"
    directory.mkdir()
    made: list[str] = []
    real = tempfile.mkdtemp

    def spy(*args: Any, **kwargs: Any) -> str:
        name: str = real(*args, **kwargs)
        made.append(name)
        return name

    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    monkeypatch.setattr(tempfile, "mkdtemp", spy)
    return directory, made


def _ours(directory: Path) -> set[str]:
    return {p.name for p in directory.glob("nerima-*")}


@pytest.fixture(scope="module")
def damaged(publication: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the publication whose N-Triples file is cut off in the middle of a line."""
    copy = tmp_path_factory.mktemp("damaged") / "out"
    shutil.copytree(publication, copy)
    budget = copy / "131202_budget.nt"
    budget.write_bytes(budget.read_bytes()[:5000])
    return copy


def test_serve_on_a_damaged_publication_is_an_input_error_and_leaves_no_store(
    damaged: Path, scratch: tuple[Path, list[str]]
) -> None:
    directory, made = scratch
    assert gettempdir() == str(directory) and _ours(directory) == set()
    with pytest.raises(InputError, match=r"131202_budget\.nt: Oxigraph cannot load") as info:
        serve(damaged, _free_port(), timeout=20)
    assert "Stack backtrace" not in str(info.value) and len(str(info.value)) < 600
    assert any(Path(name).name.startswith("nerima-sparql-") for name in made)
    assert _ours(directory) == set()


def test_ctrl_c_while_the_store_loads_leaves_no_store(
    publication: Path, scratch: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    directory, made = scratch
    real = subprocess.run
    calls: list[object] = []

    def interrupted_on_the_second_file(*args: Any, **kwargs: Any) -> object:
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(subprocess, "run", interrupted_on_the_second_file)
    with pytest.raises(KeyboardInterrupt):
        serve(publication, _free_port(), timeout=20)
    assert len(calls) == 2 and made
    assert _ours(directory) == set()


def _env(tmpdir: Path) -> dict[str, str]:
    return {**os.environ, "TMPDIR": str(tmpdir)}


def test_cli_serve_on_a_damaged_publication(damaged: Path, tmp_path: Path) -> None:
    argv = ["serve", "--data", str(damaged), "--port", str(_free_port())]
    run = subprocess.run(
        [sys.executable, "-m", "nerima_opendata", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path),
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "Error: " in run.stderr and "131202_budget.nt" in run.stderr
    assert "Traceback" not in run.stderr and "CalledProcessError" not in run.stderr
    assert _ours(tmp_path) == set()


@pytest.mark.parametrize("dry_run", [False, True], ids=["upload", "dry-run"])
def test_load_without_data_removes_the_shipped_build(
    recorder: tuple[str, type[_Recorder]], scratch: tuple[Path, list[str]], dry_run: bool
) -> None:
    url, handler = recorder
    directory, made = scratch
    argv = ["load", "--endpoint", url, *(["--dry-run"] if dry_run else [])]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, result.output
    assert len(handler.received) == (0 if dry_run else 2)  # the budget, the vocabulary
    assert any(Path(name).name.startswith("nerima-publication-") for name in made)
    assert _ours(directory) == set()


def test_serve_without_data_removes_the_shipped_build_and_the_store(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nerima_opendata", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(tmp_path),
    )
    data = _wait_until_answers(port)
    made = _ours(tmp_path)
    code, stderr = _stop(process, signal.SIGINT)
    assert data is not None, stderr
    assert any(name.startswith("nerima-publication-") for name in made), made
    assert any(name.startswith("nerima-sparql-") for name in made), made
    assert code == 0, stderr
    assert _ours(tmp_path) == set()


SECRET = "pw-Zq81x"


@pytest.mark.parametrize(
    ("endpoint", "dry_run", "code"),
    [
        pytest.param("http://u:{secret}@127.0.0.1:{port}/store", True, 0, id="dry-run"),
        pytest.param("http://u:{secret}@127.0.0.1:{port}/store", False, 1, id="unreachable"),
        pytest.param("http://u:%2F{secret}@127.0.0.1:{port}/store", True, 0, id="encoded"),
        pytest.param("http://u:/{secret}@127.0.0.1:{port}/store", False, 2, id="unencoded-slash"),
        pytest.param("http://u:#{secret}@127.0.0.1:{port}/store", True, 2, id="unencoded-hash"),
        pytest.param("http://u:{secret}@127.0.0.1:xx/store", True, 2, id="bad-port"),
        pytest.param("ftp://u:{secret}@127.0.0.1:{port}/store", False, 2, id="not-http"),
    ],
)
def test_a_password_in_the_url_is_never_printed(
    publication: Path, endpoint: str, dry_run: bool, code: int
) -> None:
    url = endpoint.format(secret=SECRET, port=_free_port())
    argv = ["load", "--data", str(publication), "--endpoint", url]
    result = CliRunner().invoke(main, argv + (["--dry-run"] if dry_run else []))
    assert result.exit_code == code, result.output
    assert SECRET not in result.output and SECRET not in result.stderr
    assert "Traceback" not in result.output
    if code == 0:
        assert "auth: basic, user u, password ***" in result.output
        assert "PUT http://127.0.0.1:" in result.output
    if code == 1:
        assert "cannot reach the endpoint http://127.0.0.1:" in result.output
        with pytest.raises(EndpointError) as info:
            load(plan_load(publication, url))
        assert SECRET not in f"{info.value} {info.value.url}"


@pytest.mark.parametrize(
    ("userinfo", "options", "env", "sent"),
    [
        pytest.param("ward:pw1@", [], None, "ward:pw1", id="from-the-url"),
        pytest.param("ward:p%40ss%2F1@", [], None, "ward:p@ss/1", id="percent-decoded"),
        pytest.param("ward@", [], "pw-env", "ward:pw-env", id="user-in-url-password-in-env"),
        pytest.param("ward:pw1@", ["--user", "ops"], "pw-env", "ops:pw-env", id="user-wins"),
        pytest.param("", ["--user", "ops", "--password", "x"], None, "ops:x", id="options"),
        pytest.param("", [], "pw-env", None, id="no-user-no-auth"),
    ],
)
def test_credentials_from_the_url_options_and_environment(
    recorder: tuple[str, type[_Recorder]],
    publication: Path,
    monkeypatch: pytest.MonkeyPatch,
    userinfo: str,
    options: list[str],
    env: str | None,
    sent: str | None,
) -> None:
    url, handler = recorder
    if env is None:
        monkeypatch.delenv("SPARQL_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("SPARQL_PASSWORD", env)
    endpoint = url.replace("//", "//" + userinfo, 1)
    argv = ["load", "--data", str(publication), "--endpoint", endpoint, *options]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, result.output
    headers = handler.received[0][0]
    expected = None if sent is None else "Basic " + base64.b64encode(sent.encode()).decode()
    assert headers.get("authorization") == expected
    for secret in ("pw1", "p@ss", "pw-env"):
        assert secret not in result.output


def test_password_help_points_to_the_environment_variable() -> None:
    result = CliRunner().invoke(main, ["load", "--help"])
    text = " ".join(result.output.split())
    assert "env var: SPARQL_PASSWORD" in text and "Prefer the environment variable" in text
    assert "`ps`" in text


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        pytest.param(True, "closed the connection during the upload", id="reset-mid-upload"),
        pytest.param(None, "cannot reach the endpoint", id="nothing-listening"),
    ],
)
def test_a_dropped_upload_is_not_reported_as_unreachable(
    recorder: tuple[str, type[_Recorder]], publication: Path, drop: bool | None, message: str
) -> None:
    url, handler = recorder
    handler.drop = bool(drop)
    if drop is None:
        url = f"http://127.0.0.1:{_free_port()}/store"
    result = CliRunner().invoke(main, ["load", "--data", str(publication), "--endpoint", url])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    other = "cannot reach" if drop else "closed the connection"
    assert other not in result.output


def test_the_upload_has_a_content_length_and_the_whole_body(
    recorder: tuple[str, type[_Recorder]], publication: Path
) -> None:
    url, handler = recorder
    plan = plan_load(publication, url)
    assert load(plan) == 204
    (headers, body), *_ = handler.received
    assert "transfer-encoding" not in headers
    assert headers["content-length"] == str(plan.bytes) == str(len(body))
    assert headers["content-type"] == "application/n-triples"
    assert body.startswith((publication / "131202_budget.nt").read_bytes())
    assert len(Graph().parse(data=body, format="nt")) == budget_triples(publication)


def test_the_vocabulary_is_sent_after_the_budget_into_its_own_graph(
    recorder: tuple[str, type[_Recorder]], publication: Path
) -> None:
    url, handler = recorder
    plan = plan_load(publication, url)
    assert plan.vocabulary is not None
    assert plan.vocabulary.graph == VOCABULARY_GRAPH
    assert plan.vocabulary.url.endswith("graph=https%3A%2F%2Fw3id.org%2Fnerima-opendata%2Fvocab")
    assert [p.name for p in plan.vocabulary.files] == [
        "nerima-budget.ttl",
        "schemes.ttl",
        "dsd.ttl",
        "alignments.ttl",
        "shapes.ttl",
    ]
    assert all(
        p.parent.name == "vocab" and p.parent.parent == publication for p in plan.vocabulary.files
    )
    load(plan)
    assert len(handler.received) == 2
    (_, budget), (headers, vocabulary) = handler.received
    assert headers["content-length"] == str(plan.vocabulary.bytes) == str(len(vocabulary))
    assert len(Graph().parse(data=budget, format="nt")) == budget_triples(publication)
    sent = Graph().parse(data=vocabulary, format="nt")
    assert len(sent) == len(_vocabulary_graph(publication))


@pytest.mark.parametrize("grown", [True, False], ids=["grown", "shrunk"])
def test_a_publication_changed_after_the_plan_is_not_sent(
    recorder: tuple[str, type[_Recorder]], publication: Path, tmp_path: Path, grown: bool
) -> None:
    url, handler = recorder
    copy = tmp_path / "out"
    shutil.copytree(publication, copy)
    plan = plan_load(copy, url)
    budget = copy / "131202_budget.nt"
    data = budget.read_bytes()
    extra = b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n"
    budget.write_bytes(data + extra if grown else data[: -len(extra)])
    with pytest.raises(InputError, match="changed after it was read"):
        load(plan)
    assert handler.received == []


def _stderr_on_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, list[str]]:
    """Run the CLI with stderr on a pseudo-terminal; the exit code and the stderr lines."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "nerima_opendata", *argv],
            stdout=subprocess.DEVNULL,
            stderr=slave,
            env=env,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = process.wait(timeout=120)
    finally:
        os.close(master)
    return code, b"".join(chunks).decode().splitlines()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("with_data", [True, False], ids=["data", "shipped"])
def test_load_progress_counts_its_steps(
    recorder: tuple[str, type[_Recorder]], publication: Path, tmp_path: Path, with_data: bool
) -> None:
    url, _ = recorder
    data = ["--data", str(publication)] if with_data else []
    code, lines = _stderr_on_a_terminal(["load", *data, "--endpoint", url], _env(tmp_path))
    assert code == 0, lines
    steps = [line.split("]")[0] + "]" for line in lines if line.startswith("[")]
    expected = ["[1/2]", "[2/2]"] if with_data else ["[1/3]", "[2/3]", "[3/3]"]
    assert steps == expected, lines
    assert lines[-1].startswith(f"{expected[-1]} uploading")


# Checks 0 and 1 come before each of the two files, 2 before the first readiness poll.
@pytest.mark.parametrize("after", [0, 1, 2], ids=lambda n: f"after-{n}-checks")
def test_a_cancelled_start_stops_at_the_next_check_and_leaves_nothing(
    publication: Path, scratch: tuple[Path, list[str]], after: int
) -> None:
    """The CLI's Ctrl-C sets a flag that serve() polls between files and while waiting
    for the server; a flag cannot be lost the way a raised KeyboardInterrupt can."""
    directory, _ = scratch
    port = _free_port()
    calls = iter(range(100))
    with pytest.raises(KeyboardInterrupt):
        serve(publication, port, timeout=20, cancelled=lambda: next(calls) >= after)
    assert _ours(directory) == set()
    assert _refused(port)


BOOK_QUERIES = [q for q in QUERIES if "-book-" in q.stem]


@pytest.fixture(scope="module")
def book_graphs(
    endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[str, bytes]]:
    """Tama's and Abiko's budget books, imported, put into the real server, one named
    graph each: municipality code → (graph IRI, the N-Triples sent, as the streamed
    writers write them: ten times faster than rdflib's graph serializer, same graph)."""
    from nerima_opendata.writers.rdf import write_rdf

    from .real_books import ABIKO, TAMA, read

    graphs = {}
    for source in (TAMA, ABIKO):
        iri = f"urn:test:book:{source.code}"
        written = write_rdf(read(source), tmp_path_factory.mktemp(f"book-{source.code}"))
        body = next(p for p in written if p.suffix == ".nt").read_bytes()
        request = urllib.request.Request(
            f"{endpoint}/store?{urllib.parse.urlencode({'graph': iri})}",
            data=body,
            method="PUT",
            headers={"Content-Type": "application/n-triples"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            assert response.status in (200, 201, 204)
        graphs[source.code] = (iri, body)
    return graphs


@pytest.mark.services
@pytest.mark.parametrize("code", ["132241", "122220"], ids=["tama", "abiko"])
@pytest.mark.parametrize("path", BOOK_QUERIES, ids=[q.stem for q in BOOK_QUERIES])
def test_book_queries_answer_the_same_over_http(
    endpoint: str, book_graphs: dict[str, tuple[str, bytes]], code: str, path: Path
) -> None:
    """The line-item queries, whose answers tests/test_rdf_book.py checks against the raw
    files in an embedded store, give the same answers from the real SPARQL server."""
    from pyoxigraph import RdfFormat, Store

    text = path.read_text(encoding="utf-8")
    graph, triples = book_graphs[code]
    remote = _sparql(f"{endpoint}/query", text, graph)
    local = Store()
    local.load(triples, format=RdfFormat.N_TRIPLES)
    answer = run_query(local, text, fmt="json")
    assert answer.raw is not None
    rows = remote["results"]["bindings"]  # type: ignore[index]
    assert rows or (code == "132241" and "department" in path.stem)  # Tama names none
    assert remote["results"] == json.loads(answer.raw)["results"]
