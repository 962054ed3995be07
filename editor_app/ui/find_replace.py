"""Find and replace inside the article body (a bar under the editor, like most editors).

The bar lives inside the editor pane and never makes the pane wider: it asks for no width
of its own (its horizontal size policy is Ignored), lays its controls out on two rows, and
keeps a fixed width for its result message, so opening it, closing it or a "Not found"
leaves every splitter where it was. Escape closes it from its fields and from the body.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

# Enough of a phrase to read what is searched for, in characters of the bar's font.
FIELD_MIN_CHARACTERS = 18
# The longest message the bar shows ("Not found", "1,234 replaced") fits in this.
MESSAGE_TEMPLATE = "99,999 replaced"


def is_escape(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.key() == Qt.Key.Key_Escape
        and event.modifiers() == Qt.KeyboardModifier.NoModifier
    )


def is_shift_return(event: QEvent) -> bool:
    return (
        isinstance(event, QKeyEvent)
        and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        and event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.ShiftModifier
    )


class FindReplaceBar(QWidget):
    closed = Signal()
    replaceAllStarted = Signal()  # Replace All is one step: the editor's history guard
    replaceAllFinished = Signal(int)  # waits for its end and names it with the count

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Find and replace")
        self.editor = editor
        self.find_text = QLineEdit()
        self.find_text.setPlaceholderText("Find")
        self.find_text.setAccessibleName("Find text")
        self.replace_text = QLineEdit()
        self.replace_text.setPlaceholderText("Replace with")
        self.replace_text.setAccessibleName("Replacement text")
        self.match_case = QCheckBox("Match &case")
        self.match_case.setAccessibleName("Match case")
        self.previous_button = self._button("Prev&ious")
        self.previous_button.setAccessibleName("Find previous")
        self.next_button = self._button("&Next")
        self.next_button.setAccessibleName("Find next")
        self.replace_button = self._button("&Replace")
        self.replace_button.setAccessibleName("Replace this match")
        self.replace_all_button = self._button("Replace A&ll")
        self.replace_all_button.setAccessibleName("Replace all matches")
        self.close_button = self._button("Close")
        self.close_button.setAccessibleName("Close find bar")
        self.message = QLabel()
        self.message.setAccessibleName("Find result")

        metrics = self.fontMetrics()
        field_width = metrics.averageCharWidth() * FIELD_MIN_CHARACTERS
        for field in (self.find_text, self.replace_text):
            field.setMinimumWidth(field_width)
        self.message.setFixedWidth(metrics.horizontalAdvance(MESSAGE_TEMPLATE) + metrics.averageCharWidth())
        # Ignored: the pane decides the bar's width, never the other way round.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.find_text, 0, 0)
        layout.addWidget(self.previous_button, 0, 1)
        layout.addWidget(self.next_button, 0, 2)
        layout.addWidget(self.match_case, 0, 3)
        layout.addWidget(self.close_button, 0, 4)
        layout.addWidget(self.replace_text, 1, 0)
        layout.addWidget(self.replace_button, 1, 1)
        layout.addWidget(self.replace_all_button, 1, 2)
        layout.addWidget(self.message, 1, 3, 1, 2)
        layout.setColumnStretch(0, 1)

        self.find_text.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        # Escape is a key, not a shortcut: a window-wide Escape (leaving focus mode) would
        # make a shortcut here ambiguous, and then neither would work.
        for watched in (self.editor, *self.findChildren(QWidget)):
            watched.installEventFilter(self)

    @staticmethod
    def _button(text: str) -> QToolButton:
        """Tool buttons: as wide as their words (push buttons take 80 pixels at least)."""
        button = QToolButton()
        button.setText(text)
        return button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.find_text and is_shift_return(event) and event.type() == QEvent.Type.KeyPress:
            self.find_previous()  # Return finds the next match, Shift+Return the one before
            return True
        if not self.isVisible() or not is_escape(event):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # Escape is ours while the bar is open: no shortcut takes it
            return True
        if event.type() == QEvent.Type.KeyPress:
            self.close_bar()
            return True
        return super().eventFilter(watched, event)

    def show_for(self, initial: str, replace: bool) -> None:
        if initial and "\u2029" not in initial:
            self.find_text.setText(initial)
        for widget in (self.replace_text, self.replace_button, self.replace_all_button):
            widget.setVisible(replace)
        self.show()
        self.find_text.setFocus()
        self.find_text.selectAll()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.match_case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    @Slot()
    def find_next(self) -> bool:
        return self._find(backward=False)

    @Slot()
    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        needle = self.find_text.text()
        if not needle:
            return False
        if self.editor.find(needle, self._flags(backward)):
            self.message.clear()
            return True
        # Wrap around once, from the other end.
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self.editor.setTextCursor(cursor)
        found = self.editor.find(needle, self._flags(backward))
        self.message.setText("" if found else "Not found")
        return found

    def _selection_matches(self) -> bool:
        selected = self.editor.textCursor().selectedText()
        needle = self.find_text.text()
        if self.match_case.isChecked():
            return selected == needle
        return selected.casefold() == needle.casefold()

    @Slot()
    def replace_current(self) -> None:
        if self.find_text.text() and self._selection_matches():
            self.editor.textCursor().insertText(self.replace_text.text())
        self.find_next()

    @Slot()
    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced."""
        needle = self.find_text.text()
        if not needle:
            return 0
        document = self.editor.document()
        cursor = QTextCursor(document)
        edit = QTextCursor(document)
        self.replaceAllStarted.emit()
        edit.beginEditBlock()
        count = 0
        while True:
            cursor = document.find(needle, cursor, self._flags())
            if cursor.isNull():
                break
            cursor.insertText(self.replace_text.text())
            count += 1
        edit.endEditBlock()
        self.replaceAllFinished.emit(count)
        self.message.setText(f"{count} replaced")
        return count

    @Slot()
    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()
        self.closed.emit()
