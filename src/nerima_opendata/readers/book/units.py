"""The unit of each amount column: said by the file (a header such as 予算額（千円）, a unit
column), by its mapping, or by the option; where two of them disagree, it is an error
(mixed units), and where none says, the unit is required."""

from __future__ import annotations

from nerima_opendata.errors import BookImportError
from nerima_opendata.model.enums import SourceUnit
from nerima_opendata.readers.book.mapping import Mapping
from nerima_opendata.readers.book.plan import Plan, row_error
from nerima_opendata.readers.book.source import Row

__all__ = ["UnitColumn", "units"]


class UnitColumn:
    """The unit a file's unit column says, read one row at a time (one unit for all).

    A row's error is kept and raised by :attr:`unit` (after the rows' other facts).
    """

    def __init__(self, plan: Plan, mapping: Mapping) -> None:
        self.plan, self.facet, self.pair = plan, mapping.unit_column, plan.unit
        self.first: tuple[Row, str] | None = None
        self.error: BookImportError | None = None

    def see(self, row: Row) -> None:
        """Read the unit of a row."""
        pair, facet = self.pair, self.facet
        if facet is None or not pair.present or self.error is not None:
            return
        code, name = pair.read(row)
        label = name or code
        if label not in facet.values:
            self.error = row_error(
                self.plan,
                row,
                pair.name or pair.code,
                "a unit the mapping does not know",
                label,
                f"one of {', '.join(facet.values)}",
            )
        elif self.first is not None and label != self.first[1]:
            self.error = row_error(
                self.plan,
                row,
                pair.name or pair.code,
                f"mixed units: row {self.first[0].number} says {self.first[1]!r}",
                label,
                "one unit for the whole file",
            )
        self.first = self.first or (row, label)

    @property
    def unit(self) -> SourceUnit | None:
        """The unit of every row (None without a unit column).

        Raises:
            BookImportError: A row's unit is unknown, or differs from the first row's.
        """
        if self.error is not None:
            raise self.error
        if self.facet is None or self.first is None:
            return None
        return SourceUnit(self.facet.values[self.first[1]])


def units(
    plan: Plan, mapping: Mapping, column: SourceUnit | None, option: SourceUnit | None
) -> dict[str, SourceUnit]:
    """The unit of each amount column, by amount kind ID.

    Raises:
        BookImportError: The file, its mapping and the option disagree, or no unit is
            known for an amount column.
    """
    if column is not None and mapping.unit is not None and column is not mapping.unit:
        raise BookImportError(
            f"mixed units: the column says {column.label_ja}, the mapping "
            f"{mapping.path.name} says {mapping.unit.label_ja}",
            column=plan.unit.name or plan.unit.code,
            found=column.value,
            expected=mapping.unit.value,
            path=plan.columns.path,
        )
    file_unit = column or mapping.unit
    for amount in plan.amounts:
        for said, where in ((file_unit, "the file's unit"), (option, "the option --unit")):
            if amount.header_unit and said and amount.header_unit is not said:
                raise BookImportError(
                    f"mixed units: the header says {amount.header_unit.label_ja}, {where} "
                    f"says {said.label_ja}",
                    column=amount.header,
                    found=said.value,
                    expected=amount.header_unit.value,
                    path=plan.columns.path,
                    line=1,
                )
    if option is not None and file_unit is not None and option is not file_unit:
        raise BookImportError(
            f"mixed units: the file says {file_unit.label_ja}, the option --unit says "
            f"{option.label_ja}",
            column=plan.unit.name or plan.unit.code,
            found=option.value,
            expected=file_unit.value,
            path=plan.columns.path,
        )
    default = file_unit or option
    found: dict[str, SourceUnit] = {}
    for amount in plan.amounts:
        unit = amount.header_unit or default
        if unit is None:
            raise BookImportError(
                "the unit of the amounts is not known: give it",
                column=amount.header,
                expected="--unit yen or --unit thousand-yen (unit=...)",
                path=plan.columns.path,
                line=1,
            )
        found[amount.amount.id] = unit
    return found
