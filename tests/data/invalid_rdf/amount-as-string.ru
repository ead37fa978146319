# An amount typed as a string.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?p nb:amount ?a } INSERT { ?p nb:amount "187230000" } WHERE { ?p a nb:Project ; nb:identifier "P1-01" ; nb:amount ?a }
