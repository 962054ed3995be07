"""Markdown highlighting and spellcheck underlines for the editor's text fields.

Colours come from the widget's palette (Link, PlaceholderText, Highlight...), so the
editor follows a light or dark system theme; `refresh_formats` is called again when the
palette changes. Patterns are compiled once and each block is scanned in one pass per
rule, which keeps a keystroke in a 20,000-word article well under a millisecond.

Spelling rides on QSyntaxHighlighter's per-block model: a keystroke rechecks only its own
paragraph, and there only the words it touched. Each block's text is kept with its
misspelled words, so a keystroke reads again the whitespace-separated chunks around the
edit and moves the misspellings after it (no Python work for the paragraph's other
words), and a block highlighted again unchanged costs a comparison. Bulk passes (opening a 20,000-word
article, a large paste) would look up thousands of words at once, so spelling takes at
most PASS_BUDGET_S of one edit's highlighting pass; the blocks it skipped, and every
block after a change of language, are underlined afterwards by a timer, a slice of
SWEEP_SLICE_S per turn of the event loop, and the window stays responsive throughout.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from editor_app.spelling.tokens import (
    AFTER_BLANK,
    WordSpan,
    edit_window,
    line_state,
    structure_spans,
    words_in_line,
    words_in_window,
)

HEADING = re.compile(r"^(#{1,6})\s+\S.*$")
QUOTE = re.compile(r"^\s{0,3}>.*$")
PLACEMENT = re.compile(r"!\[[^\]\n]*\]\(placement:[^)\s]*\)")
LINK = re.compile(r"(?<!!)\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"]*\")?\)|<(?:https?|mailto):[^>\s]+>")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?=\S)(.+?)(?<=\S)\1(?![*_\w])")

# Spelling's share of the highlighting pass one edit causes (a keystroke needs ~0.3 ms).
PASS_BUDGET_S = 0.002
# How long each turn of the event loop the catch-up timer underlines skipped blocks.
SWEEP_SLICE_S = 0.004
# Beyond this many blocks remembered, the memory of blocks starts again (an article has hundreds).
MAX_REMEMBERED_BLOCKS = 10_000
MISSPELLING_COLOUR = QColor(218, 30, 40)
_NO_BLOCK = 1 << 62


@dataclass(slots=True)
class _CheckedBlock:
    """A block as spelling last checked it: its text after line state `state`, and the
    misspelled words found with `checker` at `revision` (the verdicts they rest on)."""

    text: str
    state: int
    prose: bool
    next_state: int
    checker: object
    revision: int
    misspelled: list[WordSpan]
    structure: list[tuple[int, int]]  # structure_spans(text), for the next edit's window


class SpellingHighlighter(QSyntaxHighlighter):
    """Wavy underlines under misspelled words; the base of the Markdown highlighter, and
    used alone for the plain fields (standfirst, caption, alt text).

    `set_checker(checker)` turns spelling on for a `editor_app.spelling.SpellChecker`
    (None turns it off). Every block carries its Markdown line state (inside a fence,
    after a blank line...), so rechecking one block never needs the ones before it.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._checker = None
        # (start, end) of the spans this block's other highlighting formatted; words outside
        # them take the plain underline format without a copy (an all-misspelt paragraph of
        # 100 words would otherwise cost 300 more Qt calls a keystroke).
        self.styled_ranges: list[tuple[int, int]] = []
        self._misspelled = QTextCharFormat()
        self._misspelled.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._misspelled.setUnderlineColor(MISSPELLING_COLOUR)
        self._pass_spent = 0.0
        self._sweeping = False  # inside the catch-up timer: no budget
        # The field typed in: the word at its cursor is not underlined while it is being
        # typed (half a word is no misspelling), only once the cursor leaves it.
        self._typing_field = None
        self._redrawing = False  # a pass of our own (catch-up, a learnt word, the cursor left a word): no typing
        self._word_being_typed: tuple[int, int, int] | None = None  # (block number, start, end)
        # What each block was last checked as, by block number, to re-read only around an edit.
        self._checked: dict[int, _CheckedBlock] = {}
        self._sweep_from = _NO_BLOCK
        self._sweep_to = -1
        self._block_count = document.blockCount()
        self._sweep_timer = QTimer(self)
        self._sweep_timer.setInterval(0)
        self._sweep_timer.timeout.connect(self._sweep)
        document.contentsChange.connect(self._contents_changed)

    # ------------------------------------------------------------------ turning it on

    @property
    def checker(self):
        return self._checker

    def set_checker(self, checker) -> None:
        """Check with `checker` from now on (None: no spelling); re-underlines the whole
        document a slice at a time, never in one long pass."""
        if checker is self._checker:
            return
        self._checker = checker
        self.recheck_blocks(0, self.document().blockCount() - 1)

    def follow_typing_in(self, field) -> None:
        """Leave the word at `field`'s cursor (a QPlainTextEdit on this document) without its
        underline while the field has focus; underline it once the cursor moves off it."""
        self._typing_field = field
        field.cursorPositionChanged.connect(self._cursor_moved)
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched is self._typing_field:
            self._cursor_moved(left=True)
        return super().eventFilter(watched, event)

    def _cursor_moved(self, left: bool = False) -> None:
        """Underline the word being typed once the cursor (or the focus) has `left` it."""
        skipped = self._word_being_typed
        if skipped is None:
            return
        block = self.document().findBlockByNumber(skipped[0])
        if not block.isValid():
            self._word_being_typed = None
            return
        position = self._typing_field.textCursor().position() - block.position()
        if left or not skipped[1] <= position <= skipped[2]:
            self._word_being_typed = None
            self._redraw(block)

    def _redraw(self, block: QTextBlock) -> None:
        """Highlight `block` again, outside any edit: no word there is being typed."""
        self._redrawing = True
        try:
            self.rehighlightBlock(block)
        finally:
            self._redrawing = False

    def _typing_position(self, block: QTextBlock) -> int:
        """Where the field's cursor is in `block` while the writer types there, else -1."""
        field = self._typing_field
        if field is None or self._redrawing or not field.hasFocus():
            return -1
        return field.textCursor().position() - block.position()

    def recheck_blocks(self, first: int, last: int) -> None:
        """Underline blocks `first`..`last` again soon (a word was learnt, a language changed)."""
        if last < first:
            return
        self._sweep_from = min(self._sweep_from, first)
        self._sweep_to = max(self._sweep_to, last)
        self._block_count = self.document().blockCount()
        if not self._sweep_timer.isActive():
            self._sweep_timer.start()

    def recheck_word(self, word: str) -> None:
        """Underline again the blocks holding `word` (learnt or ignored just now)."""
        block = self.document().firstBlock()
        while block.isValid():
            if word in block.text():
                self._redraw(block)
            block = block.next()

    @property
    def is_catching_up(self) -> bool:
        """Whether some blocks still wait for their underlines."""
        return self._sweep_timer.isActive()

    # ------------------------------------------------------------------ highlighting

    def highlightBlock(self, text: str) -> None:
        self.highlight_spelling(text)

    def highlight_spelling(self, text: str) -> None:
        """Set this block's line state and underline its misspelled words (call last)."""
        state = self.previousBlockState()
        state = AFTER_BLANK if state < 0 else state
        checker = self._checker
        if checker is None:
            self.setCurrentBlockState(line_state(text, state)[1])
            return
        started = time.perf_counter()
        if not self._sweeping and self._pass_spent > PASS_BUDGET_S:
            self.setCurrentBlockState(line_state(text, state)[1])
            number = self.currentBlock().blockNumber()
            self.recheck_blocks(number, number)
            return
        number = self.currentBlock().blockNumber()
        misspelled, next_state = self._misspellings_of(number, text, state, checker)
        self.setCurrentBlockState(next_state)
        typed = self._word_being_typed
        if typed is not None and typed[0] == number:
            self._word_being_typed = None  # this pass decides afresh (the word may be right now)
        if not misspelled:
            self._pass_spent += time.perf_counter() - started
            return
        format_misspelled = self._misspelled
        styled = self.styled_ranges
        typing_at = self._typing_position(self.currentBlock())
        for start, word in misspelled:
            if start <= typing_at <= start + len(word):
                self._word_being_typed = (number, start, start + len(word))
                continue
            if styled and any(first <= start < end for first, end in styled):
                underlined = QTextCharFormat(self.format(start))  # bold, a link...: keep it
                underlined.merge(format_misspelled)
                self.setFormat(start, len(word), underlined)
            else:
                self.setFormat(start, len(word), format_misspelled)
        self._pass_spent += time.perf_counter() - started

    def _misspellings_of(self, number: int, text: str, state: int, checker) -> tuple[list[WordSpan], int]:
        """The misspelled words of block `number`, now `text` after line state `state`, and the
        state for the next block. When the block was last checked with the same state and
        verdicts, only the chunks the edit touched are read and judged again."""
        revision = getattr(checker, "revision", None)  # a checker without one: no verdict is kept
        prose, next_state = line_state(text, state)
        before = self._checked.get(number)
        misspelled = structure = None
        if (
            before is not None
            and revision is not None
            and before.checker is checker
            and before.revision == revision
            and before.state == state
        ):
            if before.text == text:
                return before.misspelled, before.next_state
            if prose and before.prose:
                structure = structure_spans(text)
                window = edit_window(before.text, text, before.structure, structure)
                if window is not None:
                    misspelled = self._misspellings_after_edit(before, text, window, checker)
        if misspelled is None:
            is_correct = checker.is_correct
            words = words_in_line(text, state)[0]
            misspelled = [span for span in words if not is_correct(span[1])]
        if revision is not None:
            if len(self._checked) >= MAX_REMEMBERED_BLOCKS:
                self._checked.clear()
            if structure is None:
                structure = structure_spans(text) if prose else []
            self._checked[number] = _CheckedBlock(
                text, state, prose, next_state, checker, revision, misspelled, structure
            )
        return misspelled, next_state

    @staticmethod
    def _misspellings_after_edit(before: _CheckedBlock, text: str, window, checker) -> list[WordSpan]:
        start, end, moved = window
        is_correct = checker.is_correct
        misspelled = [span for span in before.misspelled if span[0] < start]
        misspelled.extend(span for span in words_in_window(text, start, end) if not is_correct(span[1]))
        after = end - moved
        misspelled.extend((offset + moved, word) for offset, word in before.misspelled if offset >= after)
        return misspelled

    # ------------------------------------------------------------------ catching up

    def _contents_changed(self, position: int, _removed: int, _added: int) -> None:
        """After the highlighting pass of an edit (QSyntaxHighlighter's own slot runs first):
        the next edit's pass gets spelling's whole budget again."""
        self._pass_spent = 0.0
        if self._sweep_timer.isActive() and self.document().blockCount() != self._block_count:
            # Blocks were added or removed: the numbers still to do may have moved.
            changed = self.document().findBlock(position).blockNumber()
            self._sweep_from = min(self._sweep_from, max(0, changed))
            self._sweep_to = self.document().blockCount() - 1
        self._block_count = self.document().blockCount()

    def _sweep(self) -> None:
        deadline = time.perf_counter() + SWEEP_SLICE_S
        block: QTextBlock = self.document().findBlockByNumber(self._sweep_from)
        self._sweeping = True
        try:
            while block.isValid() and block.blockNumber() <= self._sweep_to:
                if time.perf_counter() > deadline:
                    self._sweep_from = block.blockNumber()
                    return
                self._redraw(block)
                block = block.next()
        finally:
            self._sweeping = False
        self._sweep_from, self._sweep_to = _NO_BLOCK, -1
        self._pass_spent = 0.0
        self._sweep_timer.stop()


class MarkdownHighlighter(SpellingHighlighter):
    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        self.refresh_formats(palette, rehighlight=False)

    def refresh_formats(self, palette: QPalette, rehighlight: bool = True) -> None:
        """Build the character formats from palette roles (call again on a palette change)."""
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        heading.setForeground(palette.color(QPalette.ColorRole.Text))
        marker = QTextCharFormat()
        marker.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        strong = QTextCharFormat()
        strong.setFontWeight(QFont.Weight.Bold)
        emphasis = QTextCharFormat()
        emphasis.setFontItalic(True)
        link = QTextCharFormat()
        link.setForeground(palette.color(QPalette.ColorRole.Link))
        link.setFontUnderline(True)
        quote = QTextCharFormat()
        quote.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        quote.setFontItalic(True)
        placement = QTextCharFormat()
        placement.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
        placement.setBackground(palette.color(QPalette.ColorRole.Highlight))
        self._formats = {
            "heading": heading,
            "marker": marker,
            "strong": strong,
            "emphasis": emphasis,
            "link": link,
            "quote": quote,
            "placement": placement,
        }
        if rehighlight:
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        self.styled_ranges = []
        if text:
            self._highlight_markdown(text)
        self.highlight_spelling(text)

    def _style(self, start: int, end: int, name: str) -> None:
        self.setFormat(start, end - start, self._formats[name])
        self.styled_ranges.append((start, end))

    def _highlight_markdown(self, text: str) -> None:
        first = text.lstrip()[:1]
        if first == "#":
            match = HEADING.match(text)
            if match:
                self._style(0, len(text), "heading")
                self._style(0, len(match.group(1)), "marker")
                return
        elif first == ">" and QUOTE.match(text):
            self._style(0, len(text), "quote")
        if "*" in text or "_" in text:
            strong = [match.span() for match in STRONG.finditer(text)]
            for start, end in strong:
                self._style(start, end, "strong")
            for match in EMPHASIS.finditer(text):
                if match.span() not in strong:  # **bold** read as *·*bold*·*: stays bold
                    self._style(match.start(), match.end(), "emphasis")
        if "](" in text or "<" in text:
            for match in LINK.finditer(text):
                self._style(match.start(), match.end(), "link")
            if "placement:" in text:
                for match in PLACEMENT.finditer(text):
                    self._style(match.start(), match.end(), "placement")
