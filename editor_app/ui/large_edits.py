"""Edits that take away most of a field at once, noticed so History keeps the text from before.

Select-all and type, a paste over everything, a cut, Replace All: one keystroke or click
that rewrites more than half of a field. Autosave would store the new text within a
second and fold it into the latest automatic revision, so History would not have the
moment before. `LargeEditWatcher` keeps each watched field's previous text (a line edit's
is short; a document's is kept up to date change by change, a string splice per
keystroke) and reports such an edit with that text; the window writes it as a revision
first ("Before replacing 600 words").
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

# An edit is large when it takes away more than this share of the field's text...
LARGE_EDIT_SHARE = 0.5
# ...and at least this many characters: retyping a three-letter field is not a loss.
LARGE_EDIT_MIN_CHARACTERS = 20

# QTextDocument.toPlainText's own translation of a document's raw text.
_RAW_TO_PLAIN = str.maketrans({"\u2029": "\n", "\u2028": "\n", "\ufdd0": "\n", "\ufdd1": "\n", "\u00a0": " "})


@dataclass(frozen=True)
class LargeEdit:
    """What one large edit took away, and the field's whole text before it."""

    field: str
    previous: str  # the field's text just before the edit
    removed: str  # the part taken away (what the edit did not keep at either end)
    action: str  # "replacing", "pasting over", "cutting", "deleting" or "Replace All"
    replacements: int = 0  # for Replace All

    def revision_name(self, count_words) -> str:
        """'Before replacing 600 words'; `count_words` is the library's own rule."""
        if self.action == "Replace All":
            plural = "" if self.replacements == 1 else "s"
            return f"Before Replace All ({self.replacements:,} replacement{plural})"
        words = count_words(self.removed)
        return f"Before {self.action} {words:,} word{'' if words == 1 else 's'}"


def removed_and_inserted(before: str, after: str) -> tuple[str, str]:
    """The differing middle of two texts: (taken from `before`, put in its place)."""
    prefix = len(os.path.commonprefix([before, after]))
    limit = min(len(before), len(after)) - prefix
    suffix = len(os.path.commonprefix([before[::-1], after[::-1]])) if limit > 0 else 0
    suffix = min(suffix, limit)
    return before[prefix : len(before) - suffix], after[prefix : len(after) - suffix]


def is_large(previous: str, removed: str) -> bool:
    return len(removed) >= LARGE_EDIT_MIN_CHARACTERS and len(removed) > LARGE_EDIT_SHARE * len(previous)


def name_action(removed: str, inserted: str, whole_insert: str) -> str:
    """What the writer did, as the clipboard tells it: a paste puts the clipboard's text in,
    a cut leaves the taken text on it."""
    clipboard = QGuiApplication.clipboard().text().replace("\r\n", "\n")
    if not inserted:
        return "cutting" if clipboard and clipboard == removed else "deleting"
    if len(clipboard) > 1 and inserted in clipboard and clipboard in whole_insert:
        return "pasting over"
    return "replacing"


class LargeEditWatcher(QObject):
    """Watches one field; `largeEdit` carries a `LargeEdit` before anything else hears of it.

    Replace All is one step of the find bar: between `begin_replace_all` and
    `end_replace_all(count)` the edit is held and then reported with the count.
    """

    largeEdit = Signal(object)  # LargeEdit

    def __init__(self, field: str, widget: QPlainTextEdit | QLineEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.widget = widget
        self._replacing_all = False
        self._held: LargeEdit | None = None
        # Changes to a document's text, counted: its textChanged also fires when only the
        # highlighting changed (spelling underlines arriving), which is no edit to save.
        self.text_changes = 0
        if isinstance(widget, QLineEdit):
            self._text = widget.text()
            widget.textEdited.connect(self._line_edited)  # before textChanged: _text is still the old text
            widget.textChanged.connect(self._line_changed)
        else:
            self._document = widget.document()
            self._text = self._document.toRawText()
            self._document.contentsChange.connect(self._document_changed)

    # ------------------------------------------------------------------ line edits

    @Slot(str)
    def _line_edited(self, text: str) -> None:
        previous = self._text
        removed, inserted = removed_and_inserted(previous, text)
        if is_large(previous, removed):
            self._report(LargeEdit(self.field, previous, removed, name_action(removed, inserted, inserted)))

    @Slot(str)
    def _line_changed(self, text: str) -> None:
        self._text = text

    # ------------------------------------------------------------------ documents

    @Slot(int, int, int)
    def _document_changed(self, position: int, removed_count: int, added_count: int) -> None:
        old = self._text
        end = min(self._document.characterCount() - 1, position + added_count)
        cursor = QTextCursor(self._document)
        cursor.setPosition(min(position, end))
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        added = cursor.selectedText()
        taken = old[position : position + removed_count]
        if added == taken:
            return  # only formats changed (the highlighter marks its blocks this way)
        self.text_changes += 1
        new = old[:position] + added + old[position + removed_count :]
        if len(new) != self._document.characterCount() - 1:
            # Qt reported a range that does not describe the change (setPlainText sends two):
            # read the text again, and judge nothing from it.
            self._text = self._document.toRawText()
            return
        self._text = new
        removed, inserted = removed_and_inserted(taken, added)
        if is_large(old, removed):
            plain_removed = removed.translate(_RAW_TO_PLAIN)
            action = name_action(plain_removed, inserted.translate(_RAW_TO_PLAIN), added.translate(_RAW_TO_PLAIN))
            self._report(LargeEdit(self.field, old.translate(_RAW_TO_PLAIN), plain_removed, action))

    # ------------------------------------------------------------------ Replace All

    def begin_replace_all(self) -> None:
        self._replacing_all = True
        self._held = None

    def end_replace_all(self, replacements: int) -> None:
        self._replacing_all = False
        held, self._held = self._held, None
        if held is not None:
            self.largeEdit.emit(
                LargeEdit(held.field, held.previous, held.removed, "Replace All", replacements=replacements)
            )

    def _report(self, edit: LargeEdit) -> None:
        if self._replacing_all:
            self._held = self._held or edit  # the text before the first change of the step
        else:
            self.largeEdit.emit(edit)
