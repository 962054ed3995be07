"""The one way the window runs slow work: in a pool thread, results back on the GUI thread.

Photo import, export, backups, preview rendering and photo renditions all go through
`Workers.submit`. The function runs in a QThreadPool thread; its result, its error or
its progress reports arrive as queued signals, so the callbacks always run on the GUI
thread and may touch widgets. Every job gets a `CancelToken` that the function may poll.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
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


class _JobSignals(QObject):
    """Lives on the GUI thread; emitting from the pool thread queues delivery there."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    posted = Signal(object)  # an intermediate result the GUI may show before the end
    cancelled = Signal()
    ended = Signal()


class _Job(QRunnable):
    def __init__(self, function: Callable, args: tuple, kwargs: dict, signals: _JobSignals):
        super().__init__()
        self.setAutoDelete(True)
        self._function = function
        self._args = args
        self._kwargs = kwargs
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._function(*self._args, **self._kwargs)
        except JobCancelled:
            self._signals.cancelled.emit()
        except BaseException as error:  # noqa: BLE001 - delivered to the GUI thread, never lost
            self._signals.failed.emit(JobFailure(error, traceback.format_exc()))
        else:
            # A job that returns after a cancel chose to stop early with what it has
            # (an import keeps the photos it stored): that is still its result.
            self._signals.succeeded.emit(result)
        finally:
            self._signals.ended.emit()


class ProgressReporter:
    """Passed to a job as `progress=`: call it with (done, total, message) from any thread."""

    def __init__(self, signals: _JobSignals) -> None:
        self._signals = signals

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self._signals.progressed.emit(int(done), int(total), str(message))


class PostReporter:
    """Passed to a job as `post=`: hand an intermediate result (a first tile...) to the GUI."""

    def __init__(self, signals: _JobSignals) -> None:
        self._signals = signals

    def __call__(self, item: object) -> None:
        self._signals.posted.emit(item)


class Workers(QObject):
    """Runs jobs in a thread pool and hands their outcome back on the GUI thread."""

    jobFailed = Signal(object)  # JobFailure of a job that had no on_error of its own
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._live: dict[_JobSignals, CancelToken] = {}

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
        """
        token = CancelToken()
        signals = _JobSignals(self)
        if on_result is not None:
            signals.succeeded.connect(on_result)
        signals.failed.connect(on_error if on_error is not None else self.jobFailed.emit)
        if on_progress is not None:
            signals.progressed.connect(on_progress)
        if on_cancelled is not None:
            signals.cancelled.connect(on_cancelled)
        if on_posted is not None:
            signals.posted.connect(on_posted)
            kwargs["post"] = PostReporter(signals)
        signals.ended.connect(self._forget_finished_jobs)
        if with_progress:
            kwargs["progress"] = ProgressReporter(signals)
        if with_cancel:
            kwargs["cancel"] = token
        was_idle = not self._live
        self._live[signals] = token
        self._pool.start(_Job(function, args, kwargs, signals))
        if was_idle:
            self.busyChanged.emit(True)
        return token

    @Slot()
    def _forget_finished_jobs(self) -> None:
        finished = self.sender()
        self._live.pop(finished, None)
        if isinstance(finished, _JobSignals):
            finished.deleteLater()
        if not self._live:
            self.busyChanged.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def cancel_all(self) -> None:
        for token in self._live.values():
            token.cancel()

    def stop_all(self, timeout_ms: int, still_stopping: Callable[[], None] | None = None,
                 notice_after_ms: int = 300) -> bool:  # fmt: skip
        """Cancel every job and wait until they have all ended, at most `timeout_ms`.

        Runs an event loop meanwhile (user input excluded), so the jobs' last signals
        arrive and the window repaints; `still_stopping()` is called once if the jobs
        outlast `notice_after_ms`, for the window to say why it waits. Returns True when
        no job is left.
        """
        self.cancel_all()
        if not self._live:
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
        return not self._live


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
