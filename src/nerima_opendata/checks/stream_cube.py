"""The Data Cube's observation constraints over every observation, in bounded memory.

:class:`CubeFacts` collects, in the streaming pass over a graph, each subject's values of
``qb:dataSet`` and of the dimension and measure properties the vocabulary declares: a
record a run of a subject's statements, written one after the other to a temporary
file (no lookup, in the pass). :meth:`CubeFacts.errors` (in a child process when it was
started: :meth:`CubeFacts.start_errors`) gathers each subject's records in a
:class:`~nerima_opendata.files.keystore.KeyStore` (a subject's statements need not be
next to each other), reads the observations back in key order and checks, for every
one:

* IC-1: exactly one ``qb:dataSet``;
* IC-11: a value for every dimension of its data set's structure;
* IC-12: no other observation of the data set with the same dimension values (the
  values form a key of a second KeyStore). An observation with two values for a
  dimension is compared on the set of its values; a group of n duplicates is reported
  as the n-1 pairs with its first observation (in both directions);
* IC-14: a value for every measure (the structures use no ``qb:measureType``).

The messages are the shapes' own (``vocab/shapes.ttl``).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from rdflib import Graph, URIRef
from rdflib.namespace import QB, RDF, SH

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import ReportError
from nerima_opendata.files.background import Pending, start
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT, KeyStore
from nerima_opendata.files.scratch import Scratch, scratch
from nerima_opendata.rdf.vocab import SHAPES

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("rdf", "validate", "pyoxigraph")

__all__ = ["CubeFacts"]

_DATASET = str(QB.dataSet)
_STRUCTURE = str(QB.structure)
_SEP, _PAIR = "\n", "\t"
#: The records' file, in the spool directory.
_RECORDS = "records.marshal"


def _properties(vocab: Graph, kind: URIRef) -> set[str]:
    return {str(p) for p in vocab.subjects(RDF.type, kind)}


def _message(shapes: Graph, shape: str) -> str:
    node = SHAPES[shape]
    constraint = shapes.value(node, SH.sparql)
    if constraint is None:  # IC-1 is a SHACL Core count on the observation shape
        return "IC-1 Unique DataSet: every qb:Observation has exactly one qb:dataSet"
    return str(shapes.value(constraint, SH.message))


class CubeFacts:
    """The streaming collector of the observation constraints (see the module).

    Args:
        vocab: The vocabulary (its dimension and measure properties, its structures).
        shapes: The shapes (their messages).
        memory_limit: Subjects held in memory before the store spills to disk.
    """

    def __init__(
        self, vocab: Graph, shapes: Graph, *, memory_limit: int = DEFAULT_MEMORY_LIMIT
    ) -> None:
        self._vocab = vocab
        self._shapes = shapes
        self._wanted = (
            _properties(vocab, QB.DimensionProperty)
            | _properties(vocab, QB.MeasureProperty)
            | {_DATASET}
        )
        #: The statements :meth:`add` takes (it passes over the others).
        self.predicates_wanted = frozenset(self._wanted | {_STRUCTURE})
        self._spool: Scratch | None = None  # the records' file, made at the first
        self._records: BinaryIO | None = None
        self._structures: dict[str, set[str]] = {}
        self._limit = memory_limit
        self._subject = ""
        self._pending: list[str] = []
        self._started: Pending[list[ReportError]] | None = None

    def add(self, quad: ox.Quad) -> None:
        """Take one statement of the stream."""
        predicate = quad.predicate.value
        if predicate == _STRUCTURE and len(self._structures) < self._limit:
            self._structures.setdefault(str(quad.subject), set()).add(str(quad.object))
        if predicate not in self._wanted:
            return
        subject = str(quad.subject)
        if subject != self._subject:
            self._flush()
            self._subject = subject
        self._pending.append(f"{predicate}{_PAIR}{quad.object}")

    def _flush(self) -> None:
        """Write the record of the subject at hand (a run of its statements)."""
        if self._pending:
            if self._records is None:
                self._spool = scratch("nerima-cube-")
                self._records = (Path(self._spool.name) / _RECORDS).open("wb")
            marshal.dump((self._subject, _SEP.join(self._pending)), self._records)
            self._pending = []

    def _ended(self) -> None:
        """Every statement taken: the records written out."""
        self._flush()
        if self._records is not None:
            self._records.close()

    def close(self) -> None:
        """Remove the temporary file (the checks started elsewhere first stopped)."""
        if self._started is not None:
            self._started.cancel()
        if self._records is not None:
            self._records.close()
        if self._spool is not None:
            self._spool.cleanup()

    def start_errors(self, file: str | None) -> None:
        """Start :meth:`errors` in a child process, when there is a core for it, once
        every statement was taken; :meth:`errors` then gives its result (for this
        ``file``)."""
        self._ended()
        try:
            self._started = start(self._errors, file, task="checking the cube's constraints")
        except OSError:  # no process could be made (fork refused): checked here, later
            self._started = None

    def _spill_to(self) -> Path | None:
        """Where the stores of :meth:`errors` spill: in the records' directory, which this
        process removes, even when a child that checks them is stopped."""
        return None if self._spool is None else Path(self._spool.name)

    def _facts(self) -> KeyStore:
        """Each subject's facts, its records gathered (the caller closes the store)."""
        facts = KeyStore(memory_limit=self._limit, directory=self._spill_to())
        if self._spool is None:
            return facts
        with (Path(self._spool.name) / _RECORDS).open("rb") as records:
            while True:
                try:
                    subject, text = marshal.load(records)
                except EOFError:
                    return facts
                facts.append(subject, text, _SEP)

    def _components(self, dataset: str) -> tuple[list[str], list[str]]:
        """The dimensions and measures of a data set's structures (vocabulary's DSDs)."""
        dims: set[str] = set()
        measures: set[str] = set()
        for dsd in self._structures.get(dataset, ()):
            node = URIRef(dsd.strip("<>"))
            for component in self._vocab.objects(node, QB.component):
                for prop in self._vocab.objects(component, QB.componentProperty):
                    if (prop, RDF.type, QB.DimensionProperty) in self._vocab:
                        dims.add(str(prop))
                    elif (prop, RDF.type, QB.MeasureProperty) in self._vocab:
                        measures.add(str(prop))
        return sorted(dims), sorted(measures)

    def _observations(self, facts: KeyStore) -> Iterator[tuple[str, dict[str, list[str]]]]:
        for subject, text in facts.items():
            values: dict[str, list[str]] = {}
            for fact in (text or "").split(_SEP):
                predicate, _, value = fact.partition(_PAIR)
                values.setdefault(predicate, []).append(value)
            if _DATASET in values:
                yield subject, values

    def errors(self, file: str | None) -> list[ReportError]:
        """Every violation of IC-1, IC-11, IC-12 and IC-14 (see the module)."""
        if self._started is not None:
            return self._started.result()
        return self._errors(file)

    def _errors(self, file: str | None) -> list[ReportError]:
        self._ended()
        found: list[ReportError] = []
        components: dict[str, tuple[list[str], list[str]]] = {}
        spill = self._spill_to()
        with self._facts() as facts, KeyStore(memory_limit=self._limit, directory=spill) as seen:
            for obs, values in self._observations(facts):
                datasets = sorted(set(values[_DATASET]))
                if len(datasets) != 1:
                    found.append(self._error(obs, "IC-1", file))
                for dataset in datasets:
                    if dataset not in components and len(components) < self._limit:
                        components[dataset] = self._components(dataset)
                    dims, measures = components.get(dataset, ([], []))
                    for prop, shape in [(d, "IC-11") for d in dims] + [
                        (m, "IC-14") for m in measures
                    ]:
                        if prop not in values:
                            found.append(self._error(dataset, shape, file, obs=obs, prop=prop))
                    key = dataset + _SEP.join(
                        _PAIR.join(sorted(set(values.get(d, ())))) for d in dims
                    )
                    if not seen.add(key, obs):
                        first = seen.get(key) or ""
                        found.append(self._error(obs, "IC-12", file, other=first))
                        found.append(self._error(first, "IC-12", file, other=obs))
        return found

    def _error(
        self,
        focus: str,
        shape: str,
        file: str | None,
        *,
        obs: str = "",
        prop: str = "",
        other: str = "",
    ) -> ReportError:
        message = _message(self._shapes, shape)
        for name, value in (("obs", obs), ("dim", prop), ("measure", prop), ("other", other)):
            message = message.replace("{?" + name + "}", value.strip("<>"))
        return ReportError(
            kind=ErrorTypes.SHACL_VIOLATION,
            message=f"{focus.strip('<>')}: {message}",
            file=file,
            expected="sh:SPARQLConstraintComponent",
        )
