"""writers.graph: the source document's IRI is its URL only when strict parsers read it."""

from __future__ import annotations

import pytest

import nerima_opendata
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.writers.graph import source_iri

#: A 出典_URL → whether it is the source's IRI (else the IRI is minted).
URLS = {
    "https://www.city.nerima.tokyo.jp/kusei/zaisei/r6yosan.pdf": True,
    "https://例え.jp/予算.pdf": True,
    "https://example.org/R6[1].pdf": False,  # '[' outside a host: no IRI
    "https://example.org/a#b#c": False,
    "https://example.org/%E4%zz": False,
    "https://example.org/\ue000.pdf": False,  # private use, outside a query
    "https://example.org/a b": False,
    "ftp://example.org/a.pdf": False,
}


@pytest.mark.parametrize(("url", "kept"), URLS.items())
def test_the_source_is_its_url_only_when_it_is_an_iri(url: str, kept: bool) -> None:
    info = nerima_opendata.load_budget().info.model_copy(update={"source_url": url})
    iris = BudgetIRIs.for_budget(info)
    assert str(source_iri(info, iris)) == (url if kept else str(iris.source))
