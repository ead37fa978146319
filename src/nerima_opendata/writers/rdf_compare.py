"""The change cube of a comparison as RDF (to be written: see issue #12)."""

from __future__ import annotations

from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.compare import Comparison
from nerima_opendata.writers.datapackage import FileEntry

__all__ = ["write_comparison_rdf"]


def write_comparison_rdf(
    comparison: Comparison, directory: StrPath, base_iri: str, files: list[FileEntry]
) -> list[FileEntry]:
    """Write the comparison's RDF files into ``directory``; their entries."""
    del comparison, directory, base_iri, files
    return []
