"""``nerima-opendata import``: what it prints, and bad input (exit 1, the row and column
named, nothing written)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata.cli.book import _progress_bar
from nerima_opendata.cli.main import main
from tests.readers.book_files import SPENDINGJP_HEADER, SPENDINGJP_ROWS, csv_bytes, spendingjp

REAL = Path(__file__).resolve().parent / "data" / "real"
TAMA = ["--municipality", "132241", "--municipality-name", "多摩市"]


def _invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_import_tama(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    source = REAL / "tama_r3_spendingjp.csv"
    code, stdout, stderr = _invoke(
        "import", "spendingjp", source, out, *TAMA, "--unit", "thousand-yen"
    )
    assert code == 0, stderr
    assert stdout.startswith(
        "2021-approved: 令和3年度 一般会計 歳出予算（明細）: 1,580 lines, 2,141 "
        "classifications, 1 amount kinds, 2 editorial notes; total 63,030,000,000 yen\n"
    )
    assert "datapackage.json" in stdout and f"to {out} in" in stdout
    assert stderr == ""  # no progress bar off a terminal
    assert (out / "datapackage.json").is_file()


def test_import_setagaya_one_year(tmp_path: Path) -> None:
    source = REAL / "setagaya_ippansaisyutu_2018-2026.csv"
    code, stdout, stderr = _invoke(
        "import", "setagaya", source, tmp_path / "pkg", "--fiscal-year", "2025", "-q"
    )
    assert (code, stdout, stderr) == (0, "", "")
    assert (tmp_path / "pkg" / "131121_budget_lines.csv").is_file()


def _rows(edit: dict[tuple[int, int], str]) -> list[list[str]]:
    rows = [list(SPENDINGJP_HEADER), *(list(r) for r in SPENDINGJP_ROWS)]
    for (number, index), value in edit.items():
        rows[number - 1][index] = value
    return rows


AMOUNT = SPENDINGJP_HEADER.index("予算額")
NAME = SPENDINGJP_HEADER.index("款名称")

#: (file bytes, extra options, the place the message names)
BAD = [
    pytest.param(
        csv_bytes(_rows({})).replace("議会費".encode(), b"\x81\x7f"), [], ":2: ", id="enc"
    ),
    pytest.param(csv_bytes(_rows({(1, NAME): "款の名"})), [], ":1: column '款の名'", id="header"),
    pytest.param(
        csv_bytes([r[:AMOUNT] + r[AMOUNT + 1 :] for r in _rows({})]),
        [],
        ":1: column '予算額'",
        id="missing-column",
    ),
    pytest.param(csv_bytes(_rows({(3, AMOUNT): "2,000"})), [], ":3: column '予算額'", id="comma"),
    pytest.param(csv_bytes(_rows({(3, AMOUNT): ""})), [], ":3: column '予算額'", id="empty"),
    pytest.param(csv_bytes(_rows({(2, AMOUNT): "abc"})), [], ":2: column '予算額'", id="text"),
    pytest.param(
        csv_bytes(_rows({(4, NAME): "総務費２"})), [], ":4: column '款名称'", id="two-names"
    ),
    pytest.param(
        csv_bytes(_rows({(1, AMOUNT): "予算額（千円）"})),
        ["--unit", "yen"],
        ":1: column '予算額（千円）'",
        id="mixed-units",
    ),
    pytest.param(csv_bytes(_rows({(2, AMOUNT): "-1"})), [], ":2: column '予算額'", id="negative"),
    pytest.param(csv_bytes([*_rows({}), SPENDINGJP_ROWS[0]]), [], ":5: ", id="same-line"),
    pytest.param(csv_bytes(_rows({})) + b'9,"R3\r\n', [], ":5: ", id="unterminated"),
    pytest.param(csv_bytes(_rows({})) + b"9,R3\r\n", [], ":5: ", id="short-row"),
]


@pytest.mark.parametrize(("data", "options", "where"), BAD)
def test_bad_input_exits_1_and_writes_nothing(
    tmp_path: Path, data: bytes, options: list[str], where: str
) -> None:
    source = tmp_path / "bad.csv"
    source.write_bytes(data)
    out = tmp_path / "pkg"
    code, stdout, stderr = _invoke(
        "import", "spendingjp", source, out, *TAMA, *(options or ["--unit", "thousand-yen"])
    )
    assert code == 1, stderr
    assert stderr.startswith(f"Error: {source}{where}"), stderr
    assert "Traceback" not in stderr and stdout == ""
    assert not out.exists()


def test_a_previous_package_is_untouched(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    good = spendingjp(tmp_path / "good.csv")
    assert _invoke("import", "spendingjp", good, out, *TAMA, "--unit", "yen", "-q")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = spendingjp(tmp_path / "bad.csv", {(3, "予算額"): "1,0"})
    assert _invoke("import", "spendingjp", bad, out, *TAMA, "--unit", "yen")[0] == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["custom", "$src", "$out"], id="custom-without-mapping"),
        pytest.param(["spendingjp", "$src", "$out", "--unit", "kilo"], id="bad-unit"),
        pytest.param(["spendingjp", "$src"], id="no-out"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    source = spendingjp(tmp_path / "a.csv")
    places = {"$src": str(source), "$out": str(tmp_path / "pkg")}
    code, _, stderr = _invoke("import", *(places.get(a, a) for a in args), *TAMA)
    assert code == 2, stderr
    assert not (tmp_path / "pkg").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("total", "shown"), [(5_000, True), (1_500, False)])
def test_progress_on_a_terminal_for_long_files(
    monkeypatch: pytest.MonkeyPatch, total: int, shown: bool
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress_bar(quiet=False) as update:
        assert update is not None
        update(total // 2, total)
        update(total, total)
    assert ("reading rows" in terminal.getvalue()) is shown
    assert ("then checking the package…" in terminal.getvalue()) is shown
    assert terminal.getvalue().count("checking") == shown  # said once, after the bar
    with _progress_bar(quiet=True) as update:
        assert update is None


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param([], {}, id="none"),
        pytest.param(["--issued", "2024-02-05"], {"issued": "2024-02-05"}, id="issued"),
        pytest.param(
            ["--issued", "2024-02-05", "--modified", "2024-03-01"],
            {"issued": "2024-02-05", "modified": "2024-03-01"},
            id="both",
        ),
    ],
)
def test_the_source_dates_reach_the_built_dcat(
    tmp_path: Path, dates: list[str], expected: dict[str, str]
) -> None:
    """--issued and --modified go into the package, and from it into the DCAT file."""
    from rdflib import Graph, Literal
    from rdflib.namespace import DCTERMS, XSD

    from nerima_opendata.rdf.namespaces import DCAT3

    pkg, out = tmp_path / "pkg", tmp_path / "out"
    source = spendingjp(tmp_path / "a.csv")
    code, _, stderr = _invoke("import", "spendingjp", source, pkg, *TAMA, "--unit", "yen", *dates)
    assert code == 0, stderr
    code, _, stderr = _invoke("build", "--from", pkg, out, "-q")
    assert code == 0, stderr
    (dcat,) = out.glob("*_dcat.ttl")
    graph = Graph().parse(dcat)
    (dataset,) = graph.subjects(DCAT3.inSeries, None)
    for name in ("issued", "modified"):
        stated = list(graph.objects(dataset, DCTERMS[name]))
        wanted = [Literal(expected[name], datatype=XSD.date)] if name in expected else []
        assert stated == wanted, name


@pytest.mark.parametrize(
    ("args", "named"),
    [
        pytest.param(["--issued", "2024-13-01"], "--issued", id="no-such-month"),
        pytest.param(["--modified", "01/03/2024"], "--modified", id="not-iso"),
        pytest.param(["--issued", "2024-2-5x"], "--issued", id="trailing"),
    ],
)
def test_a_bad_date_is_a_usage_error_naming_the_option(
    tmp_path: Path, args: list[str], named: str
) -> None:
    source = spendingjp(tmp_path / "a.csv")
    code, _, stderr = _invoke("import", "spendingjp", source, tmp_path / "pkg", *TAMA, *args)
    assert code == 2, stderr
    assert f"'{named}'" in stderr
    assert not (tmp_path / "pkg").exists()


def test_modified_before_issued_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    source = spendingjp(tmp_path / "a.csv")
    dates = ["--issued", "2024-03-01", "--modified", "2024-02-05"]
    code, _, stderr = _invoke("import", "spendingjp", source, tmp_path / "pkg", *TAMA, *dates)
    assert code == 2, stderr  # the options contradict each other
    assert "the date of modification is before the date of issue" in stderr
    assert "2024-03-01 or later" in stderr
    assert not (tmp_path / "pkg").exists()
