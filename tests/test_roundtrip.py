"""Property: any valid records survive model → CSV → model unchanged."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from nerima_opendata import format_amount
from nerima_opendata.models import BudgetInfo, Initiative, Project
from nerima_opendata.sources.package import read_table
from nerima_opendata.tables import table_by_name
from nerima_opendata.writers.csv import ENCODING, write_csv

INFO = BudgetInfo.model_validate(
    {
        "ID": "2024-proposed",
        "全国地方公共団体コード": "131202",
        "地方公共団体名": "練馬区",
        "年度": 2024,
        "年度_和暦": "令和6年度",
        "予算段階": "proposed",
        "予算段階_名称": "当初予算案",
        "表題": "t",
        "担当課": "財政課",
        "電話番号": "03-5984-2465",
        "審議機関": "区議会",
        "審議会議": "定例会",
        "出典": "s",
        "通貨": "JPY",
    }
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=";"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    amount = draw(st.integers(min_value=0, max_value=10**15))
    return Project(
        id=f"P{draw(st.integers(1, 9))}-{draw(st.integers(1, 99)):02d}",
        pillar_id="P1",
        order=draw(st.integers(1, 99)),
        title=draw(TEXT),
        title_en=draw(st.none() | TEXT),
        amount=amount,
        amount_printed=format_amount(amount),
        source_lines=draw(st.none() | st.just("9-10")),
    )


@st.composite
def initiatives(draw: st.DrawFn) -> Initiative:
    return Initiative(
        id="P1-01-01",
        project_id="P1-01",
        order=1,
        text=draw(TEXT),
        tags=tuple(draw(st.lists(st.sampled_from(["新規", "都内初", "23区初"]), max_size=3))),
    )


def _round_trip(name: str, records: list[object]) -> list[object]:
    spec = table_by_name(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        buffer = io.StringIO(newline="")
        write_csv(buffer, spec, records, INFO)  # type: ignore[arg-type]
        path.write_text(buffer.getvalue(), encoding=ENCODING)
        read = read_table(Path(tmp), {"path": "t.csv"}, spec)
    assert read.errors == []
    return [r.record for r in read.records]


@settings(max_examples=60, deadline=None)
@given(st.lists(projects(), max_size=5))
def test_projects_round_trip(records: list[Project]) -> None:
    assert _round_trip("projects", list(records)) == records


@settings(max_examples=60, deadline=None)
@given(st.lists(initiatives(), max_size=5))
def test_initiatives_round_trip(records: list[Initiative]) -> None:
    assert _round_trip("initiatives", list(records)) == records


def test_budget_info_round_trip() -> None:
    assert _round_trip("budget", [INFO]) == [INFO]
