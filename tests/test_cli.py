"""The command line: help with examples, exit codes, no tracebacks."""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from string import Template

import click
import pytest
from click.testing import CliRunner

from nerima_opendata import build_publication
from nerima_opendata.cli.common import EXIT_CODES, ExitCode, exit_code, exit_codes_help
from nerima_opendata.cli.main import main
from nerima_opendata.errors import (
    EndpointError,
    InputError,
    NerimaOpenDataError,
    OutputError,
    SourceParseError,
    WorkerError,
)
from nerima_opendata.publish.errors import CatalogAuthError, CatalogConfigError, PublishError
from nerima_opendata.sparql.query import QueryError, UnsupportedQueryError

from .conftest import apply_edit, load_case, make_case, rehash

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert f"nerima-opendata {command}" in result.output


def test_top_level_help() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert all(c in result.output for c in COMMANDS)


def test_build_prints_files_and_quiet_prints_nothing(tmp_path: Path) -> None:
    loud = CliRunner().invoke(main, ["build", str(tmp_path / "a")])
    assert loud.exit_code == 0
    assert "131202_budget_projects.csv" in loud.output
    quiet = CliRunner().invoke(main, ["build", "-q", str(tmp_path / "b")])
    assert (quiet.exit_code, quiet.output) == (0, "")


def test_build_into_foreign_directory_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "not a publication" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        pytest.param(["ingest", "/nonexistent.txt"], 2, "no corrections file", id="no-source"),
        pytest.param(
            ["build", "--from", "/nonexistent", "{out}"],
            2,
            "no datapackage.json",
            id="missing-package",
        ),
        pytest.param(["frobnicate"], 2, "No such command", id="unknown-command"),
    ],
)
def test_errors_are_clear(args: list[str], code: int, text: str, tmp_path: Path) -> None:
    argv = [a.format(out=tmp_path / "out") for a in args]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == code, result.output
    assert text in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit | click.exceptions.Exit
    )


def test_ingest_without_out_writes_nothing(tmp_path: Path) -> None:
    from .readers.test_brochure import SOURCE

    result = CliRunner().invoke(main, ["ingest", str(SOURCE)])
    assert result.exit_code == 0, result.output
    assert "72 initiatives" in result.output
    assert "43,201,890,000 yen" in result.output


def test_console_script_runs_from_any_directory(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("nerima-opendata")
    if not exe.exists():
        pytest.skip("console script not installed in this environment")
    run = subprocess.run(
        [str(exe), "build", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "datapackage.json").exists()


@pytest.mark.parametrize(
    ("tty", "quiet", "shown"),
    [
        pytest.param(True, False, True, id="terminal"),
        pytest.param(True, True, False, id="terminal-quiet"),
        pytest.param(False, False, False, id="pipe"),
    ],
)
def test_progress_only_on_a_terminal_without_quiet(
    tty: bool,
    quiet: bool,
    shown: bool,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from nerima_opendata.cli import common as _cli_common

    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    say = _cli_common.progress(quiet, 2)
    assert (say is not None) == shown
    if say is not None:
        say("writing")
        say("finishing")
        assert capsys.readouterr().err.splitlines() == ["[1/2] writing…", "[2/2] finishing…"]


_STEPS_AND_COUNTS: list[tuple[int | None, list[tuple[str, float, int, int]], str]] = [
    (2, [("step", 0, 0, 0), ("step", 0, 0, 0)], "[1/2] a…\n[2/2] b…\n"),
    (None, [("step", 0, 0, 0)], "a…\n"),
    (
        None,
        [("step", 0, 0, 0), ("count", 0.0, 5, 10), ("count", 0.1, 6, 10), ("step", 0, 0, 0)],
        "a…\n\r  5 of about 10 (50%)\x1b[K\r  6 of about 10 (60%)\x1b[K\nb…\n",
    ),
    (
        None,
        [("step", 0, 0, 0), ("count", 0.0, 5, 10), ("count", 0.1, 6, 10), ("count", 0.2, 7, 10)],
        "a…\n\r  5 of about 10 (50%)\x1b[K\r  7 of about 10 (70%)\x1b[K\n",
    ),
    (
        None,
        [("step", 0, 0, 0), ("count", 0.0, 5, 10), ("count", 0.6, 7, 10)],
        "a…\n\r  5 of about 10 (50%)\x1b[K\r  7 of about 10 (70%)\x1b[K\n",
    ),
    (
        None,
        [("step", 0, 0, 0), ("count", 0.0, 5, 10), ("count", 0.1, 12, 10)],
        "a…\n\r  5 of about 10 (50%)\x1b[K\r  12 of about 10 (100%)\x1b[K\n",
    ),
    (None, [("step", 0, 0, 0), ("count", 0.0, 3, 0)], "a…\n\r  3\x1b[K\n"),
    (None, [("plan", 0, 3, 0), ("step", 0, 0, 0), ("step", 0, 0, 0)], "[1/3] a…\n[2/3] b…\n"),
    (4, [("plan", 0, 2, 0), ("step", 0, 0, 0)], "[1/2] a…\n"),
]


@pytest.mark.parametrize(
    ("steps", "calls", "shown"),
    _STEPS_AND_COUNTS,
    ids=[
        "numbered",
        "unnumbered",
        "throttled-then-shown-at-the-step's-end",
        "only-the-last-throttled-count-at-the-end",
        "after-the-interval",
        "the-end",
        "no-total",
        "planned-by-the-library",
        "the-library's-plan-wins",
    ],
)
def test_step_printer(
    steps: int | None, calls: list[tuple[str, float, int, int]], shown: str
) -> None:
    from nerima_opendata.cli.common import StepPrinter

    stream = io.StringIO()
    now = [0.0]
    printer = StepPrinter(steps, stream, clock=lambda: now[0])
    names = iter("abcd")
    for kind, at, done, total in calls:
        now[0] = at
        if kind == "step":
            printer(next(names))
        elif kind == "plan":
            printer.plan(done)
        else:
            printer.count(done, total)
    printer.close()
    assert stream.getvalue() == shown


def test_build_base_iri_option(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "-q", "--base-iri", "https://data.example.jp/budget/", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = (out / "131202_budget.nt").read_text(encoding="utf-8")
    assert "<https://data.example.jp/budget/131202/2024/proposed/project/P1-01>" in text
    assert "w3id.org/nerima-opendata/data/" not in text


def test_build_rejects_a_bad_base_iri(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--base-iri", "not an iri", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert not (tmp_path / "o").exists()


# --- one exit-code policy for every command --------------------------------------------

OK, FAILED, USAGE = ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE


@pytest.mark.parametrize(
    ("error", "code"),
    [
        pytest.param(InputError("bad"), USAGE, id="input"),
        pytest.param(SourceParseError("bad", line=3), USAGE, id="source-parse"),
        pytest.param(QueryError("syntax error"), USAGE, id="malformed-query"),
        pytest.param(UnsupportedQueryError("CONSTRUCT"), USAGE, id="unsupported-query"),
        pytest.param(CatalogConfigError("bad key"), USAGE, id="catalog-config"),
        pytest.param(OutputError("cannot write"), USAGE, id="output"),
        pytest.param(EndpointError("refused", status=503), FAILED, id="endpoint"),
        pytest.param(PublishError("failed"), FAILED, id="publish"),
        pytest.param(CatalogAuthError("HTTP 403"), FAILED, id="catalog-auth"),
        pytest.param(WorkerError("checking the tables", -9), FAILED, id="worker"),
        pytest.param(NerimaOpenDataError("other"), FAILED, id="any-other"),
    ],
)
def test_each_library_error_has_its_exit_code(error: NerimaOpenDataError, code: int) -> None:
    assert exit_code(error) == code


def test_the_policy_is_in_the_help_and_covers_every_code() -> None:
    assert set(EXIT_CODES.values()) == {FAILED, USAGE}
    help_text = CliRunner().invoke(main, ["--help"]).output
    assert "Exit codes (every command):" in help_text
    assert all(f"  {code.value}  " in exit_codes_help() for code in ExitCode)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publication built once for these tests (do not modify)."""
    out = tmp_path_factory.mktemp("built") / "out"
    build_publication(out)
    return out


@pytest.fixture
def places(built: Path, package_copy: Path, tmp_path: Path) -> dict[str, str]:
    """What the argument templates name: good, invalid and missing inputs."""
    case = load_case("negative-amount")
    make_case(package_copy, case)
    invalid_publication = tmp_path / "invalid-publication"
    shutil.copytree(built, invalid_publication)
    for edit in case["edits"]:
        apply_edit(invalid_publication, edit)
    rehash(invalid_publication)  # so that only the validation can tell
    (tmp_path / "empty").mkdir()
    (tmp_path / "not-a-brochure.txt").write_text("not a brochure\n", encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return {
        "invalid_package": str(package_copy),
        "invalid_publication": str(invalid_publication),
        "publication": str(built),
        "empty": str(tmp_path / "empty"),
        "out": str(tmp_path / "out"),
        "not_a_brochure": str(tmp_path / "not-a-brochure.txt"),
        "port": str(port),
        "closed": f"http://127.0.0.1:{port}/store",  # nothing listens there
    }


@pytest.fixture
def _signals() -> Iterator[None]:
    """``serve`` installs its own SIGINT and SIGTERM handlers: put pytest's back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


#: (command line, situation) → exit code, for every command; ``$name`` is a place.
EXIT_CASES = [
    # build
    pytest.param(["build", "--from", "$invalid_package", "$out"], FAILED, id="build-invalid"),
    pytest.param(["build", "--from", "$empty", "$out"], USAGE, id="build-no-package"),
    pytest.param(["build", "--base-iri", "not an iri", "$out"], USAGE, id="build-bad-option"),
    pytest.param(["build"], USAGE, id="build-no-out"),
    # validate
    pytest.param(["validate", "$invalid_package"], FAILED, id="validate-invalid"),
    pytest.param(["validate", "$invalid_publication"], FAILED, id="validate-invalid-pub"),
    pytest.param(["validate", "$empty", "--format", "json"], USAGE, id="validate-no-package"),
    pytest.param(["validate", "--format", "xml"], USAGE, id="validate-bad-option"),
    pytest.param(["validate", "$publication"], OK, id="validate-valid"),
    # ingest
    pytest.param(["ingest", "$not_a_brochure"], USAGE, id="ingest-unreadable-source"),
    pytest.param(["ingest"], USAGE, id="ingest-no-source"),
    # import (a file its mapping cannot import fails; a missing mapping is a usage error)
    pytest.param(
        ["import", "spendingjp", "$not_a_brochure", "$out", "--unit", "yen"],
        FAILED,
        id="import-unknown-header",
    ),
    pytest.param(["import", "custom", "$not_a_brochure", "$out"], USAGE, id="import-no-mapping"),
    pytest.param(["import", "elsewhere", "$not_a_brochure", "$out"], USAGE, id="import-bad-format"),
    # compare (a package holding no budget book; an invalid package)
    pytest.param(
        ["compare", "$publication", "--from", "2024", "--to", "2024", "$out"],
        USAGE,
        id="compare-no-book",
    ),
    pytest.param(
        ["compare", "$invalid_package", "--from", "2024", "--to", "2024", "$out"],
        FAILED,
        id="compare-invalid",
    ),
    pytest.param(["compare", "$publication", "$out"], USAGE, id="compare-no-spec"),
    # parquet (a package without a lines table is bad input)
    pytest.param(["parquet", "$empty", "$out"], USAGE, id="parquet-no-package"),
    pytest.param(["parquet", "$out"], USAGE, id="parquet-no-out"),
    # publish (the catalog is never reached: validation or the arguments stop it first)
    pytest.param(
        ["publish", "$invalid_publication", "--ckan-url", "$closed", "--dry-run"],
        FAILED,
        id="publish-invalid",
    ),
    pytest.param(
        ["publish", "$empty", "--ckan-url", "$closed", "--dry-run"],
        USAGE,
        id="publish-no-package",
    ),
    pytest.param(
        ["publish", "$publication", "--config", "$empty/none.toml"],
        USAGE,
        id="publish-bad-option",
    ),
    # query, load and serve read the RDF without validating it
    pytest.param(["query", "--data", "$empty", "ASK {}"], USAGE, id="query-no-publication"),
    pytest.param(
        ["query", "--data", "$publication", "SELECT ?x WHERE {"], USAGE, id="query-malformed"
    ),
    pytest.param(
        ["load", "--data", "$empty", "--endpoint", "$closed", "--dry-run"],
        USAGE,
        id="load-no-publication",
    ),
    pytest.param(["load", "--data", "$publication"], USAGE, id="load-no-endpoint"),
    pytest.param(
        ["load", "--data", "$publication", "--endpoint", "$closed"], FAILED, id="load-refused"
    ),
    pytest.param(
        ["serve", "--data", "$empty", "--port", "$port"], USAGE, id="serve-no-publication"
    ),
    pytest.param(["serve", "--port", "0"], USAGE, id="serve-bad-option"),
]


def test_the_table_covers_every_command() -> None:
    covered = {case.values[0][0] for case in EXIT_CASES}  # type: ignore[index]
    assert covered == set(COMMANDS)


@pytest.mark.usefixtures("_signals")
@pytest.mark.parametrize(("args", "code"), EXIT_CASES)
def test_one_exit_code_policy(args: list[str], code: int, places: dict[str, str]) -> None:
    result = CliRunner().invoke(main, [Template(a).substitute(places) for a in args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    if code == FAILED and "invalid" in " ".join(args):
        assert "INVALID: " in result.output  # the report is printed
