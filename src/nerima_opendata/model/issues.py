"""What an integrity rule reports, and what a rule is (shared by every rule module)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from nerima_opendata.model.base import Record
from nerima_opendata.model.enums import TableName

__all__ = ["IntegrityIssue", "Rule", "Tables"]

#: A budget's records, table by table.
Tables = Mapping[TableName, Sequence[Record]]


class IntegrityIssue(BaseModel):
    """A cross-record problem that a table schema cannot express."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    table: str
    record_id: str | None
    field: str | None
    message: str
    found: str | None = None
    expected: str | None = None


class Rule(Protocol):
    """A cross-record rule."""

    def check(self, tables: Tables) -> Iterator[IntegrityIssue]:
        """Every violation of the rule in a budget's tables."""
        ...
