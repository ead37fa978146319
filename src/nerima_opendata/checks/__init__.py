"""Checks: validation of a package or publication, linked-data checks, the report."""
