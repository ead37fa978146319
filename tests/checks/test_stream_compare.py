"""checks.stream_compare: each RDF file's fingerprint against what the tables say."""

from __future__ import annotations

from pathlib import Path

import pytest

from nerima_opendata.checks.fingerprint import Fingerprint
from nerima_opendata.checks.stream_compare import Unwritable, compare_prints

_TTL, _NT, _JSONLD = "b.ttl", "b.nt", "b.jsonld"
_SAME, _OTHER = Fingerprint(3, 7, 9), Fingerprint(3, 7, 8)

#: given (what the tables say) → the prints → the (kind, file) of each error.
CASES = [
    pytest.param(None, {_TTL: _SAME, _NT: _SAME}, [], id="as-the-turtle"),
    pytest.param(None, {_TTL: _SAME, _NT: _OTHER}, [("rdf-mismatch", "b.nt")], id="not"),
    pytest.param(_SAME, {_TTL: _SAME, _JSONLD: _OTHER}, [("jsonld-mismatch", "b.jsonld")]),
    pytest.param(
        Path("out", _NT), {_TTL: _OTHER, _NT: _SAME}, [("rdf-mismatch", "b.ttl")], id="by-lines"
    ),
    pytest.param(
        Unwritable("cannot serialize an IRI"),
        {_TTL: _SAME, _NT: _SAME},
        [("rdf-mismatch", "b.nt"), ("rdf-mismatch", "b.ttl")],
        id="unwritable-tables",
    ),
]


@pytest.mark.parametrize(("given", "prints", "expected"), CASES)
def test_compare_prints(
    given: Fingerprint | Path | Unwritable | None,
    prints: dict[str, Fingerprint],
    expected: list[tuple[str, str]],
) -> None:
    errors = compare_prints(prints, _TTL, given)
    assert [(e.kind.code, e.file) for e in errors] == expected
    if isinstance(given, Unwritable):
        assert all("which RDF cannot hold (cannot serialize an IRI)" in str(e) for e in errors)
