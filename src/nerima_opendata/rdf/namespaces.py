"""External vocabularies that rdflib does not ship, as closed namespaces.

rdflib's :mod:`rdflib.namespace` already has DCAT (version 2), DCTERMS, SKOS, QB, PROV,
ORG, FOAF, OWL, RDF, RDFS, XSD and schema.org (``SDO``); use those. This module adds only:

* :class:`DCAT3`: rdflib's ``DCAT`` plus the DCAT 3 terms it lacks (``DatasetSeries``,
  ``inSeries``); https://www.w3.org/TR/vocab-dcat-3/;
* :class:`VCARD`: vCard in RDF, https://www.w3.org/TR/vcard-rdf/ (rdflib 7 has none);
* :class:`SPDX`: the SPDX checksum terms DCAT 3 uses for ``spdx:checksum``;
* :class:`SDMX_ATTRIBUTE`, :class:`SDMX_MEASURE`, :class:`SDMX_DIMENSION`,
  :class:`SDMX_CONCEPT`: the SDMX-RDF terms of the RDF Data Cube;
* the OpenBudgets.eu and IMI (共通語彙基盤) namespaces used by ``vocab/alignments.ttl``.

Each class lists only the terms this project uses and sets ``_fail = True``, so a
misspelled term raises instead of minting a new IRI.
"""

from __future__ import annotations

from rdflib.namespace import DCAT, DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = [
    "DCAT3",
    "IC",
    "OBEU",
    "OBEU_ATTRIBUTE",
    "OBEU_BUDGET_PHASE",
    "OBEU_DIMENSION",
    "OBEU_MEASURE",
    "OBEU_OPERATION",
    "SDMX_ATTRIBUTE",
    "SDMX_CONCEPT",
    "SDMX_DIMENSION",
    "SDMX_MEASURE",
    "SPDX",
    "VCARD",
]


class DCAT3(DCAT):
    """rdflib's DCAT 2 namespace plus the DCAT 3 terms used here (closed)."""

    _fail = True
    DatasetSeries: URIRef  # A collection of datasets published separately (DCAT 3).
    inSeries: URIRef  # A dataset series of which the dataset is part (DCAT 3).


class VCARD(DefinedNamespace):
    """vCard in RDF (https://www.w3.org/2006/vcard/ns#), the terms used for contacts."""

    _fail = True
    _NS = Namespace("http://www.w3.org/2006/vcard/ns#")
    Kind: URIRef
    Organization: URIRef
    fn: URIRef
    hasTelephone: URIRef
    hasOrganizationName: URIRef
    hasOrganizationUnit: URIRef


class SPDX(DefinedNamespace):
    """SPDX (http://spdx.org/rdf/terms#), the checksum terms DCAT 3 recommends."""

    _fail = True
    _NS = Namespace("http://spdx.org/rdf/terms#")
    Checksum: URIRef
    ChecksumAlgorithm: URIRef
    algorithm: URIRef
    checksum: URIRef
    checksumValue: URIRef
    checksumAlgorithm_sha256: URIRef


class SDMX_ATTRIBUTE(DefinedNamespace):
    """SDMX-RDF attributes (http://purl.org/linked-data/sdmx/2009/attribute#)."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
    unitMult: URIRef
    currency: URIRef


class SDMX_MEASURE(DefinedNamespace):
    """SDMX-RDF measures (http://purl.org/linked-data/sdmx/2009/measure#)."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
    obsValue: URIRef


class SDMX_DIMENSION(DefinedNamespace):
    """SDMX-RDF dimensions (http://purl.org/linked-data/sdmx/2009/dimension#)."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
    refPeriod: URIRef
    refArea: URIRef


class SDMX_CONCEPT(DefinedNamespace):
    """SDMX-RDF concepts (http://purl.org/linked-data/sdmx/2009/concept#)."""

    _fail = True
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/concept#")
    refPeriod: URIRef
    obsValue: URIRef
    currency: URIRef
    unitMult: URIRef


#: OpenBudgets.eu ontology (http://data.openbudgets.eu/ontology/).
OBEU = Namespace("http://data.openbudgets.eu/ontology/")
#: OpenBudgets.eu dimensions.
OBEU_DIMENSION = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
#: OpenBudgets.eu measures.
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
#: OpenBudgets.eu attributes.
OBEU_ATTRIBUTE = Namespace("http://data.openbudgets.eu/ontology/dsd/attribute/")
#: OpenBudgets.eu budget phase code list (draft, approved, revised, executed).
OBEU_BUDGET_PHASE = Namespace("http://data.openbudgets.eu/resource/codelist/budget-phase/")
#: OpenBudgets.eu operation character code list (expenditure, revenue).
OBEU_OPERATION = Namespace("http://data.openbudgets.eu/resource/codelist/operation-character/")
#: IMI core vocabulary, 共通語彙基盤 コア語彙 (http://imi.go.jp/ns/core/rdf#).
IC = Namespace("http://imi.go.jp/ns/core/rdf#")
