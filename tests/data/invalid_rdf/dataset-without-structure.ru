# A data set without its structure (IC-2).
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?d qb:structure ?s } WHERE { ?d a qb:DataSet ; qb:structure ?s }
