"""Find and replace inside the article body (a bar under the editor, like most editors)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget


class FindReplaceBar(QWidget):
    closed = Signal()

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
        self.previous_button = QPushButton("&Previous")
        self.previous_button.setAccessibleName("Find previous")
        self.next_button = QPushButton("&Next")
        self.next_button.setAccessibleName("Find next")
        self.replace_button = QPushButton("&Replace")
        self.replace_button.setAccessibleName("Replace this match")
        self.replace_all_button = QPushButton("Replace &All")
        self.replace_all_button.setAccessibleName("Replace all matches")
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close find bar")
        self.message = QLabel()
        self.message.setAccessibleName("Find result")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        for widget in (self.find_text, self.previous_button, self.next_button, self.replace_text, self.replace_button,
                       self.replace_all_button, self.match_case, self.message, self.close_button):  # fmt: skip
            layout.addWidget(widget)

        self.find_text.returnPressed.connect(self.find_next)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)

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
        edit.beginEditBlock()
        count = 0
        while True:
            cursor = document.find(needle, cursor, self._flags())
            if cursor.isNull():
                break
            cursor.insertText(self.replace_text.text())
            count += 1
        edit.endEditBlock()
        self.message.setText(f"{count} replaced")
        return count

    @Slot()
    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()
        self.closed.emit()
