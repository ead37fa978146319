"""The public API is explicit: everything exported is meant to be."""

from __future__ import annotations

import importlib
import pkgutil

import nerima_opendata


def test_all_names_exist() -> None:
    for name in nerima_opendata.__all__:
        assert hasattr(nerima_opendata, name), name


def test_public_objects_are_exported() -> None:
    public = {
        name
        for name, value in vars(nerima_opendata).items()
        if not name.startswith("_") and not isinstance(value, type(nerima_opendata))
    }
    assert public == set(nerima_opendata.__all__) - {"__version__"}


def test_every_module_declares_all() -> None:
    for module in pkgutil.walk_packages(nerima_opendata.__path__, "nerima_opendata."):
        if module.ispkg or module.name.endswith("__main__"):
            continue
        loaded = importlib.import_module(module.name)
        assert hasattr(loaded, "__all__"), module.name
