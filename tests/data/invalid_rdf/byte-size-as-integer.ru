# A distribution byte size typed xsd:integer, not xsd:nonNegativeInteger.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
DELETE { ?d dcat:byteSize ?b } INSERT { ?d dcat:byteSize ?i } WHERE { ?d a dcat:Distribution ; dcat:byteSize ?b . BIND (xsd:integer(STR(?b)) AS ?i) }
