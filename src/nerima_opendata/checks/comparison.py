"""Validation of a comparison's publication (:func:`nerima_opendata.api.compare_budgets`).

A directory whose ``datapackage.json`` lists a ``comparison`` resource is a comparison,
checked in the same stages as a budget's package:

1. ``descriptor``: every table of
   :data:`~nerima_opendata.model.change_tables.CHANGE_TABLES` is listed with exactly the
   Table Schema generated from its model, and its file has exactly its header;
2. ``frictionless``: the upstream validation (types, constraints, bytes, hashes);
3. ``records``: each row read into its model, which refuses a change, rate or status
   that does not follow from the row's two amounts;
4. ``integrity``: one comparison row, and every row's standard columns equal to it;
   unique IDs; every parent, line node and renamed node is a node of the comparison;
   the changes of a node's children and lines add up to its change, and the roots' amounts
   to the comparison's totals;
5. for a publication with RDF (each Turtle file it lists but the vocabulary's): ``terms``
   and ``shacl``; the copies of the vocabulary equal the library's (``rdf-syntax``).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from nerima_opendata.checks.catalogue import ErrorTypes
from nerima_opendata.checks.frictionless import run_frictionless
from nerima_opendata.checks.listed import check_all_listed
from nerima_opendata.checks.records import RowRecord, read_table
from nerima_opendata.checks.report import Report, ReportError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.change import ComparisonInfo, LineChange, NodeChange
from nerima_opendata.model.change_tables import CHANGE_TABLES
from nerima_opendata.model.columns import CODE_COLUMN, ID_COLUMN, NAME_COLUMN, alias
from nerima_opendata.publication.vocabulary import VOCABULARY
from nerima_opendata.readers.package import resource_path, resources_by_name

__all__ = ["check_comparison", "is_comparison"]

#: The resource names of the vocabulary's copies (checked as copies, not as data).
_VOCABULARY = frozenset(file.name for file in VOCABULARY)


def is_comparison(descriptor: dict[str, Any]) -> bool:
    """Whether a descriptor is a comparison's (it lists a ``comparison`` resource)."""
    return any(
        isinstance(r, dict) and r.get("name") == CHANGE_TABLES[0].name
        for r in descriptor.get("resources", [])
    )


def check_comparison(
    directory: StrPath, descriptor: dict[str, Any], report: Report, *, upstream: bool = True
) -> None:
    """Run every stage (see the module) over a comparison's directory into ``report``."""
    directory = Path(directory)
    report.checks.append("descriptor")
    resources = resources_by_name(descriptor)
    check_all_listed(
        report,
        CHANGE_TABLES,
        resources,
        what="a table of the comparison",
        source="nerima_opendata.model.change_tables",
    )
    if not report.valid:
        return
    if upstream:
        report.checks.append("frictionless")
        run_frictionless(directory, report, descriptor)
    report.checks.append("records")
    rows: dict[str, list[RowRecord]] = {}
    upstream_found = set(report.errors)  # an error Frictionless gave is not given twice
    for table in CHANGE_TABLES:
        read = read_table(directory, resources[table.name], table)
        for error in read.errors:
            if error not in upstream_found:
                report.add(error)
        rows[table.name] = read.records
    if not report.valid:
        return
    report.checks.append("integrity")
    files = {t.name: str(resources[t.name].get("path")) for t in CHANGE_TABLES}
    for error in _integrity(rows, files):
        report.add(error)
    turtle = [
        r
        for r in descriptor["resources"]
        if isinstance(r, dict) and r.get("format") == "ttl" and r.get("name") not in _VOCABULARY
    ]
    if report.valid and turtle:
        _linked(directory, turtle, report)


def _error(file: str, row: int | None, message: str, **details: Any) -> ReportError:
    return ReportError(ErrorTypes.INTEGRITY, message, file=file, row=row, **details)


def _integrity(rows: dict[str, list[RowRecord]], files: dict[str, str]) -> list[ReportError]:
    head = rows["comparison"]
    if len(head) != 1:
        return [
            _error(
                files["comparison"],
                None,
                "a comparison has one row",
                found=str(len(head)),
                expected="1",
            )
        ]
    info = head[0].record
    assert isinstance(info, ComparisonInfo)
    errors = _standard(rows, files, info)
    errors += _keys(rows, files)
    return errors or _sums(rows, files, info)


def _standard(
    rows: dict[str, list[RowRecord]], files: dict[str, str], info: ComparisonInfo
) -> list[ReportError]:
    """Every row's 全国地方公共団体コード, 地方公共団体名 and 比較ID are the comparison's."""
    errors = []
    for table in CHANGE_TABLES[1:]:
        for rr in rows[table.name]:
            cells = {CODE_COLUMN: rr.code, NAME_COLUMN: rr.name}
            wanted = {CODE_COLUMN: info.municipality_code, NAME_COLUMN: info.municipality_name}
            for column, value in cells.items():
                if value != wanted[column]:
                    errors.append(
                        _error(
                            files[table.name],
                            rr.row,
                            "differs from the comparison table",
                            field=column,
                            found=value,
                            expected=wanted[column],
                        )
                    )
    return errors


def _keys(rows: dict[str, list[RowRecord]], files: dict[str, str]) -> list[ReportError]:
    """Unique IDs in each table; every reference names a node of the comparison."""
    errors = []
    for table in CHANGE_TABLES[1:]:
        seen: set[str] = set()
        for rr in rows[table.name]:
            record_id = str(getattr(rr.record, "id", ""))
            if record_id in seen:
                errors.append(
                    _error(
                        files[table.name],
                        rr.row,
                        "a duplicate ID",
                        field=ID_COLUMN,
                        found=record_id,
                        expected="a unique ID",
                    )
                )
            seen.add(record_id)
    nodes = {str(getattr(rr.record, "id", "")) for rr in rows["node_changes"]}
    for table in CHANGE_TABLES[1:]:
        for field, _ in table.references:
            for rr in rows[table.name]:
                value = getattr(rr.record, field)
                if value is not None and value not in nodes:
                    errors.append(
                        _error(
                            files[table.name],
                            rr.row,
                            "refers to no node of the comparison",
                            field=alias(table.model, field),
                            found=value,
                            expected=f"an ID of {files['node_changes']}",
                        )
                    )
    return errors


def _sums(
    rows: dict[str, list[RowRecord]], files: dict[str, str], info: ComparisonInfo
) -> list[ReportError]:
    """A node's change is its children's and its lines' changes; the roots' amounts are
    the comparison's totals."""
    nodes = [
        (rr.row, rr.record) for rr in rows["node_changes"] if isinstance(rr.record, NodeChange)
    ]
    lines = [rr.record for rr in rows["line_changes"] if isinstance(rr.record, LineChange)]
    below: dict[str | None, int] = defaultdict(int)
    for _, node in nodes:
        below[node.parent_id] += node.change
    for line in lines:
        below[line.classification_id] += line.change
    file, change = files["node_changes"], alias(NodeChange, "change")
    errors = [
        _error(
            file,
            row,
            "the change is not the sum of the changes below it",
            field=change,
            found=str(node.change),
            expected=str(below[node.id]),
        )
        for row, node in nodes
        if node.id in below and below[node.id] != node.change
    ]
    roots = [node for _, node in nodes if node.parent_id is None]
    totals = (sum(r.amount_before or 0 for r in roots), sum(r.amount_after or 0 for r in roots))
    if totals != (info.before_total, info.after_total):
        errors.append(
            _error(
                files["comparison"],
                2,
                "the totals are not the sums of the accounts",
                field=alias(ComparisonInfo, "before_total"),
                found=f"{info.before_total}, {info.after_total}",
                expected=f"{totals[0]}, {totals[1]}",
            )
        )
    return errors


def _linked(directory: Path, turtle: list[dict[str, Any]], report: Report) -> None:
    """The closed-world terms and the SHACL shapes of each Turtle file; the copies of the
    vocabulary."""
    from nerima_opendata.checks.linked import check_shacl, check_terms
    from nerima_opendata.checks.rdf_load import read_graph
    from nerima_opendata.checks.vocab_copies import check_vocabulary

    report.checks.extend(["terms", "shacl", "rdf-syntax"])
    for resource in turtle:
        path = resource_path(directory, resource)
        try:
            graph = read_graph(path)
        except (OSError, SyntaxError) as exc:
            report.add(ReportError(ErrorTypes.RDF, f"cannot parse: {exc}", file=path.name))
            continue
        for error in [*check_terms(graph, file=path.name), *check_shacl(graph, file=path.name)]:
            report.add(error)
    for error in check_vocabulary(directory):
        report.add(error)
