"""The one way the window runs slow work: in a pool thread, results back on the GUI thread.

Photo import, export, backups, preview rendering and photo renditions all go through
`Workers.submit`. The function runs in a QThreadPool thread; its result, its error or
its progress reports arrive as queued signals, so the callbacks always run on the GUI
thread and may touch widgets. Every job gets a `CancelToken` that the function may poll.
"""

from __future__ import annotations

import functools
import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QStatusBar, QToolButton, QWidget


class JobCancelled(Exception):
    """Raised inside a job (or translated from the core's own cancel error) to stop it early."""


class CancelToken:
    """Set by the GUI thread, read by the worker: `if token.cancelled: stop`."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        """Callable form, for core functions that take `cancel=callable`."""
        return self._event.is_set()


@dataclass(frozen=True)
class JobFailure:
    """What a job raised, carried back to the GUI thread with its formatted traceback."""

    error: BaseException
    traceback: str


class _Relay(QObject):
    """Carries every job's outcome from the pool threads to the GUI thread, by job number.

    One per `Workers`, living as long as it: a pool thread must never emit on a QObject
    that the GUI thread may be deleting. (One signals object per job, deleted when its
    `ended` arrived, raced with the tail of that very emit in the pool thread: a rare
    segfault in event processing.) The relay is created after the pool, so when the
    Workers goes, the pool is deleted first and waits for its jobs before the relay goes.
    """

    succeeded = Signal(object, object)
    failed = Signal(object, object)
    progressed = Signal(object, int, int, str)
    posted = Signal(object, object)  # an intermediate result the GUI may show before the end
    cancelled = Signal(object)
    ended = Signal(object)


@dataclass
class _Callbacks:
    token: CancelToken
    on_result: Callable | None
    on_error: Callable | None
    on_progress: Callable | None
    on_cancelled: Callable | None
    on_posted: Callable | None


def _receiver_alive(callback: Callable) -> bool:
    """False for a method (or a partial of one) of a QObject deleted meanwhile.

    A signal connected to such a method would have been disconnected by Qt when its
    object went; the relay keeps that promise: a closed loupe is not handed its decode.
    """
    while isinstance(callback, functools.partial):
        callback = callback.func
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def _outcome(function: Callable, args: tuple, kwargs: dict, relay: _Relay, key: int):
    """Run the job; (signal, arguments) to say how it went."""
    try:
        result = function(*args, **kwargs)
    except JobCancelled:
        return relay.cancelled, (key,)
    except BaseException as error:  # noqa: BLE001 - delivered to the GUI thread, never lost
        return relay.failed, (key, JobFailure(error, traceback.format_exc()))
    # A job that returns after a cancel chose to stop early with what it has
    # (an import keeps the photos it stored): that is still its result.
    return relay.succeeded, (key, result)


class _Job(QRunnable):
    def __init__(self, key: int, function: Callable, args: tuple, kwargs: dict, relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._key = key
        self._function = function
        self._args = args
        self._kwargs = kwargs
        self._relay = relay

    def run(self) -> None:
        relay, key = self._relay, self._key
        try:
            # The function and its arguments are let go here, before the outcome is sent:
            # after it the GUI thread may delete what they hold (a pane whose method ran),
            # and the last reference to a Qt object must not go in this thread.
            job = (self._function, self._args, self._kwargs)
            self._function = self._args = self._kwargs = None
            signal, arguments = _outcome(*job, relay, key)
            del job
            if isinstance(arguments[-1], JobFailure):
                traceback.clear_frames(arguments[-1].error.__traceback__)  # its frames held them too
            signal.emit(*arguments)
        finally:
            relay.ended.emit(key)


class ProgressReporter:
    """Passed to a job as `progress=`: call it with (done, total, message) from any thread."""

    def __init__(self, relay: _Relay, key: int) -> None:
        self._relay = relay
        self._key = key

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self._relay.progressed.emit(self._key, int(done), int(total), str(message))


class PostReporter:
    """Passed to a job as `post=`: hand an intermediate result (a first tile...) to the GUI."""

    def __init__(self, relay: _Relay, key: int) -> None:
        self._relay = relay
        self._key = key

    def __call__(self, item: object) -> None:
        self._relay.posted.emit(self._key, item)


class Workers(QObject):
    """Runs jobs in a thread pool and hands their outcome back on the GUI thread."""

    jobFailed = Signal(object)  # JobFailure of a job that had no on_error of its own
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)  # the first child: deleted, waiting for its jobs, before the relay
        # Threads live as long as the pool: what a job keeps per thread (a library's reader
        # connection, the Markdown converters; editor_app.threads) is then made once per
        # thread, and the number of threads that ever held any stays the pool's size.
        self._pool.setExpiryTimeout(-1)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        queued = Qt.ConnectionType.QueuedConnection  # emitted in pool threads, handled here
        self._relay.succeeded.connect(self._succeeded, queued)
        self._relay.failed.connect(self._failed, queued)
        self._relay.progressed.connect(self._progressed, queued)
        self._relay.posted.connect(self._posted, queued)
        self._relay.cancelled.connect(self._cancelled, queued)
        self._relay.ended.connect(self._ended, queued)
        self._jobs: dict[int, _Callbacks] = {}
        self._numbers = itertools.count(1)

    def submit(
        self,
        function: Callable,
        *args,
        on_result: Callable | None = None,
        on_error: Callable | None = None,
        on_progress: Callable | None = None,
        on_cancelled: Callable | None = None,
        on_posted: Callable | None = None,
        with_progress: bool = False,
        with_cancel: bool = False,
        **kwargs,
    ) -> CancelToken:
        """Run `function(*args, **kwargs)` in a pool thread.

        With `with_progress`, the function also receives `progress=` (a ProgressReporter);
        with `with_cancel`, it receives `cancel=` (the CancelToken, which is callable);
        with `on_posted`, it receives `post=` (a PostReporter) whose items reach `on_posted`.
        The callbacks run on the GUI thread; one that is a method of a QObject deleted
        before the job's news arrives is not called.
        """
        key = next(self._numbers)
        token = CancelToken()
        if on_posted is not None:
            kwargs["post"] = PostReporter(self._relay, key)
        if with_progress:
            kwargs["progress"] = ProgressReporter(self._relay, key)
        if with_cancel:
            kwargs["cancel"] = token
        was_idle = not self._jobs
        self._jobs[key] = _Callbacks(token, on_result, on_error, on_progress, on_cancelled, on_posted)
        self._pool.start(_Job(key, function, args, kwargs, self._relay))
        if was_idle:
            self.busyChanged.emit(True)
        return token

    def _callback(self, key: int, name: str) -> Callable | None:
        job = self._jobs.get(key)
        callback = getattr(job, name) if job is not None else None
        return callback if callback is not None and _receiver_alive(callback) else None

    @Slot(object, object)
    def _succeeded(self, key: int, result: object) -> None:
        if (callback := self._callback(key, "on_result")) is not None:
            callback(result)

    @Slot(object, object)
    def _failed(self, key: int, failure: JobFailure) -> None:
        job = self._jobs.get(key)
        if job is not None and job.on_error is None:
            self.jobFailed.emit(failure)
        elif (callback := self._callback(key, "on_error")) is not None:
            callback(failure)

    @Slot(object, int, int, str)
    def _progressed(self, key: int, done: int, total: int, message: str) -> None:
        if (callback := self._callback(key, "on_progress")) is not None:
            callback(done, total, message)

    @Slot(object, object)
    def _posted(self, key: int, item: object) -> None:
        if (callback := self._callback(key, "on_posted")) is not None:
            callback(item)

    @Slot(object)
    def _cancelled(self, key: int) -> None:
        if (callback := self._callback(key, "on_cancelled")) is not None:
            callback()

    @Slot(object)
    def _ended(self, key: int) -> None:
        self._jobs.pop(key, None)
        if not self._jobs:
            self.busyChanged.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in self._jobs.values():
            job.token.cancel()

    def stop_all(self, timeout_ms: int, still_stopping: Callable[[], None] | None = None,
                 notice_after_ms: int = 300) -> bool:  # fmt: skip
        """Cancel every job and wait until they have all ended, at most `timeout_ms`.

        Runs an event loop meanwhile (user input excluded), so the jobs' last signals
        arrive and the window repaints; `still_stopping()` is called once if the jobs
        outlast `notice_after_ms`, for the window to say why it waits. Returns True when
        no job is left.
        """
        self.cancel_all()
        if not self._jobs:
            return True
        loop = QEventLoop()
        self.busyChanged.connect(loop.quit)  # only ever emitted with False from here on
        give_up = QTimer(singleShot=True, interval=timeout_ms)
        give_up.timeout.connect(loop.quit)
        notice = QTimer(singleShot=True, interval=notice_after_ms)
        if still_stopping is not None:
            notice.timeout.connect(still_stopping)
        give_up.start()
        notice.start()
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        # Stopped here, not left to garbage collection: a late notice would touch a closed window.
        give_up.stop()
        notice.stop()
        self.busyChanged.disconnect(loop.quit)
        return not self._jobs


class StatusBarJob(QWidget):
    """A job shown as a progress bar with Cancel in the status bar: the window stays usable.

    Import, export and backup run this way so the writer can keep typing; several jobs
    each get their own bar. The widget removes itself when the job ends, then the result
    or the failure goes to the caller's callbacks. A job that cannot stop halfway (a
    backup is one SQLite step) is started with `cancellable=False` and shows no Cancel;
    closing the window still cancels it if it has not begun.
    """

    def __init__(
        self,
        workers: Workers,
        status_bar: QStatusBar,
        title: str,
        function: Callable,
        *args,
        on_result: Callable | None = None,
        on_error: Callable | None = None,
        on_posted: Callable | None = None,
        cancellable: bool = True,
        **kwargs,
    ) -> None:
        super().__init__(status_bar)
        self.setAccessibleName(title)
        self._on_result = on_result
        self._on_error = on_error
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(title, self)
        self.label.setAccessibleName(f"{title}: status")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the first report says how many steps
        self.bar.setMaximumWidth(160)
        self.bar.setAccessibleName(f"{title}: progress")
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName(f"Cancel {title.lower()}")
        self.cancel_button.setVisible(cancellable)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        # Leftmost of the permanent widgets: they sit against the right edge, so the counts
        # and the save state keep their place while a job comes and goes.
        status_bar.insertPermanentWidget(0, self)
        self.token = workers.submit(
            function,
            *args,
            on_result=self._succeeded,
            on_error=self._failed,
            on_progress=self._progressed,
            on_cancelled=self._finish,
            on_posted=on_posted,
            with_progress=True,
            with_cancel=True,
            **kwargs,
        )
        self.cancel_button.clicked.connect(self._cancel_clicked)

    @Slot()
    def _cancel_clicked(self) -> None:
        self.token.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")

    def _progressed(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if message and self.cancel_button.isEnabled():
            self.label.setText(message)

    def _finish(self) -> None:
        self.hide()
        self.deleteLater()

    def _succeeded(self, result) -> None:
        self._finish()
        if self._on_result is not None:
            self._on_result(result)

    def _failed(self, failure: JobFailure) -> None:
        self._finish()
        if self._on_error is not None:
            self._on_error(failure)
