"""The ``console`` examples in the README and the docs print what the commands print.

Every ```console block is run, command by command, in a sandbox that holds copies of
``datapackage/``, ``source/`` and ``docs/queries/`` and a built ``out/``; the output
(stdout and stderr together) must equal the documented lines once timings are set
aside. Commands that need a service or a terminal (``publish``, ``serve``, a real
``load``, ``curl``) are left to the services tests. A block may be prepared with a
directive on the line before it:

* ``<!-- docs-test: replace FILE OLD NEW -->``: edit a sandbox file for this block only;
* ``<!-- docs-test: skip REASON -->``: do not run the block.

``NERIMA_UPDATE_DOCS=1 pytest tests/test_docs_console.py`` rewrites the documented
output from the real one (then review the diff).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nerima_opendata import build_publication

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "cli.md")]
#: Subcommands that run offline with no terminal, so their examples are checked here.
OFFLINE = {"build", "validate", "ingest", "query"}
_TIMING = re.compile(r"\bin \d+(?:\.\d+)? s\b")
_BLOCK = re.compile(
    r"(?:<!-- docs-test: (?P<directive>[^\n]*?) -->\n)?```console\n(?P<body>.*?)```", re.S
)


@dataclass
class Example:
    """One ``$ command`` of a console block and the lines documented after it."""

    command: str
    expected: list[str]
    start: int  # offset of the output in the page, for updates
    end: int


@dataclass
class Block:
    page: Path
    directive: str | None
    examples: list[Example] = field(default_factory=list)


def _blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    blocks = []
    for match in _BLOCK.finditer(text):
        block = Block(page, match.group("directive"))
        offset = match.start("body")
        lines = match.group("body").splitlines(keepends=True)
        current: Example | None = None
        for line in lines:
            if line.startswith("$ "):
                current = Example(line[2:].strip(), [], offset + len(line), offset + len(line))
                block.examples.append(current)
            elif current is not None:
                current.expected.append(line.rstrip("\n"))
                current.end += len(line)
            offset += len(line)
        for example in block.examples:  # a blank line between examples is layout, not output
            while example.expected and not example.expected[-1].strip():
                example.end -= len(example.expected.pop()) + 1
        blocks.append(block)
    return blocks


def _runnable(example: Example) -> bool:
    words = shlex.split(example.command)
    if words[:1] != ["nerima-opendata"] or len(words) < 2:
        return False
    return words[1] in OFFLINE or (words[1] == "load" and "--dry-run" in words)


def _normalize(lines: list[str]) -> list[str]:
    return [_TIMING.sub("in … s", line.rstrip()) for line in lines]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a reader has after the README's first steps: the repository and out/."""
    base = tmp_path_factory.mktemp("docs-console")
    for name in ("datapackage", "source"):
        shutil.copytree(ROOT / name, base / name)
    shutil.copytree(ROOT / "docs" / "queries", base / "docs" / "queries")
    build_publication(base / "out")
    return base


def _pages_with_examples() -> list[Path]:
    return [p for p in PAGES if any(_runnable(e) for b in _blocks(p) for e in b.examples)]


@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda p: p.name)
def test_console_examples_print_what_is_documented(
    page: Path, template: Path, tmp_path: Path
) -> None:
    sandbox = tmp_path / "sandbox"
    shutil.copytree(template, sandbox)
    updates: list[tuple[int, int, str]] = []
    failures = []
    for block in _blocks(page):
        if block.directive and block.directive.startswith("skip"):
            continue
        restore: tuple[Path, bytes] | None = None
        if block.directive and block.directive.startswith("replace "):
            _, name, old, new = shlex.split(block.directive)
            target = sandbox / name
            original = target.read_bytes()
            assert old.encode() in original, f"{page.name}: no {old!r} in {name}"
            target.write_bytes(original.replace(old.encode(), new.encode(), 1))
            restore = (target, original)
        for example in block.examples:
            if not _runnable(example):
                continue
            words = shlex.split(example.command)[1:]
            run = subprocess.run(
                [sys.executable, "-m", "nerima_opendata", *words],
                cwd=sandbox,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=300,
                env={**os.environ, "COLUMNS": "100"},
            )
            actual = run.stdout.splitlines()
            if _normalize(actual) != _normalize(example.expected):
                failures.append(f"$ {example.command}\n" + "\n".join(actual))
                updates.append((example.start, example.end, "".join(f"{a}\n" for a in actual)))
        if restore is not None:
            restore[0].write_bytes(restore[1])
    if updates and os.environ.get("NERIMA_UPDATE_DOCS") == "1":
        text = page.read_text(encoding="utf-8")
        for start, end, new in sorted(updates, reverse=True):
            text = text[:start] + new + text[end:]
        page.write_text(text, encoding="utf-8")
    assert not failures, f"{page.name}: output differs from the docs:\n\n" + "\n\n".join(failures)
