"""Nothing fetched, nothing outside the package read, bounded work (issue 14, points 2-3).

A local HTTP listener counts its hits: whatever a descriptor lists by URL, validate and
build must not call it. Links out of the package, special files (a FIFO, a directory),
huge or endless files, overlong cells and lines, and hostile descriptors (deeply nested,
duplicate keys, too large) each give a clear error in a report, within a time limit,
and :func:`nerima_opendata.validate` never raises.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from nerima_opendata import validate
from nerima_opendata.checks.report import MAX_EXCERPT
from nerima_opendata.cli.main import main
from nerima_opendata.files.safejson import MAX_JSON_BYTES, MAX_JSON_DEPTH
from nerima_opendata.readers.package import MAX_RESOURCE_BYTES

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "datapackage"
PROJECTS = "131202_budget_projects.csv"
#: Seconds any hostile case may take, in a child process (a hang fails, never blocks).
DEADLINE = 120


class _Counter(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"SECRET-FROM-THE-SERVER\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1; yields its base URL and the paths it was asked."""
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def _package(tmp_path: Path) -> Path:
    target = tmp_path / "pkg"
    shutil.copytree(SHIPPED, target)
    return target


def _edit(package: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _extra(url: str) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        d["resources"].append({"name": "extra", "path": f"{url}/extra.csv", "format": "csv"})

    return change


REMOTE: dict[str, Callable[[str], Callable[[dict[str, Any]], None]]] = {
    "extra-resource-by-url": _extra,
    "table-path-by-url": lambda url: (
        lambda d: _resource(d, "projects").update(path=f"{url}/{PROJECTS}")
    ),
    "schema-by-url": lambda url: (
        lambda d: _resource(d, "projects").update(schema=f"{url}/schema.json")
    ),
    "dialect-by-url": lambda url: (
        lambda d: _resource(d, "projects").update(dialect=f"{url}/dialect.json")
    ),
    "package-profile-by-url": lambda url: lambda d: d.update(profile=f"{url}/profile.json"),
    "extra-resource-file-url": lambda _url: (
        lambda d: d["resources"].append(
            {"name": "extra", "path": "file:///etc/passwd", "format": "csv"}
        )
    ),
}


#: Properties the tool never uses: neither fetched nor an error.
IGNORED = {"package-profile-by-url", "dialect-by-url"}


@pytest.mark.parametrize("case", REMOTE)
def test_nothing_is_fetched(tmp_path: Path, listener: tuple[str, list[str]], case: str) -> None:
    url, hits = listener
    package = _package(tmp_path)
    _edit(package, REMOTE[case](url))
    report = validate(package)
    built = CliRunner().invoke(main, ["build", "-q", "--from", str(package), str(tmp_path / "o")])
    assert hits == []
    text = report.to_json() + built.output
    assert "SECRET-FROM-THE-SERVER" not in text
    assert "root:" not in text
    if case not in IGNORED:
        assert not report.valid
        assert built.exit_code != 0
        assert not (tmp_path / "o").exists()


def _link_table_out(package: Path) -> str:
    """A canonical table linked to an identical copy outside the package."""
    outside = package.parent / "outside.csv"
    shutil.copy(package / PROJECTS, outside)
    (package / PROJECTS).unlink()
    (package / PROJECTS).symlink_to(outside)
    return "leaves the package"


def _link_extra_out(package: Path) -> str:
    secret = package.parent / "secret.txt"
    secret.write_text("root:x:0:0:SECRET\n", encoding="utf-8")
    (package / "extra.csv").symlink_to(secret)
    _edit(package, lambda d: d["resources"].append({"name": "extra", "path": "extra.csv"}))
    return "not part of the canonical package"


def _fifo(package: Path) -> str:
    (package / PROJECTS).unlink()
    os.mkfifo(package / PROJECTS)
    return "not a regular file"


def _directory(package: Path) -> str:
    (package / PROJECTS).unlink()
    (package / PROJECTS).mkdir()
    return "not a regular file"


def _dev_zero(package: Path) -> str:
    (package / PROJECTS).unlink()
    (package / PROJECTS).symlink_to("/dev/zero")
    return "leaves the package"


def _sparse(package: Path) -> str:
    """A sparse file twice the limit (zeros, no line end) as a table: refused by its size,
    fast."""
    with (package / PROJECTS).open("r+b") as handle:
        handle.truncate(MAX_RESOURCE_BYTES * 2)
    return "too large"


def _long_line(package: Path) -> str:
    """A regular file with one endless line (bounded by MAX_LINE_CHARS, not by memory)."""
    with (package / PROJECTS).open("ab") as handle:
        handle.write(b"x" * (3 << 20))
    return "line is too long"


def _huge_cell(package: Path) -> str:
    """A quoted cell over the csv module's field limit, spread over short lines."""
    with (package / PROJECTS).open("a", encoding="utf-8", newline="") as handle:
        handle.write('"' + "長い\r\n" * 60_000 + '",x\r\n')
    return "field larger than field limit"


def _nul(package: Path) -> str:
    with (package / PROJECTS).open("ab") as handle:
        handle.write(b"\x00" * 100)
    return "PROJECTS"


def _descriptor_text(text: str) -> Callable[[Path], str]:
    def write(package: Path) -> str:
        (package / "datapackage.json").write_text(text, encoding="utf-8")
        return ""

    return write


def _nested(package: Path) -> str:
    depth = 100_000
    _descriptor_text('{"resources": [], "x": ' + "[" * depth + "]" * depth + "}")(package)
    return "nested too deeply"


def _duplicate(package: Path) -> str:
    text = (package / "datapackage.json").read_text(encoding="utf-8")
    (package / "datapackage.json").write_text(
        text.replace('"resources":', '"resources": [], "resources":', 1), encoding="utf-8"
    )
    return "a key appears twice"


def _large_descriptor(package: Path) -> str:
    with (package / "datapackage.json").open("r+b") as handle:
        handle.truncate(MAX_JSON_BYTES + 1)
    return "too large"


def _fifo_descriptor(package: Path) -> str:
    (package / "datapackage.json").unlink()
    os.mkfifo(package / "datapackage.json")
    return "not a regular file"


HOSTILE: dict[str, Callable[[Path], str]] = {
    "table-linked-out": _link_table_out,
    "extra-linked-out": _link_extra_out,
    "fifo-table": _fifo,
    "directory-table": _directory,
    "dev-zero-table": _dev_zero,
    "sparse-huge-table": _sparse,
    "endless-line": _long_line,
    "cell-over-field-limit": _huge_cell,
    "nul-bytes": _nul,
    "deeply-nested-descriptor": _nested,
    "duplicate-keys-descriptor": _duplicate,
    "huge-descriptor": _large_descriptor,
    "fifo-descriptor": _fifo_descriptor,
}

_CHILD = """
import json, sys
from nerima_opendata import validate
report = validate(sys.argv[1])
print(json.dumps(report.to_dict(), ensure_ascii=False))
"""


@pytest.mark.parametrize("case", HOSTILE)
def test_validate_reports_hostile_input_in_bounded_time(tmp_path: Path, case: str) -> None:
    """validate() returns a report (never raises, never hangs) naming the problem."""
    package = _package(tmp_path)
    words = HOSTILE[case](package).replace("PROJECTS", PROJECTS)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(package)],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["valid"] is False
    assert words in done.stdout, done.stdout[:2000]
    assert "SECRET" not in done.stdout
    for error in report["errors"]:
        assert len(error["found"] or "") <= MAX_EXCERPT + 40
        assert len(error["message"]) <= 4 * MAX_EXCERPT + 40


def test_the_limits_are_documented() -> None:
    text = (ROOT / "docs" / "trust.md").read_text(encoding="utf-8")
    for limit in (MAX_RESOURCE_BYTES, MAX_JSON_BYTES, MAX_JSON_DEPTH):
        assert f"{limit:,}" in text


def test_a_long_bad_cell_is_echoed_as_a_short_escaped_excerpt(tmp_path: Path) -> None:
    package = _package(tmp_path)
    rows = (package / PROJECTS).read_text(encoding="utf-8-sig").splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    column = next(i for i, name in enumerate(header) if name == "予算額")
    cells[column] = "\u202e=cmd|" + "9" * 5000 + "x"
    rows[1] = ",".join(cells)
    (package / PROJECTS).write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    report = validate(package)
    assert not report.valid
    found = [e.found for e in report.errors if e.found and "cmd" in e.found]
    assert found
    for text in found:
        assert len(text) <= MAX_EXCERPT + 40
        assert "\u202e" not in text
        assert "\\u202e" in text


PATHS: dict[str, tuple[str, str | None]] = {
    "http": ("http://127.0.0.1:9/x.csv", "URL"),
    "https": ("https://example.org/x.csv", "URL"),
    "file-url": ("file:///etc/passwd", "URL"),
    "data-url": ("data:text/csv,a", "URL"),
    "absolute": ("/etc/passwd", "leaves the package"),
    "climbing": ("sub/../../x.csv", "leaves the package"),
    "backslash": ("..\\x.csv", "backslash"),
    "link-out": ("out.csv", "leaves the package"),
    "link-inside": ("in.csv", None),
    "fifo": ("fifo.csv", "not a regular file"),
    "directory": ("sub", "not a regular file"),
    "missing": ("missing.csv", None),
    # the N-Triples of a million-line budget (7.3 GB; sparse here): the library's own
    # largest output is read, not refused
    "million-lines": ("large.nt", None),
    "over-the-limit": ("huge.nt", "too large"),
}


@pytest.mark.parametrize("case", PATHS)
def test_resource_path(tmp_path: Path, case: str) -> None:
    from nerima_opendata.errors import InputError
    from nerima_opendata.readers.package import resource_path

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (tmp_path / "secret.csv").write_text("secret\n", encoding="utf-8")
    (package / "real.csv").write_text("a\n", encoding="utf-8")
    (package / "out.csv").symlink_to(tmp_path / "secret.csv")
    (package / "in.csv").symlink_to("real.csv")
    os.mkfifo(package / "fifo.csv")
    with (package / "large.nt").open("wb") as large, (package / "huge.nt").open("wb") as huge:
        large.truncate(7_300_000_000)
        huge.truncate(MAX_RESOURCE_BYTES + 1)
    raw, words = PATHS[case]
    if words is None:
        assert resource_path(package, {"path": raw}) == package / raw
        return
    with pytest.raises(InputError, match=words):
        resource_path(package, {"path": raw})


def test_publish_never_reads_a_file_linked_out_of_a_publication(tmp_path: Path) -> None:
    """The publication's layout (what publish uploads) refuses a listed link out."""
    from nerima_opendata.errors import InputError
    from nerima_opendata.publication.layout import Publication

    out = tmp_path / "pub"
    built = CliRunner().invoke(main, ["build", "-q", "--from", str(SHIPPED), str(out)])
    assert built.exit_code == 0, built.output
    secret = tmp_path / "secret.ttl"
    secret.write_text("SECRET\n", encoding="utf-8")
    (out / "131202_budget.ttl").unlink()
    (out / "131202_budget.ttl").symlink_to(secret)
    with pytest.raises(InputError, match="leaves the package"):
        Publication.read(out)
    report = validate(out)
    assert not report.valid
    assert "SECRET" not in report.to_json()
