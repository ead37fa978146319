"""Catalog metadata for the Tokyo open-data catalog (CKAN), derived from the budget.

One source: the dataset's title, notes, tags and contact come from
:class:`nerima_opendata.models.Budget`; the resource list comes from the publication's
``datapackage.json`` (every file it lists, plus the descriptor itself), so files added
to the publication later are published without a change here.

Everything can be overridden in a catalog config file (TOML), read into
:class:`CatalogConfig`; ``catalog.toml.example`` documents each key and its default.
Conventions followed (``CONVENTIONS.md``, "The Tokyo open-data catalog"): organization
``t`` + the 6-digit local government code, notes beginning 【練馬区】,
``license_id`` CC-BY-4.0, ``maintainer`` the section in charge, ``url`` the source page,
``extras`` 更新頻度, ``groups`` and ``tags``; resources with ``name``, ``description``,
``format``, ``mimetype`` and ``position``.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nerima_opendata.errors import InputError
from nerima_opendata.models import Budget, BudgetPhase
from nerima_opendata.publish.errors import CatalogConfigError

__all__ = [
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

#: The descriptor of the publication; it is published as the last resource.
DESCRIPTOR = "datapackage.json"
#: The stable key of the descriptor's own resource.
DESCRIPTOR_KEY = "datapackage"
#: The resource field that holds the stable key (the resource's name in
#: ``datapackage.json``); resources are matched on it, so none is ever duplicated.
KEY_FIELD = "datapackage_name"

#: CKAN names: 2-100 characters, lower-case ASCII letters, digits, ``-`` and ``_``.
CKAN_NAME = r"^[a-z0-9_-]{2,100}$"

#: Catalog format names for the formats a publication may hold (CKAN's own spelling
#: where it has one, so that CKAN stores exactly what is sent).
_FORMATS = {
    "csv": "CSV",
    "json": "JSON",
    "jsonld": "JSON-LD",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "rdf": "RDF",
    "html": "HTML",
    "xlsx": "XLSX",
}

_PHASE_NOTE = {
    BudgetPhase.PROPOSED: "議会の議決前の予算案です。",
    BudgetPhase.APPROVED: "議会で議決された予算です。",
    BudgetPhase.ADJUSTED: "補正予算です。",
    BudgetPhase.EXECUTED: "決算です。",
}


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


def load_config(path: Path | None) -> CatalogConfig:
    """Read a catalog config file (TOML); ``None`` gives the defaults.

    Args:
        path: The TOML file, or ``None``.

    Returns:
        The config.

    Raises:
        CatalogConfigError: The file is missing, is not TOML, or has an unknown key or
            a bad value (the message names the key).
    """
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
    try:
        return CatalogConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top)'}: {error['msg']}"
            for error in exc.errors()
        )
        raise CatalogConfigError(
            f"invalid catalog config: {problems}",
            path=path,
            expected="the keys and values documented in catalog.toml.example",
        ) from None


def read_budget(publication: Path) -> Budget:
    """Read the budget back from a publication's CSV tables (fast; no full validation).

    The records are parsed into the models, whose integrity checks run as usual; the
    full validation (Frictionless, SHACL) is :func:`nerima_opendata.validate`.

    Args:
        publication: The output directory of ``nerima-opendata build``.

    Returns:
        The budget.

    Raises:
        InputError: The descriptor or a table cannot be read into a consistent budget.
    """
    from nerima_opendata.sources.package import read_descriptor, read_table
    from nerima_opendata.tables import TABLES

    descriptor = read_descriptor(publication)
    listed = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    records: dict[str, list[Any]] = {}
    for spec in TABLES:
        if spec.name not in listed:
            raise InputError(
                f"the table {spec.name!r} is not in the publication",
                path=publication / DESCRIPTOR,
                expected="the output of `nerima-opendata build`",
            )
        read = read_table(publication, listed[spec.name], spec)
        if read.errors:
            raise InputError(
                f"the publication does not read back: {read.errors[0].render()}",
                path=publication,
                expected="a valid publication (run `nerima-opendata validate`)",
            )
        records[spec.name] = [row.record for row in read.records]
    if len(records["budget"]) != 1:
        raise InputError("the budget table must have exactly one row", path=publication)
    try:
        return Budget(
            info=records["budget"][0],
            pillars=tuple(records["pillars"]),
            projects=tuple(records["projects"]),
            initiatives=tuple(records["initiatives"]),
            tags=tuple(records["tags"]),
            glossary=tuple(records["glossary"]),
            editorial_notes=tuple(records["editorial_notes"]),
        )
    except ValidationError as exc:
        raise InputError(
            f"the publication is not a consistent budget: {exc.errors()[0]['msg']}",
            path=publication,
            expected="a valid publication (run `nerima-opendata validate`)",
        ) from None


def default_dataset_name(budget: Budget) -> str:
    """The default dataset name: ``t{code}-budget-{budget id}``, a valid CKAN name.

    The Tokyo catalog's operator assigns the real id (``t131202dNNNNNNNNNN``); set it
    as ``dataset`` in the config or with ``--dataset``.
    """
    return f"t{budget.info.municipality_code}-budget-{budget.info.id}"


def _default_notes(budget: Budget) -> str:
    info = budget.info
    lines = [
        f"【{info.municipality_name}】{info.fiscal_year_label}{info.phase_label}の"
        f"施策の柱・主な事業・取組のデータです。"
        f"施策の柱{len(budget.pillars)}件、主な事業{len(budget.projects)}件（予算額は円単位の整数）、"
        f"取組{len(budget.initiatives)}件（新規・都内初などのタグ付き）と用語注・編集注を収録しています。",
        f"掲載事業の予算額の合計は{budget.total:,}円です（会計全体の総額ではありません）。",
        "",
        f"予算段階: {info.phase_label}（{info.fiscal_year}年度）。{_PHASE_NOTE[info.phase]}"
        f"{info.deliberating_body}の{info.deliberation_session}で審議されます。",
        f"出典: {info.source_title}"
        + (f"（{info.source_url}）" if info.source_url else "")
        + "。資料の表記の補正と推定は編集注のファイルに記録しています。",
        f"問合せ: {info.municipality_name} {info.department}（{info.telephone}）",
        "",
        "各ファイルの列定義・バイト数・SHA-256は datapackage.json にあります。"
        "英語の表記は非公式の翻訳です。",
    ]
    return "\n".join(lines)


def _default_tags(budget: Budget) -> tuple[str, ...]:
    info = budget.info
    return ("予算", info.phase_label, info.fiscal_year_label, "財政", info.municipality_name)


def dataset_payload(budget: Budget, config: CatalogConfig) -> dict[str, Any]:
    """The CKAN dataset fields for a budget (no resources).

    Args:
        budget: The budget of the publication.
        config: The catalog config; its values override the derived ones.

    Returns:
        A ``package_create`` payload: ``name``, ``title``, ``owner_org``, ``notes``,
        ``license_id``, ``maintainer``, ``url``, ``private``, ``tags``, ``extras``,
        ``groups`` (empty or unset optional fields are left out).

    Raises:
        CatalogConfigError: The notes do not begin with 【municipality】.
    """
    info = budget.info
    notes = config.notes or _default_notes(budget)
    prefix = f"【{info.municipality_name}】"
    if not notes.startswith(prefix):
        raise CatalogConfigError(
            "the dataset notes must begin with the municipality in 【】",
            found=notes[:20],
            expected=f"notes beginning {prefix}",
        )
    extras = {"更新頻度": config.update_frequency, **config.extras}
    payload: dict[str, Any] = {
        "name": config.dataset or default_dataset_name(budget),
        "title": config.title or f"{info.municipality_name} {info.title}",
        "owner_org": config.organization or f"t{info.municipality_code}",
        "notes": notes,
        "license_id": config.license_id,
        "maintainer": config.maintainer or info.department,
        "private": config.private,
        "tags": [{"name": tag} for tag in (config.tags or _default_tags(budget))],
        "extras": [{"key": key, "value": value} for key, value in extras.items()],
        "groups": [{"name": group} for group in config.groups],
    }
    if config.maintainer_email:
        payload["maintainer_email"] = config.maintainer_email
    url = config.url or info.source_url
    if url:
        payload["url"] = url
    return payload


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


def _japanese(text: str) -> str:
    """The Japanese part of a bilingual ``ja / en`` title or ``ja。 en`` description."""
    return text.split(" / ", 1)[0].strip()


def _safe_file(directory: Path, relative: str) -> Path:
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise CatalogConfigError(
            "unsafe resource path in datapackage.json",
            found=relative,
            path=directory / DESCRIPTOR,
            expected="a relative path inside the publication",
        )
    path = directory.joinpath(*pure.parts)
    if not path.is_file():
        raise CatalogConfigError(
            "a file listed in datapackage.json is missing",
            found=relative,
            path=directory,
            expected="the complete output of `nerima-opendata build`",
        )
    return path


def _digest(path: Path) -> tuple[str, int]:
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data)


def _resource(
    directory: Path, raw: dict[str, Any], overrides: ResourceConfig | None
) -> CatalogResource:
    from nerima_opendata.tables import table_by_name

    key = str(raw["name"])
    path = _safe_file(directory, str(raw["path"]))
    sha256, size = _digest(path)
    listed = str(raw.get("hash", ""))
    if listed and listed.removeprefix("sha256:") != sha256:
        raise CatalogConfigError(
            "a file differs from its SHA-256 in datapackage.json (edited after the build?)",
            found=path.name,
            path=directory,
            expected="an unmodified publication: run `nerima-opendata build` again",
        )
    fmt = str(raw.get("format") or path.suffix.lstrip("."))
    try:
        table = table_by_name(key)
        title, description = table.title_ja, table.description_ja
    except KeyError:
        title = _japanese(str(raw.get("title") or key))
        description = str(raw.get("description") or title)
    catalog_format = _FORMATS.get(fmt.lower(), fmt.upper())
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


def _descriptor_resource(directory: Path, overrides: ResourceConfig | None) -> CatalogResource:
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
        format=o.format or "JSON",
        mimetype=o.mimetype or "application/json",
    )


def catalog_entry(publication: Path, config: CatalogConfig, budget: Budget) -> CatalogEntry:
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
    descriptor_path = publication / DESCRIPTOR
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        raw_resources = list(descriptor["resources"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CatalogConfigError(
            f"cannot read the publication's descriptor ({type(exc).__name__})",
            path=descriptor_path,
            expected="a directory written by `nerima-opendata build`",
        ) from None
    resources = [
        _resource(publication, raw, config.resources.get(str(raw["name"]))) for raw in raw_resources
    ]
    resources.append(_descriptor_resource(publication, config.resources.get(DESCRIPTOR_KEY)))
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
    try:
        return CatalogConfig.model_validate({**config.model_dump(), **update})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise CatalogConfigError(
            f"invalid value: {problems}",
            expected="CKAN names: 2-100 characters, a-z, 0-9, - and _",
        ) from None
