"""Architecture gates: the shape of ``src/nerima_opendata`` is checked, not just hoped for.

* no import cycle among its modules (lazy imports inside functions and imports under
  ``if TYPE_CHECKING:`` count: both are dependencies, and a type-only cycle is a
  layering cycle waiting to become a runtime one);
* the top level holds only the public face (``__init__``, the API, errors, version);
* no module over 400 lines, no function over 60 lines;
* the documentation generators (``tools/docsgen``) are not runtime code;
* ``docs/architecture.md``'s layout lists exactly each package's modules (and the top
  level's files), each once, and no package that is not there.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "nerima_opendata"
PACKAGE_NAME = "nerima_opendata"

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: What the top level may hold besides subpackages: the public face.
TOP_LEVEL = {"__init__.py", "__main__.py", "api.py", "errors.py", "_version.py", "py.typed"}


# -- the import graph -------------------------------------------------------------------


def module_files(package: Path, name: str) -> dict[str, Path]:
    """Map every module of a package to its file.

    Args:
        package: The package's directory.
        name: Its dotted name.

    Returns:
        ``{"pkg": pkg/__init__.py, "pkg.sub": pkg/sub/__init__.py, "pkg.sub.m": ...}``.
    """
    files: dict[str, Path] = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join([name, *parts])] = path
    return files


def _is_package(module: str, files: dict[str, Path]) -> bool:
    return files[module].name == "__init__.py"


def _resolve(target: str, files: dict[str, Path]) -> str | None:
    """The module of ``files`` that importing ``target`` runs, or ``None`` if foreign."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in files:
            return candidate
        parts.pop()
    return None


def _absolute(module: str, node: ast.ImportFrom, files: dict[str, Path]) -> str:
    """The absolute module name of a ``from ... import``, relative or not."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not _is_package(module, files):
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported_modules(module: str, files: dict[str, Path]) -> set[str]:
    """The modules of ``files`` that ``module`` imports, anywhere in its source.

    ``import a.b`` and ``from a import b`` (``b`` a submodule) both point at ``a.b``;
    ``from a import name`` (``name`` not a submodule) points at ``a``, the package's
    ``__init__``, whose own imports carry on to its submodules. Imports inside
    functions and under ``if TYPE_CHECKING:`` count as well.

    Args:
        module: The importing module's dotted name.
        files: Every module of the package, as from :func:`module_files`.

    Returns:
        The imported modules (never ``module`` itself unless it imports itself).
    """
    tree = ast.parse(files[module].read_text(encoding="utf-8"))
    targets: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, files)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.append(submodule if submodule in files else source)
    resolved = (_resolve(target, files) for target in targets)
    return {target for target in resolved if target is not None}


def import_graph(package: Path, name: str) -> dict[str, set[str]]:
    """The import graph of a package: each module and the modules it imports."""
    files = module_files(package, name)
    return {module: imported_modules(module, files) for module in files}


def cycle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """The shortest import cycle from ``start`` back to itself, or ``None``.

    Args:
        graph: An import graph, as from :func:`import_graph`.
        start: The module the cycle must pass through.

    Returns:
        The cycle as a path ``[start, ..., start]``, or ``None`` if there is none.
    """
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for module in frontier:
            for target in sorted(graph.get(module, ())):
                if target == start:
                    path = [module]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [*reversed(path), start]
                if target not in parents:
                    parents[target] = module
                    following.append(target)
        frontier = following
    return None


GRAPH = import_graph(PACKAGE, PACKAGE_NAME)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_module_is_on_no_import_cycle(module: str) -> None:
    cycle = cycle_through(GRAPH, module)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


# The graph builder itself, on small made-up packages: (files, module, expected cycle).
GRAPH_CASES: list[tuple[str, dict[str, str], str, list[str] | None]] = [
    (
        "a plain two-module cycle",
        {"a.py": "from pkg import b\n", "b.py": "import pkg.a\n"},
        "pkg.a",
        ["pkg.a", "pkg.b", "pkg.a"],
    ),
    (
        "a lazy import inside a function counts",
        {"a.py": "import pkg.b\n", "b.py": "def f():\n    from pkg.a import x\n"},
        "pkg.b",
        ["pkg.b", "pkg.a", "pkg.b"],
    ),
    (
        "an import under TYPE_CHECKING counts",
        {
            "a.py": "import pkg.b\n",
            "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import X\n",
        },
        "pkg.a",
        ["pkg.a", "pkg.b", "pkg.a"],
    ),
    (
        "a package re-exporting its submodules is no cycle",
        {"sub/__init__.py": "from pkg.sub.m import X\n", "sub/m.py": "import os\n"},
        "pkg.sub",
        None,
    ),
    (
        "a submodule reached through its package is no cycle by itself",
        {
            "sub/__init__.py": "from pkg.sub.m import X\n",
            "sub/m.py": "X = 1\n",
            "user.py": "from pkg.sub import X\n",
        },
        "pkg.user",
        None,
    ),
    (
        "a submodule importing names from its own package is a cycle",
        {"sub/__init__.py": "from pkg.sub.m import X\n", "sub/m.py": "from pkg.sub import Y\n"},
        "pkg.sub.m",
        ["pkg.sub.m", "pkg.sub", "pkg.sub.m"],
    ),
    (
        "importing a submodule by name from its package points at the submodule",
        {
            "sub/__init__.py": "from pkg.sub import m\n",
            "sub/m.py": "from pkg.sub import n\n",
            "sub/n.py": "",
        },
        "pkg.sub.m",
        None,
    ),
    (
        "relative imports resolve",
        {"sub/__init__.py": "", "sub/m.py": "from . import n\n", "sub/n.py": "from .m import X\n"},
        "pkg.sub.n",
        ["pkg.sub.n", "pkg.sub.m", "pkg.sub.n"],
    ),
    (
        "a longer cycle is reported along its path",
        {"a.py": "import pkg.b\n", "b.py": "import pkg.c\n", "c.py": "import pkg.a\n"},
        "pkg.b",
        ["pkg.b", "pkg.c", "pkg.a", "pkg.b"],
    ),
    (
        "foreign imports are ignored",
        {"a.py": "import os\nimport pkgx\nfrom json import loads\n"},
        "pkg.a",
        None,
    ),
]


@pytest.mark.parametrize(
    ("sources", "module", "expected"),
    [
        pytest.param(sources, module, expected, id=name)
        for name, sources, module, expected in GRAPH_CASES
    ],
)
def test_cycle_detection(
    tmp_path: Path, sources: dict[str, str], module: str, expected: list[str] | None
) -> None:
    package = tmp_path / "pkg"
    for relative, text in {"__init__.py": "", **sources}.items():
        (package / relative).parent.mkdir(parents=True, exist_ok=True)
        (package / relative).write_text(text, encoding="utf-8")
    assert cycle_through(import_graph(package, "pkg"), module) == expected


# -- the top level ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    sorted(path.name for path in PACKAGE.iterdir() if path.name != "__pycache__"),
)
def test_top_level_holds_only_the_public_face(entry: str) -> None:
    path = PACKAGE / entry
    is_package = path.is_dir() and (path / "__init__.py").is_file()
    assert is_package or entry in TOP_LEVEL, (
        f"{entry} belongs in a subpackage: the top level holds only {sorted(TOP_LEVEL)}"
    )


# -- sizes ------------------------------------------------------------------------------

SOURCES = sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py"))


def long_functions(tree: ast.AST, limit: int) -> Iterator[str]:
    """Every function (method, nested function) in ``tree`` longer than ``limit`` lines."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > limit:
                yield f"{node.name} (line {node.lineno}) has {lines} lines"


@pytest.mark.parametrize("source", SOURCES)
def test_module_is_short(source: str) -> None:
    lines = len((PACKAGE / source).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{source} has {lines} lines (limit {MAX_MODULE_LINES})"


@pytest.mark.parametrize("source", SOURCES)
def test_functions_are_short(source: str) -> None:
    tree = ast.parse((PACKAGE / source).read_text(encoding="utf-8"))
    offenders = list(long_functions(tree, MAX_FUNCTION_LINES))
    assert not offenders, f"{source}: " + "; ".join(offenders)


# -- the layout in docs/architecture.md --------------------------------------------------

ARCHITECTURE = ROOT / "docs" / "architecture.md"


def documented_layout() -> dict[str, list[str]]:
    """The layout block of ``docs/architecture.md``: the names each entry lists, by its
    first column (``files/``, ``""`` for the top level's files). A package's entry is a
    list of its modules, split at commas and semicolons, with a note in parentheses after
    a name and a heading before one (``a book: book``) left out."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = text.split("## The layout of `src/nerima_opendata/`", 1)[1]
    block = block.split("```text\n", 1)[1].split("```", 1)[0]
    listed: dict[str, str] = {}
    name = ""
    for line in filter(str.strip, block.splitlines()):
        first, _, rest = line.partition("  ")
        if first:  # an entry: its name (or the top level's files), then what it lists
            name = first if first.endswith("/") else ""
            listed[name] = listed.get(name, "") + (first + "," if not name else "")
            if name:
                listed[name] += rest
        elif name:
            listed[name] += " " + rest
    return {
        entry: [
            item.rpartition(":")[2].strip()
            for item in re.split(r"[,;]", re.sub(r"\([^)]*\)", "", names))
            if item.strip()
        ]
        for entry, names in listed.items()
    }


def package_modules() -> dict[str, set[str]]:
    """Each package's modules (``files/``: ``{"atomic", …}``) and the top level's files."""
    found: dict[str, set[str]] = {"": set()}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) == 1:
            found[""].add(path.name)
        elif path.stem != "__init__":
            found.setdefault(relative.parent.as_posix() + "/", set()).add(path.stem)
    return found


@pytest.mark.parametrize("package", sorted(package_modules()))
def test_the_layout_in_the_docs_lists_each_packages_modules(package: str) -> None:
    documented = documented_layout()
    assert package in documented, f"docs/architecture.md's layout has no entry {package}"
    names = documented[package]
    assert len(names) == len(set(names)), f"{package}: a name is listed twice: {names}"
    missing = sorted(package_modules()[package] - set(names))
    assert not missing, f"docs/architecture.md's layout, {package or 'top level'}: add {missing}"
    other = sorted(set(names) - package_modules()[package])
    assert not other, f"docs/architecture.md's layout, {package or 'top level'}: no {other}"


def test_the_layout_in_the_docs_names_no_other_package() -> None:
    assert set(documented_layout()) == set(package_modules())


# -- the documentation generators -------------------------------------------------------


def test_docs_generators_live_outside_the_package() -> None:
    assert not list(PACKAGE.rglob("docsgen")), "docsgen must not be inside src"
    assert importlib.util.find_spec(f"{PACKAGE_NAME}.docsgen") is None
    spec = importlib.util.find_spec("docsgen")
    assert spec is not None
    assert spec.origin is not None
    assert Path(spec.origin).resolve().is_relative_to(ROOT / "tools" / "docsgen")


@pytest.mark.parametrize("source", SOURCES)
def test_runtime_code_does_not_import_the_docs_generators(source: str) -> None:
    tree = ast.parse((PACKAGE / source).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(name.split(".")[0] == "docsgen" for name in names), source


# --- stages: the packages of the pipeline import each other one way only ----------------


def stage_of(module: str) -> str | None:
    """The stage (subpackage) a module belongs to; None for the public face at the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and _is_stage(parts[1])) else None


def _is_stage(name: str) -> bool:
    return (PACKAGE / name).is_dir()


def stage_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which stage imports which, leaving out the public face (api, errors, __init__)."""
    stages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        source = stage_of(module)
        if source is None:
            continue
        stages.setdefault(source, set())
        for target in targets:
            stage = stage_of(target)
            if stage is not None and stage != source:
                stages[source].add(stage)
    return stages


STAGES = stage_graph(GRAPH)


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_stage_is_on_no_import_cycle(stage: str) -> None:
    cycle = cycle_through(STAGES, stage)
    assert cycle is None, "stages import each other: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_no_stage_imports_the_public_api(stage: str) -> None:
    """api.py is the top of the pipeline: the stages below it never import it."""
    users = sorted(
        module
        for module, targets in GRAPH.items()
        if stage_of(module) == stage and f"{PACKAGE_NAME}.api" in targets and stage != "cli"
    )
    assert users == []
