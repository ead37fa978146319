"""Synthetic spending.jp budget books, for the scale benchmark and its tests.

    python benchmarks/synthetic.py LINES OUT.csv [--municipality 132241] [--years 2021 2022]
    python benchmarks/synthetic.py LINES OUT_DIR --collection [--municipalities 4]

A file has the header of the spending.jp family (as ``tests/data/real/tama_r3_spendingjp.csv``,
plus the account's code, so special accounts import without a mapping), amounts in thousand
yen, and the real files' shape: 一般会計 with the 款 → 項 → 目 tree of 多摩市, the special
accounts of 世田谷区, and below each 目 a fan-out of 細目 (names from the real 細目 / 事業)
and 節 (the real 節 code list) scaled to the number of lines asked for.

Deterministic: the tree (and so every line's path and names) is seeded by the municipality
and the number of lines a year; the amounts by the municipality and the year. The same
arguments give byte-identical output, and the same path has the same names in every year.
Streaming: rows are written as they are made, a few hundred thousand a second.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "HEADER",
    "MUNICIPALITIES",
    "SyntheticFile",
    "iter_rows",
    "wareki",
    "write_collection",
    "write_csv",
]

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
#: The header written (the first column, empty, is the row index pandas writes).
HEADER = (
    "",
    "年度",
    "会計",
    "会計名称",
    "款",
    "款名称",
    "項",
    "項名称",
    "目",
    "目名称",
    "細目",
    "細目名称",
    "節",
    "節名称",
    "予算額",
    "COFOG_Level1",
    "COFOG_Level2",
)
#: Municipalities a collection is spread over: (code, name), real codes.
MUNICIPALITIES: tuple[tuple[str, str], ...] = (
    ("132241", "多摩市"),
    ("122220", "我孫子市"),
    ("131121", "世田谷区"),
    ("131202", "練馬区"),
    ("141003", "横浜市"),
    ("271004", "大阪市"),
    ("011002", "札幌市"),
    ("401307", "福岡市"),
)
#: The share of a year's lines in the general account; the rest go to special accounts.
GENERAL_SHARE = 0.7
#: COFOG classes of the special accounts (Setagaya's file gives none).
_SPECIAL_COFOG = {
    "国民健康保険": ("7", "7.6"),
    "介護保険": ("10", "10.2"),
    "後期高齢者": ("7", "7.6"),
}
_SPECIAL_COFOG_DEFAULT = ("9", "9.6")
#: Amounts are drawn from a table of this many log-normal values (2 % of them 0).
_AMOUNT_BITS = 16
_AMOUNTS = 1 << _AMOUNT_BITS


@dataclass(frozen=True)
class _Moku:
    """A 目 of the real tree, with the columns before 細目 already joined."""

    prefix: str  # 会計,会計名称,款,款名称,項,項名称,目,目名称
    cofog: str  # ,COFOG_Level1,COFOG_Level2


@dataclass(frozen=True)
class _Pools:
    general: tuple[_Moku, ...]
    special: tuple[_Moku, ...]
    saimoku_names: tuple[str, ...]
    setsu: tuple[tuple[int, str], ...]  # (code, name), by code


@dataclass(frozen=True)
class SyntheticFile:
    """One file of a collection: where it is and what to import it as."""

    path: Path
    municipality: str
    municipality_name: str
    fiscal_year: int
    lines: int


def _cell(text: str) -> str:
    """``text`` as one CSV cell (quoted if it has to be)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()


def _join(cells: Sequence[str]) -> str:
    return ",".join(_cell(cell) for cell in cells)


def _read(name: str, encoding: str = "utf-8") -> list[dict[str, str]]:
    with (REAL / name).open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def _tree(
    rows: list[dict[str, str]],
    account: Callable[[dict[str, str]], str],
    account_name: Callable[[dict[str, str]], str],
) -> tuple[_Moku, ...]:
    """The 目 of ``rows``, in code order; each code keeps the first name it has (a file
    spanning years may rename one)."""
    names: dict[tuple[int, ...], str] = {}
    cofogs: dict[tuple[int, ...], str] = {}
    for row in rows:
        path: tuple[int, ...] = ()
        for code, name in zip(
            (account(row), row["款"], row["項"], row["目"]),
            (account_name(row), row.get("款名称", ""), row["項名称"], row["目名称"]),
            strict=True,
        ):
            path += (int(code),)
            names.setdefault(path, name)
        if "COFOG_Level1" in row:
            cofog = (row["COFOG_Level1"], row["COFOG_Level2"])
        else:
            words = account_name(row)
            cofog = next(
                (c for w, c in _SPECIAL_COFOG.items() if w in words), _SPECIAL_COFOG_DEFAULT
            )
        cofogs.setdefault(path, f",{cofog[0]},{cofog[1]}")
    mokus = []
    for path in sorted(cofogs):
        cells = []
        for depth in range(1, 5):
            cells += [str(path[depth - 1]), names[path[:depth]]]
        mokus.append(_Moku(_join(cells), cofogs[path]))
    return tuple(mokus)


@cache
def _pools() -> _Pools:
    """The names of the real files, in a fixed order."""
    tama = _read("tama_r3_spendingjp.csv")
    abiko = _read("abiko_r3_spendingjp.csv")
    setagaya = _read("setagaya_ippansaisyutu_2018-2026.csv", "cp932")
    general = _tree(tama, lambda row: "1", lambda row: "一般会計")
    special = _tree(
        [row for row in setagaya if row["会計"] != "1"],
        lambda row: row["会計"],
        lambda row: row["会計名称"],
    )
    names = {row["細目名称"] for row in tama} | {row["事業名"] for row in abiko}
    names |= {row["予算事業名称"] for row in setagaya}
    setsu = {int(row["節"]): row["節名称"] for row in tama}

    return _Pools(
        general=general,
        special=special,
        saimoku_names=tuple(_cell(name) for name in sorted(names) if name),
        setsu=tuple((code, _cell(name)) for code, name in sorted(setsu.items())),
    )


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainder: the sum is exact)."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _plan(lines: int, municipality: str) -> list[tuple[_Moku, int]]:
    """Each 目 with its number of lines (0 for some when the file is small)."""
    pools = _pools()
    rng = random.Random(f"tree {municipality} {lines}")
    general = round(lines * GENERAL_SHARE) if lines > 1 else lines
    plan: list[tuple[_Moku, int]] = []
    for mokus, count in ((pools.general, general), (pools.special, lines - general)):
        weights = [rng.lognormvariate(0, 1) for _ in mokus]
        plan += zip(mokus, _allocate(count, weights), strict=True)
    return plan


def wareki(year: int) -> str:
    """The year as spending.jp prints it: ``R3`` for 2021, ``H30`` for 2018."""
    return f"R{year - 2018}" if year >= 2019 else f"H{year - 1988}"


def iter_rows(
    lines: int, *, municipality: str = "132241", fiscal_year: int = 2021, start: int = 0
) -> Iterator[str]:
    """The rows of one municipality-year, each a CSV record with its newline, in path
    order. Rows are numbered (the index column) from ``start``. Yields one string per
    細目 (several rows), to keep the per-row cost low."""
    pools = _pools()
    tree = random.Random(f"fan-out {municipality} {lines}")
    amounts = random.Random(f"amounts {municipality} {fiscal_year}")
    # Tables drawn once, then indexed by random bits: a few hundred thousand rows a second.
    cells = [f"{code},{name}," for code, name in pools.setsu]
    subsets = [
        [tuple(cells[i] for i in sorted(tree.sample(range(len(cells)), width))) for _ in range(64)]
        for width in range(len(cells) + 1)
    ]
    table = [int(amounts.lognormvariate(6.3, 2.0)) for _ in range(_AMOUNTS)]
    table[: _AMOUNTS // 50] = [0] * (_AMOUNTS // 50)
    names = pools.saimoku_names
    year = wareki(fiscal_year)
    index = start
    bits = amounts.getrandbits
    for moku, count in _plan(lines, municipality):
        saimoku = 0
        while count:
            saimoku += 1
            width = min(count, 1 + int(tree.expovariate(1 / 2.8)), len(cells))
            count -= width
            head = f",{year},{moku.prefix},{saimoku},{tree.choice(names)},"
            rows = []
            for cell in subsets[width][tree.getrandbits(6)]:
                rows.append(f"{index}{head}{cell}{table[bits(_AMOUNT_BITS)]}{moku.cofog}\n")
                index += 1
            yield "".join(rows)


def write_csv(
    path: Path, lines: int, *, municipality: str = "132241", fiscal_years: Sequence[int] = (2021,)
) -> int:
    """Write a file of ``lines`` rows for each year of ``fiscal_years``; returns the rows
    written."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(HEADER) + "\n")
        for year in fiscal_years:
            for chunk in iter_rows(
                lines, municipality=municipality, fiscal_year=year, start=written
            ):
                handle.write(chunk)
            written += lines
    return written


def write_collection(
    directory: Path,
    lines: int,
    *,
    municipalities: int = 4,
    fiscal_years: Sequence[int] = (2021, 2022),
) -> list[SyntheticFile]:
    """``lines`` rows in all, spread over the first ``municipalities`` of
    :data:`MUNICIPALITIES` and ``fiscal_years``: one file per municipality-year, named
    ``CODE_YEAR.csv``; the bigger cities get more lines (weights 1, 2, 3…)."""
    directory.mkdir(parents=True, exist_ok=True)
    chosen = MUNICIPALITIES[:municipalities]
    shares = _allocate(lines, [float(i + 1) for i in range(len(chosen))])
    files = []
    for (code, name), share in zip(chosen, shares, strict=True):
        for year, count in zip(
            fiscal_years, _allocate(share, [1.0] * len(fiscal_years)), strict=True
        ):
            path = directory / f"{code}_{year}.csv"
            write_csv(path, count, municipality=code, fiscal_years=(year,))
            files.append(SyntheticFile(path, code, name, year, count))
    return files


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", type=int, help="lines a year (a collection: in all)")
    parser.add_argument("out", type=Path, help="the CSV file (a collection: the directory)")
    parser.add_argument("--municipality", default="132241")
    parser.add_argument("--years", type=int, nargs="+", default=[2021])
    parser.add_argument("--collection", action="store_true", help="one file per municipality-year")
    parser.add_argument("--municipalities", type=int, default=4)
    args = parser.parse_args(argv)
    if args.collection:
        for item in write_collection(
            args.out, args.lines, municipalities=args.municipalities, fiscal_years=args.years
        ):
            print(f"{item.path}\t{item.municipality}\t{item.municipality_name}\t{item.lines}")
    else:
        write_csv(args.out, args.lines, municipality=args.municipality, fiscal_years=args.years)


if __name__ == "__main__":
    main()
