"""The vocabulary page's last two sections: the alignments, and an example of the data.

:func:`alignments_section` renders ``vocab/alignments.ttl`` as tables (one per kind of
mapping); :func:`example_section` cuts one project, one tagged initiative, its tag and
the project's cube observation out of the shipped budget's RDF, in Turtle and JSON-LD.
Both feed :func:`docsgen.vocabulary.render_vocabulary_doc`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import OWL, QB, RDF, RDFS, SKOS
from rdflib.term import Node, URIRef

from nerima_opendata.api import load_budget
from nerima_opendata.rdf.vocab import (
    CONTEXT_IRI,
    NB,
    vocab_file,
)
from nerima_opendata.writers.graph import new_graph
from nerima_opendata.writers.rdf import serialize, to_graph
from nerima_opendata.writers.rdf_files import jsonld_text
from nerima_opendata.writers.rdf_terms import groups_from_triples

__all__ = ["alignments_section", "example_section", "table_cell"]


def table_cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


# --- alignments ----------------------------------------------------------------------

#: The kinds of mapping, each a table: heading, relations in row order, and what they mean.
_MAPPING_KINDS: tuple[tuple[str, tuple[tuple[URIRef, str], ...]], ...] = (
    (
        "Sub-properties and sub-classes",
        (
            (RDFS.subPropertyOf, "every statement with our property also holds with the other"),
            (RDFS.subClassOf, "every instance of our class is an instance of the other"),
        ),
    ),
    (
        "Equivalences",
        (
            (OWL.equivalentProperty, "the same property"),
            (OWL.equivalentClass, "the same class"),
            (OWL.sameAs, "the same resource"),
        ),
    ),
    (
        "SKOS mappings",
        (
            (SKOS.exactMatch, "interchangeable in a wide range of applications"),
            (SKOS.closeMatch, "similar enough to be interchangeable in some applications"),
            (SKOS.broadMatch, "the other term is broader"),
            (SKOS.narrowMatch, "the other term is narrower"),
            (SKOS.relatedMatch, "an associative link"),
        ),
    ),
    ("Other links", ((RDFS.seeAlso, "further information"),)),
)


#: Annotations read as the note of an alignment (on an ``owl:Axiom`` of it, or on our term).


_NOTE_PREDICATES = (RDFS.comment, SKOS.scopeNote, SKOS.note)

# A CURIE's local part as written here: no separators, no spaces.
_LOCAL = re.compile(r"[^\s/#?<>`|]+")


def _prefixes(*graphs: Graph) -> dict[str, str]:
    """Namespace → prefix: the first graph's bindings win, then the next graph's."""
    chosen: dict[str, str] = {}
    for graph in graphs:
        for prefix, namespace in sorted(graph.namespaces()):
            if prefix and str(namespace) not in chosen and prefix not in chosen.values():
                chosen[str(namespace)] = prefix
    return chosen


def _curie(node: Node, prefixes: dict[str, str]) -> str:
    """A CURIE by the longest matching namespace, or ``<iri>``; a literal as Turtle."""
    if isinstance(node, Literal):
        return node.n3()
    iri = str(node)
    for namespace in sorted(prefixes, key=len, reverse=True):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and _LOCAL.fullmatch(local):
            return f"{prefixes[namespace]}:{local}"
    return f"<{iri}>"


def _note(graph: Graph, triple: tuple[Node, Node, Node]) -> str:
    """The note on one alignment: of an ``owl:Axiom`` about it, else on its subject."""
    subject, predicate, obj = triple
    holders = [
        axiom
        for axiom in graph.subjects(OWL.annotatedSource, subject)
        if (axiom, OWL.annotatedProperty, predicate) in graph
        and (axiom, OWL.annotatedTarget, obj) in graph
    ]
    for holder in [*sorted(holders, key=str), subject]:
        values = [v for p in _NOTE_PREDICATES for v in graph.objects(holder, p)]
        texts = sorted(
            (v for v in values if isinstance(v, Literal)),
            key=lambda v: (v.language not in (None, "en"), str(v)),
        )
        if texts:
            return str(texts[0])
    return ""


def alignments_section() -> list[str]:
    """One table per kind of mapping in ``vocab/alignments.ttl``, and the prefixes used."""
    graph = Graph(bind_namespaces="none")
    graph.parse(vocab_file("alignments"), format="turtle")
    prefixes = _prefixes(new_graph(), graph)
    skipped = {RDF.type, OWL.imports, OWL.versionInfo, *_NOTE_PREDICATES}
    headers = set(graph.subjects(RDF.type, OWL.Ontology))
    annotation = {OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
    links = sorted(
        (s, p, o)
        for s, p, o in graph
        if isinstance(s, URIRef)
        and isinstance(p, URIRef)
        and isinstance(o, URIRef)
        and s not in headers
        and p not in skipped | annotation
    )
    known = {p for _, relations in _MAPPING_KINDS for p, _ in relations}
    others = sorted({p for _, p, _ in links if p not in known}, key=str)
    meaning = {p: text for _, relations in _MAPPING_KINDS for p, text in relations}
    kinds = [
        (title, [p for p, _ in relations] + (others if title == "Other links" else []))
        for title, relations in _MAPPING_KINDS
    ]
    lines = [
        "## Alignments",
        "",
        "Links from our terms to OpenBudgets.eu, the Fiscal Data Package, SDMX, schema.org "
        "and the IMI core vocabulary (共通語彙基盤), from `vocab/alignments.ttl`: a graph "
        "of its own, kept apart from the core vocabulary "
        "(`nerima_opendata.rdf.vocab.load_vocab(alignments=True)` adds it). "
        "`rdfs:subPropertyOf` is used only where every statement with our property also "
        "holds with the other one; the SKOS mapping properties are looser crosswalks. "
        "The Fiscal Data Package has no IRIs: its phase and direction values are the "
        "`skos:notation` of our concepts (see [Concept schemes](#concept-schemes)).",
        "",
    ]
    used: set[str] = set()
    for title, relations in kinds:
        rows = sorted(
            (relations.index(p), _curie(s, prefixes), _curie(o, prefixes), _note(graph, (s, p, o)))
            for s, p, o in links
            if p in relations
        )
        if not rows:
            continue
        with_notes = any(note for *_, note in rows)
        lines += [
            f"### {title}",
            "",
            "| Term | Relation | Aligned with |" + (" Note |" if with_notes else ""),
            "|---|---|---|" + ("---|" if with_notes else ""),
        ]
        for rank, ours, theirs, note in rows:
            relation = _curie(relations[rank], prefixes)
            used.update(c.split(":", 1)[0] for c in (ours, relation, theirs) if c[0] != "<")
            lines.append(
                f"| `{ours}` | `{relation}` | `{theirs}` |"
                + (f" {table_cell(note)} |" if with_notes else "")
            )
        present = [p for p in relations if p in meaning and any(p == relations[r[0]] for r in rows)]
        lines.append("")
        if present:
            meanings = "; ".join(f"`{_curie(p, prefixes)}`: {meaning[p]}" for p in present)
            lines += [meanings + ".", ""]
    lines += ["### Prefixes", "", "| Prefix | Namespace |", "|---|---|"]
    for namespace, prefix in sorted(prefixes.items(), key=lambda item: item[1]):
        if prefix in used:
            lines.append(f"| `{prefix}:` | `<{namespace}>` |")
    return [*lines, ""]


# --- example -------------------------------------------------------------------------


def _first(nodes: Iterable[Node]) -> Node | None:
    return min(nodes, key=str, default=None)


def _example_subjects(graph: Graph) -> list[Node]:
    """A project, one of its initiatives, that initiative's tag and the project's observation.

    Picked by type and by following the data's links (not by IRI): the first project, in
    IRI order, that has an initiative with a tag and an observation.

    Raises:
        ValueError: No project has a tagged initiative and an observation.
    """
    for project in sorted(graph.subjects(RDF.type, NB.Project), key=str):
        linked = set(graph.subjects(NB.project, project))
        initiatives = sorted(
            (
                s
                for s in linked
                if (s, RDF.type, NB.Initiative) in graph and (s, NB.tag, None) in graph
            ),
            key=str,
        )
        observation = _first(s for s in linked if (s, RDF.type, QB.Observation) in graph)
        if initiatives and observation is not None:
            tag = _first(graph.objects(initiatives[0], NB.tag))
            assert tag is not None
            return [project, initiatives[0], tag, observation]
    raise ValueError("the budget has no project with a tagged initiative and an observation")


def _turtle(graph: Graph, subjects: list[Node]) -> str:
    """Turtle of the triples of ``subjects``, one block each, in the given order.

    rdflib orders the subjects of a document itself; each block is serialized on its own
    (with the graph's prefixes) and the prefix lines are written once, at the top.
    """
    parts = []
    for subject in subjects:
        part = Graph(bind_namespaces="none")
        for prefix, namespace in graph.namespaces():
            part.bind(prefix, namespace)
        for triple in graph.triples((subject, None, None)):
            part.add(triple)
        parts.append(serialize(part, ".ttl").decode("utf-8"))
    whole = serialize(graph, ".ttl").decode("utf-8")
    head = [line for line in whole.splitlines() if line.startswith("@prefix")]
    blocks = [
        "\n".join(line for line in part.splitlines() if not line.startswith("@prefix")).strip()
        for part in parts
    ]
    return "\n\n".join(["\n".join(head), *blocks])


def example_section() -> list[str]:
    """An excerpt of the shipped budget's RDF, as Turtle and as compact JSON-LD."""
    graph = to_graph(load_budget())
    subjects = _example_subjects(graph)
    excerpt = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        excerpt.bind(prefix, namespace)
    for subject in subjects:
        for triple in graph.triples((subject, None, None)):
            excerpt.add(triple)
    turtle = _turtle(excerpt, subjects)
    # The streaming writer the publication's .jsonld comes from, one subject at a time.
    triples = [t for subject in subjects for t in sorted(excerpt.triples((subject, None, None)))]
    document = json.loads(jsonld_text(groups_from_triples(triples)))
    document["@context"] = CONTEXT_IRI  # the file embeds it; here it is named
    jsonld = json.dumps(document, ensure_ascii=False, indent=2)
    return [
        "## Example",
        "",
        "A real excerpt of the shipped budget's RDF "
        "(`nerima_opendata.writers.rdf.to_graph(nerima_opendata.load_budget())`): one "
        "project with its amount, one of its initiatives with its tag, and the project's "
        "Data Cube observation. Every triple about these resources is shown; the resources "
        "they link to (the pillar, the cube, the publisher …) are described in the full "
        "graph. English values are unofficial translations.",
        "",
        "### Turtle",
        "",
        "```turtle",
        turtle,
        "```",
        "",
        "### JSON-LD",
        "",
        "The same triples as JSON-LD, written as the publication's `.jsonld` file is "
        f"(the streaming writer). The file embeds the shipped context "
        f"(`vocab/context.jsonld`) with the municipality's `@base` first, and writes the "
        f"data's IRIs relative to it; here the context is named by its IRI, {CONTEXT_IRI}, "
        "and the IRIs are whole. A key is a context term where its type matches the "
        "value, else a prefixed name:",
        "",
        "```json",
        jsonld,
        "```",
        "",
    ]
