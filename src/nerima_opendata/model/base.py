"""The building blocks of every record: field declarations, value types, the base class.

Each field carries its English name (the Python attribute, used by the API and the RDF),
its Japanese column name (the pydantic alias, used by the CSV files), an English title and
a bilingual description. Constructing a record with bad values raises the library's own
:class:`~nerima_opendata.errors.RecordError`, never a bare ``pydantic.ValidationError``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from nerima_opendata.errors import RecordError

__all__ = [
    "BOOLEAN_TEXTS",
    "BOOL_TEXT_ERROR",
    "CODE_PATTERN",
    "Flag",
    "LineRange",
    "NonEmpty",
    "Record",
    "column",
    "english_column",
    "mismatch",
    "record_error",
    "refuse_unwritable",
    "source_lines_column",
    "writable",
]

NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
LineRange = Annotated[str, StringConstraints(pattern=r"^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$")]
#: How a boolean is written in a CSV cell: the text of True, then that of False. The
#: table schema's ``trueValues``/``falseValues`` and CSVW's ``format`` say the same.
BOOLEAN_TEXTS = ("True", "False")
#: The error type of a boolean cell that is neither (a type error, as Frictionless says).
BOOL_TEXT_ERROR = "bool_text"


def _flag_text(value: object) -> object:
    """A boolean cell is one of :data:`BOOLEAN_TEXTS`, as the table schema declares (not
    ``true``, ``1`` or ``yes``, which pydantic would take); other values go to pydantic."""
    if not isinstance(value, str):
        return value
    if value not in BOOLEAN_TEXTS:
        raise PydanticCustomError(
            BOOL_TEXT_ERROR, "not a boolean cell", {"expected": " or ".join(BOOLEAN_TEXTS)}
        )
    return value == BOOLEAN_TEXTS[0]


#: A boolean field: ``True`` or ``False`` in a CSV cell, a ``bool`` in Python.
Flag = Annotated[bool, BeforeValidator(_flag_text)]
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
_NONCHARACTERS = "\ud800-\udfff\ufdd0-\ufdef" + "".join(
    f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17)
)
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
#: Either.
_UNWRITABLE = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}]")
#: Either, or any character above U+FFFF: one search (a few ranges, about 8× faster than
#: ``_UNWRITABLE``, whose 32 noncharacters above U+FFFF the regex engine tries one by one)
#: tells most text, which has none of them, from the rest.
_SUSPECT = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
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


#: The validation context of a record's ``__init__``.
_MAKE: dict[str, bool] = {"make": True}
#: A field no model has: :meth:`Record._clean_text` validates it, i.e. nothing.
_NO_FIELD = "_no_field"


def _clean_text_function(cls: type[BaseModel], value: object, info: ValidationInfo) -> object:
    """An empty optional text is absent; text some output cannot carry is refused."""
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


class Record(BaseModel):
    """Base of every table row: immutable, strict about unknown columns."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=False,
        str_strip_whitespace=False,
        # each model's validator is built when first used, not at import: a process
        # that validates no record (validate's SHACL process) does not pay for them all
        defer_build=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            # what BaseModel.__init__ does, telling the validators that this is the call
            # that makes the record (see _clean_row)
            self.__pydantic_validator__.validate_python(data, self_instance=self, context=_MAKE)
        except ValidationError as exc:
            raise record_error(type(self), exc, data) from exc

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """As pydantic's, for a dict of fields straight through ``__init__``: a model with
        its own ``__init__`` otherwise runs its model validators twice, once around it."""
        if options or type(obj) is not dict:
            return super().model_validate(obj, **options)
        try:
            return cls(**obj)
        except TypeError:  # a key that is not a string: pydantic says so
            return super().model_validate(obj)

    #: True in the twin of a model that checks its text field by field (see below).
    _checked_text: ClassVar[bool] = False

    @model_validator(mode="wrap")
    @classmethod
    def _clean_row(
        cls, data: Any, handler: ModelWrapValidatorHandler[Record], info: ValidationInfo
    ) -> Record:
        """An empty optional text is absent (CSV cannot tell the two apart); characters
        some output cannot carry are refused (:func:`refuse_unwritable`), in a list too.

        One call a row, not one a field (a field validator of every field cost most of a
        row's validation). A row with a character to refuse (rare) is validated again by
        the model's twin, which checks each field as :meth:`_clean_text` always did, so
        its errors are the same in every detail (field, order, input, the other errors).
        Only in ``__init__``'s own call: pydantic calls ``__init__`` from its validation of
        a record nested in another model, whose errors stay the record's (its RecordError).
        """
        if info.context is not _MAKE or cls._checked_text or not isinstance(data, dict):
            return handler(data)
        optional = _optional_keys(cls)
        cleaned = data
        for key, value in data.items():
            if isinstance(value, str):
                if value == "":
                    if key in optional:
                        if cleaned is data:
                            cleaned = dict(data)
                        cleaned[key] = None
                elif not writable(value):
                    _twin(cls).__pydantic_validator__.validate_python(data)  # raises
            elif isinstance(value, list | tuple) and any(
                isinstance(item, str) and not writable(item) for item in value
            ):
                _twin(cls).__pydantic_validator__.validate_python(data)  # raises
        if cleaned is data:
            return handler(data)
        try:
            return handler(cleaned)
        except ValidationError:  # the errors' inputs show the text as given ("", not None)
            _twin(cls).__pydantic_validator__.validate_python(data)
            raise

    #: What :meth:`_clean_row` does, field by field: a validator of every field in the
    #: twin (:func:`_twin`), of none in the model itself.
    _clean_text = field_validator(_NO_FIELD, mode="before", check_fields=False)(
        _clean_text_function
    )


@cache
def _optional_keys(model: type[Record]) -> frozenset[str]:
    """The names and aliases of a model's optional fields."""
    fields = model.model_fields.items()
    return frozenset(
        key
        for name, info in fields
        if not info.is_required()
        for key in (name, info.alias)
        if key is not None
    )


@cache
def _twin(model: type[Record]) -> type[Record]:
    """The model with :meth:`Record._clean_text` on every field, in the same place among
    its validators (a subclass's validator of the same name keeps the base's place), and
    pydantic's own ``__init__``, so that it raises a ``ValidationError``, which becomes the
    model's own when raised in its validator."""
    namespace = {
        "__module__": model.__module__,
        "__qualname__": model.__qualname__,
        "__init__": BaseModel.__init__,
        "_checked_text": True,
        "_clean_text": field_validator("*", mode="before")(_clean_text_function),
    }
    return type(model.__name__, (model,), namespace)


def writable(text: str) -> bool:
    """Whether :func:`refuse_unwritable` accepts ``text`` (one fast search for most text)."""
    return _SUSPECT.search(text) is None or _UNWRITABLE.search(text) is None


def refuse_unwritable(value: str) -> None:
    """Refuse text that some output cannot carry (XML 1.0, HTML, UTF-8 files).

    Raises:
        ValueError: The text holds a control character (but tab, line feed and carriage
            return), a lone surrogate or a Unicode noncharacter (U+FFFE, U+FFFF...).
    """
    if writable(value):
        return
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
