# A project title without a language tag.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?p nb:title ?t } INSERT { ?p nb:title ?plain } WHERE { ?p a nb:Project ; nb:identifier "P1-01" ; nb:title ?t . FILTER (lang(?t) = "ja") BIND (STR(?t) AS ?plain) }
