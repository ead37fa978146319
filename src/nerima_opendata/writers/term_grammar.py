"""The grammar of the terms RDF syntaxes hold: absolute IRIs (RFC 3987) and language
tags (BCP 47, RFC 5646), as strictly as the parsers that read them back.

The writers check every IRI and language tag with these before writing it
(:class:`~nerima_opendata.writers.rdf_terms.TermChecker`), so a publication never holds
a term a strict parser refuses. The check is that of Oxigraph's parsers (its ``oxiri``
and ``oxilangtag`` crates), which ``validate`` uses: ``tests/writers/test_term_grammar.py``
compares the two on generated terms. It is written here, with the standard library,
because writing needs no extra (pyoxigraph is the ``rdf`` extra's).

An IRI is read as ``oxiri`` reads it: the scheme ends at the first ``:``; the authority,
after ``//``, at the first ``/``, ``?`` or ``#``; the path at the first ``?`` or ``#``;
the query at the first ``#``. Each part then may hold only its characters (RFC 3987
``ipchar`` and the rest) and percent escapes of two hexadecimal digits.
"""

from __future__ import annotations

import functools
import ipaddress
import re

__all__ = ["iri_problem", "lang_problem", "takes_segments"]

#: RFC 3987 ``ucschar`` and ``iprivate``.
_UCS = (
    "\xa0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(p << 16)}-{chr((p << 16) + 0xFFFD)}" for p in range(1, 14))
    + "\U000e1000-\U000efffd"
)
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_UNRESERVED = "A-Za-z0-9\\-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PCHAR = _UNRESERVED + _UCS + _SUB_DELIMS + ":@"


def _run(chars: str) -> str:
    """Any number of these characters and percent escapes (possessive: no backtracking;
    a run of the characters is matched at once)."""
    return f"[{chars}]*+(?:%[0-9A-Fa-f]{{2}}[{chars}]*+)*+"


_IRI = (
    "[A-Za-z][A-Za-z0-9+\\-.]*+:"
    "(?://(?P<authority>[^/?#]*+))?+"
    f"{_run(_PCHAR + '/')}"
    f"(?:\\?{_run(_PCHAR + '/?' + _PRIVATE)})?+"
    f"(?:#{_run(_PCHAR + '/?')})?+"
)
#: The common case, ASCII, with a host of plain characters (or no authority), percent
#: escapes only after it: an IRI if it matches, whatever the rest of the grammar says.
_ASCII_PCHAR = _UNRESERVED + _SUB_DELIMS + ":@"
_PLAIN_IRI = re.compile(
    "[A-Za-z][A-Za-z0-9+\\-.]*+:"
    f"(?://[{_UNRESERVED}{_SUB_DELIMS}]*+(?![^/?#])|(?!//))"
    f"{_run(_ASCII_PCHAR + '/')}"
    f"(?:\\?{_run(_ASCII_PCHAR + '/?')})?+(?:#{_run(_ASCII_PCHAR + '/?')})?+"
)
#: An authority of these characters alone is a host (``oxiri``'s fast path).
_PLAIN_HOST = re.compile(f"[{_UNRESERVED}{_SUB_DELIMS}]*+")
_USERINFO = _run(_UNRESERVED + _UCS + _SUB_DELIMS + ":")
_HOST = _run(_UNRESERVED + _UCS + _SUB_DELIMS)
_PORT = re.compile("[0-9]*+")
_IP_FUTURE = re.compile(f"[vV][0-9A-Fa-f]++\\.[{_UNRESERVED}{_SUB_DELIMS}:]++")


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern of the whole grammar, compiled when first needed: its classes of
    non-ASCII characters take some 50 ms to compile, which most runs (ASCII IRIs: the
    plain patterns) never need."""
    return re.compile(pattern)


def iri_problem(iri: str) -> str | None:
    """Why this is not an absolute IRI a strict RDF parser reads, or ``None`` if it is."""
    if _PLAIN_IRI.fullmatch(iri) is not None:
        return None
    found = _compiled(_IRI).fullmatch(iri)
    if found is None:
        if ":" not in iri:
            return "no scheme"
        return "a character an IRI cannot hold there, or a bad percent escape"
    authority = found.group("authority")
    if authority is None or _PLAIN_HOST.fullmatch(authority):
        return None
    return _authority_problem(authority)


def _authority_problem(authority: str) -> str | None:
    userinfo, at, host = authority.partition("@")
    if not at:
        host = authority
    elif _compiled(_USERINFO).fullmatch(userinfo) is None:
        return "a character the user information cannot hold"
    if host.startswith("["):
        ip, bracket, rest = host[1:].partition("]")
        if not bracket:
            return "'[' without ']' in the host"
        if not _ip_literal(ip):
            return f"{ip!r} is not an IP address"
        if rest and (rest[0] != ":" or _PORT.fullmatch(rest[1:]) is None):
            return "a character after the IP address that is not a port"
        return None
    name, colon, port = host.partition(":")
    if colon and _PORT.fullmatch(port) is None:
        return "a port that is not digits"
    if _compiled(_HOST).fullmatch(name) is None:
        return "a character a host cannot hold"
    return None


def _ip_literal(ip: str) -> bool:
    """An IPv6 address (without a zone) or an ``IPvFuture``."""
    if ip[:1] in ("v", "V"):
        return _IP_FUTURE.fullmatch(ip) is not None
    if "%" in ip:
        return False
    try:
        ipaddress.IPv6Address(ip)
    except ValueError:
        return False
    return True


def takes_segments(iri: str) -> bool:
    """Whether the IRI followed by any path segment's characters (ASCII letters, digits,
    ``-._~`` and percent escapes) is one too: it is one, and it ends in its path, query
    or fragment (not in its scheme or authority, where a port, say, takes only digits)."""
    if iri_problem(iri) is not None:
        return False
    rest = iri.partition(":")[2]
    return not rest.startswith("//") or any(c in rest[2:] for c in "/?#")


_LANG_SUBTAGS = (
    "(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language, extlangs
    "(?:-[A-Za-z]{4})?"  # script
    "(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    "(?:-(?:[A-Za-z][A-Za-z0-9]{4,7}|[0-9][A-Za-z0-9]{3,7}))*"  # variants
    "(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    "(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"  # private use
)
_LANG = re.compile(f"{_LANG_SUBTAGS}|[xX](?:-[A-Za-z0-9]{{1,8}})+")
#: RFC 5646's grandfathered tags (irregular, then regular), compared case-insensitively.
_GRANDFATHERED = frozenset(
    [
        "en-gb-oed",
        "i-ami",
        "i-bnn",
        "i-default",
        "i-enochian",
        "i-hak",
        "i-klingon",
        "i-lux",
        "i-mingo",
        "i-navajo",
        "i-pwn",
        "i-tao",
        "i-tay",
        "i-tsu",
        "sgn-be-fr",
        "sgn-be-nl",
        "sgn-ch-de",
        "art-lojban",
        "cel-gaulish",
        "no-bok",
        "no-nyn",
        "zh-guoyu",
        "zh-hakka",
        "zh-min",
        "zh-min-nan",
        "zh-xiang",
    ]
)


def lang_problem(tag: str) -> str | None:
    """Why this is not a well-formed language tag (RFC 5646), or ``None`` if it is."""
    if _LANG.fullmatch(tag) is not None or (tag.isascii() and tag.lower() in _GRANDFATHERED):
        return None
    return "not a well-formed BCP 47 language tag (RFC 5646)"
