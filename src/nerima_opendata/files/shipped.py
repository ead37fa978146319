"""Where the shipped data lives: inside the wheel, or in the source checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["shipped"]

_HERE = Path(__file__).resolve().parent.parent  # the package root


def shipped(name: str) -> Path:
    """The shipped folder ``datapackage``, ``vocab`` or ``source``.

    Installed from a wheel, it is ``nerima_opendata/_data/NAME``; in a source checkout
    (editable install, tests), it is the top-level folder of the repository.
    """
    packaged = _HERE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _HERE.parent.parent / name
