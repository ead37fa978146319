"""Ingesting the brochure text: every figure, every line, every correction."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from nerima_opendata import SourceParseError, ingest
from nerima_opendata.errors import InputError
from nerima_opendata.model import Budget, Certainty, EditorialKind

from ..conftest import ROOT

SOURCE = ROOT / "source" / "nerima-r6-budget-brochure.txt"
CORRECTIONS = SOURCE.with_name(SOURCE.stem + ".corrections.toml")


@pytest.fixture(scope="module")
def ingested() -> Budget:
    return ingest(SOURCE)[0]


def _independent_amounts() -> list[int]:
    """Amounts read from the raw text with a regex of their own (no library code)."""
    amounts = []
    for oku, man in re.findall(r"【(?:(\d+)億)?(\d+)万円】", SOURCE.read_text(encoding="utf-8")):
        amounts.append(int(oku or 0) * 100_000_000 + int(man) * 10_000)
    return amounts


def test_counts(ingested: Budget) -> None:
    assert (len(ingested.pillars), len(ingested.projects), len(ingested.initiatives)) == (6, 26, 72)
    assert len(ingested.glossary) == 2
    assert [t.label for t in ingested.tags] == [
        "新規",
        "都内初",
        "23区初",
        "全国初",
        "都内施設数No.1",
    ]


def test_every_amount_exact_and_in_order(ingested: Budget) -> None:
    independent = _independent_amounts()
    assert [p.amount for p in ingested.projects] == independent
    assert ingested.total == sum(independent) == 43_201_890_000


def test_every_initiative_line_present(ingested: Budget) -> None:
    raw = SOURCE.read_text(encoding="utf-8")
    assert raw.count("◦") == len(ingested.initiatives)
    lines = {int(i.source_lines.split("-")[0]) for i in ingested.initiatives if i.source_lines}
    starts = {n for n, line in enumerate(raw.splitlines(), start=1) if line.startswith("◦")}
    assert lines == starts


@pytest.mark.parametrize(
    ("pillar", "count", "first", "last"),
    [
        ("P1", 6, "支援が必要な子どもたちへの取り組みの充実", "教育の質の向上"),
        (
            "P2",
            3,
            "高齢者地域包括ケアシステムの推進",
            "元気高齢者の活躍と健康づくり・フレイル予防の推進",
        ),
        ("P3", 5, "身体とこころの健康づくりを応援", "安心して医療が受けられる体制の整備"),
        ("P4", 6, "練馬のみどりを未来へつなぐ", "誰もが移動しやすい新たな交通の構築"),
        (
            "P5",
            4,
            "みどりの中で誰もがスポーツを楽しめるまち",
            "みどりの中で優れた文化芸術を楽しめるまち",
        ),
        ("P6", 2, "地域コミュニティの活性化と区民協働の推進", "DXで区民と区政を直につなぐ"),
    ],
)
def test_projects_under_their_pillar(
    ingested: Budget, pillar: str, count: int, first: str, last: str
) -> None:
    projects = list(ingested.projects_in(pillar))
    assert len(projects) == count
    assert (projects[0].title, projects[-1].title) == (first, last)


@pytest.mark.parametrize(
    ("initiative", "text_start", "certainty"),
    [
        ("P1-06-03", "区立小中学校の校舎の改築", Certainty.CONFIRMED),
        ("P2-03-03", "保健師などの専門職員を増員", Certainty.INFERRED),
        ("P6-02-02", "住民税・国民健康保険料の収納対策業務", Certainty.CONFIRMED),
    ],
)
def test_out_of_place_lines_relocated_with_note(
    ingested: Budget, initiative: str, text_start: str, certainty: Certainty
) -> None:
    record = next(i for i in ingested.initiatives if i.id == initiative)
    assert record.text.startswith(text_start)
    notes = [n for n in ingested.editorial_notes if n.target_id == initiative]
    assert [(n.kind, n.certainty) for n in notes] == [(EditorialKind.LINE_RELOCATED, certainty)]


def test_furigana_removed_with_note(ingested: Budget) -> None:
    assert ingested.project("P3-01").title == "身体とこころの健康づくりを応援"
    kinds = {n.kind for n in ingested.editorial_notes if n.target_id == "P3-01"}
    assert EditorialKind.FURIGANA_REMOVED in kinds
    assert not any("から だ" in p.title for p in ingested.projects)


def test_tags(ingested: Budget) -> None:
    assert ingested.tag_counts() == {
        "new": 32,
        "first-in-tokyo": 1,
        "first-in-23-wards": 1,
        "first-in-japan": 1,
        "most-facilities-in-tokyo": 1,
    }
    assert [t.label for t in ingested.tags] == [
        "新規",
        "都内初",
        "23区初",
        "全国初",
        "都内施設数No.1",
    ]
    assert next(i for i in ingested.initiatives if i.id == "P6-02-02").tags == ("first-in-japan",)
    assert not any(t in i.text for i in ingested.initiatives for t in ("新規", "全国初"))


def test_glossary_linked(ingested: Budget) -> None:
    by_term = {g.term: g for g in ingested.glossary}
    assert by_term["PFS"].term_full == "成果連動型民間委託契約方式"
    assert by_term["PFS"].initiative_id == "P2-03-01"
    assert by_term["デマンド交通"].initiative_id == "P4-06-02"


def test_metadata(ingested: Budget) -> None:
    info = ingested.info
    assert (info.fiscal_year, info.fiscal_year_label, info.phase.value, info.phase_label) == (
        2024,
        "令和6年度",
        "proposed",
        "当初予算案",
    )
    assert info.deliberation_session == "令和6年第一回練馬区議会定例会"
    assert (info.department, info.telephone) == ("財政課", "03-5984-2465")
    assert info.municipality_code == "131202"


def test_every_title_has_an_unofficial_translation(ingested: Budget) -> None:
    assert all(p.title_en for p in ingested.projects)
    assert all(i.text_en for i in ingested.initiatives)


def _broken(tmp_path: Path, old: str, new: str, target: str = "source") -> Path:
    source = tmp_path / SOURCE.name
    shutil.copy(SOURCE, source)
    shutil.copy(CORRECTIONS, tmp_path / CORRECTIONS.name)
    path = source if target == "source" else tmp_path / CORRECTIONS.name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return source


@pytest.mark.parametrize(
    ("old", "new", "target", "message"),
    [
        pytest.param(
            "line = 6\n",
            "line = 8\n",
            "corrections",
            "initiative before any project",
            id="missing-relocation",
        ),
        pytest.param(
            "line = 319\n",
            "line = 318\n",
            "corrections",
            "no ◦ item starts",
            id="relocation-to-no-line",
        ),
        pytest.param(
            'project = "教育の質の向上"',
            'project = "教育"',
            "corrections",
            "not in the text",
            id="relocation-to-unknown-project",
        ),
        pytest.param(
            'printed = "身から だ体"',
            'printed = "身から だ 体"',
            "corrections",
            "furigana",
            id="furigana-does-not-apply",
        ),
        pytest.param(
            "projects = 2\n",
            "projects = 3\n",
            "corrections",
            "project count",
            id="pillar-counts-wrong",
        ),
        pytest.param(
            "【2297万円】", "【2297万】", "source", "not a printed amount", id="bad-amount"
        ),
        pytest.param(
            "●教育の質の向上【140億5511万円】",
            "●教育の質の向上",
            "source",
            "without an amount",
            id="missing-amount",
        ),
        pytest.param(
            "問合せ    財政課☎5984-2465", " ", "source", "no contact line", id="missing-contact"
        ),
        pytest.param(
            "区民とともに区政を進める\n", "\n", "source", "heading not found", id="missing-heading"
        ),
        pytest.param(
            'target_id = "P2-03-02"',
            'target_id = "P2-03-09"',
            "corrections",
            r"a note about a record not in initiatives \(found 'P2-03-09'",
            id="note-about-no-record",
        ),
    ],
)
def test_parse_errors_name_the_problem(
    tmp_path: Path, old: str, new: str, target: str, message: str
) -> None:
    source = _broken(tmp_path, old, new, target)
    with pytest.raises(SourceParseError, match=message) as caught:
        ingest(source)
    assert len(str(caught.value)) < 1200, "the message must not dump the whole budget"


def test_ingest_regenerates_the_canonical_package_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "datapackage"
    ingest(SOURCE, out)
    canonical = ROOT / "datapackage"
    names = sorted(p.name for p in canonical.iterdir())
    assert names == sorted(p.name for p in out.iterdir())
    for name in names:
        assert (out / name).read_bytes() == (canonical / name).read_bytes(), name


@pytest.mark.parametrize(
    ("target", "kind", "certainty", "lines"),
    [
        ("2024-proposed", EditorialKind.SUPPLEMENTED, Certainty.INFERRED, "2"),  # feature title
        ("2024-proposed", EditorialKind.SUPPLEMENTED, Certainty.CONFIRMED, "4"),  # area code
        ("P2-03-02", EditorialKind.PLACEMENT_REVIEWED, Certainty.INFERRED, "108-110"),
        ("P3-01", EditorialKind.TITLE_UNWRAPPED, Certainty.CONFIRMED, "112-114"),  # not 116
    ],
)
def test_judgements_over_the_source_are_noted(
    ingested: Budget, target: str, kind: EditorialKind, certainty: Certainty, lines: str
) -> None:
    notes = [n for n in ingested.editorial_notes if n.target_id == target and n.kind is kind]
    assert [n.certainty for n in notes if n.source_lines == lines] == [certainty]


@pytest.mark.parametrize(
    ("printed", "telephone", "supplemented"),
    [("☎5984-2465", "03-5984-2465", True), ("☎03-5984-2465", "03-5984-2465", False)],
    ids=["area-code-added", "area-code-printed"],
)
def test_area_code_added_only_when_not_printed(
    tmp_path: Path, printed: str, telephone: str, supplemented: bool
) -> None:
    budget = ingest(_broken(tmp_path, "☎5984-2465", printed)).budget
    assert budget.info.telephone == telephone
    added = [n for n in budget.editorial_notes if "市外局番" in n.note]
    assert bool(added) is supplemented


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ("", (None, None)),
        ("issued = 2024-02-01\n", (date(2024, 2, 1), None)),
        ("issued = 2024-02-01\nmodified = 2024-03-15\n", (date(2024, 2, 1), date(2024, 3, 15))),
    ],
    ids=["none", "issued", "both"],
)
def test_the_source_dates_come_from_the_corrections_file(
    tmp_path: Path, dates: str, expected: tuple[date | None, date | None]
) -> None:
    """The brochure prints no date: a publisher who knows them states them beside the
    other facts the text does not print; nothing is taken from the clock."""
    source = _broken(tmp_path, "source_title = ", f"{dates}source_title = ", "corrections")
    info = ingest(source)[0].info
    assert (info.issued, info.modified) == expected


def test_a_revision_before_the_publication_is_refused(tmp_path: Path) -> None:
    dates = "issued = 2024-03-15\nmodified = 2024-02-01\n"
    source = _broken(tmp_path, "source_title = ", f"{dates}source_title = ", "corrections")
    with pytest.raises(InputError, match="modified"):
        ingest(source)
