"""The photo inspector: the words that travel with one placed photo, and what is wrong with them.

The inspector edits caption, credit and alt text (of this use of the photo) and creator
and copyright (of the photo itself). It writes its own edits after a short pause, through
the window's `LibraryWrites` (the library's writer thread), and tells whoever shows the
placement what the library stored (`placementStored`, `photoStored`). A caption that ends
in a wire credit such as "(AFP photo)" has the credit split into the credit field at that
moment. A write the library refuses keeps the words typed; the next pause tries again.

The contact sheet, the loupe or the photos pane hand it a placement with
`show_placement(placement, photo)`; it commits what was typed in the previous one first.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QWidget

from ..model import ALT_TEXT_LIMIT
from .writes import LibraryWrites, is_user_facing, report_unexpected

CAPTION_GUIDE = 300


class CountedTextEdit(QPlainTextEdit):
    """A short multi-line field (caption, alt text) whose Tab moves focus, not indents."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)


def replace_text_keeping_undo(editor: QPlainTextEdit, text: str) -> None:
    """Set the text as one undoable edit (setPlainText would wipe the undo history)."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text)
    cursor.endEditBlock()
    editor.setTextCursor(cursor)


FILE_FIELD_LABELS = (
    ("description", "Caption"), ("headline", "Headline"), ("creator", "Creator"), ("credit", "Credit"),
    ("copyright", "Copyright"), ("source", "Source"), ("alt_text", "Alt text"), ("city", "City"),
    ("country", "Country"), ("taken_at", "Taken"), ("camera_make", "Camera make"), ("camera_model", "Camera model"),
    ("usage_terms", "Usage terms"),
)  # fmt: skip


def describe_file_metadata(photo) -> str:
    """What the file itself said at import, one 'Label: value' per line."""
    said = dict(photo.embedded or {})
    lines = []
    for key, label in FILE_FIELD_LABELS:
        value = said.get(key, getattr(photo, key, ""))
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        if value:
            lines.append(f"{label}: {value}")
    width, height = photo.display_size
    lines.append(f"File: {photo.original_name or 'unnamed'} ({photo.format}, {width}×{height})")
    if photo.has_location:
        lines.append("Location: the original carries location data (never exported)")
    return "\n".join(lines)


PLACEMENT_FIELDS = ("caption", "credit", "alt_text")
PHOTO_FIELDS = ("creator", "copyright")


class PhotoInspector(QWidget):
    """Caption, credit, alt text (of this use) and creator, copyright (of the photo).

    Signals: `placementStored(Placement)` and `photoStored(Photo)` after the library
    stored an edit; `statusMessage(str)` for a sentence to show; `edited()` as the editor
    types (before the pause that writes).
    """

    edited = Signal()
    placementStored = Signal(object)
    photoStored = Signal(object)
    statusMessage = Signal(str)

    def __init__(self, writes: LibraryWrites, caption_delay_ms: int = 800, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Photo inspector")
        self.writes = writes
        self.library = None
        self.placement = None
        self.photo = None
        self.caption = CountedTextEdit(6)
        self.caption.setAccessibleName("Caption")
        self.caption_count = QLabel()
        self.credit = QLineEdit()
        self.credit.setAccessibleName("Credit")
        self.alt_text = CountedTextEdit(3)
        self.alt_text.setAccessibleName("Alt text")
        self.alt_text.setAccessibleDescription("Describes the photo for people who cannot see it")
        self.alt_count = QLabel()
        self.creator = QLineEdit()
        self.creator.setAccessibleName("Creator")
        self.copyright = QLineEdit()
        self.copyright.setAccessibleName("Copyright")
        self.from_file = QLabel()
        self.from_file.setAccessibleName("What the file said")
        self.from_file.setWordWrap(True)
        self.from_file.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.problems = QListWidget()
        self.problems.setAccessibleName("Caption problems")
        self.problems.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        self.problems.setWordWrap(True)
        for counter in (self.caption_count, self.alt_count):
            counter.setAccessibleName("Character count")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._label("&Caption", self.caption), self.caption)
        form.addRow("", self.caption_count)
        form.addRow(self._label("C&redit", self.credit), self.credit)
        form.addRow(self._label("Alt te&xt", self.alt_text), self.alt_text)
        form.addRow("", self.alt_count)
        form.addRow(self._label("Creat&or", self.creator), self.creator)
        form.addRow(self._label("Cop&yright", self.copyright), self.copyright)
        form.addRow(self._label("Problems", self.problems), self.problems)
        form.addRow(QLabel("From the file"), self.from_file)

        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(caption_delay_ms)
        self._commit_timer.timeout.connect(self.commit)

        self.caption.textChanged.connect(self._text_changed)
        self.alt_text.textChanged.connect(self._text_changed)
        for line in (self.credit, self.creator, self.copyright):
            line.textEdited.connect(self.edited)
        self.edited.connect(self._commit_timer.start)
        self.caption.installEventFilter(self)
        self._loading = False
        self.show_placement(None, None)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # ------------------------------------------------------------------ showing

    def set_library(self, library) -> None:
        self.library = library
        self.show_placement(None, None)

    @property
    def placement_id(self) -> int | None:
        return self.placement.id if self.placement is not None else None

    def show_placement(self, placement, photo) -> None:
        """Show one placement (or none); what was typed in the previous one is written first.

        The same placement shown again (the grid re-read after a write) keeps the words
        being typed; with nothing typed it shows what the library now holds.
        """
        if self.placement is not None and self.has_unsaved_edits():
            self.commit()
            if placement is not None and placement.id == self.placement.id:
                return
        self.placement, self.photo = placement, photo
        self._loading = True
        try:
            self.caption.setPlainText(placement.caption if placement else "")
            self.credit.setText(placement.credit if placement else "")
            self.alt_text.setPlainText(placement.alt_text if placement else "")
            self.creator.setText(photo.creator if photo else "")
            self.copyright.setText(photo.copyright if photo else "")
            self.from_file.setText(describe_file_metadata(photo) if photo else "")
        finally:
            self._loading = False
        self.setEnabled(placement is not None)
        self._update_counts()
        if placement is None:
            self.show_problems([])

    def forget_placement(self) -> None:
        """The placement is going away (removed): drop what was typed, write nothing."""
        self._commit_timer.stop()
        self.placement = self.photo = None

    def has_unsaved_edits(self) -> bool:
        if self.placement is None:
            return False
        values = self.values()
        return any(getattr(self.placement, k) != values[k] for k in PLACEMENT_FIELDS) or any(
            getattr(self.photo, k) != values[k] for k in PHOTO_FIELDS
        )

    def values(self) -> dict:
        return {
            "caption": self.caption.toPlainText().strip(),
            "credit": self.credit.text().strip(),
            "alt_text": self.alt_text.toPlainText().strip(),
            "creator": self.creator.text().strip(),
            "copyright": self.copyright.text().strip(),
        }

    def show_problems(self, messages: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(messages or ["No problems found."])

    # ------------------------------------------------------------------ writing

    def split_credit_from_caption(self) -> bool:
        """Move a trailing wire credit "(AFP photo)" from the caption to the credit field."""
        from editor_app.photos import split_credit

        caption, credit = split_credit(self.caption.toPlainText().strip())
        if credit is None:
            return False
        replace_text_keeping_undo(self.caption, caption)
        self.credit.selectAll()
        self.credit.insert(credit)  # insert, unlike setText, keeps the field's undo history
        return True

    @Slot()
    def commit(self) -> None:
        """Write the fields that differ from the library's (after splitting a wire credit off)."""
        self._commit_timer.stop()
        placement, photo = self.placement, self.photo
        if self.library is None or placement is None:
            return
        split = self.split_credit_from_caption()
        values = self.values()
        placement_fields = {k: values[k] for k in PLACEMENT_FIELDS}
        changed_placement = any(getattr(placement, k) != v for k, v in placement_fields.items())
        photo_fields = {k: values[k] for k in PHOTO_FIELDS if getattr(photo, k) != values[k]}
        if not changed_placement and not photo_fields:
            return
        if split:
            self.statusMessage.emit(f"Moved the credit “{values['credit']}” from the caption to the credit field.")
        if changed_placement:
            self.writes.submit(self.library.update_placement, placement.id, **placement_fields,
                               on_done=partial(self._written, placement.id, self.placementStored))  # fmt: skip
        if photo_fields:
            self.writes.submit(self.library.update_photo, photo.id, **photo_fields,
                               on_done=partial(self._written, placement.id, self.photoStored))  # fmt: skip

    def _written(self, placement_id: int, stored_signal, future) -> None:
        """Keep what the library stored as the base of the next comparison, and say so.

        On failure the inspector keeps the words typed, so the next commit sees the
        difference and tries again.
        """
        error = future.exception()
        if error is not None:
            if is_user_facing(error):
                self.statusMessage.emit(str(error))
            else:
                report_unexpected(error)
            return
        stored = future.result()
        if self.placement is not None and self.placement.id == placement_id:
            if stored_signal is self.placementStored:
                self.placement = stored
            else:
                self.photo = stored
        stored_signal.emit(stored)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.caption and event.type() == event.Type.FocusOut:
            self.commit()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ typing

    @Slot()
    def _text_changed(self) -> None:
        self._update_counts()
        if not self._loading:
            self.edited.emit()

    def _update_counts(self) -> None:
        caption_length = len(self.caption.toPlainText().strip())
        alt_length = len(self.alt_text.toPlainText().strip())
        self.caption_count.setText(f"{caption_length} characters (a caption reads best under {CAPTION_GUIDE})")
        self.alt_count.setText(
            f"{alt_length} / {ALT_TEXT_LIMIT} characters" + (" — too long" if alt_length > ALT_TEXT_LIMIT else "")
        )
