"""The cache of checked packages (``files/checked.py``): a key that changes with any byte
of a package or of the checker, remembered only when asked, never an error; and a build
from a package that ``import`` checked does not check it again, with the same files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata import build_publication
from nerima_opendata.checks import book_input, validation
from nerima_opendata.errors import InvalidPackageError
from nerima_opendata.files import checked
from nerima_opendata.files.background import PROCESSES_ENV
from nerima_opendata.files.checked import (
    CACHE_ENV,
    cache_directory,
    package_key,
    remember_checked,
    was_checked,
)
from tests.real_books import TAMA, import_package
from tests.recorder import Recorder


def _package(root: Path) -> Path:
    package = root / "pkg"
    (package / "data").mkdir(parents=True)
    (package / "datapackage.json").write_text('{"resources": []}', encoding="utf-8")
    (package / "a.csv").write_text("id,amount\n1,100\n", encoding="utf-8")
    (package / "data" / "b.csv").write_text("id\nx\n", encoding="utf-8")
    return package


def _edit(path: str, text: str) -> Callable[[Path], object]:
    return lambda package: (package / path).write_text(text, encoding="utf-8")


CHANGES: list[tuple[str, Callable[[Path], object]]] = [
    ("a-byte", _edit("a.csv", "id,amount\n1,101\n")),
    ("a-line-end", _edit("a.csv", "id,amount\r\n1,100\r\n")),
    ("in-a-folder", _edit("data/b.csv", "id\ny\n")),
    ("descriptor", _edit("datapackage.json", '{"resources": [] }')),
    ("file-added", _edit("c.csv", "")),
    ("file-removed", lambda package: (package / "a.csv").unlink()),
    ("file-renamed", lambda package: (package / "a.csv").rename(package / "z.csv")),
    ("file-moved", lambda package: (package / "a.csv").rename(package / "data" / "a.csv")),
]


@pytest.mark.parametrize(("name", "change"), CHANGES, ids=[c[0] for c in CHANGES])
def test_any_change_is_a_new_key(tmp_path: Path, name: str, change: Callable[[Path], None]) -> None:
    package = _package(tmp_path)
    before = package_key(package)
    change(package)
    assert package_key(package) != before, name


def test_the_key_is_the_bytes_not_the_place(tmp_path: Path) -> None:
    package = _package(tmp_path)
    copy = shutil.copytree(package, tmp_path / "elsewhere" / "copy")
    assert package_key(copy) == package_key(package)


def test_a_new_checker_is_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(tmp_path)
    before = package_key(package)
    monkeypatch.setattr(checked, "_checker", lambda: "another checker")
    assert package_key(package) != before


def test_a_key_is_known_once_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    key, other = package_key(_package(tmp_path)), "0" * 64
    assert key is not None
    assert not was_checked(key)
    remember_checked(key, "changed meanwhile")
    assert not was_checked(key)
    remember_checked(key, key)
    assert was_checked(key)
    assert not was_checked(other)
    assert (tmp_path / "cache" / "checked" / key).is_file()


@pytest.mark.parametrize("value", ["off", "OFF", "", " "])
def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(CACHE_ENV, value)
    assert cache_directory() is None
    remember_checked("1" * 64, "1" * 64)
    assert not was_checked("1" * 64)


def test_a_cache_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "file"))
    remember_checked("2" * 64, "2" * 64)  # its "checked" folder would be inside a file
    assert not was_checked("2" * 64)
    assert not was_checked(None)


def _link(package: Path) -> None:
    (package / "link.csv").symlink_to(package / "a.csv")


def _fifo(package: Path) -> None:
    os.mkfifo(package / "data" / "pipe")


@pytest.mark.parametrize("add", [_link, _fifo], ids=["link", "fifo"])
def test_a_package_with_more_than_files_has_no_key(
    tmp_path: Path, add: Callable[[Path], None]
) -> None:
    package = _package(tmp_path)
    add(package)
    assert package_key(package) is None
    remember_checked(None, None)
    assert not was_checked(None)


@pytest.mark.parametrize(
    ("xdg", "home", "expected"),
    [
        ("/x/cache", "/h", Path("/x/cache/nerima-opendata")),
        (None, "/h", Path("/h/.cache/nerima-opendata")),
        ("", "/h", Path("/h/.cache/nerima-opendata")),
        (None, "", None),
        (None, None, None),
        ("relative", "/h", None),
    ],
)
def test_the_default_place(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None, home: str | None, expected: Path | None
) -> None:
    monkeypatch.delenv(CACHE_ENV)
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert cache_directory() == expected


# -- a build from a package import checked ---------------------------------------------


def _files(directory: Path) -> dict[str, bytes]:
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in files}


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return validation.inspect(*args, **kwargs)

    monkeypatch.setattr(book_input, "inspect", counted)
    return calls


def test_a_build_does_not_check_again_what_import_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PROCESSES_ENV, "1")  # the check runs here, where it is counted
    package = import_package(TAMA, tmp_path / "pkg")
    calls = _counting_checks(monkeypatch)
    recorder = Recorder()
    build_publication(tmp_path / "fast", package, progress=recorder)
    assert calls == []
    assert recorder.names()[0].startswith("the input package passed the checks before")
    monkeypatch.setenv(CACHE_ENV, "off")
    build_publication(tmp_path / "checked", package)
    assert len(calls) == 1
    assert _files(tmp_path / "fast") == _files(tmp_path / "checked")


def test_a_package_changed_after_import_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PROCESSES_ENV, "1")
    package = import_package(TAMA, tmp_path / "pkg")
    (lines,) = package.glob("*_lines.csv")
    header, first, rest = lines.read_text(encoding="utf-8-sig").split("\n", 2)
    cells = first.split(",")
    cells[header.split(",").index("金額")] = "12abc"
    lines.write_text("\n".join([header, ",".join(cells), rest]), encoding="utf-8-sig")
    calls = _counting_checks(monkeypatch)
    with pytest.raises(InvalidPackageError) as raised:
        build_publication(tmp_path / "out", package)
    assert len(calls) == 1
    assert any(e.found == "12abc" for e in raised.value.report.errors)
    assert not (tmp_path / "out").exists()


def test_a_build_remembers_what_it_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROCESSES_ENV, "1")
    package = import_package(TAMA, tmp_path / "pkg")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "another-cache"))  # import's entry unseen
    calls = _counting_checks(monkeypatch)
    build_publication(tmp_path / "first", package)
    build_publication(tmp_path / "second", package)
    assert len(calls) == 1
