"""A record's errors, in every detail, for a table of bad (and good) inputs.

Rows are checked once a row for text some output cannot carry (``Record._clean_row``);
a row to refuse is validated again by the model's twin, which checks field by field as
the records always did. The oracle ``tests/data/model/record_errors.json`` was written by
the per-field code (commit aeadcb5): the messages, the fields, their order, the inputs
and the other errors of each case are the same now. Regenerate it only for an intended
change: ``NERIMA_UPDATE_ORACLE=1 pytest tests/model/test_record_errors.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from nerima_opendata.checks.records import row_record
from nerima_opendata.model import BudgetInfo, Tag
from nerima_opendata.model.book import BudgetLine
from nerima_opendata.model.budget import Budget
from nerima_opendata.model.records import Initiative
from nerima_opendata.model.tables import alias, table_by_name

ORACLE = Path(__file__).parents[1] / "data" / "model" / "record_errors.json"

_BAD_TEXT = [
    "a\x00b",
    "x\uffff",
    "\x85y\ufffe",
    "",
    "ok",
    "a\ud800",
    "\ufdd0\x07",
    "a\nb",
    "\t\r\n",
]
_TAGS: list[Any] = [
    "a;b",
    "a\uffff;b\x85",
    "a\x85;\uffffb",
    "",
    "t1",
    ["a\x00", "b"],
    ("a", "b\ufffe"),
]
_INFO = {"municipality_code": "131202", "municipality_name": "練馬区", "fiscal_year": "2024"}
_LINE = {"id": "1-expenditure-1-1-2", "classification_id": "1-expenditure-1-1-1", "amount": "5"}


def _tag_by_alias(text: str) -> Tag:
    names = {name: alias(Tag, name) for name in ("id", "order", "label")}
    return Tag.model_validate({names["id"]: text, names["order"]: "x", names["label"]: text})


def _cases() -> dict[str, Callable[[], object]]:
    cases: dict[str, Callable[[], object]] = {}
    for text in _BAD_TEXT:
        tag: Any = Tag  # called with wrong types on purpose
        cases[f"Tag label {text!r}"] = partial(tag, id="t1", order=1, label=text)
        cases[f"Tag label_en {text!r}"] = partial(tag, id="t1", order=1, label="x", label_en=text)
        cases[f"Tag by alias {text!r}"] = partial(_tag_by_alias, text)
        extra = {"id": "t", "order": "1", "label": "n", "zz": text}
        cases[f"Tag extra key {text!r}"] = partial(Tag.model_validate, extra)
        cases[f"Tag id and order {text!r}"] = partial(tag, id=text, order="q", label=text)
    for tags in _TAGS:
        fields = {"id": "i1", "project_id": "p1", "order": 1, "description": "d", "tags": tags}
        cases[f"Initiative tags {tags!r}"] = partial(Initiative.model_validate, fields)
    phase = {"phase": "proposed"}
    cases["info empty optionals"] = lambda: BudgetInfo.model_validate(
        _INFO | phase | {"fiscal_year_label": "", "phase_label": ""}
    )
    cases["info control characters"] = lambda: BudgetInfo.model_validate(
        _INFO | phase | {"municipality_name": "練馬\x07区", "fiscal_year_label": "x\x07"}
    )
    cases["info code and noncharacter"] = lambda: BudgetInfo.model_validate(
        _INFO | phase | {"municipality_code": "13120", "title": "\uffff"}
    )
    cases["line empty optionals"] = lambda: BudgetLine.model_validate(
        _LINE | {"id": "1-expenditure-1-1-1", "department_name": "", "cofog": ""}
    )
    cases["line control and cofog"] = lambda: BudgetLine.model_validate(
        _LINE | {"department_name": "\x01", "cofog": "zz"}
    )
    cases["line not at its classification"] = lambda: BudgetLine.model_validate(_LINE)
    cases["line by keywords"] = lambda: BudgetLine(
        id=_LINE["id"],
        classification_id=_LINE["classification_id"],
        amount=5,
        department_name="\x01",
    )
    cases["line not a dict"] = lambda: BudgetLine.model_validate(3)
    info = BudgetInfo.model_validate(_INFO | phase | {"title": "t", "source_title": "s"})
    bad_tag = {"id": "t1", "order": 1, "label": "x\x00"}
    cases["budget, nested tag"] = lambda: Budget(info=info, tags=[bad_tag])
    cases["budget, nested empty optional"] = lambda: Budget(
        info=info, tags=[{"id": "t1", "order": 1, "label": "x", "label_en": ""}]
    )
    cases["budget, two nested tags"] = lambda: Budget.model_validate(
        {"info": info, "tags": [bad_tag, {"id": "t2"}]}
    )
    spec = table_by_name("lines")
    cells = ["131202", "1-expenditure-1-1-1", "練馬区", "2024-proposed", "1-expenditure-1-1-1"]
    for cofog in ("", "zz"):
        row = [*cells, "", "a\x07", "", "", cofog, "5", ""]
        cases[f"lines row, cofog {cofog!r}"] = partial(row_record, "f.csv", 2, row, spec)
    return cases


def _outcome(make: Callable[[], object]) -> dict[str, Any]:
    try:
        made = make()
    except Exception as exc:  # the error is what is compared
        details = getattr(exc, "details", None)
        return {
            "error": type(exc).__name__,
            "message": str(exc),
            "details": None
            if details is None
            else [[d["type"], list(d["loc"]), d.get("msg"), repr(d.get("input"))] for d in details],
            "problems": repr(getattr(exc, "problems", None)),
        }
    return {"made": repr(made)}


CASES = _cases()


def outcomes() -> dict[str, dict[str, Any]]:
    return {label: _outcome(make) for label, make in CASES.items()}


def test_oracle_is_current() -> None:
    found = outcomes()
    if os.environ.get("NERIMA_UPDATE_ORACLE"):
        ORACLE.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert set(found) == set(json.loads(ORACLE.read_text("utf-8")))


@pytest.mark.parametrize("label", list(CASES))
def test_errors_are_as_before(label: str) -> None:
    expected = json.loads(ORACLE.read_text("utf-8"))[label]
    assert _outcome(CASES[label]) == expected
