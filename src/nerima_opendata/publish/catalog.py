"""Catalog metadata for the Tokyo open-data catalog (CKAN), derived from the budget.

One source: the dataset's title, notes, tags and contact come from
:class:`nerima_opendata.model.Budget`; the resource list comes from the publication's
``datapackage.json`` (every file it lists, plus the descriptor itself), so files added
to the publication later are published without a change here.

Everything can be overridden in a catalog config file (TOML), read into
:class:`CatalogConfig`; ``catalog.toml.example`` documents each key and its default.
Conventions followed (``CONVENTIONS.md``, "The Tokyo open-data catalog"): organization
``t`` + the 6-digit local government code, notes beginning 【練馬区】,
``license_id`` CC-BY-4.0, ``maintainer`` the section in charge, ``url`` the source page,
``extras`` 更新頻度, ``groups`` and ``tags``; resources with ``name``, ``description``,
``format``, ``mimetype`` and ``position``.

The work is shared by :mod:`~nerima_opendata.publish.config` (the config model and
the TOML file), :mod:`~nerima_opendata.publish.dataset` (the dataset's fields, from the
budget) and :mod:`~nerima_opendata.publish.resources` (the files, as resources); this
module puts them together into one :class:`CatalogEntry`, and re-exports their public
names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model import Budget
from nerima_opendata.publication.layout import Publication
from nerima_opendata.publish.config import (
    CKAN_NAME,
    CatalogConfig,
    ResourceConfig,
    load_config,
    override,
)
from nerima_opendata.publish.dataset import dataset_payload, default_dataset_name, read_budget
from nerima_opendata.publish.errors import CatalogConfigError
from nerima_opendata.publish.resources import (
    DESCRIPTOR,
    DESCRIPTOR_KEY,
    KEY_FIELD,
    CatalogResource,
    descriptor_resource,
    file_resource,
)
from nerima_opendata.readers.package import read_descriptor

__all__ = [
    "CKAN_NAME",
    "DESCRIPTOR",
    "DESCRIPTOR_KEY",
    "KEY_FIELD",
    "CatalogConfig",
    "CatalogEntry",
    "CatalogResource",
    "ResourceConfig",
    "catalog_entry",
    "dataset_payload",
    "default_dataset_name",
    "load_config",
    "override",
    "read_budget",
]


@dataclass(frozen=True)
class CatalogEntry:
    """A whole publication as one catalog dataset: its fields and its resources, in order."""

    dataset: dict[str, Any]
    resources: tuple[CatalogResource, ...]

    @property
    def name(self) -> str:
        """The dataset name."""
        return str(self.dataset["name"])

    @property
    def organization(self) -> str:
        """The organization name."""
        return str(self.dataset["owner_org"])


def _listed(raws: list[Any], directory: Path) -> list[dict[str, Any]]:
    """The resources of the descriptor, each an object.

    Raises:
        InputError: A resource is not a JSON object.
    """
    for raw in raws:
        if not isinstance(raw, dict):
            raise InputError(
                f"a resource of {DESCRIPTOR} is not an object",
                found=type(raw).__name__,
                path=directory / DESCRIPTOR,
                expected="a directory written by `nerima-opendata build`",
            )
    return raws


def catalog_entry(publication: StrPath, config: CatalogConfig, budget: Budget) -> CatalogEntry:
    """Describe a built publication as one catalog dataset.

    Every resource of ``datapackage.json`` becomes a catalog resource, and the
    descriptor itself comes last (unless ``resource_order`` says otherwise). Each
    file's SHA-256 is read from disk and must equal the descriptor's ``hash``.

    Args:
        publication: The output directory of ``nerima-opendata build``.
        config: The catalog config.
        budget: The budget of the publication (for the dataset fields).

    Returns:
        The dataset payload and the resources, in catalog order.

    Raises:
        CatalogConfigError: The descriptor is missing or unreadable, a file is missing
            or changed since the build, a path is unsafe, or the config names a
            resource that does not exist.
    """
    directory = Path(publication)
    try:
        descriptor = read_descriptor(directory)
        found = Publication.read(directory, descriptor)
        resources = [
            file_resource(found, raw, config.resources.get(str(raw.get("name"))))
            for raw in _listed(descriptor["resources"], directory)
        ]
    except CatalogConfigError:
        raise
    except InputError as exc:
        raise CatalogConfigError(
            exc.message, found=exc.found, expected=exc.expected, path=exc.path, line=exc.line
        ) from None
    resources.append(descriptor_resource(directory, config.resources.get(DESCRIPTOR_KEY)))
    keys = [r.key for r in resources]
    unknown = sorted((set(config.resources) | set(config.resource_order)) - set(keys))
    if unknown:
        raise CatalogConfigError(
            "the catalog config names resources that are not in the publication",
            found=", ".join(unknown),
            expected=f"some of {', '.join(keys)}",
        )
    rank = {key: index for index, key in enumerate(config.resource_order)}
    ordered = sorted(resources, key=lambda r: (rank.get(r.key, len(rank)), keys.index(r.key)))
    return CatalogEntry(dataset=dataset_payload(budget, config), resources=tuple(ordered))
