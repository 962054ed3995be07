"""No silent deaths: an unexpected exception is logged to a file and shown in a dialog.

`install_exception_hook` replaces sys.excepthook, which is where PySide6 sends
exceptions raised in slots and virtual methods. The log folder is the user's log
folder, or $COPYDESK_LOG_DIR when set (tests point it into tmp_path).
"""

from __future__ import annotations

import datetime
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

LOG_DIR_ENV_VAR = "COPYDESK_LOG_DIR"
LOG_FILE_NAME = "copydesk-errors.log"


def error_log_folder() -> Path:
    override = os.environ.get(LOG_DIR_ENV_VAR)
    if override:
        return Path(override)
    from editor_app.paths import log_folder

    return log_folder()


def write_error_log(text: str, folder: Path | None = None) -> Path:
    """Append `text` with a timestamp to the error log and return the log's path."""
    folder = folder or error_log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / LOG_FILE_NAME
    stamp = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    with open(log_path, "a", encoding="utf-8") as handle:
        handle.write(f"--- {stamp}\n{text.rstrip()}\n")
    return log_path


class ExceptionReporter:
    """The sys.excepthook of the window process."""

    def __init__(self, log_folder: Path | None = None, show_dialogs: bool = True) -> None:
        self.log_folder = log_folder
        self.show_dialogs = show_dialogs
        self._previous_hook = None
        self._showing = False

    def install(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.report

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            self._previous_hook = None

    def report(self, exc_type, exc_value, exc_traceback) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        text = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        try:
            log_path = write_error_log(text, self.log_folder)
            where = f"The details were written to {log_path}."
        except OSError as log_error:
            where = f"The details could not be written to the log ({log_error})."
        sys.stderr.write(text)
        if self.show_dialogs and not self._showing and QApplication.instance() is not None:
            self._showing = True  # one dialog at a time, even if the dialog itself fails
            try:
                box = QMessageBox(
                    QMessageBox.Icon.Critical,
                    "Copydesk: unexpected error",
                    f"Something went wrong: {exc_value}\n\nYour work is saved as you type. {where}",
                )
                box.setDetailedText(text)
                box.setAccessibleName("Unexpected error")
                box.exec()
            finally:
                self._showing = False
