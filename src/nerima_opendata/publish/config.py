"""The catalog config: every key optional, read from a TOML file.

:class:`CatalogConfig` holds the overrides of the catalog metadata derived from the
budget (:mod:`~nerima_opendata.publish.dataset`) and the publication
(:mod:`~nerima_opendata.publish.resources`); ``catalog.toml.example`` documents each
key and its default. :func:`load_config` reads the file; :func:`override` applies
command-line options on top.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nerima_opendata.files.paths import StrPath
from nerima_opendata.publish.errors import CatalogConfigError

__all__ = [
    "CKAN_NAME",
    "CatalogConfig",
    "ResourceConfig",
    "load_config",
    "override",
]

#: CKAN names: 2-100 characters, lower-case ASCII letters, digits, ``-`` and ``_``.
CKAN_NAME = r"^[a-z0-9_-]{2,100}$"


class ResourceConfig(BaseModel):
    """Overrides for one resource, keyed in the config by its name in datapackage.json.

    Attributes:
        name: The resource name shown in the catalog (default: the Japanese title and
            the format, e.g. ``主な事業（CSV）``).
        description: The Japanese description (default: from the table definition, or
            the descriptor's description).
        format: The catalog format (default: from the descriptor, e.g. ``CSV``).
        mimetype: The media type (default: the descriptor's ``mediatype``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, min_length=1)
    format: str | None = Field(default=None, min_length=1)
    mimetype: str | None = Field(default=None, pattern=r"^[\w.+-]+/[\w.+-]+$")


class CatalogConfig(BaseModel):
    """The catalog config: every key is optional; unset keys come from the budget.

    Attributes:
        ckan_url: The catalog's base URL (``--ckan-url`` and ``CKAN_URL`` take
            precedence). The API key is never read from this file.
        organization: The CKAN organization (default ``t`` + the local government
            code, e.g. ``t131202``).
        dataset: The dataset name (id) assigned by the catalog operator (default
            ``t{code}-budget-{budget id}``, e.g. ``t131202-budget-2024-proposed``).
        title: The dataset title (default: municipality and budget title).
        notes: The description; must begin with 【municipality】 (default: generated
            from the budget: data, source, phase, contact).
        license_id: CKAN licence id (default ``CC-BY-4.0``).
        maintainer: The section in charge (default: the budget's 担当課, 財政課).
        maintainer_email: The section's e-mail address (default: none).
        url: The source page (default: the budget's 出典_URL, if any).
        tags: Tag names (default: 予算, the phase, the fiscal year, 財政, the municipality).
        groups: CKAN group names (categories); each must exist in the catalog.
        update_frequency: The ``extras`` value 更新頻度 (default ``年1回``).
        extras: More ``extras`` key/value pairs.
        private: Publish as a private dataset (default false).
        resource_order: Resource keys to list first, in this order; the others follow
            in the order of datapackage.json, the descriptor last.
        resources: Per-resource overrides, keyed by the resource's name in
            datapackage.json (``projects``, ``initiatives``, ..., ``datapackage``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    ckan_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    organization: str | None = Field(default=None, pattern=CKAN_NAME)
    dataset: str | None = Field(default=None, pattern=CKAN_NAME)
    title: str | None = Field(default=None, min_length=1)
    notes: str | None = Field(default=None, min_length=1)
    license_id: str = Field(default="CC-BY-4.0", min_length=1)
    maintainer: str | None = Field(default=None, min_length=1)
    maintainer_email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    tags: tuple[str, ...] | None = None
    groups: tuple[str, ...] = ()
    update_frequency: str = Field(default="年1回", min_length=1)
    extras: dict[str, str] = Field(default_factory=dict)
    private: bool = False
    resource_order: tuple[str, ...] = ()
    resources: dict[str, ResourceConfig] = Field(default_factory=dict)


def load_config(path: StrPath | None) -> CatalogConfig:
    """Read a catalog config file (TOML); ``None`` gives the defaults.

    Args:
        path: The TOML file, or ``None``.

    Returns:
        The config.

    Raises:
        CatalogConfigError: The file is missing, is not TOML, or has an unknown key or
            a bad value (the message names the key).
    """
    path = Path(path) if path is not None else None
    if path is None:
        return CatalogConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogConfigError(
            f"cannot read the catalog config: {exc.strerror}", path=path
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogConfigError(f"not valid TOML: {exc}", path=path) from None
    return _validated(
        data,
        "invalid catalog config",
        expected="the keys and values documented in catalog.toml.example",
        path=path,
    )


def override(config: CatalogConfig, **values: Any) -> CatalogConfig:
    """The config with some keys replaced (e.g. from command-line options), validated.

    Args:
        config: The config read from the file.
        **values: Keys to replace; ``None`` values are ignored.

    Returns:
        A new config.

    Raises:
        CatalogConfigError: A value is invalid (e.g. a dataset name CKAN would refuse).
    """
    update = {key: value for key, value in values.items() if value is not None}
    return _validated(
        {**config.model_dump(), **update},
        "invalid value",
        expected="CKAN names: 2-100 characters, a-z, 0-9, - and _",
    )


def _validated(
    data: dict[str, Any], message: str, *, expected: str, path: Path | None = None
) -> CatalogConfig:
    """The config of ``data``; every problem (the key, then the message) in one error.

    Raises:
        CatalogConfigError: ``message: key: problem; key: problem``.
    """
    try:
        return CatalogConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise CatalogConfigError(f"{message}: {problems}", expected=expected, path=path) from None
