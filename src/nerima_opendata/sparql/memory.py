"""A publication in pyoxigraph's in-memory store, for ``query``.

The budget and its DCAT description go in the default graph, the vocabulary's copies in
their own named graph, as ``load`` and ``serve`` put them
(:data:`~nerima_opendata.publication.vocabulary.VOCABULARY_GRAPH`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nerima_opendata.errors import InputError
from nerima_opendata.files.extras import LazyModule, require
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.scratch import scratch

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("sparql", "query", "pyoxigraph")

__all__ = ["load_publication", "load_store"]


def load_store(
    files: Sequence[StrPath], named: Mapping[str, Sequence[StrPath]] | None = None
) -> ox.Store:
    """An in-memory store holding the given RDF files (format from the suffix) in its
    default graph, and the ``named`` ones in the graph each is listed under.

    Raises:
        InputError: A file is missing or not RDF.
    """
    store = ox.Store()
    graphs: list[tuple[StrPath, ox.NamedNode | None]] = [(f, None) for f in files]
    graphs += [(f, ox.NamedNode(g)) for g, paths in (named or {}).items() for f in paths]
    for path, graph in ((Path(f), g) for f, g in graphs):
        try:
            store.bulk_load(
                path=str(path),
                format=ox.RdfFormat.from_extension(path.suffix[1:]),
                to_graph=graph or ox.DefaultGraph(),
            )
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"cannot load RDF: {exc}", path=path) from exc
    return store


def load_publication(directory: StrPath | None = None) -> ox.Store:
    """A store holding a built publication: the budget and its DCAT description in the
    default graph, the vocabulary's copies (when it carries them) in their named graph.

    Args:
        directory: A directory written by ``build``; by default the shipped budget is
            built into a temporary directory first.

    Raises:
        InputError: The directory is not a built publication.
        MissingDependencyError: The ``sparql`` extra is not installed.
    """
    directory = Path(directory) if directory is not None else None
    require("sparql", "query", "pyoxigraph")  # before the shipped budget is built

    if directory is not None:
        return _publication_store(directory)
    from nerima_opendata.checks.validation import inspect
    from nerima_opendata.files.shipped import shipped
    from nerima_opendata.publication.build import build

    _, (budget,) = inspect(shipped("datapackage"))  # the shipped package is valid
    with scratch("nerima-memory-") as tmp:
        build(budget, Path(tmp) / "out")
        return _publication_store(Path(tmp) / "out")


def _publication_store(directory: Path) -> ox.Store:
    """The budget and its DCAT description in the default graph, the vocabulary's copies
    in their own named graph, as ``load`` and ``serve`` put them."""
    from nerima_opendata.sparql.triplestore import (
        VOCABULARY_GRAPH,
        publication_files,
        vocabulary_files,
    )

    vocabulary = {VOCABULARY_GRAPH: vocabulary_files(directory)}
    return load_store(publication_files(directory), vocabulary)
