"""``nerima-opendata compare``: a thin shell over api.compare_budgets, with its exit codes.

The two budgets of the small book (tests.model.test_compare) are written into one package
and into two; the command compares them, says what it wrote, refuses a spec that names no
budget with exit 2 (a usage error) and a clear message, and leaves OUT as it was when it fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nerima_opendata import write_package
from nerima_opendata.checks.validation import validate
from nerima_opendata.cli import main
from tests.model.test_compare import _changed


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("compare-cli")
    before, after = _changed()
    write_package((before, after), root / "both")
    write_package(before, root / "before")
    write_package(after, root / "after")
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["both", "--from", "2021", "--to", "2022"],
        ["after", "--from-package", "before", "--from", "2021", "--to", "2022"],
        ["both", "--from", "2021/approved/final", "--to", "2022/approved"],
    ],
    ids=["one-package", "two-packages", "phase-and-amount"],
)
def test_compare_writes_a_valid_comparison(packages: Path, tmp_path: Path, args: list[str]) -> None:
    where = [str(packages / a) if a in {"both", "before", "after"} else a for a in args]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["compare", *where, str(out)])
    assert result.exit_code == 0, result.output
    assert "2021-approved.budget--2022-approved.budget" in (out / "datapackage.json").read_text(
        encoding="utf-8"
    )
    assert "total 357 → 389 yen (+32); 8 nodes, 4 lines, 2 possible renaming(s)" in result.output
    assert validate(out).valid


def test_the_comparison_carries_the_vocabulary_and_validate_checks_it(
    packages: Path, tmp_path: Path
) -> None:
    from nerima_opendata.publication.vocabulary import VOCABULARY

    out = tmp_path / "out"
    args = ["compare", str(packages / "both"), "--from", "2021", "--to", "2022", str(out), "-q"]
    assert CliRunner().invoke(main, args).exit_code == 0
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["name"]: r["path"] for r in descriptor["resources"]}
    for file in VOCABULARY:
        assert listed[file.name] == file.path
        assert (out / file.path).read_bytes() == file.source.read_bytes()
    report = validate(out)
    assert report.valid and "rdf-syntax" in report.checks
    with (out / "vocab" / "dsd.ttl").open("a", encoding="utf-8") as stream:
        stream.write("# an edit\n")
    found = {(e.file, e.kind.code) for e in validate(out).errors}
    assert ("vocab/dsd.ttl", "rdf-mismatch") in found


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2030", "--to", "2022"], "no budget book matches"),
        (["--from", "2021/nothing", "--to", "2022"], "no single amount kind"),
        (["--from", "21", "--to", "2022"], "named by its fiscal year"),
        (["--from", "2021", "--to", "2022", "--account", "9"], "no such account"),
    ],
)
def test_a_bad_spec_is_a_usage_error_and_leaves_out_untouched(
    packages: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.txt").write_text("previous", encoding="utf-8")
    result = CliRunner().invoke(main, ["compare", str(packages / "both"), *args, str(out)])
    assert result.exit_code == 2  # the exit-code policy: an InputError is a usage error
    assert message in result.output
    assert [p.name for p in out.iterdir()] == ["kept.txt"]


def test_help_shows_examples() -> None:
    result = CliRunner().invoke(main, ["compare", "--help"])
    assert result.exit_code == 0
    assert "--from 2026/request --to 2026/final" in result.output


def test_two_runs_write_the_same_bytes(packages: Path, tmp_path: Path) -> None:
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        args = ["compare", str(packages / "both"), "--from", "2021", "--to", "2022", str(out), "-q"]
        assert CliRunner().invoke(main, args).exit_code == 0
        files = sorted(p for p in out.rglob("*") if p.is_file())  # vocab/ too
        runs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in files})
    assert runs[0] == runs[1]
    descriptor = json.loads(runs[0]["datapackage.json"])
    assert [r["name"] for r in descriptor["resources"]][:4] == [
        "comparison",
        "node_changes",
        "line_changes",
        "renamings",
    ]


def test_two_built_publications_are_compared(packages: Path, tmp_path: Path) -> None:
    """PKG may be a built publication (it holds one budget: --from-package names the other)."""
    from nerima_opendata import build_publication

    build_publication(tmp_path / "pub-2021", packages / "before")
    build_publication(tmp_path / "pub-2022", packages / "after")
    out = tmp_path / "out"
    args = ["compare", str(tmp_path / "pub-2022"), "--from-package", str(tmp_path / "pub-2021")]
    result = CliRunner().invoke(main, [*args, "--from", "2021", "--to", "2022", str(out)])
    assert result.exit_code == 0, result.output
    assert "total 357 → 389 yen (+32)" in result.output
