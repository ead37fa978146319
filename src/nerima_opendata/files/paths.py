"""The path type of the public API: every function that takes a path takes this."""

from __future__ import annotations

import os

__all__ = ["StrPath"]

#: A path as the API takes it: a string or any path-like object (``pathlib.Path``…).
StrPath = str | os.PathLike[str]
