"""The writers' IRI and language-tag check is exactly what Oxigraph's strict parsers
accept (its ``oxiri`` and ``oxilangtag``), on tables of cases and on generated terms."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nerima_opendata.writers.term_grammar import iri_problem, lang_problem, takes_segments

#: IRI → whether it is one a strict parser reads.
IRIS = {
    "https://w3id.org/nerima-opendata/data/131202/line/01-001": True,
    "urn:x": True,
    "http://例え.jp/予算?年度=2024#款": True,
    "http://user:pw@example.org:8080/a": True,
    "http://[::1]:8080/": True,
    "http://[::ffff:1.2.3.4]/": True,
    "http://[v7.a:b]/": True,
    "http://a/?\ue000": True,  # private use: in a query only
    "http://a/%41": True,
    "http://[bad": False,
    "http://[::1%eth0]/": False,
    "http://[::1]x/": False,
    "http://a:b:c/": False,
    "http://a:8o/": False,
    "http://a/b#c#d": False,
    "http://a/\ue000": False,
    "http://a/#\ue000": False,
    "http://a/%zz": False,
    "http://a/100%": False,
    "http://a/ b": False,
    "http://a/<b>": False,
    "http://a/\ufffe": False,
    "http://a|b/": False,
    "a/b": False,
    "a/b:c": False,
    "1a:b": False,
    ":b": False,
    "": False,
}

#: Language tag → whether it is well-formed.
TAGS = {
    "ja": True,
    "en-GB": True,
    "ja-Latn-JP": True,
    "zh-Hant-TW": True,
    "sl-rozaj-biske": True,
    "de-CH-1901": True,
    "en-a-bbb-x-ccc": True,
    "x-private": True,
    "i-klingon": True,
    "I-KLINGON": True,
    "i-\u212alingon": False,  # a Kelvin sign, which str.lower() folds to "k"
    "zh-min-nan": True,
    "qaa": True,
    "ab-abc-abc-abc": True,
    "abcdefghi": False,
    "x": False,
    "a": False,
    "ja jp": False,
    "ja-": False,
    "-ja": False,
    "en--gb": False,
    "ab-abc-abc-abc-abc": False,
    "abcd-abc": False,
    "en-a": False,
    "en-x": False,
    "日本": False,
    "": False,
}

#: A text → whether it takes any path segment after it.
WITHINS = {
    "https://w3id.org/nerima-opendata/data/131202/line/": True,
    "https://w3id.org/nerima-opendata/vocab#": True,
    "https://example.org/a?b=": True,
    "urn:x-": True,
    "http://example.org": False,  # a host: "http://example.orgü" is one, "[…" not
    "http://example.org:": False,  # a port takes digits only
    "http://a/%4": False,  # not an IRI (though "http://a/%41" is)
}


def _oxigraph_reads_iri(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def _oxigraph_reads_tag(tag: str) -> bool:
    try:
        ox.Literal("x", language=tag)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("iri", "good"), IRIS.items())
def test_iri_table(iri: str, good: bool) -> None:
    assert (iri_problem(iri) is None) is good
    assert _oxigraph_reads_iri(iri) is good


#: IRI → whether it takes the fast path (ASCII, a plain host, escapes after it), which
#: compiles none of the non-ASCII patterns (every IRI of Nerima's build takes it).
PLAIN = {
    "https://w3id.org/nerima-opendata/data/131202/2024/proposed/distribution/vocab%2Fdsd.ttl": True,
    "http://a/%41?b=%7E#%2f": True,
    "urn:x:%41": True,
    "http://a/?b?c#d/?": True,
    "http://a%41/": False,  # an escape in the host
    "http://a/%4": False,
    "http://user@a/": False,
    "http://a/予算": False,
}


@pytest.mark.parametrize(("iri", "plain"), PLAIN.items())
def test_plain_iris_need_no_full_grammar(iri: str, plain: bool) -> None:
    from nerima_opendata.writers import term_grammar

    assert (term_grammar._PLAIN_IRI.fullmatch(iri) is not None) is plain
    if plain:  # a match is an IRI, as the full grammar and the parser say
        assert term_grammar._compiled(term_grammar._IRI).fullmatch(iri) is not None
        assert _oxigraph_reads_iri(iri)


@pytest.mark.parametrize(("tag", "good"), TAGS.items())
def test_language_tag_table(tag: str, good: bool) -> None:
    assert (lang_problem(tag) is None) is good
    assert _oxigraph_reads_tag(tag) is good


@pytest.mark.parametrize(("within", "takes"), WITHINS.items())
def test_takes_segments(within: str, takes: bool) -> None:
    assert takes_segments(within) is takes
    if takes:
        for segment in ["", "a", "-._~", "%41", "Zz09"]:
            assert iri_problem(within + segment) is None


#: Pieces IRIs are made of, where the grammar is decided.
_IRI_PIECES = st.sampled_from(
    [
        *"aZ09:/?#[]@%!$&'()*+,;=-._~ <>\"{}|^`\\vV",
        *["%20", "%zz", "%4", "é", "日本", "\U0001f600", "\ue000", "\U000f0000", "\ufffe"],
        *["\ud7ff", "\uf900", "\ufdd0", "\xa0", "\x7f", "\n", "::1", "::ffff:1.2.3.4"],
        *["1.2.3.4", "http:", "//"],
    ]
)
_IRI_STARTS = st.sampled_from(["", "http:", "http://", "urn:", "a+b:", "h://[", "http://a@"])
_TAG_PIECES = st.sampled_from(
    [*"aZ09-xXi", "-", "abc", "Latn", "JP", "123", "x-", "i-klingon", "12345", "1abc"]
)


@settings(max_examples=3_000, deadline=None)
@given(start=_IRI_STARTS, pieces=st.lists(_IRI_PIECES, max_size=12))
def test_iris_as_oxigraph_reads_them(start: str, pieces: list[str]) -> None:
    iri = start + "".join(pieces)
    assert (iri_problem(iri) is None) is _oxigraph_reads_iri(iri)


@settings(max_examples=3_000, deadline=None)
@given(pieces=st.lists(_TAG_PIECES, max_size=7))
def test_language_tags_as_oxigraph_reads_them(pieces: list[str]) -> None:
    tag = "".join(pieces)
    assert (lang_problem(tag) is None) is _oxigraph_reads_tag(tag)
