"""Shared fixtures: the canonical package, and copies of it broken on purpose."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata import default_package, load_budget
from nerima_opendata.files.checked import CACHE_ENV
from nerima_opendata.model import Budget

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent

#: Test files that use the shared services (one CKAN, one Oxigraph server, port 7878 of
#: the docs' examples): under pytest-xdist they, and every test marked ``services``, run
#: in one worker, one at a time.
SHARED_SERVICES = (
    "tests/publish/",
    "tests/test_triplestore.py",
    "tests/test_trust_serve.py",
    "tests/test_docs.py",
    "tests/test_docs_console.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group the tests for ``pytest -n N --dist loadgroup`` (scripts/test.sh): a file's
    tests stay together (its module fixtures are made once), and the files that use the
    shared services share one group. First of the hooks: xdist's, in each worker, reads
    the groups (before, it ran first, saw none, and a file's tests went to both workers,
    each making its module fixtures)."""
    for item in items:
        path = Path(item.path).resolve().relative_to(ROOT).as_posix()
        shared = item.get_closest_marker("services") is not None or any(
            path.startswith(prefix) for prefix in SHARED_SERVICES
        )
        item.add_marker(pytest.mark.xdist_group("services" if shared else path))


@pytest.fixture(scope="session", autouse=True)
def checked_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the caches of checked packages (``files/checked.py``) of this test session
    are, never the user's: for the module and session fixtures, one cache."""
    directory = tmp_path_factory.mktemp("caches")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(directory / "shared"))
        yield directory


@pytest.fixture(autouse=True)
def checked_cache(
    checked_caches: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test's own cache of checked packages (made when first written), for it and the
    commands it runs: what one test checked is not skipped in another."""
    name = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:16]
    monkeypatch.setenv(CACHE_ENV, str(checked_caches / name))
    return checked_caches / name


@pytest.fixture(scope="session")
def budget() -> Budget:
    """The shipped Nerima FY2024 budget."""
    return load_budget()


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the canonical data package."""
    target = tmp_path / "pkg"
    shutil.copytree(default_package(), target)
    return target


def _read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def rehash(directory: Path) -> None:
    """Update bytes and hash of every resource that lists them, after a deliberate edit."""
    descriptor_path = directory / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = directory / resource["path"]
        if "hash" in resource and path.is_file() and ".." not in resource["path"]:
            data = path.read_bytes()
            resource["bytes"] = len(data)
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    descriptor_path.write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def apply_edit(directory: Path, edit: dict[str, Any]) -> None:
    """Apply one edit of a case file under tests/data/invalid/."""
    path = directory / edit["file"]
    if "content" in edit:
        path.write_text(edit["content"], encoding="utf-8")
    elif "encoding" in edit:
        path.write_bytes(path.read_text(encoding="utf-8-sig").encode(edit["encoding"]))
    elif "resource" in edit:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resource = next(r for r in descriptor["resources"] if r["name"] == edit["resource"])
        if "path" in edit:
            resource["path"] = edit["path"]
        if "drop_schema_constraint" in edit:
            field = next(
                f
                for f in resource["schema"]["fields"]
                if f["name"] == edit["drop_schema_constraint"]
            )
            field.pop("constraints")
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        rows = _read_csv(path)
        if "drop_column" in edit:
            index = rows[0].index(edit["drop_column"])
            rows = [row[:index] + row[index + 1 :] for row in rows]
        elif "truncate_row" in edit:
            rows[edit["truncate_row"] - 1] = rows[edit["truncate_row"] - 1][: edit["keep_cells"]]
        else:
            rows[edit["row"] - 1][rows[0].index(edit["column"])] = edit["value"]
        _write_csv(path, rows)


def load_case(name: str) -> dict[str, Any]:
    """Read one case file."""
    with (DATA / "invalid" / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def make_case(directory: Path, case: dict[str, Any]) -> Path:
    """Break a package copy (or, with ``base = "publication"``, a build) as the case says."""
    if case.get("base") == "publication":
        from nerima_opendata import build_publication

        shutil.rmtree(directory)
        build_publication(directory)
    for edit in case["edits"]:
        apply_edit(directory, edit)
    return directory


INVALID_CASES = sorted(p.stem for p in (DATA / "invalid").glob("*.toml"))
