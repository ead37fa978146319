"""``nerima-opendata parquet``: the lines of budget-book packages as a Parquet dataset,
read back with DuckDB: the totals per 款 (and the line counts) equal the CSV's, for Tama,
Abiko and a synthetic multi-municipality, multi-year collection."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.synthetic import write_collection
from click.testing import CliRunner

from nerima_opendata.api import import_budget_book, write_parquet
from nerima_opendata.cli.main import main
from nerima_opendata.errors import InputError
from nerima_opendata.model.columns import BUDGET_ID_COLUMN, CODE_COLUMN
from nerima_opendata.model.enums import TableName
from nerima_opendata.model.tables import TABLES, table_by_name
from nerima_opendata.writers.parquet import write_parquet as write_batched

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

REAL = Path(__file__).resolve().parent / "data" / "real"
#: (file, municipality, name, unit) of the real books.
BOOKS = {
    "tama": ("tama_r3_spendingjp.csv", "132241", "多摩市", "thousand-yen"),
    "abiko": ("abiko_r3_spendingjp.csv", "122220", "我孫子市", "yen"),
}
Key = tuple[str, int, str, str, str]  # municipality, year, account, direction, 款


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("parquet")
    made: dict[str, list[Path]] = {}
    for name, (file, code, municipality, unit) in BOOKS.items():
        out = root / name
        import_budget_book(
            REAL / file,
            "spendingjp",
            out,
            municipality=code,
            municipality_name=municipality,
            unit=unit,
        )
        made[name] = [out]
    sources = write_collection(
        root / "synthetic-src", 6_000, municipalities=3, fiscal_years=(2021, 2022)
    )
    made["synthetic"] = []
    for item in sources:
        out = root / "synthetic" / item.path.stem
        import_budget_book(
            item.path,
            "spendingjp",
            out,
            municipality=item.municipality,
            municipality_name=item.municipality_name,
            unit="thousand-yen",
        )
        made["synthetic"].append(out)
    return made


def _csv_totals(packages: list[Path]) -> tuple[Counter[Key], Counter[Key]]:
    """Sum and count of the lines per 款, by a plain csv loop over the packages."""
    budget = next(s for s in TABLES if s.is_budget)
    lines = table_by_name(TableName.LINES)
    sums: Counter[Key] = Counter()
    counts: Counter[Key] = Counter()
    for package in packages:
        (budget_file,) = package.glob(f"*{budget.filename('')}")
        with budget_file.open(encoding="utf-8-sig", newline="") as handle:
            years = {
                r[budget.column("id")]: int(r[budget.column("fiscal_year")])
                for r in csv.DictReader(handle)
            }
        (lines_file,) = package.glob(f"*{lines.filename('')}")
        with lines_file.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                account, direction, kan = row[lines.column("classification_id")].split("-")[:3]
                key = (row[CODE_COLUMN], years[row[BUDGET_ID_COLUMN]], account, direction, kan)
                sums[key] += int(row[lines.column("amount")])
                counts[key] += 1
    return sums, counts


def _duckdb_totals(out: Path) -> tuple[Counter[Key], Counter[Key]]:
    rows = duckdb.sql(
        f"""SELECT municipality_code, fiscal_year, account_code, direction, kan_code,
                   sum(amount)::BIGINT, count(*)
            FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true,
                              hive_types = {{'municipality_code': VARCHAR, 'fiscal_year': INTEGER}})
            GROUP BY ALL"""
    ).fetchall()
    sums: Counter[Key] = Counter({tuple(r[:5]): r[5] for r in rows})
    counts: Counter[Key] = Counter({tuple(r[:5]): r[6] for r in rows})
    return sums, counts


@pytest.mark.parametrize("name", ["tama", "abiko", "synthetic"])
def test_totals_per_kan_equal_the_csv(
    packages: dict[str, list[Path]], tmp_path: Path, name: str
) -> None:
    out = tmp_path / "parquet"
    result = write_parquet(packages[name], out)
    expected_sums, expected_counts = _csv_totals(packages[name])
    assert _duckdb_totals(out) == (expected_sums, expected_counts)
    assert result.rows == sum(expected_counts.values())
    partitions = {(code, year) for code, year, *_ in expected_counts}
    assert len(result.files) == len(partitions)
    assert all((out / name).is_file() for name in result.files)


def test_batches_and_reruns_give_the_same_data_byte_identical(
    packages: dict[str, list[Path]], tmp_path: Path
) -> None:
    first, second, small = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_parquet(packages["synthetic"], first)
    write_parquet(packages["synthetic"], second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    write_batched(packages["synthetic"], small, batch_rows=500)
    query = "SELECT * FROM read_parquet('{}/**/*.parquet', hive_partitioning = true) ORDER BY ALL"
    assert duckdb.sql(query.format(first)).fetchall() == duckdb.sql(query.format(small)).fetchall()
    groups = duckdb.sql(f"SELECT max(row_group_id) FROM parquet_metadata('{small}/**/*.parquet')")
    assert groups.fetchall()[0][0] >= 1


def test_a_partition_met_again_gets_the_next_part(
    packages: dict[str, list[Path]], tmp_path: Path
) -> None:
    result = write_parquet([*packages["tama"], *packages["tama"]], tmp_path / "out")
    assert result.files == (
        "municipality_code=132241/fiscal_year=2021/part-0.parquet",
        "municipality_code=132241/fiscal_year=2021/part-1.parquet",
    )


def test_a_brochure_package_is_refused(tmp_path: Path) -> None:
    from nerima_opendata.api import default_package

    with pytest.raises(InputError, match="cannot find the lines table"):
        write_parquet([default_package()], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_cli(packages: dict[str, list[Path]], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["parquet", *map(str, packages["tama"]), str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote 1,580 lines in 1 Parquet file(s)")
    again = CliRunner().invoke(main, ["parquet", "-q", *map(str, packages["abiko"]), str(out)])
    assert (again.exit_code, again.output) == (0, "")
    assert [p.name for p in out.glob("municipality_code=*")] == ["municipality_code=122220"]
    help_text = CliRunner().invoke(main, ["parquet", "--help"]).output
    assert "Examples:" in help_text and "hive_partitioning" in help_text


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("amount", "12x", "not an integer amount"),
        (BUDGET_ID_COLUMN, "1999-approved", "a budget the package does not list"),
        (CODE_COLUMN, "../132241", "not a municipality code and fiscal year"),
    ],
)
def test_a_malformed_line_is_named_and_nothing_is_written(
    packages: dict[str, list[Path]], tmp_path: Path, column: str, value: str, message: str
) -> None:
    copy = tmp_path / "pkg"
    shutil.copytree(packages["tama"][0], copy)
    lines = table_by_name(TableName.LINES)
    (path,) = copy.glob(f"*{lines.filename('')}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    target = lines.column(column) if column == "amount" else column
    rows[3][rows[0].index(target)] = value
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(InputError, match=message) as info:
        write_parquet([copy], tmp_path / "out")
    assert info.value.line == 4
    assert not (tmp_path / "out").exists()
