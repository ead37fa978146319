"""The optional extras: what each one installs, and the lazy imports of their packages.

The core (frictionless, pydantic, rdflib, click) loads and validates a budget and writes
its data package (CSV). Everything else is an extra, declared here once
(``tests/test_extras.py`` checks that ``pyproject.toml`` lists the same):

* ``rdf``: pyld, pyshacl, pyoxigraph and pyarrow, for the linked-data checks of a
  publication (``validate``: SHACL, JSON-LD, the RDF files parsed and compared) and a
  book's RDF written a block of rows at a time (``build``);
* ``sparql``: pyoxigraph, the oxigraph server and requests, for ``query``, ``serve`` and
  ``load``;
* ``ckan``: ckanapi and requests, for ``publish``;
* ``parquet``: pyarrow, for ``parquet`` (the lines as a partitioned Parquet dataset);
* ``all``: every one of them.

A module never imports an optional package when it is imported itself: it goes
through :func:`require`, or a :class:`LazyModule` that calls it on first use. So
``import nerima_opendata`` and ``nerima-opendata --help`` need only the core, and a
missing package raises :class:`~nerima_opendata.errors.MissingDependencyError`, which
names the extra and the command that installs it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, NamedTuple

from nerima_opendata.errors import MissingDependencyError

__all__ = ["ALL", "EXTRAS", "LazyModule", "Requirement", "require", "requirements"]


class Requirement(NamedTuple):
    """One package of an extra.

    Attributes:
        spec: The requirement as ``pyproject.toml`` lists it, e.g. ``pyld>=2.0.4``.
        module: Its import name; ``None`` for a package that only installs a program.
    """

    spec: str
    module: str | None


_REQUESTS = Requirement("requests>=2.28", "requests")

#: Extra → its packages, in the order ``pyproject.toml`` lists them.
EXTRAS: dict[str, tuple[Requirement, ...]] = {
    "rdf": (
        Requirement("pyld>=2.0.4", "pyld"),
        Requirement("pyshacl>=0.26", "pyshacl"),
        Requirement("pyoxigraph>=0.5,<0.6", "pyoxigraph"),
        Requirement("pyarrow>=15", "pyarrow"),
    ),
    "sparql": (
        Requirement("pyoxigraph>=0.5,<0.6", "pyoxigraph"),
        Requirement("oxigraph>=0.4,<0.6", None),  # the server program, no module
        _REQUESTS,
    ),
    "ckan": (
        Requirement("ckanapi>=4.11,<5", "ckanapi"),
        _REQUESTS,
    ),
    "parquet": (Requirement("pyarrow>=15", "pyarrow"),),
}

#: The extra that installs every other one.
ALL = "all"


def requirements(extra: str) -> tuple[str, ...]:
    """The requirements of an extra, as ``pyproject.toml`` lists them.

    Args:
        extra: A key of :data:`EXTRAS`, or :data:`ALL` (every extra's, each once).

    Returns:
        The requirement strings, in order.
    """
    groups = EXTRAS.values() if extra == ALL else [EXTRAS[extra]]
    return tuple(dict.fromkeys(r.spec for group in groups for r in group))


def require(extra: str, feature: str, module: str | None = None) -> ModuleType:
    """Import a package of an extra, or say which extra to install.

    Args:
        extra: A key of :data:`EXTRAS`.
        feature: What needs it, for the message (e.g. ``query``).
        module: The module to import (e.g. ``pyld.jsonld``); by default every module
            of the extra is imported, so that a partly installed extra is caught too.

    Returns:
        The module (by default the extra's first one).

    Raises:
        MissingDependencyError: A module cannot be imported.
    """
    names = [module] if module else [r.module for r in EXTRAS[extra] if r.module]
    loaded = []
    for name in names:
        try:
            loaded.append(importlib.import_module(name))
        except ImportError as exc:
            raise MissingDependencyError(extra, feature, reason=str(exc)) from exc
    return loaded[0]


class LazyModule:
    """A module that is imported by :func:`require` when an attribute is first read.

    Used as a module-level name, with the real import kept for the type checker::

        if TYPE_CHECKING:
            import pyoxigraph as ox
        else:
            ox = LazyModule("sparql", "query", "pyoxigraph")

    Args:
        extra: The extra that installs the module.
        feature: What needs it, for the message.
        module: The module's import name.
    """

    __slots__ = ("_extra", "_feature", "_loaded", "_module")

    def __init__(self, extra: str, feature: str, module: str) -> None:
        self._extra = extra
        self._feature = feature
        self._module = module
        self._loaded: ModuleType | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # introspection (copy, inspect, doctest) imports nothing
            raise AttributeError(name)
        if self._loaded is None:
            self._loaded = require(self._extra, self._feature, self._module)
        return getattr(self._loaded, name)

    def __repr__(self) -> str:
        return f"LazyModule({self._extra!r}, {self._feature!r}, {self._module!r})"
