#!/usr/bin/env python3
"""Solr stand-in: a TEST DOUBLE of CKAN's Solr search index, and nothing else.

Apache Solr cannot be installed on the machines this project runs on (it is
in none of the reachable package registries), yet CKAN's create/update/delete
actions write to the search index and fail without one.  This module is a
small, stdlib-only HTTP server that answers the Solr HTTP calls CKAN 2.11
makes through pysolr, so that a *real* CKAN -- with its real PostgreSQL
database, real Redis and real action API -- can run in tests and CI.

What it is NOT: a search engine.  There is no relevance ranking (every hit
has score 1.0), no stemming, no language analysis and no persistence (the
index lives in memory and disappears when the process ends; run
``ckan search-index rebuild`` after a restart).  Tests must not rely on
``package_search`` ranking.  Everything else in the stack is real.

Calls answered (paths are relative to the core URL CKAN is given as
``solr_url``, e.g. ``http://127.0.0.1:28983/solr/ckan``):

* ``GET  /schema?wt=schema.xml`` and ``GET /admin/file/?file=schema.xml``
  -- CKAN's own ``ckan/config/solr/schema.xml`` (CKAN reads the schema
  name, ``ckan-2.11``, on every start and refuses to run otherwise).
* ``GET  /schema``, ``/schema/name``, ``/schema/version``,
  ``/schema/uniquekey``, ``/admin/ping`` -- the JSON answers real Solr gives.
* ``POST /update`` -- JSON lists of documents (pysolr's ``add``), JSON
  command objects (``{"add": ..., "delete": ..., "commit": {}}``) and XML
  messages (``<add>``, ``<delete><id>``/``<query>``, ``<commit/>``).
  Writes are visible at once (like a Solr with a very short soft-commit
  interval); ``commit`` is accepted and is a no-op.
* ``GET|POST /select`` -- a subset of the Lucene/dismax query syntax that
  CKAN uses: ``*:*``, ``field:value``, ``field:"phrase"``,
  ``field:(a OR b)``, ``field:[a TO b]``, ``field:*``, wildcards, ``+``/``-``
  /``NOT``/``AND``/``OR`` and parentheses, bare terms (searched in ``qf``
  or ``df`` fields), several ``fq`` filters, ``q.op``, ``fl``, ``rows``,
  ``start``, ``sort`` (by field values) and ``facet.field`` counts.

Field semantics come from the schema file: ``string`` fields match exactly,
text fields match case-insensitively on substrings, ``copyField`` rules and
``stored="false"`` are honoured.

Usage::

    python3 solr_standin.py --host 127.0.0.1 --port 28983 \\
        --schema /path/to/ckan/config/solr/schema.xml [--log FILE]
"""

from __future__ import annotations

import argparse
import datetime
import fnmatch
import json
import re
import sys
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# --------------------------------------------------------------------------
# Schema


class Schema:
    """The parts of a Solr schema.xml that matter for matching."""

    TEXT_TYPES_HINT = ("text",)  # field types whose class is a TextField

    def __init__(self, path: str):
        with open(path, "rb") as f:
            self.raw = f.read()
        root = ET.fromstring(self.raw)
        self.name = root.get("name", "")
        self.version = root.get("version", "")
        self.unique_key = (root.findtext("uniqueKey") or "id").strip()
        self.text_types = set()
        for ft in root.iter("fieldType"):
            if ft.get("class", "").endswith("TextField"):
                self.text_types.add(ft.get("name"))
        self.fields: dict[str, dict] = {}
        self.dynamic: list[tuple[str, dict]] = []
        for el in root.iter("field"):
            self.fields[el.get("name")] = dict(el.attrib)
        for el in root.iter("dynamicField"):
            self.dynamic.append((el.get("name"), dict(el.attrib)))
        self.copy_fields = [(el.get("source"), el.get("dest")) for el in root.iter("copyField")]

    def field(self, name: str) -> dict:
        if name in self.fields:
            return self.fields[name]
        # Solr picks the longest matching dynamic field pattern
        best = None
        for pattern, attrs in self.dynamic:
            if fnmatch.fnmatchcase(name, pattern) and (best is None or len(pattern) > len(best[0])):
                best = (pattern, attrs)
        return best[1] if best else {"type": "string", "stored": "true"}

    def is_text(self, name: str) -> bool:
        return self.field(name).get("type") in self.text_types

    def is_stored(self, name: str) -> bool:
        return self.field(name).get("stored", "true") != "false"

    def index_view(self, doc: dict) -> dict[str, list[str]]:
        """Field -> list of string values, after copyField rules."""
        view: dict[str, list[str]] = {}
        for k, v in doc.items():
            view.setdefault(k, []).extend(_as_strings(v))
        for src, dest in self.copy_fields:
            for k in list(doc.keys()):
                if fnmatch.fnmatchcase(k, src) and k != dest:
                    view.setdefault(dest, []).extend(_as_strings(doc[k]))
        # copyFields chained through "urls" -> "text" etc.
        for src, dest in self.copy_fields:
            if "*" not in src and src not in doc and src in view and dest != src:
                view.setdefault(dest, []).extend(view[src])
        return view


def _as_strings(v) -> list[str]:
    if v is None:
        return []
    if isinstance(v, (list, tuple, set)):
        out: list[str] = []
        for x in v:
            out.extend(_as_strings(x))
        return out
    if isinstance(v, bool):
        return ["true" if v else "false"]
    return [str(v)]


# --------------------------------------------------------------------------
# Query parsing (a subset of the Lucene classic syntax)

_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<lpar>\() | (?P<rpar>\)) |
        (?P<range>[\[{][^\]}]*[\]}]) |
        (?P<phrase>"(?:[^"\\]|\\.)*") |
        (?P<word>(?:[^\s()"\\\[\]{}]|\\.)+)
    )""",
    re.VERBOSE,
)


def _tokenize(q: str) -> list[tuple[str, str]]:
    tokens = []
    pos = 0
    q = q.strip()
    while pos < len(q):
        m = _TOKEN_RE.match(q, pos)
        if not m or m.end() == pos:
            # unbalanced quote or other oddity: take the rest as a word
            tokens.append(("word", q[pos:].strip()))
            break
        pos = m.end()
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
    return tokens


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


class Node:
    def matches(self, view, ctx) -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class MatchAll(Node):
    def matches(self, view, ctx):
        return True


class Term(Node):
    def __init__(self, field, value, phrase=False):
        self.field, self.value, self.phrase = field, value, phrase

    def matches(self, view, ctx):
        fields = [self.field] if self.field else ctx.default_fields
        return any(self._match_field(f, view, ctx) for f in fields)

    def _match_field(self, field, view, ctx):
        if field == "*" and self.value == "*":
            return True
        values = view.get(field, [])
        if self.value == "*":  # field:* -> field exists / non-empty
            return any(v != "" for v in values)
        text = ctx.schema.is_text(field)
        wildcard = (not self.phrase) and ("*" in self.value or "?" in self.value)
        for v in values:
            if wildcard:
                pat = self.value.lower() if text else self.value
                cand = v.lower() if text else v
                if text:
                    if any(
                        fnmatch.fnmatchcase(w, pat) for w in cand.split()
                    ) or fnmatch.fnmatchcase(cand, pat):
                        return True
                elif fnmatch.fnmatchcase(cand, pat):
                    return True
            elif text:
                if self.value.lower() in v.lower():
                    return True
            elif v == self.value:
                return True
        return False


class Range(Node):
    def __init__(self, field, low, high, incl_low, incl_high):
        self.field, self.low, self.high = field, low, high
        self.incl_low, self.incl_high = incl_low, incl_high

    def matches(self, view, ctx):
        fields = [self.field] if self.field else ctx.default_fields
        for f in fields:
            for v in view.get(f, []):
                if self._in_range(v):
                    return True
        return False

    def _in_range(self, v):
        def cmp(a, b):
            try:
                fa, fb = float(a), float(b)
                return (fa > fb) - (fa < fb)
            except ValueError:
                pass
            da, db = _parse_date(a), _parse_date(b)
            if da is not None and db is not None:
                return (da > db) - (da < db)
            return (a > b) - (a < b)

        if self.low != "*":
            c = cmp(v, self.low)
            if c < 0 or (c == 0 and not self.incl_low):
                return False
        if self.high != "*":
            c = cmp(v, self.high)
            if c > 0 or (c == 0 and not self.incl_high):
                return False
        return True


_DATE_MATH_RE = re.compile(r"([+-/])(\d*)(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|MILLI)S?", re.I)


def _parse_date(s: str):
    """ISO-8601 (Solr style, trailing Z) or Solr date math (NOW-1DAY/DAY)."""
    s = s.strip()
    if s.upper().startswith("NOW"):
        d = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        rest = s[3:]
    else:
        m = re.match(r"^(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?)?)Z?(.*)$", s)
        if not m:
            return None
        try:
            d = datetime.datetime.fromisoformat(m.group(1))
        except ValueError:
            return None
        rest = m.group(2)
    for op, num, unit in _DATE_MATH_RE.findall(rest.replace("\\", "")):
        unit = unit.upper()
        if op == "/":
            fields = ["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"]
            keep = fields.index(unit) + 1 if unit in fields else 6
            parts = [d.year, d.month, d.day, d.hour, d.minute, d.second]
            defaults = [1, 1, 1, 0, 0, 0]
            d = datetime.datetime(*(parts[:keep] + defaults[keep:]))
            continue
        n = int(num or 1) * (-1 if op == "-" else 1)
        if unit == "YEAR":
            d = d.replace(year=d.year + n)
        elif unit == "MONTH":
            y, mo = divmod(d.month - 1 + n, 12)
            d = d.replace(year=d.year + y, month=mo + 1)
        else:
            kw = {
                "DAY": "days",
                "HOUR": "hours",
                "MINUTE": "minutes",
                "SECOND": "seconds",
                "MILLI": "milliseconds",
            }[unit]
            d += datetime.timedelta(**{kw: n})
    return d


class Bool(Node):
    """Lucene BooleanQuery: MUST / SHOULD / MUST_NOT clauses."""

    def __init__(self):
        self.clauses: list[list] = []  # [occur, node]

    def matches(self, view, ctx):
        must = [n for o, n in self.clauses if o == "MUST"]
        should = [n for o, n in self.clauses if o == "SHOULD"]
        must_not = [n for o, n in self.clauses if o == "MUST_NOT"]
        if any(n.matches(view, ctx) for n in must_not):
            return False
        if not all(n.matches(view, ctx) for n in must):
            return False
        if not must and should:
            return any(n.matches(view, ctx) for n in should)
        return True  # only MUST (all matched) or purely negative


class Parser:
    def __init__(self, q: str, default_and: bool):
        self.tokens = _tokenize(q)
        self.i = 0
        self.default_and = default_and

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def next(self):
        tok = self.peek()
        self.i += 1
        return tok

    def parse(self, field=None, closing=False) -> Node:
        node = Bool()
        conj = None
        while True:
            kind, val = self.peek()
            if kind is None:
                break
            if kind == "rpar":
                if closing:
                    self.next()
                break
            if kind == "word" and val in ("AND", "&&"):
                self.next()
                conj = "AND"
                continue
            if kind == "word" and val in ("OR", "||"):
                self.next()
                conj = "OR"
                continue
            mod = None
            if kind == "word" and val in ("NOT", "!"):
                self.next()
                mod = "NOT"
                kind, val = self.peek()
                if kind is None:
                    break
            elif kind == "word" and val[0] in "+-!" and len(val) > 1:
                mod = "REQ" if val[0] == "+" else "NOT"
                self.tokens[self.i] = (kind, val[1:])
            elif kind == "word" and val in ("+", "-"):
                self.next()
                mod = "REQ" if val == "+" else "NOT"
            clause = self.parse_clause(field)
            if clause is None:
                continue
            self.add_clause(node, conj, mod, clause)
            conj = None
        return node

    def add_clause(self, node: Bool, conj, mod, clause):
        # Mirrors org.apache.lucene.queryparser.classic.QueryParserBase.addClause
        if node.clauses and conj == "AND":
            prev = node.clauses[-1]
            if prev[0] != "MUST_NOT":
                prev[0] = "MUST"
        if node.clauses and self.default_and and conj == "OR":
            prev = node.clauses[-1]
            if prev[0] != "MUST_NOT":
                prev[0] = "SHOULD"
        if not self.default_and:
            prohibited = mod == "NOT"
            required = mod == "REQ" or (conj == "AND" and not prohibited)
        else:
            prohibited = mod == "NOT"
            required = not prohibited and conj != "OR"
        occur = "MUST_NOT" if prohibited else ("MUST" if required else "SHOULD")
        node.clauses.append([occur, clause])

    def parse_clause(self, field):
        kind, val = self.next()
        if kind == "lpar":
            return self.parse(field, closing=True)
        if kind == "rpar":
            return None
        if kind == "phrase":
            return Term(field, _unescape(val[1:-1]), phrase=True)
        if kind == "range":
            return self._range(field, val)
        # a word, maybe field:value
        m = re.match(r"^((?:[^:\\]|\\.)+):(.*)$", val)
        if m and field is None:
            fname = _unescape(m.group(1))
            rest = m.group(2)
            if fname == "*" and rest == "*":
                return MatchAll()
            if rest == "":
                nk, nv = self.peek()
                if nk == "lpar":
                    self.next()
                    return self.parse(fname, closing=True)
                if nk == "phrase":
                    self.next()
                    return Term(fname, _unescape(nv[1:-1]), phrase=True)
                if nk == "range":
                    self.next()
                    return self._range(fname, nv)
                return Term(fname, "")
            return Term(fname, _unescape(rest))
        if val == "*:*":
            return MatchAll()
        return Term(field, _unescape(val))

    @staticmethod
    def _range(field, val):
        incl_low, incl_high = val[0] == "[", val[-1] == "]"
        parts = val[1:-1].split(" TO ")
        low = parts[0].strip().strip('"') if parts else "*"
        high = parts[1].strip().strip('"') if len(parts) > 1 else "*"
        return Range(field, low, high, incl_low, incl_high)


class Ctx:
    def __init__(self, schema, default_fields):
        self.schema = schema
        self.default_fields = default_fields


# --------------------------------------------------------------------------
# The in-memory index


class Index:
    def __init__(self, schema: Schema):
        self.schema = schema
        self.lock = threading.Lock()
        self.docs: dict[str, dict] = {}
        self.views: dict[str, dict] = {}

    def add(self, doc: dict):
        key = str(doc.get(self.schema.unique_key) or doc.get("id"))
        doc = dict(doc)
        doc.setdefault("indexed_ts", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        with self.lock:
            self.docs[key] = doc
            self.views[key] = self.schema.index_view(doc)

    def delete_ids(self, ids):
        with self.lock:
            for i in ids:
                self.docs.pop(str(i), None)
                self.views.pop(str(i), None)

    def delete_query(self, q: str):
        node = Parser(q, default_and=False).parse()
        ctx = Ctx(self.schema, ["text"])
        with self.lock:
            doomed = [k for k, v in self.views.items() if node.matches(v, ctx)]
            for k in doomed:
                self.docs.pop(k, None)
                self.views.pop(k, None)
        return len(doomed)

    def select(self, params: dict[str, list[str]]) -> dict:
        def one(name, default=None):
            vals = params.get(name)
            return vals[-1] if vals else default

        q = one("q") or "*:*"
        default_and = (one("q.op", "OR") or "OR").upper() == "AND"
        def_type = one("defType", "lucene")
        if def_type in ("dismax", "edismax") and one("qf"):
            default_fields = [f.split("^")[0] for f in one("qf").split()]
        else:
            default_fields = [one("df", "text")]
        ctx = Ctx(self.schema, default_fields)
        if def_type == "dismax" and q.strip() in ("", "*:*"):
            q = "*:*"
        nodes = [Parser(q, default_and).parse()]
        for fq in params.get("fq", []):
            if fq.strip():
                nodes.append(Parser(fq, default_and).parse())

        with self.lock:
            hits = [
                (k, self.docs[k])
                for k, v in self.views.items()
                if all(n.matches(v, ctx) for n in nodes)
            ]
            views = {k: self.views[k] for k, _ in hits}

        hits = self._sort(hits, one("sort", ""))
        start = int(one("start", "0") or 0)
        rows = int(one("rows", "10") or 10)
        page = hits[start : start + rows] if rows >= 0 else hits[start:]
        fl = [f for f in re.split(r"[\s,]+", one("fl", "*") or "*") if f]
        docs = [self._project(doc, fl) for _, doc in page]

        result = {
            "responseHeader": {
                "status": 0,
                "QTime": 0,
                "params": {k: (v[-1] if len(v) == 1 else v) for k, v in params.items()},
            },
            "response": {
                "numFound": len(hits),
                "start": start,
                "numFoundExact": True,
                "docs": docs,
            },
        }
        if (one("facet", "false") or "false").lower() == "true":
            result["facet_counts"] = self._facets(params, [k for k, _ in hits], views)
        return result

    def _project(self, doc: dict, fl: list[str]) -> dict:
        want_all = "*" in fl or not fl
        out = {}
        for k, v in doc.items():
            if not self.schema.is_stored(k):
                continue
            if want_all or k in fl or any(fnmatch.fnmatchcase(k, f) for f in fl if "*" in f):
                out[k] = v
        if "score" in fl:
            out["score"] = 1.0
        return out

    def _sort(self, hits, sort: str):
        specs = []
        for part in sort.split(","):
            bits = part.split()
            if len(bits) >= 1 and bits[0] != "score":
                desc = len(bits) > 1 and bits[1].lower() == "desc"
                specs.append((bits[0], desc))
        for fname, desc in reversed(specs):

            def key(item, fname=fname):
                doc = item[1]
                v = doc.get(fname)
                if v is None and fname == "title_string":
                    v = doc.get("title")
                if isinstance(v, list):
                    v = v[0] if v else None
                if v is None:
                    return (1, "")
                if isinstance(v, (int, float)):
                    return (0, f"{v:020.6f}")
                return (0, str(v).lower() if fname.endswith("_string") else str(v))

            present = [h for h in hits if key(h)[0] == 0]
            missing = [h for h in hits if key(h)[0] == 1]
            present.sort(key=key, reverse=desc)
            hits = present + missing  # missing values sort last either way
        return hits

    def _facets(self, params, keys, views) -> dict:
        def one(name, default=None):
            vals = params.get(name)
            return vals[-1] if vals else default

        fields = params.get("facet.field", [])
        out = {}
        for f in fields:
            limit = int(params.get(f"f.{f}.facet.limit", [one("facet.limit", "100")])[-1])
            mincount = int(params.get(f"f.{f}.facet.mincount", [one("facet.mincount", "0")])[-1])
            counts: dict[str, int] = {}
            for k in keys:
                for v in set(views[k].get(f, [])):
                    counts[v] = counts.get(v, 0) + 1
            ordered = sorted(
                ((v, c) for v, c in counts.items() if c >= mincount), key=lambda vc: (-vc[1], vc[0])
            )
            if limit >= 0:
                ordered = ordered[:limit]
            flat: list = []
            for v, c in ordered:
                flat.extend([v, c])
            out[f] = flat
        return {
            "facet_queries": {},
            "facet_fields": out,
            "facet_ranges": {},
            "facet_intervals": {},
            "facet_heatmaps": {},
        }

    # --- update messages -------------------------------------------------

    def apply_json(self, payload):
        if isinstance(payload, list):
            for doc in payload:
                self.add(doc)
            return
        if not isinstance(payload, dict):
            raise ValueError("unsupported JSON update message")
        if (
            "add" not in payload
            and "delete" not in payload
            and "commit" not in payload
            and "optimize" not in payload
        ):
            self.add(payload)  # a single bare document
            return
        adds = payload.get("add")
        if adds is not None:
            for a in adds if isinstance(adds, list) else [adds]:
                self.add(a.get("doc", a))
        dels = payload.get("delete")
        if dels is not None:
            for d in dels if isinstance(dels, list) else [dels]:
                if isinstance(d, dict) and "query" in d:
                    self.delete_query(d["query"])
                elif isinstance(d, dict) and "id" in d:
                    self.delete_ids([d["id"]])
                else:
                    self.delete_ids([d])

    def apply_xml(self, body: bytes):
        root = ET.fromstring(body)
        elems = [root] if root.tag != "update" else list(root)
        for el in elems:
            if el.tag == "add":
                for d in el.findall("doc"):
                    doc: dict = {}
                    for fld in d.findall("field"):
                        name, val = fld.get("name"), fld.text or ""
                        if name in doc:
                            if not isinstance(doc[name], list):
                                doc[name] = [doc[name]]
                            doc[name].append(val)
                        elif self.schema.field(name).get("multiValued") == "true":
                            doc[name] = [val]
                        else:
                            doc[name] = val
                    self.add(doc)
            elif el.tag == "delete":
                self.delete_ids([i.text for i in el.findall("id")])
                for q in el.findall("query"):
                    self.delete_query(q.text or "")
            elif el.tag in ("commit", "optimize", "rollback"):
                pass
            else:
                raise ValueError(f"unsupported update element <{el.tag}>")


# --------------------------------------------------------------------------
# HTTP


class Handler(BaseHTTPRequestHandler):
    server_version = "solr-standin/1.0 (test double)"
    protocol_version = "HTTP/1.1"
    index: Index
    schema: Schema
    log_file = None

    def log_message(self, fmt, *args):
        if self.log_file:
            self.log_file.write(f"{time.strftime('%H:%M:%S')} {fmt % args}\n")
            self.log_file.flush()

    def _log_body(self, body: bytes):
        if self.log_file and body:
            text = body[:2000].decode("utf-8", "replace")
            self.log_file.write(f"    body: {text}{'...' if len(body) > 2000 else ''}\n")
            self.log_file.flush()

    def _send(self, status: int, body, ctype="application/json; charset=utf-8"):
        if not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, msg: str):
        self._send(
            status,
            {
                "responseHeader": {"status": status, "QTime": 0},
                "error": {"msg": msg, "code": status},
            },
        )

    def _route(self):
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/")
        params = parse_qs(parts.query, keep_blank_values=True)
        body = b""
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body = self.rfile.read(length)
        self._log_body(body)
        ctype = (self.headers.get("Content-Type") or "").lower()
        if self.command == "POST" and ctype.startswith("application/x-www-form-urlencoded"):
            for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            body = b""

        # Accept any core name: /solr/<core>/<handler> (or just /<handler>)
        m = re.match(r"^(?:/solr/[^/]+)?(/.*)?$", path)
        handler = (m.group(1) if m else path) or "/"
        schema = self.schema

        if handler == "/schema":
            if params.get("wt", [""])[-1] == "schema.xml":
                return self._send(200, schema.raw, "application/xml; charset=utf-8")
            return self._send(
                200,
                {
                    "responseHeader": {"status": 0, "QTime": 0},
                    "schema": {
                        "name": schema.name,
                        "version": float(schema.version or 0),
                        "uniqueKey": schema.unique_key,
                    },
                },
            )
        if handler == "/schema/name":
            return self._send(
                200, {"responseHeader": {"status": 0, "QTime": 0}, "name": schema.name}
            )
        if handler == "/schema/version":
            return self._send(
                200,
                {
                    "responseHeader": {"status": 0, "QTime": 0},
                    "version": float(schema.version or 0),
                },
            )
        if handler == "/schema/uniquekey":
            return self._send(
                200, {"responseHeader": {"status": 0, "QTime": 0}, "uniqueKey": schema.unique_key}
            )
        if handler == "/admin/file":
            if params.get("file", [""])[-1] in ("schema.xml", "managed-schema"):
                return self._send(200, schema.raw, "application/xml; charset=utf-8")
            return self._error(404, "file not found")
        if handler == "/admin/ping":
            return self._send(200, {"responseHeader": {"status": 0, "QTime": 0}, "status": "OK"})
        if handler == "/select":
            try:
                return self._send(200, self.index.select(params))
            except Exception as e:  # report like Solr would
                return self._error(400, f"solr-standin could not run query: {e!r}")
        if handler == "/update" or handler == "/update/json":
            try:
                if body.strip():
                    if "json" in ctype or body.lstrip()[:1] in (b"[", b"{"):
                        self.index.apply_json(json.loads(body.decode("utf-8")))
                    else:
                        self.index.apply_xml(body)
                # commit / softCommit / commitWithin params: writes are
                # already visible, nothing to do
            except Exception as e:
                return self._error(400, f"solr-standin could not apply update: {e!r}")
            return self._send(200, {"responseHeader": {"status": 0, "QTime": 0}})
        return self._error(404, f"solr-standin: no handler for {self.path}")

    def do_GET(self):
        self._route()

    def do_POST(self):
        self._route()

    def do_HEAD(self):
        self._route()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Solr stand-in (test double of CKAN's search index)")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=28983)
    ap.add_argument("--schema", required=True, help="CKAN's ckan/config/solr/schema.xml")
    ap.add_argument("--log", help="append a request log here (default: no log)")
    args = ap.parse_args(argv)

    schema = Schema(args.schema)
    Handler.schema = schema
    Handler.index = Index(schema)
    if args.log:
        Handler.log_file = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the server
    ThreadingHTTPServer.request_queue_size = 64
    httpd = ThreadingHTTPServer((args.host, args.port), Handler)
    httpd.daemon_threads = True
    print(
        f"solr-standin (test double of CKAN's Solr index) schema={schema.name}"
        f" on http://{args.host}:{args.port}/solr/ckan",
        file=sys.stderr,
        flush=True,
    )
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
