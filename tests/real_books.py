"""A small reader of the two spending.jp files, for the RDF tests of real-sized books.

It stands in for the importer (``nerima_opendata.readers.book``) until that is on main,
and it is independent of it: the SPARQL answers are checked against sums computed here
straight from the raw CSV (:func:`raw_rows`), not against this reader's budget.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nerima_opendata.model import (
    AmountKind,
    Budget,
    BudgetInfo,
    BudgetLine,
    Classification,
    Direction,
    classification_id,
    line_id,
)

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


def _name(row: dict[str, str], level: str) -> str:
    return row.get(f"{level}名称") or row[f"{level}名"]


def read(source: SpendingJp) -> Budget:
    """The file as a budget book (FY2021 approved, 一般会計 歳出, amounts in yen)."""
    nodes: dict[str, Classification] = {
        "1": Classification(id="1", level="会計", depth=0, code="1", name="一般会計"),
        "1-expenditure": Classification(
            id="1-expenditure",
            level="歳入歳出",
            depth=1,
            code="expenditure",
            name="歳出",
            parent_id="1",
        ),
    }
    amounts: dict[tuple[str, str | None], list[int]] = {}
    facts: dict[tuple[str, str | None], tuple[str | None, str | None, list[int]]] = {}
    for number, row in enumerate(raw_rows(source), start=2):
        codes: list[str] = []
        parent = "1-expenditure"
        for depth, level in enumerate(source.levels, start=2):
            codes.append(row[level])
            node = classification_id("1", Direction.EXPENDITURE, *codes)
            nodes.setdefault(
                node,
                Classification(
                    id=node,
                    level=level,
                    depth=depth,
                    code=row[level],
                    name=_name(row, level),
                    parent_id=parent,
                ),
            )
            parent = node
        department = row["所属"] if source.department else None
        key = (parent, department)
        amounts.setdefault(key, []).append(int(row["予算額"]) * source.factor)
        entry = facts.setdefault(
            key, (row["所属名"] if department else None, cofog(row["COFOG_Level2"]), [])
        )
        entry[2].append(number)
    per_node: dict[str, int] = {}
    for node, _ in amounts:
        per_node[node] = per_node.get(node, 0) + 1
    lines = []
    for (node, department), values in amounts.items():
        name, cofog_class, rows = facts[(node, department)]
        shared = per_node[node] > 1
        lines.append(
            BudgetLine(
                id=line_id(node, department if shared else None),
                classification_id=node,
                department_code=department,
                department_name=name,
                cofog=cofog_class,
                amount=sum(values),
                source_rows=",".join(map(str, rows)),
            )
        )
    unit = "yen" if source.factor == 1 else "thousand-yen"
    info = BudgetInfo(
        municipality_code=source.code,
        municipality_name=source.name,
        fiscal_year=2021,
        phase="approved",
        title="一般会計予算（歳出）",
        source_title=source.file,
    )
    kind = AmountKind(id="budget", order=1, name="予算額", stage="budget", unit=unit, primary=True)
    return Budget(
        info=info, classifications=tuple(nodes.values()), amount_kinds=(kind,), lines=tuple(lines)
    )
