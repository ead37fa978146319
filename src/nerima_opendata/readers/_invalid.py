"""Turn a refused Budget into a short, readable problem.

A model-level check (such as ``check_integrity``) reports the whole budget as its input;
printing that would bury the message, so only scalar inputs are shown as "found".
"""

from __future__ import annotations

from nerima_opendata.errors import RecordError

__all__ = ["first_problem"]


def first_problem(exc: RecordError) -> tuple[str, str | None]:
    """The first problem's message (without pydantic's prefix) and its input, if scalar.

    Args:
        exc: The error the model raised.

    Returns:
        ``(message, found)``; ``found`` is None for inputs that are records or lists.
    """
    field, message, found = exc.problems[0] if exc.problems else (None, exc.message, None)
    message = message.removeprefix("Value error, ")
    if field:
        message = f"{field}: {message}"
    scalar = found is not None and not isinstance(found, dict | list | tuple)
    return message, str(found) if scalar else None
