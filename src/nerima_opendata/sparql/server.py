"""A read-only SPARQL endpoint for a publication, on 127.0.0.1 (Oxigraph's server).

:func:`serve` starts Oxigraph's read-only SPARQL server (the ``oxigraph`` package from
PyPI) over a store made from the publication: the budget and its DCAT description in the
default graph, the copies of the vocabulary in their own named graph
(:data:`~nerima_opendata.publication.vocabulary.VOCABULARY_GRAPH`). Oxigraph listens on
a private port, behind the door of :mod:`~nerima_opendata.sparql.front` on the port
asked for (which refuses ``SERVICE`` unless asked, and streams the answers); the
temporary store is removed when the
server stops or fails to start, whatever the cause. On Linux the server also dies with
the Python process that started it, even one killed with SIGKILL.
"""

from __future__ import annotations

import ctypes
import http.client
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nerima_opendata.errors import EndpointError, InputError, MissingDependencyError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.scratch import Scratch
from nerima_opendata.sparql.front import Front
from nerima_opendata.sparql.stores import new_store
from nerima_opendata.sparql.triplestore import VOCABULARY_GRAPH, publication_files, vocabulary_files

__all__ = ["Server", "oxigraph_executable", "serve"]


def oxigraph_executable() -> str:
    """The ``oxigraph`` server binary, installed with the ``sparql`` extra.

    Raises:
        MissingDependencyError: It is not installed.
    """
    local = Path(sys.executable).with_name("oxigraph")
    found = str(local) if local.exists() else shutil.which("oxigraph")
    if found is None:
        raise MissingDependencyError("sparql", "serve", reason="no oxigraph program")
    return found


def _reset_signals() -> None:
    """In the child, before exec: SIGTERM and SIGINT back to their defaults.

    An ignored signal stays ignored across exec: a server started while the parent
    ignores SIGTERM (as ``serve`` does during its clean-up) could not be stopped by
    :meth:`Server.stop` short of SIGKILL.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, get SIGTERM when the parent dies.

    So a ``serve`` killed with SIGKILL does not leave an orphan server behind.
    """
    _reset_signals()
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
    front: Front | None = None
    store: Scratch | None = None

    def stop(self) -> None:
        """Stop the server (and its door) and remove its store."""
        if self.front is not None:
            self.front.stop()
            self.front = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        _discard(self.location, self.store)


def _load_file(exe: str, location: Path, path: Path, graph: str | None = None) -> None:
    """Load one RDF file into the Oxigraph store at ``location`` (into the default graph,
    or the named ``graph``).

    Raises:
        InputError: Oxigraph cannot load it (e.g. a truncated file); the message
            names the file and gives Oxigraph's own words.
    """
    try:
        subprocess.run(
            [exe, "load", "--location", str(location), "--file", str(path)]
            + ([] if graph is None else ["--graph", graph]),
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError as exc:
        raise InputError(
            f"Oxigraph cannot load this file (exit code {exc.returncode}): "
            f"{_oxigraph_error(exc.stderr, path)}",
            path=path,
        ) from None


def _oxigraph_error(stderr: bytes | None, path: Path) -> str:
    """The lines of Oxigraph's stderr that say what went wrong, without the backtrace."""
    text = (stderr or b"").decode("utf-8", errors="replace").split("Stack backtrace:")[0]
    lines = [line.strip() for line in text.splitlines() if "error" in line.lower()]
    specific = [line for line in lines if not line.startswith("Error: One or more files")]
    lines = specific or lines
    said = "; ".join(lines) if lines else " ".join(text.split())
    said = said.replace(f"Error while loading file {path}: ", "")
    return (said if len(said) <= 400 else said[:397] + "...") or "no message"


def _discard(location: Path, store: Scratch | None = None) -> None:
    """Remove a store (and free its lock, if it holds one), then its log."""
    if store is not None:
        store.cleanup()
    else:
        shutil.rmtree(location, ignore_errors=True)
    _log(location).unlink(missing_ok=True)


def serve(
    directory: StrPath,
    port: int = 7878,
    *,
    timeout: float = 30.0,
    query_timeout: float = 60.0,
    allow_service: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> Server:
    """Start a read-only SPARQL endpoint on 127.0.0.1 for a publication.

    The store is made in a temporary directory (``nerima-sparql-{pid}-*``), removed by
    :meth:`Server.stop`, or here if anything fails or interrupts the start
    (including Ctrl-C while the files load); the stores of ``serve`` processes that no
    longer run (killed) are removed first (:mod:`~nerima_opendata.sparql.stores`). A port
    already in use is reported before anything is loaded.

    Args:
        directory: A built publication.
        port: The TCP port on 127.0.0.1.
        timeout: Seconds to wait for the server to answer.
        query_timeout: Seconds a query may run (Oxigraph's ``--timeout-s``).
        allow_service: Let queries call other endpoints with ``SERVICE`` (refused with
            HTTP 403 otherwise: the endpoint fetches nothing unless asked).
        cancelled: Asked between steps of the start; when it answers true, the start is
            abandoned (nothing is left behind) with ``KeyboardInterrupt``. A signal
            handler that sets a flag, polled here, never loses a Ctrl-C, whereas an
            exception raised by the handler can be swallowed (e.g. inside a fork hook).

    Returns:
        The running server; its SPARQL query URL is ``server.url``.

    Raises:
        KeyboardInterrupt: ``cancelled()`` became true, or Ctrl-C, while starting.
        InputError: Not a publication, or a file Oxigraph cannot load.
        MissingDependencyError: The oxigraph binary is missing (the ``sparql`` extra).
        EndpointError: The port is in use, or the server did not start.
    """
    directory = Path(directory)
    exe = oxigraph_executable()
    files = _graphs(directory)
    bind = f"127.0.0.1:{port}"
    _check_port(port, f"http://{bind}/query")
    store = new_store()  # the stores left by others swept first
    location = Path(store.name)
    server = None
    try:  # Ctrl-C or any failure from here on: never leave a server or a store behind
        _fill(exe, location, files, cancelled)
        private = _free_port()
        with _log(location).open("wb") as sink:
            process = _launch(exe, store, f"127.0.0.1:{private}", sink, query_timeout)
            server = Server(process, f"http://{bind}/query", location, store=store)
        _wait_until_ready(server, private, timeout, cancelled)
        server.front = _open_door(port, private, allow_service, query_timeout, server.url)
        return server
    except BaseException:
        if server is not None:
            server.stop()
        _discard(location, store)
        raise


def _graphs(directory: Path) -> list[tuple[Path, str | None]]:
    """The publication's files, each with its graph: the budget's and DCAT in the default
    graph, the vocabulary's copies in theirs."""
    files: list[tuple[Path, str | None]] = [(f, None) for f in publication_files(directory)]
    return files + [(f, VOCABULARY_GRAPH) for f in vocabulary_files(directory)]


def _fill(
    exe: str,
    location: Path,
    files: Sequence[tuple[Path, str | None]],
    cancelled: Callable[[], bool],
) -> None:
    """Load each file into its graph (``None``: the default graph), asking
    ``cancelled()`` before each."""
    for path, graph in files:
        if cancelled():
            raise KeyboardInterrupt
        _load_file(exe, location, path, graph)


def _log(location: Path) -> Path:
    """The server's log (its stderr), beside its store."""
    return location.with_name(location.name + ".log")


def _check_port(port: int, url: str) -> None:
    """Raise when something already listens on 127.0.0.1:port (or it cannot be bound)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise EndpointError(
                f"port {port} on 127.0.0.1 is in use ({exc.strerror}); choose another with --port",
                url=url,
            ) from None


def _free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now (for Oxigraph, behind the door)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _open_door(port: int, private: int, allow_service: bool, timeout: float, url: str) -> Front:
    """The door on the asked port; taken meanwhile is said as a port in use."""
    try:
        return Front(port, private, allow_service=allow_service, timeout_s=timeout + 5)
    except OSError as exc:
        raise EndpointError(
            f"port {port} on 127.0.0.1 is in use ({exc.strerror}); choose another with --port",
            url=url,
        ) from None


def _launch(
    exe: str, store: Scratch, bind: str, sink: IO[bytes], query_timeout: float
) -> subprocess.Popen[bytes]:
    """Start Oxigraph's read-only server over ``store``, giving it the store's lock: should
    this process end while the server runs on, no other ``serve`` sweeps the store."""
    timeout = ["--timeout-s", str(max(1, round(query_timeout)))]
    return subprocess.Popen(
        [exe, "serve-read-only", "--location", store.name, "--bind", bind, *timeout],
        stdout=subprocess.DEVNULL,
        stderr=sink,
        pass_fds=() if store.lock is None else (store.lock,),
        # The death signal follows the creating *thread*: only tie it to the
        # main thread, whose end is the end of the process.
        preexec_fn=_die_with_parent
        if sys.platform == "linux" and threading.current_thread() is threading.main_thread()
        else _reset_signals,
    )


def _wait_until_ready(
    server: Server, port: int, timeout: float, cancelled: Callable[[], bool]
) -> None:
    """Poll until the server answers, asking ``cancelled()`` before each poll.

    Raises:
        KeyboardInterrupt: ``cancelled()`` became true.
        EndpointError: The server stopped (its log says why) or did not answer in time.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cancelled():
            raise KeyboardInterrupt
        if server.process.poll() is not None:
            error = _log(server.location).read_text(encoding="utf-8", errors="replace")
            raise EndpointError(
                f"the SPARQL server did not start: {error.strip()[:300]}", url=server.url
            )
        if _answers(port):
            return
        time.sleep(0.1)
    raise EndpointError("the SPARQL server did not answer in time", url=server.url)
