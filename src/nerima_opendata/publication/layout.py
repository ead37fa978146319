"""The layout of a publication: which files, in which order, under which names.

A :class:`Layout` says, for a budget's municipality code, every file of a publication
(or of a canonical package) in the order ``datapackage.json`` lists them: the CSV
tables (:data:`nerima_opendata.model.tables.TABLES`), the RDF serializations (in
:data:`nerima_opendata.writers.formats.FORMATS` order), the DCAT description, the
preview page and, last, the descriptor itself; each with its resource name, its role,
its format, its title and its description. :func:`~nerima_opendata.publication.build.build`
writes exactly these files.

A :class:`Publication` finds the files of an existing publication, for ``validate``,
``load``, ``serve`` and ``publish``. The contract: **a file is found by its resource
name in the directory's** ``datapackage.json`` (``budget-ntriples``, ``budget-turtle``,
``budget-jsonld``, ``dcat``, ``preview``, ``vocab-shapes``, a table's name), at the path the descriptor
gives, whatever the file is called; nothing is globbed. Its suffix must still be the one
of its format (:mod:`~nerima_opendata.writers.formats`), which the readers go by.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from nerima_opendata.errors import InputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.model.enums import DocumentKind
from nerima_opendata.model.tables import DEFAULT_KINDS, TableSpec, tables_for
from nerima_opendata.publication.vocabulary import VOCABULARY, VOCABULARY_DIR
from nerima_opendata.readers.package import read_descriptor, resource_path
from nerima_opendata.writers.csvw import CSVW_FILE
from nerima_opendata.writers.formats import (
    DESCRIPTOR,
    HTML_FILE,
    RDF_SERIALIZATIONS,
    Format,
    budget_file_name,
    by_format,
    by_suffix,
    dcat_file_name,
)

__all__ = [
    "CSVW",
    "DCAT",
    "DESCRIPTOR_KEY",
    "JSONLD",
    "NTRIPLES",
    "PREVIEW",
    "TURTLE",
    "VOCABULARY_DIR",
    "VOCABULARY_FILES",
    "Layout",
    "LayoutFile",
    "Publication",
    "Role",
    "rdf_resource_name",
]


class Role(StrEnum):
    """What a file of a publication is for."""

    TABLE = "table"
    RDF = "rdf"
    CSVW = "csvw"
    VOCABULARY = "vocabulary"
    DCAT = "dcat"
    PREVIEW = "preview"
    DESCRIPTOR = "descriptor"


def rdf_resource_name(fmt: Format) -> str:
    """The resource name of the budget graph in one RDF format, e.g. ``budget-turtle``."""
    return f"budget-{fmt.slug}"


#: Resource names in ``datapackage.json`` of the files other modules look for.
TURTLE = rdf_resource_name(by_format("ttl"))
NTRIPLES = rdf_resource_name(by_format("nt"))
JSONLD = rdf_resource_name(by_format("jsonld"))
DCAT = "dcat"
PREVIEW = "preview"
CSVW = "csvw"
#: The descriptor's own name (not a resource of itself; a catalog lists it under this).
DESCRIPTOR_KEY = "datapackage"

_EXPECTED = "a directory written by `nerima-opendata build`"


@dataclass(frozen=True)
class LayoutFile:
    """One file of a publication, as ``datapackage.json`` lists it.

    Attributes:
        name: The resource name, e.g. ``projects`` or ``budget-turtle``.
        path: The file name, e.g. ``131202_budget_projects.csv``.
        role: What the file is for.
        format: Its format, from the registry.
        title: Its bilingual title (``ja / en``).
        description: Its bilingual description.
        table: The table it holds, for a CSV table.
        encoding: Its text encoding as the descriptor states it, for a CSV table.
    """

    name: str
    path: str
    role: Role
    format: Format
    title: str
    description: str
    table: TableSpec | None = None
    encoding: str | None = None


def _table(spec: TableSpec, code: str) -> LayoutFile:
    return LayoutFile(
        name=spec.name,
        path=spec.filename(code),
        role=Role.TABLE,
        format=by_format("csv"),
        title=f"{spec.title_ja} / {spec.title_en}",
        description=f"{spec.description_ja} {spec.description_en}",
        table=spec,
        encoding="utf-8",
    )


#: What the RDF holds, by the kinds of document of the publication.
_RDF_HOLDS = {
    DocumentKind.BROCHURE: "柱・事業・取組・タグ・用語注・編集注",
    DocumentKind.BOOK: "分類（SKOS）・金額種別・予算明細・編集注",
}


def _rdf(fmt: Format, code: str, kinds: frozenset[DocumentKind]) -> LayoutFile:
    holds = "・".join(_RDF_HOLDS[k] for k in DocumentKind if k in kinds)
    return LayoutFile(
        name=rdf_resource_name(fmt),
        path=budget_file_name(code, fmt),
        role=Role.RDF,
        format=fmt,
        title=f"予算のRDF（{fmt.japanese}） / Budget as RDF ({fmt.name})",
        description=(
            f"予算全体（{holds}）とRDF Data Cubeの観測値を"
            f"{fmt.japanese}で表したもの。語彙はvocab/を参照。 The whole budget and its "
            f"normalized RDF Data Cube, as {fmt.name}."
        ),
    )


def _metadata(code: str, kinds: frozenset[DocumentKind]) -> tuple[LayoutFile, ...]:
    """The DCAT description and the preview page."""
    dcat = LayoutFile(
        name=DCAT,
        path=dcat_file_name(code),
        role=Role.DCAT,
        format=by_format("ttl"),
        title="DCATメタデータ / DCAT metadata",
        description=(
            "データセットと各ファイル（配信）のDCAT 3による記述（メディアタイプ、サイズ、"
            "SHA-256）。ハーベスタ向け。 DCAT 3 description of the dataset and of every "
            "distribution, for harvesters."
        ),
    )
    preview = LayoutFile(
        name=PREVIEW,
        path=HTML_FILE,
        role=Role.PREVIEW,
        format=by_format("html"),
        title="プレビュー / Preview page",
        description=(
            "予算の見出し数値・柱ごとの金額と割合・グラフ・事業と取組の表・用語注・編集注と、"
            "全ファイルへのリンクを載せたページ（schema.org Dataset JSON-LD付き）。 "
            "A page with the headline figures, charts, tables, notes and links to every "
            "file, with embedded schema.org Dataset JSON-LD."
            if DocumentKind.BOOK not in kinds
            else "予算書の会計・歳入歳出別の合計、款→項→目のツリーマップ、大きな明細、"
            "「あなたの税金の1日あたりの使い道」と、全ファイルへのリンクを載せたページ"
            "（schema.org Dataset JSON-LD付き）。 A page with the totals by account and "
            "direction, a zoomable treemap of 款, 項 and 目, the largest lines, a taxes-per-"
            "day view and links to every file, with embedded schema.org Dataset JSON-LD."
        ),
    )
    return dcat, preview


_CSVW_FILE = LayoutFile(
    name=CSVW,
    path=CSVW_FILE,
    role=Role.CSVW,
    format=by_format("json"),
    title="CSVの記述（CSVW） / CSV on the Web metadata",
    description=(
        "全CSV表の列（日英の列名、データ型、必須）、主キー・外部キー、RDFへの対応（W3C CSVW）。 "
        "Every CSV table's columns, keys and their RDF mapping, as W3C CSV on the Web "
        "metadata."
    ),
)

#: The vocabulary files, in order: byte copies of the shipped ``vocab/`` folder
#: (:mod:`~nerima_opendata.publication.vocabulary`), under :data:`VOCABULARY_DIR`.
VOCABULARY_FILES: tuple[LayoutFile, ...] = tuple(
    LayoutFile(
        name=file.name,
        path=file.path,
        role=Role.VOCABULARY,
        format=by_suffix(file.suffix),
        title=file.title,
        description=file.description,
    )
    for file in VOCABULARY
)

_DESCRIPTOR_FILE = LayoutFile(
    name=DESCRIPTOR_KEY,
    path=DESCRIPTOR,
    role=Role.DESCRIPTOR,
    format=by_format("json"),
    title="データパッケージ記述子 / Data Package descriptor",
    description=(
        "全ファイルの一覧、各表の列定義、バイト数とSHA-256（Frictionless Data Package）。 "
        "Every file, each table's schema, sizes and SHA-256 (Frictionless Data Package)."
    ),
)


@dataclass(frozen=True)
class Layout:
    """The files of one budget's publication, or of its canonical package.

    Attributes:
        municipality_code: The budget's 全国地方公共団体コード, which names the files.
        linked_data: A publication (the default); ``False`` for the canonical package,
            which holds only the CSV tables and the descriptor.
        kinds: The kinds of document of its budgets, which decide its tables (by default
            a brochure's).
    """

    municipality_code: str
    _: KW_ONLY
    linked_data: bool = True
    kinds: frozenset[DocumentKind] = DEFAULT_KINDS

    def entries(self) -> tuple[LayoutFile, ...]:
        """Every file, in order: tables, RDF, CSVW metadata, vocabulary, DCAT, preview
        page, descriptor."""
        code = self.municipality_code
        tables = tuple(_table(spec, code) for spec in tables_for(self.kinds))
        if not self.linked_data:
            return (*tables, _DESCRIPTOR_FILE)
        rdf = tuple(_rdf(fmt, code, self.kinds) for fmt in RDF_SERIALIZATIONS)
        metadata = _metadata(code, self.kinds)
        return (*tables, *rdf, _CSVW_FILE, *VOCABULARY_FILES, *metadata, _DESCRIPTOR_FILE)

    def files(self) -> list[str]:
        """Every file name, in order, the descriptor last."""
        return [entry.path for entry in self.entries()]

    def resources(self) -> tuple[LayoutFile, ...]:
        """The resources of ``datapackage.json``: every file but the descriptor."""
        return tuple(e for e in self.entries() if e.role is not Role.DESCRIPTOR)

    def with_role(self, role: Role) -> tuple[LayoutFile, ...]:
        """The files of one role, in order."""
        return tuple(e for e in self.entries() if e.role is role)

    def file(self, name: str) -> LayoutFile:
        """The file with this resource name.

        Raises:
            KeyError: The layout has no such file.
        """
        for entry in self.entries():
            if entry.name == name:
                return entry
        raise KeyError(name)


#: The format of each resource name (names do not depend on the municipality code).
_FORMAT_OF = {
    entry.name: entry.format for entry in Layout("", kinds=frozenset(DocumentKind)).entries()
}


@dataclass(frozen=True)
class Publication:
    """The files of an existing publication, found through its ``datapackage.json``.

    Attributes:
        directory: The publication directory.
        paths: Resource name → file, in the descriptor's order.
    """

    directory: Path
    paths: Mapping[str, Path]

    @classmethod
    def read(cls, directory: StrPath, descriptor: Mapping[str, Any] | None = None) -> Publication:
        """Find the files of the publication in ``directory``.

        Args:
            directory: A directory written by ``build``.
            descriptor: Its ``datapackage.json``, when already read.

        Returns:
            Where each resource of the descriptor is.

        Raises:
            InputError: The directory has no ``datapackage.json`` (not a publication),
                the descriptor cannot be read, or a resource's path leaves the directory.
        """
        directory = Path(directory)
        if descriptor is None:
            if not (directory / DESCRIPTOR).is_file():
                raise InputError(
                    f"not a publication (no {DESCRIPTOR})", path=directory, expected=_EXPECTED
                )
            descriptor = read_descriptor(directory)
        paths: dict[str, Path] = {}
        for resource in descriptor["resources"]:
            if isinstance(resource, dict) and isinstance(resource.get("name"), str):
                try:
                    paths[resource["name"]] = resource_path(directory, resource)
                except InputError as exc:
                    raise InputError(
                        exc.message,
                        found=exc.found,
                        expected=exc.expected,
                        path=directory / DESCRIPTOR,
                    ) from exc
        return cls(directory, paths)

    def has(self, name: str) -> bool:
        """Whether the descriptor lists a resource of this name."""
        return name in self.paths

    def path(self, name: str) -> Path:
        """The file of a resource.

        Args:
            name: The resource name, e.g. :data:`NTRIPLES`.

        Returns:
            The file, which exists and has its format's suffix.

        Raises:
            InputError: The descriptor does not list it, the file is missing, or its
                suffix is not its format's.
        """
        path = self.paths.get(name)
        if path is None:
            raise InputError(
                f"not a publication: {DESCRIPTOR} lists no {name!r} resource",
                path=self.directory,
                expected=_EXPECTED,
            )
        fmt = _FORMAT_OF.get(name)
        if fmt is not None and path.suffix != fmt.suffix:
            raise InputError(
                f"the {name!r} resource is not {fmt.name}",
                path=self.directory,
                found=path.name,
                expected=f"a file name ending in {fmt.suffix}",
            )
        if not path.is_file():
            raise InputError(
                f"the file of the {name!r} resource is missing", path=path, expected=_EXPECTED
            )
        return path

    def optional(self, name: str) -> Path | None:
        """The file of a resource the descriptor may leave out (see :meth:`path`)."""
        return self.path(name) if self.has(name) else None
