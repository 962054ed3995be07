"""Worker processes die with the process that started them, SIGKILL included.

Real processes throughout: a `copydesk photos import` is started with its stdout on a pipe,
killed once its workers exist, and the workers must be gone and the pipe at its end soon
after, so a script reading the command's output does not wait forever.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from editor_app.library import Library
from editor_app.processes import WORKER_NICENESS, die_with_parent, parent_death_signal_available, worker_pool
from tests.photos.conftest import CORPUS_DIR

REPO_ROOT = Path(__file__).resolve().parents[2]
# Bounded waits for processes to start and to end: generous, because a loaded CI machine
# is slow to start Python, but far below "forever", which is what the bug was.
WORKERS_APPEAR_SECONDS = 60
GONE_SECONDS = 10


def children_of(pid: int) -> set[int]:
    """Direct children of ``pid``, from every one of its threads (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except (OSError, ValueError):
            pass
    return found


def descendants_of(pid: int) -> set[int]:
    found: set[int] = set()
    for child in children_of(pid):
        found |= {child} | descendants_of(child)
    return found


def is_running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (a zombie holds no memory and no files)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def is_pool_worker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(b"spawn_main" in part or b"forkserver" in part for part in command)


def wait_until(condition, seconds: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def read_to_end(fd: int, seconds: float) -> bytes | None:
    """Everything readable from ``fd`` until end of file, or None if it does not end in time."""
    data = b""
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        readable, _, _ = select.select([fd], [], [], remaining)
        if readable:
            chunk = os.read(fd, 65536)
            if not chunk:
                return data
            data += chunk
    return None


def kill_and_expect_nothing_left(command: subprocess.Popen, left_behind: set[int]) -> None:
    """SIGKILL the command; none of `left_behind` may outlive it, nor hold its stdout open."""
    command.send_signal(signal.SIGKILL)
    command.wait()
    assert wait_until(lambda: not any(is_running(pid) for pid in left_behind), GONE_SECONDS), [
        pid for pid in left_behind if is_running(pid)
    ]
    assert read_to_end(command.stdout.fileno(), GONE_SECONDS) is not None, "something still holds stdout open"


def stop(command: subprocess.Popen) -> None:
    if command.poll() is None:
        command.kill()
        command.wait()
    command.stdout.close()


@pytest.fixture
def big_folder(tmp_path):
    """Enough distinct phone photos that the import is still busy when it is killed."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    original = (CORPUS_DIR / "large_phone_gps.jpg").read_bytes()
    for index in range(60):
        # Bytes after the end-of-image marker change the hash, not the picture.
        (folder / f"phone_{index:03d}.jpg").write_bytes(original + f"copy {index}".encode())
    return folder


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc to see child processes")
def test_a_killed_import_leaves_no_worker_and_its_output_ends(tmp_path, big_folder):
    library_path = tmp_path / "kill.copydesk"
    Library.create(library_path).close()
    command = subprocess.Popen(
        [sys.executable, "-m", "editor_app", "--library", str(library_path), "photos", "import", str(big_folder)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers_started = wait_until(
            lambda: sum(is_pool_worker(pid) for pid in children_of(command.pid)) >= 2, WORKERS_APPEAR_SECONDS
        )
        assert workers_started, "the import never started its worker processes"
        left_behind = descendants_of(command.pid)

        kill_and_expect_nothing_left(command, left_behind)
    finally:
        stop(command)


def _report_pid_and_wait(pids) -> int:
    pids.put(os.getpid())
    time.sleep(600)  # stands for a long decode: only the parent's death may end it
    return 0


def _watchdog_only(parent_pid: int) -> None:
    """Pool initializer standing for a system without prctl: the watchdog alone must act."""
    die_with_parent(parent_pid, use_prctl=False)


def _start_pool_and_wait(pids, use_prctl: bool) -> None:
    """Runs in a middle process that is then killed: starts a pool whose worker blocks."""
    context = multiprocessing.get_context("spawn")
    if use_prctl:
        pool = worker_pool(1, context)
    else:
        pool = ProcessPoolExecutor(1, mp_context=context, initializer=_watchdog_only, initargs=(os.getpid(),))
    pool.submit(_report_pid_and_wait, pids)
    time.sleep(600)


@pytest.mark.parametrize("use_prctl", [True, False], ids=["parent-death-signal", "watchdog-only"])
def test_a_worker_dies_when_its_parent_is_killed(use_prctl):
    if use_prctl and not parent_death_signal_available():
        if os.environ.get("CI"):
            pytest.fail("CI runs on Linux, where prctl must be available")
        pytest.skip("no prctl on this system")
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        pids = manager.Queue()
        middle = context.Process(target=_start_pool_and_wait, args=(pids, use_prctl))
        middle.start()
        try:
            worker_pid = pids.get(timeout=WORKERS_APPEAR_SECONDS)
            assert is_running(worker_pid)
            os.kill(middle.pid, signal.SIGKILL)
            middle.join()
            assert wait_until(lambda: not is_running(worker_pid), GONE_SECONDS)
        finally:
            if middle.is_alive():
                middle.kill()


def _parent_death_signal_and_stdout() -> tuple[int, str]:
    import ctypes

    signal_number = ctypes.c_int()
    ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(signal_number), 0, 0, 0)  # PR_GET_PDEATHSIG
    return signal_number.value, os.readlink("/proc/self/fd/1")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_pool_workers_carry_the_parent_death_signal_and_no_stdout():
    # The watchdog alone covers a worker killed before it ran its initializer; this proves
    # the kernel's own guard is set too, so a worker busy in C code dies at once.
    with worker_pool(1, multiprocessing.get_context("spawn")) as pool:
        death_signal, stdout = pool.submit(_parent_death_signal_and_stdout).result(timeout=WORKERS_APPEAR_SECONDS)
    assert death_signal == signal.SIGKILL
    assert stdout == os.devnull


def _niceness() -> int:
    return os.nice(0)


def test_pool_workers_yield_the_cpu_to_the_window():
    with worker_pool(1, multiprocessing.get_context("spawn")) as pool:
        worker_niceness = pool.submit(_niceness).result(timeout=WORKERS_APPEAR_SECONDS)
    assert worker_niceness >= min(os.nice(0) + WORKER_NICENESS, 19)
