"""Small HTML building blocks for the preview page: escaping, bilingual text, tables.

Every function returns a fragment of markup as text; text from the data is always
escaped here, so the section modules never interpolate raw data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any
from urllib.parse import quote

__all__ = ["bi", "e", "english", "href", "script_json", "section", "share", "table", "yen"]

_UNOFFICIAL = " (unofficial translation)"
_NUMERIC = ' class="num"'


def e(text: str | int) -> str:
    """Escape text for HTML content and quoted attribute values.

    Args:
        text: The text, or a number to show as is.

    Returns:
        The escaped text (quotes included).
    """
    return escape(str(text), quote=True)


def script_json(data: Any, indent: int | None = None) -> str:
    """JSON that is safe inside a ``<script>`` element (JSON-LD, the page's data).

    Args:
        data: The JSON value.
        indent: Indentation, as for :func:`json.dumps`; ``None`` for compact JSON.

    Returns:
        The JSON text in which ``&``, ``<`` and ``>`` are escaped as ``\\uXXXX``, so
        that nothing in the data may close the element or open a comment.
    """
    separators = (",", ":") if indent is None else None
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def english(text: str | None) -> str:
    """English text for display; the page says once that every English text is unofficial.

    Args:
        text: An English text, possibly ending with "(unofficial translation)".

    Returns:
        The text without that suffix, or ``""`` when there is none.
    """
    if not text:
        return ""
    return text.removesuffix(_UNOFFICIAL)


def bi(ja: str, en: str | None) -> str:
    """Japanese text followed by its English form (``lang="en"``), both escaped.

    Args:
        ja: The Japanese text.
        en: Its English form, if any.

    Returns:
        The markup; the Japanese text alone when there is no English form.
    """
    english_text = english(en)
    rest = f' <span class="en" lang="en">{e(english_text)}</span>' if english_text else ""
    return f"{e(ja)}{rest}"


def yen(amount: int) -> str:
    """An amount in yen with thousands separators, e.g. ``1,234円``.

    Args:
        amount: The amount in yen.

    Returns:
        The unescaped text.
    """
    return f"{amount:,}円"


def share(amount: int, total: int) -> str:
    """The share of an amount in a total, as a percentage with one decimal.

    Args:
        amount: The part.
        total: The whole; ``0.0%`` when it is zero.

    Returns:
        The unescaped text, e.g. ``12.3%``.
    """
    return f"{amount * 100 / total:.1f}%" if total else "0.0%"


def href(name: str) -> str:
    """A relative link to a published file, URL-quoted and escaped for an attribute.

    Args:
        name: The file name.

    Returns:
        The attribute value.
    """
    return e(quote(name))


def table(columns: Sequence[tuple[str, str]], body: str, numeric: Sequence[int] = ()) -> str:
    """A table in a horizontally scrolling box; on narrow screens, one block per row.

    Args:
        columns: ``(Japanese, English)`` heading of each column.
        body: The ``<tbody>`` elements, as markup.
        numeric: Indexes of the columns that hold numbers (aligned right).

    Returns:
        The markup.
    """
    head = "".join(
        f'<th scope="col"{_NUMERIC if i in numeric else ""}>'
        f'{e(ja)} <span class="en" lang="en">{e(en)}</span></th>'
        for i, (ja, en) in enumerate(columns)
    )
    return (
        f'<div class="scroll"><table class="stack"><thead><tr>{head}</tr></thead>'
        f"{body}</table></div>"
    )


def section(anchor: str, ja: str, en: str, content: str) -> str:
    """A page section with a bilingual heading.

    Args:
        anchor: The section's ``id``.
        ja: The Japanese heading.
        en: The English heading.
        content: The section's content, as markup.

    Returns:
        The markup.
    """
    return (
        f'<section id="{anchor}"><h2>{e(ja)} <span class="en" lang="en">{e(en)}</span></h2>'
        f"{content}</section>"
    )
