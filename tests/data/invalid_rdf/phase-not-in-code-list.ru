# An observation whose phase is not in the phase scheme (IC-19).
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?o nb:phase ?x } INSERT { ?o nb:phase <http://data.openbudgets.eu/resource/codelist/budget-phase/draft> } WHERE { ?o a qb:Observation ; nb:project/nb:identifier "P1-01" ; nb:phase ?x }
