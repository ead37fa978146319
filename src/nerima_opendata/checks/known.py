"""The resources a package or publication of this tool may list.

A descriptor may name any file; the tool reads only the canonical tables and the files
of a publication's layout (:class:`~nerima_opendata.publication.layout.Layout`). Any
other resource is reported, and never read.
"""

from __future__ import annotations

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.model import DocumentKind
from nerima_opendata.publication.layout import Layout
from nerima_opendata.writers.formats import DESCRIPTOR

__all__ = ["KNOWN", "check_known"]

#: Every resource name a package or publication of this tool may list.
KNOWN = frozenset(e.name for e in Layout("", kinds=frozenset(DocumentKind)).resources())


def check_known(report: Report, resource: object) -> None:
    """A resource is a canonical table or a file of the publication's layout; any other
    is an error, and is never read."""
    name = resource.get("name") if isinstance(resource, dict) else None
    if name not in KNOWN:
        report.add(
            ReportError(
                ErrorTypes.DESCRIPTOR,
                "a resource that is not part of the canonical package or publication "
                "(it was not read)",
                file=DESCRIPTOR,
                field="resources",
                found=str(name),
                expected="only the canonical tables and the publication's files",
            )
        )
