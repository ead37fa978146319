"""A set and map of string keys in bounded memory: a dict that spills to SQLite.

Streaming readers, writers and checks need to remember keys (IDs seen, a parent's name,
a line's facts) for every line of a budget book, which for a national collection is
millions. :class:`KeyStore` keeps them in a dict up to ``memory_limit`` keys, then moves
them into a temporary SQLite file (the standard library's ``sqlite3``, a B-tree on disk
with a bounded page cache), so memory stays flat however many keys there are. Lookups are
exact (the keys themselves are stored, not hashes).

    with KeyStore() as seen:
        if not seen.add(line_id):
            ...  # a duplicate

A caller that does not need to know whether a key was new uses :meth:`KeyStore.remember`:
once the keys are on disk, those wait in a small dict and are written a batch at a time
(``executemany``), about a third of the cost of one statement per key; lookups see them
meanwhile. A caller that adds to a key's value (:meth:`KeyStore.append`) does so without
reading it: on disk, one upsert a key, a batch at a time, written before any other call.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from nerima_opendata.files.scratch import Scratch, scratch

__all__ = ["DEFAULT_MEMORY_LIMIT", "KeyStore"]

#: Keys held in memory before the store moves to disk (about 3 MB of short keys). Real
#: books (a few thousand lines) never reach it; a large collection's stores all pass it
#: (and fill their page caches) well before 100,000 lines, so memory is flat from there.
DEFAULT_MEMORY_LIMIT = 20_000

#: How many remembered keys wait before they are written to disk in one batch.
_BATCH = 1_024

#: Keys looked up by one statement (SQLite allows 999 parameters before 3.32): a batch of
#: the key checks' rows (:mod:`nerima_opendata.checks.keys`) in one.
_VARIABLES = 512

#: Adds a value after a key's value (or inserts the key): parameters key, value, separator.
_UPSERT = (
    "INSERT INTO keys VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value ="
    " CASE WHEN value IS NULL THEN excluded.value ELSE value || ?3 || excluded.value END"
)

#: SQLite page cache, in KiB (negative cache_size is KiB): bounded memory on disk. The
#: B-tree's interior pages fit in it; leaf pages come from the OS's file cache.
_CACHE_KIB = 4_096


def _utf8(texts: tuple[str, ...]) -> bool:
    """Whether every text can be written as UTF-8 (SQLite's text)."""
    try:
        for text in texts:
            text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class KeyStore:
    """String keys, each with an optional string value; in memory, then on disk.

    Args:
        memory_limit: How many keys to hold in a dict before spilling to SQLite.
        directory: Where the temporary SQLite file goes (default: the system's).
    """

    def __init__(
        self, *, memory_limit: int = DEFAULT_MEMORY_LIMIT, directory: Path | None = None
    ) -> None:
        self._memory: dict[str, str | None] | None = {}
        self._limit = memory_limit
        self._directory = directory
        self._tmp: Scratch | None = None
        self._db: sqlite3.Connection | None = None
        self._size = 0
        self._pending: dict[str, str | None] = {}  # remembered, not yet on disk
        self._appends: list[tuple[str, str, str]] = []  # appended, not yet on disk
        self._counted = True  # whether _size counts the keys on disk (appends may not)

    def __enter__(self) -> KeyStore:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Drop the keys and remove the temporary file, if any."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        self._memory = {}
        self._size = 0
        self._pending = {}
        self._appends = []
        self._counted = True

    def __len__(self) -> int:
        if self._pending:
            self._write_pending()
        self._settle()
        if not self._counted:
            assert self._db is not None
            self._size = self._db.execute("SELECT COUNT(*) FROM keys").fetchone()[0]
            self._counted = True
        return self._size

    @property
    def spilled(self) -> bool:
        """Whether the keys are on disk."""
        return self._db is not None

    def _spill(self) -> sqlite3.Connection:
        self._tmp = scratch("nerima-keys-", self._directory)
        db = sqlite3.connect(Path(self._tmp.name) / "keys.sqlite", isolation_level=None)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        db.execute("CREATE TABLE keys (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        db.execute("BEGIN")
        assert self._memory is not None
        db.executemany("INSERT INTO keys VALUES (?, ?)", self._memory.items())
        self._memory = None
        self._db = db
        return db

    def remember(self, key: str, value: str | None = None) -> None:
        """Remember ``key`` (with ``value``) unless it is already there, as :meth:`add`
        does, without saying whether it was new: on disk, a batch at a time."""
        if self._memory is not None:
            self.add(key, value)
            return
        self._settle()
        self._pending.setdefault(key, value)
        if len(self._pending) >= _BATCH:
            self._write_pending()

    def _write_pending(self) -> None:
        assert self._db is not None
        try:
            cursor = self._db.executemany(
                "INSERT OR IGNORE INTO keys VALUES (?, ?)", self._pending.items()
            )
            self._size += cursor.rowcount
        finally:  # a key SQLite refuses (a lone surrogate) fails once, as add() does
            self._pending.clear()

    def append(self, key: str, value: str, separator: str) -> None:
        """Add ``value`` to the end of ``key``'s value, after ``separator`` (``key`` with
        ``value`` when it is new or has no value); on disk, a batch at a time. (Mixing
        appends with :meth:`remember` on one store writes a batch at each switch; the
        store's length is then counted on disk.)"""
        if self._memory is not None:
            if key in self._memory:
                old = self._memory[key]
                self._memory[key] = value if old is None else old + separator + value
                return
            self.add(key, value)
            return
        if self._pending:
            self._write_pending()
        self._appends.append((key, value, separator))
        if len(self._appends) >= _BATCH:
            self._settle()

    def _settle(self) -> None:
        """Write the waiting appends (before any other call reads or writes). One that
        SQLite refuses (a lone surrogate) is raised here, once, after the others."""
        if not self._appends:
            return
        assert self._db is not None
        db, appends, self._appends, self._counted = self._db, self._appends, [], False
        try:
            db.executemany(_UPSERT, appends)
        except UnicodeEncodeError:  # the rows before it went in (no journal to roll back)
            bad = next((i for i, row in enumerate(appends) if not _utf8(row)), len(appends))
            for row in appends[bad + 1 :]:
                try:
                    db.execute(_UPSERT, row)
                except UnicodeEncodeError:
                    continue
            raise

    def add(self, key: str, value: str | None = None) -> bool:
        """Remember ``key`` (with ``value``) unless it is already there.

        Returns:
            True if the key is new; False if it was there (its value is kept).
        """
        if self._memory is not None:
            if key in self._memory:
                return False
            self._memory[key] = value
            self._size += 1
            if self._size > self._limit:
                self._spill()
            return True
        if key in self._pending:
            return False
        self._settle()
        assert self._db is not None
        cursor = self._db.execute("INSERT OR IGNORE INTO keys VALUES (?, ?)", (key, value))
        if cursor.rowcount:
            self._size += 1
            return True
        return False

    def add_all(self, keys: list[str]) -> list[bool]:
        """:meth:`add` each key (with no value), in order: whether each was new. On
        disk, a statement or two a batch instead of one a key."""
        if self._memory is not None or not _utf8(tuple(keys)):
            return [self.add(key) for key in keys]
        self._settle()
        there, new = self._found(keys), []
        for key in keys:  # a remembered key waiting to be written is there, as in add()
            new.append(key not in there and key not in self._pending)
            there.add(key)
        assert self._db is not None
        rows = [(key,) for key, fresh in zip(keys, new, strict=True) if fresh]
        self._size += self._db.executemany(
            "INSERT OR IGNORE INTO keys VALUES (?, NULL)", rows
        ).rowcount
        return new

    def contains_all(self, keys: list[str]) -> list[bool]:
        """Whether each key is there (as ``in``), in order; on disk, a statement a batch."""
        if self._memory is not None:
            return [key in self._memory for key in keys]
        if not _utf8(tuple(keys)):
            return [key in self for key in keys]
        self._settle()
        there = self._found(keys)
        return [key in there or key in self._pending for key in keys]

    def _found(self, keys: list[str]) -> set[str]:
        """Those of the keys on disk."""
        assert self._db is not None
        found: set[str] = set()
        for start in range(0, len(keys), _VARIABLES):
            chunk = keys[start : start + _VARIABLES]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT key FROM keys WHERE key IN ({marks})"  # placeholders only
            found.update(key for (key,) in self._db.execute(query, chunk))
        return found

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if self._memory is not None:
            return key in self._memory
        if key in self._pending:
            return True
        self._settle()
        assert self._db is not None
        found = self._db.execute("SELECT 1 FROM keys WHERE key = ?", (key,)).fetchone()
        return found is not None

    def get(self, key: str) -> str | None:
        """The value stored with ``key`` (None if the key is absent or has none)."""
        if self._memory is not None:
            return self._memory.get(key)
        self._settle()
        assert self._db is not None
        found = self._db.execute("SELECT value FROM keys WHERE key = ?", (key,)).fetchone()
        if found is None:  # a key on disk keeps its value: remembered again, it is ignored
            return self._pending.get(key)
        value: str | None = found[0]
        return value

    def put(self, key: str, value: str | None) -> None:
        """Store ``key`` with ``value``, replacing the value if the key is there."""
        if self._memory is not None:
            if key not in self._memory:
                self._size += 1
            self._memory[key] = value
            if self._size > self._limit:
                self._spill()
            return
        if self._pending:
            self._write_pending()
        self._settle()
        assert self._db is not None
        if self._db.execute("UPDATE keys SET value = ? WHERE key = ?", (value, key)).rowcount:
            return
        self._db.execute("INSERT INTO keys VALUES (?, ?)", (key, value))
        self._size += 1

    def items(self) -> Iterator[tuple[str, str | None]]:
        """Every key with its value, in key order (from disk, a page at a time)."""
        if self._memory is not None:
            yield from sorted(self._memory.items())
            return
        if self._pending:
            self._write_pending()
        self._settle()
        assert self._db is not None
        yield from self._db.execute("SELECT key, value FROM keys ORDER BY key")
