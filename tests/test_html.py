"""The preview page (``writers/html.py``): figures, links, escaping, JSON-LD, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from nerima_opendata import build_publication, format_amount
from nerima_opendata.errors import OutputError
from nerima_opendata.model import Budget, Certainty
from nerima_opendata.writers.datapackage import LICENSE
from nerima_opendata.writers.html.write import HTML_FILE, to_html, to_schema_org, write_html

Element = tuple[str, dict[str, str]]


class _Page(HTMLParser):
    """Every start tag with its attributes, the JSON-LD blocks and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.json_ld: list[str] = []
        self.scripts: list[dict[str, str]] = []
        self.text: list[str] = []
        self._in_script = False
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
            self.json_ld.append("")
        self._in_style = self._in_style or tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.json_ld[-1] += data
        elif not self._in_style:
            self.text.append(data)

    def select(self, tag: str | None = None, **attrs: str) -> list[dict[str, str]]:
        """Elements with this tag (any if None) having these attributes (``_`` for ``-``)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            a
            for t, a in self.elements
            if (tag is None or t == tag)
            and all(a.get(k) == v or (v == "*" and k in a) for k, v in wanted.items())
        ]


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Budget, Path, list[tuple[str, int]]]:
    """A real publication, with its page written if ``build`` does not write it yet."""
    out = tmp_path_factory.mktemp("html") / "out"
    result = build_publication(out)
    budget = result.budget
    if not (out / HTML_FILE).exists():
        write_html(budget, out, list(result.files))
    return budget, out, list(result.files)


@pytest.fixture(scope="module")
def page(built: tuple[Budget, Path, list[tuple[str, int]]]) -> _Page:
    return parse((built[1] / HTML_FILE).read_text(encoding="utf-8"))


def test_every_file_is_linked_with_its_size(
    built: tuple[Budget, Path, list[tuple[str, int]]], page: _Page
) -> None:
    _, out, files = built
    hrefs = {unquote(a["href"]) for a in page.select("a", href="*")}
    names = {name for name, _ in files if name != HTML_FILE} | {"datapackage.json"}
    for name in names:
        assert name in hrefs, name
        (row,) = page.select("tr", data_file=name)
        size = (out / name).stat().st_size
        # The two metadata files are written after the page, so are linked without a size.
        if name in ("datapackage.json", "131202_budget_dcat.ttl"):
            assert "data-bytes" not in row, name
        else:
            assert row["data-bytes"] == str(size), name
            assert f"{size:,}" in "".join(page.text)
    assert HTML_FILE not in hrefs
    assert len(page.select("tr", data_file="*")) == len(names)


def test_the_page_does_not_list_itself(budget: Budget) -> None:
    page = parse(to_html(budget, [(HTML_FILE, 10), ("a.csv", 1)]))
    assert not page.select("a", href=HTML_FILE)
    names = [d["name"] for d in to_schema_org(budget, [(HTML_FILE, 10)])["distribution"]]
    assert names == ["datapackage.json"]


@pytest.mark.parametrize(
    ("base", "url", "content_url"),
    [
        (None, None, "131202_budget.csv"),  # relative to the page
        (
            "https://example.jp/pub/",
            "https://example.jp/pub/index.html",
            "https://example.jp/pub/131202_budget.csv",
        ),
    ],
    ids=["no-base", "publication-base"],
)
def test_schema_org_urls_are_absolute_when_the_base_is_known(
    budget: Budget, base: str | None, url: str | None, content_url: str
) -> None:
    dataset = to_schema_org(budget, [("131202_budget.csv", 803)], base)
    assert dataset.get("url") == url
    assert dataset["distribution"][0]["contentUrl"] == content_url
    links = parse(to_html(budget, [("131202_budget.csv", 803)], base)).select("a", href="*")
    assert "131202_budget.csv" in {a["href"] for a in links}  # the page's own links stay relative


def test_build_refuses_a_bad_publication_base_before_writing(tmp_path: Path) -> None:
    from nerima_opendata import InputError, build_publication

    with pytest.raises(InputError, match="not a usable base IRI"):
        build_publication(tmp_path / "out", publication_base="ftp://example.jp/pub")
    assert not (tmp_path / "out").exists()


def test_descriptor_is_linked_even_when_not_listed(budget: Budget) -> None:
    page = parse(to_html(budget, [("131202_budget.csv", 803)]))
    assert page.select("a", href="datapackage.json")
    assert [d["name"] for d in to_schema_org(budget, [])["distribution"]] == ["datapackage.json"]
    listed = to_schema_org(budget, [("a.csv", 1), ("datapackage.json", 2)])["distribution"]
    assert [d["name"] for d in listed] == ["a.csv", "datapackage.json"]


def test_total_in_data_attribute_and_text(budget: Budget, page: _Page) -> None:
    (box,) = page.select(data_total="*")
    assert box["data-total"] == str(budget.total) == "43201890000"
    text = "".join(page.text)
    assert format_amount(budget.total) in text
    assert f"{budget.total:,}円" in text
    assert "一般会計の総額ではありません" in text
    assert "not the total of the general account" in text


def test_pillar_figures_equal_the_model(budget: Budget, page: _Page) -> None:
    totals = budget.totals_by_pillar()
    cards = page.select("li", data_pillar="*")
    assert {c["data-pillar"]: int(c["data-amount"]) for c in cards} == totals
    text = "".join(page.text)
    for pillar_id, amount in totals.items():
        assert format_amount(amount) in text
        assert f"{amount:,}円" in text
        assert f"{amount * 100 / budget.total:.1f}%" in text, pillar_id


def test_project_figures_equal_the_model(budget: Budget, page: _Page) -> None:
    rows = page.select("tr", data_project="*")
    assert {r["data-project"]: int(r["data-amount"]) for r in rows} == {
        p.id: p.amount for p in budget.projects
    }
    text = "".join(page.text)
    for project in budget.projects:
        assert project.amount_printed in text
        assert f"{project.amount:,}円" in text


def test_charts_have_a_bar_per_pillar_and_per_project(budget: Budget, page: _Page) -> None:
    bars = page.select("rect", **{"class": "bar"})
    pillar_bars = [b for b in bars if "data-project" not in b]
    project_bars = [b for b in bars if "data-project" in b]
    assert [b["data-pillar"] for b in pillar_bars] == [p.id for p in budget.pillars]
    assert len(project_bars) == len(budget.projects) == 26
    assert {b["data-project"]: int(b["data-amount"]) for b in project_bars} == {
        p.id: p.amount for p in budget.projects
    }
    pillar_of = {p.id: p.pillar_id for p in budget.projects}
    colours: dict[str, set[str]] = {}
    for bar in project_bars:
        assert bar["data-pillar"] == pillar_of[bar["data-project"]]
        colours.setdefault(bar["data-pillar"], set()).add(bar["fill"])
    assert all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == len(budget.pillars)
    for svg in page.select("svg"):
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert page.select("title", id=title_id)
        assert page.select("desc", id=desc_id)


def test_tags_glossary_and_notes_are_shown(budget: Budget, page: _Page) -> None:
    badges = page.select("span", data_tag="*")
    counts = budget.tag_counts()
    tag_ids = {t.label: t.id for t in budget.tags}
    legend = len(budget.tags)
    assert len(badges) == sum(counts.values()) + legend
    for initiative in budget.initiatives:
        assert page.select("tr", id=f"initiative-{initiative.id}")
    text = "".join(page.text)
    for gloss in budget.glossary:
        assert gloss.term in text
        assert gloss.definition in text
    assert "※" in text
    inferred = [n for n in budget.editorial_notes if n.certainty is Certainty.INFERRED]
    assert inferred
    for note in budget.editorial_notes:
        (row,) = page.select("tr", id=f"note-{note.id}")
        assert row["data-certainty"] == note.certainty.value
        assert (row.get("class") == "inferred") is (note.certainty is Certainty.INFERRED)
    for note in inferred:  # the inferred record itself is flagged too
        assert page.select("a", href=f"#note-{note.id}", **{"class": "certainty inferred"})
    assert set(tag_ids.values()) <= {b["data-tag"] for b in badges}


def test_internal_anchors_exist(page: _Page) -> None:
    ids = {a["id"] for _, a in page.elements if "id" in a}
    for link in page.select("a", href="*"):
        if link["href"].startswith("#"):
            assert link["href"][1:] in ids, link["href"]


def test_nothing_is_fetched_from_elsewhere(page: _Page) -> None:
    for tag, attrs in page.elements:
        for name in ("src", "srcset", "data", "poster"):
            assert name not in attrs, (tag, attrs)
        if tag == "link":
            assert attrs.get("rel") != "stylesheet"
            assert not attrs["href"].startswith(("http:", "https:", "//")), attrs
    assert all(s.get("type") == "application/ld+json" for s in page.scripts)
    external = {a["href"] for a in page.select("a", href="*") if "//" in a["href"]}
    assert external == {LICENSE["path"]}


def test_font_family_has_japanese_fallbacks(budget: Budget) -> None:
    html = to_html(budget, [])
    family = html.split("font-family:", 1)[1].split(";", 1)[0]
    names = ["Noto Sans CJK JP", "IPAGothic", "Hiragino Sans", "Yu Gothic"]
    positions = [family.index(f'"{n}"') for n in names]
    assert positions == sorted(positions)
    assert family.strip().endswith("sans-serif")
    assert '<html lang="ja">' in html
    assert 'lang="en"' in html


def test_json_ld_is_a_schema_org_dataset(
    budget: Budget, built: tuple[Budget, Path, list[tuple[str, int]]], page: _Page
) -> None:
    (block,) = page.json_ld
    data = json.loads(block)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Dataset"
    assert data["name"].startswith("練馬区")
    assert len(data["description"]) >= 50
    assert data["inLanguage"] == ["ja", "en"]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    for role in ("creator", "publisher"):
        assert data[role]["@type"] == "GovernmentOrganization"
        assert data[role]["name"] == "練馬区"
    assert data["temporalCoverage"] == "2024-04/2025-03"
    assert "Nerima" in data["spatialCoverage"]["name"]
    names = [name for name, _ in built[2] if name != HTML_FILE]
    downloads = data["distribution"]
    assert [d["name"] for d in downloads] == names
    for download in downloads:
        if "contentSize" in download:  # the descriptor may be written after the page
            size = (built[1] / download["name"]).stat().st_size
            assert download["contentSize"] == f"{size} B"
    for download in downloads:
        assert download["@type"] == "DataDownload"
        assert "://" not in download["contentUrl"]
        assert download["encodingFormat"]
    formats = {d["name"]: d["encodingFormat"] for d in downloads}
    assert formats["131202_budget_projects.csv"] == "text/csv"
    assert formats["131202_budget.ttl"] == "text/turtle"
    assert formats["datapackage.json"] == "application/json"


HOSTILE = '</script><script>alert("x")</script> & <!-- "q" \'s'


def test_text_is_escaped(budget: Budget) -> None:
    info = budget.info.model_copy(update={"title": HOSTILE, "department": HOSTILE})
    first = budget.projects[0].model_copy(update={"title": HOSTILE})
    hostile = budget.model_copy(update={"info": info, "projects": (first, *budget.projects[1:])})
    html = to_html(hostile, [('a"b<c>&d.csv', 1)])
    assert "<script>alert" not in html
    assert html.count("<script") == 1
    assert html.count("</script>") == 1
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)" in html
    page = parse(html)
    (block,) = page.json_ld
    data = json.loads(block)
    assert HOSTILE in data["name"]
    assert "<" not in block
    assert page.select("tr", data_file='a"b<c>&d.csv')
    assert page.select("a", href="a%22b%3Cc%3E%26d.csv")
    assert HOSTILE in "".join(page.text)


def test_output_is_deterministic(budget: Budget, tmp_path: Path) -> None:
    files = [("131202_budget.csv", 803), ("datapackage.json", 36766)]
    first = write_html(budget, tmp_path, files).read_bytes()
    assert write_html(budget, tmp_path, files).read_bytes() == first
    assert to_html(budget, files).encode("utf-8") == first
    assert first.startswith(b"<!DOCTYPE html>")


def test_output_does_not_depend_on_the_hash_seed(budget: Budget) -> None:
    code = (
        "import sys, nerima_opendata as n; from nerima_opendata.writers.html.write import to_html; "
        "sys.stdout.buffer.write(to_html(n.load_budget(), [('a.csv', 1)]).encode())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, check=True, timeout=120
    ).stdout
    assert other == to_html(budget, [("a.csv", 1)]).encode("utf-8")


def test_write_html_to_a_missing_directory_fails(budget: Budget, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        write_html(budget, tmp_path / "missing", [])
