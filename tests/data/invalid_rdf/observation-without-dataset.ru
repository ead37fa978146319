# An observation in no data set (IC-1).
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?o qb:dataSet ?d } WHERE { ?o a qb:Observation ; nb:project/nb:identifier "P1-01" ; qb:dataSet ?d }
