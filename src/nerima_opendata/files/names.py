"""The names of the files of a publication that are not named after the budget.

:data:`DESCRIPTOR` and :data:`HTML_FILE` are defined once, here, at the bottom of the
layering, so that :mod:`nerima_opendata.files.atomic` (which recognizes a publication by
its descriptor) and :mod:`nerima_opendata.writers.formats` (which re-exports them for the
writers and the publication layout) share them without a cycle. This module imports
nothing from the project.
"""

from __future__ import annotations

__all__ = ["DESCRIPTOR", "HTML_FILE"]

#: The Data Package descriptor's file name, in a canonical package and a publication.
DESCRIPTOR = "datapackage.json"
#: The preview page's file name in a publication.
HTML_FILE = "index.html"
