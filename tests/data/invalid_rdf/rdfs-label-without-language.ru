# A project whose Japanese rdfs:label lost its language tag.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
DELETE { ?p rdfs:label ?label }
INSERT { ?p rdfs:label ?plain }
WHERE { ?p a nb:Project ; nb:identifier "P1-01" ; rdfs:label ?label . FILTER(lang(?label) = "ja") BIND(STR(?label) AS ?plain) }
