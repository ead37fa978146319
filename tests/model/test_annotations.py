"""A field's annotation taken apart once (``model/annotations.py``), and what the boolean
field gets from it: its table schema type, its cells, its CSVW datatype, its check."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Optional, Union, get_args

import pytest
from annotated_types import Ge
from pydantic import StringConstraints
from tests.test_book import book

from nerima_opendata import build_publication, validate, write_package
from nerima_opendata.errors import InvalidPackageError, RecordError
from nerima_opendata.model import Budget, TableName
from nerima_opendata.model.annotations import FieldType, field_type
from nerima_opendata.model.base import BOOLEAN_TEXTS, LineRange, NonEmpty
from nerima_opendata.model.book import AmountKind
from nerima_opendata.model.schema import cell
from nerima_opendata.model.tables import table_by_name
from nerima_opendata.rdf.iris import DEFAULT_BASE_IRI
from nerima_opendata.readers.stream import _kind
from nerima_opendata.writers.csvw import csvw_metadata
from nerima_opendata.writers.rdf_rows import _datatype
from nerima_opendata.writers.rdf_terms import XSD_BOOLEAN, XSD_INTEGER


class _Colour(StrEnum):
    RED = "red"


_GE = Ge(0)
_PATTERN = get_args(LineRange)[1]
_LENGTH = get_args(NonEmpty)[1]

#: (annotation, what it is taken apart into)
FIELD_TYPES: list[tuple[Any, FieldType]] = [
    (int, FieldType(int)),
    (bool, FieldType(bool)),
    (str | None, FieldType(str, optional=True)),
    (Optional[int], FieldType(int, optional=True)),  # noqa: UP045
    (Union[None, int], FieldType(int, optional=True)),  # noqa: UP007
    (Annotated[int, _GE], FieldType(int, metadata=(_GE,))),
    (Annotated[int, _GE] | None, FieldType(int, optional=True, metadata=(_GE,))),
    (Annotated[int | None, _GE], FieldType(int, optional=True, metadata=(_GE,))),
    (NonEmpty | None, FieldType(str, optional=True, metadata=(_LENGTH,))),
    (Annotated[LineRange, _GE], FieldType(str, metadata=(_PATTERN, _GE))),
    (_Colour | None, FieldType(_Colour, optional=True)),
    (tuple[str, ...], FieldType(tuple[str, ...])),
    (int | str, FieldType(int | str)),
    (int | str | None, FieldType(Union[int, str], optional=True)),  # noqa: UP007
]


@pytest.mark.parametrize(
    ("annotation", "expected"), FIELD_TYPES, ids=[repr(c[0]) for c in FIELD_TYPES]
)
def test_an_annotation_is_taken_apart(annotation: Any, expected: FieldType) -> None:
    assert field_type(annotation) == expected


#: (annotation, the text kind of readers/stream.py, the RDF datatype of writers/rdf_rows.py)
USES: list[tuple[Any, str | None, str | None]] = [
    (int, "integer", XSD_INTEGER),
    (Annotated[int, _GE] | None, "integer", XSD_INTEGER),
    (bool, None, XSD_BOOLEAN),
    (bool | None, None, XSD_BOOLEAN),
    (str, "text", None),
    (NonEmpty | None, "text", None),
    (_Colour, "text", None),
    (Annotated[str, StringConstraints(to_lower=True)], None, None),
    (int | str, None, None),
    (tuple[str, ...], None, None),
]


@pytest.mark.parametrize(("annotation", "kind", "datatype"), USES, ids=[repr(c[0]) for c in USES])
def test_the_readers_and_the_rdf_agree_on_a_type(
    annotation: Any, kind: str | None, datatype: str | None
) -> None:
    assert _kind(annotation, []) == kind
    assert _datatype(annotation) == datatype


def _primary_field(descriptor: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in descriptor["fields"] if f["x-name-en"] == "primary")


def test_the_boolean_field_is_a_boolean_in_every_description() -> None:
    spec = table_by_name(TableName.AMOUNT_KINDS)
    field = _primary_field(spec.table_schema())
    assert field["type"] == "boolean"
    assert (field["trueValues"], field["falseValues"]) == ([BOOLEAN_TEXTS[0]], [BOOLEAN_TEXTS[1]])
    assert (cell(True), cell(False)) == BOOLEAN_TEXTS == ("True", "False")
    info = Budget(**book()).info
    budget_table = table_by_name(TableName.BUDGET)
    files = [(budget_table, "budget.csv"), (spec, "kinds.csv")]
    tables = csvw_metadata(info, files, DEFAULT_BASE_IRI)["tables"]
    (column,) = [c for c in tables[1]["tableSchema"]["columns"] if c["name"] == "primary"]
    assert column["datatype"] == {"base": "boolean", "format": "True|False"}


#: (cell text or value, the boolean it is, or None when refused)
CELLS: list[tuple[object, bool | None]] = [
    ("True", True),
    ("False", False),
    (True, True),
    (False, False),
    ("true", None),
    ("false", None),
    ("1", None),
    ("yes", None),
    ("TRUE", None),
    (" True", None),
]


@pytest.mark.parametrize(("value", "expected"), CELLS, ids=[repr(c[0]) for c in CELLS])
def test_a_boolean_cell_is_what_the_schema_declares(value: object, expected: bool | None) -> None:
    fields = {"id": "budget", "order": 1, "name": "予算額", "stage": "budget", "unit": "yen"}
    if expected is not None:
        assert AmountKind(**fields, primary=value).primary is expected
        return
    with pytest.raises(RecordError) as raised:
        AmountKind(**fields, primary=value)
    assert raised.value.problems == [
        ("primary", "not a boolean cell; expected True or False", value)
    ]


#: (the text put in 主金額, the report's [type, message, found, expected]: validate's,
#: from Frictionless, then build's, from the models (build skips Frictionless))
SPELLINGS: list[tuple[bytes, list[object] | None, list[object] | None]] = [
    (b"True", None, None),
    (
        b"true",
        ["type-error", 'Type Error: type is "boolean/default"', "true", "True or False"],
        ["type-error", "not a boolean cell", "true", "True or False"],
    ),
    (
        b"1",
        ["type-error", 'Type Error: type is "boolean/default"', "1", "True or False"],
        ["type-error", "not a boolean cell", "1", "True or False"],
    ),
]
_KEYS = ["type", "message", "found", "expected"]


@pytest.mark.parametrize(
    ("text", "validated", "built"), SPELLINGS, ids=[c[0].decode() for c in SPELLINGS]
)
def test_a_boolean_cell_is_reported_by_file_row_and_field(
    tmp_path: Path, text: bytes, validated: list[object] | None, built: list[object] | None
) -> None:
    package = tmp_path / "pkg"
    write_package((Budget(**book()),), package)
    (kinds,) = package.glob("*_amount_kinds.csv")
    kinds.write_bytes(kinds.read_bytes().replace(b",True\r\n", b"," + text + b"\r\n"))
    report = validate(package)
    report.errors = [e for e in report.errors if e.type != "hash-count"]  # the edit's
    where = [[kinds.name, 2, "主金額"]]
    if validated is None:
        assert report.valid
    else:
        assert report.flatten(["file", "row", "field"]) == where
        assert report.flatten(_KEYS) == [validated]
    if built is None:
        build_publication(tmp_path / "out", package)
        return
    with pytest.raises(InvalidPackageError) as raised:
        build_publication(tmp_path / "out", package)
    assert raised.value.report.flatten(["file", "row", "field"]) == where
    assert raised.value.report.flatten(_KEYS) == [built]
