"""Rows of the budget book's tables, duck typed, and how their fields become RDF pairs.

A row is anything with the model's attribute names: a pydantic record
(:class:`~nerima_opendata.model.BudgetLine` …) or a plain named tuple read from a CSV
file, whose values may be the model's Python values or their text (``"1000"``,
``"true"``, ``""`` for none). The protocols below name what :mod:`.rdf_book` reads.

:func:`plan` derives, from :data:`~nerima_opendata.rdf.vocab.FIELD_TERMS` and the model's
field types, how each field becomes a ``(predicate, object)`` pair: its predicate, its
language tag, its datatype (``xsd:integer`` for an ``int`` field, ``xsd:boolean`` for a
``bool`` one), or the IRI its value refers to. There is no second list of predicates.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Any, Protocol
from urllib.parse import quote

from rdflib import Literal
from rdflib.namespace import SKOS

from nerima_opendata.model import (
    AmountKind,
    BudgetLine,
    Classification,
    LineAmount,
    Record,
    TableName,
)
from nerima_opendata.model.annotations import field_type
from nerima_opendata.model.base import BOOLEAN_TEXTS
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.vocab import AMOUNT_STAGE, FIELD_TERMS, NB, UN_COFOG_SCHEME, cofog_iri
from nerima_opendata.writers.rdf_serialize import Triple
from nerima_opendata.writers.rdf_shapes import Slot
from nerima_opendata.writers.rdf_terms import XSD_BOOLEAN, XSD_INTEGER, Pair

__all__ = [
    "AmountKindRow",
    "BookPlans",
    "BookTables",
    "ClassificationRow",
    "FieldPlan",
    "LineAmountRow",
    "LineRow",
    "Prefixes",
    "RowPlan",
    "cofog_triples",
    "is_true",
    "plan",
    "segment",
]


class ClassificationRow(Protocol):
    """A node of the code list (:class:`~nerima_opendata.model.Classification`)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_en(self) -> str | None: ...
    @property
    def parent_id(self) -> str | None: ...


class AmountKindRow(Protocol):
    """An amount kind (:class:`~nerima_opendata.model.AmountKind`)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def name_en(self) -> str | None: ...
    @property
    def primary(self) -> object: ...


class LineRow(Protocol):
    """A line (:class:`~nerima_opendata.model.BudgetLine`)."""

    @property
    def id(self) -> str: ...
    @property
    def classification_id(self) -> str: ...
    @property
    def department_code(self) -> str | None: ...
    @property
    def department_name(self) -> str | None: ...
    @property
    def nature_code(self) -> str | None: ...
    @property
    def cofog(self) -> str | None: ...
    @property
    def amount(self) -> object: ...


class LineAmountRow(Protocol):
    """A non-primary amount of a line (:class:`~nerima_opendata.model.LineAmount`)."""

    @property
    def line_id(self) -> str: ...
    @property
    def kind_id(self) -> str: ...


#: What a path segment of a data IRI may hold unquoted (as :mod:`~.rdf.iris` quotes).
_SAFE = re.compile(r"[A-Za-z0-9._~\-]*")


def segment(value: str) -> str:
    """A record ID as a path segment, quoted as :class:`~.rdf.iris.BudgetIRIs` quotes it."""
    return value if _SAFE.fullmatch(value) else quote(value, safe="-._~")


class Prefixes:
    """The IRI prefixes of a book's records, derived from :class:`~.rdf.iris.BudgetIRIs`
    (each is the IRI of the empty ID), so an IRI is a concatenation, not a ``URIRef``.

    Args:
        iris: The budget's IRIs.
    """

    def __init__(self, iris: BudgetIRIs) -> None:
        self.classification = str(iris.classification(""))
        self.code_path = str(iris.code_path(""))
        self.department = str(iris.department_unit(""))
        self.line = str(iris.record(TableName.LINES, ""))
        self.amount_kind = str(iris.record(TableName.AMOUNT_KINDS, ""))
        self.line_amount = str(iris.record(TableName.LINE_AMOUNTS, ""))


def is_true(value: object) -> bool:
    """A boolean field's value, from Python or from its CSV text (``True``: the
    :data:`~nerima_opendata.model.base.BOOLEAN_TEXTS` the model accepts)."""
    if isinstance(value, str):
        return value == BOOLEAN_TEXTS[0]
    return bool(value)


@dataclass(frozen=True)
class FieldPlan:
    """How one field of a row becomes a pair.

    Attributes:
        name: The attribute name.
        predicate: The property IRI (from ``FIELD_TERMS``).
        lang: The language tag of a text field.
        datatype: ``xsd:integer`` or ``xsd:boolean`` for an ``int`` or ``bool`` field.
        reference: For an object property: value → the IRI it refers to.
        within: When that IRI is this prefix and the value as a :func:`segment`.
    """

    name: str
    predicate: str
    lang: str | None = None
    datatype: str | None = None
    reference: Callable[[str], str] | None = None
    within: str | None = None


def _datatype(annotation: object) -> str | None:
    """``xsd:integer``/``xsd:boolean`` for an (optional, annotated) ``int``/``bool`` type."""
    inner = field_type(annotation).inner
    if inner is bool:
        return XSD_BOOLEAN
    if inner is int:
        return XSD_INTEGER
    return None


class RowPlan:
    """How a model's rows become pairs: one :class:`FieldPlan` per field with a term.

    Args:
        fields: The field plans, in field order.
    """

    def __init__(self, fields: tuple[FieldPlan, ...]) -> None:
        self.fields = fields
        self._values = operator.attrgetter(*(f.name for f in fields))
        #: (kind, extra) and the slot of each field: kind 0 a reference (extra: value →
        #: IRI), 1 a tagged text, 2 a boolean, 3 another literal.
        self._steps: list[tuple[int, Any]] = []
        self._slots: list[Slot] = []
        for f in fields:
            if f.reference is not None:
                self._steps.append((0, f.reference))
                self._slots.append(Slot(f.predicate, iri=True, within=f.within))
            elif f.lang is not None:
                self._steps.append((1, None))
                self._slots.append(Slot(f.predicate, lang=f.lang))
            elif f.datatype == XSD_BOOLEAN:
                self._steps.append((2, None))
                self._slots.append(Slot(f.predicate, datatype=XSD_BOOLEAN))
            else:
                self._steps.append((3, None))
                self._slots.append(Slot(f.predicate, datatype=f.datatype))

    def pairs(self, row: object, pairs: list[Pair]) -> list[Pair]:
        """Append the pairs of a row's fields (a value None or ``""`` gives none).

        Args:
            row: The row.
            pairs: Where to append.

        Returns:
            ``pairs``.
        """
        slots: list[Slot] = []
        values: list[str] = []
        self.extend(row, slots, values)
        pairs.extend((s.predicate, s.term(v)) for s, v in zip(slots, values, strict=True))
        return pairs

    def extend(self, row: object, slots: list[Slot], values: list[str]) -> None:
        """Append the slots and values (IRIs, lexical forms) of a row's fields, for a
        :class:`~.rdf_shapes.Shaped` group (a value None or ``""`` gives none).

        Args:
            row: The row.
            slots: Where to append the slots.
            values: Where to append the values.
        """
        fields = self._values(row)
        if len(self.fields) == 1:
            fields = (fields,)
        for value, (kind, extra), slot in zip(fields, self._steps, self._slots, strict=True):
            if value is None or value == "":
                continue
            if type(value) is not str:
                value = value.value if isinstance(value, Enum) else value
                if kind == 2:
                    value = "true" if is_true(value) else "false"
                value = str(value)
            elif kind == 2:
                value = "true" if is_true(value) else "false"
            slots.append(slot)
            values.append(extra(value) if kind == 0 else value)


def _within(prefix: str, value: str) -> str:
    return prefix + segment(value)


def plan(
    model: type[Record],
    references: Mapping[str, Callable[[str], str]],
    withins: Mapping[str, str] | None = None,
) -> RowPlan:
    """The pairs a model's rows give, in field order, from ``FIELD_TERMS``.

    Args:
        model: The record class (its fields and their types).
        references: Object properties (predicate IRI) → value to IRI.
        withins: Of those, the ones whose IRI is a prefix and the value as a
            :func:`segment`: predicate → the prefix.

    Returns:
        One field plan per field that has a term.
    """
    plans = []
    for name, info in model.model_fields.items():
        mapping = FIELD_TERMS[(model, name)]
        if mapping.term is None:
            continue
        predicate = str(mapping.term)
        reference = references.get(predicate)
        datatype = None if reference or mapping.language else _datatype(info.annotation)
        within = (withins or {}).get(predicate) if reference else None
        plans.append(FieldPlan(name, predicate, mapping.language, datatype, reference, within))
    return RowPlan(tuple(plans))


class BookPlans:
    """The field plans of the book's four models and the IRIs their references make.

    Args:
        iris: The budget's IRIs.
    """

    def __init__(self, iris: BudgetIRIs) -> None:
        self.prefixes = prefixes = Prefixes(iris)
        cofogs: dict[str, str] = {}  # COFOG has a few hundred classes: bounded

        def cofog(notation: str) -> str:
            if notation not in cofogs:
                cofogs[notation] = str(cofog_iri(notation))
            return cofogs[notation]

        # object properties whose IRI is a prefix and the value as a segment
        withins = {
            str(NB.parent): prefixes.classification,
            str(NB.classification): prefixes.classification,
            str(NB.departmentUnit): prefixes.department,
            str(NB.line): prefixes.line,
            str(NB.amountKind): prefixes.amount_kind,
        }
        references: dict[str, Callable[[str], str]] = {
            predicate: partial(_within, prefix) for predicate, prefix in withins.items()
        }
        references[str(NB.cofog)] = cofog
        references[str(NB.stage)] = lambda v: str(AMOUNT_STAGE[v])
        self.references = references
        self.classification = plan(Classification, references, withins)
        self.amount_kind = plan(AmountKind, references, withins)
        self.line = plan(BudgetLine, references, withins)
        self.line_amount = plan(LineAmount, references, withins)


def cofog_triples(notations: Iterable[str]) -> Iterator[Triple]:
    """The COFOG classes used and their ancestors: notation, scheme and ``skos:broader``
    up to the division, so a query can total by division. Nothing is fetched."""
    seen: set[str] = set()
    for notation in sorted(notations):
        while notation not in seen:
            seen.add(notation)
            node = cofog_iri(notation)
            yield node, SKOS.inScheme, UN_COFOG_SCHEME
            yield node, SKOS.notation, Literal(notation)
            if "." not in notation:
                break
            parent = notation.rsplit(".", 1)[0]
            yield node, SKOS.broader, cofog_iri(parent)
            notation = parent


@dataclass(frozen=True)
class BookTables:
    """Where a budget book's large tables come from: each function opens its table
    afresh (e.g. reads its CSV again), so a writer can stream them more than once."""

    classifications: Callable[[], Iterable[Any]]
    lines: Callable[[], Iterable[Any]]
    line_amounts: Callable[[], Iterable[Any]]
    #: Opens some text fields of a table (e.g. its CSV's cells, without the model), for
    #: the budget's members, which need the IDs alone; default: from the records.
    fields: Callable[[TableName, tuple[str, ...]], Iterable[tuple[str, ...]]] | None = None

    def keys(self, table: TableName, *names: str) -> Iterable[tuple[str, ...]]:
        """The fields ``names`` of each row of ``table`` (the code list, the lines or the
        line amounts), in file order."""
        if self.fields is not None:
            return self.fields(table, names)
        records = {
            TableName.CLASSIFICATIONS: self.classifications,
            TableName.LINES: self.lines,
            TableName.LINE_AMOUNTS: self.line_amounts,
        }[table]
        get = operator.attrgetter(*names)
        return ((get(r),) if len(names) == 1 else get(r) for r in records())
