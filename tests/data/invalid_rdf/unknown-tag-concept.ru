# An initiative tagged with a concept that no scheme defines.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT { ?i nb:tag <https://w3id.org/nerima-opendata/vocab/tag/first-on-mars> } WHERE { ?i a nb:Initiative ; nb:identifier "P1-01-01" }
