"""A lock file beside the library so one process (one window) writes it at a time.

SQLite's own locks only guard single transactions; two windows autosaving the same
article would silently overwrite each other. An OS advisory lock (flock on POSIX,
msvcrt on Windows) is released by the kernel when a process dies, so a lock left
by a crash is recovered automatically: the file may still be there, but nobody
holds its lock. The file's JSON content says who holds it, for the error message.
"""

from __future__ import annotations

import datetime
import errno
import getpass
import json
import os
import socket
import time
from pathlib import Path

from .errors import DiskFullError, LibraryLockedError, LibraryReadOnlyError
from .files import free_bytes

# How long a writer waits for the lock before saying who holds it. A reader checking
# whether anyone writes (`lock_is_held`) takes the lock shared for microseconds; a writer
# starting in that instant must wait it out, not report the library as open elsewhere.
LOCK_WAIT_SECONDS = 1.0
LOCK_POLL_SECONDS = 0.005

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_within(fd: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            return False
        time.sleep(LOCK_POLL_SECONDS)
    return True


def lock_path_for(library_path: Path) -> Path:
    return library_path.with_name(library_path.name + ".lock")


def read_holder(lock_path: Path) -> dict:
    try:
        return json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


class LibraryLock:
    """Holds the lock for one open library until `release()`."""

    def __init__(self, library_path: Path, program: str = "Copydesk"):
        self.path = lock_path_for(library_path)
        self.program = program
        self._fd: int | None = None
        self.recovered_from: dict | None = None  # the crashed holder we replaced, if any

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                library = self.path.with_suffix("")
                raise DiskFullError(library, free_bytes(library)) from exc
            raise LibraryReadOnlyError(self.path.parent, f"cannot create the lock file ({exc.strerror})") from exc
        if not _lock_within(fd, LOCK_WAIT_SECONDS):
            os.close(fd)
            raise LibraryLockedError(self.path.with_suffix(""), read_holder(self.path))
        if not _still_linked(fd, self.path):
            # The holder released and unlinked the file between our open and our
            # lock; we locked an orphan inode. Start again on the current file.
            _unlock(fd)
            os.close(fd)
            return self.acquire()
        previous = read_holder(self.path)
        if previous:
            # Someone wrote their name here and is gone without releasing: a crash.
            self.recovered_from = previous
        info = {
            "program": self.program,
            "user": _user_name(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
        payload = json.dumps(info).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, payload)
            os.fsync(fd)
        except OSError:
            # A full disk refuses even these few bytes. The lock is held all the same (the
            # holder's name is only for error messages), and the write it guards may still
            # fit in space SQLite already has; if not, that write says the disk is full.
            _truncate_quietly(fd)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            # Empty it first: if the unlink below fails, the next opener sees no
            # stale holder to report.
            os.ftruncate(fd, 0)
            try:
                os.unlink(self.path)
            except OSError:
                pass
            _unlock(fd)
        finally:
            os.close(fd)


def _truncate_quietly(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
    except OSError:
        pass


def _still_linked(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - getuser raises several types when no name is known
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown user"
