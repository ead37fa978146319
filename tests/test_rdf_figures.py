"""The publication loads into a fresh triple store and answers with the brochure's figures."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from nerima_opendata import build_publication

AMOUNT_PER_PILLAR = """
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
SELECT ?pillar ?title (SUM(?amount) AS ?total) (COUNT(?project) AS ?projects)
       (GROUP_CONCAT(?ptitle; separator=" / ") AS ?names)
WHERE {
  ?project a nb:Project ; nb:pillar ?p ; nb:amount ?amount ; nb:title ?ptitle .
  ?p nb:identifier ?pillar ; nb:title ?title .
  FILTER(lang(?title) = "ja" && lang(?ptitle) = "ja")
}
GROUP BY ?pillar ?title ORDER BY ?pillar
"""

# From the brochure, by hand: the 【】 amounts of each pillar's projects, in 万円.
BROCHURE = {
    "P1": (18723 + 721853 + 33963 + 2297 + 372668 + 1405511, 6),
    "P2": (49174 + 5462 + 13866, 3),
    "P3": (12614 + 68123 + 47238 + 7088 + 215230, 5),
    "P4": (10921 + 29984 + 107472 + 311822 + 228155 + 52279, 6),
    "P5": (28245 + 110420 + 6637 + 41573, 4),
    "P6": (6447 + 412424, 2),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    out = tmp_path_factory.mktemp("pub") / "out"
    build_publication(out)
    fresh = ox.Store()
    fresh.bulk_load(path=str(next(out.glob("*_budget.nt"))), format=ox.RdfFormat.N_TRIPLES)
    return fresh


def test_amount_per_pillar_with_its_projects(store: ox.Store) -> None:
    rows = {
        s["pillar"].value: (int(s["total"].value), int(s["projects"].value), s["names"].value)
        for s in store.query(AMOUNT_PER_PILLAR)  # type: ignore[union-attr]
    }
    assert {k: (v[0], v[1]) for k, v in rows.items()} == {
        k: (man * 10_000, n) for k, (man, n) in BROCHURE.items()
    }
    assert "DXで区民と区政を直につなぐ" in rows["P6"][2]
    assert sum(v[0] for v in rows.values()) == 43_201_890_000


def test_amounts_are_exact_integers(store: ox.Store) -> None:
    datatypes = {
        s["dt"].value
        for s in store.query(  # type: ignore[union-attr]
            "SELECT DISTINCT (datatype(?a) AS ?dt) WHERE "
            "{ ?s <https://w3id.org/nerima-opendata/vocab#amount> ?a }"
        )
    }
    assert datatypes == {"http://www.w3.org/2001/XMLSchema#integer"}
