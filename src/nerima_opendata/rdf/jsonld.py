"""JSON-LD through pyld, with a document loader that never touches the network.

The only document the loader resolves is our context, from the shipped file
(``vocab/context.jsonld``, named :data:`~nerima_opendata.rdf.vocab.CONTEXT_IRI`); any other
IRI is refused. rdflib's own JSON-LD plugin is not used: it fetches remote contexts and
puts every bound prefix into the context.

Spec: JSON-LD 1.1 Processing Algorithms, https://www.w3.org/TR/json-ld11-api/ (§9.4
LoadDocumentCallback; §6.1 expansion; §6.2 compaction; §8 RDF serialization).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from nerima_opendata.files.extras import LazyModule
from nerima_opendata.rdf.vocab import CONTEXT_IRI, load_context

if TYPE_CHECKING:
    from pyld import jsonld
else:
    jsonld = LazyModule("rdf", "the JSON-LD file of a publication", "pyld.jsonld")

__all__ = ["from_jsonld", "local_document_loader", "to_jsonld"]


def local_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Resolve our context from the shipped file; refuse every other document.

    Args:
        url: The IRI pyld wants to load.
        options: pyld's loader options (unused).

    Returns:
        The remote-document dict pyld expects.

    Raises:
        jsonld.JsonLdError: ``url`` is not our context IRI (nothing is fetched).
    """
    if url == CONTEXT_IRI:
        return {"contextUrl": None, "documentUrl": url, "document": load_context()}
    raise jsonld.JsonLdError(
        f"refusing to load {url!r}: only the shipped context {CONTEXT_IRI} is resolved "
        "(no network access)",
        "jsonld.LoadDocumentError",
        {"url": url},
        code="loading document failed",
    )


def _term(node: Node) -> dict[str, str]:
    """One RDF term in pyld's dataset form."""
    if isinstance(node, Literal):
        term = {"type": "literal", "value": str(node)}
        if node.language:
            term |= {"datatype": str(RDF.langString), "language": node.language}
        else:
            term["datatype"] = str(node.datatype or XSD.string)
        return term
    if isinstance(node, BNode):
        return {"type": "blank node", "value": f"_:{node}"}
    return {"type": "IRI", "value": str(node)}


def _dataset(graph: Graph) -> dict[str, list[dict[str, dict[str, str]]]]:
    """The graph as pyld's RDF dataset, in a fixed order.

    Handing pyld the terms themselves, not N-Quads text, avoids its N-Quads parser
    (which unescapes ``\\n`` in ``C:\\new`` twice) and any splitting of lines.
    """
    triples = [
        {"subject": _term(s), "predicate": _term(p), "object": _term(o)}
        for s, p, o in sorted(graph)
    ]
    return {"@default": triples}


def _graph(dataset: dict[str, Any]) -> Graph:
    """pyld's RDF dataset (default graph) as an rdflib graph; xsd:string as plain."""
    graph = Graph(bind_namespaces="none")
    for triple in dataset.get("@default", []):
        subject, predicate, obj = triple["subject"], triple["predicate"], triple["object"]
        if obj["type"] == "literal":
            language = obj.get("language")
            datatype = obj.get("datatype")
            plain = language or datatype in (None, str(XSD.string))
            value: Node = Literal(
                obj["value"],
                lang=language,
                datatype=None if plain else URIRef(datatype),
            )
        else:
            value = _resource(obj)
        graph.add((_resource(subject), URIRef(predicate["value"]), value))
    return graph


def _resource(term: dict[str, str]) -> URIRef | BNode:
    """An IRI or a blank node of pyld's dataset form (``_:b0``: the blank node ``b0``)."""
    value = term["value"]
    return BNode(value[2:]) if term["type"] == "blank node" else URIRef(value)


def to_jsonld(graph: Graph) -> str:
    """A graph as JSON-LD compacted with our context (embedded in the file), deterministic.

    Args:
        graph: The graph; its blank nodes keep their labels (the output is the same
            each run when their labels are: the budget graph has none).

    Returns:
        The JSON text (UTF-8 safe, sorted keys, ending in a newline).
    """
    expanded = jsonld.from_rdf(_dataset(graph), {})
    options = {"documentLoader": local_document_loader, "base": ""}
    compacted = jsonld.compact(expanded, CONTEXT_IRI, options)
    # The context is embedded, not referenced: its IRI is not served yet, and a file that
    # needs no remote document can be read by any JSON-LD processor, offline.
    compacted["@context"] = load_context()["@context"]
    return json.dumps(compacted, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def from_jsonld(document: str) -> Graph:
    """The RDF graph of a JSON-LD document, expanded with the local loader only.

    ``xsd:string`` literals are read as plain literals, as in Turtle and N-Triples.

    Args:
        document: JSON-LD text.

    Returns:
        The graph.

    Raises:
        jsonld.JsonLdError: The document is not JSON-LD, or needs a remote document.
        json.JSONDecodeError: The text is not JSON.
    """
    dataset = jsonld.to_rdf(json.loads(document), {"documentLoader": local_document_loader})
    return _graph(dataset)
