# A second observation with the same value for every dimension.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT { ?copy ?pred ?obj } WHERE { ?o a qb:Observation ; nb:project/nb:identifier "P1-01" ; ?pred ?obj . BIND (IRI(CONCAT(STR(?o), "-copy")) AS ?copy) }
