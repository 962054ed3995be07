"""The Format menu: Markdown help for the body (bold, italic, link, subheads, quote, lists).

The rules live in `editor_app.model.markdown_edits` as pure functions; this module hands
them the lines the selection touches and writes back only the characters that changed,
inside one edit block, so each command is one step of the body's undo history and the
rest of the document (and its highlighting) is left alone.

The keys answer in the body only (a shortcut scoped to it): Ctrl+B in the headline does
nothing rather than bolding a word somewhere out of sight. Qt's text editing claims some
of these keys for itself under some platform themes (Ctrl+K deletes to the end of the
line under X11); `KeysOverTextEditing` lets the Format commands have them in the body.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from editor_app.model import markdown_edits as edits

from .shortcuts import StandardKey, assign_shortcuts

PARAGRAPH_SEPARATOR = "\u2029"  # how QTextCursor.selectedText() writes a line break


def utf16_length(text: str) -> int:
    """Qt counts positions in UTF-16 units: an emoji is two of them, one Python character."""
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


def index_from_utf16(text: str, units: int) -> int:
    index = 0
    while units > 0 and index < len(text):
        units -= 2 if ord(text[index]) > 0xFFFF else 1
        index += 1
    return index


class KeysOverTextEditing(QObject):
    """Lets `actions` have their keys while a text field has the focus.

    A text field answers ShortcutOverride for keys it edits with (Ctrl+K under X11), and
    then the window's shortcut never fires. Swallowing that event for our keys, without
    accepting it, lets the shortcut through; every other key is left to the field.
    """

    def __init__(self, actions: list[QAction], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.actions = actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            pressed = QKeySequence(event.keyCombination())
            for action in self.actions:
                if action.isEnabled() and pressed in action.shortcuts():
                    return True
        return super().eventFilter(watched, event)


class FormatCommands(QObject):
    """The Format menu's actions over one body editor."""

    def __init__(self, body: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.body = body
        self.bold_action = self._action("&Bold", partial(self.apply, partial(edits.toggle_emphasis, strong=True)),
                                        StandardKey.Bold, "Bold the selection or the word at the cursor; again "
                                        "to take it off")  # fmt: skip
        self.italic_action = self._action("&Italic", partial(self.apply, partial(edits.toggle_emphasis, strong=False)),
                                          StandardKey.Italic, "Italicise the selection or the word at the cursor; "
                                          "again to take it off")  # fmt: skip
        self.link_action = self._action("&Link", partial(self.apply, edits.toggle_link), "Ctrl+K",
                                        "Make the selection a link and select the address to type over; inside "
                                        "a link, take the link off")  # fmt: skip
        self.heading2_action = self._action("&Subhead", partial(self.apply, partial(edits.toggle_heading, level=2), lines=True), None,
                                            "A subhead (## in Markdown); again for plain text")  # fmt: skip
        self.heading3_action = self._action("S&maller Subhead", partial(self.apply, partial(edits.toggle_heading, level=3), lines=True),
                                            None, "A lower subhead (###); again for plain text")  # fmt: skip
        self.quote_action = self._action("&Quote", partial(self.apply, edits.toggle_quote, lines=True), None,
                                         "Quote the paragraphs (>); again to unquote")  # fmt: skip
        self.bullets_action = self._action("B&ulleted List", partial(self.apply, edits.toggle_bulleted_list, lines=True),
                                           None, "Each line an item (-); again for plain lines")  # fmt: skip
        self.numbers_action = self._action("&Numbered List", partial(self.apply, edits.toggle_numbered_list, lines=True),
                                           None, "Number the lines 1. 2. 3.; again for plain lines")  # fmt: skip
        self.actions = [self.bold_action, self.italic_action, self.link_action, self.heading2_action,
                        self.heading3_action, self.quote_action, self.bullets_action, self.numbers_action]  # fmt: skip
        for action in self.actions:
            body.addAction(action)
        self.keys_filter = KeysOverTextEditing(self.actions, self)
        body.installEventFilter(self.keys_filter)

    def _action(self, text: str, slot, shortcut, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            assign_shortcuts(action, shortcut)
            # Only in the body: the menu still reaches it from anywhere.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def fill_menu(self, menu: QMenu) -> None:
        for action in self.actions[:3]:
            menu.addAction(action)
        menu.addSeparator()
        for action in self.actions[3:5]:
            menu.addAction(action)
        menu.addSeparator()
        for action in self.actions[5:]:
            menu.addAction(action)

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions:
            action.setEnabled(enabled)

    # ------------------------------------------------------------------ applying

    def apply(self, transform, *_triggered, lines: bool = False) -> None:
        """Run `transform` over the lines the selection touches and write back the change.

        For whole-line commands (`lines`) a selection ending at the very start of a line
        leaves that line out: it was selected by dragging to the line below.
        """
        if not self.body.isEnabled() or self.body.isReadOnly():
            return
        document = self.body.document()
        cursor = self.body.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        first = document.findBlock(start)
        last = document.findBlock(end)
        if lines and end > start and last.position() == end and last != first:
            last = last.previous()
        span_start = first.position()
        span_end = last.position() + last.length() - 1
        span = QTextCursor(document)
        span.setPosition(span_start)
        span.setPosition(span_end, QTextCursor.MoveMode.KeepAnchor)
        old = span.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
        local_start = index_from_utf16(old, start - span_start)
        local_end = index_from_utf16(old, min(end, span_end) - span_start)
        if cursor.position() < cursor.anchor():
            local_start, local_end = local_end, local_start
        edit = transform(old, local_start, local_end)
        self._write(span_start, old, edit)

    def _write(self, span_start: int, old: str, edit: edits.TextEdit) -> None:
        new = edit.text
        prefix = 0
        limit = min(len(old), len(new))
        while prefix < limit and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
            suffix += 1
        cursor = QTextCursor(self.body.document())
        if old != new:
            cursor.beginEditBlock()
            cursor.setPosition(span_start + utf16_length(old[:prefix]))
            cursor.setPosition(span_start + utf16_length(old[: len(old) - suffix]), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(new[prefix : len(new) - suffix])
            cursor.endEditBlock()
        cursor.setPosition(span_start + utf16_length(new[: edit.anchor]))
        cursor.setPosition(span_start + utf16_length(new[: edit.position]), QTextCursor.MoveMode.KeepAnchor)
        self.body.setTextCursor(cursor)
        self.body.setFocus(Qt.FocusReason.OtherFocusReason)
