"""The built DCAT file scores "Excellent" by data.europa.eu's MQA metrics.

The scorer (:mod:`tests.writers.mqa`) takes each metric and its points from the
published methodology, https://data.europa.eu/mqa/methodology and
https://dataeuropa.gitlab.io/data-provider-manual/metadata-quality-dashboard/. The
metrics that need a live URL count only when the URL is present and well-formed
(absolute http/https): the files are not served when the DCAT file is built. The score
of Nerima's publication is documented in ``docs/quickstart-linked-data.md``; the test
checks that table is the one computed here.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS

from nerima_opendata import build, load_budget
from tests.writers.mqa import MAXIMUM, METRICS, band, score, table
from tests.writers.test_dcat_ap import results

DOCS = Path(__file__).resolve().parents[2] / "docs" / "quickstart-linked-data.md"
#: The date metrics, by the property each looks for.
_DATES = {
    "Date of issue (dct:issued)": DCTERMS.issued,
    "Modification date (dct:modified)": DCTERMS.modified,
}


def test_the_metrics_add_up_to_405() -> None:
    assert sum(m.points for m in METRICS) == MAXIMUM == 405
    assert [band(Fraction(n)) for n in (405, 351, 350, 221, 220, 121, 120, 0)] == [
        "Excellent",
        "Excellent",
        "Good",
        "Good",
        "Sufficient",
        "Sufficient",
        "Bad",
        "Bad",
    ]


@pytest.mark.parametrize("best", [False, True], ids=["share-of-distributions", "best"])
def test_excellent(dcat_file: Path, dcat_graph: Graph, best: bool) -> None:
    compliant = results(dcat_graph, "dcat-ap-SHACL.ttl", "ranges.ttl") == []
    scored = score(dcat_graph, compliant=compliant, best=best)
    print(f"\n{dcat_file.name}\n{table(scored)}")
    total = sum((points for _, points in scored), Fraction(0))
    assert total >= 351, table(scored)
    # Everything scores in full but the sizes of the metadata files, the preview page's
    # machine readability, and a date the budget's metadata does not give (the source
    # states none: the clock is never read).
    lost = {m.name for m, points in scored if points < m.points}
    undated = {
        name for name, predicate in _DATES.items() if (None, predicate, None) not in dcat_graph
    }
    assert lost & set(_DATES) == undated
    assert lost - set(_DATES) <= {
        "File size (dcat:byteSize)",
        "Machine readable",  # the preview page (HTML)
    }
    if "dated" in dcat_file.parent.parent.name:
        assert not undated


def test_the_documented_score_is_the_computed_one(tmp_path: Path) -> None:
    """The docs show the score of Nerima's publication, as shipped."""
    build(load_budget(), tmp_path / "out")
    (path,) = (tmp_path / "out").glob("*_dcat.ttl")
    scored = score(Graph().parse(path), compliant=True)
    assert table(scored) in DOCS.read_text(encoding="utf-8")


def test_a_bare_description_scores_lower() -> None:
    """The scorer sees what is missing: a dataset with one bare distribution."""
    graph = Graph().parse(
        data="""
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        <http://example.org/d> a dcat:Dataset ; dct:title "t"@en ;
            dcat:distribution <http://example.org/f> .
        <http://example.org/f> a dcat:Distribution ; dcat:accessURL <ftp://example.org/f> .
        """,
        format="turtle",
    )
    scored = score(graph, compliant=False)
    assert sum((p for _, p in scored), Fraction(0)) == 0
