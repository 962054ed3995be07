"""Opening a library from the window, keeping the window alive through a schema upgrade.

An ordinary open takes milliseconds and happens in place. A library saved by an older
Copydesk is migrated first, which on a large library can take minutes (rebuilding the
search index of 100,000 articles took two); that runs in a `Workers` job behind a
progress dialog so the window keeps painting and the user knows why it waits.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from .workers import JobFailure, Workers

PROGRAM = "Copydesk window"
UPGRADE_MESSAGE = (
    "Upgrading {name} for this version of Copydesk…\n"
    "A large library can take a few minutes. Each step is all-or-nothing, "
    "so nothing is lost if it is interrupted."
)


def needs_upgrade(path: Path) -> bool:
    from editor_app.library import LibraryError, inspect_library_file
    from editor_app.library.schema import LATEST_VERSION

    if not path.is_file():
        return False
    try:
        return inspect_library_file(path) < LATEST_VERSION
    except LibraryError:
        return False  # Library.open raises the precise error


def open_library(parent: QWidget | None, workers: Workers, path: Path, create: bool = False):
    """`Library.open`, with a progress dialog while an older library is migrated in a worker."""
    from editor_app.library import Library

    if not needs_upgrade(path):
        return Library.open(path, create=create, program=PROGRAM)
    outcome: dict = {}
    loop = QEventLoop()

    def opened(library) -> None:
        outcome["library"] = library
        loop.quit()

    def failed(failure: JobFailure) -> None:
        outcome["error"] = failure.error
        loop.quit()

    dialog = QProgressDialog(UPGRADE_MESSAGE.format(name=path.name), "", 0, 0, parent)
    dialog.setWindowTitle("Upgrading library")
    dialog.setAccessibleName("Upgrading library")
    dialog.setCancelButton(None)  # a migration is one transaction per step: it cannot stop halfway
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    # The caller needs the library before it goes on, so wait here, in an event loop
    # that keeps the window painting, for the worker's answer.
    workers.submit(Library.open, path, create=create, program=PROGRAM, on_result=opened, on_error=failed)
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["library"]
