"""Installed from a wheel (not editable), the package ships its data and builds anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0 and "hatchling" in run.stderr:
        run = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert run.returncode == 0, run.stderr
    return next(dist.glob("nerima_opendata-*.whl"))


def test_wheel_ships_data_and_typing(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "nerima_opendata/py.typed" in names
    assert "nerima_opendata/_data/datapackage/datapackage.json" in names
    assert "nerima_opendata/_data/source/nerima-r6-budget-brochure.txt" in names
    assert any(n.startswith("nerima_opendata/_data/vocab/") for n in names)


def test_installed_wheel_builds_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run(
        [sys.executable, "-m", "nerima_opendata", "build", "out"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import nerima_opendata; print(nerima_opendata.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(target))
    assert (work / "out" / "131202_budget_projects.csv").exists()
