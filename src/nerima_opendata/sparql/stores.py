"""The temporary stores of ``serve``: named by their owner's process, swept when it is gone.

A ``serve`` killed with SIGKILL cannot remove its store. Each store's directory is named
``nerima-sparql-{pid}-…`` in the temporary directory, so that the next start removes every
store (and its log) whose process no longer runs and whose lock is free, and only those
of this user (:mod:`nerima_opendata.files.scratch`).
"""

from __future__ import annotations

from pathlib import Path

from nerima_opendata.files import scratch
from nerima_opendata.files.paths import StrPath

__all__ = ["PREFIX", "new_store", "sweep"]

PREFIX = "nerima-sparql-"


def new_store() -> scratch.Scratch:
    """A new, empty store directory (its ``name``), named for this process and locked
    while it exists, so that no other ``serve`` sweeps it (one in another PID namespace
    sharing ``/tmp`` included); made after the stores left by others are swept."""
    return scratch.scratch(PREFIX)


def sweep(directory: StrPath | None = None) -> list[Path]:
    """Remove the stores (and logs) left by ``serve`` processes that no longer run.

    Args:
        directory: Where the stores are (default: the temporary directory).

    Returns:
        What was removed.
    """
    return scratch.sweep(PREFIX, directory)
