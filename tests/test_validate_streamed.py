"""Validation of a large budget-book publication, streamed (lowered threshold).

A publication over :data:`~nerima_opendata.checks.validation.STREAM_THRESHOLD`
statements is checked without a ``Budget`` in memory: the tables row by row, every RDF
file's fingerprint against N-Triples written again from the CSV, the terms and cube
constraints on every statement, SHACL on a sample. Here the threshold is lowered so the
first 300 rows of the real Tama book (款 1 and 2: 12,228 statements) take that path.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata import build_publication, validate
from nerima_opendata.checks import linked_stage, validation
from nerima_opendata.files.background import PROCESSES_ENV
from nerima_opendata.files.scratch import owned_prefix
from tests.real_books import TAMA, import_package
from tests.recorder import Recorder

#: Tama's first rows: every path of the streamed checks, in 40% of the time of all 1,580
ROWS = 300


@pytest.fixture(scope="module")
def tama_publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tama")
    build_publication(root / "out", import_package(TAMA, root / "pkg", rows=ROWS))
    return root / "out"


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def _rehash(out: Path, target: Path) -> None:
    """Make the descriptor list the changed file's size and hash, as a publisher who
    changed it on purpose would: only the RDF checks can then find the change."""
    descriptor = out / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in data["resources"]:
        if resource["path"] == target.name:
            resource["bytes"] = target.stat().st_size
            resource["hash"] = "sha256:" + hashlib.sha256(target.read_bytes()).hexdigest()
    descriptor.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _replace_once(old: str, new: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    """A change of a file: its text's first ``old`` made ``new``."""

    def change(path: Path) -> None:
        text = path.read_text(encoding=encoding)
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding=encoding)

    return change


_change_amount = _replace_once("156806000", "156806001")


def _drop_last_statement(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")


CASES: list[tuple[str, str, Callable[[Path], None]]] = [
    ("amount-in-ntriples", ".nt", _change_amount),
    ("amount-in-turtle", ".ttl", _change_amount),
    ("statement-dropped", ".nt", _drop_last_statement),
    ("amount-in-jsonld", ".jsonld", _change_amount),  # fingerprinted by the other process
]


def test_a_valid_publication_is_valid_streamed(
    tama_publication: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    report = validate(tama_publication)
    assert report.valid, report.errors
    assert {"shacl-sample", "rdf-matches-csv"} <= set(report.checks)
    assert any("SHACL on a deterministic sample" in note for note in report.notes)
    # Tama's rows are written by blocks: its Turtle, RDF/XML and JSON-LD are compared
    # with what the writers make of the tables by their bytes, and not parsed
    plain = ", ".join(f"{TAMA.code}_budget{s}" for s in (".ttl", ".rdf", ".jsonld"))
    assert any(f"{plain}: byte for byte what the writers make" in n for n in report.notes)


@pytest.mark.parametrize(("processes", "directories"), [("1", 0), ("2", 1)])
def test_the_claims_directory_is_made_only_for_two_processes(
    tama_publication: Path, monkeypatch: pytest.MonkeyPatch, processes: str, directories: int
) -> None:
    made: list[str] = []
    real = tempfile.mkdtemp

    def recorded(
        suffix: str | None = None, prefix: str | None = None, dir: str | None = None
    ) -> str:
        made.append(prefix or "")
        return real(suffix, prefix, dir)

    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    monkeypatch.setenv(PROCESSES_ENV, processes)
    monkeypatch.setattr(tempfile, "mkdtemp", recorded)
    report = validate(tama_publication)
    assert report.valid, report.errors
    assert made.count(owned_prefix("nerima-opendata-claims-")) == (
        directories if (os.cpu_count() or 1) > 1 else 0
    )


@pytest.mark.parametrize(("name", "suffix", "change"), CASES, ids=[c[0] for c in CASES])
def test_a_changed_rdf_file_is_found_streamed(
    tama_publication: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    suffix: str,
    change: Callable[[Path], None],
) -> None:
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    out = _copy(tama_publication, tmp_path / name)
    (target,) = [f for f in out.iterdir() if f.name == f"{TAMA.code}_budget{suffix}"]
    change(target)
    _rehash(out, target)
    report = validate(out)
    assert not report.valid
    assert {"shacl-sample", "rdf-matches-csv"} <= set(report.checks)
    kinds = {error.kind.code for error in report.errors if error.file == target.name}
    assert kinds and kinds <= {"rdf-mismatch", "jsonld-mismatch", "rdf"}, report.errors
    assert {e.file for e in report.errors} == {target.name}  # only the changed file
    (note,) = [n for n in report.notes if "linked data streamed" in n]
    assert (target.name in note) is False  # a changed file is parsed, not taken as written
    assert (f"{TAMA.code}_budget.rdf" in note) is True


def _reverse_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(reversed(lines)), encoding="utf-8")


def _rewrite_with_pyoxigraph(path: Path) -> None:
    """The same graph as another tool writes it: other lines (pyoxigraph's escapes and
    layout), so the statements are compared, not the lines."""
    import pyoxigraph as ox

    quads = list(ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES))
    path.write_bytes(b"# rewritten\n" + (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""))


SAME_GRAPH: list[tuple[str, Callable[[Path], None]]] = [
    ("ntriples-lines-reversed", _reverse_lines),
    ("ntriples-rewritten-by-another-tool", _rewrite_with_pyoxigraph),
]


@pytest.mark.parametrize(("name", "change"), SAME_GRAPH, ids=[c[0] for c in SAME_GRAPH])
def test_the_same_graph_written_otherwise_is_valid_streamed(
    tama_publication: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    change: Callable[[Path], None],
) -> None:
    """The N-Triples are compared with the tables by their lines when these are the
    writer's (in any order), else by their statements."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    out = _copy(tama_publication, tmp_path / name)
    target = out / f"{TAMA.code}_budget.nt"
    change(target)
    _rehash(out, target)
    report = validate(out)
    assert report.valid, report.errors
    assert "rdf-matches-csv" in report.checks


#: An amount that is not an integer, in the lines table: a table error.
_bad_amount = _replace_once("156806000", "156806000.5", "utf-8-sig")


@pytest.mark.parametrize("comparison_fails", [False, True])
@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_table_error_drops_the_linked_data_part(
    tama_publication: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    processes: str,
    comparison_fails: bool,
) -> None:
    """The tables are checked beside the RDF files; when they fail, the RDF's part is
    not reported (as when one process checks the tables first), with one process or two,
    even when the comparison with the tables' bytes, made before the tables are checked,
    fails too (rows the writers cannot take, say)."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    monkeypatch.setenv(PROCESSES_ENV, processes)

    def refused(directory: Path) -> Any:
        raise RuntimeError("the writers cannot take these rows")

    if comparison_fails:
        monkeypatch.setattr(linked_stage, "_compare", refused)
    out = _copy(tama_publication, tmp_path / "bad-table")
    (target,) = [f for f in out.iterdir() if f.name == f"{TAMA.code}_budget_lines.csv"]
    _bad_amount(target)
    _rehash(out, target)
    report = validate(out)
    assert not report.valid
    assert "shacl-sample" not in report.checks
    assert {e.file for e in report.errors} == {target.name}, report.errors


@pytest.mark.parametrize("fails", [False, True])
def test_the_comparison_made_first_is_given_or_raised_when_asked(
    tama_publication: Path, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    """The comparison is made at once, the rest (the claims, the files to parse) when
    asked, the same as :func:`expected_prints`; what the comparison raised is raised
    when the result is asked for."""
    problem = RuntimeError("refused")
    compare = linked_stage._compare
    made: list[Path] = []

    def comparing(directory: Path) -> Any:
        made.append(directory)
        if fails:
            raise problem
        return compare(directory)

    monkeypatch.setattr(linked_stage, "_compare", comparing)
    given = linked_stage.compared_first(tama_publication)  # nothing raised yet
    assert made == [tama_publication]
    if not fails:
        assert given() == linked_stage.expected_prints(tama_publication)
        return
    with pytest.raises(RuntimeError) as raised:
        given()
    assert raised.value is problem


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _bad_iri(path: Path) -> None:
    """An IRI with a space: well-formed XML, refused by pyoxigraph's RDF/XML parser,
    whose error then names no file (JSON-LD drops such an IRI: its graph differs)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("https://", "https:// ", 1), encoding="utf-8")


#: What a lenient N-Triples parser reads and a strict one refuses (the first pass reads
#: the file leniently, then strictly again when its lines are not the writer's).
_NTRIPLES_LENIENT_ONLY = {
    "ntriples-letters-in-a-port": _replace_once("<https://", "<https://a:b:c/"),
    "ntriples-two-fragments": _replace_once("> <", "#a#b> <"),
    "ntriples-nine-letter-language-subtag": _replace_once('"@ja ', '"@abcdefghi '),
    "ntriples-line-feed-in-a-string": _replace_once('"@ja ', '\nx"@ja '),
    "ntriples-relative-iri": _replace_once("<https://", "<rel/"),
}


def _bad_ntriples_or_cut(path: Path) -> None:
    """The N-Triples with a term a lenient parser passes over; any other file cut."""
    if path.suffix == ".nt":
        _NTRIPLES_LENIENT_ONLY["ntriples-letters-in-a-port"](path)
    else:
        _cut_in_half(path)


#: Files that do not parse: the report names the first in the order N-Triples, Turtle,
#: RDF/XML, JSON-LD (the last three are read by whichever process claims each first), and
#: that error alone.
BROKEN: list[tuple[str, tuple[str, ...], Callable[[Path], None], str]] = [
    ("ntriples-cut", (".nt",), _cut_in_half, ".nt"),
    *((name, (".nt",), change, ".nt") for name, change in _NTRIPLES_LENIENT_ONLY.items()),
    ("ntriples-bad-and-turtle-cut", (".nt", ".ttl"), _bad_ntriples_or_cut, ".nt"),
    ("ntriples-bad-and-jsonld-cut", (".nt", ".jsonld"), _bad_ntriples_or_cut, ".nt"),
    ("turtle-cut", (".ttl",), _cut_in_half, ".ttl"),
    ("rdfxml-cut", (".rdf",), _cut_in_half, ".rdf"),
    ("rdfxml-bad-iri", (".rdf",), _bad_iri, ".rdf"),
    ("jsonld-cut", (".jsonld",), _cut_in_half, ".jsonld"),
    ("turtle-and-rdfxml", (".ttl", ".rdf"), _cut_in_half, ".ttl"),
    ("rdfxml-and-jsonld", (".rdf", ".jsonld"), _cut_in_half, ".rdf"),
    ("dcat-cut", ("_dcat.ttl",), _cut_in_half, "_dcat.ttl"),  # read after the others
]


@pytest.mark.parametrize("processes", ["1", "2"])
@pytest.mark.parametrize(
    ("name", "suffixes", "change", "named"), BROKEN, ids=[c[0] for c in BROKEN]
)
def test_a_file_that_does_not_parse_is_reported_not_raised(
    tama_publication: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    processes: str,
    name: str,
    suffixes: tuple[str, ...],
    change: Callable[[Path], None],
    named: str,
) -> None:
    """Whichever process reads it, a file that does not parse is the report's one RDF
    error, naming that file (the first, when several fail), with one process or two."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    monkeypatch.setenv(PROCESSES_ENV, processes)
    out = _copy(tama_publication, tmp_path / name)
    for suffix in suffixes:
        target = out / f"{TAMA.code}_budget{suffix}"
        change(target)
        _rehash(out, target)
    report = validate(out)
    assert not report.valid
    assert [(e.kind.code, e.file) for e in report.errors] == [
        ("rdf-error", f"{TAMA.code}_budget{named}")
    ], report.errors
    if named in (".nt", ".ttl"):  # the message of a strict parse of the whole file
        assert report.errors[0].message == _strict_parse_error(out / str(report.errors[0].file))


def _strict_parse_error(path: Path) -> str:
    from nerima_opendata.checks.rdf_load import stream_quads

    try:
        deque(stream_quads(path), maxlen=0)
    except SyntaxError as exc:
        return f"cannot parse: {exc}"
    raise AssertionError(f"{path.name} parses")


def test_ntriples_without_the_budget_are_reported_not_raised(
    tama_publication: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a statement about the budget, no base IRI is known: the files cannot say
    what the tables say, which the report says (validate does not raise)."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    out = _copy(tama_publication, tmp_path / "no-budget")
    target = out / f"{TAMA.code}_budget.nt"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text("".join(x for x in lines if "/budget> " not in x), encoding="utf-8")
    _rehash(out, target)
    report = validate(out)
    assert not report.valid
    assert target.name in {e.file for e in report.errors if e.kind.code == "rdf-mismatch"}


@pytest.mark.parametrize("threshold", [1_000, 10**9], ids=["streamed", "whole-graph"])
def test_validate_tells_its_steps_and_the_statements_read(
    tama_publication: Path, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    """A counting progress callback is told each step, and while the RDF files are
    streamed the statements read of each; the report is the one without it."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", threshold)
    recorder = Recorder()
    told = validate(tama_publication, progress=recorder)
    plain = validate(tama_publication)
    assert (told.errors, told.checks, told.notes) == (plain.errors, plain.checks, plain.notes)
    names = recorder.names()
    statements = (tama_publication / f"{TAMA.code}_budget.nt").read_bytes().count(b"\n")
    streamed = ["checking the tables (a second process) and the linked data, streamed"]
    # the text warnings are looked for once the second process has started; streamed,
    # by the tables' process, which tells nothing
    assert names[:2] == [
        "checking datapackage.json and each file's size and hash",
        *(streamed if threshold < statements else ["looking for characters to warn of"]),
    ]
    assert ("looking for characters to warn of" in names) is (threshold > statements)
    counted = recorder.counted()
    if threshold > statements:  # the tables read here, each counted; SHACL beside them
        tables = sorted(tama_publication.glob("*.csv"))
        assert sorted(names[2:-1]) == sorted(f"checking {path.name}" for path in tables)
        assert names[-1] == "checking the linked data (SHACL, JSON-LD, against the tables)"
        for path in tables:
            rows = len(path.read_text(encoding="utf-8").splitlines()) - 1
            assert counted[f"checking {path.name}"][-1] == (rows, rows)
        return
    ntriples = f"reading {TAMA.code}_budget.nt"
    assert list(counted)[:3] == [
        f"{ntriples}: the terms, the cube and the sample's choice",
        f"{ntriples}: the sample's nodes",  # only the lines about them parsed
        f"{ntriples}: the nodes they reference",
    ]
    # then those of the other files this process claims first (the table process the rest)
    shared = [
        f"reading {TAMA.code}_budget{s}: its fingerprint" for s in (".ttl", ".rdf", ".jsonld")
    ]
    assert list(counted)[3:] == [step for step in shared if step in counted]
    for counts in counted.values():
        assert counts[-1] == (statements, statements)
        assert [done for done, _ in counts] == sorted(done for done, _ in counts)
    assert names.index("checking the terms and the cube's constraints") < names.index(
        "waiting for the table checks"
    )
    assert names[-2:] == ["waiting for the table checks", "checking the catalog (DCAT)"]


def test_a_table_url_no_iri_can_be_is_reported_not_raised(
    tama_publication: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 出典_URL that is no IRI (two fragments) in the budget table of a publication
    whose RDF has none: the tables give a minted source IRI and the URL as a literal, so
    each RDF file is reported as not saying what the tables say (nothing is raised)."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    out = _copy(tama_publication, tmp_path / "bad-url")
    target = out / f"{TAMA.code}_budget.csv"
    header, row, *rest = target.read_text(encoding="utf-8-sig").split("\n")
    cells = row.split(",")
    cells[header.split(",").index("出典_URL")] = "http://example.org/a#b#c"
    target.write_text("\n".join([header, ",".join(cells), *rest]), encoding="utf-8-sig")
    _rehash(out, target)
    report = validate(out)
    assert not report.valid
    rdf = sorted(p.name for p in out.glob(f"{TAMA.code}_budget.*") if p.suffix != ".csv")
    assert sorted(str(e.file) for e in report.errors) == rdf, report.errors
    assert {e.kind.code for e in report.errors} == {"rdf-mismatch", "jsonld-mismatch"}


@pytest.mark.parametrize(
    ("change", "proven"),
    [(None, True), (_reverse_lines, True), (_rewrite_with_pyoxigraph, False)],
    ids=["as-written", "lines-reversed", "rewritten-by-another-tool"],
)
def test_the_ntriples_are_read_strictly_again_unless_they_are_the_writer_lines(
    tama_publication: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path], None] | None,
    proven: bool,
) -> None:
    """The first pass reads the N-Triples leniently; the file is read again, strictly,
    only when its lines are not those the writer makes of the tables (in any order)."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    out = _copy(tama_publication, tmp_path / "copy")
    if change is not None:
        target = out / f"{TAMA.code}_budget.nt"
        change(target)
        _rehash(out, target)
    recorder = Recorder()
    report = validate(out, progress=recorder)
    assert report.valid, report.errors
    again = (
        f"reading {TAMA.code}_budget.nt again, strictly: its lines are not known to be the writer's"
    )
    assert (again in recorder.names()) is not proven


#: A code-list name with a zero-width space: a text warning, not an error.
_suspect_name = _replace_once("議会費", "議会\u200b費", "utf-8-sig")


@pytest.mark.parametrize("processes", ["1", "2"])
def test_the_text_warnings_are_the_same_streamed(
    tama_publication: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: str
) -> None:
    """Streamed, the tables' process looks for the text warnings: the report's warnings
    and notes are those of the whole-graph checks."""
    out = _copy(tama_publication, tmp_path / "warned")
    target = out / f"{TAMA.code}_budget_classifications.csv"
    _suspect_name(target)
    _rehash(out, target)
    monkeypatch.setenv(PROCESSES_ENV, processes)
    whole = validate(out)
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    streamed = validate(out)
    assert whole.warnings and streamed.warnings == whole.warnings
    assert [w.file for w in streamed.warnings] == [target.name]


@pytest.mark.parametrize(
    ("suffix", "change", "again"),
    [
        (None, None, None),  # every file the writers': no statement hashed
        (".ttl", _change_amount, ": its fingerprint, for the other files'"),
        (".nt", _rewrite_with_pyoxigraph, ", strictly: its lines are not known to be the writer's"),
    ],
    ids=["as-written", "turtle-changed", "ntriples-rewritten"],
)
def test_the_ntriples_are_hashed_only_when_a_print_is_compared(
    tama_publication: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    suffix: str | None,
    change: Callable[[Path], None] | None,
    again: str | None,
) -> None:
    """The first pass over the N-Triples hashes nothing; they are read again for their
    fingerprint only when another file's is compared with it, or strictly when their
    lines are not the writer's."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    out = _copy(tama_publication, tmp_path / "copy")
    if suffix is not None and change is not None:
        target = out / f"{TAMA.code}_budget{suffix}"
        change(target)
        _rehash(out, target)
    recorder = Recorder()
    report = validate(out, progress=recorder)
    assert report.valid is (suffix != ".ttl"), report.errors
    prefix = f"reading {TAMA.code}_budget.nt again"
    assert [n for n in recorder.names() if n.startswith(prefix)] == (
        [] if again is None else [prefix + again]
    )


def test_the_files_as_written_are_not_read_however_late_the_comparison(
    tama_publication: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process reading the RDF claims no file before the table process has claimed
    those it need not read: when those claims come late, still none is parsed."""
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    prints = linked_stage._prints

    def late(compared: Any, claims: Any) -> Any:
        time.sleep(2)
        return prints(compared, claims)

    monkeypatch.setattr(linked_stage, "_prints", late)
    recorder = Recorder()
    report = validate(tama_publication, progress=recorder)
    assert report.valid, report.errors
    plain = ", ".join(f"{TAMA.code}_budget{s}" for s in (".ttl", ".rdf", ".jsonld"))
    assert any(f"{plain}: byte for byte" in note for note in report.notes)
    assert not [n for n in recorder.names() if n.endswith(": its fingerprint")]


def test_a_book_the_blocks_decline_is_parsed_whole_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code list with English names: the blocks decline it, the writers wrote it, so
    no file is compared by its bytes; every file is parsed and the N-Triples read again
    for their fingerprint; the publication is valid."""
    package = import_package(TAMA, tmp_path / "pkg", rows=ROWS)
    codes = next(package.glob("*_classifications.csv"))
    with codes.open(encoding="utf-8-sig", newline="") as stream:
        cells = list(csv.reader(stream))
    at = cells[0].index("名称_英語")
    for row in cells[1:]:
        row[at] = "General Account" if row[at] == "" else row[at]
    with codes.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream, lineterminator="\r\n").writerows(cells)
    _rehash(package, codes)
    build_publication(tmp_path / "out", package)
    monkeypatch.setattr(validation, "STREAM_THRESHOLD", 1_000)
    recorder = Recorder()
    report = validate(tmp_path / "out", progress=recorder)
    assert report.valid, report.errors
    assert not any("byte for byte" in note for note in report.notes)
    names = recorder.names()
    assert f"reading {TAMA.code}_budget.nt again: its fingerprint, for the other files'" in names
