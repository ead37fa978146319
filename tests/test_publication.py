"""Building the publication: atomic, deterministic, safe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nerima_opendata import OutputError, build, build_publication, validate
from nerima_opendata.model import Budget
from nerima_opendata.writers import csv as csv_writer


def _files(directory: Path) -> list[Path]:
    """Every file of a publication, in its folders too (``vocab/``)."""
    return sorted(p for p in directory.rglob("*") if p.is_file())


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in _files(directory)}


def test_two_builds_are_byte_identical(budget: Budget, tmp_path: Path) -> None:
    build(budget, tmp_path / "a")
    build(budget, tmp_path / "b")
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


def test_publication_is_valid_and_lists_every_file(tmp_path: Path) -> None:
    result = build_publication(tmp_path / "out")
    assert validate(tmp_path / "out").valid
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"] for r in descriptor["resources"]}
    out = tmp_path / "out"
    on_disk = {p.relative_to(out).as_posix() for p in _files(out)} - {"datapackage.json"}
    assert listed == on_disk
    assert {name for name, _ in result.files} == on_disk | {"datapackage.json"}


def test_failed_build_leaves_previous_output_untouched(
    budget: Budget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build(budget, out)
    before = _snapshot(out)
    calls = {"n": 0}
    original = csv_writer.write_csv

    def failing(*args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("nerima_opendata.publication.build.write_csv", failing)
    with pytest.raises(OutputError, match="No space left"):
        build(budget, out)
    assert _snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_refuses_to_replace_a_directory_that_is_not_a_publication(
    budget: Budget, tmp_path: Path
) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("do not delete", encoding="utf-8")
    with pytest.raises(OutputError, match="not a publication"):
        build(budget, out)
    assert (out / "thesis.docx").exists()


def test_refuses_a_file_as_output(budget: Budget, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="not a directory"):
        build(budget, target)
