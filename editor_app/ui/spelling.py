"""Spellcheck in the window: which checker the open article uses, underlines in every text
field, and the right-click menu of suggestions, "Add to Newsroom Dictionary" and "Ignore in
this article".

`WindowSpelling` holds one checker per language (each with its verdict cache) and the
newsroom's learnt words, read once when a library opens. Learning or ignoring a word
takes effect in the fields at once and is written through the library's writer thread
(`LibraryWrites`), never waited for. Without pyenchant or libenchant, or for a language
with no dictionary installed, the status bar says so once and the fields carry on
without underlines.

The headline is a QLineEdit, which has no QTextDocument for a highlighter: its underlines
are set as input-method text formats, which draw on the line's layout without touching
its text, undo history or signals.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Signal, Slot
from PySide6.QtGui import QInputMethodEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QWidget

from editor_app.spelling.tokens import AFTER_BLANK, TEXT, words_in_line

from .highlighter import MISSPELLING_COLOUR, SpellingHighlighter

ADD_TO_DICTIONARY = "Add to Newsroom Dictionary"
IGNORE_IN_ARTICLE = "Ignore in this article"
NO_SUGGESTIONS = "(No suggestions)"


class LineEditSpelling(QObject):
    """Underlines the misspelled words of a QLineEdit (the headline) as its text changes."""

    def __init__(self, line_edit: QLineEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.line_edit = line_edit
        self._checker = None
        self.underlined: list[tuple[int, int]] = []  # (start, length) of each underline shown
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(MISSPELLING_COLOUR)
        self._word_being_typed: tuple[int, int] | None = None  # not underlined until the cursor leaves
        line_edit.textChanged.connect(self._text_changed)
        line_edit.cursorPositionChanged.connect(self._cursor_moved)
        line_edit.installEventFilter(self)

    def set_checker(self, checker) -> None:
        self._checker = checker
        self.recheck()

    @Slot(str)
    def _text_changed(self, _text: str) -> None:
        self.recheck(typing=self.line_edit.hasFocus())

    def recheck(self, typing: bool = False) -> None:
        """Underline the misspelled words again; while `typing`, not the one at the cursor."""
        checker = self._checker
        text = self.line_edit.text()
        spans = [] if checker is None else words_in_line(text, TEXT)[0]
        cursor = self.line_edit.cursorPosition()
        typing_at = cursor if typing else -1
        underlined = []
        self._word_being_typed = None
        for start, word in spans:
            if not checker.is_correct(word):
                if start <= typing_at <= start + len(word):
                    self._word_being_typed = (start, start + len(word))
                else:
                    underlined.append((start, len(word)))
        self.underlined = underlined
        attributes = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat, start - cursor, length, self._format
            )
            for start, length in underlined
        ]
        # Formats given relative to the cursor; an empty preedit and commit string change no text.
        QCoreApplication.sendEvent(self.line_edit, QInputMethodEvent("", attributes))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._word_being_typed is not None:
            self.recheck()  # the focus left the word being typed
        return super().eventFilter(watched, event)

    @Slot(int, int)
    def _cursor_moved(self, _old: int, new: int) -> None:
        typed = self._word_being_typed
        if typed is not None and not typed[0] <= new <= typed[1]:
            self.recheck()


class WindowSpelling(QObject):
    """The open article's spellcheck across the editor's fields and the photo inspector's."""

    statusMessage = Signal(str)

    def __init__(self, writes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writes = writes
        self._library = None
        self._article_id: int | None = None
        self._language: str | None = None
        self._dictionaries = None
        self._newsroom = None
        self._checkers: dict[str, object] = {}  # by dictionary tag
        self._ignored: set[str] = set()  # the open article's ignored words, whatever its language
        self.checker = None
        self._unavailable_said = False
        self._languages_said: set[str] = set()
        self._highlighters: list[SpellingHighlighter] = []
        self._line_edits: list[LineEditSpelling] = []
        self._menu_targets: dict[QWidget, QWidget] = {}  # watched widget -> its text field

    # ------------------------------------------------------------------ fields

    def attach_text_edit(self, edit: QPlainTextEdit, highlighter: SpellingHighlighter | None = None) -> None:
        """Check a QPlainTextEdit: with its own highlighter (the body's Markdown one) or a plain one."""
        if highlighter is None:
            highlighter = SpellingHighlighter(edit.document())
        highlighter.follow_typing_in(edit)
        highlighter.set_checker(self.checker)
        self._highlighters.append(highlighter)
        self._watch_context_menu(edit.viewport(), edit)

    def attach_line_edit(self, edit: QLineEdit) -> None:
        spelling = LineEditSpelling(edit, self)
        spelling.set_checker(self.checker)
        self._line_edits.append(spelling)
        self._watch_context_menu(edit, edit)

    def _watch_context_menu(self, watched: QWidget, field: QWidget) -> None:
        self._menu_targets[watched] = field
        watched.installEventFilter(self)

    # ------------------------------------------------------------------ library and article

    def set_library(self, library) -> None:
        """Read the newsroom's learnt words; every checker starts again with them."""
        self._library = library
        self._article_id = None
        self._checkers.clear()
        self._install(None)
        if not self._load_dictionaries():
            return
        from editor_app.spelling import NewsroomWords

        self._newsroom = NewsroomWords(library.newsroom_words())

    def set_article(self, article_id: int | None, language: str = "") -> None:
        """Check the article now open in `language`, with its ignored words (None: no article)."""
        self._article_id = article_id
        if article_id is None or self._library is None or self._newsroom is None:
            self._install(None)
            return
        self._ignored = set(self._library.ignored_words(article_id))
        self._language = None  # so set_language installs even when the language is unchanged
        self.set_language(language)
        if self.checker is not None:
            self._recheck_everything()

    @Slot(str)
    def set_language(self, language: str) -> None:
        """The article's language changed (or was set): use that language's dictionary."""
        language = language.strip() or "en"
        if language == self._language or self._newsroom is None:
            return
        self._language = language
        from editor_app.spelling import SpellChecker, SpellingError

        try:
            tag = self._dictionaries.tag_for(language)
            checker = self._checkers.get(tag)
            if checker is None:
                checker = SpellChecker(self._dictionaries.open(language), language, self._newsroom)
                self._checkers[tag] = checker
        except SpellingError as problem:  # none installed, or a damaged one
            if language not in self._languages_said:
                self._languages_said.add(language)
                self.statusMessage.emit(str(problem))
            self._install(None)
            return
        checker.set_ignored_words(self._ignored)
        self._install(checker)

    def _load_dictionaries(self) -> bool:
        if self._dictionaries is not None:
            return True
        from editor_app.spelling import Dictionaries, SpellingUnavailableError

        dictionaries = Dictionaries()
        try:
            dictionaries.installed()
        except SpellingUnavailableError as unavailable:
            if not self._unavailable_said:
                self._unavailable_said = True
                self.statusMessage.emit(str(unavailable))
            return False
        self._dictionaries = dictionaries
        return True

    def _install(self, checker) -> None:
        self.checker = checker
        for highlighter in self._highlighters:
            highlighter.set_checker(checker)
        for line_edit in self._line_edits:
            line_edit.set_checker(checker)

    def _recheck_everything(self) -> None:
        for highlighter in self._highlighters:
            highlighter.recheck_blocks(0, highlighter.document().blockCount() - 1)
        for line_edit in self._line_edits:
            line_edit.recheck()

    def _recheck_word(self, word: str) -> None:
        for highlighter in self._highlighters:
            highlighter.recheck_word(word)
        for line_edit in self._line_edits:
            line_edit.recheck()

    # ------------------------------------------------------------------ learning

    def learn(self, word: str) -> None:
        """Add to Newsroom Dictionary: accepted at once here, stored in the library for every article."""
        if self.checker is None or self._library is None:
            return
        from editor_app.spelling.checker import word_to_learn

        word = word_to_learn(word)
        self.checker.learn(word)
        for other in self._checkers.values():
            if other is not self.checker:
                other.forget_misspelled_verdicts()
        self._recheck_word(word)
        self._writes.submit(self._library.add_newsroom_word, word)

    def ignore(self, word: str) -> None:
        """Ignore in this article: this article only, stored with it."""
        if self.checker is None or self._library is None or self._article_id is None:
            return
        self._ignored.add(word)
        self.checker.ignore(word)
        self._recheck_word(word)
        self._writes.submit(self._library.ignore_word, self._article_id, word)

    # ------------------------------------------------------------------ the context menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContextMenu and watched in self._menu_targets:
            menu = self.context_menu(self._menu_targets[watched], event.pos())
            if menu is not None:
                menu.exec(event.globalPos())
                menu.deleteLater()
                return True
        return super().eventFilter(watched, event)

    def misspelled_word_at(self, field: QWidget, pos: QPoint) -> tuple[int, int, str] | None:
        """(start, end, word) in the field's text of the misspelled word under `pos`, if any."""
        if self.checker is None:
            return None
        if isinstance(field, QLineEdit):
            text, offset, state = field.text(), 0, TEXT
            position = field.cursorPositionAt(pos)
        else:
            cursor = field.cursorForPosition(pos)
            block = cursor.block()
            previous = block.previous().userState() if block.previous().isValid() else -1
            text, offset, state = block.text(), block.position(), previous if previous >= 0 else AFTER_BLANK
            position = cursor.positionInBlock()
        for start, word in words_in_line(text, state)[0]:
            if start <= position <= start + len(word) and not self.checker.is_correct(word):
                return offset + start, offset + start + len(word), word
        return None

    def context_menu(self, field: QWidget, pos: QPoint) -> QMenu | None:
        """The field's own menu with the spelling actions on top, or None over a correct word."""
        found = self.misspelled_word_at(field, pos)
        if found is None:
            return None
        start, end, word = found
        menu = field.createStandardContextMenu()
        first = menu.actions()[0] if menu.actions() else None
        suggestions = self.checker.suggestions(word)
        for suggestion in suggestions:
            action = menu.addAction(suggestion)
            action.triggered.connect(partial(replace_text, field, start, end, suggestion))
            menu.insertAction(first, action)
        if not suggestions:
            action = menu.addAction(NO_SUGGESTIONS)
            action.setEnabled(False)
            menu.insertAction(first, action)
        menu.insertSeparator(first)
        learn = menu.addAction(ADD_TO_DICTIONARY)
        learn.triggered.connect(partial(self.learn, word))
        menu.insertAction(first, learn)
        ignore = menu.addAction(IGNORE_IN_ARTICLE)
        ignore.setEnabled(self._article_id is not None)
        ignore.triggered.connect(partial(self.ignore, word))
        menu.insertAction(first, ignore)
        if first is not None:
            menu.insertSeparator(first)
        return menu


def replace_text(field: QWidget, start: int, end: int, replacement: str, *_checked) -> None:
    """Put `replacement` in place of the field's text from `start` to `end`, as one undo step
    that the field reports as an edit (so the autosave stores it)."""
    if isinstance(field, QLineEdit):
        field.setSelection(start, end - start)
        field.insert(replacement)
        return
    cursor = QTextCursor(field.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(replacement)
