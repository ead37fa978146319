"""The first streaming pass's collectors, fed by predicate.

The first pass over a large publication's N-Triples (:mod:`.linked_stream`) gives each
collector (the terms, the cube's facts, the sample's choice) only the statements whose
predicate it wants: :class:`Routes` picks them from each batch by C loops, and keeps
every predicate seen, for the closed-world term check (:class:`Terms`).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, cast

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from nerima_opendata.files.extras import LazyModule

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("rdf", "validate", "pyoxigraph")

__all__ = ["Collector", "Routes", "Terms"]

_TYPE = str(RDF.type)
_PREDICATE = operator.attrgetter("predicate")
#: A collector's method taking one statement.
Add = Callable[["ox.Quad"], None]


class Terms:
    """The distinct predicates and classes of a stream (a vocabulary is small): the
    predicates from :class:`Routes`, the classes from the ``rdf:type`` statements."""

    predicates_wanted = frozenset({_TYPE})

    def __init__(self) -> None:
        self.predicates: set[str] = set()
        self.classes: set[str] = set()
        self._named = ox.NamedNode

    def add(self, quad: ox.Quad) -> None:
        """Take an ``rdf:type`` statement."""
        if isinstance(quad.object, self._named):
            self.classes.add(quad.object.value)

    def graph(self) -> Graph:
        """A graph using exactly these terms, for :func:`check_terms`."""
        graph = Graph(bind_namespaces="none")
        node = URIRef("urn:x-nerima:term")
        for predicate in self.predicates - {_TYPE}:
            graph.add((node, URIRef(predicate), node))
        for cls in self.classes:
            graph.add((node, RDF.type, URIRef(cls)))
        return graph


class Collector(Protocol):
    """Takes, in file order, the statements whose predicate it wants."""

    @property
    def predicates_wanted(self) -> frozenset[str]: ...

    def add(self, quad: ox.Quad) -> None: ...


class Routes:
    """Each statement of a batch to the collectors that want its predicate, in file
    order; the other statements (most of them) are passed over by C loops (``map``,
    ``compress``), with no Python code run for them. Every predicate seen is kept."""

    def __init__(self, collectors: Sequence[Collector]) -> None:
        routes: dict[str, list[Add]] = {}
        for collector in collectors:
            for predicate in sorted(collector.predicates_wanted):
                routes.setdefault(predicate, []).append(collector.add)
        self._routes = {ox.NamedNode(p): tuple(todo) for p, todo in routes.items()}
        self._seen: set[ox.NamedNode] = set()

    def __call__(self, batch: list[ox.Quad]) -> None:
        predicates = list(map(_PREDICATE, batch))
        self._seen.update(predicates)
        todos = list(map(self._routes.get, predicates))
        routed = itertools.compress(zip(batch, todos, strict=True), todos)  # not None
        for quad, todo in cast("Iterator[tuple[ox.Quad, tuple[Add, ...]]]", routed):
            for add in todo:
                add(quad)

    @property
    def predicates(self) -> set[str]:
        """The predicates of the statements routed so far."""
        return {node.value for node in self._seen}
