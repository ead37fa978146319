"""Readers: the canonical data package, and the brochure text it is ingested from."""
