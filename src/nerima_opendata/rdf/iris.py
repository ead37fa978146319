"""IRIs of the data: derived from stable keys under a configurable base.

Data IRIs are kept apart from the vocabulary IRIs (:data:`nerima_opendata.rdf.vocab.VOCAB_BASE`).
The default base is ``https://w3id.org/nerima-opendata/data/``, a w3id.org-style permanent
IRI that no municipality's official domain claims; a publisher with its own domain passes
``base_iri``. Every record of a budget is scoped by municipality, fiscal year and phase::

    {base}{municipality_code}/{fiscal_year}/{phase}/{kind}/{id}
    https://w3id.org/nerima-opendata/data/131202/2024/proposed/project/P1-01

``{phase}`` is the budget ID's part after the year (``proposed``, or ``adjusted-2`` for
a second supplementary budget). The municipality and the series of its yearly budgets
are scoped by municipality only (``{base}131202/organization``,
``{base}131202/budget-series``). The same budget always gives the same IRIs, and no
blank node is ever minted: every resource has an IRI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from rdflib.term import URIRef

from nerima_opendata.errors import InputError
from nerima_opendata.model import BudgetInfo, TableName
from nerima_opendata.model.tables import table_by_name

__all__ = [
    "DEFAULT_BASE_IRI",
    "ESTAT_SAC_BASE",
    "BudgetIRIs",
    "check_base_iri",
    "statistical_area_iri",
    "telephone_iri",
]

#: The default base of data IRIs.
DEFAULT_BASE_IRI = "https://w3id.org/nerima-opendata/data/"

#: The e-Stat statistical area code LOD (統計LOD 標準地域コード), one IRI per area.
ESTAT_SAC_BASE = "http://data.e-stat.go.jp/lod/sac/"


def statistical_area_iri(municipality_code: str) -> URIRef:
    """The municipality's area in the e-Stat statistical area code LOD.

    The 全国地方公共団体コード is the five-digit 標準地域コード followed by a check digit;
    the LOD names the area ``C`` + the five digits (for all its versions).

    Args:
        municipality_code: The six-digit code, e.g. ``131202`` (Nerima).

    Returns:
        e.g. ``http://data.e-stat.go.jp/lod/sac/C13120``.

    Raises:
        InputError: The code is not six digits.
    """
    if not re.fullmatch(r"[0-9]{6}", municipality_code):
        raise InputError(
            "not a 全国地方公共団体コード",
            found=municipality_code,
            expected="six digits, e.g. 131202",
        )
    return URIRef(f"{ESTAT_SAC_BASE}C{municipality_code[:5]}")


#: Editorial note ``target_table`` → the IRI path segment of its records.
def check_base_iri(base_iri: str) -> str:
    """Check a base IRI: absolute ``http(s)``, ending in ``/``, no spaces.

    Args:
        base_iri: e.g. ``https://example.org/data/``.

    Returns:
        The base IRI, unchanged.

    Raises:
        InputError: The base cannot prefix data IRIs.
    """
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`#?]+/", base_iri):
        raise InputError(
            "not a usable base IRI",
            found=base_iri,
            expected="an absolute http(s) IRI ending in '/', e.g. " + DEFAULT_BASE_IRI,
        )
    return base_iri


def telephone_iri(telephone: str) -> URIRef:
    """A ``tel:`` IRI (RFC 3966) of a Japanese number written with its area code.

    Args:
        telephone: e.g. ``03-5984-2465``.

    Returns:
        e.g. ``tel:+81-3-5984-2465``.

    Raises:
        InputError: The number does not start with a trunk prefix 0.
    """
    if not re.fullmatch(r"0[0-9]{1,4}(-[0-9]{1,4}){1,2}", telephone):
        raise InputError(
            "not a Japanese telephone number",
            found=telephone,
            expected="a number with its area code, e.g. 03-5984-2465",
        )
    return URIRef("tel:+81-" + telephone[1:])


@dataclass(frozen=True)
class BudgetIRIs:
    """The IRIs of one budget's resources.

    Attributes:
        base: The base IRI of all data (ends in ``/``).
        municipality_code: e.g. ``131202``.
        fiscal_year: e.g. ``2024``.
        phase: The budget ID after the year, e.g. ``proposed``.
    """

    base: str
    municipality_code: str
    fiscal_year: int
    phase: str

    @classmethod
    def for_budget(cls, info: BudgetInfo, base_iri: str = DEFAULT_BASE_IRI) -> BudgetIRIs:
        """The IRIs of the budget described by ``info``.

        Args:
            info: The budget metadata.
            base_iri: The base of data IRIs.

        Returns:
            The IRI factory.

        Raises:
            InputError: ``base_iri`` is not usable.
        """
        return cls(
            base=check_base_iri(base_iri),
            municipality_code=info.municipality_code,
            fiscal_year=info.fiscal_year,
            phase=info.id.split("-", 1)[1],
        )

    @property
    def municipality(self) -> str:
        """The prefix of resources scoped by the municipality only."""
        return f"{self.base}{self.municipality_code}/"

    @property
    def scope(self) -> str:
        """The prefix of this budget's resources."""
        return f"{self.municipality}{self.fiscal_year}/{self.phase}/"

    def _in_scope(self, *parts: str) -> URIRef:
        return URIRef(self.scope + "/".join(quote(p, safe="-._~") for p in parts))

    @property
    def organization(self) -> URIRef:
        """The municipality (an ``org:Organization``)."""
        return URIRef(self.municipality + "organization")

    @property
    def statistical_area(self) -> URIRef:
        """The municipality's area in the e-Stat statistical area code LOD."""
        return statistical_area_iri(self.municipality_code)

    def inferred_link(self, name: str) -> URIRef:
        """The ``rdf:Statement`` that marks one link of the municipality as inferred
        (``{base}{code}/organization/inferred-link/{name}``), shared by its budgets."""
        return URIRef(f"{self.organization}/inferred-link/{quote(name, safe='-._~')}")

    @property
    def series(self) -> URIRef:
        """The ``dcat:DatasetSeries`` of the municipality's yearly budgets."""
        return URIRef(self.municipality + "budget-series")

    @property
    def catalog(self) -> URIRef:
        """The ``dcat:Catalog`` of the municipality's publications."""
        return URIRef(self.municipality + "catalog")

    @property
    def rights(self) -> URIRef:
        """The ``dct:RightsStatement`` of every published file (the licence's terms)."""
        return URIRef(self.municipality + "rights")

    @property
    def category_scheme(self) -> URIRef:
        """The ``skos:ConceptScheme`` of the Japanese catalog categories used here."""
        return URIRef(self.municipality + "categories")

    def category(self, slug: str) -> URIRef:
        """A Japanese catalog category, e.g. ``…/131202/category/administration-finance``."""
        return URIRef(f"{self.municipality}category/{quote(slug, safe='-._~')}")

    @property
    def fiscal_year_period(self) -> URIRef:
        """The fiscal year as a ``dct:PeriodOfTime``, e.g. ``…/131202/2024/period``."""
        return URIRef(self.year + "period")

    @property
    def budget(self) -> URIRef:
        """The ``nb:Budget``."""
        return self._in_scope("budget")

    @property
    def department(self) -> URIRef:
        """The department in charge (an ``org:OrganizationalUnit``)."""
        return self._in_scope("department")

    @property
    def contact(self) -> URIRef:
        """The contact point (a ``vcard:Organization``)."""
        return self._in_scope("contact")

    @property
    def source(self) -> URIRef:
        """The source document, when it has no URL of its own."""
        return self._in_scope("source")

    @property
    def pillar_scheme(self) -> URIRef:
        """The ``skos:ConceptScheme`` of this budget's pillars."""
        return self._in_scope("pillars")

    @property
    def tag_scheme(self) -> URIRef:
        """The ``skos:ConceptScheme`` of this budget's initiative tags."""
        return self._in_scope("tags")

    def tag(self, tag_id: str) -> URIRef:
        """A tag of this budget, e.g. ``…/tag/new``; matched to the vocabulary's if standard."""
        return self.record(TableName.TAGS, tag_id)

    @property
    def cube(self) -> URIRef:
        """The ``qb:DataSet`` of project amounts."""
        return self._in_scope("cube")

    @property
    def dataset(self) -> URIRef:
        """The ``dcat:Dataset`` of the publication."""
        return self._in_scope("dataset")

    def pillar(self, pillar_id: str) -> URIRef:
        """A pillar, e.g. ``…/pillar/P1``."""
        return self.record(TableName.PILLARS, pillar_id)

    def project(self, project_id: str) -> URIRef:
        """A project, e.g. ``…/project/P1-01``."""
        return self.record(TableName.PROJECTS, project_id)

    def initiative(self, initiative_id: str) -> URIRef:
        """An initiative, e.g. ``…/initiative/P1-01-01``."""
        return self.record(TableName.INITIATIVES, initiative_id)

    def glossary_note(self, note_id: str) -> URIRef:
        """A glossary note, e.g. ``…/glossary/G1``."""
        return self.record(TableName.GLOSSARY, note_id)

    def editorial_note(self, note_id: str) -> URIRef:
        """An editorial note, e.g. ``…/editorial-note/E01``."""
        return self.record(TableName.EDITORIAL_NOTES, note_id)

    def observation(self, project_id: str) -> URIRef:
        """The cube observation of a project's amount, e.g. ``…/observation/P1-01``."""
        return self._in_scope("observation", project_id)

    @property
    def year(self) -> str:
        """The prefix of resources scoped by municipality and fiscal year (every phase)."""
        return f"{self.municipality}{self.fiscal_year}/"

    @property
    def classification_scheme(self) -> URIRef:
        """The budget book's code list: one ``skos:ConceptScheme`` per municipality and
        fiscal year, shared by its 当初 and 補正 budgets, e.g. ``…/132241/2021/classification``."""
        return URIRef(self.year + "classification")

    def classification(self, node_id: str) -> URIRef:
        """A node of the code list, e.g. ``…/132241/2021/classification/1-expenditure-2-1``."""
        return URIRef(f"{self.classification_scheme}/{quote(node_id, safe='-._~')}")

    def code_path(self, node_id: str) -> URIRef:
        """The year-independent IRI of a path of codes, e.g.
        ``…/132241/classification/1-expenditure-2-1``: the same in every fiscal year."""
        return URIRef(f"{self.municipality}classification/{quote(node_id, safe='-._~')}")

    def department_unit(self, code: str) -> URIRef:
        """A department (所属) of the municipality, e.g. ``…/122220/department/1501010000``."""
        return URIRef(f"{self.municipality}department/{quote(code, safe='-._~')}")

    @property
    def amount_kind_scheme(self) -> URIRef:
        """The ``skos:ConceptScheme`` of this budget's amount kinds."""
        return self._in_scope("amount-kinds")

    @property
    def book_cube(self) -> URIRef:
        """The ``qb:DataSet`` of a budget book's amounts (one observation per line and kind)."""
        return self._in_scope("book-cube")

    def distribution(self, file_name: str) -> URIRef:
        """A ``dcat:Distribution`` of one published file."""
        return self._in_scope("distribution", file_name)

    def checksum(self, file_name: str) -> URIRef:
        """The ``spdx:Checksum`` of one published file."""
        return self._in_scope("distribution", file_name, "checksum")

    def record(self, table: str, record_id: str) -> URIRef:
        """The record an editorial note targets.

        Args:
            table: ``budget``, ``pillars``, ``projects``, ``initiatives`` or ``glossary``.
            record_id: Its ID.

        Returns:
            The record's IRI.

        Raises:
            KeyError: ``table`` is not a table of records.
        """
        spec = table_by_name(table)
        if spec.is_budget:
            return self.budget
        if spec.name is TableName.CLASSIFICATIONS:  # shared by the year's budgets
            return self.classification(record_id)
        return self._in_scope(spec.iri_kind, record_id)
