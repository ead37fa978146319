"""A publication's RDF files: their names (:func:`rdf_file_names`), and groups written
in every format of the registry at once, each file hashed as it is written
(:func:`write_rdf_groups`), or one format as text (:func:`jsonld_text`), by the
streaming serializers of :mod:`nerima_opendata.writers.rdf_stream`.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from nerima_opendata.errors import OutputError
from nerima_opendata.files.hashed import HashedStream
from nerima_opendata.files.paths import StrPath
from nerima_opendata.writers import rdf_stream
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS, budget_file_name
from nerima_opendata.writers.rdf_jsonld import JsonLdWriter
from nerima_opendata.writers.rdf_terms import Group

if TYPE_CHECKING:
    from hashlib import _Hash

__all__ = ["jsonld_text", "rdf_file_names", "write_rdf_groups"]


def rdf_file_names(municipality_code: str, stem: str = "budget") -> list[str]:
    """The RDF file names of a publication, e.g. ``131202_budget.ttl``.

    Args:
        municipality_code: The six-digit code.
        stem: What the files hold.

    Returns:
        One name per format, in the registry's order (Turtle, N-Triples, RDF/XML, JSON-LD).
    """
    return [budget_file_name(municipality_code, fmt, stem) for fmt in RDF_SERIALIZATIONS]


def write_rdf_groups(
    groups: Iterable[Group],
    directory: StrPath,
    municipality_code: str,
    stem: str = "budget",
    *,
    suffixes: Sequence[str] | None = None,
    head: bool = True,
    tail: bool = True,
    digests: dict[str, _Hash] | None = None,
    base: str | None = None,
) -> list[Path]:
    """Write groups in every RDF format of the registry, in one pass.

    Args:
        groups: The graph as groups, each triple once (no blank nodes).
        directory: An existing directory.
        municipality_code: The six-digit code the file names start with.
        stem: What the files hold (``131202_budget.ttl``).
        suffixes: Only these formats (e.g. ``[".ttl", ".nt"]``); default: all of them.
        head: Whether each file starts a document (its prefixes, root or ``@graph``);
            ``False``: the groups go on those of a first part written with ``tail=False``
            (at least one group: JSON-LD goes on after a comma), to be appended to it.
        tail: Whether each file ends the document.
        digests: Given, each file's SHA-256 is made as it is written (a ``hashlib``
            object by file name, put here: its ``hexdigest`` once the call returns).
        base: The documents' base IRI: IRIs within it are written relative to it (but
            in N-Triples), e.g. the municipality's ``BudgetIRIs.municipality``.

    Returns:
        The written files, in the registry's order (Turtle, N-Triples, RDF/XML, JSON-LD).

    Raises:
        OutputError: A file cannot be written, or a term cannot be serialized.
    """
    chosen = [f for f in RDF_SERIALIZATIONS if suffixes is None or f.suffix in suffixes]
    paths = [Path(directory) / budget_file_name(municipality_code, f, stem) for f in chosen]
    streams: list[IO[bytes]] = []
    try:
        for path in paths:
            streams.append(path.open("wb"))
        outs: list[IO[bytes]] = list(streams)
        if digests is not None:
            for at, path in enumerate(paths):
                digest = digests[path.name] = hashlib.sha256()
                outs[at] = cast("IO[bytes]", HashedStream(streams[at], digest))
        made = zip(paths, outs, strict=True)  # through the module: benchmarks patch it
        rdf_stream.write_groups(
            groups, [rdf_stream.group_writer(p.suffix, s, head, tail, base) for p, s in made]
        )
    except OSError as exc:
        raise OutputError(f"cannot write the RDF files in {directory}: {exc}") from exc
    except UnicodeEncodeError as exc:
        raise OutputError(f"cannot write a lone surrogate as UTF-8: {exc}") from exc
    finally:
        for stream in streams:
            stream.close()
    return paths


def jsonld_text(groups: Iterable[Group], base: str | None = None) -> str:
    """Groups as the JSON-LD text :func:`write_rdf_groups` writes (for a small graph).

    Raises:
        OutputError: A term cannot be serialized.
    """
    stream = io.StringIO()
    rdf_stream.write_groups(groups, [JsonLdWriter(stream, base=base)])
    return stream.getvalue()
