"""What a model field's type annotation says, with ``X | None`` and ``Annotated`` taken apart.

The table schemas (:mod:`~nerima_opendata.model.schema`), the rows read as text
(:mod:`nerima_opendata.readers.stream`) and the RDF datatypes
(:mod:`nerima_opendata.writers.rdf_rows`) all ask the same question of an annotation; they
ask it here, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

__all__ = ["FieldType", "field_type"]


@dataclass(frozen=True)
class FieldType:
    """A field's annotation, taken apart.

    Attributes:
        inner: The type of a value that is there: ``int``, ``bool``, ``str``, an enum,
            ``tuple[...]``; a union of several types stays that union.
        optional: Whether None is allowed.
        metadata: The ``Annotated`` metadata inside the annotation (pydantic moves that of
            a top-level ``Annotated`` into ``FieldInfo.metadata``; this is the rest).
    """

    inner: Any
    optional: bool = False
    metadata: tuple[Any, ...] = ()


def field_type(annotation: Any) -> FieldType:
    """Take an annotation apart: ``Annotated[int, Ge(0)] | None`` → ``int``, optional,
    ``(Ge(0),)``; ``Annotated[X | None, …]`` and ``Optional[X]`` alike.

    Args:
        annotation: A pydantic field's ``annotation``.
    """
    optional = False
    metadata: tuple[Any, ...] = ()
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            metadata = (*metadata, *more)
        elif origin in (Union, UnionType) and NoneType in get_args(annotation):
            optional = True
            options = [a for a in get_args(annotation) if a is not NoneType]
            if len(options) != 1:
                return FieldType(Union[tuple(options)], optional, metadata)  # noqa: UP007
            annotation = options[0]
        else:
            return FieldType(annotation, optional, metadata)
