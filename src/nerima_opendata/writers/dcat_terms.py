"""The catalog terms a publication is described with, for DCAT and for CKAN alike.

One table of each, so that the DCAT file (:mod:`nerima_opendata.writers.dcat`) and the
catalog record ``publish`` sends (:mod:`nerima_opendata.publish.dataset`) say the same:

* the EU Publications Office's authority tables (the controlled vocabularies DCAT-AP
  3.0.1 names): the data theme ``GOVE``, the access right ``PUBLIC``, the languages, the
  frequency and :data:`FILE_TYPES`, the file type of each
  :class:`~nerima_opendata.writers.formats.Format`;
* the category of the Japanese government's data catalogs, :data:`CATEGORY_JA`: the
  statistical field 行財政 that DATA.GO.JP and e-Stat classify by. No catalog publishes
  these fields as LOD, so the DCAT file states it as a ``skos:Concept`` of our own (and as
  a keyword), and CKAN as a tag;
* the fiscal year as a period (:func:`fiscal_year_period`): 1 April to 31 March;
* the dates of issue and modification (:func:`catalog_dates`): those of the source
  document as the budget's metadata (:class:`~nerima_opendata.model.BudgetInfo`) records
  them, each only when known. The clock is never read (a build is byte-identical on
  rerun), so a budget without dates is described without them.
"""

from __future__ import annotations

from datetime import date

from rdflib.term import URIRef

from nerima_opendata.model import BudgetInfo

__all__ = [
    "ACCESS_RIGHTS_PUBLIC",
    "CATEGORY_EN",
    "CATEGORY_JA",
    "EU_ACCESS_RIGHT",
    "EU_AUTHORITY",
    "EU_DATA_THEME",
    "EU_FILE_TYPE",
    "EU_FREQUENCY",
    "EU_LANGUAGE",
    "FILE_TYPES",
    "THEME_GOVERNMENT",
    "THEME_GOVERNMENT_LABEL",
    "catalog_dates",
    "fiscal_year_period",
]

#: The EU Publications Office's authority tables (Named Authority Lists).
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_DATA_THEME = URIRef(EU_AUTHORITY + "data-theme")
EU_ACCESS_RIGHT = URIRef(EU_AUTHORITY + "access-right")
EU_FILE_TYPE = URIRef(EU_AUTHORITY + "file-type")
EU_LANGUAGE = URIRef(EU_AUTHORITY + "language")
EU_FREQUENCY = URIRef(EU_AUTHORITY + "frequency")

#: The EU data theme of public budgets: "Government and public sector".
THEME_GOVERNMENT = URIRef(f"{EU_DATA_THEME}/GOVE")
#: Its label in the EU table (English; the table has no Japanese label).
THEME_GOVERNMENT_LABEL = "Government and public sector"
#: Open to everyone, without restriction.
ACCESS_RIGHTS_PUBLIC = URIRef(f"{EU_ACCESS_RIGHT}/PUBLIC")

#: The statistical field (統計分野) of DATA.GO.JP and e-Stat that budgets belong to.
CATEGORY_JA = "行財政"
#: Its English name (the publisher's unofficial translation).
CATEGORY_EN = "Administration and public finance (unofficial translation)"

#: Data Package ``format`` (of :data:`~nerima_opendata.writers.formats.FORMATS`) → its
#: file type in the EU table.
FILE_TYPES: dict[str, URIRef] = {
    name: URIRef(f"{EU_FILE_TYPE}/{code}")
    for name, code in (
        ("csv", "CSV"),
        ("ttl", "RDF_TURTLE"),
        ("nt", "RDF_N_TRIPLES"),
        ("rdf", "RDF_XML"),
        ("jsonld", "JSON_LD"),
        ("json", "JSON"),
        ("html", "HTML"),
    )
}


def fiscal_year_period(fiscal_year: int) -> tuple[date, date]:
    """A Japanese fiscal year: from 1 April to 31 March of the next year.

    Args:
        fiscal_year: The year it starts, e.g. ``2024``.

    Returns:
        ``(date(2024, 4, 1), date(2025, 3, 31))``.
    """
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def catalog_dates(info: BudgetInfo) -> dict[str, date]:
    """The dates a catalog states of the budget's dataset, where the source gives them.

    The keys are the names DCAT (``dct:issued``, ``dct:modified``) and ckanext-dcat (the
    extras ``issued``, ``modified``) share. Nothing is read from the clock.

    Args:
        info: The budget's metadata.

    Returns:
        ``issued`` and ``modified``, each only when known (both, one or neither).
    """
    known = (("issued", info.issued), ("modified", info.modified))
    return {name: day for name, day in known if day is not None}
