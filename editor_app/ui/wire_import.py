"""File > Import Wire Story... and Edit > Paste as New Story: a story from an agency feed
or a web page, read and stored as a new article in a worker, then opened.

The reading and storing are editor_app.wire's; this module only chooses the input (a file
dialog, or the clipboard's HTML when it has some, else its text), says what came of it,
and opens the new article, whose photo slots wait on the caption desk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

WIRE_FILTER = "Wire stories (*.txt *.html *.htm *.md);;All files (*)"


def choose_wire_file(parent: QWidget) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, "Import Wire Story", "", WIRE_FILTER)
    return Path(path) if path else None


def clipboard_story() -> tuple[str, bool] | None:
    """(the clipboard's HTML, True) when it holds some, else (its text, False); None when empty."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return None
    if mime.hasHtml() and mime.html().strip():
        return mime.html(), True
    if mime.hasText() and mime.text().strip():
        return mime.text(), False
    return None


def _import_file(library, path: Path):
    from editor_app.wire import import_wire_story, read_wire_file

    return import_wire_story(library, read_wire_file(path))


def _import_text(library, text: str, is_html: bool):
    from editor_app.wire import import_wire_story, wire_text

    return import_wire_story(library, wire_text(text, "The clipboard", is_html=is_html))


class WireImport(QObject):
    """The window's two wire import actions. `window` is the MainWindow."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        # Replaceable: tests give a path or text instead of a dialog or the system clipboard.
        self.choose_wire_file = choose_wire_file
        self.clipboard_story = clipboard_story
        self.last_imported = None  # the Article of the latest import, for tests and the status line
        self.import_action = QAction("Import &Wire Story…", window)
        self.import_action.setStatusTip("A story saved from an agency feed or a web page, as text or HTML")
        self.import_action.triggered.connect(self.import_file_requested)
        self.paste_action = QAction("Paste as &New Story", window)
        self.paste_action.setStatusTip("The story on the clipboard as a new article, its captions as photo slots")
        self.paste_action.triggered.connect(self.paste_requested)

    def update_actions(self, has_library: bool) -> None:
        self.import_action.setEnabled(has_library)
        self.paste_action.setEnabled(has_library)

    @Slot()
    def import_file_requested(self) -> None:
        if self.window.library is None:
            return
        path = self.choose_wire_file(self.window)
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        self._start(_import_file, Path(path))

    @Slot()
    def paste_requested(self) -> None:
        if self.window.library is None:
            return
        story = self.clipboard_story()
        if story is None:
            self.window.show_message("The clipboard holds no text to import as a story.")
            return
        self._start(_import_text, *story)

    def _start(self, job, *args) -> None:
        window = self.window
        window._save_everything()  # the article being left is saved before another opens
        window.show_message("Importing the wire story…")
        window.workers.submit(job, window.library, *args, on_result=self._imported, on_error=self._failed)

    def _imported(self, article) -> None:
        window = self.window
        self.last_imported = article
        if window.library is None:
            return
        slots = window.library.photo_slots(article.id)
        window.library_pane.model.insert_summary_at_top(article.summary())
        window.library_pane.count_problems([article.id])
        window.open_article(article.id)
        text = f"Imported “{article.headline or article.slug}”"
        if slots:
            text += f": {len(slots)} photo slot{'s' if len(slots) != 1 else ''} waiting for photos on the caption desk"
        window.show_message(text)

    def _failed(self, failure) -> None:
        from editor_app.wire import WireImportError

        from .writes import is_user_facing

        error = failure.error
        if isinstance(error, WireImportError) or is_user_facing(error):
            box = QMessageBox(QMessageBox.Icon.Warning, "Wire story", str(error), QMessageBox.StandardButton.Ok,
                              self.window)  # fmt: skip
            box.setAccessibleName("Wire story problem")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.window.show_message(str(error))
        else:
            self.window._job_failed(failure)
