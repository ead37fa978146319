"""The synthetic budget books of the scale benchmark: exact size, deterministic, unique
paths, and importable by the library as the real spending.jp files are."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from benchmarks.synthetic import HEADER, iter_rows, wareki, write_collection, write_csv

from nerima_opendata.api import import_budget_book


@pytest.mark.parametrize(
    ("lines", "years"),
    [(1, (2021,)), (7, (2021,)), (500, (2018, 2019)), (5_000, (2021,)), (20_000, (2024,))],
)
def test_exact_deterministic_unique(tmp_path: Path, lines: int, years: tuple[int, ...]) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert write_csv(first, lines, fiscal_years=years) == lines * len(years)
    write_csv(second, lines, fiscal_years=years)
    assert first.read_bytes() == second.read_bytes()
    with first.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    assert len(body) == lines * len(years)
    assert [int(row[0]) for row in body] == list(range(len(body)))
    assert all(len(row) == len(HEADER) for row in body)
    paths = {(row[1], *row[2:13:2]) for row in body}  # year and every code
    assert len(paths) == len(body)
    assert {row[1] for row in body} == {wareki(year) for year in years}


def test_years_share_paths_and_differ_in_amounts() -> None:
    one = "".join(iter_rows(2_000, fiscal_year=2021)).splitlines()
    two = "".join(iter_rows(2_000, fiscal_year=2022)).splitlines()
    strip = [",".join(row.split(",")[2:14]) for row in one]
    assert strip == [",".join(row.split(",")[2:14]) for row in two]
    assert [row.split(",")[14] for row in one] != [row.split(",")[14] for row in two]


@pytest.mark.parametrize(("year", "expected"), [(2021, "R3"), (2019, "R1"), (2018, "H30")])
def test_wareki(year: int, expected: str) -> None:
    assert wareki(year) == expected


def test_collection_is_importable(tmp_path: Path) -> None:
    files = write_collection(tmp_path, 3_000, municipalities=2, fiscal_years=(2021, 2022))
    assert sum(item.lines for item in files) == 3_000
    assert [(item.municipality, item.fiscal_year) for item in files] == [
        ("132241", 2021),
        ("132241", 2022),
        ("122220", 2021),
        ("122220", 2022),
    ]
    for item in files:
        result = import_budget_book(
            item.path,
            "spendingjp",
            municipality=item.municipality,
            municipality_name=item.municipality_name,
            unit="thousand-yen",
        )
        (budget,) = result.budgets
        assert len(budget.lines) == item.lines
        assert budget.info.fiscal_year == item.fiscal_year
