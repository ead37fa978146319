"""The documentation: generated pages are current, every command is documented, every
Python example runs and prints what the page says, and the site builds without a warning."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from docsgen.cli import TERMINAL_COLUMNS, command_paths, help_text
from docsgen.queries import read_pack, render_queries_doc
from docsgen.site import generated_pages, write_generated_pages

from nerima_opendata.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REGENERATE = "run `bash scripts/docs.sh` (or `python -m docsgen.site .`)"

# --- generated pages -------------------------------------------------------------------

GENERATED = generated_pages(ROOT)


@pytest.mark.parametrize("page", sorted(GENERATED), ids=str)
def test_generated_page_is_current(page: Path) -> None:
    committed = (ROOT / page).read_text(encoding="utf-8")
    assert committed == GENERATED[page](), f"{page} is stale: {REGENERATE}"


def test_regenerating_a_current_checkout_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "docs" / "queries").mkdir(parents=True)
    for query in (DOCS / "queries").glob("*.rq"):
        (tmp_path / "docs" / "queries" / query.name).write_bytes(query.read_bytes())
    assert len(write_generated_pages(tmp_path)) == len(GENERATED)
    assert write_generated_pages(tmp_path) == []


# --- the CLI reference (after sqlite-utils' tests/test_docs.py) --------------------------

COMMANDS = command_paths()
CLI_DOC = (DOCS / "cli.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "nerima-opendata")
def test_every_command_is_documented(path: tuple[str, ...]) -> None:
    title = " ".join(("nerima-opendata", *path))
    assert f"\n## {title} {{#" in CLI_DOC, f"{title} is not in docs/cli.md: {REGENERATE}"
    assert help_text(path) in CLI_DOC


def test_cli_doc_has_no_unknown_command() -> None:
    documented = re.findall(r"^## nerima-opendata(.*?) \{#", CLI_DOC, flags=re.MULTILINE)
    assert [tuple(d.split()) for d in documented] == COMMANDS


def test_the_walk_finds_every_command() -> None:
    """Including ``publish``, which is defined in its own module and added to the group."""
    assert {p[0] for p in COMMANDS if p} >= {
        "build",
        "ingest",
        "load",
        "publish",
        "query",
        "serve",
        "validate",
    }


_RUN_CLI = "from nerima_opendata.cli.main import main; main(prog_name='nerima-opendata')"


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "nerima-opendata")
def test_reference_is_what_help_prints(path: tuple[str, ...]) -> None:
    """The page shows what a terminal of TERMINAL_COLUMNS columns shows, byte for byte."""
    result = subprocess.run(
        [sys.executable, "-c", _RUN_CLI, *path, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": str(TERMINAL_COLUMNS)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == help_text(path) + "\n"


@pytest.mark.parametrize("path", [p for p in COMMANDS if p], ids=" ".join)
def test_every_command_help_has_an_example(path: tuple[str, ...]) -> None:
    sections = help_text(path).split("\n  Examples:\n", 1)
    assert len(sections) == 2, f"{path}: no Examples section"
    assert f"    nerima-opendata {' '.join(path)} " in sections[1]


def test_help_of_an_unknown_command_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no-such-command"):
        help_text(("no-such-command",))


# --- the query pack page -----------------------------------------------------------------


def test_query_pack_page_lists_every_query() -> None:
    page = (DOCS / "queries.md").read_text(encoding="utf-8")
    queries = read_pack(DOCS / "queries")
    assert len(queries) == len(list((DOCS / "queries").glob("*.rq")))
    for query in queries:
        assert query.question_ja in page
        assert query.question_en in page
        assert query.text.rstrip("\n") in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("SELECT * WHERE { ?s ?p ?o }\n", "two comment lines", id="no-comment"),
        pytest.param("# 質問は？\nSELECT * WHERE { ?s ?p ?o }\n", "two comment", id="ja-only"),
    ],
)
def test_a_query_without_its_questions_is_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "bad.rq").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        render_queries_doc(tmp_path)


def test_an_empty_query_pack_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \*\.rq"):
        read_pack(tmp_path)


# --- the vocabulary page ------------------------------------------------------------------

VOCABULARY_PAGE = DOCS / "vocabulary.md"


def _fenced(page: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", page, flags=re.MULTILINE | re.DOTALL)


def test_vocabulary_page_lists_every_alignment() -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF

    from nerima_opendata.rdf.vocab import vocab_file

    graph = Graph().parse(vocab_file("alignments"), format="turtle")
    headers = set(graph.subjects(RDF.type, OWL.Ontology))
    links = [(s, p, o) for s, p, o in graph if s not in headers and isinstance(o, URIRef)]
    page = VOCABULARY_PAGE.read_text(encoding="utf-8")
    section = page.split("\n## Alignments\n", 1)[1].split("\n## ", 1)[0]
    tables = section.split("\n### Prefixes\n", 1)[0]
    rows = [line for line in tables.splitlines() if line.startswith("| `")]
    assert len(rows) == len(links) > 0
    for prefix in re.findall(r"`([A-Za-z][\w-]*):", tables):
        assert f"| `{prefix}:` |" in section, f"prefix {prefix}: is not listed"


def test_vocabulary_page_example_is_one_graph_in_turtle_and_json_ld() -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic
    from rdflib.namespace import QB, RDF

    from nerima_opendata.rdf.jsonld import from_jsonld
    from nerima_opendata.rdf.vocab import NB

    page = VOCABULARY_PAGE.read_text(encoding="utf-8")
    (turtle,) = _fenced(page, "turtle")
    (jsonld,) = _fenced(page, "json")
    graph = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(graph, from_jsonld(jsonld))
    (project,) = graph.subjects(RDF.type, NB.Project)
    (initiative,) = graph.subjects(RDF.type, NB.Initiative)
    (observation,) = graph.subjects(RDF.type, QB.Observation)
    assert (initiative, NB.project, project) in graph
    assert (observation, NB.project, project) in graph
    assert graph.value(observation, NB.amount) == graph.value(project, NB.amount) is not None
    (tag,) = graph.objects(initiative, NB.tag)
    assert len(list(graph.predicate_objects(tag))) > 1, "the tag is not described"


# --- the site's pages --------------------------------------------------------------------

MKDOCS_YML = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_nav_lists_every_page() -> None:
    nav = MKDOCS_YML.split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r":\s+(\S+\.md)\s*$", nav, flags=re.MULTILINE)
    assert sorted(listed) == sorted(p.name for p in DOCS.glob("*.md"))
    assert len(listed) == len(set(listed))


def test_site_loads_no_web_fonts() -> None:
    assert re.search(r"^\s+font: false\s*$", MKDOCS_YML, flags=re.MULTILINE)


# --- Python examples ---------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A ```python block, and the ```text block right after it (its printed output)."""

    index: int
    code: str
    output: str | None


_FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[\w-]*)\s*$")


def _blocks(text: str) -> list[tuple[str, str]]:
    """Every fenced block of a Markdown text as (language, content); blank lines between
    blocks become ("", "") so that an output block must follow its code directly."""
    blocks: list[tuple[str, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            if lines[i].strip():
                blocks.append(("", ""))
            i += 1
            continue
        indent, body = len(match["indent"]), []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][indent:])
            i += 1
        blocks.append((match["lang"], "\n".join(body) + "\n"))
        i += 1
    return blocks


def examples(path: Path) -> list[Example]:
    """The Python examples of one Markdown file, numbered from 1."""
    blocks = _blocks(path.read_text(encoding="utf-8"))
    found: list[Example] = []
    for position, (lang, code) in enumerate(blocks):
        if lang != "python":
            continue
        after = blocks[position + 1] if position + 1 < len(blocks) else ("", "")
        output = after[1] if after[0] == "text" else None
        found.append(Example(len(found) + 1, code, output))
    return found


PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]

#: Examples that are not run, each with the reason; (file, example number).
NOT_RUN: dict[tuple[str, int], str] = {}

#: Examples that need the real CKAN the services scripts start (CKAN_URL, CKAN_API_KEY):
#: they get ``ckan_url`` and ``api_key``, a built ``out/`` and a ``catalog.toml``.
NEEDS_CKAN = {("docs/publishing.md", 1)}


def _ckan_setup(namespace: dict[str, object], folder: Path) -> None:
    url, key = os.environ.get("CKAN_URL"), os.environ.get("CKAN_API_KEY")
    if not (url and key):
        if os.environ.get("NERIMA_REQUIRE_SERVICES") == "1":
            pytest.fail("CKAN_URL / CKAN_API_KEY are not set but NERIMA_REQUIRE_SERVICES=1")
        pytest.skip("needs a real CKAN: start scripts/services/ckan.sh")
    from nerima_opendata import build_publication

    build_publication(folder / "out")
    config = (ROOT / "catalog.toml.example").read_text(encoding="utf-8")
    dataset = f"t131202-docs-example-{os.getpid()}"  # apart from tests/publish's datasets
    (folder / "catalog.toml").write_text(f'dataset = "{dataset}"\n{config}', encoding="utf-8")
    namespace.update(ckan_url=url, api_key=key)


#: Pages whose examples are known to fail, with the reason (strict: fixing one fails the
#: test until its entry is removed here).
FAILING: dict[str, tuple[type[BaseException], str]] = {}


def _page_param(path: Path) -> object:
    name = str(path.relative_to(ROOT))
    marks = []
    if name in FAILING:
        raises, reason = FAILING[name]
        marks.append(pytest.mark.xfail(raises=raises, reason=reason, strict=True))
    return pytest.param(path, id=name, marks=marks)


def test_examples_are_found() -> None:
    counts = {str(p.relative_to(ROOT)): len(examples(p)) for p in PAGES}
    assert counts["docs/quickstart-python.md"] >= 5
    assert counts["docs/quickstart-linked-data.md"] >= 2
    assert sum(counts.values()) >= 9


def test_not_run_entries_exist() -> None:
    for name, number in NOT_RUN:
        assert number <= len(examples(ROOT / name)), (name, number)


@pytest.mark.parametrize("path", [_page_param(p) for p in PAGES if examples(p)])
def test_python_examples_run(
    path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run a page's examples in order, in one namespace, in an empty folder, offline."""
    name = str(path.relative_to(ROOT))
    runnable = [e for e in examples(path) if (name, e.index) not in NOT_RUN]
    if not runnable:
        reasons = [NOT_RUN[(name, e.index)] for e in examples(path)]
        pytest.skip("; ".join(reasons) if reasons else f"{name} has no Python example")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the real files, as from the checkout
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for example in runnable:
        if (name, example.index) in NEEDS_CKAN:
            _ckan_setup(namespace, tmp_path)
        capsys.readouterr()
        exec(compile(example.code, f"{name}, example {example.index}", "exec"), namespace)
        printed = capsys.readouterr().out
        if example.output is not None:
            assert printed == example.output, f"{name}, example {example.index}"


# --- the site ----------------------------------------------------------------------------

_SITE_PACKAGES = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


def _missing_site_packages() -> list[str]:
    missing = []
    for module in _SITE_PACKAGES:
        try:
            found = importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            missing.append(module)
    return missing


def test_site_builds_strict_and_offline(tmp_path: Path) -> None:
    missing = _missing_site_packages()
    if missing:
        reason = (
            f"mkdocs is not installed ({', '.join(missing)} missing): "
            "pip install 'mkdocs-material' 'mkdocstrings[python]'"
        )
        if os.environ.get("NERIMA_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    site = tmp_path / "site"
    started = time.perf_counter()
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"),
            *("--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", str(site)),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
        check=False,
    )
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    pages = {p.name for p in site.glob("*.html")}
    assert {f"{p.stem}.html" for p in DOCS.glob("*.md")} <= pages
    external = re.compile(r"<(?:link|script|img)\b[^>]*\b(?:href|src)=\"(?:https?:)?//")
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not external.search(text), f"{page.name} loads an asset from another host"
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")
    api = (site / "api.html").read_text(encoding="utf-8")
    assert 'id="nerima_opendata.api.load_budget"' in api
    assert seconds < 120, f"the site took {seconds:.1f} s to build"


def test_readme_table_of_layout_defects_cites_the_right_notes() -> None:
    """Each row's note IDs exist and have the certainty the row states (IDs shift on ingest)."""
    from nerima_opendata import load_budget

    notes = {n.id: n for n in load_budget().editorial_notes}
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("| defect | resolution | certainty |", 1)[1].split("\n\n", 1)[0]
    rows = [r for r in table.splitlines() if r.startswith("| ") and not r.startswith("| ---")]
    assert len(rows) >= 6
    cited = set()
    for row in rows:
        certainty = row.rstrip(" |").rsplit("|", 1)[1].strip(" *")
        ids = re.findall(r"E\d\d", row)
        assert ids, row
        for note_id in ids:
            assert notes[note_id].certainty.value == certainty, (note_id, row)
        cited.update(ids)
    inferred = {i for i, n in notes.items() if n.certainty.value == "inferred"}
    assert inferred <= cited, f"inferred notes missing from the README table: {inferred - cited}"
