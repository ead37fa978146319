# An observation without its amount (IC-14).
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?o nb:amount ?a } WHERE { ?o a qb:Observation ; nb:project/nb:identifier "P1-01" ; nb:amount ?a }
