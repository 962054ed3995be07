"""Choosing files and folders, and what to do when a library cannot be opened.

Each function here is a plain callable the window holds as an attribute, so tests
replace the modal file dialogs with a function that returns paths in tmp_path.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

LIBRARY_FILTER = "Copydesk libraries (*.copydesk);;All files (*)"
PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.tif *.tiff *.heic *.heif);;All files (*)"

OPEN_ANOTHER = "open-another"
QUIT = "quit"


def choose_photo_files(parent: QWidget) -> list[Path]:
    paths, _filter = QFileDialog.getOpenFileNames(parent, "Import Photos", "", PHOTO_FILTER)
    return [Path(p) for p in paths]


def choose_export_folder(parent: QWidget, title: str) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None


def choose_backup_path(parent: QWidget, suggested: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, "Back Up Library", suggested, LIBRARY_FILTER)
    return Path(path) if path else None


def choose_library_to_open(parent: QWidget | None) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, "Open Library", "", LIBRARY_FILTER)
    return Path(path) if path else None


def choose_new_library_path(parent: QWidget | None) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, "New Library", "library.copydesk", LIBRARY_FILTER)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_suffix(".copydesk")


def ask_after_open_failure(parent: QWidget | None, error: Exception) -> str:
    """Explain why a library did not open (e.g. who holds its lock); open another or quit."""
    from editor_app.library import LibraryLockedError

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setAccessibleName("Library could not be opened")
    if isinstance(error, LibraryLockedError):
        box.setWindowTitle("Library in use")
        box.setText("This library is already open in another Copydesk.")
        box.setInformativeText(
            f"{error}\n\nOnly one Copydesk may write to a library at a time, so your work cannot be "
            "overwritten. Close the other one, or open another library."
        )
    else:
        box.setWindowTitle("Library could not be opened")
        box.setText("Copydesk could not open this library.")
        box.setInformativeText(str(error))
    other = box.addButton("Open Another Library…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.exec()
    return OPEN_ANOTHER if box.clickedButton() is other else QUIT
