"""Issue #14, point 6 for ``serve`` and ``query``: no fetch unless asked, answers streamed,
a port in use said plainly, a query timeout, and no store left behind by a killed ``serve``.

``query`` runs in pyoxigraph and ``serve`` in Oxigraph's server, both of which would call
a ``SERVICE`` endpoint: a local listener counts the requests it gets, and the count must
stay 0 unless --allow-service.
"""

from __future__ import annotations

import contextlib
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
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata import build_publication
from nerima_opendata.cli.main import main
from nerima_opendata.errors import EndpointError, InputError, MissingDependencyError
from nerima_opendata.files.scratch import lock_directory
from nerima_opendata.sparql.query import (
    calls_service,
    load_publication,
    run_query,
    write_results,
)
from nerima_opendata.sparql.server import oxigraph_executable, serve
from nerima_opendata.sparql.stores import PREFIX, sweep


class _Counter(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(404)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture
def listener() -> Iterator[tuple[str, type[_Counter]]]:
    handler = type("Counter", (_Counter,), {"hits": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "out"
    build_publication(out)
    return out


@pytest.mark.parametrize(
    ("query", "called"),
    [
        ("SELECT * WHERE { SERVICE <http://x.example/s> { ?s ?p ?o } }", "<http://x.example/s>"),
        ("select * where { service silent <http://e/> { ?s ?p ?o } }", "<http://e/>"),
        ("PREFIX e: <http://e/> SELECT * { SERVICE e:x { ?s ?p ?o } }", "e:x"),
        ('SELECT * WHERE { ?s ?p "SERVICE <http://x/>" }', None),
        ("# SERVICE <http://x/>\nSELECT * { ?s ?p ?o }", None),
        ("SELECT * { ?s <http://x.example/SERVICE> ?o }", None),
    ],
)
def test_a_service_call_is_found_and_nothing_else(query: str, called: str | None) -> None:
    assert calls_service(query) == called


@pytest.mark.parametrize("allow", [False, True])
def test_query_fetches_nothing_unless_asked(
    publication: Path, listener: tuple[str, type[_Counter]], allow: bool
) -> None:
    url, counter = listener
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    args = ["query", "--data", str(publication), query, *(["--allow-service"] if allow else [])]
    result = CliRunner().invoke(main, args)
    if allow:
        assert counter.hits >= 1  # asked for: the call was made (and failed with 404)
    else:
        assert result.exit_code == 2, result.output
        assert "SERVICE" in result.output and "--allow-service" in result.output
        assert counter.hits == 0


def _oxigraph() -> str:
    try:
        return oxigraph_executable()
    except (InputError, MissingDependencyError) as exc:  # pragma: no cover - no sparql extra
        pytest.skip(str(exc))


def test_a_port_in_use_is_said_before_anything_is_loaded(publication: Path, tmp_path: Path) -> None:
    _oxigraph()
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob(f"{PREFIX}{os.getpid()}-*"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(EndpointError, match=f"port {port} on 127.0.0.1 is in use"):
            serve(publication, port)
        result = CliRunner().invoke(
            main, ["serve", "--data", str(publication), "--port", str(port)]
        )
    assert result.exit_code != 0
    assert "in use" in result.output and "SPARQL endpoint (read-only)" not in result.output
    after = set(Path(os.environ.get("TMPDIR", "/tmp")).glob(f"{PREFIX}{os.getpid()}-*"))
    assert after == before  # no store made


def test_the_query_timeout_reaches_oxigraph(publication: Path) -> None:
    _oxigraph()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = serve(publication, port, query_timeout=7)
    try:
        assert server.process.args[-2:] == ["--timeout-s", "7"]  # type: ignore[index]
        with pytest.raises(BlockingIOError):  # its store is locked: no other serve sweeps it
            lock_directory(server.location)
    finally:
        server.stop()
    assert not server.location.exists()


_SERVE_IN_A_THREAD = """
import sys, threading, time
from nerima_opendata.sparql.server import serve
box = {}
thread = threading.Thread(target=lambda: box.update(s=serve(sys.argv[1], int(sys.argv[2]))))
thread.start()
thread.join()
print(box["s"].location, box["s"].process.pid, flush=True)
time.sleep(600)
"""


def test_a_server_that_outlives_its_serve_keeps_its_store(
    publication: Path, tmp_path: Path
) -> None:
    """Started from a thread (no parent-death signal), Oxigraph outlives a ``serve``
    killed with SIGKILL: it holds the store's lock, so no sweep removes the store under
    it; once it ends, the next sweep does."""
    _oxigraph()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    script = [sys.executable, "-c", _SERVE_IN_A_THREAD, str(publication), str(port)]
    with subprocess.Popen(script, stdout=subprocess.PIPE, text=True, env=env) as python:
        try:
            assert python.stdout is not None
            location, pid = python.stdout.readline().rsplit(maxsplit=1)
        finally:
            python.kill()
    store, server = Path(location), int(pid)
    try:
        assert store.parent == tmp_path
        os.kill(server, 0)  # the server runs on without its serve
        assert sweep(tmp_path) == [] and store.is_dir()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(server, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while store.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
        sweep(tmp_path)
    assert not store.exists() and not list(tmp_path.glob(f"{PREFIX}*"))


def test_a_killed_serve_leaves_no_store_after_the_next_start(tmp_path: Path) -> None:
    """A store named for a process that no longer runs is removed; one of a running
    process (this one) and anything not named by the scheme are kept."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    gone = int(dead.stdout)
    stale = tmp_path / f"{PREFIX}{gone}-abc123"
    (stale / "db").mkdir(parents=True)
    (tmp_path / f"{PREFIX}{gone}-abc123.log").write_text("log", encoding="utf-8")
    alive = tmp_path / f"{PREFIX}{os.getpid()}-def456"
    alive.mkdir()
    other = tmp_path / f"{PREFIX}notapid"
    other.mkdir()
    removed = sweep(tmp_path)
    assert sorted(p.name for p in removed) == [stale.name, f"{stale.name}.log"]
    assert not stale.exists() and alive.exists() and other.exists()


class _Recorder:
    """A binary sink that keeps the size of every write."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.writes.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_results_are_streamed_in_pieces(publication: Path, fmt: str) -> None:
    store = load_publication(publication)
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    sink = _Recorder()
    write_results(store, query, sink, fmt=fmt)  # type: ignore[arg-type]
    assert len(sink.writes) > 10  # thousands of triples: many writes, none whole
    assert max(map(len, sink.writes)) <= 8192
    assert b"".join(sink.writes) == run_query(store, query, fmt=fmt).raw


@pytest.mark.parametrize(
    ("query", "fmt", "error"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "csv", "SERVICE"),
        ("SELECT * { ?s ?p }", "json", "syntax error"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "tsv", "CONSTRUCT"),
        ("SELECT * { ?s ?p ?o }", "table", "not a W3C result format"),
    ],
)
def test_streamed_query_refusals_write_nothing(
    publication: Path, query: str, fmt: str, error: str
) -> None:
    sink = _Recorder()
    with pytest.raises((InputError, ValueError), match=error):
        write_results(load_publication(publication), query, sink, fmt=fmt)  # type: ignore[arg-type]
    assert sink.writes == []


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ask(url: str, query: str, method: str) -> tuple[int, bytes]:
    """Send a query to the endpoint by GET, form POST or direct POST."""
    encoded = urllib.parse.urlencode({"query": query})
    if method == "GET":
        request = urllib.request.Request(f"{url}?{encoded}", headers={"Accept": "text/csv"})
    elif method == "form":
        request = urllib.request.Request(
            url,
            data=encoded.encode(),
            headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        request = urllib.request.Request(
            url,
            data=query.encode(),
            headers={"Accept": "text/csv", "Content-Type": "application/sparql-query"},
        )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.parametrize("method", ["GET", "form", "direct"])
@pytest.mark.parametrize("allow", [False, True])
def test_serve_fetches_nothing_unless_asked(
    publication: Path, listener: tuple[str, type[_Counter]], method: str, allow: bool
) -> None:
    _oxigraph()
    url, counter = listener
    server = serve(publication, _port(), allow_service=allow)
    try:
        status, body = _ask(server.url, f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", method)
        if allow:
            assert counter.hits >= 1  # asked for: the call was made (and got a 404)
        else:
            assert status == 403, body
            assert b"SERVICE" in body and b"--allow-service" in body
            assert counter.hits == 0
        # Any other query passes the door unchanged, and answers as the engine does.
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        status, body = _ask(server.url, query, method)
        expected = run_query(load_publication(publication), query, fmt="csv").raw
        assert (status, body) == (200, expected)
    finally:
        server.stop()
    assert not server.location.exists()


def test_serve_streams_a_large_answer(publication: Path) -> None:
    _oxigraph()
    server = serve(publication, _port())
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    try:
        status, body = _ask(server.url, query, "GET")
    finally:
        server.stop()
    assert status == 200
    assert body == run_query(load_publication(publication), query, fmt="csv").raw


@pytest.mark.parametrize(
    ("length", "status"),
    [("abc", 400), ("-5", 400), (str(5 * 1024 * 1024), 413)],
    ids=["not-a-number", "negative", "too-large"],
)
def test_the_door_refuses_a_bad_body_length(publication: Path, length: str, status: int) -> None:
    _oxigraph()
    server = serve(publication, _port())
    try:
        host, port = server.url.split("//")[1].split("/")[0].split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(
                b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                + f"Content-Length: {length}\r\n\r\n".encode()
            )
            answer = connection.recv(200)
    finally:
        server.stop()
    assert answer.startswith(f"HTTP/1.0 {status}".encode()), answer
