# An initiative that belongs to no project.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?i nb:project ?p } WHERE { ?i a nb:Initiative ; nb:identifier "P1-01-01" ; nb:project ?p }
