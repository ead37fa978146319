"""The public API is explicit: everything exported is meant to be."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import nerima_opendata


def test_all_names_exist() -> None:
    for name in nerima_opendata.__all__:
        assert hasattr(nerima_opendata, name), name


def test_public_objects_are_exported() -> None:
    public = {name for name in dir(nerima_opendata) if not name.startswith("_")}
    assert public == set(nerima_opendata.__all__) - {"__version__"}
    assert set(nerima_opendata._LAZY) == public


def test_unknown_attribute_raises() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        nerima_opendata.no_such_name  # noqa: B018


def test_every_module_declares_all() -> None:
    for module in pkgutil.walk_packages(nerima_opendata.__path__, "nerima_opendata."):
        if module.ispkg or module.name.endswith("__main__"):
            continue
        loaded = importlib.import_module(module.name)
        assert hasattr(loaded, "__all__"), module.name


def test_no_public_name_is_shadowed_by_a_submodule() -> None:
    for module in pkgutil.walk_packages(nerima_opendata.__path__, "nerima_opendata."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    for name in nerima_opendata.__all__:
        assert not isinstance(getattr(nerima_opendata, name), type(nerima_opendata)), name
