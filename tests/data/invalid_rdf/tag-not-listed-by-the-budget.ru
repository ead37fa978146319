# An initiative tagged directly with the vocabulary's standard concept, not a tag its budget lists.
PREFIX nb: <https://w3id.org/nerima-opendata/vocab#>
INSERT { ?i nb:tag <https://w3id.org/nerima-opendata/vocab/tag/first-in-japan> } WHERE { ?i a nb:Initiative ; nb:identifier "P1-01-01" }
