# A statement that marks an inferred link without its nb:certainty.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
DELETE { ?m nb:certainty ?c } WHERE { ?m a rdf:Statement ; nb:certainty ?c }
