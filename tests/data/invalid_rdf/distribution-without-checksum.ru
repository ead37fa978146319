# A data file's distribution that lost its checksum.
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX spdx: <http://spdx.org/rdf/terms#>
DELETE { ?d spdx:checksum ?c } WHERE { ?d a dcat:Distribution ; spdx:checksum ?c . FILTER(STRENDS(STR(?d), "projects.csv")) }
