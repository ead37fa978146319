"""The every-format floor (``benchmarks/floor_formats.py``) writes what it claims to: the
floor's CSV and N-Triples byte for byte, the same statements in Turtle, RDF/XML and
JSON-LD, and each file's SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from benchmarks.floor_formats import SUFFIXES, write
from benchmarks.scale import write_floor
from benchmarks.synthetic import write_csv

FORMATS = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "rdf": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def _statements(path: Path, suffix: str) -> set[ox.Triple]:
    parsed = list(ox.parse(path=str(path), format=FORMATS[suffix]))
    statements = {ox.Triple(q.subject, q.predicate, q.object) for q in parsed}
    assert len(statements) == len(parsed), f"{suffix}: a statement written twice"
    return statements


@pytest.mark.parametrize(
    ("lines", "triples"),
    [(1, 2), (1, 9), (7, 7 * 41 + 3), (300, 300 * 41 + 17), (300, 300 * 8), (300, 601)],
)
def test_every_format_holds_the_floors_statements(tmp_path: Path, lines: int, triples: int) -> None:
    source = tmp_path / "lines.csv"
    write_csv(source, lines)
    assert write_floor(source, tmp_path / "floor", triples) == triples
    digests = write(source, tmp_path / "every", triples, SUFFIXES)
    assert sorted(digests) == sorted(SUFFIXES)
    for suffix in ("csv", "nt"):
        floor = (tmp_path / "floor" / f"lines.{suffix}").read_bytes()
        assert (tmp_path / "every" / f"lines.{suffix}").read_bytes() == floor
    expected = _statements(tmp_path / "floor" / "lines.nt", "nt")
    assert len(expected) == triples
    for suffix in ("ttl", "rdf", "jsonld"):
        assert _statements(tmp_path / "every" / f"lines.{suffix}", suffix) == expected, suffix
    for suffix, digest in digests.items():
        data = (tmp_path / "every" / f"lines.{suffix}").read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest


def test_fewer_than_two_statements_a_line_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "lines.csv"
    write_csv(source, 3)
    with pytest.raises(SystemExit, match="at least 2 a line"):
        write(source, tmp_path / "every", 5, SUFFIXES)
