"""The rows of one budget → its code list, lines and line amounts, checked row by row.

Every rule is checked here, where the row and column are known, so that an error names
them (the model checks the same rules again, without knowing the file):

* a code has one name (in one budget); under a level whose codes are unique within the
  level, a code has one parent;
* a path has no gap (款 and 目 given, 項 empty);
* a line appears once; it sits at a leaf;
* an amount is an integer number of yen after the unit; negative only in 補正;
* a subtotal row (where the mapping says sources print them) equals the sum of its lines.

Memory does not grow with the rows: each record goes to a sink as soon as it is made,
what is remembered per node or line is kept in :class:`~nerima_opendata.files.keystore.
KeyStore` s (spilling to disk), and the two rules that need every row first (leaves,
subtotals) read back a temporary file of the lines.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

from nerima_opendata.errors import BookImportError
from nerima_opendata.files.keystore import DEFAULT_MEMORY_LIMIT, KeyStore
from nerima_opendata.files.scratch import scratch
from nerima_opendata.model.base import Record
from nerima_opendata.model.book import (
    ACCOUNT_LEVEL,
    DIRECTION_LEVEL,
    BudgetLine,
    Classification,
    LineAmount,
    amount_id,
    line_id,
)
from nerima_opendata.model.book_rules import SIGNED_STAGES
from nerima_opendata.model.enums import BudgetPhase, SourceUnit
from nerima_opendata.readers.book.facts import RowFacts
from nerima_opendata.readers.book.plan import LevelPlan, Pair, Plan, row_error
from nerima_opendata.readers.book.source import Row
from nerima_opendata.readers.book.values import ValueProblem, read_amount, read_code, read_cofog

__all__ = ["Builder", "Sink"]

#: Where each record goes as soon as it is made (a list, a CSV file).
Sink = Callable[[Record], None]
_TAB = "\t"


class _Node(NamedTuple):
    """A node of the code list, as a row gives it (a record once it is new)."""

    id: str
    level: str
    depth: int
    code: str
    name: str
    parent_id: str | None


def _split(value: str | None) -> tuple[int, str]:
    """A stored ``row<TAB>text`` value."""
    number, _, text = (value or "0\t").partition(_TAB)
    return int(number), text


class Builder:
    """Checks the rows of one budget and sends its records to a sink.

    Args:
        plan: The file's plan.
        units: The unit of each amount kind.
        keyed: Lines are keyed by department (the mapping's ``lines_keyed_by_department``).
        subtotal_rows: Rows with trailing levels empty are subtotals (the mapping's).
        sink: Where the records go.
        memory_limit: Keys each store holds in memory before it spills to disk.
    """

    def __init__(
        self,
        plan: Plan,
        units: dict[str, SourceUnit],
        *,
        keyed: bool,
        subtotal_rows: bool,
        sink: Sink,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
    ) -> None:
        self.plan, self.units, self.keyed, self.subtotal_rows = plan, units, keyed, subtotal_rows
        self.sink = sink
        self.primary = next(p.amount.id for p in plan.amounts if p.amount.primary)
        self._stack = ExitStack()
        work = Path(self._stack.enter_context(scratch("nerima-book-")))

        def store() -> KeyStore:
            return self._stack.enter_context(KeyStore(memory_limit=memory_limit, directory=work))

        self.nodes, self.named, self.parents = store(), store(), store()
        self.lines, self.children, self.subtotal_nodes = store(), store(), store()
        self._store = store
        self._files = {name: work / f"{name}.csv" for name in ("lines", "subtotals")}
        self._handles = {
            name: self._stack.enter_context(path.open("w", newline=""))
            for name, path in self._files.items()
        }
        self._writers = {name: csv.writer(handle) for name, handle in self._handles.items()}
        self.has_subtotals = False
        #: The node at each depth of the last row: most rows repeat their neighbour's path.
        self._last: dict[int, tuple[str, str]] = {}

    def close(self) -> None:
        """Remove the temporary files and stores."""
        self._stack.close()

    def fail(
        self, row: Row, column: str | None, message: str, found: object, expected: str
    ) -> BookImportError:
        return row_error(self.plan, row, column, message, found, expected)

    def code(self, row: Row, column: str | None, text: str) -> str:
        try:
            return read_code(text)
        except ValueProblem as problem:
            raise self.fail(row, column, problem.message, text, problem.expected) from None

    def name_once(self, row: Row, scope: str, key: str, name: str, column: str | None) -> None:
        """A code (``key`` within ``scope``) keeps the name the first row gave it."""
        stored = f"{scope}{_TAB}{key}"
        if self.named.add(stored, f"{row.number}{_TAB}{name}"):
            return
        first_row, first = _split(self.named.get(stored))
        if first != name:
            raise self.fail(
                row,
                column,
                f"one code with two names: {key} is named {first!r} in row {first_row}",
                name,
                f"{first!r}, as row {first_row} names it",
            )

    def node(self, row: Row, node: _Node, column: str | None) -> None:
        """Send a node the first time a row gives it; check its name every time."""
        if self._last.get(node.depth) == (node.id, node.name):
            return  # as the previous row gave it (rows come sorted, mostly): known
        self._last[node.depth] = (node.id, node.name)
        if self.nodes.add(node.id, f"{row.number}{_TAB}{node.name}"):
            if node.parent_id is not None:
                self.children.add(node.parent_id, f"{row.number}{_TAB}{node.id}")
            self.sink(Classification(**node._asdict()))
            return
        known_row, known = _split(self.nodes.get(node.id))
        if known != node.name:
            raise self.fail(
                row,
                column,
                f"one code with two names: {node.level} {node.code} is "
                f"named {known!r} in row {known_row}",
                node.name,
                f"{known!r}, as row {known_row} names it",
            )

    def path(self, row: Row, facts: RowFacts) -> tuple[str, bool]:
        """Add the row's nodes; its leaf's ID, and whether trailing levels are empty."""
        account, direction = facts.account_code, facts.direction
        pair = self.plan.account
        top = _Node(account, ACCOUNT_LEVEL, 0, account, facts.account_name, None)
        self.node(row, top, pair.name or pair.code)
        parent = f"{account}-{direction.value}"
        side = _Node(parent, DIRECTION_LEVEL, 1, direction.value, direction.label_ja, account)
        self.node(row, side, None)
        cells = [(lp, *lp.columns.read(row)) for lp in self.plan.levels]
        filled = [i for i, (_, code, name) in enumerate(cells) if code or name]
        if not filled:
            head = self.plan.levels[0].columns.code
            raise self.fail(row, head, "a row without any level of the code list", "", "a code")
        for depth, (lp, code_text, name) in enumerate(cells[: filled[-1] + 1], start=2):
            parent = self.level_node(row, lp, code_text, name, depth, parent)
        return parent, filled[-1] < len(cells) - 1

    def level_node(
        self, row: Row, lp: LevelPlan, code_text: str, name: str, depth: int, parent: str
    ) -> str:
        """Add the node of one level of a row; its ID."""
        columns, level = lp.columns, lp.level.level
        if not code_text:
            raise self.fail(
                row,
                columns.code,
                f"a level missing in the middle of a path: {level} is empty while a level "
                "below it is given",
                name or "",
                f"the code of {level}",
            )
        code = self.code(row, columns.code, code_text)
        if columns.name is not None and not name:
            raise self.fail(
                row, columns.name, f"a code without its name ({level} {code})", "", "the name"
            )
        if lp.level.unique_codes:
            key = f"{level}{_TAB}{code}"
            if not self.parents.add(key, f"{row.number}{_TAB}{parent}"):
                first_row, first = _split(self.parents.get(key))
                if first != parent:
                    raise self.fail(
                        row,
                        columns.code,
                        f"a code under two parents: {level} {code} is under {first} in row "
                        f"{first_row}",
                        parent,
                        f"{first}: codes of {level} are unique within the level",
                    )
        node_id = f"{parent}-{code}"
        node = _Node(node_id, level, depth, code, name or code, parent)
        self.node(row, node, columns.name or columns.code)
        return node_id

    def pair(self, row: Row, pair: Pair, scope: str) -> tuple[str | None, str | None]:
        code_text, name = pair.read(row)
        code = self.code(row, pair.code, code_text) if code_text else None
        if code is not None and name:
            self.name_once(row, scope, code, name, pair.name)
        return code, name or None

    def cofog(self, row: Row) -> str | None:
        value = None
        for header, at in self.plan.cofog:
            cell = row.cells[at].strip()
            if cell:
                try:
                    value = read_cofog(cell)
                except ValueProblem as problem:
                    raise self.fail(row, header, problem.message, cell, problem.expected) from None
        return value

    def amounts(self, row: Row, phase: BudgetPhase) -> dict[str, int]:
        found: dict[str, int] = {}
        for plan in self.plan.amounts:
            cell = row.cells[plan.at]
            kind = plan.amount
            try:
                value = read_amount(
                    cell, self.units[kind.id], thousands_separator=kind.thousands_separator
                )
            except ValueProblem as problem:
                raise self.fail(row, plan.header, problem.message, cell, problem.expected) from None
            if value < 0 and phase is not BudgetPhase.ADJUSTED and kind.stage not in SIGNED_STAGES:
                raise self.fail(
                    row,
                    plan.header,
                    "a negative amount outside an adjusted budget (補正予算)",
                    cell,
                    "an amount of 0 or more (decreases only in 補正)",
                )
            found[kind.id] = value
        return found

    def add(self, row: Row, facts: RowFacts) -> None:
        """Check one row and send its records.

        Raises:
            BookImportError: The row breaks a rule.
        """
        leaf, trailing_empty = self.path(row, facts)
        values = self.amounts(row, facts.phase)
        if self.subtotal_rows and trailing_empty:
            self.subtotal_nodes.add(leaf)
            self._writers["subtotals"].writerow([row.number, leaf, *values.values()])
            self.has_subtotals = True
            return
        department, department_name = self.pair(row, self.plan.department, "department")
        nature, nature_name = self.pair(row, self.plan.nature, "nature")
        key = line_id(leaf, department if self.keyed and self.plan.department.present else None)
        if not self.lines.add(key, str(row.number)):
            raise self.fail(
                row,
                None,
                f"the same line twice: rows {self.lines.get(key)} and {row.number} are both {key}",
                row.number,
                "one row per line (per classification"
                + (
                    " and department)"
                    if self.keyed
                    else "); key lines by department in the mapping if needed"
                ),
            )
        self.sink(
            BudgetLine(
                id=key,
                classification_id=leaf,
                department_code=department,
                department_name=department_name,
                nature_code=nature,
                nature_name=nature_name,
                cofog=self.cofog(row),
                amount=values[self.primary],
                source_rows=str(row.number),
            )
        )
        for kind, value in values.items():
            if kind != self.primary:
                self.sink(
                    LineAmount(id=amount_id(key, kind), line_id=key, kind_id=kind, amount=value)
                )
        self._writers["lines"].writerow([row.number, leaf, *values.values()])

    def _read(self, name: str) -> Iterator[list[str]]:
        """The rows of a temporary file, written so far."""
        self._handles[name].flush()
        with self._files[name].open(newline="") as stream:
            yield from csv.reader(stream)

    def finish(self) -> None:
        """Check the rules that need every row: lines at leaves, subtotals.

        Raises:
            BookImportError: A line sits above another node, or a subtotal row is not the
                sum of its lines.
        """
        for number, leaf, *_ in self._read("lines"):
            child = self.children.get(leaf)
            if child is not None:
                child_row, child_id = _split(child)
                raise self.fail(
                    Row(int(number), ()),
                    None,
                    f"a line at a node that has nodes below it: row {child_row} gives "
                    f"{child_id} under it",
                    leaf,
                    "lines at the leaves of the code list only",
                )
        if self.has_subtotals:
            self._subtotals()

    def _subtotals(self) -> None:
        kinds = [p.amount for p in self.plan.amounts]
        headers = {p.amount.id: p.header for p in self.plan.amounts}
        sums = self._store()
        for _, leaf, *values in self._read("lines"):
            parts = leaf.split("-")
            for end in range(len(parts), 0, -1):
                node = "-".join(parts[:end])
                if node in self.subtotal_nodes:
                    totals = _ints(sums.get(node), len(kinds))
                    added = (t + int(v) for t, v in zip(totals, values, strict=True))
                    sums.put(node, ",".join(map(str, added)))
        for number, node, *values in self._read("subtotals"):
            derived = _ints(sums.get(node), len(kinds))
            for kind, value, total in zip(kinds, values, derived, strict=True):
                if int(value) != total:
                    raise self.fail(
                        Row(int(number), ()),
                        headers[kind.id],
                        f"a subtotal row that is not the sum of its lines ({node})",
                        int(value),
                        f"{total}, the sum of the lines below it (yen)",
                    )


def _ints(stored: str | None, count: int) -> list[int]:
    """Sums stored as ``1,2,3`` (zeros when none)."""
    return [int(v) for v in stored.split(",")] if stored else [0] * count
