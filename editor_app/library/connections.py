"""The library's SQLite connections: one writer thread, and a read connection per thread.

SQLite in WAL mode lets readers run beside one writer. So every write (from the
window, the photo importer or the CLI) is queued to a single writer thread that owns
the only write connection, and every read runs on the calling thread with that
thread's own read-only connection. Nothing is shared behind a mutex: the window's
search-as-you-type never waits while the writer stores a 10 MB original or a backup
copies the file.

Parts of the library mark their methods with `@reads` and `@writes`; both expect the
object to have a `connections` attribute holding a `Connections`.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
import queue
import sqlite3
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlite_utils import Database

from ..threads import PerThread
from . import files
from .errors import (
    InvalidFieldError,
    LibraryClosedError,
    LibraryError,
    LibraryReadOnlyError,
    NotFoundError,
    PhotoInUseError,
)
from .locking import lock_path_for

ErrorListener = Callable[[BaseException], None]

# Writes the caller asked for and the library refused as asked: they are raised to the
# caller, who can say what to fix, but they are not failures of the library or the disk
# and are not reported to the error listeners.
REFUSED_REQUESTS = (InvalidFieldError, NotFoundError, PhotoInUseError)

# How long close() lets queued writes finish before abandoning them.
CLOSE_WAIT_SECONDS = 10.0

# Any id SQLite can store fits in a signed 64-bit integer.
MAX_ROW_ID = 2**63 - 1


class LibraryNeedsUpgradeError(LibraryError):
    def __init__(self, path, version: int, latest: int):
        super().__init__(
            f"{path} was saved by an older Copydesk (schema version {version}, this one uses {latest}); "
            "open it once in the window, or run any command that writes to it (such as `copydesk new`), "
            "to upgrade it. The file was not changed."
        )
        self.path = path


def row_id(value, not_found: Callable[[object], NotFoundError]) -> int:
    """`value` as an id SQLite can hold, or the matching NotFoundError (never OverflowError)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise not_found(value) from None
    if not 0 <= number <= MAX_ROW_ID:
        raise not_found(value)
    return number


def reads(method):
    """Run a read on the calling thread's connection, as one consistent snapshot."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.connections.reading():
            return method(self, *args, **kwargs)

    return wrapper


def writes(method):
    """Run a write on the writer thread, in a transaction; the caller waits for its result."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        return self.connections.write(method, self, *args, **kwargs)

    return wrapper


class Connections:
    """Every connection one open library uses; shared by its parts."""

    def __init__(self, path: Path, *, write_connection: sqlite3.Connection | None):
        self.path = path
        self.read_only = write_connection is None
        self._write_connection = write_connection
        self.write_db = Database(write_connection) if write_connection is not None else None
        # A reader connection per thread, kept across a Qt pool thread's jobs (see
        # editor_app.threads), and all of them closed by close().
        self._readers: PerThread[sqlite3.Connection] = PerThread()
        self._readers_lock = threading.Lock()
        self._immutable = False
        self._closed = False
        self._listeners: list[ErrorListener] = []
        self._writer: _Writer | None = None
        if write_connection is not None:
            self._writer = _Writer(write_connection, self._report_failure, self._translate)
            self._writer.start()

    # ------------------------------------------------------------------ state

    @property
    def closed(self) -> bool:
        return self._closed

    def on_writer_thread(self) -> bool:
        return self._writer is not None and threading.current_thread() is self._writer

    def add_error_listener(self, listener: ErrorListener) -> None:
        self._listeners.append(listener)

    def _report_failure(self, error: BaseException) -> None:
        for listener in list(self._listeners):
            try:
                listener(error)
            except Exception:  # noqa: BLE001 - a broken listener must not stop the writer
                sys.excepthook(*sys.exc_info())  # a defect: to the log and dialog the app installed

    def _translate(self, error: BaseException) -> BaseException:
        translated = files.translate_sqlite_error(error, self.path)
        if translated is not error and translated.__cause__ is None:
            translated.__cause__ = error
        return translated

    # ------------------------------------------------------------------ reading

    def connection(self) -> sqlite3.Connection:
        """The connection the current thread reads with: inside a write, the write connection
        (so the write sees its own changes); anywhere else, this thread's read connection."""
        if self._closed:
            raise LibraryClosedError()
        if self.on_writer_thread():
            return self._write_connection
        conn = self._readers.get()
        if conn is None:
            conn = self._new_reader()
        return conn

    def _new_reader(self) -> sqlite3.Connection:
        conn = self.open_reader()
        with self._readers_lock:
            if self._closed:
                conn.close()
                raise LibraryClosedError()
            self._readers.set(conn)
            # Threads that have ended left their connections here: close them now
            # rather than keep them open until close().
            for other in self._readers.discard_ended():
                other.close()
        return conn

    def open_reader(self) -> sqlite3.Connection:
        """A new read-only connection (the caller closes it)."""
        if self.read_only:
            return self._open_read_only()
        return _configure_reader(sqlite3.connect(self.path, **_CONNECT_ARGS))

    def _open_read_only(self) -> sqlite3.Connection:
        if not self._immutable:
            conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, **_CONNECT_ARGS)
            try:
                # The first read maps the WAL index (-shm), which a read-only connection
                # must create when no other connection has it open.
                _configure_reader(conn).execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.OperationalError as exc:
                conn.close()
                if not nobody_can_be_writing(self.path):
                    raise self._translate(exc) from exc
                # With no WAL to read and nobody holding the lock, the main file is
                # the whole library and nobody can change it: read it as immutable,
                # which needs no -shm (a full disk or a read-only folder refuses one).
                self._immutable = True
        return _configure_reader(
            sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True, **_CONNECT_ARGS)
        )

    def reading(self) -> _Reading:
        return _Reading(self)

    def query(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        return self.connection().execute(sql, params).fetchall()

    def one(self, sql: str, params: Sequence | dict = ()):
        return self.connection().execute(sql, params).fetchone()

    # ------------------------------------------------------------------ writing

    @property
    def db(self) -> Database:
        """The write connection's sqlite-utils Database; only the writer thread may use it."""
        if not self.on_writer_thread():
            raise RuntimeError("library writes run on the writer thread; use @writes")
        return self.write_db

    def execute(self, sql: str, params: Sequence | dict = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, params)

    def write(self, fn: Callable, *args, **kwargs):
        """Run `fn` as a write and return its result; from the writer thread, directly."""
        if self.on_writer_thread():
            # A write inside a write (duplicate_article creates an article): part of the
            # outer transaction, in a savepoint so its failure undoes only itself.
            with self.write_db.atomic():
                return fn(*args, **kwargs)
        return self.submit(fn, *args, **kwargs).result()

    def submit(self, fn: Callable, *args, **kwargs) -> concurrent.futures.Future:
        if self.read_only:
            raise LibraryReadOnlyError(self.path, "it was opened read-only, for reading")
        if self._closed or self._writer is None:
            raise LibraryClosedError()
        return self._writer.submit(fn, args, kwargs)

    # ------------------------------------------------------------------ closing

    def close(self, wait: float | None = None) -> None:
        """Finish queued writes (up to `wait`, default CLOSE_WAIT_SECONDS), then close every connection.

        Writes still queued after `wait` are cancelled with LibraryClosedError; one still
        running is abandoned: its connection is closed under it, so SQLite rolls it back
        and nothing half-written is kept.
        """
        if self._closed:
            return
        finished = self._writer is None or self._writer.stop(CLOSE_WAIT_SECONDS if wait is None else wait)
        with self._readers_lock:
            self._closed = True
            readers = self._readers.take_all()
        # Readers first: one left in a read transaction would hold the checkpoint back.
        for conn in readers:
            conn.close()
        if self._write_connection is None:
            return
        if finished:  # (an abandoned write still uses the connection: no checkpoint beside it)
            try:
                # Fold the WAL back so the single file is complete for copying.
                self._write_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass
        self._write_connection.close()


class _Reading:
    """Context of one read: the thread's connection in one read transaction (a snapshot),
    with SQLite's errors turned into the library's."""

    __slots__ = ("_began", "_connections")

    def __init__(self, connections: Connections):
        self._connections = connections
        self._began: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        conn = self._connections.connection()
        if not conn.in_transaction and not self._connections.on_writer_thread():
            try:
                conn.execute("BEGIN")
            except sqlite3.Error as exc:
                raise self._connections._translate(exc) from exc
            self._began = conn
        return conn

    def __exit__(self, *exc_info) -> bool:
        exc = exc_info[1]
        if self._began is not None:
            try:
                self._began.execute("COMMIT")
            except sqlite3.Error:
                pass  # a read transaction has nothing to lose; the connection may be closed
        if isinstance(exc, sqlite3.ProgrammingError) and self._connections.closed:
            raise LibraryClosedError() from exc
        if isinstance(exc, (sqlite3.Error, OSError)):
            translated = self._connections._translate(exc)
            if translated is not exc:
                raise translated from exc
        return False


class _Job:
    __slots__ = ("args", "fn", "future", "kwargs")

    def __init__(self, fn, args, kwargs):
        self.future: concurrent.futures.Future = concurrent.futures.Future()
        self.fn, self.args, self.kwargs = fn, args, kwargs


class _Writer(threading.Thread):
    """Owns the write connection; runs queued writes one at a time, each in a transaction."""

    def __init__(self, conn: sqlite3.Connection, report: ErrorListener, translate):
        super().__init__(name="copydesk-writer", daemon=True)
        self._conn = conn
        self._report = report
        self._translate = translate
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._accepting = True
        self._submit_lock = threading.Lock()
        self.abandoned = False

    def submit(self, fn, args, kwargs) -> concurrent.futures.Future:
        job = _Job(fn, args, kwargs)
        with self._submit_lock:
            if not self._accepting:
                raise LibraryClosedError()
            self._queue.put(job)
        return job.future

    def run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if job.future.set_running_or_notify_cancel():
                self._run(job)

    def _run(self, job: _Job) -> None:
        try:
            # IMMEDIATE: take the write lock now, so the busy timeout applies here and
            # not halfway through the write.
            self._conn.execute("BEGIN IMMEDIATE")
            result = job.fn(*job.args, **job.kwargs)
            self._conn.execute("COMMIT")
        except BaseException as exc:  # noqa: BLE001 - every failure goes to its caller
            if self.abandoned:
                # close() gave up waiting and closed the connection: nothing was committed.
                job.future.set_exception(LibraryClosedError())
                return
            self._roll_back()
            error = self._translate(exc)
            if not isinstance(error, REFUSED_REQUESTS):
                self._report(error)
            job.future.set_exception(error)
        else:
            job.future.set_result(result)

    def _roll_back(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the failure already ended the transaction; SQLite rolled it back

    def stop(self, wait: float) -> bool:
        """Run what is queued, for up to `wait` seconds; False if a write was still running."""
        with self._submit_lock:
            self._accepting = False
            self._queue.put(None)
        self.join(wait)
        if not self.is_alive():
            return True
        # Out of time: whatever is still queued will never run, and the write in
        # progress will find its connection closed.
        self.abandoned = True
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None and job.future.set_running_or_notify_cancel():
                job.future.set_exception(LibraryClosedError())
        self._queue.put(None)  # so the thread ends once the abandoned write returns
        return False


_CONNECT_ARGS = {
    "isolation_level": None,
    "check_same_thread": False,
    "timeout": files.BUSY_TIMEOUT_MS / 1000,
}


def _configure_reader(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = 1")
    conn.execute("PRAGMA cache_size = -32768")  # as the writer's: search walks many index pages
    return conn


def nobody_can_be_writing(path: Path) -> bool:
    """True when the library has no unfolded WAL and no process holds its lock file.

    Only then is reading the main file alone (immutable) the same as reading the library.
    """
    try:
        if os.path.getsize(f"{path}-wal") > 0:
            return False
    except OSError:
        pass  # no WAL file: nothing beside the main file
    return not lock_is_held(lock_path_for(path))


def lock_is_held(lock_path: Path) -> bool:
    """Whether some process (this one included) holds the library's lock file's lock."""
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot tell: assume someone may be writing
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: cannot tell without writing
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
