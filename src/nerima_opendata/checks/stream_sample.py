"""SHACL on a documented, deterministic sample of a large graph (``shacl-sample``).

pyshacl needs the whole graph in rdflib, which a national collection does not fit. So:

1. in the first streaming pass, :class:`SampleSelector` keeps, for every class (and for
   the subjects of each predicate a shape targets with ``sh:targetSubjectsOf``), the
   ``size`` subjects with the smallest CRC-32 of their IRI (the same in every process,
   unlike Python's ``hash``): every node of a class
   with at most ``size`` members (the budget, its data sets, code lists, amount kinds,
   departments …) and an order-independent sample of the others (lines, observations,
   line amounts, code-list nodes);
2. in a second pass (of the N-Triples file, only its lines about the chosen nodes
   parsed), :class:`SampleCollector` keeps every statement of a chosen node and notes
   the IRIs it refers to, at most ``size`` per node and predicate to IRIs neither
   chosen nor already noted (of a budget's million ``nb:hasLine``, the first ``size``
   in file order and those to chosen lines; the statements to the others are left out
   of the sample graph);
3. in a third pass it adds the statements of those referenced nodes that are typed (the
   subject of an ``rdf:type`` statement: a line's code-list node with its
   ``skos:narrower``, its data set, its department; not a class or a term of a
   vocabulary), one hop, with the same bound: at most ``size`` per node and predicate
   to IRIs neither chosen nor referenced (a 目 above a sampled 細目 has a
   ``skos:narrower`` to each of its 細目, whose number grows with the book: unbounded,
   the sample graph and pyshacl's memory grew with the lines). A shape on a chosen node
   that follows a referenced node's statement asks whether one exists (a line at a
   leaf: no ``skos:narrower``), which the kept statements still answer.

Whether a referenced IRI is typed is seen in the third pass, among its own statements:
no store of every typed subject is kept.

pyshacl then validates the chosen nodes only (``focus_nodes``) over that graph and the
vocabulary: every shape, SHACL-SPARQL included, on every node of the small classes and on
the sampled nodes of the large ones.
"""

from __future__ import annotations

import heapq
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from nerima_opendata.checks.rdf_load import to_rdflib
from nerima_opendata.files.extras import LazyModule

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("rdf", "validate", "pyoxigraph")

__all__ = ["DEFAULT_SAMPLE_SIZE", "SampleCollector", "SampleSelector"]

#: Nodes chosen per class (all of a class with no more members).
DEFAULT_SAMPLE_SIZE = 200

_TYPE = str(RDF.type)
#: How a plain line's object starts: an IRI, a literal, a blank node.
_OBJECT_STARTS = (b"<", b'"', b"_")


class SampleSelector:
    """Pass 1: choose the sample (see the module).

    Args:
        shapes: The shapes (their ``sh:targetSubjectsOf`` predicates).
        size: Nodes chosen per class.
    """

    def __init__(self, shapes: Graph, *, size: int) -> None:
        self.size = size
        self._targets = {str(p) for p in shapes.objects(None, SH.targetSubjectsOf)}
        #: The statements :meth:`add` takes (it passes over the others).
        self.predicates_wanted = frozenset(self._targets | {_TYPE})
        self._heaps: dict[str, list[tuple[int, str]]] = {}
        self._in_heap: dict[str, set[str]] = {}
        self.members: dict[str, int] = {}

    def add(self, quad: ox.Quad) -> None:
        """Take one statement of the stream."""
        predicate = quad.predicate.value
        if predicate == _TYPE:
            self._choose(str(quad.object.value), quad.subject.value)  # type: ignore[union-attr]
        elif predicate in self._targets:
            self._choose(f"subjects of {predicate}", quad.subject.value)  # type: ignore[union-attr]

    def _choose(self, group: str, node: str) -> None:
        chosen = self._in_heap.setdefault(group, set())
        if node in chosen:
            return
        self.members[group] = self.members.get(group, 0) + 1
        heap = self._heaps.setdefault(group, [])
        # a max-heap of the smallest hashes; CRC-32, the same in every process (``hash``
        # of a str changes with the process's hash seed)
        item = (-zlib.crc32(node.encode()), node)
        if len(heap) < self.size:
            heapq.heappush(heap, item)
            chosen.add(node)
        elif item > heap[0]:
            chosen.discard(heapq.heapreplace(heap, item)[1])
            chosen.add(node)

    def chosen(self) -> set[str]:
        """The chosen nodes (IRIs, or blank node labels)."""
        return {node for heap in self._heaps.values() for _, node in heap}

    def sampled_groups(self) -> dict[str, int]:
        """The classes (and targets) with more members than were chosen: name → members."""
        return {g: n for g, n in sorted(self.members.items()) if n > self.size}


class SampleCollector:
    """Passes 2 and 3: the graph of the chosen nodes and the typed nodes they reference.

    Args:
        chosen: The chosen nodes.
        size: At most this many statements are kept per node and predicate to IRIs
            neither chosen nor referenced before (a budget's ``nb:hasLine``); the
            others are left out of the sample graph.
    """

    def __init__(self, chosen: set[str], *, size: int) -> None:
        self.chosen = chosen
        self._size = size
        self._counted: dict[tuple[str, str], int] = {}
        #: The IRIs the chosen nodes' kept statements refer to (pass 2).
        self.referenced: set[str] = set()
        self._typed: set[str] = set()  # those of them seen typed (pass 3)
        self._graph = Graph(bind_namespaces="none")
        #: The text ``<node> <predicate> `` of the lines of a node and predicate at
        #: ``size``; the IRIs other lines refer to; whether a line's text was not
        #: plain (:meth:`lines_wanted` then keeps every line).
        self._full: set[bytes] = set()
        self._objects: set[bytes] = set()
        self._plain = True

    def add_all_chosen(self, quads: list[ox.Quad]) -> None:
        """Pass 2 for a batch of statements, in order (:meth:`add_chosen`)."""
        for quad in quads:
            self.add_chosen(quad)

    def add_all_referenced(self, quads: list[ox.Quad]) -> None:
        """Pass 3 for a batch of statements, in order (:meth:`add_referenced`)."""
        for quad in quads:
            self.add_referenced(quad)

    def add_chosen(self, quad: ox.Quad) -> None:
        """Pass 2: keep the statements of the chosen nodes; note the IRIs they refer to."""
        subject = quad.subject.value  # type: ignore[union-attr]
        if subject not in self.chosen:
            return
        node = self._new_node(quad)
        if node is not None:
            if not self._within(subject, quad):
                return
            self.referenced.add(node)
        self._add(quad)

    def add_referenced(self, quad: ox.Quad) -> None:
        """Pass 3: add the statements of the referenced nodes, bounded as in pass 2 (those
        of a node that turns out untyped are taken out by :meth:`graph`)."""
        subject = quad.subject.value  # type: ignore[union-attr]
        if subject not in self.referenced or subject in self.chosen:
            return
        if quad.predicate.value == _TYPE:
            self._typed.add(subject)
        if self._new_node(quad) is None or self._within(subject, quad):
            self._add(quad)

    def graph(self) -> Graph:
        """The sample graph, once both passes are done: the statements kept, less those
        of the referenced IRIs that are not typed (a class, a term of a vocabulary …)."""
        for node in sorted(self.referenced - self.chosen - self._typed):
            self._graph.remove((URIRef(node), None, None))
        return self._graph

    def _new_node(self, quad: ox.Quad) -> str | None:
        """The statement's object if it is an IRI neither chosen nor referenced."""
        obj = quad.object
        if (
            isinstance(obj, ox.NamedNode)
            and obj.value not in self.chosen
            and obj.value not in self.referenced
        ):
            return obj.value
        return None

    def _within(self, subject: str, quad: ox.Quad) -> bool:
        """Count a statement to such a node: whether it is one of the first ``size`` of
        its node and predicate (the others are left out of the sample graph)."""
        key = (subject, quad.predicate.value)
        counted = self._counted.get(key, 0)
        if counted >= self._size:
            return False
        self._counted[key] = counted + 1
        if counted + 1 == self._size and key[1] != _TYPE:  # a type is always seen
            self._full.add(f"<{subject}> <{key[1]}> ".encode())
        return True

    def lines_wanted(self, lines: list[bytes]) -> list[bytes]:
        """Of some N-Triples lines about the nodes a pass wants, in file order and before
        they are parsed, those whose statements the pass may keep: all but the lines of
        a node and predicate already at ``size`` to an IRI neither chosen nor
        referenced, nor referred to by any other line given so far (which may be
        referenced first). Of a budget's million ``nb:hasLine``, this leaves the lines
        to the chosen lines. Every line is kept from the first that is not plain text
        on (an escape, a blank node, other spacing): its IRIs are not known from its
        text."""
        cut = [(line, _after_predicate(line)) for line in lines]
        if not self._full or not self._plain:
            self._note_objects(cut)
            return lines
        over = [line[:at] in self._full for line, at in cut]
        self._note_objects(pair for pair, full in zip(cut, over, strict=True) if not full)
        if not self._plain:
            return lines
        return [
            line
            for (line, at), full in zip(cut, over, strict=True)
            if not (full and self._left_out(line, at))
        ]

    def _left_out(self, line: bytes, cut: int) -> bool:
        """Whether a line over ``size`` (its object at ``cut``) is to an IRI neither
        chosen nor referenced."""
        if line[cut : cut + 1] != b"<" or b"\\" in line:
            return False  # a literal, or an IRI not known from its text: kept
        iri = line[cut + 1 : line.find(b">", cut)]
        text = iri.decode()
        return not (text in self.chosen or text in self.referenced or iri in self._objects)

    def _note_objects(self, lines: Iterable[tuple[bytes, int]]) -> None:
        """Remember the IRIs these lines refer to (each line with where its object
        starts), if they are plain."""
        for line, cut in lines:
            if not cut or b"\\" in line:
                self._plain = False
                return
            if line[cut : cut + 1] == b"<":
                self._objects.add(line[cut + 1 : line.find(b">", cut)])

    def _add(self, quad: ox.Quad) -> None:
        triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
        self._graph.add(triple)


def _after_predicate(line: bytes) -> int:
    """Where a plain line's object starts (after ``<node> <predicate> ``, one space each:
    an IRI ends at its first ``>``; the object an IRI, a literal or a blank node, not a
    triple term), else 0."""
    subject = line.find(b">") if line.startswith(b"<") else -1
    if subject < 0 or line[subject : subject + 3] != b"> <":
        return 0
    predicate = line.find(b">", subject + 3)
    start = predicate + 2
    plain = line[predicate:start] == b"> " and line[start : start + 1] in _OBJECT_STARTS
    return start if plain and line[start : start + 2] != b"<<" else 0
