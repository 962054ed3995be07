"""What the benches that time the GUI thread share: a watchdog that samples where it is
stuck, and the CPU time the host took from this machine meanwhile (`stolen_ms`).

The GUI thread beats (`last_beat = time.perf_counter()`) each turn of its event loop; a
thread wakes every 2 ms and, while the beat is old, asks `sample` to note the GUI
thread's innermost Copydesk frames (`where`). Each bench decides what a stall is.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def stolen_ms() -> float | None:
    """CPU time the hypervisor has given to others while this machine wanted it (Linux's
    "steal" in /proc/stat, counted in clock ticks of 10 ms), in ms; None where unknown.

    A frame's wall clock includes it: on a busy host a frame that cost the GUI thread
    8 ms of CPU can take 30 ms, while this machine looks idle from inside.
    """
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    return int(fields[8]) * 1000 / os.sysconf("SC_CLK_TCK")


class StallWatchdog:
    def __init__(self, gui_thread_id: int) -> None:
        self.gui_thread_id = gui_thread_id
        self.last_beat = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def gui_frame(self):
        return sys._current_frames().get(self.gui_thread_id)

    def sample(self, now: float) -> None:
        raise NotImplementedError

    def _watch(self) -> None:
        while not self._stop.wait(0.002):
            self.sample(time.perf_counter())


def where(frame, depth: int) -> str:
    """The innermost `depth` Copydesk frames of a stack, innermost first."""
    ours = []
    while frame is not None and len(ours) < depth:
        path = frame.f_code.co_filename.replace(os.sep, "/")
        if "/editor_app/" in path:
            ours.append(f"{path.rsplit('/editor_app/', 1)[1]}:{frame.f_code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return " < ".join(ours) or "Qt / Chromium (no Python frame)"
