"""The network side reports only what happened and never hangs (issue 14, point 6).

Real local servers, no mocks: an HTTP server that answers the Graph Store PUT with a
redirect, a listener that counts the connections made to where it pointed (none may
be), and raw sockets that accept and never answer or drip a byte now and then.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata import build_publication
from nerima_opendata.cli.main import main
from nerima_opendata.errors import EndpointError
from nerima_opendata.files.deadline import DeadlineExceeded, Timeouts, within
from nerima_opendata.publish._secret import Secret
from nerima_opendata.publish._transport import RetryPolicy, Transport
from nerima_opendata.publish.errors import CatalogConfigError, CatalogUnreachableError
from nerima_opendata.sparql.triplestore import load, plan_load

SHORT = Timeouts(connect=1.0, read=1.0, deadline=2.5)
#: For the tests that are not about time: a loaded machine (CI) may answer a second late
PATIENT = Timeouts(connect=10.0, read=10.0, deadline=30.0)


class Listener:
    """A TCP listener on 127.0.0.1 that counts connections; ``behaviour`` serves each."""

    def __init__(self, behaviour: Callable[[socket.socket], None]) -> None:
        self.hits = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._behaviour = behaviour
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self._sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.hits += 1
            threading.Thread(target=self._behaviour, args=(conn,), daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._sock.close()


def _silent(conn: socket.socket) -> None:
    """Accept, read what comes, never answer."""
    conn.settimeout(10)
    with conn:
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass


def _drip(conn: socket.socket) -> None:
    """Answer one byte of a status line every 0.3 s, for ever."""
    with conn:
        try:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Drip: " + b"a" * 40:
                conn.sendall(bytes([byte]))
                time.sleep(0.3)
        except OSError:
            pass


@pytest.fixture
def listener() -> Iterator[Callable[[Callable[[socket.socket], None]], Listener]]:
    made: list[Listener] = []

    def make(behaviour: Callable[[socket.socket], None]) -> Listener:
        made.append(Listener(behaviour))
        return made[-1]

    yield make
    for one in made:
        one.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("network") / "pub"
    build_publication(out)
    return out


def _redirecting(status: int, location: str) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(status)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PUT = do_POST = do_GET = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("same_origin", [True, False], ids=["same-origin", "elsewhere"])
def test_load_redirect_is_an_error_and_never_followed(
    built: Path, listener: Callable[..., Listener], status: int, same_origin: bool
) -> None:
    target = listener(_silent)
    location = f"{target.url}/store?graph=x" if not same_origin else "/other/store"
    server = _redirecting(status, location.replace("//", "//user:pw@", 1))
    try:
        endpoint = f"http://127.0.0.1:{server.server_address[1]}/store"
        plan = plan_load(built, endpoint)
        with pytest.raises(EndpointError) as caught:
            load(plan, timeouts=PATIENT)
    finally:
        server.shutdown()
        server.server_close()
    message = str(caught.value)
    assert caught.value.status == status
    assert f"HTTP {status}" in message and "redirect" in message and "nothing was loaded" in message
    assert location.split("?")[0].split("//")[-1].split("/")[-1] in message  # names Location
    assert "pw" not in message  # user-info in the Location hidden
    assert target.hits == 0  # nothing fetched from where it pointed


@pytest.mark.parametrize(
    ("behaviour", "limit"),
    [
        pytest.param(_silent, "nothing received for 1 s", id="silent"),
        pytest.param(_drip, "within 2.5 s", id="drip"),
    ],
)
def test_load_ends_within_the_deadline(
    built: Path, listener: Callable[..., Listener], behaviour: Callable[..., None], limit: str
) -> None:
    server = listener(behaviour)
    plan = plan_load(built, f"{server.url}/store")
    start = time.monotonic()
    with pytest.raises(EndpointError, match="did not answer in time") as caught:
        load(plan, timeouts=SHORT)
    assert time.monotonic() - start < SHORT.deadline + 2
    assert limit in str(caught.value)


@pytest.mark.parametrize("behaviour", [_silent, _drip], ids=["silent", "drip"])
def test_catalog_call_ends_within_the_deadline(
    listener: Callable[..., Listener], behaviour: Callable[..., None]
) -> None:
    server = listener(behaviour)
    transport = Transport(
        server.url, Secret("k" * 20), retry=RetryPolicy(attempts=1), timeouts=SHORT
    )
    start = time.monotonic()
    with pytest.raises(CatalogUnreachableError):
        transport.call("status_show", {})
    assert time.monotonic() - start < SHORT.deadline + 2
    assert server.hits == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://admin:s3cretpw@127.0.0.1:{port}",
        "http://admin:s3cretpw@127.0.0.1:{port}/",
        "https://s3cretpw@127.0.0.1:{port}",
        "https://admin:s3c/retpw@127.0.0.1:{port}",
    ],
)
def test_credentials_in_catalog_url_are_refused_and_never_shown(
    built: Path, listener: Callable[..., Listener], url: str
) -> None:
    server = listener(_silent)
    full = url.format(port=server.port)
    with pytest.raises(CatalogConfigError) as caught:
        Transport(full, Secret("k" * 20))
    assert "s3c" not in str(caught.value) and "retpw" not in str(caught.value)
    for dry in ([], ["--dry-run"]):
        result = CliRunner().invoke(
            main, ["publish", str(built), "--ckan-url", full, "--api-key", "k" * 20, *dry]
        )
        assert result.exit_code != 0
        assert "s3c" not in result.output and "retpw" not in result.output
        assert "credentials" in result.output
    assert server.hits == 0  # nothing sent


@pytest.mark.parametrize(
    ("call", "outcome"),
    [
        pytest.param(lambda: 42, 42, id="returns"),
        pytest.param(lambda: time.sleep(5), DeadlineExceeded, id="too-slow"),
        pytest.param(lambda: 1 / 0, ZeroDivisionError, id="raises"),
    ],
)
def test_within(call: Callable[[], object], outcome: object) -> None:
    if isinstance(outcome, type):
        start = time.monotonic()
        with pytest.raises(outcome):
            within(0.5, call)
        assert time.monotonic() - start < 2
    else:
        assert within(0.5, call) == outcome
