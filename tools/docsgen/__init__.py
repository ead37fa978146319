"""Generators of the documentation's reference pages (not part of the installed package)."""
