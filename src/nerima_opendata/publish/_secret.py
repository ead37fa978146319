"""The API key: checked for its form up front, and hidden from every message.

A CKAN API token (a JWT) or a legacy API key (a UUID) is printable ASCII without
spaces. :func:`check_api_key` strips surrounding whitespace (a line break or space
picked up when pasting, a full-width space from a Japanese input method) and refuses
anything else that could not be sent as an HTTP header, *before* any request, with a
message that never contains the key. :class:`Secret` holds the key and removes it, in
its raw and escaped forms, from any text.
"""

from __future__ import annotations

from nerima_opendata.publish.errors import CatalogConfigError

__all__ = ["Secret", "check_api_key"]

#: Where the key comes from, for messages.
_SOURCE = "--api-key or CKAN_API_KEY"


def _problem(key: str) -> str | None:
    """What is wrong with the form of a stripped key, without quoting it; ``None`` if fine."""
    for char in key:
        if char.isspace():
            return "contains a space, tab or line break"
        if not char.isascii():
            return (
                "contains a character that is not ASCII (e.g. a full-width letter from "
                "a Japanese input method, or a typographic quote)"
            )
        if not char.isprintable():
            return "contains a control character"
    return None


def check_api_key(value: str | None) -> str | None:
    """The API key with surrounding whitespace removed, after checking its form.

    Surrounding whitespace is removed silently: no CKAN key contains any, and a
    pasted key often ends with a line break. An empty key counts as no key.

    Args:
        value: The key as given, or ``None``.

    Returns:
        The stripped key, or ``None`` when there is none.

    Raises:
        CatalogConfigError: The key contains whitespace, a control character or a
            non-ASCII character (the message describes the problem, never the key).
    """
    if value is None:
        return None
    key = value.strip()
    if not key:
        return None
    problem = _problem(key)
    if problem is not None:
        raise CatalogConfigError(
            f"the API key ({_SOURCE}) {problem}; copy the token again from your user "
            f"page in the catalog",
            expected="printable ASCII characters without spaces (a CKAN API token)",
        )
    return key


class Secret:
    """A string that never shows itself: ``repr`` and ``str`` give ``'***'``."""

    __slots__ = ("_value",)

    def __init__(self, value: str | None) -> None:
        self._value = value or None

    def reveal(self) -> str | None:
        """The value itself, for the Authorization header only."""
        return self._value

    def _forms(self) -> list[str]:
        """The value as it may appear in a message: raw, or escaped as by ``repr`` of str/bytes."""
        if not self._value:
            return []
        value = self._value
        forms = {
            value,
            repr(value)[1:-1],
            value.encode("unicode_escape").decode("ascii"),
            repr(value.encode("utf-8", "backslashreplace"))[2:-1],
            repr(value.encode("latin-1", "backslashreplace"))[2:-1],
        }
        return sorted((form for form in forms if form), key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the value (raw or escaped) replaced by ``***``."""
        for form in self._forms():
            text = text.replace(form, "***")
        return text

    def __bool__(self) -> bool:
        return self._value is not None

    def __repr__(self) -> str:
        return "'***'" if self._value else "None"

    __str__ = __repr__
