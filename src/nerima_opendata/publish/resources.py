"""The files of a publication as catalog resources.

Every resource of the publication's ``datapackage.json`` becomes a
:class:`CatalogResource`, and so does the descriptor itself; each file's SHA-256 and
size are read from disk. Resources are named, described and typed from the table
definitions and the descriptor, unless the catalog config
(:class:`~nerima_opendata.publish.config.ResourceConfig`) says otherwise.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nerima_opendata.files.paths import StrPath
from nerima_opendata.publication.layout import DESCRIPTOR_KEY, Publication
from nerima_opendata.publish.config import ResourceConfig
from nerima_opendata.publish.errors import CatalogConfigError
from nerima_opendata.writers.formats import DESCRIPTOR, by_format

__all__ = [
    "DESCRIPTOR",
    "DESCRIPTOR_KEY",
    "KEY_FIELD",
    "CatalogResource",
    "descriptor_resource",
    "file_resource",
]

#: The resource field that holds the stable key (the resource's name in
#: ``datapackage.json``); resources are matched on it, so none is ever duplicated.
KEY_FIELD = "datapackage_name"

_DESCRIPTOR_FORMAT = by_format("json")


@dataclass(frozen=True)
class CatalogResource:
    """One file of the publication as a catalog resource.

    Attributes:
        key: The stable key: the resource's name in datapackage.json.
        path: The local file.
        sha256: The file's SHA-256 (hex), read from disk.
        size: The file's size in bytes.
        name: The resource name in the catalog.
        description: The Japanese description.
        format: The catalog format, e.g. ``CSV``.
        mimetype: The media type, e.g. ``text/csv``.
    """

    key: str
    path: Path
    sha256: str
    size: int
    name: str
    description: str
    format: str
    mimetype: str

    def payload(self) -> dict[str, Any]:
        """The CKAN resource fields (the file itself is sent as ``upload``)."""
        return {
            KEY_FIELD: self.key,
            "name": self.name,
            "description": self.description,
            "format": self.format,
            "mimetype": self.mimetype,
            "size": self.size,
            "hash": self.sha256,
            "hash_algorithm": "sha256",
        }


def _catalog_format(fmt: str) -> str:
    """A Data Package ``format`` as the catalog spells it; an unknown one in upper case.

    The spelling is the registry's :attr:`~nerima_opendata.writers.formats.Format.catalog`:
    CKAN's own where it has one, so that CKAN stores exactly what is sent.
    """
    try:
        return by_format(fmt.lower()).catalog
    except KeyError:
        return fmt.upper()


def _japanese(text: str) -> str:
    """The Japanese part of a bilingual ``ja / en`` title or ``ja。 en`` description."""
    return text.split(" / ", 1)[0].strip()


def _digest(path: Path) -> tuple[str, int]:
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data)


def file_resource(
    publication: Publication, raw: Mapping[str, Any], overrides: ResourceConfig | None
) -> CatalogResource:
    """One resource of ``datapackage.json`` as a catalog resource.

    Args:
        publication: The publication's files, found through its descriptor.
        raw: The resource as listed in ``datapackage.json``.
        overrides: The config's overrides for the resource, if any.

    Returns:
        The catalog resource, with the file's SHA-256 and size read from disk.

    Raises:
        InputError: The file cannot be found through the descriptor
            (:meth:`~nerima_opendata.publication.layout.Publication.path`).
        CatalogConfigError: The file differs from its SHA-256 in ``datapackage.json``.
    """
    from nerima_opendata.model.tables import table_by_name

    key = str(raw.get("name"))
    path = publication.path(key)
    sha256, size = _digest(path)
    listed = str(raw.get("hash", ""))
    if listed and listed.removeprefix("sha256:") != sha256:
        raise CatalogConfigError(
            "a file differs from its SHA-256 in datapackage.json (edited after the build?)",
            found=path.name,
            path=publication.directory,
            expected="an unmodified publication: run `nerima-opendata build` again",
        )
    fmt = str(raw.get("format") or path.suffix.lstrip("."))
    try:
        table = table_by_name(key)
        title, description = table.title_ja, table.description_ja
    except KeyError:
        title = _japanese(str(raw.get("title") or key))
        description = str(raw.get("description") or title)
    catalog_format = _catalog_format(fmt)
    o = overrides or ResourceConfig()
    return CatalogResource(
        key=key,
        path=path,
        sha256=sha256,
        size=size,
        name=o.name or f"{title}（{catalog_format}）",
        description=o.description or description,
        format=o.format or catalog_format,
        mimetype=o.mimetype or str(raw.get("mediatype") or "application/octet-stream"),
    )


def descriptor_resource(directory: StrPath, overrides: ResourceConfig | None) -> CatalogResource:
    """The descriptor ``datapackage.json`` itself as a catalog resource.

    Args:
        directory: The publication.
        overrides: The config's overrides for the descriptor's resource, if any.

    Returns:
        The catalog resource, with the descriptor's SHA-256 and size read from disk.
    """
    directory = Path(directory)
    sha256, size = _digest(directory / DESCRIPTOR)
    o = overrides or ResourceConfig()
    return CatalogResource(
        key=DESCRIPTOR_KEY,
        path=directory / DESCRIPTOR,
        sha256=sha256,
        size=size,
        name=o.name or "データパッケージ記述子（JSON）",
        description=o.description
        or "全ファイルの一覧、各表の列定義（テーブルスキーマ）、バイト数とSHA-256を記述した"
        "Frictionless Data Package の記述子（datapackage.json）。",
        format=o.format or _DESCRIPTOR_FORMAT.catalog,
        mimetype=o.mimetype or _DESCRIPTOR_FORMAT.media_type,
    )
