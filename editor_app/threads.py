"""Values kept per operating-system thread, including the window's Qt pool threads.

`threading.local` keeps its values in Python's thread state, and a thread Python did not
start has none of its own: PySide makes one each time a QThreadPool thread runs a job and
deletes it when the job returns. So a local set by one job was gone for the next job on
the same thread: every thumbnail read opened a new SQLite connection (and left the old
one for the garbage collector to close, 5-9 ms in a frame of a scrolling contact sheet),
and every preview render built its Markdown converters again.

`PerThread` keys its values by the thread's identifier instead, which stays the same for
as long as the operating-system thread lives, and is only ever shared with a thread that
starts after it has ended.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")


class PerThread(Generic[T]):
    """One value per thread: `get()` returns this thread's, `set(value)` gives it one.

    A value is only ever used by one thread at a time: a thread identifier is unique
    among the threads alive. When a thread ends, its value is handed on to the next
    thread that gets the same identifier, or dropped by `discard_ended`.
    """

    def __init__(self) -> None:
        self._values: dict[int, T] = {}
        self._lock = threading.Lock()

    def get(self) -> T | None:
        return self._values.get(threading.get_ident())  # a dict read is atomic: no lock

    def set(self, value: T) -> None:
        # Registers a thread Python did not start with `threading`, so that
        # `discard_ended` counts it alive.
        threading.current_thread()
        with self._lock:
            self._values[threading.get_ident()] = value

    def discard_ended(self) -> list[T]:
        """Drop, and return, the values of threads known to have ended.

        Only threads registered with `threading` can be known to have ended (`set`
        registers them); the value of a Qt pool thread that has ended stays until its
        identifier is reused or `take_all` empties the lot.
        """
        alive = {thread.ident for thread in threading.enumerate()}
        with self._lock:
            ended = [ident for ident in self._values if ident not in alive]
            return [self._values.pop(ident) for ident in ended]

    def take_all(self) -> list[T]:
        """Empty the lot and return what it held (to close it)."""
        with self._lock:
            values = list(self._values.values())
            self._values.clear()
            return values

    def __len__(self) -> int:
        return len(self._values)
