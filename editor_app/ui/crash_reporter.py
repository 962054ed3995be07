"""No silent deaths: an unexpected error, from any thread, is logged and shown in a dialog.

`ExceptionReporter.install` takes over three doors errors come through:

- `sys.excepthook`, where PySide6 sends exceptions raised in slots and virtual methods;
- `threading.excepthook`, for a Python thread that dies (the library's writer and
  checkpointer threads, an export's cleanup...);
- Qt's message handler, for Qt's own critical and fatal messages (warnings are logged).

The log is written at once, from whichever thread; the dialog is always shown on the GUI
thread, through a queued signal. A library problem a user can meet (damaged, busy, a full
disk: a `LibraryError`) is shown as its one sentence, never as a traceback. The log folder
is the user's log folder, or $COPYDESK_LOG_DIR when set (tests point it into tmp_path).
"""

from __future__ import annotations

import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, Slot, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

# One error log for the window and the command line (LOG_FILE_NAME: its name, for tests).
from editor_app.paths import ERROR_LOG_NAME as LOG_FILE_NAME  # noqa: F401
from editor_app.paths import write_error_log

UNEXPECTED_TITLE = "Copydesk: unexpected error"
LIBRARY_PROBLEM_TITLE = "Copydesk: library problem"


def print_qt_message(mode, context, message: str) -> None:
    """Qt's messages to stderr, as Qt's own handler prints them.

    Installed in place of "no handler": PySide6 forgets its Python handler when given
    None, and a Qt thread already inside it (Chromium's GPU thread logs whenever it
    likes) then calls a null pointer and the process dies.
    """
    sys.stderr.write(f"{message}\n")


def is_library_problem(error: BaseException) -> bool:
    """A LibraryError carries the sentence a user should read (damaged, busy, disk full...)."""
    from editor_app.library import LibraryError

    return isinstance(error, LibraryError)


class ExceptionReporter(QObject):
    """The window process's hooks for uncaught exceptions and Qt messages."""

    # (title, message, details or "") to show; emitted on any thread, shown on the GUI thread.
    _show_requested = Signal(str, str, str)

    def __init__(self, log_folder: Path | None = None, show_dialogs: bool = True) -> None:
        super().__init__()
        self.log_folder = log_folder
        self.show_dialogs = show_dialogs
        self._previous_hooks = None
        self.dialog: QMessageBox | None = None  # the one on screen, if any
        self._show_requested.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        if self._previous_hooks is not None:
            return
        previous_qt_handler = qInstallMessageHandler(self.qt_message)
        self._previous_hooks = (sys.excepthook, threading.excepthook, previous_qt_handler)
        sys.excepthook = self.report
        threading.excepthook = self.report_thread

    def uninstall(self) -> None:
        if self._previous_hooks is None:
            return
        sys.excepthook, threading.excepthook, previous_qt_handler = self._previous_hooks
        qInstallMessageHandler(previous_qt_handler if previous_qt_handler is not None else print_qt_message)
        self._previous_hooks = None

    # ------------------------------------------------------------------ the hooks

    def report(self, exc_type, exc_value, exc_traceback, thread_name: str | None = None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        text = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        if thread_name:
            text = f"In thread {thread_name}:\n{text}"
        where = self._log(text)
        sys.stderr.write(text)
        if exc_value is not None and is_library_problem(exc_value):
            self._request_dialog(LIBRARY_PROBLEM_TITLE, str(exc_value), "")
        else:
            message = (
                f"Something went wrong: {exc_value or exc_type.__name__}\n\nYour work is saved as you type. {where}"
            )
            self._request_dialog(UNEXPECTED_TITLE, message, text)

    def report_thread(self, args: threading.ExceptHookArgs) -> None:
        """threading.excepthook: runs on the thread that died."""
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        self.report(args.exc_type, args.exc_value, args.exc_traceback, thread_name=name)

    def qt_message(self, mode, context, message: str) -> None:
        """Qt's message handler: warnings go to the log, critical and fatal ones to the dialog too."""
        previous = self._previous_hooks[2] if self._previous_hooks else None
        if previous is not None:
            previous(mode, context, message)
        if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        where = self._log(f"Qt {mode.name}: {message}")
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self._request_dialog(UNEXPECTED_TITLE, f"Something went wrong in Qt: {message}\n\n{where}", "")

    # ------------------------------------------------------------------ log and dialog

    def _log(self, text: str) -> str:
        try:
            log_path = write_error_log(text, self.log_folder)
        except OSError as log_error:
            return f"The details could not be written to the log ({log_error})."
        return f"The details were written to {log_path}."

    def _request_dialog(self, title: str, message: str, details: str) -> None:
        if not self.show_dialogs or QApplication.instance() is None:
            return
        try:
            self._show_requested.emit(title, message, details)
        except RuntimeError:  # the reporter is gone (shutdown): the log has it
            pass

    @Slot(str, str, str)
    def _show(self, title: str, message: str, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time; the log has every error
        icon = QMessageBox.Icon.Warning if title == LIBRARY_PROBLEM_TITLE else QMessageBox.Icon.Critical
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, _dialog_parent())
        box.setAccessibleName("Library problem" if title == LIBRARY_PROBLEM_TITLE else "Unexpected error")
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._forget_dialog)
        self.dialog = box
        box.open()

    @Slot()
    def _forget_dialog(self) -> None:
        self.dialog = None


def _dialog_parent():
    app = QApplication.instance()
    return app.activeWindow() if app is not None else None
