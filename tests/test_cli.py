"""The command line: help with examples, exit codes, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from nerima_opendata.cli.main import main

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
            1,
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
