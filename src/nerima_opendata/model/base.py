"""The building blocks of every record: field declarations, value types, the base class.

Each field carries its English name (the Python attribute, used by the API and the RDF),
its Japanese column name (the pydantic alias, used by the CSV files), an English title and
a bilingual description. Constructing a record with bad values raises the library's own
:class:`~nerima_opendata.errors.RecordError`, never a bare ``pydantic.ValidationError``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from nerima_opendata.errors import RecordError

__all__ = [
    "CODE_PATTERN",
    "LineRange",
    "NonEmpty",
    "Record",
    "column",
    "english_column",
    "mismatch",
    "record_error",
    "refuse_unwritable",
    "source_lines_column",
]

NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
LineRange = Annotated[str, StringConstraints(pattern=r"^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$")]
#: A publisher's own code or identifier (款 "01", "P1-01", "E03"): letters, digits, '.',
#: '_' and '-', starting with a letter or digit, so that it is safe in a CSV cell and in an
#: IRI path. Nothing more is required of its shape: that belongs to each source's reader.
CODE_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z._-]*$"
#: C0 controls but tab, LF and CR, DEL and the C1 controls: not allowed in XML 1.0 (C0)
#: or discouraged by it and errors in HTML (DEL, C1), so never in the data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Surrogates (no UTF-8 file can hold one alone) and the Unicode noncharacters: U+FFFE and
#: U+FFFF are outside XML 1.0's ``Char`` (no XML parser reads the RDF/XML), the others
#: (U+FDD0..U+FDEF, the last two of every plane) are discouraged by XML 1.0 and HTML.
_NONCHARACTER = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
    + "]"
)


def column(
    ja: str,
    title_en: str,
    description: str,
    *,
    default: Any = ...,
    **constraints: Any,
) -> Any:
    """Declare a field with its Japanese column name, English title and description."""
    return Field(default, alias=ja, title=title_en, description=description, **constraints)


def english_column(ja: str, what_ja: str, what_en: str) -> Any:
    """An optional field holding the unofficial English translation of another."""
    return column(
        f"{ja}_英語",
        f"{what_en} (English, unofficial)",
        f"{what_ja}の英訳（非公式）。 Unofficial English translation of the {what_en.lower()}.",
        default=None,
    )


def source_lines_column() -> Any:
    """The optional field giving the record's line numbers in the source text."""
    return column(
        "出典行",
        "Source lines",
        "出典テキストの行番号。 Line numbers in the source text.",
        default=None,
    )


def mismatch(
    model: type[BaseModel], name: str, message: str, found: object, expected: object
) -> PydanticCustomError:
    """A validation error naming the column of field ``name``, what was found and expected.

    Its context (``field``, ``message``, ``found``, ``expected``) lets a validation report
    say where a record-level check failed; its text says it all for other callers.
    """
    column_name = model.model_fields[name].alias or name
    context = {
        "field": column_name,
        "message": message,
        "found": str(found),
        "expected": str(expected),
    }
    return PydanticCustomError(
        "value_mismatch", "{message}; found {found}, expected {expected}", context
    )


def record_error(
    model: type[BaseModel], error: ValidationError, data: dict[str, Any]
) -> RecordError:
    """The library's error for a record that failed validation.

    Fields are named as the caller named them: English attributes when ``data`` used them
    (none of its keys is a Japanese column name), Japanese column names otherwise.
    """
    fields = model.model_fields
    aliases = {info.alias: name for name, info in fields.items() if info.alias}
    english = not any(key in aliases for key in data)
    problems: list[tuple[str | None, str, object]] = []
    for err in error.errors():
        ctx = err.get("ctx") or {}
        where = str(ctx.get("field") or (err["loc"][0] if err["loc"] else "")) or None
        if english and where in aliases:
            where = aliases[where]
        message = str(ctx.get("message", err["msg"]))
        if "expected" in ctx:
            message += f"; expected {ctx['expected']}"
        found = ctx.get("found", err.get("input")) if err["type"] != "missing" else None
        if isinstance(found, dict | list | tuple | BaseModel):
            found = None  # a whole record or budget: the message says what is wrong
        problems.append((where, message.removeprefix("Value error, "), found))
    return RecordError(model.__name__, problems, details=list(error.errors()))


class Record(BaseModel):
    """Base of every table row: immutable, strict about unknown columns."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=False,
        str_strip_whitespace=False,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise record_error(type(self), exc, data) from exc

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: object, info: ValidationInfo) -> object:
        """An empty optional text is absent (CSV cannot tell the two apart); characters
        some output cannot carry are refused (:func:`refuse_unwritable`), in a list too."""
        if isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str):
                    refuse_unwritable(item)
            return value
        if not isinstance(value, str):
            return value
        if value == "" and not cls.model_fields[str(info.field_name)].is_required():
            return None
        refuse_unwritable(value)
        return value


def refuse_unwritable(value: str) -> None:
    """Refuse text that some output cannot carry (XML 1.0, HTML, UTF-8 files).

    Raises:
        ValueError: The text holds a control character (but tab, line feed and carriage
            return), a lone surrogate or a Unicode noncharacter (U+FFFE, U+FFFF...).
    """
    if bad := _CONTROL.search(value):
        raise ValueError(
            f"a control character (U+{ord(bad.group()):04X}) in the text; expected text "
            "without control characters (tab, line feed and carriage return are allowed)"
        )
    if bad := _NONCHARACTER.search(value):
        what = "a surrogate" if 0xD800 <= ord(bad.group()) <= 0xDFFF else "a noncharacter"
        raise ValueError(
            f"{what} (U+{ord(bad.group()):04X}) in the text; expected text that XML 1.0 "
            "and HTML can carry (no surrogates, no noncharacters such as U+FFFE, U+FFFF)"
        )
