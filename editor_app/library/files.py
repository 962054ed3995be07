"""The library file on disk: checking it before opening, connecting with safe pragmas,
checkpointing the WAL in the background, and syncing what we write.

Opening is careful because the file is a journalist's only copy of their work: we
look at it read-only first (is it SQLite? is it ours? is it from a newer Copydesk?)
and only then open it for writing, so a wrong file is never touched.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
import threading
from pathlib import Path

from . import schema
from .errors import (
    DiskFullError,
    FileSizeLimitError,
    LibraryBusyError,
    LibraryDamagedError,
    LibraryError,
    LibraryIOError,
    LibraryReadOnlyError,
    LibraryTooNewError,
    LibraryUnreadableError,
    NotALibraryError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# How often the background thread folds the WAL back into the library file.
CHECKPOINT_INTERVAL_SECONDS = 5.0


def connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN ourselves (db.atomic), so a write is
    # never left in an implicit transaction that a crash would lose.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.close()
        raise LibraryReadOnlyError(path, f"SQLite could not switch it to WAL journaling (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    # 32 MB of page cache instead of 2 MB: search walks index pages that the default
    # cache keeps evicting on a large library (phrase and prefix queries ~1.5x faster).
    conn.execute("PRAGMA cache_size = -32768")
    return conn


def inspect_library_file(path: Path) -> int:
    """Check, without writing a byte, that `path` is a Copydesk library we can read.

    Returns its schema version. Raises NotALibraryError (not ours), LibraryTooNewError,
    LibraryDamagedError (ours, but SQLite itself, reading the WAL too, finds it broken),
    LibraryBusyError or LibraryUnreadableError (it cannot be read just now).
    """
    if not path.is_file():
        raise NotALibraryError(path, "it is a folder, not a file" if path.is_dir() else "it is not a regular file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except PermissionError as exc:
        raise LibraryReadOnlyError(path, f"the file cannot be read ({exc.strerror})") from exc
    if len(header) == 0:
        raise NotALibraryError(path, "the file is empty")
    if not header.startswith(SQLITE_HEADER):
        raise NotALibraryError(path, "it is not an SQLite database")
    application_id = int.from_bytes(header[68:72], "big")
    user_version = int.from_bytes(header[60:64], "big")
    if application_id != schema.APPLICATION_ID:
        raise NotALibraryError(path, "it is an SQLite database made by another program")
    if user_version > schema.LATEST_VERSION:
        raise LibraryTooNewError(
            path, f"schema version {user_version}, this Copydesk knows up to {schema.LATEST_VERSION}"
        )
    try:
        version, applied = _read_schema(path, through_wal=False)
    except sqlite3.DatabaseError as exc:
        # The main file alone is not the library when a WAL holds committed pages: after
        # a crash or a full disk in the middle of a checkpoint it is half old, half new,
        # and only SQLite reading it with its WAL sees the library as it is.
        if not has_wal(path):
            raise LibraryDamagedError(path, str(exc)) from exc
    if has_wal(path):
        # The WAL's pages win over the main file's (a migration may sit in the WAL alone).
        try:
            version, applied = _read_schema(path, through_wal=True)
        except sqlite3.Error as exc:
            raise _unreadable(exc, path) from exc
    unknown = sorted(set(applied) - set(schema.KNOWN_MIGRATIONS))
    if unknown:
        raise LibraryTooNewError(path, f"unknown schema change {unknown[0]}")
    return version


def has_wal(path: Path) -> bool:
    """Whether a WAL beside the library may hold pages its main file lacks."""
    try:
        return os.path.getsize(f"{path}-wal") > 0
    except OSError:
        return False


def _read_schema(path: Path, *, through_wal: bool) -> tuple[int, list[str]]:
    """The library's schema version and the names of its applied migrations, read
    without writing to it.

    `immutable` reads the main file alone and creates nothing beside it; a plain
    read-only connection reads the WAL too (and may create the -shm index SQLite
    needs for that, as any reader of a WAL library does).
    """
    options = "mode=ro" if through_wal else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.as_uri()}?{options}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.LATEST_VERSION:
            raise LibraryTooNewError(
                path, f"schema version {version}, this Copydesk knows up to {schema.LATEST_VERSION}"
            )
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (schema.MIGRATION_SET,)
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise _SchemaRecordMissing(f"its record of schema changes is missing ({exc})") from exc
        raise
    finally:
        conn.close()
    return version, [row[0] for row in rows]


class _SchemaRecordMissing(sqlite3.DatabaseError):
    """Our application id, but no table of applied migrations: part of the file is lost."""


def _unreadable(error: sqlite3.Error, path: Path) -> LibraryError:
    """What a failed read of the library (with its WAL) means for the person opening it."""
    if isinstance(error, _SchemaRecordMissing):
        return LibraryDamagedError(path, str(error))
    translated = translate_sqlite_error(error, path)
    if isinstance(translated, (LibraryDamagedError, LibraryBusyError)):
        return translated
    return LibraryUnreadableError(path, str(error))


def check_writable(path: Path) -> None:
    """A read-only file or folder gets its own error before SQLite half-opens it.

    Mode bits are checked as well as access(): a root user can write anything, but a
    file someone marked read-only should still be treated as read-only.
    """
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise LibraryReadOnlyError(path, "the file is read-only")
    check_folder_writable(path)


def check_folder_writable(path: Path) -> None:
    folder = path.parent
    mode = folder.stat().st_mode
    if not os.access(folder, os.W_OK | os.X_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise LibraryReadOnlyError(
            path, f"its folder {folder} is read-only (SQLite needs to write its journal and the lock file there)"
        )


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - folders cannot be fsynced on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Checkpointer(threading.Thread):
    """Copies committed pages from the WAL into the library file in the background.

    Its own connection, so it never waits on the library's mutex; PASSIVE mode copies
    what it can without blocking the writer. Without it the WAL would grow for as long
    as the library stays open.
    """

    def __init__(self, path: Path, interval: float):
        super().__init__(name="copydesk-checkpoint", daemon=True)
        self._path = path
        self._interval = interval
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return
        try:
            conn.execute("PRAGMA synchronous = FULL")
            while not self._stopping.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    pass  # busy or a disk error: the WAL keeps the data; try again later
        finally:
            conn.close()

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join()


# SQLite's primary result codes (the low byte of sqlite_errorcode).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
# Below this much free space an I/O error on write is the disk being full: SQLite
# reports ENOSPC as SQLITE_FULL only from some code paths (the -shm file, fsync of a
# grown WAL and EFBIG all arrive as SQLITE_IOERR_*).
_NEARLY_FULL_BYTES = 4 * 1024 * 1024


def free_bytes(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path.parent).free
    except OSError:
        return None


def file_size_limit() -> int | None:
    """The process's RLIMIT_FSIZE in bytes, or None when unlimited (or unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    return None if soft == resource.RLIM_INFINITY else soft


def translate_sqlite_error(error: BaseException, path: Path) -> BaseException:
    """The LibraryError a user should read for what SQLite (or the OS) raised.

    Returns `error` unchanged when it is not about the file (a constraint, a bug).
    """
    if isinstance(error, LibraryError):
        return error
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return DiskFullError(path, free_bytes(path))
        if error.errno == errno.EFBIG:
            return FileSizeLimitError(path, file_size_limit() or 0)
        if error.errno == errno.EIO:
            return LibraryIOError(path, error.strerror or "input/output error")
        return error
    if not isinstance(error, sqlite3.Error):
        return error
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return LibraryBusyError(path)
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return LibraryDamagedError(path, text)
    if primary == _SQLITE_READONLY:
        return LibraryReadOnlyError(path, text)
    if primary in (_SQLITE_FULL, _SQLITE_IOERR, _SQLITE_CANTOPEN) or "disk is full" in text:
        limit = file_size_limit()
        if limit is not None and _library_bytes(path) + 65536 >= limit:
            return FileSizeLimitError(path, limit)
        free = free_bytes(path)
        if primary == _SQLITE_FULL or (free is not None and free < _NEARLY_FULL_BYTES):
            return DiskFullError(path, free)
        return LibraryIOError(path, text)
    return error


def _library_bytes(path: Path) -> int:
    """The largest of the library's files, which is the one a size limit stops first."""
    sizes = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            sizes.append(candidate.stat().st_size)
        except OSError:
            pass
    return max(sizes, default=0)
