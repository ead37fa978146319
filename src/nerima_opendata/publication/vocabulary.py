"""The vocabulary inside a publication: byte copies of the shipped ``vocab/`` files.

A publication carries the vocabulary its RDF uses, so that a consumer who has only its
files can read the labels of the terms, validate the data with the SHACL shapes and run
the RDF Data Cube integrity constraints: the ontology, the code lists (concept schemes),
the cube structures (DSD), the alignments, the shapes and the JSON-LD context, each under
``vocab/`` with its shipped name (``vocab/nerima-budget.ttl`` …) and listed in
``datapackage.json`` as ``vocab-{role}`` (``vocab-ontology``, ``vocab-shapes`` …).

The files are copied byte for byte from the shipped folder
(:func:`~nerima_opendata.rdf.vocab.vocab_file`, in the wheel or the checkout), never
parsed again: ``validate`` checks that each copy equals the library's own
(:mod:`~nerima_opendata.checks.vocab_copies`). ``load`` and ``serve`` put the Turtle
files into their own named graph, :data:`VOCABULARY_GRAPH`, beside the budget's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from nerima_opendata.errors import OutputError
from nerima_opendata.files.paths import StrPath
from nerima_opendata.rdf.vocab import CONTEXT_FILE, VOCAB_BASE, VOCAB_FILES, vocab_file

__all__ = [
    "VOCABULARY",
    "VOCABULARY_DIR",
    "VOCABULARY_GRAPH",
    "VocabularyFile",
    "copy_vocabulary",
    "vocabulary_file",
]

#: The folder of a publication that holds the copies of the vocabulary.
VOCABULARY_DIR = "vocab"

#: The named graph into which ``load`` and ``serve`` put the vocabulary: the ontology's
#: IRI, ``https://w3id.org/nerima-opendata/vocab``.
VOCABULARY_GRAPH = VOCAB_BASE

_CONTEXT = "context"


@dataclass(frozen=True)
class VocabularyFile:
    """One vocabulary file of a publication.

    Attributes:
        role: A key of :data:`~nerima_opendata.rdf.vocab.VOCAB_FILES`, or ``context``.
        title: Its bilingual title (``ja / en``).
        description: Its bilingual description.
    """

    role: str
    title: str
    description: str

    @property
    def name(self) -> str:
        """The resource name in ``datapackage.json``, e.g. ``vocab-shapes``."""
        return f"vocab-{self.role}"

    @property
    def path(self) -> str:
        """The file inside the publication, e.g. ``vocab/shapes.ttl``."""
        shipped = CONTEXT_FILE if self.role == _CONTEXT else VOCAB_FILES[self.role]
        return f"{VOCABULARY_DIR}/{shipped}"

    @property
    def suffix(self) -> str:
        """Its file name suffix, ``.ttl`` or ``.jsonld``."""
        return PurePosixPath(self.path).suffix

    @property
    def is_rdf(self) -> bool:
        """Whether it is an RDF graph (Turtle) rather than the JSON-LD context."""
        return self.role != _CONTEXT

    @property
    def source(self) -> Path:
        """The shipped file it is a copy of."""
        return vocab_file(self.role)


#: The vocabulary files of a publication, in the order ``datapackage.json`` lists them.
VOCABULARY: tuple[VocabularyFile, ...] = (
    VocabularyFile(
        "ontology",
        "語彙（OWLオントロジー） / Vocabulary (OWL ontology)",
        "データが使うクラスとプロパティ（nb:）の定義と日英のラベル。 The classes and "
        "properties of the nb: vocabulary, with labels in Japanese and English.",
    ),
    VocabularyFile(
        "schemes",
        "コードリスト（SKOS） / Code lists (SKOS concept schemes)",
        "予算段階・歳入歳出・タグ・編集注の種類・金額の段階などのコードリスト。 The code "
        "lists: budget phases, directions, tags, kinds of editorial note and more.",
    ),
    VocabularyFile(
        "dsd",
        "データ構造定義（RDF Data Cube） / Data structure definitions (RDF Data Cube)",
        "予算キューブの次元・測度・属性。 The dimensions, measures and attributes of the "
        "budget cubes (qb:DataStructureDefinition).",
    ),
    VocabularyFile(
        "alignments",
        "他の語彙との対応 / Alignments with other vocabularies",
        "OpenBudgets.eu・SDMX・schema.org・IMIの語との対応。 Links to OpenBudgets.eu, "
        "SDMX, schema.org and IMI terms.",
    ),
    VocabularyFile(
        "shapes",
        "SHACLシェイプ / SHACL shapes",
        "データの検証規則（SHACL）とRDF Data Cubeの整合性制約（IC-*、SHACL-SPARQL）。 The "
        "SHACL shapes of the data and the RDF Data Cube integrity constraints (IC-*).",
    ),
    VocabularyFile(
        _CONTEXT,
        "JSON-LDコンテキスト / JSON-LD context",
        "JSON-LD版の予算を読むためのJSON-LD 1.1コンテキスト。 The JSON-LD 1.1 context of "
        "the budget's JSON-LD.",
    ),
)

_BY_NAME = {file.name: file for file in VOCABULARY}


def vocabulary_file(name: str) -> VocabularyFile:
    """The vocabulary file of a resource name, e.g. ``vocab-shapes``.

    Raises:
        KeyError: ``name`` is not a vocabulary file's.
    """
    return _BY_NAME[name]


def copy_vocabulary(directory: StrPath) -> None:
    """Copy every vocabulary file, byte for byte, into ``directory``'s ``vocab/`` folder.

    Raises:
        OutputError: A file cannot be read or written.
    """
    folder = Path(directory) / VOCABULARY_DIR
    try:
        folder.mkdir(exist_ok=True)
        for file in VOCABULARY:
            shutil.copyfile(file.source, Path(directory) / file.path)
    except OSError as exc:
        raise OutputError(f"cannot copy the vocabulary into {folder}: {exc}") from exc
