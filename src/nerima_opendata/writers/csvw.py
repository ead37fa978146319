"""W3C CSV on the Web (CSVW) metadata of a publication's tables: ``csv-metadata.json``.

One CSVW table group (https://www.w3.org/TR/tabular-metadata/) describes every CSV table
of a publication, generated from the same sources as the rest: the columns, titles,
types, required flags and keys from the Table Schema
(:meth:`~nerima_opendata.model.tables.TableSpec.table_schema`), the predicates and
language tags from :data:`~nerima_opendata.rdf.vocab.FIELD_TERMS`, the classes from
:data:`~nerima_opendata.rdf.vocab.CLASS_OF` and the IRIs from
:class:`~nerima_opendata.rdf.iris.BudgetIRIs`. So a CSVW processor's CSV→RDF gives
triples that are part of our RDF, with the same subject IRIs and predicates:

* each row is the record at our IRI (``aboutUrl``, e.g. ``…/project/{id}``), typed with
  its class by a virtual column;
* each column is the record's property (``propertyUrl``); a reference is the IRI it
  refers to (``valueUrl``, e.g. ``…/pillar/{pillar_id}``), a text has its language tag,
  an integer is an ``xsd:integer``;
* the budget ID column states the budget's membership (``…/budget nb:hasProject …``);
* columns with no RDF counterpart a template can give are ``suppressOutput``: the
  municipality code and name repeated in every table, an editorial note's target (its
  IRI depends on the target table), a line's COFOG code (its IRI drops the dots) and an
  initiative's tags (a template expands a list into one IRI, ``tag/a,b``).

The data IRIs of a budget hold its fiscal year and phase, which a URI template cannot
cut out of the budget ID: the metadata is written for one budget, so a publication (one
budget) has it and the canonical package (several budgets, no base IRI) does not. The
JSON-LD context is the CSVW one, named, never fetched. The bytes are deterministic.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib.namespace import RDF
from rdflib.term import URIRef

from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget, BudgetInfo, TableName
from nerima_opendata.model.columns import BUDGET_ID_COLUMN
from nerima_opendata.model.tables import TableSpec, table_by_name
from nerima_opendata.rdf.iris import BudgetIRIs
from nerima_opendata.rdf.vocab import (
    AMOUNT_STAGE,
    CERTAINTY,
    CLASS_OF,
    EDITORIAL_KIND,
    FIELD_TERMS,
    NB,
    PHASE,
)

__all__ = ["CSVW_CONTEXT", "CSVW_FILE", "SUPPRESSED", "csvw_metadata", "write_csvw"]

#: The file name: the directory-wide default location of CSVW metadata.
CSVW_FILE = "csv-metadata.json"
#: The CSVW namespace, the metadata's JSON-LD context (a name, not fetched).
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"

#: Frictionless type → CSVW datatype.
_DATATYPES = {"integer": "integer", "number": "decimal", "string": "string", "date": "date"}
#: Table Schema constraints a CSVW datatype states too.
_FACETS = ("minimum", "maximum", "minLength", "maxLength")
#: Predicates whose value IRI no URI template can make, and why (the docs list them).
SUPPRESSED = {
    NB.target: "an editorial note's target IRI depends on its target table",
    NB.cofog: "a COFOG class IRI is the notation without its dots",
    NB.tag: "a URI template expands a list cell (an initiative's tags) into one IRI",
}


def _references(iris: BudgetIRIs) -> dict[URIRef, str]:
    """Object properties → the IRI prefix of their values (the IRI of the empty ID)."""
    return {
        NB.phase: str(PHASE),
        NB.kind: str(EDITORIAL_KIND),
        NB.certainty: str(CERTAINTY),
        NB.stage: str(AMOUNT_STAGE),
        NB.pillar: str(iris.pillar("")),
        NB.project: str(iris.project("")),
        NB.usedIn: str(iris.initiative("")),
        NB.parent: str(iris.classification("")),
        NB.classification: str(iris.classification("")),
        NB.departmentUnit: str(iris.department_unit("")),
        NB.line: str(iris.record(TableName.LINES, "")),
        NB.amountKind: str(iris.record(TableName.AMOUNT_KINDS, "")),
    }


def _subject(spec: TableSpec, iris: BudgetIRIs) -> str:
    """The ``aboutUrl`` of a table's rows: the record's IRI with ``{id}`` for its ID."""
    if spec.is_budget:
        return str(iris.budget)
    return str(iris.record(spec.name, "")) + "{id}"


def _datatype(field: dict[str, Any]) -> str | dict[str, Any]:
    """A column's CSVW datatype, with the Table Schema's bounds as facets; a boolean's
    format is the texts of its ``trueValues`` and ``falseValues``, as in the RDF."""
    if field["type"] == "boolean":
        return {"base": "boolean", "format": f"{field['trueValues'][0]}|{field['falseValues'][0]}"}
    constraints = field.get("constraints", {})
    facets = {key: constraints[key] for key in _FACETS if key in constraints}
    base = _DATATYPES[field["type"]]
    return {"base": base, **facets} if facets else base


def _column(spec: TableSpec, field: dict[str, Any], iris: BudgetIRIs) -> dict[str, Any]:
    """One column: names, titles, datatype, and how its cells become RDF."""
    name = field["x-name-en"]
    column: dict[str, Any] = {
        "name": name,
        "titles": {"ja": field["name"], "en": field["title"]},
        "dc:description": field["description"],
        "datatype": _datatype(field),
        "required": bool(field.get("constraints", {}).get("required", False)),
    }
    if field.get("x-list-separator"):
        column["separator"] = field["x-list-separator"]
    if field["name"] == BUDGET_ID_COLUMN and not spec.is_budget:
        member = FIELD_TERMS[(Budget, spec.budget_field)].term
        column["aboutUrl"] = str(iris.budget)
        column["propertyUrl"] = str(member)
        column["valueUrl"] = _subject(spec, iris)
        return column
    term = FIELD_TERMS.get((spec.model, name))  # None: a column repeated from the budget
    if term is None or term.term is None or term.term in SUPPRESSED:
        column["suppressOutput"] = True
        return column
    column["propertyUrl"] = str(term.term)
    reference = _references(iris).get(term.term)
    if reference is not None:
        column["valueUrl"] = reference + "{" + name + "}"
    elif term.language is not None:
        column["lang"] = term.language
    return column


def _foreign_keys(spec: TableSpec, files: dict[str, str]) -> list[dict[str, Any]]:
    """The Table Schema's foreign keys, by column name and referenced file."""
    keys = []
    for key in spec.foreign_key_descriptors():
        target = table_by_name(key["reference"]["resource"])
        keys.append(
            {
                "columnReference": [spec.english(c) for c in key["fields"]],
                "reference": {
                    "resource": files[target.name],
                    "columnReference": [target.english(c) for c in key["reference"]["fields"]],
                },
            }
        )
    return keys


def _table(spec: TableSpec, files: dict[str, str], iris: BudgetIRIs) -> dict[str, Any]:
    """One table: its file, titles, and schema."""
    schema = spec.table_schema()
    columns = [_column(spec, field, iris) for field in schema["fields"]]
    columns.append(
        {
            "name": "type",
            "virtual": True,
            "propertyUrl": str(RDF.type),
            "valueUrl": str(CLASS_OF[spec.model]),
        }
    )
    table_schema: dict[str, Any] = {
        "columns": columns,
        "primaryKey": [spec.english(c) for c in schema["primaryKey"]],
        "aboutUrl": _subject(spec, iris),
    }
    keys = _foreign_keys(spec, files)
    if keys:
        table_schema["foreignKeys"] = keys
    return {
        "url": files[spec.name],
        "dc:title": [spec.title_ja, {"@value": spec.title_en, "@language": "en"}],
        "dc:description": [
            spec.description_ja,
            {"@value": spec.description_en, "@language": "en"},
        ],
        "tableSchema": table_schema,
    }


def csvw_metadata(
    info: BudgetInfo, tables: Sequence[tuple[TableSpec, str]], base_iri: str
) -> dict[str, Any]:
    """The CSVW table group of one budget's tables.

    Args:
        info: The budget (its IRIs scope every row's).
        tables: Each table and its file name (relative to the metadata file).
        base_iri: The base of the data IRIs, as the RDF was written with.

    Returns:
        The metadata document (``@context`` the CSVW namespace, ``@language: ja``).

    Raises:
        InputError: ``base_iri`` is not usable.
    """
    iris = BudgetIRIs.for_budget(info, base_iri)
    files = {str(spec.name): path for spec, path in tables}
    return {
        "@context": [CSVW_CONTEXT, {"@language": "ja"}],
        "dc:title": [
            f"{info.title} 表の記述（CSVW）",
            {"@value": f"{info.title_en or info.title}: table metadata (CSVW)", "@language": "en"},
        ],
        "dialect": {"encoding": "utf-8", "header": True, "trim": False},
        "tables": [_table(spec, files, iris) for spec, _ in tables],
    }


def write_csvw(
    info: BudgetInfo,
    directory: StrPath,
    tables: Sequence[tuple[TableSpec, str]],
    base_iri: str,
) -> Path:
    """Write ``csv-metadata.json`` into ``directory`` (see :func:`csvw_metadata`).

    Returns:
        The file written.
    """
    path = Path(directory) / CSVW_FILE
    document = csvw_metadata(info, tables, base_iri)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
