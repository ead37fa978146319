"""The reviewed corrections file that goes with a brochure text (TOML).

It supplies what the text does not print (codes, English names) and fixes the layout
defects of the PDF extraction: moved lines, scattered headings, inlined furigana.
Its shape is checked by the pydantic models below, so a typo fails loudly.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import TARGET_TABLES, BudgetPhase, Certainty, EditorialKind

__all__ = [
    "BudgetProfile",
    "Corrections",
    "FreeNote",
    "FuriganaFix",
    "PillarProfile",
    "Relocation",
    "TagProfile",
    "load_corrections",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BudgetProfile(_Strict):
    """Budget facts the text does not print."""

    municipality_code: str
    municipality_name: str
    municipality_name_en: str | None = None
    phase: BudgetPhase
    title: str
    title_en: str | None = None
    department_en: str | None = None
    telephone_area_code: str = Field(pattern=r"^0[0-9]{1,4}$")
    deliberating_body: str
    source_title: str
    source_url: str | None = None
    issued: date | None = None
    modified: date | None = None
    currency: str = "JPY"


class PillarProfile(_Strict):
    """A pillar, in order, and how many ● projects follow it."""

    title: str
    title_en: str | None = None
    projects: int = Field(ge=1)


class TagProfile(_Strict):
    """A tag of the controlled list."""

    id: str
    label: str
    label_en: str | None = None
    definition: str | None = None
    definition_en: str | None = None


class FuriganaFix(_Strict):
    """Inlined furigana: ``printed`` (as joined from the text) becomes ``corrected``."""

    printed: str
    reading: str
    corrected: str


class Relocation(_Strict):
    """A ◦ item (starting at ``line``) that belongs under the project titled ``project``."""

    line: int = Field(ge=1)
    project: str
    position: Literal["first", "last"] = "last"
    certainty: Certainty
    note: str
    note_en: str | None = None


class FreeNote(_Strict):
    """An editorial note about the data as a whole or one record."""

    target_table: str = Field(pattern=rf"^({'|'.join(TARGET_TABLES)})$")
    target_id: str | None = None
    kind: EditorialKind
    certainty: Certainty
    note: str
    note_en: str | None = None
    source_lines: str | None = Field(default=None, pattern=r"^[0-9]+(-[0-9]+)?$")


class Corrections(_Strict):
    """The whole corrections file."""

    budget: BudgetProfile
    pillars: tuple[PillarProfile, ...]
    tags: tuple[TagProfile, ...]
    furigana: tuple[FuriganaFix, ...] = ()
    relocations: tuple[Relocation, ...] = ()
    notes: tuple[FreeNote, ...] = ()
    translations: dict[str, str] = Field(default_factory=dict)


def load_corrections(path: StrPath, translations: StrPath | None = None) -> Corrections:
    """Read and check a corrections file.

    Args:
        path: The TOML file.
        translations: An optional TOML file of unofficial English translations,
            a table ``[translations]`` mapping exact Japanese text to English.

    Returns:
        The corrections.

    Raises:
        InputError: The file cannot be read, is not TOML, or has the wrong shape.
    """
    path = Path(path)
    translations = Path(translations) if translations is not None else None
    data = _read_toml(path)
    if translations is not None:
        data["translations"] = _read_toml(translations).get("translations", {})
    try:
        return Corrections.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"bad corrections file at {where}: {first['msg']}",
            found=first.get("input"),
            expected="see source/nerima-r6-budget-brochure.corrections.toml for the shape",
            path=path,
        ) from exc


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", path=path) from exc
