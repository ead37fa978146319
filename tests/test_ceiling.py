"""The ceiling benchmark (``benchmarks/ceiling.py``) runs its six steps: the floor, the
build, the build whose RDF serializers write nothing, the two whose serializers
write blank bytes, as many as the real files hold, appended or not
(``benchmarks/blank_build.py``; both patch names of ``writers/rdf_stream.py``, which a
rename would break), and the build whose RDF the writers write
(``benchmarks/writers_build.py``); or those ``--steps`` picks."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from benchmarks.blank_build import (
    FILL,
    NO_APPEND_ENV,
    RATES_ENV,
    SIDES_ENV,
    STEP,
    blank_groups,
    second_part,
)
from benchmarks.ceiling import BLANK_BUILD, bytes_per_statement, main
from benchmarks.scale import MUNICIPALITY, count_triples, run_python
from benchmarks.synthetic import write_csv

from nerima_opendata.files.background import parallel
from nerima_opendata.publication.rdf_parts import SECOND_PART
from nerima_opendata.writers import rdf_stream


def test_the_ceiling_times_the_floor_and_every_build(
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
        "build, by writers",
    ):
        assert re.search(
            rf"{re.escape(label)}\s+wall [\d.]+ s \(median [\d.]+, [\d.]+× the", printed
        )
    assert not (tmp_path / "work" / "out").exists()


def test_steps_picks_the_steps_and_the_floor_always_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NERIMA_OPENDATA_CACHE", str(tmp_path / "cache"))
    main(["40", "--runs", "1", "--steps", "writers", "--work", str(tmp_path / "work")])
    printed = capsys.readouterr().out
    labels = re.findall(r"^  (.+?)\s+wall ", printed, re.MULTILINE)
    assert labels == ["floor (csv + nt)", "build, by writers"]


@pytest.mark.parametrize("steps", ["writer", "build,quick"])
def test_an_unknown_step_is_an_error(steps: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["40", "--steps", steps])
    assert stopped.value.code == 2
    assert (
        "the steps are floor, build, silent, blank, no-append, writers" in capsys.readouterr().err
    )


def test_the_silent_build_writes_no_statement_and_every_other_file(tmp_path: Path) -> None:
    source, pkg, out = tmp_path / "lines.csv", tmp_path / "pkg", tmp_path / "out"
    write_csv(source, 40)
    cache = str(tmp_path / "cache")
    run_python(
        ["-m", "nerima_opendata", "import", "spendingjp", source, pkg, *MUNICIPALITY],
        NERIMA_OPENDATA_CACHE=cache,
    )
    silent: list[str | Path] = [*BLANK_BUILD, "build", "-q", "--from", pkg, out]  # no bytes
    run_python(silent, NERIMA_OPENDATA_CACHE=cache, CEILING_BYTES="", CEILING_NO_APPEND="")
    assert (out / "132241_budget.nt").stat().st_size == 0
    assert (out / "132241_budget_lines.csv").stat().st_size > 40 * 20
    assert (out / "index.html").exists() and (out / "datapackage.json").exists()
    assert "dcat:Dataset" in (out / "132241_budget_dcat.ttl").read_text(encoding="utf-8")


class _Counted(io.BytesIO):
    """A stream that counts its writes."""

    writes = 0

    def write(self, data: Any, /) -> int:
        self.writes += 1
        return super().write(data)


_RATES = [202.3, 70.1, 104.9, 0.5]


@pytest.mark.parametrize(
    "sizes",
    [
        [],
        [1],
        [100_000],  # a budget's every line: one group, written in blocks of 1 MiB
        [3] * 10_000,
        [7, 100_000, 2, 2, 5_000, 1],
    ],
    ids=["none", "one", "long", "many", "mixed"],
)
def test_blank_groups_writes_rate_bytes_a_statement(sizes: list[int]) -> None:
    groups = [("s", [("p", "o")] * size) for size in sizes]
    streams = [_Counted() for _ in _RATES]
    count = blank_groups(groups, streams, _RATES, rdf_stream._chunks)
    assert count == sum(sizes)
    for stream, rate in zip(streams, _RATES, strict=True):
        data = stream.getvalue()
        assert len(data) in range(int(rate * count) - 1, int(rate * count) + 2)
        assert data.count(FILL) == len(data)
        blocks = -(-len(data) // (1 << 20)) + 1
        assert stream.writes <= count // STEP + 1 + blocks  # not a write a group


@pytest.mark.parametrize(
    ("path", "second"),
    [
        (f"/tmp/out/{SECOND_PART}/131202_budget.nt", True),
        ("/tmp/out/131202_budget.nt", False),
        (f"/tmp/{SECOND_PART}-not/131202_budget.nt", False),
    ],
)
def test_second_part_is_known_by_its_folder(path: str, second: bool) -> None:
    stream = io.BytesIO()
    stream.name = path
    assert second_part(stream) is second
    assert not second_part(io.BytesIO())


def test_the_blank_build_writes_as_many_bytes_as_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, pkg = tmp_path / "lines.csv", tmp_path / "pkg"
    write_csv(source, 40)
    cache = str(tmp_path / "cache")
    run_python(
        ["-m", "nerima_opendata", "import", "spendingjp", source, pkg, *MUNICIPALITY],
        NERIMA_OPENDATA_CACHE=cache,
    )
    real, blank = tmp_path / "real", tmp_path / "blank"
    run_python(["-m", "nerima_opendata", "build", "-q", "--from", pkg, real])
    rates = json.dumps(bytes_per_statement(real, count_triples(real)))
    assert sorted(json.loads(rates)) == [
        "JsonLdWriter",
        "NTriplesWriter",
        "RdfXmlWriter",
        "TurtleWriter",
    ]
    for name, value in (("NERIMA_OPENDATA_CACHE", cache), (RATES_ENV, rates), (NO_APPEND_ENV, "")):
        monkeypatch.setenv(name, value)  # run_python passes its environment on
    run_python([*BLANK_BUILD, "build", "-q", "--from", pkg, blank])
    suffixes = (".nt", ".ttl", ".rdf", ".jsonld")
    sizes = {x: (real / f"132241_budget{x}").stat().st_size for x in suffixes}
    for suffix in suffixes:
        made = (blank / f"132241_budget{suffix}").read_bytes().count(FILL)
        assert made in range(sizes[suffix] - 2, sizes[suffix] + 1)  # the rest: prefixes
    assert "dcat:Dataset" in (blank / "132241_budget_dcat.ttl").read_text(encoding="utf-8")
    assert (blank / "datapackage.json").exists() and (blank / "index.html").exists()
    if not parallel():
        return
    once, sides = tmp_path / "once", tmp_path / "sides"  # the second part's bytes apart
    sides.mkdir()
    monkeypatch.setenv(NO_APPEND_ENV, "1")
    monkeypatch.setenv(SIDES_ENV, str(sides))
    run_python([*BLANK_BUILD, "build", "-q", "--from", pkg, once])
    for suffix in suffixes:
        head = (once / f"132241_budget{suffix}").read_bytes().count(FILL)
        side = (sides / f"132241_budget{suffix}").read_bytes().count(FILL)
        assert side > 0 and 0 < head < sizes[suffix]  # the second part not appended
        assert head + side in range(sizes[suffix] - 2, sizes[suffix] + 1)
