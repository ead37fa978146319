"""A book's RDF written a block of rows at a time by Arrow compute
(``writers/rdf_blocks*.py``): each part of the four files byte for byte what the writers
write, or, for a book the blocks do not write, the writers' own bytes after all (why is
kept in ``BookSource.blocks_declined``)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path
from typing import IO, Any, cast

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from benchmarks.scale import MUNICIPALITY, run_python
from benchmarks.synthetic import write_csv

from nerima_opendata import import_budget_book
from nerima_opendata.errors import OutputError
from nerima_opendata.model.base import _UNWRITABLE
from nerima_opendata.publication.book_build import BookSource
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name
from nerima_opendata.writers.rdf_blocks import SPECIAL_RE2, UNWRITABLE_RE2
from nerima_opendata.writers.rdf_blocks_tables import BlockTables, hashed_files
from nerima_opendata.writers.rdf_book import BookPart
from nerima_opendata.writers.rdf_shapes import SPECIAL
from tests.real_books import ABIKO, REAL, TAMA, import_package

LINES, CODES, AMOUNTS = "_budget_lines.csv", "_budget_classifications.csv", "_line_amounts.csv"
PARTS = (BookPart.HEAD, BookPart.LINES)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic book of 300 lines, imported."""
    work = tmp_path_factory.mktemp("blocks")
    source, pkg = work / "lines.csv", work / "pkg"
    write_csv(source, 300)
    run_python(
        ["-m", "nerima_opendata", "import", "spendingjp", source, pkg, *MUNICIPALITY],
        NERIMA_OPENDATA_CACHE=str(work / "cache"),
    )
    return pkg


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 4 KB: a book's tables read in many blocks."""
    monkeypatch.setattr(BookSource, "block_bytes", 4_096)


def _written(
    package: Path, out: Path, part: BookPart, *, blocks: bool, budget: str | None = None
) -> tuple[str, dict[str, bytes] | str]:
    """One part of the four files (or the error that stopped it), and why the blocks
    did not write it ("" when they did)."""
    out.mkdir(parents=True)
    source = BookSource(package, budget)
    source.use_blocks = blocks
    try:
        paths = source.write_rdf(out, base_iri=DEFAULT_BASE_IRI, part=part)
    except Exception as error:  # the writers' error, the same either way
        return source.blocks_declined, f"{type(error).__name__}: {error}"
    return source.blocks_declined, {path.name: path.read_bytes() for path in paths}


def _same_either_way(
    package: Path, out: Path, part: BookPart, budget: str | None = None
) -> tuple[str, dict[str, bytes] | str]:
    """The part by the blocks (or the writers where the blocks decline) and by the
    writers alone: the same bytes; why the blocks declined, and what was written."""
    declined, blocks = _written(package, out / "blocks", part, blocks=True, budget=budget)
    not_tried, writers = _written(package, out / "writers", part, blocks=False, budget=budget)
    assert not_tried == "not tried"
    assert blocks == writers
    return declined, blocks


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("block", [4_096, 1 << 20])  # many blocks, one
def test_the_blocks_write_the_writers_bytes(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: BookPart, block: int
) -> None:
    monkeypatch.setattr(BookSource, "block_bytes", block)
    declined, written = _same_either_way(package, tmp_path, part)
    assert declined == ""
    assert isinstance(written, dict)
    assert sorted(written) == sorted(budget_file_name("132241", f) for f in RDF_SERIALIZATIONS)
    assert all(len(text) > 300 * 500 for text in written.values())


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real books, imported: 多摩市, 我孫子市 (with departments), 世田谷区 (nine
    budgets in one package, with amounts other than the primary)."""
    work = tmp_path_factory.mktemp("real")
    setagaya = work / "setagaya"
    import_budget_book(
        REAL / "setagaya_ippansaisyutu_2018-2026.csv",
        "setagaya",
        setagaya,
        municipality="131121",
        municipality_name="世田谷区",
    )
    return {
        "tama": import_package(TAMA, work / "tama"),
        "abiko": import_package(ABIKO, work / "abiko"),
        "setagaya": setagaya,
    }


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize(
    ("book", "budget"),
    [("tama", None), ("abiko", None), ("setagaya", "2025-approved"), ("setagaya", "2018-approved")],
)
def test_the_blocks_write_the_real_books(
    real: dict[str, Path], tmp_path: Path, part: BookPart, book: str, budget: str | None
) -> None:
    declined, written = _same_either_way(real[book], tmp_path, part, budget)
    assert declined == ""
    assert isinstance(written, dict)


@pytest.mark.parametrize(
    ("re2", "library"), [(SPECIAL_RE2, SPECIAL), (UNWRITABLE_RE2, _UNWRITABLE)]
)
def test_the_re2_classes_are_the_librarys(re2: str, library: re.Pattern[str]) -> None:
    """``SPECIAL_RE2`` finds exactly the characters ``rdf_shapes.SPECIAL`` finds, and
    ``UNWRITABLE_RE2`` those the model refuses (every character a valid string holds: no
    surrogate)."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    found = pc.match_substring_regex(pa.array(chars, pa.string()), re2).to_pylist()
    assert found == [library.search(c) is not None for c in chars]


def test_a_table_arrow_does_not_read_is_written_by_the_writers(
    package: Path, tmp_path: Path
) -> None:
    """A column the writers take as empty when it is missing: Arrow's error makes the
    blocks decline."""
    changed = tmp_path / "pkg"
    shutil.copytree(package, changed)
    path = next(changed.glob(f"*{LINES}"))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        cells = list(csv.reader(stream))
    at = cells[0].index("出典行")
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(r[:at] + r[at + 1 :] for r in cells)
    declined, written = _same_either_way(changed, tmp_path, BookPart.LINES)
    assert "ArrowKeyError" in declined
    assert isinstance(written, dict)


@pytest.mark.parametrize("part", [*PARTS, BookPart.ALL])
def test_a_file_that_cannot_be_written_is_an_output_error(
    package: Path, tmp_path: Path, part: BookPart
) -> None:
    source = BookSource(package)
    with pytest.raises(OutputError, match=r"cannot write the RDF files in .*No such file"):
        source.write_rdf(tmp_path / "missing", base_iri=DEFAULT_BASE_IRI, part=part)


def _changed(package: Path, target: Path, table: str, column: str, rows: slice, to: str) -> Path:
    """A copy of the package whose table's ``column`` holds ``to`` in ``rows`` (of the
    rows after the header). It may not be a valid package: the writers are given it
    as it is, and must write what the blocks write."""
    shutil.copytree(package, target)
    path = next(target.glob(f"*{table}"))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        cells = list(csv.reader(stream))
    at = cells[0].index(column)
    for row in cells[1:][rows]:
        row[at] = to
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(cells)
    return target


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize(
    ("parts", "table", "column", "rows", "to", "said"),
    [
        ("lines", LINES, "所属コード", slice(-1, None), "0101", "department_code filled in"),
        ("lines", LINES, "出典行", slice(0, 60), "", "source_rows (filled in|where the first)"),
        ("lines", LINES, "COFOG", slice(-1, None), "01&1", "an IRI with '&'"),
        ("lines", LINES, "ID", slice(-1, None), "x y", "no plain path segment"),
        ("lines", LINES, "ID", slice(-1, None), "..", r"with .*'/\.'"),  # no relative IRI
        ("lines", LINES, "金額", slice(-1, None), "+5", "an integer not as the model writes"),
        ("lines", LINES, "金額", slice(0, 1), "05", "an integer not as the model writes"),
        ("lines,head", CODES, "名称", slice(None), 'a "quoted" name', "a value some format"),
        ("lines,head", CODES, "名称", slice(-1, None), "R&D", "a value some format escapes"),
        ("lines,head", CODES, "名称", slice(None), "two\nlines", "a value some format"),
        ("lines,head", CODES, "名称_英語", slice(-1, None), "Other", "an English name"),
        ("head", CODES, "階層番号", slice(-1, None), "+5", "an integer not as the model"),
        ("head", CODES, "階層番号", slice(None), "00", "integer not as the model|as the writers"),
        ("lines,head", CODES, "名称", slice(-1, None), "x\x85", "a value some format"),
        ("lines,head", CODES, "名称", slice(-1, None), "x\ufdd0", "a value some format"),
    ],
)
def test_a_book_the_blocks_do_not_write_is_written_by_the_writers(
    package: Path,
    tmp_path: Path,
    parts: str,
    table: str,
    column: str,
    rows: slice,
    to: str,
    said: str,
) -> None:
    """Found before a block is written or after many: the writers write the part from
    the start (the files the blocks began are written again)."""
    changed = _changed(package, tmp_path / "pkg", table, column, rows, to)
    for part in PARTS:
        declined, _ = _same_either_way(changed, tmp_path / part.value, part)
        if part.value in parts.split(","):
            assert re.search(said, declined), declined
        else:
            assert declined == ""


@pytest.mark.parametrize("block", [4_096, 1 << 20])
def test_lines_not_in_the_code_lists_order_are_written_by_the_writers(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """The labels are read along with the lines (a window of the code list): a line
    whose node comes before the previous line's is not looked up in it."""
    monkeypatch.setattr(BookSource, "block_bytes", block)
    changed = tmp_path / "pkg"
    shutil.copytree(package, changed)
    lines = next(changed.glob(f"*{LINES}"))
    header, first, *rest = lines.read_text(encoding="utf-8-sig").splitlines()
    lines.write_text("\r\n".join([header, *rest, first]) + "\r\n", encoding="utf-8-sig")
    declined, _ = _same_either_way(changed, tmp_path, BookPart.LINES)
    assert re.search("order|after the line before", declined), declined


@pytest.mark.usefixtures("small_blocks")
def test_a_book_with_another_amount_is_written_by_the_blocks(package: Path, tmp_path: Path) -> None:
    changed = tmp_path / "pkg"
    shutil.copytree(package, changed)
    path = next(changed.glob(f"*{AMOUNTS}"))
    lines = next(changed.glob(f"*{LINES}")).read_text(encoding="utf-8-sig").splitlines()
    line = next(csv.reader([lines[-1]]))
    with path.open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerow(
            [line[0], f"{line[1]}_request", line[2], line[3], line[1], "request", "5"]
        )
    declined, written = _same_either_way(changed, tmp_path, BookPart.LINES)
    assert declined == ""
    assert isinstance(written, dict)
    assert b"_request" in written[budget_file_name("132241", RDF_SERIALIZATIONS[1])]


@pytest.mark.usefixtures("small_blocks")
def test_the_whole_graph_in_one_process_is_the_head_then_the_lines(
    package: Path, tmp_path: Path
) -> None:
    """One process (one core): the head's part, then the lines' written beside it and
    appended; each file's hash made as it is written and appended."""
    declined, written = _same_either_way(package, tmp_path, BookPart.ALL)
    assert declined == ""
    assert isinstance(written, dict)
    digests: dict[str, Any] = {}
    (tmp_path / "hashed").mkdir()
    paths = BookSource(package).write_rdf(
        tmp_path / "hashed", base_iri=DEFAULT_BASE_IRI, digests=digests
    )
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == {
        name: digest.hexdigest() for name, digest in digests.items()
    }
    assert sorted(p.name for p in (tmp_path / "blocks").iterdir()) == sorted(written)


def _ntriples(
    package: Path, out: Path, budget: str | None = None
) -> tuple[str, list[io.BytesIO], bytes]:
    """``BookSource.write_ntriples`` (why the blocks declined, the streams it made) and
    the writers' N-Triples file."""
    streams: list[io.BytesIO] = []

    def new() -> io.BytesIO:
        streams.append(io.BytesIO())
        return streams[-1]

    source = BookSource(package, budget)
    assert source.write_ntriples(new, base_iri=DEFAULT_BASE_IRI) is streams[-1]
    writers = BookSource(package, budget)
    writers.use_blocks = False
    out.mkdir(parents=True, exist_ok=True)
    (path,) = [p for p in writers.write_rdf(out, base_iri=DEFAULT_BASE_IRI) if p.suffix == ".nt"]
    return source.blocks_declined, streams, path.read_bytes()


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize(
    ("book", "budget"), [("synthetic", None), ("abiko", None), ("setagaya", "2025-approved")]
)
def test_the_ntriples_alone_are_the_files_lines(
    package: Path, real: dict[str, Path], tmp_path: Path, book: str, budget: str | None
) -> None:
    """What ``validate`` compares with the published N-Triples (its lines' print): the
    head's part and the lines' in one stream, the N-Triples file's bytes."""
    declined, streams, expected = _ntriples(real.get(book, package), tmp_path, budget)
    assert declined == ""
    assert [s.getvalue() for s in streams] == [expected]


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize(
    ("book", "budget", "suffixes"),
    [
        ("synthetic", None, (".ttl", ".nt", ".rdf", ".jsonld")),
        ("synthetic", None, (".ttl", ".jsonld")),
        ("abiko", None, (".ttl", ".nt", ".rdf", ".jsonld")),
        ("setagaya", "2025-approved", (".rdf",)),
    ],
)
def test_the_streams_written_are_the_files_bytes(
    package: Path,
    real: dict[str, Path],
    tmp_path: Path,
    book: str,
    budget: str | None,
    suffixes: tuple[str, ...],
) -> None:
    """What ``validate`` compares with the published files' bytes: each format's
    stream holds its file's bytes."""
    pkg = real.get(book, package)
    streams = {suffix: io.BytesIO() for suffix in suffixes}
    source = BookSource(pkg, budget)
    assert source.write_streams(cast("dict[str, IO[bytes]]", streams), base_iri=DEFAULT_BASE_IRI)
    writers = BookSource(pkg, budget)
    writers.use_blocks = False
    files = writers.write_rdf(tmp_path, base_iri=DEFAULT_BASE_IRI)
    assert {s: b.getvalue() for s, b in streams.items()} == {
        p.suffix: p.read_bytes() for p in files if p.suffix in suffixes
    }


def test_no_stream_is_nothing_to_write(package: Path, tmp_path: Path, monkeypatch: Any) -> None:
    """No format asked: nothing written, no file (no sinks would mean files)."""
    monkeypatch.chdir(tmp_path)
    assert BookSource(package).write_streams({}, base_iri=DEFAULT_BASE_IRI)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("small_blocks")
def test_streams_the_blocks_decline_say_so(package: Path, tmp_path: Path) -> None:
    changed = _changed(package, tmp_path / "pkg", LINES, "COFOG", slice(-1, None), "01&1")
    source = BookSource(changed)
    streams = {".ttl": io.BytesIO()}
    assert not source.write_streams(
        cast("dict[str, IO[bytes]]", streams), base_iri=DEFAULT_BASE_IRI
    )
    assert re.search("an IRI with '&'", source.blocks_declined), source.blocks_declined


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize(
    ("table", "column", "to", "said"),
    [(LINES, "COFOG", "01&1", "an IRI with '&'"), (CODES, "名称_英語", "Other", "an English")],
)
def test_ntriples_the_blocks_decline_are_the_writers_in_a_new_stream(
    package: Path, tmp_path: Path, table: str, column: str, to: str, said: str
) -> None:
    """Declined part way (the head's part written, the lines' declined; or in the
    head's part, after its first groups): the writer writes them all again, in a second
    stream."""
    changed = _changed(package, tmp_path / "pkg", table, column, slice(-1, None), to)
    declined, streams, expected = _ntriples(changed, tmp_path / "out")
    assert re.search(said, declined), declined
    assert len(streams) == 2 and streams[0].getvalue() != expected
    assert streams[1].getvalue() == expected


@pytest.mark.parametrize(
    ("suffixes", "sinks", "said"),
    [
        ((".nt", ".ttl"), 0, "in that order"),  # the registry's: Turtle first
        ((".csv",), 0, "some of"),
        ((".ttl", ".nt"), 1, "1 sinks for 2 formats"),
        ((".nt",), 2, "2 sinks for 1 formats"),
    ],
)
def test_block_tables_refuse_formats_they_cannot_write(
    suffixes: tuple[str, ...], sinks: int, said: str
) -> None:
    """Files opened in the registry's order hold the formats in that order; sinks hold
    one format each (the tables are not read here)."""
    unread: Any = None
    with pytest.raises(ValueError, match=said):
        BlockTables(
            unread,
            "",
            {},
            unread,
            unread,
            suffixes=suffixes,
            sinks=tuple(io.BytesIO() for _ in range(sinks)),
        )


def test_a_sink_is_not_hashed() -> None:
    unread: Any = None
    tables = BlockTables(unread, "", {}, unread, unread, suffixes=(".nt",), sinks=(io.BytesIO(),))
    with pytest.raises(ValueError, match="a sink is not hashed"), hashed_files(tables, ".", {}):
        pass
