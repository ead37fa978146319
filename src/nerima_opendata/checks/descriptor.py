"""Stage 1 of :func:`~nerima_opendata.checks.validation.validate`: the descriptor lists
every canonical table with its schema, and each table's file is readable with the
canonical header; then the text warnings (characters a reader would not see)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.known import check_known
from nerima_opendata.checks.listed import check_all_listed
from nerima_opendata.checks.records import FileCheck, check_file
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.checks.text_warnings import add_text_warnings
from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.files.progress import Say
from nerima_opendata.model import TableName
from nerima_opendata.model.tables import TableSpec, kinds_listed, tables_for
from nerima_opendata.readers.package import read_descriptor, resource_path, resources_by_name
from nerima_opendata.writers.formats import DESCRIPTOR

__all__ = ["Stage", "descriptor_stage", "first_stages", "warning_stage"]

#: What stage 1 gives the next: the descriptor, its resources by name, each table's file.
Stage = tuple[dict[str, Any], dict[Any, dict[str, Any]], dict[TableName, FileCheck]]


def first_stages(
    directory: StrPath, report: Report, say: Say
) -> tuple[Stage, tuple[TableSpec, ...]] | None:
    """The descriptor stage and the tables it lists; ``None`` when it failed (nothing
    else can be checked). The text warnings (:func:`warning_stage`) come after it."""
    directory = Path(directory)
    say("checking datapackage.json and each file's size and hash")
    stage = descriptor_stage(directory, report)
    if stage is None:
        return None
    return stage, tables_for(kinds_listed(str(name) for name in stage[1]))


def warning_stage(
    directory: StrPath, stage: Stage, specs: tuple[TableSpec, ...], report: Report, say: Say
) -> None:
    """The text warnings of the tables the descriptor stage found."""
    say("looking for characters to warn of")
    add_text_warnings(Path(directory), stage[1], specs, report)


def descriptor_stage(directory: StrPath, report: Report) -> Stage | None:
    """Stage 1: the descriptor lists every canonical table with its schema, and each
    table's file is readable with the canonical header. ``None`` when it failed."""
    directory = Path(directory)
    report.checks.append("descriptor")
    try:
        descriptor = read_descriptor(directory)
    except InputError as exc:
        report.add(
            ReportError(
                ErrorTypes.DESCRIPTOR,
                exc.message,
                file=DESCRIPTOR if exc.path and exc.path.name == DESCRIPTOR else None,
                row=exc.line,
                found=None if exc.found is None else str(exc.found),
                expected=exc.expected,
            )
        )
        return None
    resources = resources_by_name(descriptor)
    specs = tables_for(kinds_listed(str(name) for name in resources))
    check_all_listed(
        report, specs, resources, what="a canonical table", source="nerima_opendata.model.tables"
    )
    for resource in descriptor["resources"]:
        check_known(report, resource)
        try:
            resource_path(directory, resource if isinstance(resource, dict) else {})
        except InputError as exc:
            report.add(
                ReportError(
                    ErrorTypes.DESCRIPTOR,
                    exc.message,
                    file=DESCRIPTOR,
                    field="path",
                    found=str(exc.found),
                    expected=exc.expected,
                )
            )
    if report.errors:
        return None
    checked = {spec.name: check_file(directory, resources[spec.name], spec) for spec in specs}
    for check in checked.values():
        for error in check.errors:
            report.add(error)
    return None if report.errors else (descriptor, resources, checked)
