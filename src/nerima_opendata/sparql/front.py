"""The door of ``serve``: refuses ``SERVICE`` unless asked, passes the rest to Oxigraph.

Oxigraph's server evaluates ``SERVICE`` by fetching from the endpoint it names, and has
no switch to turn that off. So ``serve`` starts it on a private port of 127.0.0.1 and
puts this filter on the port the user asked for: each SPARQL request (``GET ?query=``,
``POST`` form or ``application/sparql-query``) is read, a query that calls another
endpoint is answered ``403 Forbidden`` with the reason, unless ``allow_service``, and
everything else is forwarded unchanged (method, path, body, ``Accept``,
``Content-Type``). The answer is copied back as it arrives, in 64 KiB pieces: results
are streamed, never held whole.
"""

from __future__ import annotations

import http.client
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from nerima_opendata.sparql.query import calls_service

__all__ = ["MAX_REQUEST_BYTES", "Front"]

#: The largest request body the door reads (a SPARQL query, not an upload): 4 MiB.
MAX_REQUEST_BYTES = 4 * 1024 * 1024

_FORWARDED = ("Accept", "Content-Type", "Accept-Encoding")
_PIECE = 64 * 1024


class _Door(BaseHTTPRequestHandler):
    """One request: read, refuse or forward, copy the answer back as it comes."""

    server: _DoorServer

    def do_GET(self) -> None:
        self._handle(b"")

    def do_POST(self) -> None:
        declared = self.headers.get("Content-Length") or "0"
        length = int(declared) if declared.isdigit() else -1
        if length < 0:
            self._say(400, "a request body needs a Content-Length (a number of bytes)")
            return
        if length > MAX_REQUEST_BYTES:
            self._say(413, f"a request body of at most {MAX_REQUEST_BYTES:,} bytes")
            return
        self._handle(self.rfile.read(length))

    def _handle(self, body: bytes) -> None:
        if not self.server.allow_service and (called := calls_service(self._query(body))):
            self._say(
                403,
                f"the query calls another endpoint (SERVICE {called}); this endpoint never "
                "fetches anything unless started with --allow-service",
            )
            return
        self._forward(body)

    def _query(self, body: bytes) -> str:
        """Every query text the request carries (URL and body), joined."""
        texts = parse_qs(urlsplit(self.path).query).get("query", [])
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            texts.append(body.decode("utf-8", errors="replace"))
        elif kind == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode("utf-8", errors="replace"))
            texts += form.get("query", [])
        return "\n".join(texts)

    def _forward(self, body: bytes) -> None:
        backend = http.client.HTTPConnection(
            "127.0.0.1", self.server.backend_port, timeout=self.server.timeout_s
        )
        try:
            headers = {k: v for k in _FORWARDED if (v := self.headers.get(k)) is not None}
            backend.request(self.command, self.path, body=body or None, headers=headers)
            answer = backend.getresponse()
            self.send_response(answer.status)
            for name in ("Content-Type", "Content-Encoding"):
                if value := answer.getheader(name):
                    self.send_header(name, value)
            self.end_headers()
            shutil.copyfileobj(answer, self.wfile, _PIECE)
        except OSError:  # the client or the backend went away: nothing more to say
            self.close_connection = True
        finally:
            backend.close()

    def _say(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        del format, args  # the server is quiet; ``serve`` prints what matters


class _DoorServer(ThreadingHTTPServer):
    daemon_threads = True
    backend_port: int
    allow_service: bool
    timeout_s: float


class Front:
    """The door on ``127.0.0.1:port`` in front of Oxigraph on ``backend_port``.

    Args:
        port: The port the user asked for.
        backend_port: Oxigraph's private port.
        allow_service: Pass queries that call ``SERVICE`` on.
        timeout_s: How long to wait for Oxigraph's answer to start (and between pieces).

    Raises:
        OSError: The port cannot be bound.
    """

    def __init__(
        self, port: int, backend_port: int, *, allow_service: bool, timeout_s: float
    ) -> None:
        self._server = _DoorServer(("127.0.0.1", port), _Door)
        self._server.backend_port = backend_port
        self._server.allow_service = allow_service
        self._server.timeout_s = timeout_s
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop answering and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
