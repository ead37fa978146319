"""Installed from a wheel (not editable), the package ships its data and builds anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from nerima_opendata.files.extras import ALL, EXTRAS, requirements

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
    for fmt in ("spendingjp", "setagaya"):  # the importer's shipped mappings
        assert f"nerima_opendata/readers/book/formats/{fmt}.toml" in names


def _key(requirement: Requirement | str) -> tuple[str, SpecifierSet]:
    parsed = Requirement(requirement) if isinstance(requirement, str) else requirement
    return parsed.name.lower(), parsed.specifier


@pytest.mark.parametrize("extra", [None, *EXTRAS, ALL])
def test_wheel_metadata_declares_the_extras(wheel: Path, extra: str | None) -> None:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(archive.read(name).decode("utf-8"))
    assert set(metadata.get_all("Provides-Extra", [])) == {*EXTRAS, ALL, "test"}
    lines = [Requirement(line) for line in metadata.get_all("Requires-Dist", [])]
    if extra is None:  # the core: no marker
        found = {_key(r) for r in lines if r.marker is None}
        assert {n for n, _ in found} == {"frictionless", "pydantic", "rdflib", "click"}
        return
    found = {_key(r) for r in lines if r.marker and r.marker.evaluate({"extra": extra})}
    assert found == {_key(spec) for spec in requirements(extra)}


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
