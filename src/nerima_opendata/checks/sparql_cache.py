"""rdflib's SPARQL processor, translating each query text once, for the SHACL checks.

pyshacl runs a SHACL-SPARQL constraint by handing rdflib the query text once per focus
node, and rdflib parses it every time (pyparsing: about 10 ms a query). Within
:func:`translated_once`, the ``sparql`` processor of rdflib's plugin registry is one that
keeps the translated query of each text (as :func:`rdflib.plugins.sparql.prepareQuery`
makes it, the form rdflib evaluates with any initial bindings), so each of the shapes'
queries is parsed once per process; the results are the same.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from rdflib import Graph, plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor

__all__ = ["TranslatedOnce", "translated_once"]

_NAME = "sparql"


@lru_cache(maxsize=256)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


class TranslatedOnce(SPARQLProcessor):
    """A SPARQL processor that translates a query text (with its base and initial
    namespaces) once, and evaluates the kept translation with each call's bindings."""

    def __init__(self, graph: Graph) -> None:
        super().__init__(graph)  # type: ignore[no-untyped-call]

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _translated(strOrQuery, base, namespaces)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@contextlib.contextmanager
def translated_once() -> Iterator[None]:
    """Within the block, ``graph.query(text)`` translates each text once."""
    previous = plugin.get(_NAME, Processor)
    plugin.register(_NAME, Processor, __name__, TranslatedOnce.__name__)
    try:
        yield
    finally:
        plugin.register(_NAME, Processor, previous.__module__, previous.__name__)
