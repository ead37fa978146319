"""SPARQL: query a publication, load it into a store, serve it read-only."""
