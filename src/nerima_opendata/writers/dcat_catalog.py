"""The parts of the DCAT description a catalog looks for beyond the mandatory ones.

:func:`add_catalog` adds the municipality's ``dcat:Catalog`` holding the dataset and its
series; :func:`add_coverage` what DCAT-AP 3.0.1 recommends on both (themes, spatial and
temporal coverage, access rights, contact point, and the dates of issue and modification
where the source gives them); :func:`add_distribution_terms` the file
type, description and rights of a distribution; :func:`add_ranges` types the resources
the description points to (a licence is a ``dct:LicenseDocument``, a language a
``dct:LinguisticSystem``…) and states which EU authority table each EU term is in, so
that the official DCAT-AP shapes can check the file without the EU tables' data.

Every node has an IRI (:class:`~nerima_opendata.rdf.iris.BudgetIRIs`); nothing reads the
clock: ``dct:issued`` and ``dct:modified`` are the source document's dates, stated only
when the budget's metadata records them (see :mod:`nerima_opendata.writers.dcat_terms`).
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD
from rdflib.term import URIRef

from nerima_opendata.model import Budget
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.namespaces import DCAT3, SPDX, VCARD
from nerima_opendata.writers.dcat_terms import (
    ACCESS_RIGHTS_PUBLIC,
    CATEGORY_EN,
    CATEGORY_JA,
    EU_ACCESS_RIGHT,
    EU_DATA_THEME,
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_LANGUAGE,
    FILE_TYPES,
    THEME_GOVERNMENT,
    THEME_GOVERNMENT_LABEL,
    catalog_dates,
    fiscal_year_period,
)
from nerima_opendata.writers.formats import Format
from nerima_opendata.writers.graph import add_inferred_link, add_labels, statistical_area_note, text

__all__ = [
    "CATEGORY_SLUG",
    "LICENSE_IRI",
    "add_catalog",
    "add_coverage",
    "add_distribution_terms",
    "add_ranges",
    "split_bilingual",
]

#: Creative Commons Attribution 4.0 International.
LICENSE_IRI = URIRef("https://creativecommons.org/licenses/by/4.0/")
#: The IRI path segment of the category 行財政.
CATEGORY_SLUG = "administration-finance"

#: The class DCAT-AP 3.0.1 expects of the values in each EU table.
_EU_CLASSES = {
    EU_DATA_THEME: SKOS.Concept,
    EU_ACCESS_RIGHT: DCTERMS.RightsStatement,
    EU_FILE_TYPE: DCTERMS.MediaTypeOrExtent,
    EU_LANGUAGE: DCTERMS.LinguisticSystem,
    EU_FREQUENCY: DCTERMS.Frequency,
}
#: The class DCAT-AP 3.0.1 expects of the objects of each property (its range).
_RANGES = {
    DCTERMS.license: DCTERMS.LicenseDocument,
    DCAT3.mediaType: DCTERMS.MediaType,
    DCTERMS.conformsTo: DCTERMS.Standard,
    DCAT3.landingPage: FOAF.Document,
    DCTERMS.publisher: FOAF.Agent,
    DCAT3.contactPoint: VCARD.Kind,
    DCTERMS.spatial: DCTERMS.Location,
    SPDX.algorithm: SPDX.ChecksumAlgorithm,
}


def split_bilingual(description: str) -> tuple[str, str | None]:
    """A ``ja。 en`` description (as the layout writes them) as its two languages.

    Args:
        description: E.g. ``予算のRDF。 The budget as RDF.``

    Returns:
        ``(ja, en)``; ``en`` is ``None`` when there is no ``。 `` separator.
    """
    ja, separator, en = description.partition("。 ")
    if not separator or not en.strip():
        return description.strip(), None
    return ja + "。", en.strip()


def add_catalog(graph: Graph, budget: Budget, iris: BudgetIRIs) -> None:
    """The municipality's catalog, holding the dataset and the series.

    Args:
        graph: Where to add the triples.
        budget: The budget.
        iris: The budget's IRIs.
    """
    info, node = budget.info, iris.catalog
    name_en = info.municipality_name_en or info.municipality_name
    graph.add((node, RDF.type, DCAT3.Catalog))
    add_labels(
        graph,
        node,
        DCTERMS.title,
        f"{info.municipality_name} 予算オープンデータ",
        f"{name_en} budget open data",
    )
    add_labels(
        graph,
        node,
        DCTERMS.description,
        f"{info.municipality_name}の予算（年度・予算段階ごと）のオープンデータ。",
        f"Open data of the budgets of {name_en}, by fiscal year and phase.",
    )
    graph.add((node, DCTERMS.publisher, iris.organization))
    graph.add((node, DCTERMS.license, LICENSE_IRI))
    for language in ("JPN", "ENG"):
        graph.add((node, DCTERMS.language, URIRef(f"{EU_LANGUAGE}/{language}")))
    graph.add((node, DCAT3.themeTaxonomy, EU_DATA_THEME))
    graph.add((node, DCAT3.themeTaxonomy, iris.category_scheme))
    graph.add((node, DCAT3.dataset, iris.dataset))
    graph.add((node, DCAT3.dataset, iris.series))


def add_coverage(graph: Graph, node: URIRef, budget: Budget, iris: BudgetIRIs) -> None:
    """Themes, coverage, access rights, contact point and dates of the dataset or the
    series. The dates are the source document's, when known; a series has those of its
    latest budget, which in one publication is its one budget.

    Args:
        graph: Where to add the triples.
        node: The dataset or the series.
        budget: The budget.
        iris: The budget's IRIs.
    """
    category = iris.category(CATEGORY_SLUG)
    graph.add((node, DCAT3.theme, THEME_GOVERNMENT))
    graph.add((node, DCAT3.theme, category))
    graph.add((node, DCAT3.keyword, text(CATEGORY_JA, "ja")))
    coverage = (node, DCTERMS.spatial, iris.statistical_area)
    note = statistical_area_note(budget.info.municipality_code)
    add_inferred_link(graph, URIRef(f"{node}/inferred-link/spatial"), coverage, note)
    graph.add((node, DCTERMS.temporal, iris.fiscal_year_period))
    graph.add((node, DCTERMS.accessRights, ACCESS_RIGHTS_PUBLIC))
    graph.add((node, DCAT3.contactPoint, iris.contact))
    for name, day in catalog_dates(budget.info).items():
        graph.add((node, DCTERMS[name], Literal(day.isoformat(), datatype=XSD.date)))
    _add_period(graph, budget, iris)
    _add_category(graph, iris, category)


def _add_period(graph: Graph, budget: Budget, iris: BudgetIRIs) -> None:
    node, (start, end) = iris.fiscal_year_period, fiscal_year_period(budget.info.fiscal_year)
    graph.add((node, RDF.type, DCTERMS.PeriodOfTime))
    graph.add((node, DCAT3.startDate, Literal(start.isoformat(), datatype=XSD.date)))
    graph.add((node, DCAT3.endDate, Literal(end.isoformat(), datatype=XSD.date)))
    add_labels(
        graph,
        node,
        RDFS.label,
        f"{budget.info.fiscal_year_label}（会計年度）",
        f"Fiscal year {budget.info.fiscal_year}",
    )


def _add_category(graph: Graph, iris: BudgetIRIs, category: URIRef) -> None:
    """The category 行財政 as a concept of our own (no catalog publishes it as LOD)."""
    scheme = iris.category_scheme
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for predicate in (DCTERMS.title, SKOS.prefLabel):
        add_labels(
            graph,
            scheme,
            predicate,
            "データカタログの分類（統計分野）",
            "Data catalog categories (statistical fields)",
        )
    graph.add((scheme, SKOS.hasTopConcept, category))
    graph.add((category, RDF.type, SKOS.Concept))
    graph.add((category, SKOS.inScheme, scheme))
    add_labels(graph, category, SKOS.prefLabel, CATEGORY_JA, CATEGORY_EN)
    add_labels(
        graph,
        category,
        SKOS.scopeNote,
        "DATA.GO.JP・e-Statの統計分野「行財政」。公式のLOD IRIがないため公開者が定義した。",
        "The statistical field 行財政 of DATA.GO.JP and e-Stat, defined by the "
        "publisher because it has no official LOD IRI.",
    )


def add_distribution_terms(
    graph: Graph, node: URIRef, iris: BudgetIRIs, fmt: Format, description: str
) -> None:
    """A distribution's file type, licence, rights and description (``ja。 en``).

    Args:
        graph: Where to add the triples.
        node: The distribution.
        iris: The budget's IRIs.
        fmt: The file's format.
        description: Its bilingual description.
    """
    graph.add((node, DCTERMS.format, FILE_TYPES[fmt.format]))
    graph.add((node, DCTERMS.license, LICENSE_IRI))
    graph.add((node, DCTERMS.rights, iris.rights))
    ja, en = split_bilingual(description)
    add_labels(graph, node, DCTERMS.description, ja, en)


def _add_rights(graph: Graph, iris: BudgetIRIs) -> None:
    node = iris.rights
    graph.add((node, RDF.type, DCTERMS.RightsStatement))
    add_labels(
        graph,
        node,
        RDFS.label,
        "クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）の下で、出典を表示して"
        "自由に利用できる。英語の表記は公開者による非公式な翻訳である。",
        "Free to use under Creative Commons Attribution 4.0 International (CC BY "
        "4.0), with attribution of the source. English values are the publisher's "
        "unofficial translations.",
    )


def add_ranges(graph: Graph, iris: BudgetIRIs) -> None:
    """Type every resource the description points to, and place each EU term in its table.

    DCAT-AP 3.0.1 checks the class of each property's object (a licence is a
    ``dct:LicenseDocument``…) and that an EU term is ``skos:inScheme`` its authority
    table; the types and memberships stated here are those the EU tables publish, so a
    validator needs no copy of them. Call it last: it types what the graph points to.

    Args:
        graph: The DCAT graph, complete but for these triples.
        iris: The budget's IRIs.
    """
    _add_rights(graph, iris)
    for predicate, cls in _RANGES.items():
        for target in sorted({o for o in graph.objects(None, predicate) if isinstance(o, URIRef)}):
            graph.add((target, RDF.type, cls))
    used = sorted({o for o in graph.objects() if isinstance(o, URIRef)})
    for scheme, cls in _EU_CLASSES.items():
        for member in (o for o in used if str(o).startswith(f"{scheme}/")):
            graph.add((member, RDF.type, cls))
            graph.add((member, SKOS.inScheme, scheme))
    # The data theme table is a catalog's theme taxonomy, so a scheme with its title.
    scheme = EU_DATA_THEME
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for predicate in (DCTERMS.title, SKOS.prefLabel):
        graph.add((scheme, predicate, text("Data theme", "en")))
    graph.add((scheme, SKOS.hasTopConcept, THEME_GOVERNMENT))
    graph.add((THEME_GOVERNMENT, SKOS.prefLabel, text(THEME_GOVERNMENT_LABEL, "en")))
