"""Turn a pydantic ValidationError about a whole Budget into a short, readable problem.

A model-level check (such as ``check_integrity``) reports the whole budget as its input;
printing that would bury the message, so only scalar inputs are shown as "found".
"""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["first_problem"]


def first_problem(exc: ValidationError) -> tuple[str, str | None]:
    """The first error's message (without pydantic's prefix) and its input, if scalar.

    Args:
        exc: The validation error.

    Returns:
        ``(message, found)``; ``found`` is None for inputs that are records or lists.
    """
    error = exc.errors()[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    where = ".".join(str(part) for part in error["loc"])
    if where:
        message = f"{where}: {message}"
    found = error.get("input")
    return message, None if isinstance(found, dict | list | tuple) or found is None else str(found)
