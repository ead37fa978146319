"""The catalogue of error types: one entry per code, Frictionless's wording not retyped,
every type a validation reports catalogued, and no report error from a bare string."""

from __future__ import annotations

from pathlib import Path

import pytest
from frictionless import Error, errors
from frictionless.checks import baseline

from nerima_opendata import validate
from nerima_opendata.checks.catalogue import ERROR_TYPES, ErrorType, ErrorTypes, upstream_type
from nerima_opendata.checks.linked import CHECKS as LINKED_CHECKS
from nerima_opendata.checks.report import ReportError

from ..conftest import INVALID_CASES, load_case, make_case
from ..test_formats import modules_with_literal

#: Every check a report can list, in the order they run.
ALL_CHECKS = (
    "descriptor",
    "frictionless",
    "records",
    "integrity",
    *LINKED_CHECKS,
    "rdf-matches-csv",
)

#: Frictionless's own types, by code.
FRICTIONLESS = {
    cls.type: cls
    for cls in vars(errors).values()
    if isinstance(cls, type) and issubclass(cls, Error)
}

#: What Frictionless's validation of a package can report: its baseline check, the
#: errors of reading a resource, and those of a descriptor it cannot process.
REPORTED_UPSTREAM = sorted(
    {cls.type for cls in baseline.Errors}
    | {cls.type for cls in errors.ResourceError.__subclasses__()}
    | {"package-error", "resource-error", "schema-error", "field-error", "dialect-error"}
)


def test_one_entry_per_code_and_constant() -> None:
    constants = [v for v in vars(ErrorTypes).values() if isinstance(v, ErrorType)]
    assert [t.code for t in constants] == list(ERROR_TYPES)
    assert all(ERROR_TYPES[t.code] is t and t.catalogued for t in constants)


@pytest.mark.parametrize("code", list(ERROR_TYPES))
def test_entry_is_complete(code: str) -> None:
    entry = ERROR_TYPES[code]
    assert entry.title and entry.description
    assert entry.checks and set(entry.checks) <= set(ALL_CHECKS)
    if entry.from_frictionless:
        # Frictionless's wording, read from its error class, for a code it defines.
        assert code in FRICTIONLESS, f"{code} is not a Frictionless type: word it"
        assert (entry.title, entry.description) == (
            FRICTIONLESS[code].title,
            FRICTIONLESS[code].description,
        )


def test_every_check_reports_some_type() -> None:
    assert {c for t in ERROR_TYPES.values() for c in t.checks} == set(ALL_CHECKS)


@pytest.mark.parametrize("code", REPORTED_UPSTREAM)
def test_what_frictionless_reports_is_catalogued(code: str) -> None:
    assert code in ERROR_TYPES, f"catalogue {code!r} in nerima_opendata.checks.catalogue"
    assert "frictionless" in ERROR_TYPES[code].checks


@pytest.mark.parametrize(
    ("code", "title", "catalogued"),
    [
        pytest.param("foreign-key", "ForeignKey Error", True, id="catalogued"),
        pytest.param("ascii-value", "Ascii Value", False, id="frictionless-not-catalogued"),
        pytest.param("made-up-error", "made-up-error", False, id="unknown-to-frictionless"),
    ],
)
def test_an_upstream_type_is_reported_even_if_not_catalogued(
    code: str, title: str, catalogued: bool
) -> None:
    kind = upstream_type(code)
    assert (kind.code, kind.title, kind.catalogued) == (code, title, catalogued)
    error = ReportError(kind, "reported anyway", file="a.csv")
    assert error.to_dict()["type"] == code
    assert error.render().endswith(f"[{code}]")


@pytest.mark.parametrize("kind", ["schema-error", None, 3])
def test_a_report_error_refuses_anything_but_a_catalogue_entry(kind: object) -> None:
    with pytest.raises(TypeError, match=r"checks\.catalogue"):
        ReportError(kind, "no")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", INVALID_CASES, ids=INVALID_CASES)
def test_every_type_an_invalid_package_gets_is_catalogued(name: str, package_copy: Path) -> None:
    report = validate(make_case(package_copy, load_case(name)))
    assert not report.valid
    uncatalogued = [e.render() for e in report.errors if not e.kind.catalogued]
    assert not uncatalogued, "catalogue these types:\n" + "\n".join(uncatalogued)


#: Error codes that are also plain words elsewhere (Frictionless's base class is "error").
_PLAIN_WORDS = {"error"}


@pytest.mark.parametrize("code", sorted((set(ERROR_TYPES) | set(FRICTIONLESS)) - _PLAIN_WORDS))
def test_no_module_but_the_catalogue_spells_an_error_code(code: str) -> None:
    assert set(modules_with_literal(code)) <= {"checks/catalogue.py"}
