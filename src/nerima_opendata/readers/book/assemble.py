"""The rows of one budget → its code list, lines and line amounts, checked row by row.

Every rule is checked here, where the row and column are known, so that an error names
them (the model checks the same rules again, without knowing the file):

* a code has one name (in one budget); under a level whose codes are unique within the
  level, a code has one parent;
* a path has no gap (款 and 目 given, 項 empty);
* a line appears once; it sits at a leaf;
* an amount is an integer number of yen after the unit; negative only in 補正;
* a subtotal row (where the mapping says sources print them) equals the sum of its lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from nerima_opendata.errors import BookImportError
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

__all__ = ["Assembled", "assemble"]

#: How often (in rows) progress is reported.
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class _Node:
    level: str
    depth: int
    code: str
    name: str
    parent: str | None
    row: Row
    column: str | None


@dataclass
class Assembled:
    """One budget's code list, lines and line amounts, in source order."""

    nodes: dict[str, _Node] = field(default_factory=dict)
    lines: dict[str, BudgetLine] = field(default_factory=dict)
    line_rows: dict[str, Row] = field(default_factory=dict)
    amounts: list[LineAmount] = field(default_factory=list)
    subtotals: list[tuple[Row, str, dict[str, int]]] = field(default_factory=list)
    named: dict[tuple[str, str], tuple[str, Row]] = field(default_factory=dict)
    parents: dict[tuple[str, str], tuple[str, Row]] = field(default_factory=dict)

    def classifications(self) -> tuple[Classification, ...]:
        """The code list, in the order the rows first gave each node."""
        return tuple(
            Classification(
                id=node_id,
                level=n.level,
                depth=n.depth,
                code=n.code,
                name=n.name,
                parent_id=n.parent,
            )
            for node_id, n in self.nodes.items()
        )


class _Builder:
    """Checks and collects the rows of one budget."""

    def __init__(self, plan: Plan, units: dict[str, SourceUnit], keyed: bool) -> None:
        self.plan, self.units, self.keyed = plan, units, keyed
        self.out = Assembled()

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
        first = self.out.named.setdefault((scope, key), (name, row))
        if first[0] != name:
            raise self.fail(
                row,
                column,
                f"one code with two names: {key} is named {first[0]!r} in row {first[1].number}",
                name,
                f"{first[0]!r}, as row {first[1].number} names it",
            )

    def node(self, row: Row, node_id: str, node: _Node) -> None:
        known = self.out.nodes.setdefault(node_id, node)
        if known.name != node.name:
            raise self.fail(
                row,
                node.column,
                f"one code with two names: {node.level} {node.code} is "
                f"named {known.name!r} in row {known.row.number}",
                node.name,
                f"{known.name!r}, as row {known.row.number} names it",
            )

    def path(self, row: Row, facts: RowFacts) -> tuple[str, bool]:
        """Add the row's nodes; its leaf's ID, and whether trailing levels are empty."""
        account, direction = facts.account_code, facts.direction
        pair = self.plan.account
        column = pair.name or pair.code
        self.node(
            row, account, _Node(ACCOUNT_LEVEL, 0, account, facts.account_name, None, row, column)
        )
        parent = f"{account}-{direction.value}"
        self.node(
            row,
            parent,
            _Node(DIRECTION_LEVEL, 1, direction.value, direction.label_ja, account, row, None),
        )
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
            first = self.out.parents.setdefault((level, code), (parent, row))
            if first[0] != parent:
                raise self.fail(
                    row,
                    columns.code,
                    f"a code under two parents: {level} {code} is under {first[0]} in row "
                    f"{first[1].number}",
                    parent,
                    f"{first[0]}: codes of {level} are unique within the level",
                )
        node_id = f"{parent}-{code}"
        column = columns.name or columns.code
        self.node(row, node_id, _Node(level, depth, code, name or code, parent, row, column))
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

    def add(self, row: Row, facts: RowFacts, subtotal_rows: bool) -> None:
        leaf, trailing_empty = self.path(row, facts)
        values = self.amounts(row, facts.phase)
        if subtotal_rows and trailing_empty:
            self.out.subtotals.append((row, leaf, values))
            return
        department, department_name = self.pair(row, self.plan.department, "department")
        nature, nature_name = self.pair(row, self.plan.nature, "nature")
        key = line_id(leaf, department if self.keyed and self.plan.department.present else None)
        if key in self.out.lines:
            first = self.out.line_rows[key]
            raise self.fail(
                row,
                None,
                f"the same line twice: rows {first.number} and {row.number} are both {key}",
                row.number,
                "one row per line (per classification"
                + (
                    " and department)"
                    if self.keyed
                    else "); key lines by department in the mapping if needed"
                ),
            )
        primary = next(p.amount.id for p in self.plan.amounts if p.amount.primary)
        self.out.lines[key] = BudgetLine(
            id=key,
            classification_id=leaf,
            department_code=department,
            department_name=department_name,
            nature_code=nature,
            nature_name=nature_name,
            cofog=self.cofog(row),
            amount=values[primary],
            source_rows=str(row.number),
        )
        self.out.line_rows[key] = row
        self.out.amounts += [
            LineAmount(id=amount_id(key, kind), line_id=key, kind_id=kind, amount=value)
            for kind, value in values.items()
            if kind != primary
        ]


def _leaves(builder: _Builder) -> None:
    out = builder.out
    children = {n.parent: (node_id, n.row) for node_id, n in out.nodes.items() if n.parent}
    for key, line in out.lines.items():
        if line.classification_id in children:
            child, child_row = children[line.classification_id]
            raise builder.fail(
                out.line_rows[key],
                None,
                f"a line at a node that has nodes below it: row "
                f"{child_row.number} gives {child} under it",
                line.classification_id,
                "lines at the leaves of the code list only",
            )


def _subtotals(builder: _Builder) -> None:
    out = builder.out
    parent = {node_id: n.parent for node_id, n in out.nodes.items()}
    sums: dict[str, dict[str, int]] = {}
    amounts = {(a.line_id, a.kind_id): a.amount for a in out.amounts}
    primary = next(p.amount.id for p in builder.plan.amounts if p.amount.primary)
    for key, line in out.lines.items():
        node: str | None = line.classification_id
        while node is not None:
            total = sums.setdefault(node, {})
            for plan in builder.plan.amounts:
                kind = plan.amount.id
                value = line.amount if kind == primary else amounts[(key, kind)]
                total[kind] = total.get(kind, 0) + value
            node = parent.get(node)
    headers = {p.amount.id: p.header for p in builder.plan.amounts}
    for row, node_id, values in out.subtotals:
        for kind, value in values.items():
            derived = sums.get(node_id, {}).get(kind, 0)
            if derived != value:
                raise builder.fail(
                    row,
                    headers[kind],
                    f"a subtotal row that is not the sum of its lines ({node_id})",
                    value,
                    f"{derived}, the sum of the lines below it (yen)",
                )


def assemble(
    plan: Plan,
    rows: Sequence[tuple[Row, RowFacts]],
    units: dict[str, SourceUnit],
    *,
    keyed_by_department: bool,
    subtotal_rows: bool,
    progress: Callable[[int], None] | None = None,
) -> Assembled:
    """Check and collect the rows of one budget.

    Raises:
        BookImportError: A row breaks a rule (the error names the row and column).
    """
    builder = _Builder(plan, units, keyed_by_department)
    for done, (row, facts) in enumerate(rows, start=1):
        builder.add(row, facts, subtotal_rows)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    if progress is not None:
        progress(len(rows) % PROGRESS_EVERY)
    _leaves(builder)
    _subtotals(builder)
    return builder.out
