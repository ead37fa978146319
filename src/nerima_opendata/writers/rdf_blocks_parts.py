"""A part of a book's RDF files (all four, or those chosen) written by blocks of rows
(:mod:`~nerima_opendata.writers.rdf_blocks_codes` for the head's,
:mod:`~nerima_opendata.writers.rdf_blocks_lines` for the lines'), or the whole files in
one process: the head's part, then the lines' part, into each file, hashed as it is
written (no part written apart and appended)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.paths import StrPath
from nerima_opendata.writers.rdf_blocks import Unsupported
from nerima_opendata.writers.rdf_blocks_codes import write_head_part
from nerima_opendata.writers.rdf_blocks_lines import write_lines_part
from nerima_opendata.writers.rdf_blocks_tables import BlockTables, hashed_files
from nerima_opendata.writers.rdf_book import BookPart

if TYPE_CHECKING:
    from hashlib import _Hash

    import pyarrow as pa
else:
    pa = LazyModule("rdf", "build", "pyarrow")

__all__ = ["write_part"]


def write_part(
    tables: BlockTables,
    directory: StrPath,
    part: BookPart,
    digests: dict[str, _Hash] | None = None,
) -> list[Path]:
    """One part of the RDF files of the formats written (``tables.suffixes``), or all
    of them (``BookPart.ALL``), in ``directory``; each file's SHA-256 put in
    ``digests`` (if given) by file name. With sinks (``tables.sinks``), every part is
    written to its format's, one after the other, and no file.

    Returns:
        The files, in the registry's order (none with sinks).

    Raises:
        Unsupported: A book the blocks do not write, or tables Arrow does not read (the
            files are then incomplete).
        OSError: A file cannot be written.
    """
    try:
        return _write(tables, Path(directory), part, digests)
    except pa.ArrowException as error:  # a table Arrow does not read: the writers' error
        raise Unsupported(f"{type(error).__name__}: {error}") from error


def _write(
    tables: BlockTables, directory: Path, part: BookPart, digests: dict[str, _Hash] | None
) -> list[Path]:
    if part is BookPart.HEAD:
        return write_head_part(tables, directory, digests)
    if part is BookPart.LINES:
        return write_lines_part(tables, directory, digests)
    if tables.sinks:  # a stream a format: the lines' part follows the head's
        write_head_part(tables, directory)
        return write_lines_part(dataclasses.replace(tables, count_codes=False), directory)
    with hashed_files(tables, directory, digests) as (paths, outs):  # both parts in each
        _write(dataclasses.replace(tables, sinks=tuple(outs)), directory, part, None)
    return paths
