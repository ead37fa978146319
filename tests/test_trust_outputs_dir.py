"""Never delete a folder the tool did not write (issue 14, point 1).

Every command that writes a folder replaces it only when it is missing, empty, or a
folder this tool wrote (its marked ``datapackage.json`` lists every file, unchanged).
Each hostile folder below is refused with exit code 2, the error names what would be
lost, and every byte (and link) is still there afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata import write_package
from nerima_opendata.cli.main import main
from nerima_opendata.errors import OutputError
from nerima_opendata.files.atomic import atomic_directory
from nerima_opendata.files.ownership import GENERATOR, GENERATOR_KEY, is_ours
from nerima_opendata.model import Budget

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "datapackage"
SOURCE = ROOT / "source" / "nerima-r6-budget-brochure.txt"


def _project(out: Path) -> list[str]:
    """A user's project folder: a git repository, drafts, and a data package."""
    (out / ".git" / "objects").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (out / "notes.md").write_text("# drafts\n", encoding="utf-8")
    for file in SHIPPED.iterdir():
        shutil.copy(file, out / file.name)
    return [".git/", "notes.md"]


def _extra_csv(out: Path) -> list[str]:
    """A folder this tool wrote, with a CSV added and a listed CSV edited by hand."""
    shutil.copytree(SHIPPED, out, dirs_exist_ok=True)
    (out / "edited.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return ["edited.csv"]


def _changed_listed(out: Path) -> list[str]:
    """A publication-like folder whose listed file no longer has its listed size/hash."""
    (out / "data.csv").write_text("a\n1\n", encoding="utf-8")
    listed = {"path": "data.csv", "bytes": 4, "hash": "sha256:" + "0" * 64}
    descriptor = {GENERATOR_KEY: GENERATOR, "resources": [listed]}
    (out / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return ["data.csv (changed since it was written)"]


def _unmarked(out: Path) -> list[str]:
    """A data package with every file listed, but written by someone else."""
    shutil.copytree(SHIPPED, out, dirs_exist_ok=True)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    del descriptor[GENERATOR_KEY]
    (out / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return ["not a publication this tool wrote", "datapackage.json"]


def _file(out: Path) -> list[str]:
    out.rmdir()
    out.write_text("not a folder\n", encoding="utf-8")
    return ["not a directory"]


def _symlink(out: Path) -> list[str]:
    """OUT is a link to a folder this tool wrote: the link's target is not replaced."""
    target = out.parent / "elsewhere"
    shutil.copytree(SHIPPED, target)
    out.rmdir()
    out.symlink_to(target, target_is_directory=True)
    return ["symbolic link"]


def _inner_symlink(out: Path) -> list[str]:
    """A listed file replaced by a link to a file outside."""
    shutil.copytree(SHIPPED, out, dirs_exist_ok=True)
    secret = out.parent / "secret.txt"
    secret.write_text("secret\n", encoding="utf-8")
    listed = out / "131202_budget.csv"
    listed.unlink()
    listed.symlink_to(secret)
    return ["131202_budget.csv"]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "project-with-git": _project,
    "extra-csv": _extra_csv,
    "listed-file-changed": _changed_listed,
    "descriptor-without-marker": _unmarked,
    "a-file": _file,
    "a-symlink": _symlink,
    "symlink-inside": _inner_symlink,
}


def _snapshot(base: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under ``base`` (links not followed): its kind and bytes or target."""
    found: dict[str, tuple[str, bytes]] = {}
    for folder, dirs, files in os.walk(base):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            key = str(path.relative_to(base))
            if path.is_symlink():
                found[key] = ("link", os.readlink(path).encode())
            elif path.is_dir():
                found[key] = ("dir", b"")
            else:
                found[key] = ("file", path.read_bytes())
    return found


def _hostile(tmp_path: Path, case: str) -> tuple[Path, list[str], dict[str, tuple[str, bytes]]]:
    out = tmp_path / "out"
    out.mkdir()
    named = CASES[case](out)
    return out, named, _snapshot(tmp_path)


@pytest.mark.parametrize("case", CASES)
def test_atomic_directory_refuses_and_touches_nothing(tmp_path: Path, case: str) -> None:
    out, named, before = _hostile(tmp_path, case)
    with pytest.raises(OutputError) as info, atomic_directory(out) as tmp:
        (tmp / "new.csv").write_text("x\n", encoding="utf-8")
    for name in named:
        assert name in str(info.value)
    assert _snapshot(tmp_path) == before


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "build": lambda out: ["build", "-q", "--from", str(SHIPPED), str(out)],
    "ingest": lambda out: ["ingest", "-q", str(SOURCE), str(out)],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", ["project-with-git", "extra-csv", "a-symlink"])
def test_commands_refuse_with_exit_code_2(tmp_path: Path, case: str, command: str) -> None:
    out, named, before = _hostile(tmp_path, case)
    result = CliRunner().invoke(main, COMMANDS[command](out))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for name in named:
        assert name in result.output
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("case", ["project-with-git", "descriptor-without-marker"])
def test_write_package_refuses(tmp_path: Path, case: str, budget: Budget) -> None:
    out, _, before = _hostile(tmp_path, case)
    with pytest.raises(OutputError, match="refusing to replace"):
        write_package(budget, out)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("setup", ["missing", "empty", "ours"])
def test_missing_empty_or_own_folders_are_replaced(
    tmp_path: Path, setup: str, budget: Budget
) -> None:
    out = tmp_path / "out"
    if setup != "missing":
        out.mkdir()
    if setup == "ours":
        write_package(budget, out)
        assert is_ours(out)
    write_package(budget, out)
    assert is_ours(out)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in SHIPPED.iterdir())


def test_the_marker_holds_no_version_or_date() -> None:
    """Builds stay byte-identical across versions: the marker is the name and home."""
    descriptor = json.loads((SHIPPED / "datapackage.json").read_text(encoding="utf-8"))
    assert (
        descriptor[GENERATOR_KEY]
        == GENERATOR
        == {
            "name": "nerima-opendata",
            "path": "https://w3id.org/nerima-opendata/",
        }
    )
