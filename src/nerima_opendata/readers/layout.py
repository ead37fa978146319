"""The layout of a brochure text: which lines are the intro, the contact, the pillar
headings, and the marked items (● project, ◦ initiative, ※ note); and where the
reviewed corrections put the ◦ lines that the PDF extraction moved.

This module only reads structure; :mod:`nerima_opendata.readers.brochure` turns it
into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nerima_opendata.errors import SourceParseError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.readers.corrections import Corrections, Relocation

__all__ = ["Child", "Collected", "Item", "Layout", "ProjectItem", "collect", "scan", "split_tags"]

INTRO = re.compile(
    r"(?P<pillars>\d+)つの柱と(?P<projects>\d+)の(?P<year>(?:明治|大正|昭和|平成|令和)(?:元|\d+)年度)"
    r"(?P<phase>当初予算案|当初予算|補正予算案?|決算)"
)
SESSION = re.compile(r"(?P<session>(?:令和|平成)(?:元|\d+)年第.+?回.+?(?:定例会|臨時会))で審議")
CONTACT = re.compile(r"^問合せ\s*(?P<department>\S+?)\s*☎\s*(?P<phone>[0-9０-９\-－]+)$")
AMOUNT = re.compile(r"【(?P<amount>[^】]+)】\s*$")
MARKERS = "●◦※"


@dataclass
class Item:
    """A marked block of the text: its marker and its (line number, text) lines."""

    marker: str
    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        """The line the item starts on (1-based)."""
        return self.lines[0][0]

    @property
    def line_range(self) -> str:
        """``"9-10"``, or ``"45"`` for one line."""
        first, last = self.lines[0][0], self.lines[-1][0]
        return str(first) if first == last else f"{first}-{last}"

    def joined(self) -> str:
        """The lines joined without spaces, marker removed."""
        text = "".join(t for _, t in self.lines)
        return text[1:] if text[:1] == self.marker else text


@dataclass
class Layout:
    """What :func:`scan` found."""

    intro: re.Match[str] | None = None
    intro_line: int = 0
    session: str | None = None
    contact: re.Match[str] | None = None
    contact_line: int = 0
    headings: dict[str, int] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)


def scan(lines: list[str], fixes: Corrections, source: StrPath | None) -> Layout:
    """Split the text into the intro, the contact, the headings and the marked items.

    Raises:
        SourceParseError: A line belongs to nothing (text before the first marker).
    """
    source = Path(source) if source is not None else None
    titles = {p.title for p in fixes.pillars}
    layout = Layout()
    current: Item | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if intro := INTRO.search(line):
            layout.intro, layout.intro_line, current = intro, number, None
            if session := SESSION.search(line):
                layout.session = session.group("session")
            continue
        if contact := CONTACT.match(line):
            layout.contact, layout.contact_line, current = contact, number, None
            continue
        tokens = line.split()
        if all(token in titles for token in tokens):
            for token in tokens:
                layout.headings.setdefault(token, number)
            current = None
            continue
        if line[0] in MARKERS:
            current = Item(line[0], [(number, line)])
            layout.items.append(current)
            continue
        if current is None:
            raise SourceParseError(
                "text outside any ●/◦/※ item",
                found=line,
                expected="a marked line, a pillar heading, or a continuation",
                path=source,
                line=number,
            )
        current.lines.append((number, line))
    return layout


def split_tags(item: Item, labels: list[str]) -> tuple[str, tuple[str, ...]]:
    """Take the trailing tags off an initiative: on its last line(s) or after a space."""
    lines = [t for _, t in item.lines]
    lines[0] = lines[0][1:]
    tags: list[str] = []
    while lines and lines[-1].split() and all(t in labels for t in lines[-1].split()):
        tags[:0] = lines.pop().split()
    if lines:
        words = lines[-1].split(" ")
        while len(words) > 1 and words[-1] in labels:
            tags.insert(0, words.pop())
        lines[-1] = " ".join(words)
    return "".join(lines).strip(), tuple(tags)


@dataclass(frozen=True)
class ProjectItem:
    """A ● item read: the item, its title and its printed amount."""

    item: Item
    title: str
    printed: str


@dataclass(frozen=True)
class Child:
    """A ◦ item read: the item, its text and its tags."""

    item: Item
    text: str
    tags: tuple[str, ...]


@dataclass
class Collected:
    """Projects in text order, their initiatives (relocations applied), the ※ items."""

    projects: list[ProjectItem]
    children: list[list[Child]]
    glossary: list[Item]


def _apply_furigana(text: str, fixes: Corrections, used: set[str]) -> str:
    for fix in fixes.furigana:
        if fix.printed in text:
            used.add(fix.printed)
            text = text.replace(fix.printed, fix.corrected)
    return text


def collect(layout: Layout, fixes: Corrections, source: StrPath | None) -> Collected:
    """Read the items in text order and put each relocated ◦ line under its project.

    Raises:
        SourceParseError: A project has no amount, an initiative comes before any
            project without a relocation, or a correction does not apply.
    """
    source = Path(source) if source is not None else None
    labels = [t.label for t in fixes.tags]
    relocations = {r.line: r for r in fixes.relocations}
    furigana_used: set[str] = set()
    result = Collected([], [], [])
    held: list[Child] = []
    for item in layout.items:
        if item.marker == "●":
            joined = _apply_furigana(item.joined(), fixes, furigana_used)
            result.projects.append(_project_item(item, joined, source))
            result.children.append([])
        elif item.marker == "◦":
            body, tags = split_tags(item, labels)
            child = Child(item, _apply_furigana(body, fixes, furigana_used), tags)
            if item.first_line in relocations:
                held.append(child)
            elif not result.projects:
                raise _fail(
                    source,
                    "initiative before any project; add a relocation to the corrections file",
                    item.first_line,
                    found=child.text,
                )
            else:
                result.children[-1].append(child)
        else:
            result.glossary.append(item)
    _relocate(result, held, relocations, source)
    missing = [f.printed for f in fixes.furigana if f.printed not in furigana_used]
    if missing:
        raise _fail(source, "furigana correction does not apply", found=missing[0])
    return result


def _fail(
    source: Path | None, message: str, line: int | None = None, **kw: object
) -> SourceParseError:
    return SourceParseError(message, path=source, line=line, **kw)  # type: ignore[arg-type]


def _project_item(item: Item, joined: str, source: Path | None) -> ProjectItem:
    """A ● item's title and printed amount, from its text (furigana already removed)."""
    match = AMOUNT.search(joined)
    if not match:
        raise _fail(
            source,
            "project without an amount 【…】",
            item.first_line,
            found=joined,
            expected="●title【1億8723万円】",
        )
    return ProjectItem(item, joined[: match.start()].strip(), match.group("amount"))


def _relocate(
    result: Collected, held: list[Child], relocations: dict[int, Relocation], source: Path | None
) -> None:
    """Put each held ◦ item under its project; every relocation must have been used."""
    titles = [p.title for p in result.projects]
    for child in held:
        relocation = relocations.pop(child.item.first_line)
        if relocation.project not in titles:
            raise _fail(
                source,
                "relocation to a project that is not in the text",
                relocation.line,
                found=relocation.project,
                expected=f"one of {titles}",
            )
        siblings = result.children[titles.index(relocation.project)]
        siblings.insert(0 if relocation.position == "first" else len(siblings), child)
    if relocations:
        raise _fail(
            source, "relocation names a line where no ◦ item starts", next(iter(relocations))
        )
