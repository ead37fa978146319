"""JSON-LD through pyld, with a document loader that never touches the network.

The only document the loader resolves is our context, from the shipped file
(``vocab/context.jsonld``, named :data:`~nerima_opendata.vocab.CONTEXT_IRI`); any other
IRI is refused. rdflib's own JSON-LD plugin is not used: it fetches remote contexts and
puts every bound prefix into the context.

Spec: JSON-LD 1.1 Processing Algorithms, https://www.w3.org/TR/json-ld11-api/ (§9.4
LoadDocumentCallback; §6.1 expansion; §6.2 compaction; §8 RDF serialization).
"""

from __future__ import annotations

import json
from typing import Any

from pyld import jsonld
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from nerima_opendata.vocab import CONTEXT_IRI, load_context

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


def _ntriples(graph: Graph) -> str:
    data = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return "".join(sorted(line + "\n" for line in data.splitlines() if line.strip()))


def to_jsonld(graph: Graph) -> str:
    """A graph as JSON-LD compacted with our context (embedded in the file), deterministic.

    Args:
        graph: A graph without blank nodes.

    Returns:
        The JSON text (UTF-8 safe, sorted keys, ending in a newline).
    """
    expanded = jsonld.from_rdf(_ntriples(graph), {"format": "application/n-quads"})
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
    nquads = jsonld.to_rdf(
        json.loads(document),
        {"format": "application/n-quads", "documentLoader": local_document_loader},
    )
    graph = Graph(bind_namespaces="none")
    graph.parse(data=nquads, format="nt")
    for s, p, o in list(graph):
        if isinstance(o, Literal) and o.datatype == XSD.string:
            graph.remove((s, p, o))
            graph.add((s, p, Literal(str(o))))
    return graph
