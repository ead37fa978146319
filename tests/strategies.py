"""Hypothesis strategies: whole, consistent budgets in canonical record order.

:func:`budgets` draws a :class:`~nerima_opendata.model.Budget` that validates (its own
``check_integrity`` runs on construction) and whose records are already in the order
every reader gives them back (pillars by order; projects by pillar, order, ID;
initiatives by project, order, ID; tags by order, ID; notes by the number in their ID),
so a round trip can be compared with ``==``.

What varies: 1 to 4 pillars with 0 to 3 projects each and 0 to 3 initiatives per project;
pillar numbers with and without leading zeros; orders with gaps and ties; tags picked by
code (in tag order); glossary notes linked to initiatives; editorial notes about every
kind of record; every optional field ``None`` or set; printed amounts in several forms
(myriad units, 千円, 百万円, thousands separators, full-width digits, 【】) from 0 yen to
10**15 yen; fiscal years across the Meiji, Taishō, Shōwa, Heisei and Reiwa eras and
their boundaries; every budget phase, with and without a revision suffix; municipality
codes with their check digit; and Japanese or odd text: any Unicode character, CJK,
full-width and half-width kana, emoji, commas, quotes, semicolons,
tabs, newlines (LF, CR, CRLF, U+2028) inside cells, leading and trailing spaces,
backslashes, values such as ``NaN`` or ``null``, and control characters on request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Literal

from hypothesis import strategies as st

from nerima_opendata.model import (
    Budget,
    BudgetInfo,
    BudgetPhase,
    Certainty,
    EditorialKind,
    EditorialNote,
    GlossaryNote,
    Initiative,
    Pillar,
    Project,
    Tag,
)
from nerima_opendata.model.amounts import format_amount
from nerima_opendata.model.codes import check_digit
from nerima_opendata.model.wareki import format_fiscal_year

__all__ = [
    "AMOUNTS",
    "FISCAL_YEARS",
    "NONCHARACTERS",
    "ODD_CHARACTERS",
    "ODD_VALUES",
    "budget_infos",
    "budgets",
    "characters",
    "line_ranges",
    "optional",
    "printed_amounts",
    "texts",
]

#: Characters that CSV, Turtle, N-Triples, XML or JSON must quote or escape, and CJK.
ODD_CHARACTERS = (
    ",\"';；\n\r\t 　\\<>&#%{}[]()【】「」『』（）、。・～〜—‐"
    "練馬区予算施策事業取組新規都内初ＡＢＣ１２３ｱｲｳｴｵアイウ①Ⅻ㍻🗾é"
)
#: Whole values with something awkward at the edges or inside.
ODD_VALUES = (
    " 先頭に空白",
    "末尾に空白 ",
    "　全角空白　",
    '"引用符"',
    "カンマ,入り",
    "改行\nあり",
    "CRLF\r\nあり",
    "CRのみ\rあり",
    "1,000",
    "NaN",
    "null",
    "None",
    "true",
    "0",
    "-",
    "#コメント風",
    "=SUM(A1)",
    "\\n",
    "@en",
)


#: The Unicode noncharacters, which the models refuse like control characters (XML 1.0
#: cannot carry U+FFFE and U+FFFF).
NONCHARACTERS = "".join(map(chr, range(0xFDD0, 0xFDF0))) + "".join(
    chr(plane * 0x10000 + last) for plane in range(17) for last in (0xFFFE, 0xFFFF)
)


@cache
def characters(*, controls: bool = False, exclude: str = "") -> st.SearchStrategy[str]:
    """Any character UTF-8 can encode (U+2028 and U+2029 included), except surrogates.

    Args:
        controls: Allow control characters too (NUL, ESC, NEL…; XML 1.0 cannot carry most).
        exclude: Characters never to draw.
    """
    categories: list[Literal["Cs", "Cc"]] = ["Cs"] if controls else ["Cs", "Cc"]
    refused = "" if controls else NONCHARACTERS
    return st.characters(
        codec="utf-8", exclude_categories=categories, exclude_characters=exclude + refused
    )


def _odd_or_any(*, controls: bool = False, exclude: str = "") -> st.SearchStrategy[str]:
    odd = [c for c in ODD_CHARACTERS if c not in exclude]
    return st.sampled_from(odd) | characters(controls=controls, exclude=exclude)


@cache
def texts(
    *, controls: bool = False, exclude: str = "", max_size: int = 16
) -> st.SearchStrategy[str]:
    """Non-empty text: odd and any characters, or one of :data:`ODD_VALUES`.

    Args:
        controls: Allow control characters.
        exclude: Characters the text must not hold.
        max_size: At most this many characters.
    """
    values = [v for v in ODD_VALUES if not any(c in v for c in exclude)]
    return st.one_of(
        st.text(_odd_or_any(controls=controls, exclude=exclude), min_size=1, max_size=max_size),
        st.sampled_from(values),
    )


@cache
def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    """``None`` or a value."""
    return st.none() | strategy


@cache
def line_ranges() -> st.SearchStrategy[str]:
    """Source line references such as ``9``, ``9-10`` or ``1,3-4``."""
    one = st.builds(
        lambda a, b: f"{a}" if b is None else f"{a}-{a + b}",
        st.integers(0, 2000),
        st.none() | st.integers(0, 50),
    )
    return st.lists(one, min_size=1, max_size=3).map(",".join)


def printed_amounts(amount: int) -> st.SearchStrategy[str]:
    """Ways a brochure may print ``amount`` yen (each parses back to ``amount``)."""
    forms = [format_amount(amount), f"{amount:,}円", f"{amount}円"]
    if amount % 1000 == 0:
        forms.append(f"{amount // 1000:,}千円")
    if amount % 1_000_000 == 0:
        forms.append(f"{amount // 1_000_000}百万円")
    full_width = str.maketrans("0123456789,", "０１２３４５６７８９，")
    forms.append(format_amount(amount).translate(full_width))
    forms.append(f"【{format_amount(amount)}】")
    return st.sampled_from(forms)


AMOUNTS = st.one_of(
    st.just(0),
    st.integers(1, 9_999),
    st.integers(0, 10**15),
    st.integers(1, 99_999).map(lambda n: n * 10**4),
    st.integers(1, 9_999).map(lambda n: n * 10**8),
    st.integers(1, 999).map(lambda n: n * 10**12),
)

#: Years at the edges of the eras, and years anywhere.
FISCAL_YEARS = st.one_of(
    st.sampled_from([1868, 1869, 1911, 1912, 1913, 1925, 1926, 1927, 1988, 1989, 1990]),
    st.sampled_from([2018, 2019, 2020, 2024]),
    st.integers(1868, 2100),
    st.integers(1868, 9999),
)


_TAG_IDS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
_TAG_LABELS = st.sampled_from(["新規", "都内初", "23区初", "拡充"])
_ORDER = st.integers(1, 10**6) | st.integers(1, 12)
_FIVE_DIGITS = st.from_regex(r"[0-9]{5}", fullmatch=True)
_TELEPHONES = st.from_regex(r"0[0-9]{1,4}-[0-9]{1,4}-[0-9]{4}", fullmatch=True)
_SHA256 = optional(st.from_regex(r"[0-9a-f]{64}", fullmatch=True))
_CURRENCIES = st.just("JPY") | st.from_regex(r"[A-Z]{3}", fullmatch=True)
_URLS = st.sampled_from(
    [
        "https://www.city.nerima.tokyo.jp/kusei/zaisei/yosan/index.html",
        "http://example.jp/予算?a=1&b=2#p",
    ]
)


@cache
def source_urls(*, controls: bool = False, exclude: str = "") -> st.SearchStrategy[str | None]:
    """``None`` or a URL matching ``https?://\\S+`` (any non-space characters)."""
    chars = characters(controls=controls, exclude=exclude)
    return optional(_URLS | st.from_regex(r"https?://\S+", fullmatch=True, alphabet=chars))


@st.composite
def budget_infos(draw: st.DrawFn, *, controls: bool = False, exclude: str = "") -> BudgetInfo:
    """The budget table's one row, consistent (code check digit, era label, ID).

    Args:
        draw: Hypothesis' draw function.
        controls: Let free text and the source URL hold control characters too.
        exclude: Characters free text must not hold.
    """
    t = texts(controls=controls, exclude=exclude)
    t_or_none = optional(t)
    year = draw(FISCAL_YEARS)
    phase = draw(st.sampled_from(list(BudgetPhase)))
    suffix = draw(st.none() | st.integers(1, 12))
    five = draw(_FIVE_DIGITS)
    issued = draw(st.none() | st.dates(date(1868, 1, 1)))
    modified = draw(st.none() | st.dates(issued or date(1868, 1, 1)))  # not before issued
    return BudgetInfo(
        id=f"{year}-{phase.value}" + ("" if suffix is None else f"-{suffix}"),
        municipality_code=f"{five}{check_digit(five)}",
        municipality_name=draw(st.sampled_from(["練馬区", "千代田区", "札幌市"]) | t),
        municipality_name_en=draw(t_or_none),
        fiscal_year=year,
        fiscal_year_label=format_fiscal_year(year),
        phase=phase,
        phase_label=draw(st.just(phase.label_ja) | t),
        title=draw(t),
        title_en=draw(t_or_none),
        department=draw(t),
        department_en=draw(t_or_none),
        telephone=draw(_TELEPHONES),
        deliberating_body=draw(t),
        deliberation_session=draw(t),
        source_title=draw(t),
        source_url=draw(source_urls(controls=controls, exclude=exclude)),
        issued=issued,
        modified=modified,
        source_sha256=draw(_SHA256),
        currency=draw(_CURRENCIES),
    )


def _orders(draw: st.DrawFn, count: int, *, unique: bool) -> list[int]:
    return draw(
        st.lists(
            _ORDER,
            min_size=count,
            max_size=count,
            unique=unique,
        )
    )


def _numbers(draw: st.DrawFn, count: int, low: int, high: int) -> list[int]:
    return draw(st.lists(st.integers(low, high), min_size=count, max_size=count, unique=True))


@st.composite
def budgets(
    draw: st.DrawFn,
    *,
    max_pillars: int = 4,
    max_projects: int = 3,
    max_initiatives: int = 3,
    controls: bool = False,
    exclude: str = "",
) -> Budget:
    """A whole, consistent budget, its records in canonical order.

    Args:
        draw: Hypothesis' draw function.
        max_pillars: At most this many pillars (at least one).
        max_projects: At most this many projects per pillar.
        max_initiatives: At most this many initiatives per project.
        controls: Let free text and the source URL hold control characters too.
        exclude: Characters free text must not hold.
    """
    t = texts(controls=controls, exclude=exclude)
    t_or_none = optional(t)
    lines = optional(line_ranges())
    info = draw(budget_infos(controls=controls, exclude=exclude))

    # Tags: unique codes (initiatives refer to tags by code) and unique labels; a label
    # may hold the list separator ';', since lists hold codes.
    tag_count = draw(st.integers(0, 4))
    tag_ids = draw(st.lists(_TAG_IDS, min_size=tag_count, max_size=tag_count, unique=True))
    labels = draw(
        st.lists(
            _TAG_LABELS | texts(controls=controls, exclude=exclude),
            min_size=tag_count,
            max_size=tag_count,
            unique=True,
        )
    )
    tag_orders = _orders(draw, tag_count, unique=False)
    tags = sorted(
        (
            Tag(
                id=tag_id,
                order=order,
                label=label,
                label_en=draw(t_or_none),
                definition=draw(t_or_none),
                definition_en=draw(t_or_none),
            )
            for tag_id, order, label in zip(tag_ids, tag_orders, labels, strict=True)
        ),
        key=lambda tag: (tag.order, tag.id),
    )

    # Most budgets have at least one project with one initiative; one in ten may not.
    at_least = 0 if draw(st.integers(0, 9)) == 9 else 1
    pillar_count = draw(st.integers(1, max_pillars))
    zero_padded = draw(st.booleans())
    pillar_numbers = _numbers(draw, pillar_count, 0, 120)
    pillar_orders = sorted(_orders(draw, pillar_count, unique=True))
    pillars = [
        Pillar(
            id=f"P{n:02d}" if zero_padded else f"P{n}",
            order=order,
            title=draw(t),
            title_en=draw(t_or_none),
            source_lines=draw(lines),
        )
        for n, order in zip(pillar_numbers, pillar_orders, strict=True)
    ]

    projects: list[Project] = []
    for index, pillar in enumerate(pillars):
        count = draw(st.integers(at_least if index == 0 else 0, max_projects))
        numbers = _numbers(draw, count, 0, 99)
        orders = _orders(draw, count, unique=False)
        mine = []
        for n, order in zip(numbers, orders, strict=True):
            amount = draw(AMOUNTS)
            mine.append(
                Project(
                    id=f"{pillar.id}-{n:02d}",
                    pillar_id=pillar.id,
                    order=order,
                    title=draw(t),
                    title_en=draw(t_or_none),
                    amount=amount,
                    amount_printed=draw(printed_amounts(amount)),
                    source_lines=draw(lines),
                )
            )
        projects += sorted(mine, key=lambda p: (p.order, p.id))

    initiatives: list[Initiative] = []
    for index, project in enumerate(projects):
        count = draw(st.integers(at_least if index == 0 else 0, max_initiatives))
        numbers = _numbers(draw, count, 0, 99)
        orders = _orders(draw, count, unique=False)
        mine_i = [
            Initiative(
                id=f"{project.id}-{n:02d}",
                project_id=project.id,
                order=order,
                text=draw(t),
                text_en=draw(t_or_none),
                # Tags in tag order, each once: the order the RDF gives them back in.
                tags=tuple(tag.id for tag in tags if draw(st.booleans())),
                source_lines=draw(lines),
            )
            for n, order in zip(numbers, orders, strict=True)
        ]
        initiatives += sorted(mine_i, key=lambda i: (i.order, i.id))

    glossary: list[GlossaryNote] = []
    if initiatives:
        count = draw(st.integers(0, 3))
        for n in sorted(_numbers(draw, count, 1, 200)):
            glossary.append(
                GlossaryNote(
                    id=f"G{n}",
                    term=draw(t),
                    term_full=draw(t_or_none),
                    definition=draw(t),
                    initiative_id=draw(st.sampled_from(initiatives)).id,
                    source_lines=draw(lines),
                )
            )

    targets: dict[str, Sequence[str]] = {
        "budget": [info.id],
        "pillars": [p.id for p in pillars],
        "projects": [p.id for p in projects],
        "initiatives": [i.id for i in initiatives],
        "glossary": [g.id for g in glossary],
    }
    notes: list[EditorialNote] = []
    count = draw(st.integers(0, 4))
    for n in sorted(_numbers(draw, count, 1, 150)):
        table = draw(st.sampled_from([name for name, ids in targets.items() if ids]))
        notes.append(
            EditorialNote(
                id=f"E{n:02d}",
                target_table=table,
                target_id=draw(st.sampled_from(targets[table])),
                kind=draw(st.sampled_from(list(EditorialKind))),
                certainty=draw(st.sampled_from(list(Certainty))),
                note=draw(t),
                note_en=draw(t_or_none),
                source_lines=draw(lines),
            )
        )

    return Budget(
        info=info,
        pillars=tuple(pillars),
        projects=tuple(projects),
        initiatives=tuple(initiatives),
        tags=tuple(tags),
        glossary=tuple(glossary),
        editorial_notes=tuple(notes),
    )
