"""The Arrow benchmark (``benchmarks/arrow_lines.py``) writes each part of the four RDF
files (the head's, the lines') byte for byte as the library does, or refuses a book it
does not cover."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from benchmarks.arrow_lines import PARTS, Refused, arrow_lines, main
from benchmarks.scale import MUNICIPALITY, run_python
from benchmarks.synthetic import write_csv

from nerima_opendata.files.background import parallel
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name


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


def _with_department(package: Path, target: Path, rows: slice) -> Path:
    """A copy of the package whose lines ``rows`` (of the table's rows after the header)
    name a department."""
    target.mkdir()
    for path in package.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    lines = next(target.glob("*_budget_lines.csv"))
    with lines.open(encoding="utf-8-sig", newline="") as stream:
        table = list(csv.reader(stream))
    column = table[0].index("所属コード")
    for row in table[1:][rows]:
        row[column] = "0101"
    with lines.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(table)
    return target


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        (slice(0, 1), "a department between it and its observation"),  # the first line
        (slice(None), "a department between it and its observation"),  # every line
        (slice(-1, None), "department_code filled in some lines only"),  # the last
    ],
)
def test_a_book_of_other_shapes_is_refused(
    package: Path, tmp_path: Path, rows: slice, said: str
) -> None:
    changed = _with_department(package, tmp_path / "pkg", rows)
    (tmp_path / "out").mkdir()
    with pytest.raises(Refused, match=said):
        arrow_lines(changed, tmp_path / "out")


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


@pytest.mark.skipif(not parallel(), reason="the Arrow build writes its parts in two processes")
def test_a_build_with_its_rdf_by_arrow_writes_the_librarys_files(
    package: Path, tmp_path: Path
) -> None:
    cache = str(tmp_path / "cache")
    library, arrow = tmp_path / "library", tmp_path / "arrow"
    for command, out in (("nerima_opendata", library), ("benchmarks.arrow_build", arrow)):
        run_python(
            ["-m", command, "build", "-q", "--from", package, out], NERIMA_OPENDATA_CACHE=cache
        )
    files = sorted(p.relative_to(library) for p in library.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(arrow) for p in arrow.rglob("*") if p.is_file())
    assert len(files) > 15
    for name in files:
        assert (arrow / name).read_bytes() == (library / name).read_bytes(), name
