"""The Arrow benchmark (``benchmarks/arrow_lines.py``) writes each part of the four RDF
files (the head's, the lines') byte for byte as the library does, or refuses a book it
does not cover; a build whose RDF it writes (``benchmarks/arrow_build.py``) writes the
library build's files."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from benchmarks.arrow_lines import PARTS, SPECIAL_RE2, Refused, main
from benchmarks.scale import MUNICIPALITY, ROOT, run_python
from benchmarks.synthetic import write_csv

from nerima_opendata.files.background import parallel
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name
from nerima_opendata.writers.rdf_shapes import SPECIAL

LINES, CODES, AMOUNTS = "_budget_lines.csv", "_budget_classifications.csv", "_line_amounts.csv"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic book of 300 lines, imported."""
    work = tmp_path_factory.mktemp("arrow")
    source, pkg = work / "lines.csv", work / "pkg"
    write_csv(source, 300)
    run_python(
        ["-m", "nerima_opendata", "import", "spendingjp", source, pkg, *MUNICIPALITY],
        NERIMA_OPENDATA_CACHE=str(work / "cache"),
    )
    return pkg


@pytest.mark.parametrize("part", list(PARTS))
@pytest.mark.parametrize("block", [4_096, 1 << 20])  # many blocks, one
def test_arrow_writes_the_librarys_bytes(
    package: Path, tmp_path: Path, part: str, block: int
) -> None:
    library, arrow = tmp_path / "library", tmp_path / "arrow"
    library.mkdir()
    arrow.mkdir()
    write_library, write_arrow = PARTS[part]
    hashes = write_library(package, library)
    assert write_arrow(package, arrow, block) == hashes
    for fmt in RDF_SERIALIZATIONS:
        name = budget_file_name("132241", fmt)
        assert (arrow / name).read_bytes() == (library / name).read_bytes(), name
        assert (library / name).stat().st_size > 300 * 500


def test_the_re2_class_is_the_librarys() -> None:
    """``SPECIAL_RE2`` finds exactly the characters ``rdf_shapes.SPECIAL`` finds (every
    character a valid string holds: no surrogate)."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    found = pc.match_substring_regex(pa.array(chars, pa.string()), SPECIAL_RE2).to_pylist()
    assert found == [SPECIAL.search(c) is not None for c in chars]


def _changed(package: Path, target: Path, table: str, column: str, rows: slice, to: str) -> Path:
    """A copy of the package whose table's ``column`` holds ``to`` in ``rows`` (of the
    rows after the header). It may not be a valid package (a line's ID no longer its
    classification and department, say): the benchmark does not check one."""
    target.mkdir()
    for path in package.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    path = next(target.glob(f"*{table}"))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        cells = list(csv.reader(stream))
    at = cells[0].index(column)
    for row in cells[1:][rows]:
        row[at] = to
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(cells)
    return target


def _with_amount(package: Path, target: Path) -> Path:
    """A copy of the package with one non-primary amount."""
    target.mkdir()
    for path in package.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    path = next(target.glob(f"*{AMOUNTS}"))
    lines = next(target.glob(f"*{LINES}")).read_text(encoding="utf-8-sig").splitlines()
    line = next(csv.reader([lines[1]]))
    with path.open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerow(
            [line[0], f"{line[1]}_request", line[2], line[3], line[1], "request", "5"]
        )
    return target


@pytest.mark.parametrize(
    ("parts", "table", "column", "rows", "to", "said"),
    [
        ("lines", LINES, "所属コード", slice(0, 1), "0101", "a department between it"),
        ("lines", LINES, "所属コード", slice(None), "0101", "a department between it"),
        ("lines", LINES, "所属コード", slice(-1, None), "0101", "department_code filled in"),
        ("lines", LINES, "所属名", slice(None), "総務課", "a line with a department_name"),
        ("lines", LINES, "出典行", slice(0, 60), "", "source_rows (filled in|where the first)"),
        ("lines", LINES, "性質別コード", slice(None), "01", "a line with a nature_code"),
        ("lines", LINES, "COFOG", slice(-1, None), "01&1", "an IRI with '&'"),
        ("lines", LINES, "ID", slice(-1, None), "x y", "no plain path segment"),
        ("lines", LINES, "金額", slice(-1, None), "+5", "an integer not as the model prints"),
        ("lines", LINES, "金額", slice(0, 1), "05", "an integer not as the model prints"),
        ("lines,head", CODES, "名称", slice(None), 'a "quoted" name', "a value some format"),
        ("lines,head", CODES, "名称", slice(None), "R&D", "a value some format escapes"),
        ("lines,head", CODES, "名称", slice(None), "two\nlines", "a value some format"),
        ("lines,head", CODES, "名称_英語", slice(-1, None), "Other", "an English name"),
        ("head", CODES, "階層番号", slice(-1, None), "+5", "an integer not as the model"),
    ],
)
def test_a_book_it_does_not_cover_is_refused(
    package: Path,
    tmp_path: Path,
    parts: str,
    table: str,
    column: str,
    rows: slice,
    to: str,
    said: str,
) -> None:
    changed = _changed(package, tmp_path / "pkg", table, column, rows, to)
    for part in parts.split(","):
        (tmp_path / part).mkdir()
        with pytest.raises(Refused, match=said):
            PARTS[part][1](changed, tmp_path / part, 4_096)


@pytest.mark.parametrize("block", [4_096, 1 << 20])
def test_lines_not_in_the_code_lists_order_are_refused(
    package: Path, tmp_path: Path, block: int
) -> None:
    """The labels are read along with the lines (a window of the code list): a line
    whose node comes before the previous line's is refused, not looked up."""
    changed = tmp_path / "pkg"
    changed.mkdir()
    for path in package.iterdir():
        (changed / path.name).write_bytes(path.read_bytes())
    lines = next(changed.glob(f"*{LINES}"))
    header, first, *rest = lines.read_text(encoding="utf-8-sig").splitlines()
    lines.write_text("\r\n".join([header, *rest, first]) + "\r\n", encoding="utf-8-sig")
    (tmp_path / "out").mkdir()
    with pytest.raises(Refused, match=r"order|after the line before"):
        PARTS["lines"][1](changed, tmp_path / "out", block)


def test_a_book_with_another_amount_is_refused(package: Path, tmp_path: Path) -> None:
    changed = _with_amount(package, tmp_path / "pkg")
    (tmp_path / "out").mkdir()
    with pytest.raises(Refused, match="a non-primary amount"):
        PARTS["lines"][1](changed, tmp_path / "out")


def test_the_benchmark_prints_both_and_says_the_bytes_are_the_same(
    package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "lines.csv"
    write_csv(source, 300)  # what the package was imported from (the same seed)
    work = tmp_path / "work"
    work.mkdir()
    main([str(package), "--source", str(source), "--runs", "1", "--work", str(work)])
    printed = capsys.readouterr().out
    assert re.search(r"^os.cpu_count\(\) = \d+, [\d,]+ statements$", printed, re.MULTILINE)
    assert "the same bytes: True" in printed
    for label in ("library", "arrow", "floor"):
        assert re.search(
            rf"{label}: wall s [\d.]+ \(median [\d.]+, [\d.]+x the floor\); CPU s", printed
        )
    assert list(work.iterdir()) == []


def _build(command: str, package: Path, out: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, NERIMA_OPENDATA_CACHE=str(cache))
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return subprocess.run(
        [sys.executable, "-m", command, "build", "-q", "--from", str(package), str(out)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not parallel(), reason="the Arrow build writes its parts in two processes")
def test_a_build_with_its_rdf_by_arrow_writes_the_librarys_files(
    package: Path, tmp_path: Path
) -> None:
    library, arrow = tmp_path / "library", tmp_path / "arrow"
    for command, out in (("nerima_opendata", library), ("benchmarks.arrow_build", arrow)):
        assert _build(command, package, out, tmp_path / "cache").returncode == 0
    files = sorted(p.relative_to(library) for p in library.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(arrow) for p in arrow.rglob("*") if p.is_file())
    assert len(files) > 15
    for name in files:
        assert (arrow / name).read_bytes() == (library / name).read_bytes(), name


@pytest.mark.skipif(not parallel(), reason="the Arrow build writes its parts in two processes")
def test_the_arrow_build_stops_on_a_book_the_library_builds(package: Path, tmp_path: Path) -> None:
    """A valid book with a name some format escapes: the library builds it, the Arrow
    build says why it does not (so it did write the RDF, not the library)."""
    changed = _changed(package, tmp_path / "pkg", CODES, "名称", slice(None), "R&D")
    cache = tmp_path / "cache"
    assert _build("nerima_opendata", changed, tmp_path / "library", cache).returncode == 0
    stopped = _build("benchmarks.arrow_build", changed, tmp_path / "arrow", cache)
    assert stopped.returncode == 1
    assert "a value some format escapes" in stopped.stderr
    assert not (tmp_path / "arrow").exists()
