"""The optional extras: the core works without them, and each feature names its extra.

The "not installed" cases run in a subprocess whose ``sys.meta_path`` refuses every
package of the extras (and which finds no ``oxigraph`` program), as on a machine where
only ``pip install nerima-opendata`` was run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import nerima_opendata as nod
from nerima_opendata.cli.main import main
from nerima_opendata.errors import InputError, MissingDependencyError, NerimaOpenDataError
from nerima_opendata.files.extras import ALL, EXTRAS, LazyModule, require, requirements

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

#: Every import name of the extras, and the oxigraph package (a program, no module).
BLOCKED = sorted({r.module for group in EXTRAS.values() for r in group if r.module} | {"oxigraph"})

_PRELUDE = f"""
import json, os, sys
from pathlib import Path

BLOCKED = {BLOCKED!r}


class _NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


assert not set(BLOCKED) & set(sys.modules)
sys.meta_path.insert(0, _NotInstalled())
# No oxigraph program either: none beside the interpreter, none on the PATH.
sys.executable = "/nonexistent/bin/python"
os.environ["PATH"] = ""
"""


def _without_extras(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter in which no optional package is installed."""
    return subprocess.run(
        [sys.executable, "-c", _PRELUDE + code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture(scope="module")
def publication(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full publication, built here, where every extra is installed."""
    out = tmp_path_factory.mktemp("extras") / "out"
    nod.build(nod.load_budget(), out)
    return out


# -- the table and pyproject.toml ---------------------------------------------------


@pytest.mark.parametrize("extra", [*EXTRAS, ALL])
def test_pyproject_lists_each_extra_as_declared(extra: str) -> None:
    assert PYPROJECT["optional-dependencies"][extra] == list(requirements(extra))


def test_pyproject_has_no_other_extra_and_test_installs_them_all() -> None:
    optional = PYPROJECT["optional-dependencies"]
    assert set(optional) == {*EXTRAS, ALL, "test"}
    assert optional["test"][: len(requirements(ALL))] == list(requirements(ALL))


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower()


def test_the_core_needs_no_optional_package() -> None:
    core = {_name(r) for r in PYPROJECT["dependencies"]}
    assert core == {"frictionless", "pydantic", "rdflib", "click"}
    assert not core & {_name(r) for r in requirements(ALL)}


def test_all_is_every_extra_once() -> None:
    every = [r.spec for group in EXTRAS.values() for r in group]
    assert sorted(requirements(ALL)) == sorted(set(every))


# -- require and LazyModule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "feature", "module", "message"),
    [
        pytest.param(
            "sparql",
            "query",
            "nerima_opendata_no_such_module",
            "the 'sparql' extra is needed for query (No module named "
            "'nerima_opendata_no_such_module'): pip install 'nerima-opendata[sparql]'",
            id="missing-module",
        ),
        pytest.param(
            "rdf",
            "the JSON-LD file of a publication",
            "nerima_opendata_no_such_module.sub",
            "the 'rdf' extra is needed for the JSON-LD file of a publication (No module "
            "named 'nerima_opendata_no_such_module'): pip install 'nerima-opendata[rdf]'",
            id="missing-parent",
        ),
    ],
)
def test_require_names_the_extra(extra: str, feature: str, module: str, message: str) -> None:
    with pytest.raises(MissingDependencyError) as info:
        require(extra, feature, module)
    assert str(info.value) == message
    assert (info.value.extra, info.value.feature) == (extra, feature)
    assert info.value.install == f"pip install 'nerima-opendata[{extra}]'"
    assert isinstance(info.value.__cause__, ImportError)


def test_missing_dependency_is_not_bad_input() -> None:
    # Validation reports InputErrors as data; a missing extra must reach the caller.
    error = MissingDependencyError("rdf", "validate")
    assert isinstance(error, NerimaOpenDataError)
    assert not isinstance(error, InputError)


@pytest.mark.parametrize("extra", list(EXTRAS))
def test_require_imports_every_module_of_an_installed_extra(extra: str) -> None:
    first = next(r.module for r in EXTRAS[extra] if r.module)
    assert require(extra, "testing").__name__ == first


def test_lazy_module_imports_on_first_use() -> None:
    lazy = LazyModule("rdf", "testing", "json")
    assert lazy.dumps([1]) == "[1]"
    assert repr(lazy) == "LazyModule('rdf', 'testing', 'json')"
    missing = LazyModule("rdf", "testing", "nerima_opendata_no_such_module")
    with pytest.raises(AttributeError):
        missing.__wrapped__  # noqa: B018 - introspection never imports
    with pytest.raises(MissingDependencyError, match=r"pip install 'nerima-opendata\[rdf\]'"):
        missing.anything  # noqa: B018


# -- without the extras -------------------------------------------------------------


def test_core_works_without_extras(tmp_path: Path) -> None:
    run = _without_extras(
        """
import nerima_opendata as nod

budget = nod.load_budget()
nod.write_package(budget, Path("pkg"))
nod.ingest(Path({source!r}), Path("ingested"))
reports = [nod.validate(Path(p)) for p in ("pkg", "ingested", nod.default_package())]
print(json.dumps({{
    "valid": [r.valid for r in reports],
    "checks": reports[0].checks,
    "projects": len(nod.load_budget(Path("pkg")).projects),
    "imported": sorted(m for m in sys.modules if m.partition(".")[0] in BLOCKED),
}}))
""".format(source=str(ROOT / "source" / "nerima-r6-budget-brochure.txt")),
        tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {
        "valid": [True, True, True],
        "checks": ["descriptor", "frictionless", "records", "integrity"],
        "projects": 26,
        "imported": [],
    }


def test_every_module_imports_without_extras(tmp_path: Path) -> None:
    run = _without_extras(
        """
import importlib, pkgutil
import nerima_opendata

failed = []
for module in pkgutil.walk_packages(nerima_opendata.__path__, "nerima_opendata."):
    if not module.name.endswith("__main__"):
        try:
            importlib.import_module(module.name)
        except Exception as exc:
            failed.append(f"{module.name}: {exc}")
print(json.dumps(failed))
""",
        tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []


@pytest.mark.parametrize("command", [[], *([c] for c in sorted(main.commands))])
def test_help_needs_no_extra(command: list[str], tmp_path: Path) -> None:
    code = "from nerima_opendata.cli.main import main\nmain({args!r}, prog_name='nerima-opendata')"
    run = _without_extras(code.format(args=[*command, "--help"]), tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Usage: nerima-opendata" in run.stdout


_CALLS = [
    pytest.param("nod.validate(PUBLICATION)", "rdf", id="validate-publication"),
    pytest.param(
        "from nerima_opendata.sparql.query import load_publication\nload_publication(PUBLICATION)",
        "sparql",
        id="query",
    ),
    pytest.param(
        "from nerima_opendata.sparql.query import load_publication\nload_publication()",
        "sparql",
        id="query-shipped-budget",
    ),
    pytest.param(
        "from nerima_opendata.sparql.triplestore import load, plan_load\n"
        "load(plan_load(PUBLICATION, 'http://127.0.0.1:9/store'))",
        "sparql",
        id="load",
    ),
    pytest.param(
        "from nerima_opendata.sparql.server import serve\nserve(PUBLICATION, 7878)",
        "sparql",
        id="serve",
    ),
    pytest.param(
        "from nerima_opendata.publish import publish_to_ckan\n"
        "publish_to_ckan(PUBLICATION, 'http://127.0.0.1:9', None, dry_run=True)",
        "ckan",
        id="publish",
    ),
]


def test_build_needs_no_extra(tmp_path: Path) -> None:
    """The RDF files are written by the library's own serializers (no pyld), so a build
    needs no extra; validating it does (pyshacl, pyld)."""
    code = "import nerima_opendata as nod\nnod.build(nod.load_budget(), Path('out'))"
    run = _without_extras(code, tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "131202_budget.jsonld").exists()


@pytest.mark.parametrize(("call", "extra"), _CALLS)
def test_feature_without_its_extra_raises(
    call: str, extra: str, publication: Path, tmp_path: Path
) -> None:
    body = "\n".join("    " + line for line in call.splitlines())
    code = f"""
import nerima_opendata as nod
from nerima_opendata.errors import MissingDependencyError

PUBLICATION = Path({str(publication)!r})
try:
{body}
except MissingDependencyError as error:
    print(json.dumps({{"extra": error.extra, "message": str(error)}}))
else:
    print("null")
"""
    run = _without_extras(code, tmp_path)
    assert run.returncode == 0, run.stderr
    raised = json.loads(run.stdout)
    assert raised is not None, "no MissingDependencyError"
    assert raised["extra"] == extra
    assert raised["message"].endswith(f": pip install 'nerima-opendata[{extra}]'")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        pytest.param(["validate", "{pub}"], "rdf", id="validate-publication"),
        pytest.param(["query", "--data", "{pub}", "ASK {}"], "sparql", id="query"),
        pytest.param(["query", "ASK {}"], "sparql", id="query-shipped-budget"),
        pytest.param(
            ["load", "--data", "{pub}", "--endpoint", "http://127.0.0.1:9/store"],
            "sparql",
            id="load",
        ),
        pytest.param(["serve", "--data", "{pub}", "--port", "7878"], "sparql", id="serve"),
        pytest.param(
            ["publish", "{pub}", "--ckan-url", "http://127.0.0.1:9", "--dry-run"],
            "ckan",
            id="publish",
        ),
    ],
)
def test_command_without_its_extra_prints_the_hint(
    args: list[str], extra: str, publication: Path, tmp_path: Path
) -> None:
    argv = [a.replace("{pub}", str(publication)) for a in args]
    code = f"from nerima_opendata.cli.main import main\nmain({argv!r}, prog_name='nerima-opendata')"
    run = _without_extras(code, tmp_path)
    assert run.returncode == 2, run.stderr
    assert f"Error: the '{extra}' extra is needed for " in run.stderr
    assert f": pip install 'nerima-opendata[{extra}]'\n" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
