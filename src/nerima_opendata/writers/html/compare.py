"""The page of a comparison, ``index.html`` (to be written: see issue #12)."""

from __future__ import annotations

from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.compare import Comparison
from nerima_opendata.writers.datapackage import FileEntry

__all__ = ["write_comparison_page"]


def write_comparison_page(
    comparison: Comparison, directory: StrPath, files: list[FileEntry]
) -> list[FileEntry]:
    """Write ``index.html`` into ``directory`` (linking ``files``); its entry."""
    del comparison, directory, files
    return []
