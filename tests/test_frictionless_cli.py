"""The upstream frictionless CLI, in its own venv when CI provides one, calls the build valid."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nerima_opendata import build_publication


def test_upstream_cli_reports_the_publication_valid(tmp_path: Path) -> None:
    local = Path(sys.executable).with_name("frictionless")
    cli = os.environ.get("FRICTIONLESS_CLI")
    if cli is None and os.environ.get("NERIMA_REQUIRE_SERVICES") == "1":
        pytest.fail("CI must name the upstream CLI in its own venv: FRICTIONLESS_CLI is not set")
    cli = cli or (str(local) if local.exists() else None)
    if cli is None:
        pytest.skip("no frictionless CLI found")
    assert Path(cli).exists(), f"FRICTIONLESS_CLI={cli} does not exist"
    build_publication(tmp_path / "out")
    run = subprocess.run(
        [cli, "validate", str(tmp_path / "out" / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "INVALID" not in run.stdout
