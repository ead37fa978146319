"""A mapping file: how the columns of one CSV format become a budget book.

A mapping is TOML (see ``docs/importing.md``): the encoding and unit of the format, the
header names of each fact (a list: the first header the file has is used), the levels
of the code list in path order, the amount columns and their stage, and the columns that
are deliberately not imported, each with a reason. The library ships two
(:data:`SHIPPED_FORMATS`); a user writes their own for any other file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.enums import AmountStage, BudgetPhase, Direction, SourceUnit

__all__ = [
    "SHIPPED_FORMATS",
    "AmountColumn",
    "Facet",
    "IgnoredColumns",
    "Level",
    "Mapping",
    "load_mapping",
    "shipped_mapping",
]

_FORMATS = Path(__file__).resolve().parent / "formats"
#: The formats the library ships a mapping for.
SHIPPED_FORMATS: tuple[str, ...] = ("spendingjp", "setagaya")


@dataclass(frozen=True)
class Facet:
    """A fact the file may give in a column: its code and name headers (variants)."""

    code: tuple[str, ...] = ()
    name: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Level:
    """A level of the code list below the direction (款, 項, 目, 節…), in path order."""

    level: str
    code: tuple[str, ...]
    name: tuple[str, ...]
    required: bool = True
    unique_codes: bool = False


@dataclass(frozen=True)
class AmountColumn:
    """An amount column: its headers, the stage it records, how it is printed."""

    id: str
    columns: tuple[str, ...]
    stage: AmountStage
    primary: bool = False
    thousands_separator: bool = False
    units: dict[str, SourceUnit] = field(default_factory=dict)
    name_en: str | None = None


@dataclass(frozen=True)
class IgnoredColumns:
    """Columns the import leaves out on purpose, and why (recorded as an editorial note)."""

    columns: tuple[str, ...]
    reason: str
    reason_en: str | None = None


@dataclass(frozen=True)
class Mapping:
    """Everything the importer needs to know about one CSV format."""

    name: str
    title: str
    path: Path
    levels: tuple[Level, ...]
    amounts: tuple[AmountColumn, ...]
    encoding: str | None = None
    unit: SourceUnit | None = None
    direction: Direction | None = None
    direction_column: Facet | None = None
    index_column: bool = False
    lines_keyed_by_department: bool = False
    subtotal_rows: bool = False
    municipality: str | None = None
    municipality_name: str | None = None
    fiscal_year: tuple[str, ...] = ()
    phase: Facet = Facet()
    phase_default: BudgetPhase | None = None
    phase_alternatives: dict[str, tuple[BudgetPhase, ...]] = field(default_factory=dict)
    unit_column: Facet | None = None
    account: Facet = Facet()
    department: Facet = Facet()
    nature: Facet = Facet()
    cofog: tuple[str, ...] = ()
    ignored: tuple[IgnoredColumns, ...] = ()

    def known_headers(self) -> set[str]:
        """Every header this mapping names (variants included)."""
        facets = [self.phase, self.account, self.department, self.nature]
        facets += [f for f in (self.direction_column, self.unit_column) if f is not None]
        known = {h for f in facets for h in (*f.code, *f.name)}
        known |= {h for lv in self.levels for h in (*lv.code, *lv.name)}
        known |= {h for a in self.amounts for h in a.columns}
        known |= {h for g in self.ignored for h in g.columns}
        return known | set(self.fiscal_year) | set(self.cofog)


class _Reader:
    """Reads one mapping table, naming the file and key in every error."""

    def __init__(self, path: Path, data: dict[str, Any], where: str = "") -> None:
        self.path, self.data, self.where = path, data, where

    def fail(self, key: str, message: str, found: object, expected: str) -> InputError:
        return InputError(
            f"mapping {self.where}{key}: {message}", found=found, expected=expected, path=self.path
        )

    def only(self, *keys: str) -> _Reader:
        """This table, checked to hold no key but these (a typo is an error)."""
        unknown = sorted(set(self.data) - set(keys))
        if unknown:
            raise self.fail(unknown[0], "unknown key", unknown[0], f"one of {', '.join(keys)}")
        return self

    def get(self, key: str, kind: type, default: Any = None) -> Any:
        value = self.data.get(key, default)
        if value is not default and not isinstance(value, kind):
            raise self.fail(key, "wrong type", value, kind.__name__)
        return value

    def headers(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "not a list of headers", value, "a header or a list of headers")
        return tuple(value)

    def enum(self, key: str, kind: type[Any], default: Any = None) -> Any:
        value = self.data.get(key)
        if value is None:
            return default
        try:
            return kind(value)
        except ValueError:
            raise self.fail(
                key, "unknown value", value, f"one of {[m.value for m in kind]}"
            ) from None

    def table(self, key: str) -> _Reader:
        value = self.get(key, dict, {})
        return _Reader(self.path, value, f"{self.where}{key}.")

    def tables(self, key: str) -> list[_Reader]:
        value = self.get(key, list, [])
        if not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "not an array of tables", value, f"[[{key}]] tables")
        return [_Reader(self.path, v, f"{self.where}{key}[{i}].") for i, v in enumerate(value)]

    def facet(self, key: str, *more: str) -> Facet:
        sub = self.table(key).only("code", "name", "values", *more)
        values = sub.get("values", dict, {})
        if not all(isinstance(v, str) for v in values.values()):
            raise sub.fail("values", "not a table of strings", values, "name = value")
        return Facet(sub.headers("code"), sub.headers("name"), dict(values))


def _level(item: _Reader) -> Level:
    item.only("level", "code", "name", "required", "unique_codes")
    level = item.get("level", str)
    if not level:
        raise item.fail("level", "missing", None, "the level's name, e.g. 款")
    return Level(
        level=level,
        code=item.headers("code") or (level,),
        name=item.headers("name"),
        required=item.get("required", bool, True),
        unique_codes=item.get("unique_codes", bool, False),
    )


def _amount(item: _Reader) -> AmountColumn:
    item.only("id", "columns", "stage", "primary", "thousands_separator", "units", "name_en")
    kind_id = item.get("id", str)
    if not kind_id:
        raise item.fail("id", "missing", None, "an amount kind ID such as current")
    units = item.get("units", dict, {})
    try:
        resolved = {header: SourceUnit(unit) for header, unit in units.items()}
    except ValueError:
        raise item.fail("units", "unknown unit", units, "yen or thousand-yen") from None
    stage = item.enum("stage", AmountStage)
    if stage is None:
        raise item.fail("stage", "missing", None, f"one of {[s.value for s in AmountStage]}")
    return AmountColumn(
        id=kind_id,
        columns=item.headers("columns") or (kind_id,),
        stage=stage,
        primary=item.get("primary", bool, False),
        thousands_separator=item.get("thousands_separator", bool, False),
        units=resolved,
        name_en=item.get("name_en", str),
    )


def _ignored(item: _Reader) -> IgnoredColumns:
    item.only("columns", "reason", "reason_en")
    reason = item.get("reason", str)
    if not reason:
        raise item.fail("reason", "every ignored column needs a reason", None, "a sentence")
    return IgnoredColumns(item.headers("columns"), reason, item.get("reason_en", str))


def _phase(root: _Reader) -> tuple[Facet, BudgetPhase | None, dict[str, tuple[BudgetPhase, ...]]]:
    phase = root.table("phase")
    facet = root.facet("phase", "default", "alternatives")
    for value in facet.values.values():
        if value not in set(BudgetPhase):
            raise phase.fail("values", "unknown phase", value, f"one of {list(BudgetPhase)}")
    alternatives = phase.get("alternatives", dict, {})
    try:
        alt = {k: tuple(BudgetPhase(p) for p in v) for k, v in alternatives.items()}
    except (ValueError, TypeError):
        raise phase.fail("alternatives", "unknown phase", alternatives, "phase lists") from None
    return facet, phase.enum("default", BudgetPhase), alt


def _check(mapping: Mapping, root: _Reader) -> Mapping:
    primaries = [a.id for a in mapping.amounts if a.primary]
    if len(primaries) != 1:
        raise root.fail("amounts", "exactly one amount is primary", primaries, "one primary")
    if not mapping.levels:
        raise root.fail("levels", "no level", None, "[[levels]] 款, 項, 目…")
    if (mapping.direction is None) == (mapping.direction_column is None):
        raise root.fail("direction", "give a direction or a direction column", None, "exactly one")
    ids = [a.id for a in mapping.amounts]
    if len(set(ids)) != len(ids):
        raise root.fail("amounts", "amount IDs repeat", ids, "unique IDs")
    return mapping


_ROOT_KEYS = (
    "title", "encoding", "unit", "direction", "direction_column", "index_column",
    "lines_keyed_by_department", "subtotal_rows", "municipality", "municipality_name",
    "fiscal_year", "phase", "unit_column", "account", "department", "nature", "levels",
    "cofog", "amounts", "ignored",
)  # fmt: skip


def _parse(path: Path, data: dict[str, Any], name: str) -> Mapping:
    root = _Reader(path, data).only(*_ROOT_KEYS)
    root.table("fiscal_year").only("columns")
    root.table("cofog").only("columns")
    phase, phase_default, alternatives = _phase(root)
    direction_column = root.facet("direction_column") if "direction_column" in data else None
    unit_column = root.facet("unit_column") if "unit_column" in data else None
    mapping = Mapping(
        name=name,
        title=root.get("title", str) or name,
        path=path,
        levels=tuple(_level(item) for item in root.tables("levels")),
        amounts=tuple(_amount(item) for item in root.tables("amounts")),
        encoding=root.get("encoding", str),
        unit=root.enum("unit", SourceUnit),
        direction=root.enum("direction", Direction),
        direction_column=direction_column,
        index_column=root.get("index_column", bool, False),
        lines_keyed_by_department=root.get("lines_keyed_by_department", bool, False),
        subtotal_rows=root.get("subtotal_rows", bool, False),
        municipality=root.get("municipality", str),
        municipality_name=root.get("municipality_name", str),
        fiscal_year=root.table("fiscal_year").headers("columns"),
        phase=phase,
        phase_default=phase_default,
        phase_alternatives=alternatives,
        unit_column=unit_column,
        account=root.facet("account"),
        department=root.facet("department"),
        nature=root.facet("nature"),
        cofog=root.table("cofog").headers("columns"),
        ignored=tuple(_ignored(item) for item in root.tables("ignored")),
    )
    return _check(mapping, root)


def load_mapping(path: StrPath, name: str = "custom") -> Mapping:
    """Read a mapping file.

    Raises:
        InputError: The file cannot be read, is not TOML, or is not a valid mapping.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the mapping: {exc.strerror}", path=path) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError("the mapping is not TOML", found=str(exc), path=path) from exc
    return _parse(path, data, name)


def shipped_mapping(name: str) -> Mapping:
    """The mapping of a format the library ships (:data:`SHIPPED_FORMATS`).

    Raises:
        InputError: No such format.
    """
    if name not in SHIPPED_FORMATS:
        raise InputError(
            "unknown format", found=name, expected=f"one of {', '.join(SHIPPED_FORMATS)} or custom"
        )
    return load_mapping(_FORMATS / f"{name}.toml", name)
