"""Getting a publication into triple stores: load over the Graph Store Protocol, or serve.

* :func:`load` PUTs the publication into any SPARQL 1.1 Graph Store Protocol endpoint
  (https://www.w3.org/TR/sparql11-http-rdf-update/) as one named graph per budget.
  PUT replaces the graph, so loading twice leaves the same triples. The body is
  N-Triples, streamed from the files in chunks rather than built in memory.
* :func:`serve` starts Oxigraph's read-only SPARQL server (the ``oxigraph`` package
  from PyPI) on 127.0.0.1 over a store made from the publication.
"""

from __future__ import annotations

import ctypes
import http.client
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests
from rdflib import RDF, Graph

from nerima_opendata.errors import EndpointError, InputError
from nerima_opendata.vocab import NB

__all__ = [
    "LoadPlan",
    "Server",
    "graph_iri",
    "load",
    "plan_load",
    "publication_files",
    "serve",
]

_CHUNK = 1 << 16
_TIMEOUT = 60


def publication_files(directory: Path) -> list[Path]:
    """The RDF files of a publication: the budget (N-Triples) and its DCAT description.

    Raises:
        InputError: The directory holds no ``*_budget.nt`` (not a built publication).
    """
    budget = sorted(directory.glob("*_budget.nt"))
    if not budget:
        raise InputError(
            "no *_budget.nt: not a built publication",
            path=directory,
            expected="a directory written by `nerima-opendata build`",
        )
    return [*budget, *sorted(directory.glob("*_budget_dcat.ttl"))]


def graph_iri(directory: Path) -> str:
    """The named graph of a publication: the IRI of its ``nb:Budget`` (publisher,
    fiscal year and phase are in it, e.g. ``…/131202/2024/proposed``).

    Raises:
        InputError: The N-Triples file declares no ``nb:Budget``.
    """
    budget_nt = publication_files(directory)[0]
    marker = f"<{RDF.type}> <{NB.Budget}> ."
    with budget_nt.open(encoding="utf-8") as handle:
        for line in handle:
            if line.rstrip().endswith(marker):
                return line.split(" ", 1)[0].strip("<>")
    raise InputError("no nb:Budget in the N-Triples file", path=budget_nt)


@dataclass(frozen=True)
class LoadPlan:
    """What :func:`load` will send."""

    url: str
    graph: str
    files: tuple[Path, ...]
    bytes: int


def _store_url(endpoint: str, graph: str) -> str:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            "not an HTTP(S) endpoint URL",
            found=endpoint,
            expected="e.g. http://127.0.0.1:7878/store",
        )
    separator = "&" if parts.query else "?"
    return f"{endpoint}{separator}graph={quote(graph, safe='')}"


def _dcat_as_ntriples(path: Path) -> bytes:
    data = Graph().parse(path, format="turtle").serialize(format="nt", encoding="utf-8")
    return b"".join(sorted(line + b"\n" for line in data.splitlines() if line.strip()))


def plan_load(directory: Path, endpoint: str, graph: str | None = None) -> LoadPlan:
    """Work out the request without sending anything (``--dry-run``).

    Raises:
        InputError: Not a publication, or not an HTTP endpoint.
    """
    files = publication_files(directory)
    name = graph or graph_iri(directory)
    size = sum(f.stat().st_size for f in files if f.suffix == ".nt")
    size += sum(len(_dcat_as_ntriples(f)) for f in files if f.suffix == ".ttl")
    return LoadPlan(_store_url(endpoint, name), name, tuple(files), size)


def _body(files: tuple[Path, ...]) -> Iterator[bytes]:
    for path in files:
        if path.suffix == ".nt":
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    yield chunk
        else:
            yield _dcat_as_ntriples(path)


def _explain(status: int, url: str, body: str) -> str:
    if status in (401, 403):
        return f"the endpoint refused the credentials (HTTP {status}); check --user/--password"
    if status == 404:
        return (
            f"no Graph Store Protocol endpoint at {url} (HTTP 404); "
            "for Oxigraph use http://HOST:PORT/store"
        )
    if status >= 500:
        return f"the endpoint failed (HTTP {status}): {body[:200].strip()}"
    return f"the endpoint answered HTTP {status}: {body[:200].strip()}"


def load(
    plan: LoadPlan,
    *,
    user: str | None = None,
    password: str | None = None,
) -> int:
    """PUT the publication into the endpoint as one named graph (replacing it).

    Args:
        plan: From :func:`plan_load`.
        user: HTTP basic-auth user, if the endpoint needs one.
        password: Its password (never printed).

    Returns:
        The HTTP status code (200, 201 or 204).

    Raises:
        EndpointError: The endpoint cannot be reached or refuses the request.
    """
    auth = (user, password or "") if user else None
    try:
        response = requests.put(
            plan.url,
            data=_body(plan.files),
            auth=auth,
            timeout=_TIMEOUT,
            headers={"Content-Type": "application/n-triples"},
        )
    except requests.ConnectionError as exc:
        raise EndpointError(
            f"cannot reach the endpoint {plan.url.split('?')[0]}: is the server running?",
            url=plan.url,
        ) from exc
    except requests.Timeout as exc:
        raise EndpointError("the endpoint did not answer in time", url=plan.url) from exc
    if response.status_code not in (200, 201, 204):
        raise EndpointError(
            _explain(response.status_code, plan.url.split("?")[0], response.text),
            url=plan.url,
            status=response.status_code,
        )
    return response.status_code


def oxigraph_executable() -> str:
    """The ``oxigraph`` server binary installed with this package.

    Raises:
        InputError: It is not installed.
    """
    local = Path(sys.executable).with_name("oxigraph")
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if found is None:
        raise InputError("the oxigraph server is not installed", expected="pip install oxigraph")
    return found


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, get SIGTERM when the parent dies.

    So a ``serve`` killed with SIGKILL does not leave an orphan server behind.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not glibc/Linux: best effort only
        pass


_PR_SET_PDEATHSIG = 1


def _answers(port: int) -> bool:
    """Whether an HTTP server on 127.0.0.1:port answers a SPARQL ASK with 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/query?query=ASK%7B%7D")
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False
    finally:
        connection.close()


@dataclass
class Server:
    """A running read-only SPARQL server; stop it with :meth:`stop`."""

    process: subprocess.Popen[bytes]
    url: str
    location: Path

    def stop(self) -> None:
        """Stop the server and remove its store."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.location, ignore_errors=True)
        self.location.with_name(self.location.name + ".log").unlink(missing_ok=True)


def serve(directory: Path, port: int = 7878, *, timeout: float = 30.0) -> Server:
    """Start a read-only SPARQL endpoint on 127.0.0.1 for a publication.

    Args:
        directory: A built publication.
        port: The TCP port on 127.0.0.1.
        timeout: Seconds to wait for the server to answer.

    Returns:
        The running server; its SPARQL query URL is ``server.url``.

    Raises:
        InputError: Not a publication, or the oxigraph binary is missing.
        EndpointError: The server did not start (e.g. the port is taken).
    """
    exe = oxigraph_executable()
    location = Path(tempfile.mkdtemp(prefix="nerima-sparql-"))
    for path in publication_files(directory):
        subprocess.run(
            [exe, "load", "--location", str(location), "--file", str(path)],
            check=True,
            capture_output=True,
        )
    log = location.with_name(location.name + ".log")
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=sink,
            # The death signal follows the creating *thread*: only tie it to the
            # main thread, whose end is the end of the process.
            preexec_fn=_die_with_parent
            if sys.platform == "linux" and threading.current_thread() is threading.main_thread()
            else None,
        )
    server = Server(process, f"http://127.0.0.1:{port}/query", location)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                error = log.read_text(encoding="utf-8", errors="replace")
                raise EndpointError(
                    f"the SPARQL server did not start: {error.strip()[:300]}", url=server.url
                )
            if _answers(port):
                return server
            time.sleep(0.1)
    except BaseException:  # Ctrl-C while starting included: never leave a server behind
        server.stop()
        raise
    server.stop()
    raise EndpointError("the SPARQL server did not answer in time", url=server.url)
