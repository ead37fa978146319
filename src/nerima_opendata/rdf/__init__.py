"""Linked-data terms: the vocabulary, namespaces, data IRIs and the JSON-LD context."""
