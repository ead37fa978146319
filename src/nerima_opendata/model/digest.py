"""What is said of a whole budget book, computed in one pass over its tables.

A page, a catalog record or a summary line says how many lines a budget book has, its
totals by account, direction, 款, 項 and 目, and its largest lines. :func:`digest_book`
computes these from the tables as streams (records or rows read from CSV, one at a
time), so a book of millions of lines is summed in memory that does not grow with it:
it keeps the nodes down to 目 (a few thousand at most), the totals of those nodes, and
the largest lines. :meth:`nerima_opendata.model.Budget.digest` is the same digest of a
budget held in memory.

A node's ancestors are the prefixes of its ID, the path of its codes
(:func:`~nerima_opendata.model.book.classification_id`): codes are alphanumeric, so the
path splits on ``-`` alone, and a line's classification is its ID up to the ``.`` that
adds a department (:func:`~nerima_opendata.model.book.line_id`).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Protocol

from nerima_opendata.model.book import AmountKind, BudgetLine, Classification

__all__ = [
    "KAN_DEPTH",
    "MOKU_DEPTH",
    "TOP_LINES",
    "BookDigest",
    "DigestBuilder",
    "ancestors",
    "digest_book",
    "view_of",
]

#: The depth of 款, the first level a path of names shows.
KAN_DEPTH = 2
#: The depth of 目, the deepest level whose totals a digest keeps.
MOKU_DEPTH = 4
#: How many of the largest lines a digest keeps.
TOP_LINES = 20
_SEPARATOR = "-"
_DEPARTMENT = "."


class _Amount(Protocol):
    @property
    def line_id(self) -> str: ...
    @property
    def kind_id(self) -> str: ...
    @property
    def amount(self) -> int: ...


@dataclass(frozen=True)
class BookDigest:
    """The counts, totals to 目 and largest lines of a budget book.

    Attributes:
        upper: The nodes of the code list down to 目 (depth 0–4), in code-list order.
        totals: Amount kind ID → node ID → the sum of the lines below the node (nodes to
            目 with lines below them, in code-list order).
        primary: The primary amount kind's ID (``None`` when the book has no kinds).
        classification_count: The nodes of the code list.
        line_count: The lines.
        line_amount_count: The non-primary amounts of lines.
        total: The sum of the lines' primary amounts, in yen.
        top_lines: The largest lines by primary amount (ties by ID).
        paths: For each of :attr:`top_lines`, its classification's names from the 款 down.
    """

    upper: tuple[Classification, ...]
    totals: Mapping[str, Mapping[str, int]]
    primary: str | None
    classification_count: int
    line_count: int
    line_amount_count: int
    total: int
    top_lines: tuple[BudgetLine, ...]
    paths: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def node_totals(self, kind: str | None = None) -> Mapping[str, int]:
        """The totals of the nodes to 目 for one amount kind (the primary by default)."""
        key = self.primary if kind is None else kind
        return self.totals.get(key or "", {})


def ancestors(node_id: str, deepest: int | None = MOKU_DEPTH) -> list[str]:
    """The IDs of a node's ancestors and itself down to depth ``deepest`` (all when
    ``None``), root first."""
    parts = node_id.split(_SEPARATOR)
    stop = len(parts) if deepest is None else min(len(parts), deepest + 1)
    return [_SEPARATOR.join(parts[: depth + 1]) for depth in range(stop)]


def view_of(classification_id: str) -> str:
    """The direction node (depth 1, e.g. ``1-expenditure``) above a node."""
    return _SEPARATOR.join(classification_id.split(_SEPARATOR)[:2])


def _classification_of(line_id: str) -> str:
    return line_id.split(_DEPARTMENT, 1)[0]


def _add(sums: dict[str, int], classification_id: str, amount: int) -> None:
    """Add an amount to the node's deepest ancestor to 目 (itself if it is no deeper):
    :func:`_spread` then gives each node to 目 the sum of the amounts below it."""
    parts = classification_id.split(_SEPARATOR, MOKU_DEPTH + 1)
    if len(parts) > MOKU_DEPTH + 1:
        classification_id = classification_id[: -len(parts[-1]) - 1]
    sums[classification_id] = sums.get(classification_id, 0) + amount


def _spread(sums: Mapping[str, int]) -> dict[str, int]:
    """Sums added by :func:`_add`, each added to every ancestor of its node too."""
    spread: dict[str, int] = {}
    for node, amount in sums.items():
        for ancestor in ancestors(node):
            spread[ancestor] = spread.get(ancestor, 0) + amount
    return spread


def _in_order(upper: Sequence[Classification], sums: Mapping[str, int]) -> dict[str, int]:
    return {c.id: sums[c.id] for c in upper if c.id in sums}


def _paths(
    lines: Sequence[BudgetLine], names: Iterable[tuple[str, str]]
) -> dict[str, tuple[str, ...]]:
    """Each line's names from the 款 down, from one more pass over the code list's
    ``(ID, name)``."""
    wanted = {node for line in lines for node in ancestors(line.classification_id, None)}
    found = {node: name for node, name in names if node in wanted}
    return {
        line.classification_id: tuple(
            found[node] for node in ancestors(line.classification_id, None)[KAN_DEPTH:]
        )
        for line in lines
    }


#: A candidate for the largest lines: minus its amount, its ID, and the line or a function
#: that makes it (made only for the lines kept).
_Candidate = tuple[int, str, "BudgetLine | Callable[[], BudgetLine]"]
_largest = itemgetter(0, 1)


def _line(candidate: _Candidate) -> BudgetLine:
    line = candidate[2]
    return line if isinstance(line, BudgetLine) else line()


class DigestBuilder:
    """:func:`digest_book`, pushed: the records (or the cells the digest sums, with a
    function that makes the record) are added one at a time as something else reads
    them (the code list in order, the lines, the line amounts), then :meth:`result`
    makes the digest. Memory holds what the digest holds, and a bounded list of
    candidates for the largest lines.

    Args:
        top: How many of the largest lines to keep.
    """

    def __init__(self, *, top: int = TOP_LINES) -> None:
        self._top = top
        self._count = self._line_count = self._amount_count = self._total = 0
        self._upper: list[Classification] = []
        self._line_sums: dict[str, int] = {}
        self._amount_sums: dict[str, dict[str, int]] = {}
        self._largest: list[_Candidate] = []

    def classification(self, node: Classification) -> None:
        """Add a node of the code list (parents before children)."""
        self.node(node.depth, node)

    def node(self, depth: int, node: Classification | Callable[[], Classification]) -> None:
        """Add a node of the code list by its depth, with its record or a function that
        makes it (called only for a node the digest keeps, to 目)."""
        self._count += 1
        if depth <= MOKU_DEPTH:
            self._upper.append(node if isinstance(node, Classification) else node())

    def line(self, line: BudgetLine) -> None:
        """Add a line."""
        self.line_of(line.id, line.classification_id, line.amount, line)

    def line_of(
        self,
        line_id: str,
        classification_id: str,
        amount: int,
        line: BudgetLine | Callable[[], BudgetLine],
    ) -> None:
        """Add a line by its ID, classification and amount, with its record or a function
        that makes it (called only for the largest lines)."""
        self._line_count += 1
        self._total += amount
        _add(self._line_sums, classification_id, amount)
        self._largest.append((-amount, line_id, line))
        if len(self._largest) >= 64 * self._top + 1024:
            self._largest = heapq.nsmallest(self._top, self._largest, key=_largest)

    def line_amount(self, amount: _Amount) -> None:
        """Add a non-primary amount of a line."""
        self.amount_of(amount.line_id, amount.kind_id, amount.amount)

    def amount_of(self, line_id: str, kind_id: str, amount: int) -> None:
        """Add a non-primary amount of a line by its line, kind and amount."""
        self._amount_count += 1
        sums = self._amount_sums.setdefault(kind_id, {})
        _add(sums, _classification_of(line_id), amount)

    def result(
        self, amount_kinds: Sequence[AmountKind], names: Iterable[tuple[str, str]]
    ) -> BookDigest:
        """The digest.

        Args:
            amount_kinds: The book's amount kinds.
            names: The code list's ``(ID, name)``, for the largest lines' paths.
        """
        primary = next((k.id for k in amount_kinds if k.primary), None)
        sums: dict[str, dict[str, int]] = {k.id: {} for k in amount_kinds}
        for kind, added in [(primary or "", self._line_sums), *self._amount_sums.items()]:
            into = sums.setdefault(kind, {})
            for node, amount in _spread(added).items():
                into[node] = into.get(node, 0) + amount
        largest = [_line(c) for c in heapq.nsmallest(self._top, self._largest, key=_largest)]
        return BookDigest(
            upper=tuple(self._upper),
            totals={kind: _in_order(self._upper, s) for kind, s in sums.items()},
            primary=primary,
            classification_count=self._count,
            line_count=self._line_count,
            line_amount_count=self._amount_count,
            total=self._total,
            top_lines=tuple(largest),
            paths=_paths(largest, names),
        )


def digest_book(
    amount_kinds: Sequence[AmountKind],
    classifications: Callable[[], Iterable[Classification]],
    lines: Iterable[BudgetLine],
    line_amounts: Iterable[_Amount],
    *,
    top: int = TOP_LINES,
    names: Callable[[], Iterable[tuple[str, str]]] | None = None,
) -> BookDigest:
    """Digest a budget book's tables, each read once (the code list twice).

    Args:
        amount_kinds: The book's amount kinds.
        classifications: Gives the code list, in order, each time it is called.
        lines: The lines.
        line_amounts: The non-primary amounts of the lines.
        top: How many of the largest lines to keep.
        names: Gives the code list's ``(ID, name)`` (e.g. read without the model), for
            the second pass; default: from ``classifications``.

    Returns:
        The digest.
    """
    builder = DigestBuilder(top=top)
    for node in classifications():
        builder.classification(node)
    for line in lines:
        builder.line(line)
    for amount in line_amounts:
        builder.line_amount(amount)
    pairs = names() if names is not None else ((c.id, c.name) for c in classifications())
    return builder.result(amount_kinds, pairs)
