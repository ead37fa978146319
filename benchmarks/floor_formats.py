"""The floor's way of writing, applied to every format a build writes: a lower bound.

    python benchmarks/floor_formats.py SOURCE OUT TRIPLES [--part csv,nt,ttl]

``scale.py``'s floor writes the lines as CSV and N-Triples, one f-string a statement,
with no escaping and no checks. A build writes the same statements four times
(N-Triples, Turtle, RDF/XML, JSON-LD) and, as issue #11 asks, a checksum of every file
(``datapackage.json``'s ``hash``). This script writes the floor's CSV and statements in
each of those formats the floor's way: one f-string a statement, a line's text joined and
written a thousand lines at a time, each file's SHA-256 updated on the bytes written. It
reads nothing but the source, checks nothing, and escapes nothing (the synthetic names
need no escaping; ``tests/test_floor_formats.py`` checks that the four files parse to
the floor's statements and that the digests are the files').

``--part`` names the files one process writes; ``scale.py --every-format-max`` runs two
such processes at once, one a core (:data:`PARTS`), and times them. No build that writes
these files and their checksums can take less on this machine: it has this work and
more (reading its input, checking and escaping values, the page, DCAT, the descriptor).
Figures, not assertions.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

if __name__ == "__main__":  # run as a script: the benchmarks package is beside it
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.scale import BASE, VOCAB

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
COFOG = "http://linked.data.gov.au/def/cofog/"
#: Every file, in the order of the suffixes a publication lists.
SUFFIXES = ("csv", "nt", "ttl", "rdf", "jsonld")
#: Two processes, one a core, of about the same work: the CSV and the N-Triples (the
#: largest file), then the other three.
PARTS = ("csv,nt", "ttl,rdf,jsonld")
#: Lines joined before a write.
BATCH = 1_000

#: (predicate's IRI, its prefixed name) of the floor's fixed statements about a line.
_FIXED = (
    (f"{RDF}type", "rdf:type"),
    (f"{RDFS}label", "rdfs:label"),
    (f"{VOCAB}amount", "nb:amount"),
    (f"{VOCAB}classification", "nb:classification"),
    (f"{VOCAB}cofog", "nb:cofog"),
    (f"{VOCAB}identifier", "nb:identifier"),
    (f"{VOCAB}sourceRows", "nb:sourceRows"),
)
_PREFIXES = {"rdf": RDF, "rdfs": RDFS, "xsd": XSD, "nb": VOCAB, "cofog": COFOG}


def _cells(row: list[str], number: int) -> tuple[str, str, str, str, str]:
    """A line's path, label, amount in yen, COFOG code and source row, as text."""
    path = "1-expenditure-" + "-".join(row[4:13:2])
    return path, row[13], str(int(row[14]) * 1000), row[16], str(number + 2)


def nt(row: list[str], number: int, count: int) -> str:
    """The floor's statements (``scale._line_statements``) as N-Triples."""
    path, label, amount, cofog, source = _cells(row, number)
    s = f"<{BASE}line/{path}>"
    out = [
        f"<{BASE}budget> <{VOCAB}hasLine> {s} .\n",
        f"{s} <{RDF}type> <{VOCAB}BudgetLine> .\n",
        f'{s} <{RDFS}label> "{label}"@ja .\n',
        f'{s} <{VOCAB}amount> "{amount}"^^<{XSD}integer> .\n',
        f"{s} <{VOCAB}classification> <{BASE}classification/{path}> .\n",
        f"{s} <{VOCAB}cofog> <{COFOG}{cofog}> .\n",
        f'{s} <{VOCAB}identifier> "{path}" .\n',
        f'{s} <{VOCAB}sourceRows> "{source}" .\n',
    ][:count]
    out += [f'{s} <{VOCAB}p{j}> "{row[11]}"@ja .\n' for j in range(len(out), count)]
    return "".join(out)


def ttl(row: list[str], number: int, count: int) -> str:
    """The same statements as Turtle: one subject block, prefixed names."""
    path, label, amount, cofog, source = _cells(row, number)
    s = f"<line/{path}>"
    objects = [
        "nb:BudgetLine",
        f'"{label}"@ja',
        amount,
        f"<classification/{path}>",
        f"cofog:{cofog}",
        f'"{path}"',
        f'"{source}"',
    ][: count - 1]
    pairs = [f"{name} {value}" for (_, name), value in zip(_FIXED, objects, strict=False)]
    pairs += [f'nb:p{j} "{row[11]}"@ja' for j in range(len(pairs) + 1, count)]
    head = f"<budget> nb:hasLine {s} .\n"
    return head + (f"{s} " + " ;\n    ".join(pairs) + " .\n" if pairs else "")


def rdf(row: list[str], number: int, count: int) -> str:
    """The same statements as RDF/XML: one typed element a line."""
    path, label, amount, cofog, source = _cells(row, number)
    s = f"{BASE}line/{path}"
    head = f'<rdf:Description rdf:about="{BASE}budget"><nb:hasLine rdf:resource="{s}"/>'
    elements = [
        f'<rdf:type rdf:resource="{VOCAB}BudgetLine"/>',
        f'<rdfs:label xml:lang="ja">{label}</rdfs:label>',
        f'<nb:amount rdf:datatype="{XSD}integer">{amount}</nb:amount>',
        f'<nb:classification rdf:resource="{BASE}classification/{path}"/>',
        f'<nb:cofog rdf:resource="{COFOG}{cofog}"/>',
        f"<nb:identifier>{path}</nb:identifier>",
        f"<nb:sourceRows>{source}</nb:sourceRows>",
    ][: count - 1]
    elements += [
        f'<nb:p{j} xml:lang="ja">{row[11]}</nb:p{j}>' for j in range(len(elements) + 1, count)
    ]
    body = f'<rdf:Description rdf:about="{s}">{"".join(elements)}</rdf:Description>'
    return f"{head}</rdf:Description>\n{body}\n" if elements else f"{head}</rdf:Description>\n"


def jsonld(row: list[str], number: int, count: int) -> str:
    """The same statements as JSON-LD node objects (a ``@graph``'s members, each ending
    with a comma: the document's last member is an empty node object)."""
    path, label, amount, cofog, source = _cells(row, number)
    s = f"{BASE}line/{path}"
    head = f'{{"@id":"{BASE}budget","nb:hasLine":{{"@id":"{s}"}}}},\n'
    members = [
        f'"rdfs:label":{{"@value":"{label}","@language":"ja"}}',
        f'"nb:amount":{{"@value":"{amount}","@type":"xsd:integer"}}',
        f'"nb:classification":{{"@id":"{BASE}classification/{path}"}}',
        f'"nb:cofog":{{"@id":"{COFOG}{cofog}"}}',
        f'"nb:identifier":"{path}"',
        f'"nb:sourceRows":"{source}"',
    ][: count - 2]
    members += [
        f'"nb:p{j}":{{"@value":"{row[11]}","@language":"ja"}}'
        for j in range(len(members) + 2, count)
    ]
    return (
        head + f'{{"@type":"nb:BudgetLine","@id":"{s}"' + "".join("," + m for m in members) + "},\n"
    )


def csv_line(row: list[str], number: int) -> list[object]:
    """The floor's CSV row of a line."""
    path, _, amount, cofog, source = _cells(row, number)
    return ["132241", path, "2021-approved", path, cofog, amount, source]


_HEADS = {
    "nt": "",
    "ttl": f"@base <{BASE}> .\n"
    + "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in _PREFIXES.items()),
    "rdf": '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF'
    + "".join(f' xmlns:{name}="{iri}"' for name, iri in _PREFIXES.items())
    + ">\n",
    "jsonld": json.dumps({"@context": _PREFIXES}, ensure_ascii=False)[:-1] + ',"@graph":[\n',
}
_TAILS = {"nt": "", "ttl": "", "rdf": "</rdf:RDF>\n", "jsonld": "{}]}\n"}
#: A line's statements as text: (row, number, statements) → text.
_Text = Callable[[list[str], int, int], str]
_WRITERS: dict[str, _Text] = {
    "nt": nt,
    "ttl": ttl,
    "rdf": rdf,
    "jsonld": jsonld,
}


class _Hashed:
    """A binary file whose SHA-256 is updated on every write."""

    def __init__(self, path: Path) -> None:
        self.handle: IO[bytes] = path.open("wb")
        self.sha = hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.sha.update(data)
        self.handle.write(data)

    def close(self) -> str:
        self.handle.close()
        return self.sha.hexdigest()


def write(source: Path, out: Path, triples: int, suffixes: Sequence[str]) -> dict[str, str]:
    """Write the floor's lines in each of ``suffixes``; their SHA-256 digests."""
    with source.open(encoding="utf-8", newline="") as handle:
        lines = sum(1 for _ in handle) - 1
    each, extra = divmod(triples, max(lines, 1))
    if each < 2:
        raise SystemExit(f"{triples} statements for {lines} lines: at least 2 a line")
    out.mkdir(parents=True, exist_ok=True)
    files = {suffix: _Hashed(out / f"lines.{suffix}") for suffix in suffixes}
    graphs = [(files[s], _WRITERS[s]) for s in suffixes if s != "csv"]
    table = _CsvText() if "csv" in files else None
    for suffix, file in files.items():
        file.write(_HEADS.get(suffix, ""))
    with source.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        pending: list[list[str]] = [[] for _ in graphs]
        for number, row in enumerate(rows):
            count = each + (number < extra)
            for texts, (_, text_of) in zip(pending, graphs, strict=True):
                texts.append(text_of(row, number, count))
            if table is not None:
                table.add(csv_line(row, number))
            if number % BATCH == BATCH - 1:
                _flush(pending, graphs, table, files)
        _flush(pending, graphs, table, files)
    for suffix, file in files.items():
        file.write(_TAILS.get(suffix, ""))
    return {suffix: file.close() for suffix, file in files.items()}


class _CsvText:
    """CSV rows made by the csv module into a string buffer (written a batch at a time)."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)
        self.writer.writerow(
            ["全国地方公共団体コード", "ID", "予算ID", "分類ID", "COFOG", "金額", "出典行"]
        )

    def add(self, row: list[object]) -> None:
        self.writer.writerow(row)

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _flush(
    pending: list[list[str]],
    graphs: list[tuple[_Hashed, _Text]],
    table: _CsvText | None,
    files: dict[str, _Hashed],
) -> None:
    for texts, (file, _) in zip(pending, graphs, strict=True):
        file.write("".join(texts))
        texts.clear()
    if table is not None:
        files["csv"].write(table.take())


def measure(source: Path, out: Path, triples: int) -> tuple[float, list[tuple[float, float]]]:
    """Run :data:`PARTS` as two processes at once, writing into ``out`` (removed after):
    the pair's wall time, and each process's CPU time (user + system) and peak RSS (MiB)."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, __file__, str(source), str(out), str(triples), "--part", part]
        )
        for part in PARTS
    ]
    usages: list[tuple[float, float]] = []
    for process, part in zip(processes, PARTS, strict=True):
        _, status, usage = os.wait4(process.pid, 0)
        if status:
            raise SystemExit(f"failed: floor_formats.py --part {part}")
        usages.append((usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    seconds = time.perf_counter() - started
    shutil.rmtree(out)
    return seconds, usages


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("triples", type=int)
    parser.add_argument("--part", default=",".join(SUFFIXES))
    options = parser.parse_args(argv)
    suffixes = options.part.split(",")
    digests = write(options.source, options.out, options.triples, suffixes)
    name = options.out / f"sha256-{'-'.join(suffixes)}.json"
    name.write_text(json.dumps(digests, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
