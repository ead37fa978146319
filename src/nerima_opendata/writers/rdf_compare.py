"""The change cube of a comparison as RDF: an ``nb:Comparison`` and two Data Cubes.

:func:`write_comparison_rdf` writes a comparison
(:class:`~nerima_opendata.model.compare.Comparison`) in every RDF format of the registry
(``{code}_comparison.ttl``, ``.nt``, ``.rdf``, ``.jsonld``), the same bytes on every run.
With ``{C}`` = ``{base}{code}/comparison/{comparison ID}``:

* ``{C}`` is the ``nb:Comparison``: its two budgets (``nb:budgetBefore``/``After``, the
  budgets' own IRIs), amount kinds, fiscal years and totals;
* ``{C}/node-cube`` (structure ``dsd:node-change``) has one ``nb:NodeChange``
  observation per node of either code list, ``{C}/node/{path}``: its dimension
  ``nb:changedNode`` is the year-independent IRI of the path (the ``nb:codePath`` of the
  node in both years); ``nb:nodeBefore``/``nb:nodeAfter`` are the two years' code-list
  nodes (``{base}{code}/{year}/classification/{path}``, absent on a side the node is not
  on) and ``nb:parentChange`` the change one level up;
* ``{C}/line-cube`` (structure ``dsd:line-change``) has one ``nb:LineChange`` per line of
  either budget, ``{C}/line/{line ID}``, dimension ``nb:changedLine`` (the line ID);
  ``nb:observationBefore``/``nb:observationAfter`` are the budget-book observations of
  the line and each side's amount kind,
  ``{base}{code}/{year}/{phase}/line-amount/{line ID}_{kind}``, where that amount exists;
* every change has the measure ``nb:change`` (yen), and the attributes
  ``nb:changeStatus`` (a concept of the change-status scheme), ``nb:currency``,
  ``sdmx-attribute:unitMult`` and, where defined, ``nb:amountBefore``,
  ``nb:amountAfter`` and ``nb:changeRate`` (``xsd:decimal``, percent);
* each possible renaming is an ``nb:PossibleRenaming`` ``{C}/renaming/{before}~{after}``
  with ``nb:certainty`` inferred.

The predicates of the records' fields come from
:data:`~nerima_opendata.rdf.vocab.FIELD_TERMS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from rdflib.namespace import DCTERMS, PROV, QB, RDF, RDFS, XSD
from rdflib.term import Literal, Node, URIRef

from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import TableName, amount_id
from nerima_opendata.model.base import Record
from nerima_opendata.model.change import (
    ChangeStatus,
    ComparisonInfo,
    LineChange,
    NodeChange,
    Renaming,
)
from nerima_opendata.model.compare import Comparison
from nerima_opendata.rdf.iris import BudgetIRIs, check_base_iri
from nerima_opendata.rdf.namespaces import SDMX_ATTRIBUTE
from nerima_opendata.rdf.vocab import CERTAINTY, CHANGE_STATUS, DSD, FIELD_TERMS, NB
from nerima_opendata.writers.datapackage import FileEntry
from nerima_opendata.writers.formats import RDF_SERIALIZATIONS
from nerima_opendata.writers.graph import UNOFFICIAL_EN, UNOFFICIAL_JA, text
from nerima_opendata.writers.rdf_files import write_rdf_groups
from nerima_opendata.writers.rdf_serialize import Triple
from nerima_opendata.writers.rdf_terms import groups_from_triples

__all__ = ["ComparisonIRIs", "comparison_iri", "comparison_triples", "write_comparison_rdf"]

#: What the file names say they hold: ``{code}_comparison.ttl``.
STEM = "comparison"
#: Every amount of a comparison is in yen (ISO 4217, SDMX unitMult 0).
_CURRENCY, _UNIT_MULTIPLIER = "JPY", 0


def _segment(value: str) -> str:
    return quote(value, safe="-._~")


def comparison_iri(info: ComparisonInfo, base_iri: str) -> URIRef:
    """The IRI of the ``nb:Comparison``: ``{base}{code}/comparison/{comparison ID}``."""
    return URIRef(f"{check_base_iri(base_iri)}{info.municipality_code}/comparison/{info.id}")


def _side_iris(base: str, code: str, year: int, budget_id: str) -> BudgetIRIs:
    return BudgetIRIs(base, code, year, budget_id.split("-", 1)[1])


class ComparisonIRIs:
    """The IRIs of a comparison's resources and of the two budgets' resources it names.

    Args:
        info: The comparison.
        base_iri: The base of the data IRIs (the budgets' publications use the same).
    """

    def __init__(self, info: ComparisonInfo, base_iri: str) -> None:
        base, code = check_base_iri(base_iri), info.municipality_code
        self.comparison = comparison_iri(info, base)
        self.before = _side_iris(base, code, info.before_fiscal_year, info.before_budget_id)
        self.after = _side_iris(base, code, info.after_fiscal_year, info.after_budget_id)
        self.node_cube = URIRef(f"{self.comparison}/node-cube")
        self.line_cube = URIRef(f"{self.comparison}/line-cube")
        self.info = info

    def node(self, node_id: str) -> URIRef:
        """The ``nb:NodeChange`` of a node: ``{C}/node/{path}``."""
        return URIRef(f"{self.comparison}/node/{_segment(node_id)}")

    def line(self, line_id: str) -> URIRef:
        """The ``nb:LineChange`` of a line: ``{C}/line/{line ID}``."""
        return URIRef(f"{self.comparison}/line/{_segment(line_id)}")

    def renaming(self, renaming_id: str) -> URIRef:
        """The ``nb:PossibleRenaming``: ``{C}/renaming/{before}~{after}``."""
        return URIRef(f"{self.comparison}/renaming/{_segment(renaming_id)}")

    def observation_before(self, line_id: str) -> URIRef:
        """The budget-book observation of the line's amount of the kind before."""
        kind = self.info.before_kind_id
        return self.before.record(TableName.LINE_AMOUNTS, amount_id(line_id, kind))

    def observation_after(self, line_id: str) -> URIRef:
        """The budget-book observation of the line's amount of the kind after."""
        kind = self.info.after_kind_id
        return self.after.record(TableName.LINE_AMOUNTS, amount_id(line_id, kind))


def _value(record: Record, name: str, iris: ComparisonIRIs) -> Node | None:
    """A field's RDF value: an ID becomes the IRI of what it names, an amount an
    ``xsd:integer``, a rate an ``xsd:decimal``, a status or certainty its concept."""
    value = getattr(record, name)
    if value is None:
        return None
    language = FIELD_TERMS[(type(record), name)].language
    side = iris.before if getattr(record, "status", None) is ChangeStatus.ABOLISHED else iris.after
    references: dict[tuple[type[Record], str], Callable[[str], str]] = {
        (ComparisonInfo, "before_budget_id"): lambda v: iris.before.budget,
        (ComparisonInfo, "after_budget_id"): lambda v: iris.after.budget,
        (ComparisonInfo, "before_kind_id"): lambda v: iris.before.record(TableName.AMOUNT_KINDS, v),
        (ComparisonInfo, "after_kind_id"): lambda v: iris.after.record(TableName.AMOUNT_KINDS, v),
        (ComparisonInfo, "account_code"): lambda v: iris.after.code_path(v),
        (NodeChange, "parent_id"): iris.node,
        (NodeChange, "status"): lambda v: CHANGE_STATUS[v],
        (LineChange, "status"): lambda v: CHANGE_STATUS[v],
        (LineChange, "classification_id"): side.classification,
        (Renaming, "before_id"): iris.before.classification,
        (Renaming, "after_id"): iris.after.classification,
        (Renaming, "certainty"): lambda v: CERTAINTY[v],
    }
    reference = references.get((type(record), name))
    if reference is not None:
        return URIRef(reference(str(value)))
    if language is not None:
        return text(str(value), language)
    if isinstance(value, Decimal):
        return Literal(str(value), datatype=XSD.decimal)
    return Literal(value)


def _fields(subject: URIRef, record: Record, iris: ComparisonIRIs) -> Iterator[Triple]:
    for name in type(record).model_fields:
        value = _value(record, name, iris)
        term = FIELD_TERMS[(type(record), name)].term
        if value is not None and term is not None:
            yield subject, term, value


def _head(comparison: Comparison, iris: ComparisonIRIs) -> Iterator[Triple]:
    info, subject = comparison.info, iris.comparison
    yield subject, RDF.type, NB.Comparison
    yield subject, RDFS.label, text(info.title, "ja")
    yield from _fields(subject, info, iris)
    yield subject, DCTERMS.publisher, iris.after.organization
    cubes = (
        (iris.node_cube, DSD["node-change"], "分類の増減", "changes of the nodes"),
        (iris.line_cube, DSD["line-change"], "明細の増減", "changes of the lines"),
    )
    for cube, structure, ja, en in cubes:
        yield cube, RDF.type, QB.DataSet
        yield cube, QB.structure, structure
        yield cube, RDFS.label, text(f"{info.title}（{ja}）", "ja")
        yield cube, RDFS.label, text(f"{info.id} ({en})", "en")
        yield cube, DCTERMS.description, text(UNOFFICIAL_JA, "ja")
        yield cube, DCTERMS.description, text(UNOFFICIAL_EN, "en")
        yield cube, DCTERMS.publisher, iris.after.organization
        yield cube, PROV.wasDerivedFrom, iris.before.budget
        yield cube, PROV.wasDerivedFrom, iris.after.budget
        yield cube, NB.comparison, subject


def _observation(subject: URIRef, cube: URIRef, cls: URIRef) -> Iterator[Triple]:
    yield subject, RDF.type, QB.Observation
    yield subject, RDF.type, cls
    yield subject, QB.dataSet, cube
    yield subject, NB.currency, Literal(_CURRENCY)
    yield subject, SDMX_ATTRIBUTE.unitMult, Literal(_UNIT_MULTIPLIER)


def _node_change(change: NodeChange, iris: ComparisonIRIs) -> Iterator[Triple]:
    subject = iris.node(change.id)
    yield from _observation(subject, iris.node_cube, NB.NodeChange)
    yield subject, NB.changedNode, iris.after.code_path(change.id)
    if change.name_before is not None:
        yield subject, NB.nodeBefore, iris.before.classification(change.id)
    if change.name_after is not None:
        yield subject, NB.nodeAfter, iris.after.classification(change.id)
    yield from _fields(subject, change, iris)


def _line_change(change: LineChange, iris: ComparisonIRIs) -> Iterator[Triple]:
    subject = iris.line(change.id)
    yield from _observation(subject, iris.line_cube, NB.LineChange)
    yield subject, NB.changedLine, Literal(change.id)
    if change.amount_before is not None:
        yield subject, NB.observationBefore, iris.observation_before(change.id)
    if change.amount_after is not None:
        yield subject, NB.observationAfter, iris.observation_after(change.id)
    yield from _fields(subject, change, iris)


def _renaming(renaming: Renaming, iris: ComparisonIRIs) -> Iterator[Triple]:
    subject = iris.renaming(renaming.id)
    yield subject, RDF.type, NB.PossibleRenaming
    yield subject, NB.comparison, iris.comparison
    yield from _fields(subject, renaming, iris)


def comparison_triples(comparison: Comparison, base_iri: str) -> Iterator[Triple]:
    """The comparison's triples, grouped by subject, in a fixed order (see the module)."""
    iris = ComparisonIRIs(comparison.info, base_iri)
    yield from _head(comparison, iris)
    for node in comparison.nodes:
        yield from _node_change(node, iris)
    for line in comparison.lines:
        yield from _line_change(line, iris)
    for renaming in comparison.renamings:
        yield from _renaming(renaming, iris)


def _file_entry(directory: Path, path: Path) -> FileEntry:
    fmt = next(f for f in RDF_SERIALIZATIONS if f.suffix == path.suffix)
    with path.open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return FileEntry(
        name=f"{STEM}-{fmt.slug}",
        path=path.relative_to(directory).as_posix(),
        title=f"増減のデータキューブ（{fmt.name_ja or fmt.name}） / Change cube ({fmt.name})",
        description="比較の各増減を、二つの予算の観測を参照するデータキューブの観測として表した"
        f"RDF（{fmt.name}）。 Each change as an observation of a Data Cube that refers to the "
        f"two budgets' observations, in {fmt.name}.",
        format=fmt.format,
        mediatype=fmt.media_type,
        bytes=path.stat().st_size,
        sha256=digest,
        encoding="utf-8",
    )


def write_comparison_rdf(
    comparison: Comparison, directory: StrPath, base_iri: str, files: list[FileEntry]
) -> list[FileEntry]:
    """Write the comparison's RDF files into ``directory``; their entries.

    Args:
        comparison: The comparison.
        directory: An existing directory.
        base_iri: The base of the data IRIs, as the two budgets' publications use it.
        files: The entries written before (unused: the RDF names no file).

    Returns:
        One entry per RDF file (Turtle, N-Triples, RDF/XML, JSON-LD), in that order.

    Raises:
        OutputError: A file cannot be written.
    """
    del files
    directory = Path(directory)
    groups = groups_from_triples(comparison_triples(comparison, base_iri))
    code = comparison.info.municipality_code
    paths = write_rdf_groups(
        groups, directory, code, STEM, base=f"{check_base_iri(base_iri)}{code}/"
    )
    return [_file_entry(directory, path) for path in paths]
