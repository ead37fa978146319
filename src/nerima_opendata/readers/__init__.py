"""Readers: each turns one source format (brochure text, canonical package, RDF) into the model."""
