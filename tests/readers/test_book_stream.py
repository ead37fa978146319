"""The streaming import: packages byte-identical to the in-memory importer's, and memory
that does not grow with the rows."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.errors import BookImportError
from nerima_opendata.model.summary import BudgetSummary
from nerima_opendata.publication.book_package import write_book_package
from nerima_opendata.publication.build import write_package
from nerima_opendata.readers.book import open_budget_book, read_budget_book
from tests.readers.book_files import SPENDINGJP_HEADER, SPENDINGJP_ROWS, write_csv

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
#: The SHA-256 of every file the in-memory importer (read_budget_book, then
#: write_package) wrote for the real books before the import was streamed.
ORACLE: dict[str, dict[str, str]] = json.loads((REAL / "import_sha256.json").read_text())
TAMA = REAL / "tama_r3_spendingjp.csv"
TAMA_OPTIONS: dict[str, Any] = {
    "municipality": "132241",
    "municipality_name": "多摩市",
    "unit": "thousand-yen",
}
SETAGAYA = REAL / "setagaya_ippansaisyutu_2018-2026.csv"

#: name in the oracle: (file, format, options)
BOOKS: dict[str, tuple[Path, str, dict[str, Any]]] = {
    "tama": (TAMA, "spendingjp", TAMA_OPTIONS),
    "abiko": (
        REAL / "abiko_r3_spendingjp.csv",
        "spendingjp",
        {"municipality": "122220", "municipality_name": "我孫子市", "unit": "yen"},
    ),
    "setagaya": (SETAGAYA, "setagaya", {}),
    "setagaya-2025": (SETAGAYA, "setagaya", {"fiscal_year": 2025}),
}


def _digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in directory.iterdir()}


def test_the_oracle_covers_every_book() -> None:
    assert sorted(ORACLE) == sorted(BOOKS)


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_streamed_package_is_byte_identical(tmp_path: Path, name: str) -> None:
    source, fmt, options = BOOKS[name]
    book = open_budget_book(source, fmt, **options)
    result, summaries = write_book_package(book, tmp_path / "pkg", check=None)
    assert _digests(tmp_path / "pkg") == ORACLE[name]
    assert sorted(path for path, _ in result.files) == sorted(ORACLE[name])
    assert [s.info.id for s in summaries] == [info.id for info in book.infos]
    assert sum(s.lines for s in summaries) == sum(1 for _ in _lines(tmp_path / "pkg"))


def _lines(directory: Path) -> list[list[str]]:
    (path,) = directory.glob("*_lines.csv")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))[1:]


def test_in_memory_reader_writes_the_same_bytes(tmp_path: Path) -> None:
    write_package(read_budget_book(TAMA, "spendingjp", **TAMA_OPTIONS), tmp_path / "pkg")
    assert _digests(tmp_path / "pkg") == ORACLE["tama"]


def test_summaries_are_those_of_the_budgets_in_memory(tmp_path: Path) -> None:
    budgets = read_budget_book(SETAGAYA, "setagaya")
    _, summaries = write_book_package(
        open_budget_book(SETAGAYA, "setagaya"), tmp_path / "pkg", check=None
    )
    assert summaries == tuple(BudgetSummary.of(b) for b in budgets)


@pytest.mark.parametrize("memory_limit", [1, 50])
def test_spilled_stores_give_the_same_bytes(tmp_path: Path, memory_limit: int) -> None:
    """Every store on disk from the first keys: the same package (and the same checks)."""
    book = open_budget_book(TAMA, "spendingjp", **TAMA_OPTIONS)
    write_book_package(book, tmp_path / "pkg", check=None, memory_limit=memory_limit)
    assert _digests(tmp_path / "pkg") == ORACLE["tama"]


def repeated_tama(path: Path, rows: int) -> Path:
    """A spending.jp file of ``rows`` rows: Tama's, repeated with 款 codes shifted by 100
    at each copy (so that every line and node is new)."""
    with TAMA.open(encoding="utf-8-sig", newline="") as stream:
        header, *body = list(csv.reader(stream))
    kan = header.index("款")
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for i in range(rows):
            row = list(body[i % len(body)])
            row[0], row[kan] = str(i), str(int(row[kan]) + 100 * (i // len(body)))
            writer.writerow(row)
    return path


#: Imports a file in a fresh interpreter and prints its lines and peak RSS (KiB).
_CHILD = """
import resource, sys
from nerima_opendata.publication.book_package import write_book_package
from nerima_opendata.readers.book import open_budget_book
book = open_budget_book(sys.argv[1], "spendingjp", municipality="132241",
                        municipality_name="多摩市", unit="thousand-yen")
_, (summary,) = write_book_package(book, sys.argv[2], check=None, memory_limit=2_000)
print(summary.lines, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _import_peak(tmp_path: Path, rows: int) -> int:
    source = repeated_tama(tmp_path / f"book-{rows}.csv", rows)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(source), str(tmp_path / f"pkg-{rows}")],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": ":".join(sys.path)},
    )
    lines, peak = map(int, done.stdout.split())
    assert lines == rows
    return peak


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    """50,000 rows take about the memory of 5,000: the stores spill to disk past 2,000
    keys (the in-memory importer took 108 MiB at 10,000 rows and 691 MiB at 100,000).
    What grows is SQLite's page cache of each store on disk, bounded at 16 MiB a store
    (three spill on this book)."""
    small, large = _import_peak(tmp_path, 5_000), _import_peak(tmp_path, 50_000)
    assert large < small + 40 * 1024, (small, large)


def _two_years(changes: dict[tuple[int, str], str]) -> list[list[str]]:
    """The small spending.jp file with its rows twice: R3 (rows 2–4), then R2 (rows
    5–7), cells changed by ``{(row, header): value}``."""
    rows = [list(SPENDINGJP_HEADER), *(list(r) for r in SPENDINGJP_ROWS)]
    rows += [[r[0], "R2", *r[2:]] for r in (list(r) for r in SPENDINGJP_ROWS)]
    for (number, header), value in changes.items():
        rows[number - 1][SPENDINGJP_HEADER.index(header)] = value
    return rows


@pytest.mark.parametrize(
    ("changes", "message", "row"),
    [
        pytest.param(
            {(2, "予算額"): "x", (6, "予算額"): "y"}, "not a number", 6, id="rows-of-both"
        ),
        pytest.param(
            {(2, "予算額"): "x", (6, "節"): "", (6, "節名称"): ""},
            "a line at a node that has nodes below it",
            6,
            id="leaf-of-the-first",
        ),
        pytest.param({(3, "予算額"): "x"}, "not a number", 3, id="the-second-only"),
    ],
)
def test_errors_of_the_first_budget_come_first(
    tmp_path: Path, changes: dict[tuple[int, str], str], message: str, row: int
) -> None:
    """As when budgets were assembled one after the other: FY2020's error (rows 5–7),
    even where a FY2021 row before it is wrong too."""
    source = write_csv(tmp_path / "book.csv", _two_years(changes))
    with pytest.raises(BookImportError, match=message) as caught:
        read_budget_book(source, "spendingjp", **TAMA_OPTIONS)
    assert caught.value.line == row


@pytest.mark.parametrize("bom", [False, True])
def test_a_bad_byte_beyond_the_first_chunk_is_found_where_it_is(tmp_path: Path, bom: bool) -> None:
    """The file is decoded in chunks of 1 MiB, multi-byte characters across their
    boundaries: the error names the byte's offset in the file and its line."""
    rows = [list(SPENDINGJP_HEADER)]
    rows += [
        [str(i), "R3", "一般会計", "1", "議会費" * 5, *SPENDINGJP_ROWS[0][5:]]
        for i in range(15_000)
    ]
    source = write_csv(tmp_path / "book.csv", rows, bom=bom)
    data = bytearray(source.read_bytes())
    assert len(data) > 1_200_000
    at = data.index("議会費".encode(), 1_200_000)  # the first byte of a 議, past 1 MiB
    data[at] = 0xFF
    source.write_bytes(bytes(data))
    line = data[:at].count(b"\n") + 1
    with pytest.raises(BookImportError, match="not utf-8") as caught:
        read_budget_book(source, "spendingjp", encoding="utf-8", **TAMA_OPTIONS)
    assert caught.value.line == line
    assert f"byte 0xff at offset {at}" in str(caught.value)
