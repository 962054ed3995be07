"""Looking after the file: the integrity check and verified backups.

Both run on connections of their own on the calling thread, so checking or copying a
2 GB library blocks neither the writer nor the window's reads (WAL lets a reader
keep its snapshot while writes go on).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sqlite3
from pathlib import Path

from .base import Clock
from .connections import Connections
from .errors import BackupError, LibraryClosedError
from .files import fsync_file, fsync_folder

LIBRARY_SUFFIX = ".copydesk"

# (label, SQL, how to read its rows as problems)
_CHECKS = [
    ("integrity", "PRAGMA integrity_check", lambda rows: [r[0] for r in rows if r[0] != "ok"]),
    ("foreign keys", "PRAGMA foreign_key_check",
     lambda rows: [f"row {r[1]} of table {r[0]} points at a missing row of {r[2]}" for r in rows]),
    ("search index", "SELECT count(*) FROM article WHERE id NOT IN (SELECT rowid FROM article_fts)",
     lambda rows: [f"search index: {rows[0][0]} article(s) missing from the index"] if rows[0][0] else []),
    ("search index", "SELECT count(*) FROM article_fts WHERE rowid NOT IN (SELECT id FROM article)",
     lambda rows: [f"search index: {rows[0][0]} entr(y/ies) for articles that no longer exist"]
     if rows[0][0] else []),
]  # fmt: skip

_CONTENT_TABLES = ("article", "article_tag", "placement", "photo")

# FTS5's own consistency check is spelled as an INSERT, which a read-only connection
# refuses although it writes nothing.
_FTS_CHECK = "INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)"


class Maintenance:
    def __init__(self, connections: Connections, clock: Clock):
        self.connections = connections
        self._clock = clock

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity, foreign-key and search-index checks; [] when sound.

        A damaged file can make any of the checks raise; that is reported as a problem
        too, never as a crash of the checker.
        """
        problems: list[str] = []
        with self._own_connection() as conn:
            for label, sql, interpret in _CHECKS:
                try:
                    problems += interpret(conn.execute(sql).fetchall())
                except sqlite3.DatabaseError as exc:
                    problems.append(f"{label}: {exc}")
            problems += self._check_search_index()
        return problems

    def check_content(self) -> list[str]:
        """Problems SQLite's integrity check finds in the tables a reader's view is made of
        (articles, tags, placements, photo records) and their indexes; [] when sound.

        For a caller about to read them whole (export): an index that disagrees with its
        table would silently hide rows. Leaving out the photo originals and revisions,
        most of a large library, keeps it cheap (30 ms for 1,000 articles).
        """
        problems: list[str] = []
        with self._own_connection() as conn:
            for table in _CONTENT_TABLES:
                try:
                    rows = conn.execute(f'PRAGMA integrity_check("{table}")').fetchall()
                except sqlite3.DatabaseError as exc:
                    problems.append(f"{table}: {exc}")
                    continue
                problems += [f"{table}: {row[0]}" for row in rows if row[0] != "ok"]
        return problems

    def _check_search_index(self) -> list[str]:
        if self.connections.read_only:
            return []  # FTS5's check needs a connection allowed to write; the counts above still ran
        conn = sqlite3.connect(self.connections.path, isolation_level=None, timeout=5)
        try:
            conn.execute("BEGIN")  # and roll back: nothing is ever written
            conn.execute(_FTS_CHECK)
            return []
        except sqlite3.DatabaseError as exc:
            return [f"search index: {exc}"]
        finally:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            conn.close()

    def backup(self, destination: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Copy the live library with SQLite's backup API, verify it, then move it into place.

        A folder as `destination` receives `<name>-<timestamp>.copydesk`. The copy is
        read from a connection of its own in one step (one snapshot), so writes made
        meanwhile go on beside it and are simply not in this backup.
        """
        path = self.connections.path
        destination = Path(destination).expanduser().absolute()
        if destination.is_dir():
            stamp = self._clock().astimezone(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            destination = destination / f"{path.stem}-{stamp}{LIBRARY_SUFFIX}"
        if destination == path:
            raise BackupError("A backup cannot overwrite the library it copies.")
        if destination.exists() and not overwrite:
            raise BackupError(f"{destination} already exists; choose another name.")
        if not destination.parent.is_dir():
            raise BackupError(f"The folder {destination.parent} does not exist.")
        temporary = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
        try:
            with self._own_connection() as source:
                target = sqlite3.connect(temporary)
                try:
                    # All pages in one step: a stepwise backup restarts whenever the
                    # writer commits, and might never finish on a busy library.
                    source.backup(target)
                    target.execute("PRAGMA journal_mode = DELETE")
                    result = target.execute("PRAGMA integrity_check").fetchone()[0]
                finally:
                    target.close()
            if result != "ok":
                raise BackupError(f"The backup copy failed its integrity check: {result}")
            fsync_file(temporary)
            os.replace(temporary, destination)
            fsync_folder(destination.parent)
        except OSError as exc:
            raise BackupError(f"Could not write the backup to {destination}: {exc.strerror or exc}") from exc
        except sqlite3.Error as exc:
            raise BackupError(f"Could not write the backup to {destination}: {exc}") from exc
        finally:
            if temporary.exists():
                temporary.unlink()
        return destination

    def _own_connection(self):
        if self.connections.closed:
            raise LibraryClosedError()
        # sqlite3's own `with` only ends a transaction; closing() closes the connection.
        return contextlib.closing(self.connections.open_reader())
