"""The real budget books (多摩市, 我孫子市, 世田谷区): totals checked against sums computed
here, independently, with the csv module."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from nerima_opendata import validate
from nerima_opendata.model import Budget, totals_at_depth
from nerima_opendata.model.enums import AmountStage, Certainty, EditorialKind, SourceUnit
from nerima_opendata.publication.build import write_package
from nerima_opendata.readers.book import read_budget_book

REAL = Path(__file__).resolve().parent.parent / "data" / "real"
TAMA = REAL / "tama_r3_spendingjp.csv"
ABIKO = REAL / "abiko_r3_spendingjp.csv"
SETAGAYA = REAL / "setagaya_ippansaisyutu_2018-2026.csv"


def _csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def _tama() -> tuple[Budget, ...]:
    return read_budget_book(
        TAMA, "spendingjp", municipality="132241", municipality_name="多摩市", unit="thousand-yen"
    )


def _abiko() -> tuple[Budget, ...]:
    return read_budget_book(
        ABIKO, "spendingjp", municipality="122220", municipality_name="我孫子市", unit="yen"
    )


@pytest.fixture(scope="module")
def setagaya() -> tuple[Budget, ...]:
    return read_budget_book(SETAGAYA, "setagaya")


@pytest.mark.parametrize(
    ("read", "path", "factor", "total", "lines"),
    [
        pytest.param(_tama, TAMA, 1000, 63_030_000_000, 1580, id="tama"),
        pytest.param(_abiko, ABIKO, 1, 46_380_000_000, 3378, id="abiko"),
    ],
)
def test_spendingjp_totals_and_every_kan(
    read: object, path: Path, factor: int, total: int, lines: int
) -> None:
    (budget,) = read()  # type: ignore[operator]
    assert budget.info.id == "2021-approved"
    assert budget.info.title == "令和3年度 一般会計 歳出予算（明細）"
    assert budget.total == total
    assert len(budget.lines) == lines
    expected: Counter[str] = Counter()
    for row in _csv(path):
        expected[f"1-expenditure-{row['款']}"] += int(row["予算額"]) * factor
    assert totals_at_depth(budget, 2) == dict(expected)
    assert totals_at_depth(budget, 0) == {"1": total}


def test_abiko_lines_are_keyed_by_department_where_paths_repeat() -> None:
    (budget,) = _abiko()
    shared = Counter(line.classification_id for line in budget.lines)
    assert sum(1 for n in shared.values() if n > 1) == 10
    line = next(x for x in budget.lines if x.id.startswith("1-expenditure-1-1-1-1-1-21."))
    assert line.department_code == "1501010000"
    assert line.department_name == "議会事務局"
    assert line.cofog == "01.1"


def test_tama_lines_carry_their_source_row_and_cofog() -> None:
    (budget,) = _tama()
    first = budget.lines[0]
    assert first.id == "1-expenditure-1-1-1-1-1"
    assert (first.amount, first.source_rows, first.cofog) == (156_806_000, "2", "01.1")
    assert budget.lines[-1].source_rows == "1581"
    (kind,) = budget.amount_kinds
    assert (kind.name, kind.unit, kind.primary) == ("予算額", SourceUnit.THOUSAND_YEN, True)
    levels = {c.depth: c.level for c in budget.classifications}
    assert levels == {0: "会計", 1: "歳入歳出", 2: "款", 3: "項", 4: "目", 5: "細目", 6: "節"}


def test_setagaya_general_account_per_year(setagaya: tuple[Budget, ...]) -> None:
    expected: Counter[int] = Counter()
    for row in _csv(SETAGAYA, "cp932"):
        if row["会計"] == "1":
            expected[int(row["年度"])] += int(row["現計予算額"]) * 1000
    assert [b.info.id for b in setagaya] == [f"{y}-approved" for y in range(2018, 2027)]
    found = {b.info.fiscal_year: totals_at_depth(b, 0)["1"] for b in setagaya}
    assert found == dict(expected)
    assert found[2025] == 399_617_117_000
    assert found[2026] == 431_353_010_000


def test_setagaya_amount_kinds_and_notes(setagaya: tuple[Budget, ...]) -> None:
    budget = setagaya[-1]
    kinds = {k.id: (k.name, k.stage, k.primary) for k in budget.amount_kinds}
    assert kinds == {
        "current": ("現計予算額", AmountStage.CURRENT, True),
        "request": ("予算要求額", AmountStage.REQUEST, False),
        "assessment": ("予算見積額", AmountStage.ASSESSMENT, False),
        "prior-budget": ("予算前額", AmountStage.PRIOR_BUDGET, False),
        "settlement": ("前々年度決算額", AmountStage.SETTLEMENT, False),
        "general-revenue": ("一般財源額", AmountStage.GENERAL_REVENUE, False),
        "specific-revenue": ("充当額", AmountStage.SPECIFIC_REVENUE, False),
    }
    # 予算見積額 is printed "32,774" and equals 現計予算額 on every line
    assessed = {a.line_id: a.amount for a in budget.line_amounts if a.kind_id == "assessment"}
    assert assessed == {line.id: line.amount for line in budget.lines}
    phase, *scope = budget.editorial_notes
    assert (phase.kind, phase.certainty) == (EditorialKind.SUPPLEMENTED, Certainty.INFERRED)
    assert "「当初」" in phase.note
    assert all(n.kind is EditorialKind.SCOPE and n.target_id == budget.info.id for n in scope)
    ignored = {c for n in scope for c in re.findall("「([^」]+)」", n.note)}
    with open(SETAGAYA, encoding="cp932", newline="") as handle:
        header = set(next(csv.reader(handle)))
    levels = {"会計", "款", "項", "目", "大事業", "予算事業", "内訳事業"}
    used = {*levels, *(f"{c}名称" for c in levels), *(k[0] for k in kinds.values())}
    used |= {"年度", "当初補正区分", "当初補正区分名称", "所属", "所属名称"}
    used |= {"事業別性質別区分", "事業別性質別区分名称"}
    assert (len(header), len(used), len(ignored)) == (97, 28, 69)
    assert ignored | used == header
    assert budget.info.title.startswith("令和8年度 一般会計・国民健康保険事業会計・")


def test_setagaya_fiscal_year_and_account_select(tmp_path: Path) -> None:
    (budget,) = read_budget_book(SETAGAYA, "setagaya", fiscal_year=2025, account="一般会計")
    assert budget.info.id == "2025-approved"
    assert budget.total == 399_617_117_000
    assert budget.info.title == "令和7年度 一般会計 歳出予算（明細）"
    (proposed,) = read_budget_book(SETAGAYA, "setagaya", fiscal_year=2026, phase="proposed")
    assert proposed.info.id == "2026-proposed"
    assert proposed.editorial_notes[0].certainty is Certainty.CONFIRMED


@pytest.mark.parametrize("read", [_tama, _abiko], ids=["tama", "abiko"])
def test_written_packages_are_valid(read: object, tmp_path: Path) -> None:
    budgets = read()  # type: ignore[operator]
    write_package(budgets, tmp_path / "pkg")
    report = validate(tmp_path / "pkg")
    assert report.valid, report.render()


def test_a_setagaya_year_package_is_valid(tmp_path: Path) -> None:
    budgets = read_budget_book(SETAGAYA, "setagaya", fiscal_year=2025)
    write_package(budgets, tmp_path / "pkg")
    report = validate(tmp_path / "pkg")
    assert report.valid, report.render()


def test_import_is_deterministic(tmp_path: Path) -> None:
    write_package(_tama(), tmp_path / "a")
    write_package(_tama(), tmp_path / "b")
    for file in sorted((tmp_path / "a").iterdir()):
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name
