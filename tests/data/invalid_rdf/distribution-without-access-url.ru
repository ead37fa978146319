# A distribution without dcat:accessURL (DCAT-AP mandatory).
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
DELETE { ?d dcat:accessURL ?u } WHERE { ?d a dcat:Distribution ; dcat:accessURL ?u }
