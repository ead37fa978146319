"""The observations of a budget book's cube: the facts every observation of a line shares.

Each observation (``qb:Observation``, one per line and amount kind) states the cube, the
organization, the fiscal year and phase, the line's account, direction and
classification, the currency and unit, and where the line has them its department,
nature class and COFOG class. :class:`BookCube` gives these as the slots and values of a
:class:`~nerima_opendata.writers.rdf_shapes.Shaped` group, to which
:mod:`nerima_opendata.writers.rdf_book` adds the line, its amount kind and amount.
"""

from __future__ import annotations

from rdflib.namespace import QB, RDF

from nerima_opendata.model import BudgetInfo
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.namespaces import SDMX_ATTRIBUTE
from nerima_opendata.rdf.vocab import DIRECTION, NB, PHASE
from nerima_opendata.writers.rdf_rows import BookPlans, segment
from nerima_opendata.writers.rdf_shapes import Shapes, Slot
from nerima_opendata.writers.rdf_terms import XSD_INTEGER, Lit

__all__ = ["COFOG_PREDICATE", "BookCube"]

#: Unit multiplier of every amount: amounts are in yen (SDMX unitMult 0).
_UNIT_MULTIPLIER = 0

_TYPE, _ACCOUNT, _DIRECTION = str(RDF.type), str(NB.account), str(NB.direction)
_CLASSIFICATION, _DEPARTMENT, _NATURE = (
    str(NB.classification),
    str(NB.departmentUnit),
    str(NB.natureCode),
)
#: The predicate of a line's COFOG class.
COFOG_PREDICATE = str(NB.cofog)


class BookCube:
    """The observations of the book cube: the facts every observation of a line shares.

    Args:
        info: The budget metadata.
        iris: Its IRIs.
        plans: The field plans.
    """

    def __init__(self, info: BudgetInfo, iris: BudgetIRIs, plans: BookPlans) -> None:
        self.plans = plans
        self.shapes = Shapes()
        self.common = [
            Slot(_TYPE, constant=str(QB.Observation)),
            Slot(str(QB.dataSet), constant=str(iris.book_cube)),
            Slot(str(NB.organization), constant=str(iris.organization)),
            Slot(str(NB.fiscalYear), constant=Lit(str(info.fiscal_year), None, XSD_INTEGER)),
            Slot(str(NB.phase), constant=str(PHASE[info.phase.value])),
            Slot(_ACCOUNT, iri=True, within=plans.prefixes.classification),
            Slot(_DIRECTION, iri=True),
            Slot(_CLASSIFICATION, iri=True, within=plans.prefixes.classification),
            Slot(str(NB.currency), constant=Lit(info.currency)),
            Slot(
                str(SDMX_ATTRIBUTE.unitMult),
                constant=Lit(str(_UNIT_MULTIPLIER), None, XSD_INTEGER),
            ),
        ]
        self.department = Slot(_DEPARTMENT, iri=True, within=plans.prefixes.department)
        self.nature = Slot(_NATURE)
        self.cofog = Slot(COFOG_PREDICATE, iri=True)
        self.directions = {d: str(DIRECTION[d]) for d in ("expenditure", "revenue")}

    def facts(
        self, classification: str, department: str, nature: str, cofog: str
    ) -> tuple[list[Slot], list[str]]:
        """The slots and values of an observation of a line with these facts ("" for
        none)."""
        p, references = self.plans.prefixes, self.plans.references
        account, direction = classification.split("-")[:2]
        slots = self.common.copy()
        values = [
            p.classification + segment(account),
            self.directions.get(direction) or str(DIRECTION[direction]),
            p.classification + segment(classification),
        ]
        if department:
            slots.append(self.department)
            values.append(p.department + segment(department))
        if nature:
            slots.append(self.nature)
            values.append(nature)
        if cofog:
            slots.append(self.cofog)
            values.append(references[COFOG_PREDICATE](cofog))
        return slots, values
