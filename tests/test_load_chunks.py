"""``load`` in bounded requests: the N-Triples cut at line ends, the first chunk PUT
(replacing the graph) and the others POSTed (appending), against a recording stub and
the REAL Oxigraph server (``SPARQL_ENDPOINT``, see tests/test_triplestore.py)."""

from __future__ import annotations

import http.server
import itertools
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from nerima_opendata import EndpointError, InputError, build_publication
from nerima_opendata.cli.main import main
from nerima_opendata.publication.vocabulary import VOCABULARY_GRAPH
from nerima_opendata.sparql.chunks import ChunkBody, plan_chunks
from nerima_opendata.sparql.triplestore import graph_iri, load, plan_load
from tests.test_triplestore import _count, budget_triples, endpoint

__all__ = ["endpoint"]  # the fixture, shared with tests/test_triplestore.py

LINE = b"<https://example.org/s> <https://example.org/p> %d .\n"


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chunks") / "out"
    build_publication(out)
    return out


@pytest.mark.parametrize("limit", [1, 40, 60, 100, 1_000, 10**9])
def test_chunks_are_whole_lines_and_add_up_to_the_file(tmp_path: Path, limit: int) -> None:
    path = tmp_path / "a.nt"
    data = b"".join(LINE % n for n in range(200))
    path.write_bytes(data)
    chunks = plan_chunks([(path, None)], limit)
    bodies = [b"".join(ChunkBody(chunk)) for chunk in chunks]
    assert b"".join(bodies) == data
    assert all(body.endswith(b"\n") for body in bodies)
    assert [len(body) for body in bodies] == [chunk.bytes for chunk in chunks]
    longest = max(len(line) + 1 for line in data.split(b"\n"))
    assert all(len(body) <= max(limit, longest) for body in bodies)
    if limit >= len(data):
        assert len(chunks) == 1
    if limit >= longest:  # as full as whole lines allow: no two neighbours fit in one
        assert all(len(a) + len(b) > limit for a, b in itertools.pairwise(bodies))


@pytest.mark.parametrize(
    ("text", "chunked"),
    [
        (b"_:b0 <https://example.org/p> 1 .\n", False),
        (b'<https://example.org/s> <https://example.org/p> "a _: b" .\n', False),
        (b"<https://example.org/s> <https://example.org/p> 1 .\n", True),
    ],
    ids=["blank-node", "underscore-colon-in-a-literal", "no-blank-node"],
)
def test_a_file_with_blank_nodes_goes_whole(tmp_path: Path, text: bytes, chunked: bool) -> None:
    path = tmp_path / "a.nt"
    path.write_bytes(b"".join(LINE % n for n in range(50)) + text)
    assert (len(plan_chunks([(path, None)], 200)) > 1) is chunked


def test_converted_files_join_the_last_chunk_when_they_fit(tmp_path: Path) -> None:
    budget, dcat = tmp_path / "a.nt", tmp_path / "a_dcat.ttl"
    budget.write_bytes(LINE % 1 + LINE % 2)
    dcat.write_text("ignored: the converted bytes are sent", encoding="utf-8")
    (only,) = plan_chunks([(budget, None), (dcat, b"converted\n")], 1_000)
    assert b"".join(ChunkBody(only)) == LINE % 1 + LINE % 2 + b"converted\n"


def test_a_chunk_size_below_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="chunk size"):
        plan_chunks([(tmp_path / "a.nt", None)], 0)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A stub Graph Store endpoint: records (method, body) of the requests into the
    budget's graph (those into the vocabulary's graph, sent after, apart) and answers
    204, or ``fail_on`` (a request number) with 500."""

    received: list[tuple[str, bytes]]
    vocabulary: list[tuple[str, bytes]]
    fail_on = -1

    def _record(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        graph = parse_qs(urlsplit(self.path).query).get("graph", [""])[0]
        if graph == VOCABULARY_GRAPH:
            self.vocabulary.append((self.command, body))
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.received.append((self.command, body))
        failed = len(self.received) - 1 == self.fail_on
        self.send_response(500 if failed else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST = _record

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Recorder", (_Recorder,), {"received": [], "vocabulary": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("chunk_bytes", [2_000, 20_000, 50 * 1024 * 1024])
def test_put_then_post_the_same_bytes_as_one_put(
    recorder: tuple[str, type[_Recorder]], publication: Path, chunk_bytes: int
) -> None:
    url, handler = recorder
    whole = plan_load(publication, url)
    load(whole)
    (single,) = handler.received
    methods = [method for method, _ in handler.vocabulary]  # then the vocabulary's graph
    assert methods == ["PUT"] + ["POST"] * (len(methods) - 1)
    handler.received.clear()
    plan = plan_load(publication, url, chunk_bytes=chunk_bytes)
    seen: list[tuple[int, int, int]] = []
    load(plan, progress=lambda *step: seen.append(step))
    methods = [method for method, _ in handler.received]
    assert methods == ["PUT"] + ["POST"] * (len(plan.chunks) - 1)
    assert b"".join(body for _, body in handler.received) == single[1]
    assert len(plan.chunks) == (1 if chunk_bytes >= whole.bytes else len(methods))
    assert seen[-1] == (len(plan.chunks), len(plan.chunks), whole.bytes)
    assert plan.bytes == whole.bytes


def test_a_failure_after_the_first_request_says_the_graph_is_partial(
    recorder: tuple[str, type[_Recorder]], publication: Path
) -> None:
    url, handler = recorder
    handler.fail_on = 2
    plan = plan_load(publication, url, chunk_bytes=5_000)
    with pytest.raises(EndpointError, match=r"after 2 of \d+ requests: the graph holds part"):
        load(plan)
    assert len(handler.received) == 3


def test_cli_chunk_option_and_dry_run(
    recorder: tuple[str, type[_Recorder]], publication: Path
) -> None:
    url, handler = recorder
    args = ["load", "--data", str(publication), "--endpoint", url, "--chunk-mb", "0.01"]
    dry = CliRunner().invoke(main, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "requests: PUT the first, POST the others" in dry.output
    assert handler.received == []
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    requests = len(handler.received)
    assert requests > 1
    assert f"request {requests}/{requests} sent" in result.stderr


def _settled_count(endpoint: str, graph: str, expected: int, seconds: float = 10.0) -> int:
    """The graph's count of triples, asked again for up to ``seconds`` while it is not
    ``expected``. In two fresh-clone CI runs out of about eight, Oxigraph answered a
    partial count (18, 765 of 2,227) right after ``load`` had its last answer; the cause
    is not known. Asking again tells a late count (a warning in the run's summary) from
    lost triples (the test still fails, with every count it saw)."""
    counts = [_count(endpoint, graph)]
    deadline = time.monotonic() + seconds
    while counts[-1] != expected and time.monotonic() < deadline:
        time.sleep(0.2)
        counts.append(_count(endpoint, graph))
    if len(counts) > 1:
        warnings.warn(f"Oxigraph's counts after the load: {counts}", stacklevel=2)
    return counts[-1]


@pytest.mark.services
@pytest.mark.filterwarnings("default:Oxigraph's counts after the load")  # shown, not an error
@pytest.mark.parametrize("chunk_bytes", [3_000, 30_000])
def test_chunked_load_into_oxigraph_equals_one_put_and_replaces(
    endpoint: str, publication: Path, chunk_bytes: int
) -> None:
    graph = graph_iri(publication)
    expected = budget_triples(publication)
    store = f"{endpoint}/store"
    load(plan_load(publication, store))
    assert _settled_count(endpoint, graph, expected) == expected
    plan = plan_load(publication, store, chunk_bytes=chunk_bytes)
    assert len(plan.chunks) > 1
    for _ in range(2):  # loading twice still replaces
        load(plan)
        assert _settled_count(endpoint, graph, expected) == expected


@pytest.mark.parametrize("length", [10, 70_000, 200_000], ids=["short", "over-a-block", "long"])
def test_a_long_line_is_never_cut(tmp_path: Path, length: int) -> None:
    """Lines longer than the read block (64 KiB) or than a chunk stay whole."""
    path = tmp_path / "a.nt"
    long = b'<https://example.org/s> <https://example.org/p> "' + b"x" * length + b'" .\n'
    data = LINE % 1 + long + LINE % 2 + long + LINE % 3
    path.write_bytes(data)
    for limit in (100, 100_000, 150_000):
        bodies = [b"".join(ChunkBody(c)) for c in plan_chunks([(path, None)], limit)]
        assert b"".join(bodies) == data
        lines = {line + b"\n" for line in data.split(b"\n") if line}
        assert all(set(body.splitlines(keepends=True)) <= lines for body in bodies)
        assert all(len(body) <= limit or body.count(b"\n") == 1 for body in bodies)
