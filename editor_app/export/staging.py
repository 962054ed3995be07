"""Build an export beside the destination and swap it in whole.

An export folder is something people open, sync and upload, so it must never be seen
half-written. The new export is built in a hidden staging folder next to the destination
(same file system, so the final step is a rename), flushed to disk, and then exchanged with
the old one: atomically with Linux's renameat2(RENAME_EXCHANGE), elsewhere by renaming the
old out and the new in. Whatever fails before that point only removes the staging folder.
A crash between the two renames of the fallback leaves the old export under a hidden name;
the next export puts it back before doing anything else.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Self

from .errors import ExportDestinationError
from .manifest import MANIFEST_NAME
from .paths import SafeTree

STAGING_MARK = ".copydesk-staging-"
RETIRED_MARK = ".copydesk-old-"
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


def _libc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _libc()


def exchange_folders(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step; False when the system cannot (then rename twice)."""
    function = getattr(_LIBC, "renameat2", None) if _LIBC is not None else None
    if function is None:
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), os.fspath(first))


def flush_folder_tree(folder: Path) -> None:
    """Make everything under `folder` durable before it is swapped in.

    One syncfs() of the file system costs what a single fsync does, where fsyncing a
    thousand pages one by one costs seconds; without syncfs each file and folder is fsynced.
    """
    function = getattr(_LIBC, "syncfs", None) if _LIBC is not None else None
    if function is not None:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            if function(handle) == 0:
                return
        finally:
            os.close(handle)
    for current, folders, files in os.walk(folder):
        for name in files:
            _fsync_path(os.path.join(current, name), directory=False)
        _fsync_path(current, directory=True)


def _fsync_path(path: str, *, directory: bool) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        if directory and os.name == "nt":
            return  # Windows cannot open folders for fsync; NTFS orders its metadata itself.
        raise
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def fsync_folder(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync_path(os.fspath(path), directory=True)


# Removing a folder costs a journal update per entry; several at once overlap them, once
# there are enough entries to pay for the threads.
REMOVAL_THREADS = 8
PARALLEL_REMOVAL_MIN_ENTRIES = 65
# Another process may still be removing the export it replaced; wait that long for it.
LOCK_WAIT_SECONDS = 10


def _remove_entry(path: str) -> None:
    """Remove a file, a link or a whole folder of ours; shutil.rmtree never follows symlinks."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(path)
    else:
        os.unlink(path)


class _Removal:
    """The removal of one export folder: its second-level entries by a pool of threads (an
    export has a thousand article folders side by side), then what is left.

    Every task is queued when the removal is created, in the thread that asks for it. A
    thread pool refuses new work once the interpreter has begun to exit ("cannot schedule
    new futures after interpreter shutdown"): a removal that queued its tasks from a
    background thread died that way when a CLI export returned at once, leaving the old
    export behind. Queued tasks, by contrast, still run before the pool's threads are joined.
    """

    def __init__(self, path: Path):
        self.path = path
        self._pool: ThreadPoolExecutor | None = None
        self._tasks: list[Future] = []
        try:
            is_folder = stat.S_ISDIR(os.lstat(path).st_mode)
        except FileNotFoundError:
            return
        entries: list[str] = []
        if is_folder:
            with os.scandir(path) as top:
                for first in top:
                    if first.is_dir(follow_symlinks=False):
                        with os.scandir(first.path) as inner:
                            entries.extend(second.path for second in inner)
        if len(entries) >= PARALLEL_REMOVAL_MIN_ENTRIES:
            self._pool = ThreadPoolExecutor(REMOVAL_THREADS, thread_name_prefix="copydesk-export-removal")
            self._tasks = [self._pool.submit(_remove_entry, entry) for entry in entries]

    def finish(self) -> None:
        """Wait for the queued tasks, then remove the rest; raises the first OSError met."""
        try:
            for task in self._tasks:
                task.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
        _remove_entry(os.fspath(self.path))


def _remove_tree(path: Path) -> None:
    _Removal(path).finish()


def resolve_destination(out_dir: os.PathLike | str) -> Path:
    """The absolute destination, its parent resolved, refusing what we must not replace."""
    given = Path(out_dir).expanduser()
    if given.name in ("", ".", ".."):
        given = Path(os.path.abspath(given))
    parent = Path(os.path.realpath(given.parent if given.is_absolute() else Path.cwd() / given.parent))
    if not parent.is_dir():
        raise ExportDestinationError(f"The folder {parent} does not exist.")
    destination = parent / given.name
    try:
        mode = os.lstat(destination).st_mode
    except FileNotFoundError:
        return destination
    if stat.S_ISLNK(mode):
        raise ExportDestinationError(
            f"{destination} is a symbolic link; choose the folder it points to, or another folder."
        )
    if not stat.S_ISDIR(mode):
        raise ExportDestinationError(f"{destination} is a file, not a folder.")
    with os.scandir(destination) as entries:
        names = {entry.name for entry in entries}
    if names and MANIFEST_NAME not in names:
        raise ExportDestinationError(
            f"{destination} already holds files that are not a Copydesk export; choose an empty or new folder."
        )
    return destination


class StagedExport:
    """A staging folder beside `destination`; `commit()` swaps it in, leaving it discards it.

    Holds an exclusive lock on the parent folder (POSIX) so two exports into the same
    place cannot remove each other's staging folder.
    """

    def __init__(self, destination: Path):
        self.destination = destination
        self.parent = destination.parent
        self.staging = self.parent / f".{destination.name}{STAGING_MARK}{os.getpid()}-{secrets.token_hex(4)}"
        self.tree: SafeTree | None = None
        self.previous: SafeTree | None = None
        self._lock_handle: int | None = None
        self.committed = False

    def __enter__(self) -> Self:
        wait_for_cleanup()
        self._lock_parent()
        try:
            self._recover_debris()
            os.mkdir(self.staging, 0o755)
            self.tree = SafeTree(self.staging, create=True)
            if self.destination.is_dir() and not self.destination.is_symlink():
                self.previous = SafeTree(self.destination, create=False)
        except BaseException:
            self._close_trees()
            with contextlib.suppress(OSError):
                _remove_tree(self.staging)
            self._unlock_parent()
            raise
        return self

    def __exit__(self, *_exc_info) -> None:
        try:
            self._close_trees()
            if not self.committed:
                _remove_tree(self.staging)
        finally:
            self._unlock_parent()

    def _close_trees(self) -> None:
        for tree in (self.tree, self.previous):
            if tree is not None:
                tree.close()

    def _lock_parent(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: renames of an open folder fail there anyway
            return
        handle = os.open(self.parent, os.O_RDONLY)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(handle)
                    raise ExportDestinationError(
                        f"Another export is writing into {self.parent}; try again when it ends."
                    ) from None
                time.sleep(0.05)
        self._lock_handle = handle

    def _unlock_parent(self) -> None:
        if self._lock_handle is not None:
            os.close(self._lock_handle)  # closing releases the flock
            self._lock_handle = None

    def _recover_debris(self) -> None:
        """Remove what an interrupted export left, restoring the old export if it was mid-swap."""
        prefix_staging = f".{self.destination.name}{STAGING_MARK}"
        prefix_retired = f".{self.destination.name}{RETIRED_MARK}"
        retired = []
        with os.scandir(self.parent) as entries:
            for entry in entries:
                if entry.name.startswith(prefix_staging):
                    _remove_tree(Path(entry.path))
                elif entry.name.startswith(prefix_retired):
                    retired.append(Path(entry.path))
        if retired and not os.path.lexists(self.destination):
            newest = max(retired, key=lambda path: os.lstat(path).st_mtime_ns)
            os.rename(newest, self.destination)
            retired.remove(newest)
        for path in retired:
            _remove_tree(path)

    def commit(self) -> None:
        """Flush the staging folder to disk and put it where the destination is.

        The replaced export is removed by a background thread that keeps the parent folder
        locked until it is gone: the new export is complete and visible at once, and a
        thousand folders' worth of removal does not hold up the window or the next step.
        `wait_for_cleanup()` (also run at exit and before the next export) waits for it.
        """
        assert self.tree is not None
        self._close_trees()
        self.tree = self.previous = None
        flush_folder_tree(self.staging)
        if not os.path.lexists(self.destination):
            os.rename(self.staging, self.destination)
            self.committed = True
            fsync_folder(self.parent)
            return
        if exchange_folders(self.staging, self.destination):
            replaced = self.staging  # now holds the previous export
        else:
            replaced = self.parent / f".{self.destination.name}{RETIRED_MARK}{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(self.destination, replaced)
            try:
                os.rename(self.staging, self.destination)
            except BaseException:
                os.rename(replaced, self.destination)
                raise
        self.committed = True
        fsync_folder(self.parent)
        lock_handle, self._lock_handle = self._lock_handle, None
        _remove_in_background(replaced, lock_handle)


_cleanups: list[threading.Thread] = []
_cleanups_guard = threading.Lock()


def _remove_in_background(path: Path, lock_handle: int | None) -> None:
    """Remove `path` from a thread, keeping the parent folder locked until it is gone.

    The thread is not a daemon, so the interpreter waits for it before exiting; it is
    started here, with the removal's tasks already queued (see `_Removal`).
    """
    try:
        removal = _Removal(path)
    except OSError:
        # The new export is already in place: what cannot be listed now is left for the
        # next export's debris recovery, never reported as a failed export.
        if lock_handle is not None:
            os.close(lock_handle)
        return

    def remove() -> None:
        try:
            removal.finish()
        except OSError:
            pass  # left for the next export's debris recovery
        finally:
            if lock_handle is not None:
                os.close(lock_handle)

    thread = threading.Thread(target=remove, name="copydesk-export-cleanup", daemon=False)
    with _cleanups_guard:
        _cleanups[:] = [t for t in _cleanups if t.is_alive()]
        _cleanups.append(thread)
    thread.start()


def wait_for_cleanup() -> None:
    """Wait until every replaced export of this process has been removed from disk."""
    with _cleanups_guard:
        pending = list(_cleanups)
    for thread in pending:
        thread.join()
