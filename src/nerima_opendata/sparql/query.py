"""SPARQL 1.1 over a publication, with pyoxigraph as the engine.

Results come out in the W3C SPARQL 1.1 result formats (JSON, CSV, TSV) or as a table
for people, in which Japanese (full-width) text is aligned by display width.
Only SELECT and ASK are answered: CONSTRUCT and DESCRIBE are refused with
:class:`UnsupportedQueryError` (the triples are in the publication's RDF files).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from nerima_opendata.errors import InputError
from nerima_opendata.files.extras import LazyModule
from nerima_opendata.sparql.memory import load_publication, load_store

if TYPE_CHECKING:
    import pyoxigraph as ox
else:
    ox = LazyModule("sparql", "query", "pyoxigraph")

__all__ = [
    "FORMATS",
    "QueryError",
    "QueryResult",
    "UnsupportedQueryError",
    "bind_values",
    "load_publication",
    "load_store",
    "render",
    "run_query",
    "write_results",
]

#: Output formats of ``query``: the three W3C result formats and a table for people.
FORMATS = ("table", "csv", "tsv", "json")

#: The W3C result formats among :data:`FORMATS` (``table`` is for people).
_W3C = ("csv", "tsv", "json")


class QueryError(InputError):
    """A SPARQL query that does not parse; the message points at the place."""


class UnsupportedQueryError(InputError):
    """A well-formed query of a form ``query`` does not answer (CONSTRUCT, DESCRIBE)."""


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT (or the answer of an ASK), with the engine's result object."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    boolean: bool | None
    raw: bytes | None


def bind_values(query: str, bindings: Mapping[str, str]) -> str:
    """Replace the default of ``VALUES ?name { … }`` with a given literal.

    This keeps a parameterised query portable: the same text runs on any endpoint
    with its default, and here with the value given on the command line.
    """
    for name, value in bindings.items():
        literal = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        pattern = re.compile(rf"VALUES\s+\?{re.escape(name)}\s*\{{[^}}]*\}}")
        match = pattern.search(query)
        if match:
            replacement = f"VALUES ?{name} {{ {literal} }}"
            query = query[: match.start()] + replacement + query[match.end() :]
    return query


def _caret(query: str, message: str) -> str:
    """Point at the place a syntax error names (``error at LINE:COLUMN``, both 1-based).

    Oxigraph names the position where it gave up, often the end of the input; past
    the last non-blank character that is reported as "at the end of the query" and
    shown after the last non-blank line. The line shown is always the line named,
    with the caret under the named column (counted in display width).
    """
    found = re.match(r"error at (\d+):(\d+): ?", message)
    if found is None:
        return message
    line, column = int(found[1]), int(found[2])
    lines = query.split("\n")
    offset = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
    detail = message[found.end() :].splitlines()[0] if message[found.end() :] else ""
    detail = detail if len(detail) <= 160 else detail[:157] + "..."
    content = query.rstrip()
    if line > len(lines) or offset >= len(content):
        line = content.count("\n") + 1
        column = len(content.split("\n")[-1]) + 1
        where = "at the end of the query"
    else:
        where = f"at line {line}, column {column}"
    text = lines[line - 1].rstrip("\r")
    shown = "".join(" " if ch == "\t" else _escape(ch) for ch in text)
    width = _text_width("".join(" " if ch == "\t" else _escape(ch) for ch in text[: column - 1]))
    gutter = " " * len(str(line))
    head = f"syntax error {where}" + (f": {detail}" if detail else "")
    return f"{head}\n  {line} | {shown.rstrip()}\n  {gutter} | {' ' * width}^"


#: What a SPARQL text holds besides its keywords: comments, strings and IRIs.
_NOT_KEYWORDS = re.compile(
    r'#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>'
)
_SERVICE = re.compile(r"\bSERVICE\b(\s+SILENT\b)?\s*(\S*)", re.IGNORECASE)


def calls_service(query: str) -> str | None:
    """The endpoint a query's ``SERVICE`` names (its first), or ``None`` if it has none.

    Comments, string literals and IRIs are blanked first, so a literal or an IRI that holds
    the word is not a call.
    """
    blanked = _NOT_KEYWORDS.sub(lambda m: "<>" if m.group().startswith("<") else " ", query)
    match = _SERVICE.search(blanked)
    if match is None:
        return None
    iri = _NOT_KEYWORDS.match(query, match.start(2))
    return iri.group() if iri is not None else match.group(2) or "?"


def _refuse_service(query: str) -> None:
    if called := calls_service(query):
        raise QueryError(
            f"the query calls another endpoint (SERVICE {called}); querying a publication "
            "never fetches anything unless asked (--allow-service)"
        )


def run_query(
    store: ox.Store,
    query: str,
    *,
    fmt: str = "table",
    bindings: Mapping[str, str] | None = None,
    allow_service: bool = False,
) -> QueryResult:
    """Run a SELECT or ASK query.

    A query that calls another endpoint (``SERVICE``) is refused unless
    ``allow_service``: querying a publication never touches the network by default.

    Args:
        store: The store to query.
        query: SPARQL 1.1 text.
        fmt: One of :data:`FORMATS`; for the W3C formats ``raw`` holds the bytes.
        bindings: Values for variables, e.g. ``{"keyword": "AI"}``: replaces the
            default of ``VALUES ?keyword {…}`` if the query has one, else binds
            ``?keyword`` (which must then be projected) to the literal "AI".
        allow_service: Let ``SERVICE`` fetch from the endpoints it names.

    Returns:
        The result.

    Raises:
        QueryError: The query does not parse, or calls ``SERVICE`` (not allowed).
        UnsupportedQueryError: It is a CONSTRUCT or DESCRIBE query.
    """
    answer = _evaluate(store, query, bindings, allow_service)
    if isinstance(answer, ox.QueryBoolean):
        raw = answer.serialize(format=_w3c(fmt)) if fmt in _W3C else None
        return QueryResult(("ask",), ((str(bool(answer)).lower(),),), bool(answer), raw)
    variables = tuple(v.value for v in answer.variables)
    if fmt in _W3C:
        return QueryResult(variables, (), None, answer.serialize(format=_w3c(fmt)))
    rows = tuple(
        tuple(None if solution[v] is None else _text(solution[v]) for v in variables)
        for solution in answer
    )
    return QueryResult(variables, rows, None, None)


def write_results(
    store: ox.Store,
    query: str,
    output: BinaryIO,
    *,
    fmt: str = "csv",
    bindings: Mapping[str, str] | None = None,
    allow_service: bool = False,
) -> None:
    """Run a SELECT or ASK query and write its answer to ``output`` as it is computed.

    The W3C result formats are streamed: pyoxigraph writes each solution as the
    engine yields it (in 8 KiB writes), so a large answer is never held whole. (The
    ``table`` of :func:`render` needs every row to align the columns: use
    :func:`run_query` for it.)

    Args:
        store: The store to query.
        query: SPARQL 1.1 text.
        output: A binary stream, e.g. ``sys.stdout.buffer``.
        fmt: ``csv``, ``tsv`` or ``json``.
        bindings: As for :func:`run_query`.
        allow_service: As for :func:`run_query`.

    Raises:
        QueryError: The query does not parse, calls ``SERVICE`` (not allowed) or fails
            while its answer is written (e.g. a ``SERVICE`` endpoint that fails).
        UnsupportedQueryError: It is a CONSTRUCT or DESCRIBE query.
        ValueError: ``fmt`` is not a W3C result format.
    """
    if fmt not in _W3C:
        raise ValueError(f"not a W3C result format: {fmt!r} (one of {', '.join(_W3C)})")
    answer = _evaluate(store, query, bindings, allow_service)
    try:
        answer.serialize(output, format=_w3c(fmt))
    except (OSError, RuntimeError) as exc:  # evaluation is lazy: it can fail midway
        raise QueryError(f"the query failed while its answer was written: {exc}") from exc


def _evaluate(
    store: ox.Store,
    query: str,
    bindings: Mapping[str, str] | None,
    allow_service: bool,
) -> ox.QuerySolutions | ox.QueryBoolean:
    """The engine's (lazy) answer to a SELECT or ASK query; see :func:`run_query`."""
    bindings = dict(bindings or {})
    if not allow_service:
        _refuse_service(query)
    query = bind_values(query, bindings)
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): ox.Literal(v)
        for k, v in bindings.items()
        if not re.search(rf"VALUES\s+\?{re.escape(k)}\b", query)
    }
    try:
        answer = store.query(query, substitutions=substitutions)
    except SyntaxError as exc:
        raise QueryError(_caret(query, str(exc))) from exc
    if isinstance(answer, ox.QueryTriples):
        form = _form(query)
        raise UnsupportedQueryError(
            f"{form} queries are not supported by `query`, which answers SELECT and ASK; "
            "for triples use the publication's RDF files (*.nt, *.ttl) or `nerima-opendata serve`"
        )
    return answer


def _w3c(fmt: str) -> ox.QueryResultsFormat:
    """pyoxigraph's result format for one of ``_W3C`` (looked up when pyoxigraph is)."""
    formats = {
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON,
    }
    return formats[fmt]


def _form(query: str) -> str:
    """CONSTRUCT or DESCRIBE: the first of the two keywords outside IRIs and comments."""
    text = re.sub(r"<[^<>\s]*>", " ", query)
    text = re.sub(r"#[^\n]*", " ", text)
    found = re.search(r"(?<![\w:?$-])(CONSTRUCT|DESCRIBE)(?![\w:-])", text, re.IGNORECASE)
    return found[1].upper() if found else "CONSTRUCT and DESCRIBE"


def _text(term: object) -> str:
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(ch: str) -> str:
    """A character as the table shows it: newline, tab and CR as ``\\n`` ``\\t`` ``\\r``,
    other control and line-separator characters as ``\\uXXXX``."""
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
        return f"\\u{ord(ch):04x}"
    return ch


def _cell(value: str) -> str:
    return "".join(_escape(ch) for ch in value)


def _width(ch: str) -> int:
    """Columns a character takes in a terminal: 2 for East Asian Wide and Fullwidth
    (``W``, ``F``), 0 for combining marks, else 1 -- Ambiguous (``A``: ※ … ○) included,
    as most terminals outside CJK locales show them."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _text_width(text: str) -> int:
    return sum(_width(ch) for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _text_width(text))
    return fill + text if right else text + fill


def render(result: QueryResult) -> str:
    """Render a result as text: the W3C bytes as UTF-8, or an aligned table.

    The table is for reading, not for exact values (use csv, tsv or json): a newline,
    tab or carriage return inside a value is shown as ``\\n``, ``\\t``, ``\\r`` (other
    control characters as ``\\uXXXX``), so every row stays on one line. Columns are
    aligned by display width: East Asian Wide and Fullwidth characters (漢字, かな,
    full-width forms) count 2, combining marks 0, everything else 1 -- including the
    East Asian Ambiguous ones such as ※ … ○, which CJK-locale terminals may draw wider.
    """
    if result.raw is not None:
        return result.raw.decode("utf-8")
    header = [_cell(name) for name in result.variables]
    rows = [["" if cell is None else _cell(cell) for cell in row] for row in result.rows]
    widths = [
        max(_text_width(cell) for cell in [name, *[r[i] for r in rows]])
        for i, name in enumerate(header)
    ]
    numeric = [
        all(r[i].lstrip("-").replace(".", "", 1).isdigit() for r in rows if r[i]) and bool(rows)
        for i in range(len(header))
    ]
    lines = [
        "  ".join(_pad(n, w, False) for n, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in rows:
        lines.append(
            "  ".join(
                _pad(cell, w, right) for cell, w, right in zip(row, widths, numeric, strict=True)
            ).rstrip()
        )
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
