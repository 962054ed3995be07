"""Worker process pools whose workers die with the process that started them.

A killed `copydesk photos import` or `export` must not leave its workers behind: each holds
80-110 MB and, worse, the command's inherited stdout, so a script reading that output waits
for an end of file that never comes. Every ProcessPoolExecutor in Copydesk is made here.

Two guards, because neither covers every case alone:

- On Linux the kernel's parent-death signal (``prctl(PR_SET_PDEATHSIG)``) kills a worker
  the moment its parent dies, SIGKILL included. The parent is whatever forked the worker:
  this process for the "spawn" start method, the fork server for "forkserver" (which itself
  exits when this process dies, taking its workers with it).
- A watchdog thread in every worker waits for the starting process itself to end (a pidfd
  where the system has them, else a poll of the process id) and then kills the worker. It is
  the only guard where prctl does not exist (macOS, BSD).

Workers also get /dev/null as stdout: they report through the pool's pipes, and a worker
must never be what keeps a reader of the command's output waiting.

Workers run at a lower scheduling priority (WORKER_NICENESS): on a 2-core laptop two
decoding workers otherwise take both cores from the window, and a search-as-you-type
frame waited 46 ms at p95 during an import instead of 14 ms (bench/concurrency.py). Idle
cores are still theirs, so a lone export or import is not slower.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing.context import BaseContext

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# How often the watchdog looks for its parent where it cannot wait on a pidfd.
WATCHDOG_POLL_SECONDS = 0.5
# Added to a worker's niceness: background work yields the CPU to the window's thread.
WORKER_NICENESS = 10


def worker_pool(
    max_workers: int,
    mp_context: BaseContext,
    *,
    initializer: Callable[..., object] | None = None,
    initargs: tuple = (),
) -> ProcessPoolExecutor:
    """A ProcessPoolExecutor whose workers die when this process dies (however it dies).

    ``initializer(*initargs)`` still runs in each worker, after the guards are in place.

    With the "spawn" start method the kernel counts the *thread* that started a worker as
    its parent: submit work (which starts the workers) from a thread that outlives the
    pool, as ``with worker_pool(...)`` in one function does, never from a short-lived
    helper thread. The fork server has no such caveat: it is the workers' parent.
    """
    return ProcessPoolExecutor(
        max_workers=max_workers,
        mp_context=mp_context,
        initializer=start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


def start_worker(parent_pid: int, initializer: Callable[..., object] | None = None, initargs: tuple = ()) -> None:
    """Pool initializer: tie this worker's life to ``parent_pid``, then run the caller's initializer."""
    die_with_parent(parent_pid)
    _detach_from_output()
    _yield_to_the_window()
    if initializer is not None:
        initializer(*initargs)


def _yield_to_the_window() -> None:
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # no nice() on Windows; a refused change costs nothing
        pass


def die_with_parent(parent_pid: int, *, use_prctl: bool = True) -> None:
    """Make this process die as soon as ``parent_pid`` (the process that started it) ends.

    ``use_prctl=False`` leaves only the watchdog, as on systems without prctl (tests use it).
    """
    if use_prctl:
        _set_parent_death_signal(signal.SIGKILL)
    watchdog = threading.Thread(target=_watch_parent, args=(parent_pid,), name="copydesk-parent-watchdog", daemon=True)
    watchdog.start()


def parent_death_signal_available() -> bool:
    """True where the kernel can kill a worker when its parent dies (Linux)."""
    return _prctl() is not None


@cache
def _prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


def _set_parent_death_signal(signal_number: int) -> bool:
    if not parent_death_signal_available():
        return False
    return _prctl()(_PR_SET_PDEATHSIG, signal_number, 0, 0, 0) == 0


def _watch_parent(parent_pid: int) -> None:
    """Watchdog thread: wait for ``parent_pid`` to end, then end this process at once."""
    try:
        pidfd = os.pidfd_open(parent_pid)
    except ProcessLookupError:
        _die()  # the parent ended before this worker finished starting
    except (AttributeError, OSError):
        pidfd = None  # no pidfds here (not Linux, or an old kernel): poll instead
    if pidfd is not None:
        # A pidfd becomes readable when the process ends, and cannot be fooled by the
        # parent's pid being reused.
        select.select([pidfd], [], [])
    else:
        while _is_alive(parent_pid):
            threading.Event().wait(WATCHDOG_POLL_SECONDS)
    _die()


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just not ours to signal
    return True


def _die() -> None:
    # SIGKILL rather than sys.exit: a worker may be deep in a decode in its main thread,
    # and nothing it would do on the way out is worth doing for a dead parent.
    os.kill(os.getpid(), signal.SIGKILL)


def _detach_from_output() -> None:
    """Point this worker's stdout at /dev/null (stderr stays, for a crash's last words;
    multiprocessing has already given it /dev/null as stdin)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
    finally:
        os.close(devnull)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the worker
