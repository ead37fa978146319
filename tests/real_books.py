"""The two spending.jp files, for the RDF tests of real-sized books.

The budgets come from the importer (``nerima_opendata.readers.book``); the SPARQL answers
are checked against sums computed here straight from the raw CSV (:func:`raw_rows`).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nerima_opendata import import_budget_book
from nerima_opendata.model import Budget
from nerima_opendata.readers.book import read_budget_book

REAL = Path(__file__).parent / "data" / "real"


@dataclass(frozen=True)
class SpendingJp:
    """One spending.jp file: where it is, whose it is, its unit and its levels."""

    file: str
    code: str
    name: str
    factor: int
    levels: tuple[str, ...]  # the level names below the account, 款 first
    department: bool  # the rows carry 所属 / 所属名


TAMA = SpendingJp(
    "tama_r3_spendingjp.csv", "132241", "多摩市", 1000, ("款", "項", "目", "細目", "節"), False
)
ABIKO = SpendingJp(
    "abiko_r3_spendingjp.csv",
    "122220",
    "我孫子市",
    1,
    ("款", "項", "目", "事業", "節", "細節"),
    True,
)


def raw_rows(source: SpendingJp) -> Iterator[dict[str, str]]:
    """The file's rows, as the csv module reads them (header names as keys)."""
    with (REAL / source.file).open(encoding="utf-8", newline="") as stream:
        yield from csv.DictReader(stream)


def cofog(value: str) -> str | None:
    """spending.jp's ``1.1`` as the UN notation ``01.1``."""
    if not value:
        return None
    division, *rest = value.split(".")
    return ".".join([division.zfill(2), *rest])


def _unit(source: SpendingJp) -> str:
    return "yen" if source.factor == 1 else "thousand-yen"


def import_package(source: SpendingJp, out: Path, *, rows: int | None = None) -> Path:
    """The file imported as ``nerima-opendata import spendingjp`` imports it, into ``out``;
    with ``rows``, only its first rows (a copy of them beside ``out``)."""
    file = REAL / source.file
    if rows is not None:
        with file.open(encoding="utf-8", newline="") as stream:
            head = list(itertools.islice(stream, rows + 1))
        file = out.with_name(f"{out.name}-{rows}-rows.csv")
        file.write_text("".join(head), encoding="utf-8", newline="")
    import_budget_book(
        file,
        "spendingjp",
        out,
        municipality=source.code,
        municipality_name=source.name,
        unit=_unit(source),
    )
    return out


def read(source: SpendingJp) -> Budget:
    """The file as a budget book, through the importer (the answers are checked against
    :func:`raw_rows`, never against this budget alone)."""
    (budget,) = read_budget_book(
        REAL / source.file,
        "spendingjp",
        municipality=source.code,
        municipality_name=source.name,
        unit=_unit(source),
    )
    return budget
