"""There is no Save command: the autosaver writes the writer's changes after a pause.

Every edit restarts a one-second single-shot timer; when it fires, the fields touched
since the last save are written with `library.update_article` (which also keeps the
coalesced revision history). Switching article, opening History and closing the
window call `flush()` to write at once. Writing is a few milliseconds of SQLite, and
happens only at a pause, so it runs on the GUI thread where ordering is simple.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

SAVED = "Saved"
SAVING = "Saving…"
UNSAVED = "Unsaved changes"


class Autosaver(QObject):
    stateChanged = Signal(str)  # SAVED, SAVING, UNSAVED or "Not saved: <reason>"
    articleSaved = Signal(object)  # the Article as stored
    saveFailed = Signal(str)

    def __init__(self, editor, delay_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.library = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._state = SAVED

    def set_library(self, library) -> None:
        self._timer.stop()
        self.library = library

    @property
    def state(self) -> str:
        return self._state

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)

    @Slot()
    def note_edit(self) -> None:
        """Called on every edit: (re)start the pause timer; costs a timer restart only."""
        self._timer.start()
        if self._state != UNSAVED:
            self._set_state(UNSAVED)

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self.editor.has_pending_changes

    @Slot()
    def flush(self) -> bool:
        """Write pending changes now. Returns False when a save was needed and failed."""
        self._timer.stop()
        article = self.editor.article
        if self.library is None or article is None or not self.editor.has_pending_changes:
            if self._state == UNSAVED:
                self._set_state(SAVED)
            return True
        changes = self.editor.pending_changes()
        self._set_state(SAVING)
        from editor_app.library import InvalidFieldError, LibraryError

        refused: dict[str, str] = {}
        try:
            saved = self.library.update_article(article.id, **changes)
        except InvalidFieldError:
            # One field the library refuses (a slug already taken, a half-typed language
            # tag) must not keep the text from being saved: save the fields one by one.
            saved, refused = self._save_field_by_field(article.id, changes)
        except LibraryError as error:
            self._set_state(f"Not saved: {error}")
            self.saveFailed.emit(str(error))
            return False
        stored = {name: value for name, value in changes.items() if name not in refused}
        self.editor.mark_saved(stored, saved)
        if "slug" in refused:
            self.editor.revert_slug()  # a taken slug stays taken: show the stored one again
        still_unsaved = {name for name in refused if name != "slug"}
        if refused:
            message = " ".join(refused.values())
            self.saveFailed.emit(message)
            self._set_state(f"Not saved: {message}" if still_unsaved else SAVED)
        else:
            self._set_state(UNSAVED if self.editor.has_pending_changes else SAVED)
        self.articleSaved.emit(saved)
        return not still_unsaved

    def _save_field_by_field(self, article_id: int, changes: dict):
        from editor_app.library import InvalidFieldError

        refused: dict[str, str] = {}
        saved = None
        for name, value in changes.items():
            try:
                saved = self.library.update_article(article_id, **{name: value})
            except InvalidFieldError as error:
                refused[name] = str(error)
        return saved or self.library.get_article(article_id), refused
