"""There is no Save command: the autosaver writes the writer's changes after a pause.

Every edit restarts a one-second single-shot timer; when it fires, the fields touched
since the last save are handed to the library's writer thread (`LibraryWrites`) as one
`update_article`, which also keeps the coalesced revision history. The GUI thread never
waits for SQLite: the outcome comes back as a queued call, and typing goes on meanwhile
(the editor keeps whatever was typed after the values that were sent).

An edit that takes away most of a field at once (select-all and type, a paste over
everything, Replace All) is first kept as a named revision ("Before replacing 600
words", `keep_text_before`): queued on the same writer at the moment of the edit, it is
written before any later save stores the new text.

One save is in flight at a time, so a field-by-field retry can never land after, and
overwrite, a newer save. When the disk refuses a write (full, a size limit, an I/O
error) the text stays in the editor, the message stays in the status bar, and the save
is tried again every few seconds and at the next edit. Switching article, opening
History and closing the window call `save_now`, which waits a bounded time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from editor_app.model.errors import BodyRefusedError

from .writes import LibraryWrites, is_user_facing, report_unexpected

SAVED = "Saved"
SAVING = "Saving…"
UNSAVED = "Unsaved changes"
NOT_SAVED = "Not saved: "
RETRY_MS = 5000
SAVE_NOW_TIMEOUT_S = 10.0


def field_refusals() -> tuple[type[Exception], ...]:
    """What the library refuses about one field, leaving the others storable.

    Looked up when needed: importing the library loads sqlite-utils, which the first
    paint does without.
    """
    from editor_app.library import InvalidFieldError

    return (InvalidFieldError, BodyRefusedError)


def not_saved_message(error: BaseException) -> str:
    """'Not saved: ...' once: the disk-full family already begins with it."""
    text = str(error)
    return text if text.startswith(NOT_SAVED) else NOT_SAVED + text


@dataclass(frozen=True)
class StoredChanges:
    """What one save stored: the article as it now is, and the fields refused with why."""

    article: object
    refused: dict


def store_changes(library, article_id: int, changes: dict) -> StoredChanges:
    """Runs on the writer thread, as one transaction: all the fields, or each one it can.

    One field the library refuses (a slug already taken, a half-typed language tag, a
    body the renderer could not render) must not keep the others from being saved.
    """
    refusals = field_refusals()
    try:
        return StoredChanges(library.update_article(article_id, **changes), {})
    except refusals:
        if len(changes) == 1:
            raise
    refused: dict[str, str] = {}
    for name, value in changes.items():
        try:
            library.update_article(article_id, **{name: value})
        except refusals as error:
            refused[name] = str(error)
    return StoredChanges(library.get_article(article_id), refused)


def store_text_before(library, article_id: int, changes: dict, edit):
    """Runs on the writer thread: the article as it was just before a large edit, kept
    as a named snapshot (returned).

    The fields are stored first, as the editor showed them a moment ago, so the snapshot
    is exactly that text (typing not yet saved included); the autosave that follows stores
    the edit as a new automatic revision after it.
    """
    from editor_app.library.text import count_words

    try:
        store_changes(library, article_id, changes)
    except field_refusals():
        pass  # the one field sent was refused (a half-typed language tag): the snapshot keeps the rest
    return library.take_snapshot(article_id, edit.revision_name(count_words))


@dataclass(eq=False)
class _Save:
    article_id: int
    changes: dict


class Autosaver(QObject):
    stateChanged = Signal(str)  # SAVED, SAVING, UNSAVED or "Not saved: <reason>"
    articleSaved = Signal(object)  # the Article as stored
    saveFailed = Signal(str)

    def __init__(self, editor, writes: LibraryWrites, delay_ms: int = 1000, retry_ms: int = RETRY_MS,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.editor = editor
        self.writes = writes
        self.library = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        # After the disk refused a write: try again on its own, the text is still only here.
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.setInterval(retry_ms)
        self._retry_timer.timeout.connect(self.flush)
        self._state = SAVED
        self._in_flight: _Save | None = None
        self._flush_again = False
        self.write_error: str | None = None  # the disk's refusal while text waits to be saved

    def set_library(self, library) -> None:
        self._timer.stop()
        self._retry_timer.stop()
        self._in_flight = None  # an answer still on its way is about the old library: dropped
        self._flush_again = False
        self.write_error = None
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
        if self._state != UNSAVED and self.write_error is None:
            self._set_state(UNSAVED)

    @property
    def pending(self) -> bool:
        return self._timer.isActive() or self._in_flight is not None or self.editor.has_pending_changes

    @Slot()
    def flush(self) -> None:
        """Send the pending changes to the writer now; the answer comes back later."""
        self._timer.stop()
        self._retry_timer.stop()
        if self._in_flight is not None:
            self._flush_again = True  # after the save in flight: never two at once
            return
        article = self.editor.article
        if self.library is None or article is None or not self.editor.has_pending_changes:
            self.write_error = None  # nothing is waiting to be saved any more
            if self._state == UNSAVED or self._state.startswith(NOT_SAVED):
                self._set_state(SAVED)
            return
        changes = self.editor.pending_changes()
        if self.write_error is None:
            self._set_state(SAVING)
        save = _Save(article.id, changes)
        self._in_flight = save
        self.writes.submit(store_changes, self.library, article.id, changes, on_done=partial(self._answered, save))

    @Slot(object)
    def keep_text_before(self, edit) -> None:
        """Queue the article as it was before `edit` (a `LargeEdit`) as a revision, now:
        ahead of the save that will store the edit."""
        article = self.editor.article
        if self.library is None or article is None:
            return
        changes = self.editor.pending_changes()
        changes[edit.field] = edit.previous
        self.writes.submit(store_text_before, self.library, article.id, changes, edit, on_done=self._text_kept)

    def _text_kept(self, future) -> None:
        from editor_app.library import LibraryClosedError

        error = future.exception()
        if error is None or isinstance(error, LibraryClosedError):
            return
        if not is_user_facing(error):
            report_unexpected(error)
            return
        self.saveFailed.emit(f"History could not keep the text from before this change: {error}")

    def save_now(self, timeout: float = SAVE_NOW_TIMEOUT_S) -> bool:
        """Write everything pending and wait (bounded) for the answer.

        Returns False when text is still unsaved (the disk refused it, or the writer did
        not answer in time); a field the library refuses alone does not count.
        """
        self.flush()
        self.writes.wait(timeout)  # delivers the answer here, and waits for any follow-up save
        return self._in_flight is None and self.write_error is None

    def _answered(self, save: _Save, future) -> None:
        if save is not self._in_flight:
            return  # the library changed meanwhile
        self._in_flight = None
        self._finish(save, future)
        if self._flush_again:
            self._flush_again = False
            self.flush()

    def _finish(self, save: _Save, future) -> None:
        from editor_app.library import LibraryClosedError

        error = future.exception()
        if isinstance(error, LibraryClosedError):
            return  # the window let this library go; nothing to tell
        if isinstance(error, field_refusals()):  # the only field sent was refused
            outcome = StoredChanges(None, {name: str(error) for name in save.changes})
        elif error is not None:
            self._write_failed(error)
            return
        else:
            outcome = future.result()
        refused = outcome.refused
        same_article = self.editor.article is not None and self.editor.article.id == save.article_id
        if outcome.article is not None:
            if same_article:
                stored = {name: value for name, value in save.changes.items() if name not in refused}
                self.editor.mark_saved(stored, outcome.article)
            self.articleSaved.emit(outcome.article)
        if same_article and "slug" in refused:
            self.editor.revert_slug()  # a taken slug stays taken: show the stored one again
        self.write_error = None
        still_unsaved = {name for name in refused if name != "slug"}
        if refused:
            message = " ".join(refused.values())
            self.saveFailed.emit(message)
            self._set_state(NOT_SAVED + message if still_unsaved else SAVED)
        else:
            self._set_state(UNSAVED if self.editor.has_pending_changes else SAVED)

    def _write_failed(self, error: BaseException) -> None:
        """Nothing was stored: the text stays in the editor and is tried again shortly."""
        if not is_user_facing(error):
            report_unexpected(error)
        self.write_error = not_saved_message(error)
        self._set_state(self.write_error)
        self.saveFailed.emit(self.write_error)
        self._retry_timer.start()
