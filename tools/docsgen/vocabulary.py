"""Generated documentation: ``docs/vocabulary.md`` from the shipped ``vocab/`` files.

The page has every term with its labels and definition, the alignments with other
vocabularies (``vocab/alignments.ttl``) and an example: a small excerpt of the shipped
budget's RDF, in Turtle and JSON-LD (those two sections: :mod:`.examples`).

The committed file must equal :func:`render_vocabulary_doc`'s output (a test checks it);
regenerate it with::

    python -m docsgen.site .
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import OWL, QB, RDF, RDFS, SH, SKOS
from rdflib.term import BNode, Node, URIRef

from docsgen.examples import alignments_section, example_section, table_cell
from nerima_opendata.rdf.vocab import (
    CERTAINTY_SCHEME,
    DIRECTION_SCHEME,
    DSD,
    EDITORIAL_KIND_SCHEME,
    FIELD_TERMS,
    NB,
    ONTOLOGY_IRI,
    PHASE_SCHEME,
    TAG_SCHEME,
    VERSION,
    VOCAB_FILES,
    load_shapes,
    load_vocab,
)

__all__ = ["VOCABULARY_DOC", "render_vocabulary_doc"]

#: Where the generated document is committed, relative to the repository root.
VOCABULARY_DOC = Path("docs") / "vocabulary.md"


def _text(graph: Graph, subject: Node, predicate: URIRef, language: str) -> str:
    for value in sorted(graph.objects(subject, predicate), key=str):
        if isinstance(value, Literal) and value.language == language:
            return str(value)
    return ""


def _name(graph: Graph, node: Node) -> str:
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " ∪ ".join(_name(graph, m) for m in Collection(graph, members))
        return "(anonymous)"
    return graph.namespace_manager.normalizeUri(str(node))


def _classes(graph: Graph) -> list[str]:
    lines = ["## Classes", "", "| Class | 日本語 | English | Definition |", "|---|---|---|---|"]
    for cls in sorted(graph.subjects(RDF.type, OWL.Class), key=str):
        if not str(cls).startswith(str(NB._NS)):
            continue
        lines.append(
            f"| `{_name(graph, cls)}` | {_text(graph, cls, RDFS.label, 'ja')} | "
            f"{_text(graph, cls, RDFS.label, 'en')} | "
            f"{table_cell(_text(graph, cls, SKOS.definition, 'en'))} |"
        )
    return [*lines, ""]


def _properties(graph: Graph) -> list[str]:
    lines = [
        "## Properties",
        "",
        "| Property | 日本語 | English | Domain | Range | Definition |",
        "|---|---|---|---|---|---|",
    ]
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = sorted({s for k in kinds for s in graph.subjects(RDF.type, k)}, key=str)
    for term in terms:
        domain = graph.value(term, RDFS.domain)
        range_ = graph.value(term, RDFS.range)
        lines.append(
            f"| `{_name(graph, term)}` | {_text(graph, term, RDFS.label, 'ja')} | "
            f"{_text(graph, term, RDFS.label, 'en')} | "
            f"{_name(graph, domain) if domain is not None else ''} | "
            f"{_name(graph, range_) if range_ is not None else ''} | "
            f"{table_cell(_text(graph, term, SKOS.definition, 'en'))} |"
        )
    return [*lines, ""]


def _fields(graph: Graph) -> list[str]:
    lines = [
        "## Model fields",
        "",
        "Every field of every model in `nerima_opendata.model` and its RDF term "
        "(`nerima_opendata.rdf.vocab.FIELD_TERMS`). An `*_en` field is the same property "
        "as its Japanese sibling, tagged `@en` (an unofficial translation).",
        "",
        "| Model | Field | Term | Language |",
        "|---|---|---|---|",
    ]
    for (model, field), mapping in FIELD_TERMS.items():
        term = (
            f"`{_name(graph, mapping.term)}`"
            if mapping.term is not None
            else "(the `nb:Budget` resource itself)"
        )
        lines.append(f"| {model.__name__} | `{field}` | {term} | {mapping.language or ''} |")
    return [*lines, ""]


def _schemes(graph: Graph) -> list[str]:
    lines = ["## Concept schemes", ""]
    for scheme in (
        PHASE_SCHEME,
        DIRECTION_SCHEME,
        TAG_SCHEME,
        EDITORIAL_KIND_SCHEME,
        CERTAINTY_SCHEME,
    ):
        lines += [
            f"### {_text(graph, scheme, SKOS.prefLabel, 'en')} "
            f"（{_text(graph, scheme, SKOS.prefLabel, 'ja')}）",
            "",
            f"`<{scheme}>`",
            "",
            "| Notation | 日本語 | English | Definition |",
            "|---|---|---|---|",
        ]
        concepts = sorted(graph.objects(scheme, SKOS.hasTopConcept), key=str)
        for concept in concepts:
            lines.append(
                f"| `{graph.value(concept, SKOS.notation)}` | "
                f"{_text(graph, concept, SKOS.prefLabel, 'ja')} | "
                f"{_text(graph, concept, SKOS.prefLabel, 'en')} | "
                f"{table_cell(_text(graph, concept, SKOS.definition, 'en'))} |"
            )
        lines.append("")
    return lines


def _cube(graph: Graph) -> list[str]:
    lines = [
        "## Data Cube structure",
        "",
        f"`{_name(graph, DSD.budget)}`: {_text(graph, DSD.budget, RDFS.comment, 'en')}",
        "",
        "| Component | Role | Property | Order |",
        "|---|---|---|---|",
    ]
    for spec in sorted(graph.objects(DSD.budget, QB.component), key=str):
        for role, predicate in (
            ("dimension", QB.dimension),
            ("measure", QB.measure),
            ("attribute", QB.attribute),
        ):
            prop = graph.value(spec, predicate)
            if prop is not None:
                order = graph.value(spec, QB.order)
                lines.append(
                    f"| `{_name(graph, spec)}` | {role} | `{_name(graph, prop)}` | "
                    f"{order if order is not None else ''} |"
                )
    return [*lines, ""]


def _shapes(shapes: Graph) -> list[str]:
    lines = ["## SHACL shapes", "", "| Shape | Targets | Constraints |", "|---|---|---|"]
    target_predicates = (SH.targetClass, SH.targetObjectsOf)
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape), key=str):
        targets = sorted(
            _name(shapes, t) for p in target_predicates for t in shapes.objects(shape, p)
        )
        count = len(list(shapes.objects(shape, SH.property))) + len(
            list(shapes.objects(shape, SH.sparql))
        )
        lines.append(f"| `{_name(shapes, shape)}` | {', '.join(targets)} | {count} |")
    return [*lines, ""]


def render_vocabulary_doc() -> str:
    """The vocabulary reference in Markdown, generated from the shipped ``vocab/`` files.

    Returns:
        The document text, deterministic, ending in a newline.
    """
    graph = load_vocab()
    shapes = load_shapes()
    header = [
        "# The nerima-budget vocabulary",
        "",
        "<!-- Generated by docsgen.vocabulary.render_vocabulary_doc(); do not edit. -->",
        "",
        f"Ontology `<{ONTOLOGY_IRI}>`, version {VERSION}; namespace `nb:` = `<{NB._NS}>`.",
        "",
        "Files in `vocab/`: "
        + ", ".join(f"`{name}`" for name in VOCAB_FILES.values())
        + ", `context.jsonld`. Links to OpenBudgets.eu, the Fiscal Data Package, SDMX, "
        "schema.org and the IMI core vocabulary are in `alignments.ttl` "
        "(see [Alignments](#alignments)); an [example](#example) of the data ends the page.",
        "",
    ]
    body = [
        *_classes(graph),
        *_properties(graph),
        *_fields(graph),
        *_schemes(graph),
        *_cube(graph),
        *_shapes(shapes),
        *alignments_section(),
        *example_section(),
    ]
    return "\n".join(header + body).rstrip("\n") + "\n"
