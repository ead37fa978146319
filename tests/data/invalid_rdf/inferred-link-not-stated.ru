# A statement marks the municipality's schema:areaServed link as inferred, but the link
# itself is gone.
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
DELETE { ?s schema:areaServed ?o } WHERE { ?m rdf:subject ?s ; rdf:predicate schema:areaServed ; rdf:object ?o }
