"""The body's word and character counts, kept line by line so a count never rereads the article.

Counting a 20,000-word body from scratch takes about 25 ms of the GUI thread, which the
status bar would pay at every pause in typing. The library's counting rules never reach
past a line break (`editor_app.library.text`), so a body's counts are the sums of its
lines' counts: `RunningCounts` keeps each line's text and counts, notes the lines an
edit touched (a string splice of the line list when lines come or go), and `counts()`
recounts only those whose text really changed. Highlighting re-marks lines without
changing their text (spelling underlines arriving); such lines cost a string comparison.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QTextDocument

# A line break typed inside a paragraph (Shift+Enter) is U+2028 in the block's text and a
# line break in toPlainText(), which is what the library counts.
_LINE_SEPARATOR = "\u2028"


class RunningCounts(QObject):
    """Words and characters of `document`, as `count_words`/`count_characters` give them
    for its plain text, updated by recounting only the lines edited since the last call."""

    def __init__(self, document: QTextDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._lines: list[tuple[str, int, int] | None] = []  # per block: text, words, characters
        self._stale: set[int] = set()  # block numbers whose text may differ from the one counted
        self._words = 0
        self._characters = 0
        self.reset()
        document.contentsChange.connect(self._contents_changed)

    def reset(self) -> None:
        """Forget every line (a new text was loaded): the next `counts()` counts them all."""
        count = self._document.blockCount()
        self._lines = [None] * count
        self._stale = set(range(count))
        self._words = self._characters = 0

    @Slot(int, int, int)
    def _contents_changed(self, position: int, _removed: int, added: int) -> None:
        document = self._document
        first = document.findBlock(position).blockNumber()
        last = document.findBlock(position + added).blockNumber()
        if last < 0:  # the change runs to the end of the document
            last = document.blockCount() - 1
        grown = document.blockCount() - len(self._lines)
        old_last = last - grown
        if first < 0 or old_last < first - 1 or old_last >= len(self._lines):
            self.reset()  # a range that does not describe the change: count everything again
            return
        if grown == 0:
            self._stale.update(range(first, last + 1))
            return
        for line in self._lines[first : old_last + 1]:
            if line is not None:
                self._words -= line[1]
                self._characters -= line[2]
        self._lines[first : old_last + 1] = [None] * (last - first + 1)
        self._stale = {n if n < first else n + grown for n in self._stale if n < first or n > old_last}
        self._stale.update(range(first, last + 1))

    def counts(self) -> tuple[int, int]:
        """(words, characters) of the document now; recounts the lines edited since last time."""
        from editor_app.library import text as rules

        document = self._document
        lines = self._lines
        for number in self._stale:
            text = document.findBlockByNumber(number).text()
            line = lines[number]
            if line is not None:
                if line[0] == text:
                    continue
                self._words -= line[1]
                self._characters -= line[2]
            text_as_saved = text.replace(_LINE_SEPARATOR, "\n")
            words, characters = rules.count_words(text_as_saved), rules.count_characters(text_as_saved)
            lines[number] = (text, words, characters)
            self._words += words
            self._characters += characters
        self._stale.clear()
        return self._words, self._characters
