"""Retries and error messages, against a tiny local HTTP server that is not CKAN.

These cover what a real CKAN will not do on demand: answer 503, go away, or be some
other web site. The real-CKAN tests are in test_ckan.py.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata.cli.main import main
from nerima_opendata.publish import (
    CatalogAuthError,
    CatalogUnreachableError,
    PublishError,
    RetryPolicy,
)
from nerima_opendata.publish._transport import Secret, Transport

KEY = "secret-key-that-must-never-be-printed"


class _Script:
    """The answers the fake server gives, in order (the last one repeats)."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, str]] = [(200, '{"success": true, "result": {}}')]
        self.requests = 0


@pytest.fixture
def fake() -> Iterator[tuple[str, _Script]]:
    script = _Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body = script.answers[min(script.requests, len(script.answers) - 1)]
            script.requests += 1
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", script
    server.shutdown()
    server.server_close()
    thread.join()


_OPEN: list[Transport] = []


@pytest.fixture(autouse=True)
def _close_transports() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _transport(url: str, waits: list[float], attempts: int = 4) -> Transport:
    transport = Transport(
        url, Secret(KEY), retry=RetryPolicy(attempts=attempts), sleep=waits.append
    )
    _OPEN.append(transport)
    return transport


def test_5xx_is_retried_with_backoff(fake: tuple[str, _Script]) -> None:
    url, script = fake
    script.answers = [(503, "busy"), (502, "bad gateway"), (200, '{"success": true, "result": 7}')]
    waits: list[float] = []
    assert _transport(url, waits).call("status_show", {}) == 7
    assert (waits, script.requests) == ([0.5, 1.0], 3)


def test_persistent_5xx_gives_up_with_a_clear_message(fake: tuple[str, _Script]) -> None:
    url, script = fake
    script.answers = [(500, "<html>Internal Server Error</html>")]
    waits: list[float] = []
    with pytest.raises(PublishError, match=r"failed status_show with HTTP 500 \(4 attempt"):
        _transport(url, waits).call("status_show", {})
    assert waits == [0.5, 1.0, 2.0]


def test_unreachable_catalog() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    waits: list[float] = []
    with pytest.raises(CatalogUnreachableError, match="cannot be reached") as caught:
        _transport(f"http://127.0.0.1:{port}", waits, attempts=2).call("status_show", {})
    assert waits == [0.5]
    assert KEY not in str(caught.value)


@pytest.mark.parametrize(
    ("status", "body", "error", "text"),
    [
        pytest.param(404, "<html>no</html>", CatalogUnreachableError, "CKAN action API", id="404"),
        pytest.param(401, "<html>login</html>", CatalogAuthError, "HTTP 401", id="401-html"),
        pytest.param(
            403,
            json.dumps({"success": False, "error": {"__type": "Authorization Error"}}),
            CatalogAuthError,
            "API key",
            id="403-json",
        ),
    ],
)
def test_errors_are_translated(
    fake: tuple[str, _Script], status: int, body: str, error: type[Exception], text: str
) -> None:
    url, script = fake
    script.answers = [(status, body + KEY)]
    with pytest.raises(error, match=text) as caught:
        _transport(url, []).call("package_create", {}, write=True)
    assert KEY not in str(caught.value)
    assert script.requests == 1  # not retried


def test_the_transport_repr_hides_the_key(fake: tuple[str, _Script]) -> None:
    assert KEY not in repr(_transport(fake[0], []))


@pytest.mark.parametrize(
    ("args", "text"),
    [
        pytest.param(["{out}"], "no catalog URL", id="no-url"),
        pytest.param(["{tmp}", "--ckan-url", "http://x"], "not a publication", id="not-built"),
        pytest.param(["{out}", "--ckan-url", "http://x", "--dataset", "A B"], "dataset", id="name"),
        pytest.param(["{out}", "--ckan-url", "http://x"], "no API key", id="no-key"),
    ],
)
def test_usage_errors_exit_2(publication: Path, tmp_path: Path, args: list[str], text: str) -> None:
    argv = [a.format(out=publication, tmp=tmp_path) for a in args]
    result = CliRunner().invoke(
        main, ["publish", *argv], env={"CKAN_URL": None, "CKAN_API_KEY": None}
    )
    assert result.exit_code == 2, result.output
    assert text in result.output
    assert "Traceback" not in result.output
