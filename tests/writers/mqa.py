"""An offline equivalent of data.europa.eu's Metadata Quality Assessment (MQA) score.

The metrics and their points are those of the published methodology:
https://data.europa.eu/mqa/methodology and
https://dataeuropa.gitlab.io/data-provider-manual/metadata-quality-dashboard/
(five dimensions, 405 points; "Excellent" from 351, "Good" from 221, "Sufficient" from
121). A dataset metric scores its points when the dataset has the property. A
distribution metric scores its points times the share of the dataset's distributions
that pass (:func:`score` with ``best=False``); :func:`score` with ``best=True`` gives the
points when at least one distribution passes, the other reading of the methodology.

Offline differences, each on the safe side:

* The MQA fetches the access and download URLs. Here, "accessible" counts a URL only
  when it is present and well-formed (an absolute ``http``/``https`` URL): the files are
  not served yet when the DCAT file is built.
* "DCAT-AP compliance" is the official DCAT-AP 3.0.1 base shapes and ranges giving no
  violation (``tests/writers/test_dcat_ap.py``), passed in as ``compliant``.
* The lists of non-proprietary and machine-readable formats are the EU file types of
  our formats that the MQA lists as such (:data:`NON_PROPRIETARY`,
  :data:`MACHINE_READABLE`); HTML is not counted as machine-readable.
* The dates of issue and modification are dataset metrics: the MQA's implementation,
  piveau-metrics (``SparqlHelper.datasetMetrics`` lists ``dateIssuedAvailability`` and
  ``dateModifiedAvailability``), measures them on the dataset. A date stated only on
  distributions is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from urllib.parse import urlsplit

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node, URIRef

from nerima_opendata.rdf.namespaces import DCAT3 as DCAT

#: Where the metrics and points come from.
METHODOLOGY = "https://dataeuropa.gitlab.io/data-provider-manual/metadata-quality-dashboard/"
#: The lowest score of each band.
BANDS = (("Excellent", 351), ("Good", 221), ("Sufficient", 121), ("Bad", 0))
MAXIMUM = 405

_EU = "http://publications.europa.eu/resource/authority/"
_FILE_TYPE = _EU + "file-type/"
_IANA = (
    "https://www.iana.org/assignments/media-types/",
    "http://www.iana.org/assignments/media-types/",
)
#: EU file types of our formats that the MQA counts as non-proprietary.
NON_PROPRIETARY = frozenset(
    URIRef(_FILE_TYPE + t)
    for t in ("CSV", "RDF_TURTLE", "RDF_N_TRIPLES", "RDF_XML", "JSON_LD", "JSON", "HTML")
)
#: EU file types of our formats that the MQA counts as machine-readable.
MACHINE_READABLE = frozenset(
    URIRef(_FILE_TYPE + t)
    for t in ("CSV", "RDF_TURTLE", "RDF_N_TRIPLES", "RDF_XML", "JSON_LD", "JSON")
)
#: Licences the MQA knows (its licence vocabulary), as IRIs.
KNOWN_LICENCES = frozenset(
    {
        URIRef("https://creativecommons.org/licenses/by/4.0/"),
        URIRef("http://creativecommons.org/licenses/by/4.0/"),
        URIRef(_EU + "licence/CC_BY_4_0"),
    }
)


@dataclass(frozen=True)
class Metric:
    """One metric of the methodology."""

    dimension: str
    name: str
    points: int
    on: str  # "dataset" or "distribution"


#: Every metric, in the methodology's order, with its points (405 in all).
METRICS: tuple[Metric, ...] = (
    Metric("Findability", "Keyword usage (dcat:keyword)", 30, "dataset"),
    Metric("Findability", "Categories (dcat:theme)", 30, "dataset"),
    Metric("Findability", "Geo search (dct:spatial)", 20, "dataset"),
    Metric("Findability", "Time based search (dct:temporal)", 20, "dataset"),
    Metric("Accessibility", "AccessURL accessibility", 50, "distribution"),
    Metric("Accessibility", "DownloadURL (dcat:downloadURL)", 20, "distribution"),
    Metric("Accessibility", "DownloadURL accessibility", 30, "distribution"),
    Metric("Interoperability", "Format (dct:format)", 20, "distribution"),
    Metric("Interoperability", "Media type (dcat:mediaType)", 10, "distribution"),
    Metric("Interoperability", "Format / Media type from vocabulary", 10, "distribution"),
    Metric("Interoperability", "Non-proprietary", 20, "distribution"),
    Metric("Interoperability", "Machine readable", 20, "distribution"),
    Metric("Interoperability", "DCAT-AP compliance", 30, "dataset"),
    Metric("Reusability", "Licence information (dct:license)", 20, "distribution"),
    Metric("Reusability", "Licence vocabulary", 10, "distribution"),
    Metric("Reusability", "Access restrictions (dct:accessRights)", 10, "dataset"),
    Metric("Reusability", "Access restrictions vocabulary", 5, "dataset"),
    Metric("Reusability", "Contact point (dcat:contactPoint)", 20, "dataset"),
    Metric("Reusability", "Publisher (dct:publisher)", 10, "dataset"),
    Metric("Contextuality", "Rights (dct:rights)", 5, "distribution"),
    Metric("Contextuality", "File size (dcat:byteSize)", 5, "distribution"),
    Metric("Contextuality", "Date of issue (dct:issued)", 5, "dataset"),
    Metric("Contextuality", "Modification date (dct:modified)", 5, "dataset"),
)


def _well_formed(node: Node | None) -> bool:
    if not isinstance(node, URIRef):
        return False
    parts = urlsplit(str(node))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _distribution_checks(graph: Graph, node: Node) -> dict[str, bool]:
    def value(predicate: URIRef) -> Node | None:
        return graph.value(node, predicate)

    fmt, media = value(DCTERMS.format), value(DCAT.mediaType)
    licence = value(DCTERMS.license)
    return {
        "AccessURL accessibility": _well_formed(value(DCAT.accessURL)),
        "DownloadURL (dcat:downloadURL)": value(DCAT.downloadURL) is not None,
        "DownloadURL accessibility": _well_formed(value(DCAT.downloadURL)),
        "Format (dct:format)": fmt is not None,
        "Media type (dcat:mediaType)": media is not None,
        "Format / Media type from vocabulary": str(fmt).startswith(_FILE_TYPE)
        and str(media).startswith(_IANA),
        "Non-proprietary": fmt in NON_PROPRIETARY,
        "Machine readable": fmt in MACHINE_READABLE,
        "Licence information (dct:license)": licence is not None,
        "Licence vocabulary": licence in KNOWN_LICENCES,
        "Rights (dct:rights)": value(DCTERMS.rights) is not None,
        "File size (dcat:byteSize)": value(DCAT.byteSize) is not None,
    }


def _dataset_checks(graph: Graph, dataset: Node, compliant: bool) -> dict[str, bool]:
    def has(predicate: URIRef) -> bool:
        return graph.value(dataset, predicate) is not None

    rights = graph.value(dataset, DCTERMS.accessRights)
    return {
        "Keyword usage (dcat:keyword)": has(DCAT.keyword),
        "Categories (dcat:theme)": has(DCAT.theme),
        "Geo search (dct:spatial)": has(DCTERMS.spatial),
        "Time based search (dct:temporal)": has(DCTERMS.temporal),
        "DCAT-AP compliance": compliant,
        "Access restrictions (dct:accessRights)": rights is not None,
        "Access restrictions vocabulary": str(rights).startswith(_EU + "access-right/"),
        "Contact point (dcat:contactPoint)": has(DCAT.contactPoint),
        "Publisher (dct:publisher)": has(DCTERMS.publisher),
        "Date of issue (dct:issued)": has(DCTERMS.issued),
        "Modification date (dct:modified)": has(DCTERMS.modified),
    }


def score(graph: Graph, *, compliant: bool, best: bool = False) -> list[tuple[Metric, Fraction]]:
    """Each metric's points for the one ``dcat:Dataset`` with distributions in ``graph``.

    Args:
        graph: A DCAT description.
        compliant: Whether it passes the DCAT-AP shapes.
        best: Score a distribution metric in full when one distribution passes, rather
            than by the share that pass.

    Returns:
        ``(metric, points scored)`` in :data:`METRICS` order.
    """
    (dataset,) = {
        d for d in graph.subjects(RDF.type, DCAT.Dataset) if (d, DCAT.distribution, None) in graph
    }
    distributions = sorted(str(d) for d in graph.objects(dataset, DCAT.distribution))
    per_file = [_distribution_checks(graph, URIRef(d)) for d in distributions]
    on_dataset = _dataset_checks(graph, dataset, compliant)
    scored = []
    for metric in METRICS:
        if metric.on == "dataset":
            share = Fraction(int(on_dataset[metric.name]))
        else:
            passed = sum(checks[metric.name] for checks in per_file)
            share = Fraction(int(passed > 0)) if best else Fraction(passed, len(per_file))
        scored.append((metric, metric.points * share))
    return scored


def band(total: Fraction) -> str:
    """The MQA's rating of a total score."""
    return next(name for name, lowest in BANDS if total >= lowest)


def table(scored: list[tuple[Metric, Fraction]]) -> str:
    """The scores as a Markdown table, and the total with its band."""
    lines = ["| Dimension | Metric | Points | Scored |", "|---|---|---:|---:|"]
    for metric, points in scored:
        lines.append(
            f"| {metric.dimension} | {metric.name} | {metric.points} | {float(points):.1f} |"
        )
    total = sum((p for _, p in scored), Fraction(0))
    lines.append(f"| | **Total** | **{MAXIMUM}** | **{float(total):.1f}** ({band(total)}) |")
    return "\n".join(lines)
