# An amount typed as xsd:double (precision is lost).
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?p nb:amount ?a } INSERT { ?p nb:amount "1.8723E8"^^xsd:double } WHERE { ?p a nb:Project ; nb:identifier "P1-01" ; nb:amount ?a }
