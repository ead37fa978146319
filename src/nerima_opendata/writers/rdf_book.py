"""The budget book as RDF groups, from rows, in bounded memory.

:func:`book_groups` makes a budget book's RDF as groups
(:mod:`nerima_opendata.writers.rdf_terms`) from *rows*: anything with the model's
attribute names (the pydantic records of a :class:`~nerima_opendata.model.Budget`, or
plain named tuples read from the package's CSV files; :mod:`.rdf_rows`). Each table is
read through a callable that opens it again, so a caller can stream a CSV file twice;
every per-line lookup (a leaf's name for its line's label, a line's facts for its other
amounts, the departments already described) goes through a
:class:`~nerima_opendata.files.keystore.KeyStore`, never a dict over all lines.

* the code list is a ``skos:ConceptScheme`` and ``qb:HierarchicalCodeList`` per
  municipality and fiscal year (``{base}{code}/{year}/classification``), shared by the
  year's 当初 and 補正 budgets; each node is a ``skos:Concept`` whose ``skos:notation`` is
  its path ID (``1-expenditure-2-1``), with ``skos:broader``/``skos:narrower``,
  ``nb:level``, ``nb:depth`` and ``nb:codePath``, a year-independent IRI of the path
  (``{base}{code}/classification/1-expenditure-2-1``) that finds the same node in
  every year;
* the amount kinds are concepts of a per-budget scheme, each with its ``nb:stage`` in
  the vocabulary's amount-stage scheme;
* each line is an ``nb:BudgetLine`` (``{scope}line/{id}``) with its classification,
  department (an ``org:OrganizationalUnit`` of the municipality), nature class, COFOG
  class (a concept of the published COFOG code list, see :data:`~.vocab.COFOG`) and
  primary amount;
* the cube ``{scope}book-cube`` (structure ``dsd:book``) has one ``qb:Observation`` per
  line and amount kind at ``{scope}line-amount/{line}_{kind}``. The observation of a
  non-primary amount *is* its ``nb:LineAmount`` record (same node, typed both).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from enum import Enum

from rdflib.namespace import DCTERMS, ORG, QB, RDF, RDFS, SKOS
from rdflib.term import URIRef

from nerima_opendata.errors import InputError
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT, KeyStore
from nerima_opendata.model import (
    BudgetInfo,
    TableName,
    amount_id,
)
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.vocab import (
    DSD,
    NB,
)
from nerima_opendata.writers.graph import cube_header, text
from nerima_opendata.writers.rdf_book_cube import BookCube
from nerima_opendata.writers.rdf_rows import (
    AmountKindRow,
    BookPlans,
    BookTables,
    ClassificationRow,
    LineAmountRow,
    LineRow,
    cofog_triples,
    is_true,
    segment,
)
from nerima_opendata.writers.rdf_serialize import Triple
from nerima_opendata.writers.rdf_shapes import Shaped, Shapes, Slot
from nerima_opendata.writers.rdf_terms import (
    XSD_INTEGER,
    Group,
    Lit,
    Pair,
    groups_from_triples,
)

__all__ = [
    "BookPart",
    "BookStores",
    "book_groups",
    "cofog_triples",
    "department_groups",
    "line_amount_groups",
]


class BookPart(Enum):
    """Which of a budget book's groups: all of them, or one of two parts that, written
    one after the other, are all of them, so that two processes may each write one."""

    #: Every group.
    ALL = "all"
    #: The groups before the lines: the budget, its members, the code list, the amount
    #: kinds and the cube's header.
    HEAD = "head"
    #: The groups from the lines on: the lines, their departments and observations, the
    #: COFOG classes, the other amounts and the editorial notes.
    LINES = "lines"


_TYPE, _CONCEPT, _IN_SCHEME = str(RDF.type), str(SKOS.Concept), str(SKOS.inScheme)
_NOTATION, _PREF_LABEL, _LABEL = str(SKOS.notation), str(SKOS.prefLabel), str(RDFS.label)
_BROADER, _NARROWER, _TOP_OF = str(SKOS.broader), str(SKOS.narrower), str(SKOS.topConceptOf)
_HAS_TOP, _ROOT = str(SKOS.hasTopConcept), str(QB.hierarchyRoot)
_CODE_PATH = str(NB.codePath)


def _scheme_labels(info: BudgetInfo, scheme: URIRef, ja: str, en: str) -> Iterator[Triple]:
    name_en = info.municipality_name_en or info.municipality_name
    yield scheme, RDF.type, SKOS.ConceptScheme
    yield (
        scheme,
        SKOS.prefLabel,
        text(f"{info.municipality_name} {info.fiscal_year_label} {ja}", "ja"),
    )
    yield scheme, SKOS.prefLabel, text(f"{name_en} FY{info.fiscal_year} {en}", "en")


def _members(
    iris: BudgetIRIs, plans: BookPlans, kinds: Sequence[AmountKindRow], tables: BookTables
) -> Iterator[Group]:
    """The budget's ``nb:has…`` of every record: one long group per table, streamed
    (their IDs alone: :meth:`BookTables.keys`)."""
    node, p = str(iris.budget), plans.prefixes
    has = [str(t) for t in (NB.hasClassification, NB.hasAmountKind, NB.hasLine, NB.hasLineAmount)]
    codes = tables.keys(TableName.CLASSIFICATIONS, "id")
    yield node, ((has[0], p.classification + segment(c)) for (c,) in codes)
    yield node, [(has[1], p.amount_kind + segment(k.id)) for k in kinds]
    yield node, ((has[2], p.line + segment(x)) for (x,) in tables.keys(TableName.LINES, "id"))
    amounts = tables.keys(TableName.LINE_AMOUNTS, "line_id", "kind_id")
    yield node, ((has[3], p.line_amount + segment(amount_id(x, k))) for x, k in amounts)


def _classifications(
    info: BudgetInfo,
    iris: BudgetIRIs,
    plans: BookPlans,
    rows: Iterable[ClassificationRow],
    stores: BookStores | None,
) -> Iterator[Group]:
    """The code list of the municipality and fiscal year: a hierarchical code list. Each
    node's names go into ``stores``' ``names``/``names_en``, for its lines' labels
    (``None``: no line follows, the head's part alone)."""
    scheme = iris.classification_scheme
    header = [
        *_scheme_labels(info, scheme, "予算書の分類", "budget book classification"),
        (scheme, RDF.type, QB.HierarchicalCodeList),
        (scheme, QB.parentChildProperty, SKOS.narrower),
        (scheme, DCTERMS.publisher, iris.organization),
    ]
    yield from groups_from_triples(header)
    scheme_iri, p, shapes = str(scheme), plans.prefixes, Shapes()
    head = [
        Slot(_TYPE, constant=_CONCEPT),
        Slot(_IN_SCHEME, constant=scheme_iri),
        Slot(_NOTATION),
        Slot(_PREF_LABEL, lang="ja"),
    ]
    english = Slot(_PREF_LABEL, lang="en")
    code_path = Slot(_CODE_PATH, iri=True, within=p.code_path)
    top = Slot(_TOP_OF, constant=scheme_iri)
    broader = Slot(_BROADER, iri=True, within=p.classification)
    concepts = Slot(_NARROWER, iri=True, within=p.classification)
    narrower = shapes([concepts], p.classification)
    root = shapes(
        [
            Slot(_HAS_TOP, iri=True, within=p.classification),
            Slot(_ROOT, iri=True, within=p.classification),
        ]
    )
    for row in rows:
        concept = p.classification + segment(row.id)
        slots, values = head.copy(), [row.id, row.name]
        if row.name_en:
            slots.append(english)
            values.append(row.name_en)
        if stores is not None:
            _remember_names(row, stores)
        slots.append(code_path)
        values.append(p.code_path + segment(row.id))
        plans.classification.extend(row, slots, values)
        if not row.parent_id:
            slots.append(top)
            yield concept, Shaped(shapes(slots, p.classification), values)
            yield scheme_iri, Shaped(root, [concept, concept])
        else:
            parent = p.classification + segment(row.parent_id)
            slots.append(broader)
            values.append(parent)
            yield concept, Shaped(shapes(slots, p.classification), values)
            yield parent, Shaped(narrower, [concept])


def _remember_names(row: ClassificationRow, stores: BookStores) -> None:
    """A node's names, for its lines' labels."""
    if row.name_en:
        stores.names_en.remember(row.id, row.name_en)
    stores.names.remember(row.id, row.name)


def _amount_kinds(
    info: BudgetInfo, iris: BudgetIRIs, plans: BookPlans, kinds: Sequence[AmountKindRow]
) -> Iterator[Group]:
    scheme = iris.amount_kind_scheme
    what = (f"{info.phase_label} 金額種別", f"budget ({info.phase.value}): amount kinds")
    header = [
        *_scheme_labels(info, scheme, *what),
        (scheme, DCTERMS.publisher, iris.organization),
    ]
    yield from groups_from_triples(header)
    scheme_iri = str(scheme)
    for kind in kinds:
        concept = plans.prefixes.amount_kind + segment(kind.id)
        pairs: list[Pair] = [
            (_TYPE, _CONCEPT),
            (_IN_SCHEME, scheme_iri),
            (_TOP_OF, scheme_iri),
            (_NOTATION, Lit(kind.id)),
            (_PREF_LABEL, Lit(kind.name, "ja")),
        ]
        if kind.name_en:
            pairs.append((_PREF_LABEL, Lit(kind.name_en, "en")))
        yield concept, plans.amount_kind.pairs(kind, pairs)
        yield scheme_iri, [(_HAS_TOP, concept)]


def department_groups(
    plans: BookPlans, organization: str, code: str, name: str | None
) -> Iterator[Group]:
    """A department the lines name: a unit of the municipality, labelled by the name its
    first line prints."""
    unit = plans.prefixes.department + segment(code)
    yield (
        unit,
        [
            (_TYPE, str(ORG.OrganizationalUnit)),
            (str(ORG.unitOf), organization),
            (str(NB.identifier), Lit(code)),
            (_PREF_LABEL, Lit(name or f"所属 {code}", "ja")),
        ],
    )
    yield organization, [(str(ORG.hasUnit), unit)]


class BookStores:
    """The keyed lookups of one book, each a :class:`KeyStore` (bounded memory)."""

    def __init__(self, stack: ExitStack, limit: int) -> None:
        def store() -> KeyStore:
            return stack.enter_context(KeyStore(memory_limit=limit))

        self.names = store()  # classification ID → name
        self.names_en = store()  # classification ID → English name
        self.facts = store()  # line ID → the facts of its observations
        self.departments = store()  # the department codes already described
        self.cofogs: set[str] = set()  # COFOG has a few hundred classes: bounded


def _lines(
    iris: BudgetIRIs, cube: BookCube, rows: Iterable[LineRow], primary: str, stores: BookStores
) -> Iterator[Group]:
    """Each line, the departments as they first appear, and its primary observation."""
    plans, shapes = cube.plans, cube.shapes
    p, organization = plans.prefixes, str(iris.organization)
    primary_iri = p.amount_kind + segment(primary)
    head = [Slot(_TYPE, constant=str(NB.BudgetLine)), Slot(_LABEL, lang="ja")]
    english = Slot(_LABEL, lang="en")
    tail = [
        Slot(str(NB.line), iri=True, within=p.line),
        Slot(str(NB.amountKind), constant=primary_iri),
        Slot(str(NB.amount), datatype=XSD_INTEGER),
    ]
    has_english = len(stores.names_en) > 0
    for line in rows:
        node, leaf = p.line + segment(line.id), line.classification_id
        name = stores.names.get(leaf)
        if name is None:
            raise InputError(
                "a line's classification is not in the code list",
                found=leaf,
                expected=f"an ID of the {TableName.CLASSIFICATIONS.value} table",
            )
        slots, values = head.copy(), [name]
        name_en = stores.names_en.get(leaf) if has_english else None
        if name_en:
            slots.append(english)
            values.append(name_en)
        plans.line.extend(line, slots, values)
        yield node, Shaped(shapes(slots, p.line), values)
        department, nature, cofog = (
            line.department_code or "",
            line.nature_code or "",
            line.cofog or "",
        )
        if department and stores.departments.add(department):
            yield from department_groups(plans, organization, department, line.department_name)
        if cofog:
            stores.cofogs.add(cofog)
        stores.facts.remember(line.id, f"{leaf}\t{department}\t{nature}\t{cofog}")
        slots, values = cube.facts(leaf, department, nature, cofog)
        slots += tail
        values += (node, str(line.amount))
        observation = p.line_amount + segment(amount_id(line.id, primary))
        yield observation, Shaped(shapes(slots, p.line_amount), values)


def line_amount_groups(
    cube: BookCube, rows: Iterable[LineAmountRow], stores: BookStores
) -> Iterator[Group]:
    """The observation of each non-primary amount, which is its ``nb:LineAmount``."""
    p, kind = cube.plans.prefixes, Slot(_TYPE, constant=str(NB.LineAmount))
    for row in rows:
        facts = stores.facts.get(row.line_id)
        if facts is None:
            raise InputError(
                "a line amount's line is not in the lines table",
                found=row.line_id,
                expected=f"an ID of the {TableName.LINES.value} table",
            )
        classification, department, nature, cofog = facts.split("\t")
        slots, values = cube.facts(classification, department, nature, cofog)
        slots.append(kind)
        cube.plans.line_amount.extend(row, slots, values)
        node = p.line_amount + segment(amount_id(row.line_id, row.kind_id))
        yield node, Shaped(cube.shapes(slots, p.line_amount), values)


def book_groups(
    info: BudgetInfo,
    amount_kinds: Iterable[AmountKindRow],
    tables: BookTables,
    *,
    iris: BudgetIRIs,
    key_limit: int = DEFAULT_MEMORY_LIMIT,
    part: BookPart = BookPart.ALL,
) -> Iterator[Group]:
    """Every group of a budget book's tables (the budget resource itself aside), or
    those of one part (:class:`BookPart`).

    Each table is opened twice in all (the budget's ``nb:has…`` members, their IDs alone,
    then the records; a part opens fewer), so its functions must open it afresh each time. Memory holds one
    record, the amount kinds, and the :class:`KeyStore` lookups (which spill to disk).

    Args:
        info: The budget metadata.
        amount_kinds: The amount kinds (a few rows; exactly one primary).
        tables: Opens the code list (parents before children), the lines and the
            non-primary amounts.
        iris: The budget's IRIs.
        key_limit: How many keys each lookup holds in memory before it spills to disk.
        part: Which groups; the lines' part reads the code list for its names alone.

    Yields:
        ``(subject, pairs)``; no blank nodes, no triple twice.

    Raises:
        InputError: No primary amount kind, or a line (amount) refers to a missing row.
    """
    plans, kinds = BookPlans(iris), list(amount_kinds)
    primary = next((k.id for k in kinds if is_true(k.primary)), None)
    if primary is None:
        raise InputError("a budget book has no primary amount kind", expected="one primary kind")
    if part is not BookPart.LINES:
        yield from _members(iris, plans, kinds, tables)
    cube = BookCube(info, iris, plans)
    with ExitStack() as stack:
        stores = BookStores(stack, key_limit)
        if part is BookPart.LINES:
            for row in tables.classifications():
                _remember_names(row, stores)
        else:
            names = stores if part is BookPart.ALL else None  # the head's part: no line reads them
            yield from _classifications(info, iris, plans, tables.classifications(), names)
            yield from _amount_kinds(info, iris, plans, kinds)
            what = ("予算書キューブ", "budget book cube")
            header = [
                *cube_header(iris.book_cube, DSD.book, info, iris, what),
                (iris.book_cube, NB.classificationScheme, iris.classification_scheme),
            ]
            yield from groups_from_triples(header)
            if part is BookPart.HEAD:
                return
        yield from _lines(iris, cube, tables.lines(), primary, stores)
        yield from groups_from_triples(cofog_triples(stores.cofogs))
        yield from line_amount_groups(cube, tables.line_amounts(), stores)
