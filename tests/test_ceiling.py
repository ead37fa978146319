"""The ceiling benchmark (``benchmarks/ceiling.py``) runs its four steps: the floor, the
build, the build whose RDF serializers write nothing, and the one whose serializers
write blank bytes, as many as the real files hold (both patch names of
``writers/rdf_stream.py``, which a rename would break)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from benchmarks.ceiling import BLANK_BUILD, SILENT_BUILD, bytes_per_statement, main
from benchmarks.scale import MUNICIPALITY, count_triples, run_python
from benchmarks.synthetic import write_csv

from nerima_opendata.files.background import parallel


def test_the_ceiling_times_the_floor_and_both_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NERIMA_OPENDATA_CACHE", str(tmp_path / "cache"))  # main sets it
    main(["40", "--runs", "1", "--work", str(tmp_path / "work")])
    printed = capsys.readouterr().out
    assert re.search(r"N = 40, [\d,]+ statements", printed)
    for label in (
        "floor (csv + nt)",
        "build ",
        "build, silent RDF",
        "build, blank bytes",
        "blank, no append",
    ):
        assert re.search(
            rf"{re.escape(label)}\s+wall [\d.]+ s \(median [\d.]+, [\d.]+× the", printed
        )
    assert not (tmp_path / "work" / "out").exists()


def test_the_silent_build_writes_no_statement_and_every_other_file(tmp_path: Path) -> None:
    source, pkg, out = tmp_path / "lines.csv", tmp_path / "pkg", tmp_path / "out"
    write_csv(source, 40)
    cache = str(tmp_path / "cache")
    run_python(
        ["-m", "nerima_opendata", "import", "spendingjp", source, pkg, *MUNICIPALITY],
        NERIMA_OPENDATA_CACHE=cache,
    )
    run_python(["-c", SILENT_BUILD, "build", "-q", "--from", pkg, out], NERIMA_OPENDATA_CACHE=cache)
    assert (out / "132241_budget.nt").stat().st_size == 0
    assert (out / "132241_budget_lines.csv").stat().st_size > 40 * 20
    assert (out / "index.html").exists() and (out / "datapackage.json").exists()
    assert "dcat:Dataset" in (out / "132241_budget_dcat.ttl").read_text(encoding="utf-8")


def test_the_blank_build_writes_as_many_bytes_as_the_build(tmp_path: Path) -> None:
    source, pkg = tmp_path / "lines.csv", tmp_path / "pkg"
    write_csv(source, 40)
    cache = str(tmp_path / "cache")
    run_python(
        ["-m", "nerima_opendata", "import", "spendingjp", source, pkg, *MUNICIPALITY],
        NERIMA_OPENDATA_CACHE=cache,
    )
    real, blank = tmp_path / "real", tmp_path / "blank"
    run_python(["-m", "nerima_opendata", "build", "-q", "--from", pkg, real])
    rates = bytes_per_statement(real, count_triples(real))
    assert sorted(rates) == ["JsonLdWriter", "NTriplesWriter", "RdfXmlWriter", "TurtleWriter"]
    run_python(
        ["-c", BLANK_BUILD, "build", "-q", "--from", pkg, blank],
        NERIMA_OPENDATA_CACHE=cache,
        CEILING_BYTES=json.dumps(rates),
    )
    for suffix in (".nt", ".ttl", ".rdf", ".jsonld"):
        made = (blank / f"132241_budget{suffix}").read_bytes()
        size = (real / f"132241_budget{suffix}").stat().st_size
        assert made.count(0) in range(size - 2, size + 1)  # the rest: prefixes, root
    assert "dcat:Dataset" in (blank / "132241_budget_dcat.ttl").read_text(encoding="utf-8")
    assert (blank / "datapackage.json").exists() and (blank / "index.html").exists()
    once = tmp_path / "once"  # the second part's bytes written beside it, not appended
    run_python(
        ["-c", BLANK_BUILD, "build", "-q", "--from", pkg, once],
        NERIMA_OPENDATA_CACHE=cache,
        CEILING_BYTES=json.dumps(rates),
        CEILING_NO_APPEND="1",
    )
    head = (once / "132241_budget.nt").read_bytes().count(0)
    size = (real / "132241_budget.nt").stat().st_size
    assert 0 < head < size if parallel() else head in range(size - 2, size + 1)
    assert not list(once.rglob("*.side"))  # removed with the second part's folder
