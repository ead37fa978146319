# A project with two Japanese titles.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT { ?p nb:title "別の事業名"@ja } WHERE { ?p a nb:Project ; nb:identifier "P1-01" }
