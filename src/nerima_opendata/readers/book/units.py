"""The unit of each amount column: said by the file (a header such as 予算額（千円）, a unit
column), by its mapping, or by the option; where two of them disagree, it is an error
(mixed units), and where none says, the unit is required."""

from __future__ import annotations

from collections.abc import Sequence

from nerima_opendata.errors import BookImportError
from nerima_opendata.model.enums import SourceUnit
from nerima_opendata.readers.book.mapping import Mapping
from nerima_opendata.readers.book.plan import Plan, row_error
from nerima_opendata.readers.book.source import Row

__all__ = ["units"]


def _unit_column(plan: Plan, mapping: Mapping, rows: Sequence[Row]) -> SourceUnit | None:
    pair, facet = plan.unit, mapping.unit_column
    if facet is None or not pair.present:
        return None
    first: tuple[Row, str] | None = None
    for row in rows:
        code, name = pair.read(row)
        label = name or code
        if label not in facet.values:
            raise row_error(
                plan,
                row,
                pair.name or pair.code,
                "a unit the mapping does not know",
                label,
                f"one of {', '.join(facet.values)}",
            )
        if first is not None and label != first[1]:
            raise row_error(
                plan,
                row,
                pair.name or pair.code,
                f"mixed units: row {first[0].number} says {first[1]!r}",
                label,
                "one unit for the whole file",
            )
        first = first or (row, label)
    return SourceUnit(facet.values[first[1]]) if first is not None else None


def units(
    plan: Plan, mapping: Mapping, rows: Sequence[Row], option: SourceUnit | None
) -> dict[str, SourceUnit]:
    """The unit of each amount column, by amount kind ID.

    Raises:
        BookImportError: The file, its mapping and the option disagree, or no unit is
            known for an amount column.
    """
    column = _unit_column(plan, mapping, rows)
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
