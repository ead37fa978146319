"""Loading a publication into any triple store over the Graph Store Protocol.

* :func:`load` PUTs the publication into any SPARQL 1.1 Graph Store Protocol endpoint
  (https://www.w3.org/TR/sparql11-http-rdf-update/) as one named graph per budget.
  PUT replaces the graph, so loading twice leaves the same triples. The body is
  N-Triples, streamed from the files rather than built in memory, with a
  ``Content-Length`` (not chunked transfer encoding, which some proxies refuse). A big
  publication goes in bounded requests (:mod:`nerima_opendata.sparql.chunks`, 50 MiB by
  default): the first PUT replaces the graph, each further POST appends to it.
  The copies of the vocabulary the publication carries (its Turtle files under
  ``vocab/``) go into their own named graph,
  :data:`~nerima_opendata.publication.vocabulary.VOCABULARY_GRAPH`
  (``https://w3id.org/nerima-opendata/vocab``), replaced by a PUT after the budget's.
  Credentials in the endpoint URL (``https://user:password@host/store``) are used for
  basic auth and never printed: every URL in output or errors has them removed.

Serving a publication as a local SPARQL endpoint is :mod:`nerima_opendata.sparql.server`.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from rdflib import RDF, Graph

from nerima_opendata.errors import EndpointError, InputError
from nerima_opendata.files.deadline import DEFAULT_TIMEOUTS, DeadlineExceeded, Timeouts, within
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.paths import StrPath
from nerima_opendata.publication.layout import DCAT, NTRIPLES, Publication
from nerima_opendata.publication.vocabulary import VOCABULARY, VOCABULARY_GRAPH
from nerima_opendata.rdf.vocab import NB
from nerima_opendata.sparql.chunks import (
    CHUNK_BYTES,
    Chunk,
    ChunkBody,
    check_unchanged,
    plan_chunks,
)
from nerima_opendata.writers.formats import by_format

if TYPE_CHECKING:
    import requests
    import urllib3
else:
    requests = LazyModule("sparql", "load", "requests")
    urllib3 = LazyModule("sparql", "load", "urllib3")  # installed with requests

__all__ = [
    "VOCABULARY_GRAPH",
    "LoadPlan",
    "credentials",
    "graph_iri",
    "load",
    "plan_load",
    "publication_files",
    "vocabulary_files",
    "without_userinfo",
]

_Auth = tuple[str, str] | None
#: What is sent: the budget file as it is, the DCAT description converted to it.
_NTRIPLES = by_format("nt")


def publication_files(directory: StrPath) -> list[Path]:
    """The RDF files of a publication: the budget (N-Triples) and its DCAT description.

    They are found by their resource names in ``datapackage.json`` (``budget-ntriples``,
    and ``dcat`` when listed; see :class:`~nerima_opendata.publication.layout.Publication`).

    Raises:
        InputError: The directory is not a publication: no ``datapackage.json``, or one
            that lists no ``budget-ntriples`` file, or a listed file is missing.
    """
    directory = Path(directory)
    found = Publication.read(directory)
    dcat = found.optional(DCAT)
    return [found.path(NTRIPLES), *([] if dcat is None else [dcat])]


def vocabulary_files(directory: StrPath) -> list[Path]:
    """The copies of the vocabulary's RDF files (Turtle) the publication lists, in order
    (none for a publication written before they were included).

    Raises:
        InputError: The directory is not a publication, or a listed file is missing.
    """
    found = Publication.read(Path(directory))
    return [found.path(f.name) for f in VOCABULARY if f.is_rdf and found.has(f.name)]


def graph_iri(directory: StrPath) -> str:
    """The named graph of a publication: the IRI of its ``nb:Budget`` (publisher,
    fiscal year and phase are in it, e.g. ``…/131202/2024/proposed``).

    Raises:
        InputError: The N-Triples file declares no ``nb:Budget``.
    """
    directory = Path(directory)
    budget_nt = publication_files(directory)[0]
    marker = f"<{RDF.type}> <{NB.Budget}> ."
    with budget_nt.open(encoding="utf-8") as handle:
        for line in handle:
            if line.rstrip().endswith(marker):
                return line.split(" ", 1)[0].strip("<>")
    raise InputError("no nb:Budget in the N-Triples file", path=budget_nt)


@dataclass(frozen=True)
class LoadPlan:
    """What :func:`load` will send.

    Attributes:
        url: The request URL: the endpoint, without any user-info, plus ``?graph=``.
        graph: The named graph replaced.
        files: The publication's RDF files, in the order sent.
        bytes: The size of the N-Triples sent, in all.
        userinfo: User and password from the endpoint URL's user-info, if it had
            one (percent-decoded; left out of ``repr``).
        chunks: The request bodies, in order (each sent with its ``Content-Length``):
            the first PUT, the others POSTed.
        vocabulary: What is sent after, into the vocabulary's own named graph
            (:data:`VOCABULARY_GRAPH`), when the publication carries it.
    """

    url: str
    graph: str
    files: tuple[Path, ...]
    bytes: int
    userinfo: tuple[str, str | None] | None = field(default=None, repr=False, compare=False)
    chunks: tuple[Chunk, ...] = field(default=(), repr=False)
    vocabulary: LoadPlan | None = None


def without_userinfo(url: str) -> str:
    """The URL as it may be shown: any ``user:password@`` replaced by ``***@``.

    Works on URLs that do not parse too: everything between ``//`` and the last
    ``@`` goes, so a password with an unencoded ``/`` ``?`` or ``#`` is hidden as well.
    """
    return re.sub(r"//.*@", "//***@", url, count=1, flags=re.DOTALL)


def _store_url(endpoint: str, graph: str) -> tuple[str, tuple[str, str | None] | None]:
    """The request URL (user-info removed) and the credentials the user-info held."""
    expected = "e.g. http://127.0.0.1:7878/store"
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            "not an HTTP(S) endpoint URL", found=without_userinfo(endpoint), expected=expected
        )
    if "@" in parts.path + parts.query + parts.fragment:
        raise InputError(
            "the endpoint URL has an '@' after its host: percent-encode / ? # @ in a "
            "user name or password, or give them with --user and SPARQL_PASSWORD",
            found=without_userinfo(endpoint),
        )
    url, userinfo = endpoint, None
    if "@" in parts.netloc:
        url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        if parts.username or parts.password:
            password = None if parts.password is None else unquote(parts.password)
            userinfo = (unquote(parts.username or ""), password)
    separator = "&" if parts.query else "?"
    return f"{url}{separator}graph={quote(graph, safe='')}", userinfo


def _as_ntriples(path: Path) -> bytes:
    """A small Turtle file (the DCAT description, a vocabulary file) as N-Triples."""
    data = Graph().parse(path, format="turtle").serialize(format="nt", encoding="utf-8")
    return b"".join(sorted(line + b"\n" for line in data.split(b"\n") if line.strip()))


def plan_load(
    directory: StrPath, endpoint: str, graph: str | None = None, chunk_bytes: int = CHUNK_BYTES
) -> LoadPlan:
    """Work out the requests without sending anything (``--dry-run``).

    Args:
        directory: A built publication.
        endpoint: The Graph Store Protocol URL; a ``user:password@`` in it becomes
            :attr:`LoadPlan.userinfo` and is removed from :attr:`LoadPlan.url`.
        graph: The named graph (default: the budget's IRI).
        chunk_bytes: The most bytes a request carries (a line is never cut).

    Raises:
        InputError: Not a publication, or not an HTTP endpoint, or ``chunk_bytes`` < 1.
    """
    directory = Path(directory)
    files = publication_files(directory)
    name = graph or graph_iri(directory)
    url, userinfo = _store_url(endpoint, name)
    sources = [(f, None if f.suffix == _NTRIPLES.suffix else _as_ntriples(f)) for f in files]
    chunks = plan_chunks(sources, chunk_bytes)
    size = sum(chunk.bytes for chunk in chunks)
    vocabulary = _plan_vocabulary(directory, endpoint, chunk_bytes)
    return LoadPlan(url, name, tuple(files), size, userinfo, chunks, vocabulary)


def _plan_vocabulary(directory: Path, endpoint: str, chunk_bytes: int) -> LoadPlan | None:
    """The vocabulary's graph: each file as N-Triples, sent whole (its blank nodes, e.g.
    the shapes' property shapes, stay within one request)."""
    files = vocabulary_files(directory)
    if not files:
        return None
    url, userinfo = _store_url(endpoint, VOCABULARY_GRAPH)
    chunks = plan_chunks([(f, _as_ntriples(f)) for f in files], chunk_bytes)
    size = sum(chunk.bytes for chunk in chunks)
    return LoadPlan(url, VOCABULARY_GRAPH, tuple(files), size, userinfo, chunks)


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


def credentials(
    plan: LoadPlan, user: str | None = None, password: str | None = None
) -> tuple[str, str] | None:
    """The basic-auth user and password :func:`load` sends, if any.

    An explicit ``user`` wins over the URL's user-info (whose password is then not
    used); an explicit ``password`` wins over the URL's password.
    """
    if user:
        return user, password or ""
    if plan.userinfo is not None:
        url_user, url_password = plan.userinfo
        return url_user, password if password is not None else (url_password or "")
    return None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (causes, contexts, urllib3 reasons, args)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None)]
        todo.extend(e for e in [*linked, *current.args] if isinstance(e, BaseException))


def _connection_failed(exc: requests.ConnectionError, url: str) -> EndpointError:
    """Tell "could not connect" apart from "the connection broke during the upload"."""
    causes = list(_causes(exc))
    dropped = (
        urllib3.exceptions.ProtocolError,
        http.client.RemoteDisconnected,
        ConnectionResetError,
        BrokenPipeError,
    )
    if not any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in causes) and any(
        isinstance(e, dropped) for e in causes
    ):
        return EndpointError(
            f"the endpoint {url} closed the connection during the upload; the graph may "
            "not have been replaced (check the server's log and its request size limit, "
            "then load again)",
            url=url,
        )
    return EndpointError(f"cannot reach the endpoint {url}: is the server running?", url=url)


def load(
    plan: LoadPlan,
    *,
    user: str | None = None,
    password: str | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    timeouts: Timeouts = DEFAULT_TIMEOUTS,
) -> int:
    """Send the publication into the endpoint as one named graph (replacing it): the
    first chunk of :attr:`LoadPlan.chunks` by PUT, the others by POST; then, the same
    way, its vocabulary into :data:`VOCABULARY_GRAPH` (:attr:`LoadPlan.vocabulary`).

    Args:
        plan: From :func:`plan_load`.
        user: HTTP basic-auth user, if the endpoint needs one (default: the user
            in the endpoint URL, if any; see :func:`credentials`).
        password: Its password (never printed).
        progress: Called after each request of the budget's graph with (chunks sent,
            chunks, bytes sent).
        timeouts: Each request's connect and read timeouts and overall deadline
            (default: 10 s, 60 s, 300 s; :mod:`~nerima_opendata.files.deadline`).

    Returns:
        The HTTP status code of the last request (200, 201 or 204).

    Raises:
        EndpointError: The endpoint cannot be reached, closes the connection during
            the upload, does not answer in time, redirects (3xx: never followed, the
            error names the Location) or refuses a request. After the first chunk, the message says
            that the graph holds part of the publication.
        InputError: The files changed since the plan was made.
    """
    chunks = plan.chunks or _chunks_of(plan)
    extra = plan.vocabulary
    more = () if extra is None else extra.chunks or _chunks_of(extra)
    check_unchanged([*chunks, *more])
    auth = credentials(plan, user, password)
    sends = [(plan, chunk, "POST" if n else "PUT") for n, chunk in enumerate(chunks)]
    if extra is not None:
        sends += [(extra, chunk, "POST" if n else "PUT") for n, chunk in enumerate(more)]
    status, sent = 0, 0
    for number, (target, chunk, method) in enumerate(sends):
        try:
            status = _send(method, target, chunk, auth, timeouts)
        except EndpointError as error:
            if not number:
                raise
            raise EndpointError(
                f"{error} (after {number} of {len(sends)} requests: the graph holds part "
                "of the publication; load again to replace it)",
                url=error.url,
                status=error.status,
            ) from error
        sent += chunk.bytes
        if progress is not None and number < len(chunks):
            progress(number + 1, len(chunks), sent)
    return status


def _chunks_of(plan: LoadPlan) -> tuple[Chunk, ...]:
    """The chunks of a plan made without them (a :class:`LoadPlan` built by hand)."""
    sources = [(f, None if f.suffix == _NTRIPLES.suffix else _as_ntriples(f)) for f in plan.files]
    return plan_chunks(sources)


def _send(method: str, plan: LoadPlan, chunk: Chunk, auth: _Auth, limits: Timeouts) -> int:
    """One request; a redirect is never followed (a 301/302/303 would turn the PUT into
    a GET or an empty PUT, elsewhere): it is an error naming where it pointed."""
    shown = plan.url.split("?")[0]

    def call() -> tuple[int, str, str]:
        response = requests.request(
            method,
            plan.url,
            data=ChunkBody(chunk),
            auth=auth,
            timeout=limits.for_requests(),
            headers={"Content-Type": _NTRIPLES.media_type},
            allow_redirects=False,
        )
        return response.status_code, response.headers.get("Location", ""), response.text

    try:
        status, location, text = within(limits.deadline, call)
    except requests.ConnectionError as exc:
        raise _connection_failed(exc, shown) from exc
    except (requests.Timeout, DeadlineExceeded) as exc:
        raise EndpointError(_too_slow(exc, limits), url=shown) from exc
    if 300 <= status < 400:
        raise EndpointError(
            f"the endpoint answered HTTP {status}, a redirect to "
            f"{without_userinfo(location) or '(no Location)'}: nothing was loaded (a "
            "redirect is never followed; give the endpoint's final URL)",
            url=shown,
            status=status,
        )
    if status not in (200, 201, 204):
        raise EndpointError(_explain(status, shown, text), url=shown, status=status)
    return status


def _too_slow(exc: BaseException, limits: Timeouts) -> str:
    if isinstance(exc, DeadlineExceeded):
        what = f"no complete answer within {limits.deadline:g} s"
    elif isinstance(exc, requests.ConnectTimeout):
        what = f"no connection within {limits.connect:g} s"
    else:
        what = f"nothing received for {limits.read:g} s"
    return f"the endpoint did not answer in time ({what}); the graph may not have been replaced"
