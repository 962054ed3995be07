"""The outline: a drop-down of the article's subheads above the body, to jump between sections.

A drop-down rather than a dock: it costs one line of height, lives with the text it
navigates (so it stays in focus mode and needs no place in the window's splitter
layouts or the caption desk), and is reached like any field. It follows the text live,
a moment after typing pauses, and names the section the cursor is in.

Reading the subheads walks the whole body, so it is done only after an edit that can
change them: lines added or removed (the subheads' line numbers move), or a line edited
that starts with `#` or a code fence, or that was a subhead or a fence. Typing in a
paragraph costs a glance at the edited line.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from editor_app.model.markdown_edits import Subhead, find_subheads

REFRESH_DELAY_MS = 300
NO_SUBHEADS = "No subheads yet (Format > Subhead)"


def _may_be_structure(line: str) -> bool:
    """A line that may be a subhead or open or close a code fence (a cheap first look)."""
    return line.lstrip(" ")[:1] in ("#", "`", "~")


def subhead_label(subhead: Subhead) -> str:
    indent = "\u2003" * (subhead.level - 2)  # an em space a level: ### sits under ##
    return f"{indent}{subhead.title or '(untitled subhead)'}"


class SubheadOutline(QComboBox):
    """Lists the body's ## and ### subheads; choosing one puts the cursor at its section."""

    def __init__(self, body: QPlainTextEdit, parent: QWidget | None = None, delay_ms: int = REFRESH_DELAY_MS) -> None:
        super().__init__(parent)
        self.body = body
        self.subheads: list[Subhead] = []
        self._lines: list[int] = []  # subhead line numbers, for finding the cursor's section
        self._block_count = 0  # the body's lines when last read
        self._structural_lines: set[int] = set()  # subhead and fence lines when last read
        self.setAccessibleName("Outline")
        self.setAccessibleDescription("The article's subheads; choose one to go to its section")
        self.setToolTip("The article's subheads: choose one to go to its section")
        self.setPlaceholderText(NO_SUBHEADS)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.refresh)
        body.document().contentsChange.connect(self._contents_changed)
        body.cursorPositionChanged.connect(self._follow_cursor)
        self.activated.connect(self.jump_to)
        self.setEnabled(False)

    @Slot()
    def refresh(self) -> None:
        """Read the subheads again (at once after loading an article; otherwise a moment after
        typing pauses); the list is only rebuilt when they changed."""
        self._timer.stop()
        document = self.body.document()
        block = document.firstBlock()
        lines = []
        while block.isValid():
            lines.append(block.text())
            block = block.next()
        subheads = find_subheads(lines)
        self._block_count = document.blockCount()
        self._structural_lines = {subhead.line for subhead in subheads}
        self._structural_lines.update(number for number, line in enumerate(lines) if _may_be_structure(line))
        if subheads == self.subheads:
            return
        self.subheads = subheads
        self._lines = [subhead.line for subhead in subheads]
        self.blockSignals(True)
        self.clear()
        for subhead in subheads:
            self.addItem(subhead_label(subhead), subhead.line)
        self.blockSignals(False)
        self.setEnabled(bool(subheads))
        self._follow_cursor()

    @Slot(int, int, int)
    def _contents_changed(self, position: int, _removed: int, added: int) -> None:
        """Read the subheads again soon if this edit may have changed them."""
        if self._timer.isActive():
            return
        document = self.body.document()
        if document.blockCount() != self._block_count:
            self._timer.start()
            return
        block = document.findBlock(position)
        end = position + added
        while block.isValid():
            if block.blockNumber() in self._structural_lines or _may_be_structure(block.text()):
                self._timer.start()
                return
            if block.position() + block.length() > end:
                return
            block = block.next()

    @Slot()
    def _follow_cursor(self) -> None:
        """Show the section the cursor is in (none above the first subhead)."""
        if self._timer.isActive():
            return  # the list is about to change; it follows the cursor once rebuilt
        index = bisect.bisect_right(self._lines, self.body.textCursor().blockNumber()) - 1
        if index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    @Slot(int)
    def jump_to(self, index: int) -> None:
        if not 0 <= index < len(self.subheads):
            return
        block = self.body.document().findBlockByNumber(self.subheads[index].line)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        self.body.setTextCursor(cursor)
        # The subhead at the top of the view, its section below it (as far as the end allows).
        self.body.verticalScrollBar().setValue(block.firstLineNumber())
        self.body.setFocus()
