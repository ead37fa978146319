"""Every generated page of the documentation site, and one call to regenerate them.

The site (``mkdocs.yml``, pages in ``docs/``) mixes hand-written pages with pages
generated from the code and data, which tests keep current:

* ``docs/vocabulary.md``: :func:`docsgen.vocabulary.render_vocabulary_doc`;
* ``docs/cli.md``: :func:`docsgen.cli.render_cli_doc`;
* ``docs/data-dictionary.md``: :func:`docsgen.tables.render_data_dictionary`;
* ``docs/queries.md``: :func:`docsgen.queries.render_queries_doc`;
* ``docs/errors.md``: :func:`docsgen.errors.render_errors_doc`.

Regenerate them all (what ``scripts/docs.sh`` does before building the site)::

    python -m docsgen.site [REPOSITORY_ROOT]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["generated_pages", "main", "write_generated_pages"]


def generated_pages(root: Path) -> dict[Path, Callable[[], str]]:
    """Each generated page (relative to ``root``) and the function that renders it.

    Args:
        root: The repository root (the query pack is read from ``root/docs/queries``).

    Returns:
        Relative path → renderer; calling a renderer returns the page's text.
    """
    from docsgen.cli import CLI_DOC, render_cli_doc
    from docsgen.errors import ERRORS_DOC, render_errors_doc
    from docsgen.queries import QUERIES_DIR, QUERIES_DOC, render_queries_doc
    from docsgen.tables import DATA_DICTIONARY_DOC, render_data_dictionary
    from docsgen.vocabulary import VOCABULARY_DOC, render_vocabulary_doc

    return {
        VOCABULARY_DOC: render_vocabulary_doc,
        CLI_DOC: render_cli_doc,
        DATA_DICTIONARY_DOC: render_data_dictionary,
        QUERIES_DOC: lambda: render_queries_doc(root / QUERIES_DIR),
        ERRORS_DOC: render_errors_doc,
    }


def write_generated_pages(root: Path) -> list[Path]:
    """Regenerate every generated page under ``root``; pages already current are untouched.

    Args:
        root: The repository root.

    Returns:
        The pages whose content changed.
    """
    changed = []
    for relative, render in generated_pages(root).items():
        path = root / relative
        text = render()
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Regenerate the pages of the repository at ``argv[0]`` (default: the current folder).

    Returns:
        The exit code: 0, or 2 if the folder is not a checkout with ``docs/``.
    """
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    if not (root / "docs").is_dir():
        print(f"error: {root} has no docs/ folder (give the repository root)", file=sys.stderr)
        return 2
    changed = write_generated_pages(root)
    for path in changed:
        print(f"regenerated {path.relative_to(root)}")
    if not changed:
        print("every generated page is current")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
