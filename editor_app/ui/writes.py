"""The window's one way to write: hand the write to the library's writer thread, never wait.

`library.submit(fn, ...)` queues a write on the thread that owns the library's write
connection and returns a `concurrent.futures.Future`. Its done-callbacks run on that
writer thread, where no widget may be touched, so `LibraryWrites` carries each finished
Future back to the GUI thread through a queued signal and calls the caller's `on_done`
there. The autosaver and the photos pane write this way; switching article and closing
the window call `wait`, which delivers what has finished and waits a bounded time for
the rest.
"""

from __future__ import annotations

import concurrent.futures
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal, Slot

from editor_app.model.errors import BodyRefusedError


@dataclass(eq=False)
class _Write:
    future: concurrent.futures.Future
    on_done: Callable[[concurrent.futures.Future], None] | None
    delivered: bool = field(default=False)


def is_user_facing(error: BaseException) -> bool:
    """An error whose message is the sentence to show (a refusal, a full disk, a busy file).

    Anything else is a defect: it goes to the error log and dialog with its traceback.
    """
    from editor_app.library import LibraryError  # not before the first paint: it loads sqlite-utils

    return isinstance(error, (LibraryError, BodyRefusedError))


def report_unexpected(error: BaseException) -> None:
    """Send a defect to sys.excepthook, which the window's ExceptionReporter logs and shows."""
    sys.excepthook(type(error), error, error.__traceback__)


class LibraryWrites(QObject):
    """Queues writes on the library's writer thread; results come back on the GUI thread."""

    writeFailed = Signal(str)  # the sentence of a failed write that had no on_done of its own
    _finished = Signal(object)  # a _Write, emitted on the writer thread, delivered on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = None
        self._pending: list[_Write] = []
        # Queued explicitly: the emit happens on the writer thread, the slot must run here.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def set_library(self, library) -> None:
        self.library = library

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def submit(self, function: Callable, *args, on_done: Callable | None = None, **kwargs):
        """Queue `function(*args, **kwargs)` (a library write method) on the writer thread.

        `on_done(future)` runs later on the GUI thread; it reads `future.exception()` or
        `future.result()`. Returns the Future.
        """
        future = self.library.submit(function, *args, **kwargs)
        write = _Write(future, on_done)
        self._pending.append(write)
        future.add_done_callback(lambda _future, write=write: self._announce(write))
        return future

    def _announce(self, write: _Write) -> None:
        """On the writer thread: queue the delivery. The window may already be gone."""
        try:
            self._finished.emit(write)
        except RuntimeError:  # the C++ object was deleted at shutdown: nobody is left to tell
            pass

    @Slot(object)
    def _deliver(self, write: _Write) -> None:
        if write.delivered:
            return  # `wait` delivered it already
        write.delivered = True
        if write in self._pending:
            self._pending.remove(write)
        if write.on_done is None:
            error = write.future.exception()
            if error is not None:
                if is_user_facing(error):
                    self.writeFailed.emit(str(error))
                else:
                    report_unexpected(error)
            return
        try:
            write.on_done(write.future)
        except Exception as error:  # noqa: BLE001 - a defect in a handler must reach the error dialog
            report_unexpected(error)

    def wait(self, timeout: float) -> bool:
        """Deliver every finished write now, waiting up to `timeout` seconds for the rest.

        Handlers may queue follow-up writes (the autosaver's field-by-field fallback);
        those are waited for too. Returns False when writes were still queued at the end.
        """
        deadline = time.monotonic() + timeout
        while self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            futures = [write.future for write in self._pending]
            done, _not_done = concurrent.futures.wait(
                futures, timeout=remaining, return_when=concurrent.futures.FIRST_COMPLETED
            )
            if not done:
                return False
            for write in [w for w in self._pending if w.future.done()]:
                self._deliver(write)
        return True
