"""Every output is well-formed, and validate proves it (issue 14, point 4).

Characters some output cannot carry (XML 1.0 outside ``Char``, noncharacters, surrogates,
C1 controls) are refused at input with file, row and field, and nothing is built; a
publication whose N-Triples or RDF/XML file does not parse in its own syntax, is cut
short, or says something else than its Turtle file is invalid, the file named, on the
small path and on the streamed one.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from nerima_opendata import build_publication, validate
from nerima_opendata.checks.linked_stream import check_publication_stream
from nerima_opendata.checks.rdf_load import check_xml
from nerima_opendata.errors import NerimaOpenDataError, RecordError
from nerima_opendata.model import Tag
from nerima_opendata.model.base import writable

from .conftest import apply_edit, rehash

#: Characters no output may hold: (character, what the error says).
REFUSED_CHARACTERS = [
    pytest.param("\uffff", "noncharacter (U+FFFF)", id="U+FFFF"),
    pytest.param("\ufffe", "noncharacter (U+FFFE)", id="U+FFFE"),
    pytest.param("\ufdd0", "noncharacter (U+FDD0)", id="U+FDD0"),
    pytest.param("\U0001ffff", "noncharacter (U+1FFFF)", id="U+1FFFF"),
    pytest.param("\U0010fffe", "noncharacter (U+10FFFE)", id="U+10FFFE"),
    pytest.param("\x85", "control character (U+0085)", id="NEL"),
    pytest.param("\x9b", "control character (U+009B)", id="CSI"),
]

#: Text cells of the canonical package: (file, row, column).
CELLS = [
    ("131202_budget_pillars.csv", 2, "名称"),
    ("131202_budget_projects.csv", 3, "事業名"),
    ("131202_budget_glossary.csv", 2, "説明"),
]


@pytest.mark.parametrize(("char", "message"), REFUSED_CHARACTERS)
@pytest.mark.parametrize(("file", "row", "column"), CELLS)
def test_unwritable_character_is_refused_at_input(
    package_copy: Path, tmp_path: Path, char: str, message: str, file: str, row: int, column: str
) -> None:
    apply_edit(package_copy, {"file": file, "row": row, "column": column, "value": f"a{char}b"})
    report = validate(package_copy)
    assert not report.valid
    (error,) = report.errors
    assert (error.file, error.row, error.field) == (file, row, column)
    assert message in error.message
    out = tmp_path / "out"
    with pytest.raises(NerimaOpenDataError):
        build_publication(out, package_copy)
    assert not out.exists()


@pytest.mark.parametrize(("char", "message"), REFUSED_CHARACTERS)
def test_unwritable_character_is_refused_by_the_models(char: str, message: str) -> None:
    with pytest.raises(RecordError, match=re.escape(message)):
        Tag(id="t1", order=1, label=f"x{char}")


def _unwritable(code: int) -> bool:
    """The characters no output may hold, from their definitions: C0 controls but tab, LF
    and CR; DEL and the C1 controls; surrogates; noncharacters (U+FDD0..U+FDEF, and the
    last two code points of every plane)."""
    control = (code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or 0x7F <= code <= 0x9F
    return (
        control or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    )


def test_writable_refuses_exactly_the_unwritable_characters() -> None:
    """``writable``'s fast search agrees with the definitions on every code point, alone
    and after other text."""
    wrong = [
        code
        for code in range(0x110000)
        if writable(chr(code)) == _unwritable(code)
        or writable(f"予算{chr(code)}") == _unwritable(code)
    ]
    assert wrong == []
    assert not writable("𠮷\uffff") and writable("𠮷野家\t\n")


def test_surrogate_is_refused_by_the_models() -> None:
    with pytest.raises(RecordError, match=r"surrogate \(U\+D800\)"):
        Tag(id="t1", order=1, label="x\ud800")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wellformed") / "pub"
    build_publication(out)
    return out


def _insert_after(marker: str, text: str) -> Callable[[str], str]:
    def edit(content: str) -> str:
        at = content.index(marker) + len(marker)
        return content[:at] + text + content[at:]

    return edit


def _cut_mid_line(content: str) -> str:
    lines = content.splitlines(keepends=True)
    return "".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2]


def _drop_last_line(content: str) -> str:
    return "".join(content.splitlines(keepends=True)[:-1])


def _alter_literal(content: str) -> str:
    return content.replace('xml:lang="ja">', 'xml:lang="ja">改', 1)


#: Broken serializations: (suffix, edit of its text, error type).
BROKEN = [
    pytest.param(".rdf", _insert_after('xml:lang="ja">', "\uffff"), "rdf-error", id="rdf-U+FFFF"),
    pytest.param(".rdf", _insert_after('xml:lang="ja">', "\ufffe"), "rdf-error", id="rdf-U+FFFE"),
    pytest.param(".rdf", lambda t: t[: len(t) // 2], "rdf-error", id="rdf-truncated"),
    pytest.param(".rdf", lambda t: "<rdf" + t, "rdf-error", id="rdf-not-xml"),
    pytest.param(".rdf", _alter_literal, "rdf-mismatch", id="rdf-altered"),
    pytest.param(".nt", _cut_mid_line, "rdf-error", id="nt-cut-mid-line"),
    pytest.param(".nt", _drop_last_line, "rdf-mismatch", id="nt-line-dropped"),
    pytest.param(".nt", lambda t: t + t.splitlines()[0] + "\n", "rdf-mismatch", id="nt-line-added"),
    pytest.param(".nt", lambda t: t.replace(" .\n", " \n", 1), "rdf-error", id="nt-no-dot"),
    pytest.param(".nt", lambda t: t.replace('"', "'", 1), "rdf-error", id="nt-bad-quote"),
]


def _broken_copy(built: Path, target: Path, suffix: str, edit: Callable[[str], str]) -> Path:
    shutil.copytree(built, target)
    (path,) = [p for p in target.iterdir() if p.name.endswith(f"_budget{suffix}")]
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    rehash(target)
    return path


@pytest.mark.parametrize(("suffix", "edit", "kind"), BROKEN)
def test_validate_parses_every_serialization(
    built: Path, tmp_path: Path, suffix: str, edit: Callable[[str], str], kind: str
) -> None:
    path = _broken_copy(built, tmp_path / "pub", suffix, edit)
    before = sorted(p.name for p in path.parent.iterdir())
    report = validate(path.parent)
    assert not report.valid
    assert "rdf-syntax" in report.checks
    assert [(e.file, e.type) for e in report.errors] == [(path.name, kind)]
    assert sorted(p.name for p in path.parent.iterdir()) == before  # nothing written


@pytest.mark.parametrize(("suffix", "edit", "kind"), BROKEN)
def test_streamed_checks_name_the_broken_file(
    built: Path, tmp_path: Path, suffix: str, edit: Callable[[str], str], kind: str
) -> None:
    path = _broken_copy(built, tmp_path / "pub", suffix, edit)
    result = check_publication_stream(path.parent)
    assert (path.name, kind) in [(e.file, e.type) for e in result.errors]


def test_built_publication_is_valid(built: Path) -> None:
    report = validate(built)
    assert report.valid, report.render()
    assert "rdf-syntax" in report.checks


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        pytest.param("<a>日本語 \u202e</a>", True, id="format-char"),
        pytest.param("<a>\uffff</a>", False, id="U+FFFF"),
        pytest.param("<a>&#xFFFF;</a>", False, id="U+FFFF-reference"),
        pytest.param("<a>&#x1;</a>", False, id="control-reference"),
        pytest.param("<a><b></a>", False, id="unbalanced"),
    ],
)
def test_check_xml(tmp_path: Path, text: str, valid: bool) -> None:
    path = tmp_path / "x.rdf"
    path.write_text(text, encoding="utf-8")
    if valid:
        check_xml(path)
    else:
        with pytest.raises(SyntaxError, match=r"not well-formed XML 1\.0"):
            check_xml(path)
