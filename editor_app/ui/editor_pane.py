"""The article editor: news fields above a Markdown body with highlighting.

The pane never writes to the library itself. It tracks which fields the writer has
touched since the last save (`pending_changes`) and tells the window through `edited`
that something changed; the autosaver decides when to write. Word and character counts
are worked out after a pause (`countsChanged`), never per keystroke, and then only for
the lines edited since (`RunningCounts`), so a 20,000-word article types as fast as an
empty one.
"""

from __future__ import annotations

import dataclasses
from functools import partial

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..model import STATUS_LABELS
from .find_replace import FindReplaceBar
from .highlighter import MarkdownHighlighter
from .language_chooser import LanguageChooser
from .large_edits import LargeEditWatcher
from .outline import SubheadOutline
from .running_counts import RunningCounts


def is_right_to_left(language: str) -> bool:
    """The preview's own rule, so the editor and the page never disagree (sd-Deva, az-Arab...).

    Imported here, not at the top: the renderer loads Markdown, which first paint does not need.
    """
    from editor_app.render.language import text_direction

    return text_direction(language or "") == "rtl"


def split_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


class BodyEditor(QPlainTextEdit):
    """The Markdown body; re-colours its highlighting when the system palette changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.highlighter = MarkdownHighlighter(self.document(), self.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.refresh_formats(self.palette())

    def cursor_line(self) -> int:
        """The line the cursor is on, 1-based (the preview shows the element made from it)."""
        return self.textCursor().blockNumber() + 1


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the earlier ones."""

    def pathFromIndex(self, index) -> str:
        chosen = super().pathFromIndex(index)
        widget = self.widget()
        earlier = widget.text().rsplit(",", 1)[0] if isinstance(widget, QLineEdit) and "," in widget.text() else ""
        return f"{earlier}, {chosen}" if earlier else chosen

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]


class ArticleEditorPane(QWidget):
    edited = Signal()  # any field changed by the writer
    countsChanged = Signal(int, int, int)  # words, characters, target words (0: none)
    languageChanged = Signal(str)
    largeEdit = Signal(object)  # a LargeEdit: most of a field replaced at once, its text before

    def __init__(self, counts_delay_ms: int = 250, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleEditorPane")
        self.setAccessibleName("Article editor")
        self.article = None
        self._dirty: set[str] = set()
        self._loading = False

        self.headline = QLineEdit()
        self.standfirst = QPlainTextEdit()
        self.standfirst.setTabChangesFocus(True)
        self.standfirst.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.byline = QLineEdit()
        self.dateline = QLineEdit()
        self.section = QLineEdit()
        self.section.setPlaceholderText("e.g. News / Politics")
        self.section_completer = QCompleter(QStringListModel(self), self)
        self.section_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.section_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.section.setCompleter(self.section_completer)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("comma, separated, tags")
        self.tag_completer = TagCompleter(QStringListModel(self), self)
        self.tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(self.tag_completer)
        self.status = QComboBox()
        for value, label in STATUS_LABELS.items():
            self.status.addItem(label, value)
        self.language = LanguageChooser()
        self.target_words = QSpinBox()
        self.target_words.setRange(0, 100_000)
        self.target_words.setSingleStep(50)
        self.target_words.setSpecialValueText("No target")
        self.target_words.setSuffix(" words")
        self.slug = QLineEdit()
        self.slug.setPlaceholderText("made from the headline")
        self.editor_note = QPlainTextEdit()
        self.editor_note.setTabChangesFocus(True)
        self.editor_note.setPlaceholderText("Notes for the desk; never exported")
        self.editor_note.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        self.body = BodyEditor()
        self.body.setTabChangesFocus(False)
        self.body_counts = RunningCounts(self.body.document(), self)
        self.outline = SubheadOutline(self.body)
        self.find_bar = FindReplaceBar(self.body)
        self.find_bar.hide()

        self._name_controls()
        self._lay_out()

        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(counts_delay_ms)
        self._counts_timer.timeout.connect(self.update_counts)

        self._watch_large_edits()
        self.headline.textEdited.connect(partial(self._field_edited, "headline"))
        self.standfirst.textChanged.connect(partial(self._document_edited, "standfirst"))
        self.byline.textEdited.connect(partial(self._field_edited, "byline"))
        self.dateline.textEdited.connect(partial(self._field_edited, "dateline"))
        self.section.textChanged.connect(partial(self._field_edited, "section"))
        self.tags.textChanged.connect(partial(self._field_edited, "tags"))
        self.status.currentIndexChanged.connect(partial(self._field_edited, "status"))
        self.language.currentTextChanged.connect(self._language_edited)
        self.target_words.valueChanged.connect(self._target_edited)
        self.slug.textEdited.connect(partial(self._field_edited, "slug"))
        self.editor_note.textChanged.connect(partial(self._document_edited, "editor_note"))
        self.body.textChanged.connect(self._body_edited)
        self.set_enabled_for_article(False)

    def _watch_large_edits(self) -> None:
        """Most of a text field replaced in one step is reported with the text from before."""
        self._large_edit_watchers = {}
        self._seen_text_changes: dict[str, int] = {}
        for name in ("headline", "standfirst", "body", "editor_note"):
            watcher = LargeEditWatcher(name, getattr(self, name), self)
            watcher.largeEdit.connect(self._large_edit)
            self._large_edit_watchers[name] = watcher
        body_watcher = self._large_edit_watchers["body"]
        self.find_bar.replaceAllStarted.connect(body_watcher.begin_replace_all)
        self.find_bar.replaceAllFinished.connect(body_watcher.end_replace_all)

    @Slot(object)
    def _large_edit(self, edit) -> None:
        if not self._loading and self.article is not None:
            self.largeEdit.emit(edit)

    # ------------------------------------------------------------------ layout

    def _name_controls(self) -> None:
        names = {
            self.headline: ("Headline", "The article's headline"),
            self.standfirst: ("Standfirst", "The summary below the headline"),
            self.byline: ("Byline", "Who wrote the article"),
            self.dateline: ("Dateline", "Where the story was filed, e.g. TEHRAN"),
            self.section: ("Section", "Section path such as News / Politics"),
            self.tags: ("Tags", "Comma-separated tags"),
            self.status: ("Status", "Draft, in edit, ready or published"),
            self.language: ("Language", "Language tag such as en, fa or ar-EG; sets the text direction"),
            self.target_words: ("Target length", "Target length in words"),
            self.slug: ("Slug", "The article's name in links and file names; must be unique"),
            self.editor_note: ("Editor's note", "Notes for the desk, kept with the article and never exported"),
            self.body: ("Body", "The article text in Markdown"),
        }
        for widget, (name, description) in names.items():
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)
            widget.setToolTip(description)

    def _lay_out(self) -> None:
        self.fields = QWidget()
        self.fields.setAccessibleName("Article fields")
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label("Headli&ne", self.headline), self.headline)
        form.addRow(self._label("Standfi&rst", self.standfirst), self.standfirst)
        # No row holds more than three fields: the widest row sets the editor's least width,
        # and with it the window's (it must fit a 1280 x 720 laptop beside the other panes).
        people = QHBoxLayout()
        people.addWidget(self.byline, 2)
        people.addWidget(self._label("&Dateline", self.dateline))
        people.addWidget(self.dateline, 1)
        people.addWidget(self._label("&Language", self.language))
        people.addWidget(self.language)
        form.addRow(self._label("&Byline", self.byline), people)
        filing = QHBoxLayout()
        filing.addWidget(self.section, 2)
        filing.addWidget(self._label("&Tags", self.tags))
        filing.addWidget(self.tags, 2)
        form.addRow(self._label("&Section", self.section), filing)
        state = QHBoxLayout()
        state.addWidget(self.status)
        state.addWidget(self._label("Tar&get", self.target_words))
        state.addWidget(self.target_words)
        state.addStretch(1)
        form.addRow(self._label("Stat&us", self.status), state)
        desk = QHBoxLayout()
        desk.addWidget(self.slug, 2)
        desk.addWidget(self._label("No&te", self.editor_note))
        desk.addWidget(self.editor_note, 3)
        form.addRow(self._label("Sl&ug", self.slug), desk)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.fields)
        layout.addWidget(self.outline)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.find_bar)
        self.setTabOrder(self.headline, self.standfirst)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # ------------------------------------------------------------------ loading

    def set_enabled_for_article(self, enabled: bool) -> None:
        self.fields.setEnabled(enabled)
        self.body.setEnabled(enabled)
        if not enabled:
            self.body.setPlaceholderText("No article open. Choose File > New Article (Ctrl+N) to start one.")
        else:
            self.body.setPlaceholderText("Write the story here, in Markdown.")

    def load_article(self, article) -> None:
        """Show `article`; resets every field's undo history (a new document)."""
        self._loading = True
        try:
            self.article = article
            self.headline.setText(article.headline)
            self.standfirst.setPlainText(article.standfirst)
            self.byline.setText(article.byline)
            self.dateline.setText(article.dateline)
            self.section.setText(article.section)
            self.tags.setText(", ".join(article.tags))
            index = self.status.findData(article.status)
            self.status.setCurrentIndex(max(0, index))
            self.language.set_code(article.language)
            self.target_words.setValue(article.target_words or 0)
            self.slug.setText(article.slug)
            self.editor_note.setPlainText(article.editor_note)
            self.body.setPlainText(article.body)
            self.apply_text_direction(article.language)
        finally:
            self._loading = False
        self.outline.refresh()
        self._dirty.clear()
        self.set_enabled_for_article(True)
        self.body_counts.reset()
        self.update_counts()

    def clear_article(self) -> None:
        self._loading = True
        try:
            self.article = None
            for line in (self.headline, self.byline, self.dateline, self.section, self.tags, self.slug):
                line.clear()
            self.standfirst.clear()
            self.editor_note.clear()
            self.body.clear()
            self.target_words.setValue(0)
        finally:
            self._loading = False
        self.outline.refresh()
        self._dirty.clear()
        self.set_enabled_for_article(False)
        self.countsChanged.emit(0, 0, 0)

    def set_completions(self, sections: list[str], tags: list[str]) -> None:
        self.section_completer.model().setStringList(sections)
        self.tag_completer.model().setStringList(tags)

    # ------------------------------------------------------------------ edits

    @Slot()
    def _field_edited(self, name: str, *_signal_args) -> None:
        if self._loading or self.article is None:
            return
        self._dirty.add(name)
        self.edited.emit()

    def _text_changed(self, name: str) -> bool:
        """Whether the text of document field `name` changed since its last textChanged
        (not only its highlighting: spelling underlines re-mark blocks and fire textChanged)."""
        changes = self._large_edit_watchers[name].text_changes
        changed = changes != self._seen_text_changes.get(name)
        self._seen_text_changes[name] = changes
        return changed

    @Slot()
    def _document_edited(self, name: str) -> None:
        if self._text_changed(name):
            self._field_edited(name)

    @Slot()
    def _body_edited(self) -> None:
        if not self._text_changed("body") or self._loading or self.article is None:
            return
        self._dirty.add("body")
        self._counts_timer.start()
        self.edited.emit()

    @Slot(int)
    def _target_edited(self, _value: int) -> None:
        self._field_edited("target_words")
        self._counts_timer.start()

    @Slot(str)
    def _language_edited(self, _text: str) -> None:
        code = self.language.code()
        self.apply_text_direction(code)
        self._field_edited("language")
        if not self._loading:
            self.languageChanged.emit(code)

    def apply_text_direction(self, language: str) -> None:
        """Right-to-left editing for Persian, Arabic, Hebrew, Urdu...; left-to-right otherwise."""
        direction = Qt.LayoutDirection.RightToLeft if is_right_to_left(language) else Qt.LayoutDirection.LeftToRight
        for widget in (self.headline, self.standfirst, self.byline, self.dateline, self.body):
            widget.setLayoutDirection(direction)
        for document in (self.body.document(), self.standfirst.document()):
            option = document.defaultTextOption()
            option.setTextDirection(direction)
            option.setAlignment(
                Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignAbsolute
                if direction == Qt.LayoutDirection.LeftToRight
                else Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
            )
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            document.setDefaultTextOption(option)

    @property
    def has_pending_changes(self) -> bool:
        return bool(self._dirty)

    def value_of(self, name: str):
        if name == "headline":
            return self.headline.text()
        if name == "standfirst":
            return self.standfirst.toPlainText()
        if name == "byline":
            return self.byline.text()
        if name == "dateline":
            return self.dateline.text()
        if name == "section":
            return self.section.text()
        if name == "tags":
            return split_tags(self.tags.text())
        if name == "status":
            return self.status.currentData()
        if name == "language":
            return self.language.code() or "en"
        if name == "target_words":
            return self.target_words.value() or None
        if name == "slug":
            return self.slug.text().strip()
        if name == "editor_note":
            return self.editor_note.toPlainText()
        if name == "body":
            return self.body.toPlainText()
        raise KeyError(name)

    def pending_changes(self) -> dict:
        """The fields touched since the last save, with their current values."""
        return {name: self.value_of(name) for name in self._dirty}

    def mark_saved(self, saved: dict, article) -> None:
        """Forget the fields just written unless they changed again while saving."""
        for name, value in saved.items():
            if self.value_of(name) == value:
                self._dirty.discard(name)
        self.article = article
        if "slug" not in self._dirty and self.slug.text() != article.slug:
            # The library's normal form ("Rally Day!" -> rally-day), or the slug that
            # followed a headline edit.
            self.slug.setText(article.slug)

    def revert_slug(self) -> None:
        """Show the stored slug again after the one typed was refused."""
        self._dirty.discard("slug")
        if self.article is not None:
            self.slug.setText(self.article.slug)

    def current_article(self):
        """The article as the writer sees it now (saved fields overlaid with unsaved ones)."""
        if self.article is None:
            return None
        changes = self.pending_changes()
        if "tags" in changes:
            changes["tags"] = tuple(changes["tags"])
        if "language" in changes and not changes["language"]:
            changes["language"] = "en"
        return dataclasses.replace(self.article, **changes)

    def set_status(self, status: str) -> None:
        index = self.status.findData(status)
        if index >= 0:
            self.status.setCurrentIndex(index)

    def insert_placement(self, placement_id: int) -> None:
        """Put `![](placement:ID)` on a line of its own at the cursor, as one undo step."""
        cursor = self.body.textCursor()
        cursor.beginEditBlock()
        if cursor.hasSelection():
            cursor.removeSelectedText()
        block_text = cursor.block().text()
        before = "" if cursor.positionInBlock() == 0 else "\n\n"
        after = "\n\n" if cursor.positionInBlock() < len(block_text) or not cursor.atEnd() else "\n"
        if cursor.positionInBlock() == 0 and cursor.block().previous().isValid() and cursor.block().previous().text():
            before = "\n"
        cursor.insertText(f"{before}![](placement:{placement_id}){after}")
        cursor.endEditBlock()
        self.body.setTextCursor(cursor)
        self.body.setFocus()

    def zoom(self, steps: int) -> None:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(6.0, font.pointSizeF() + steps))
        self.body.setFont(font)

    # ------------------------------------------------------------------ counts

    @Slot()
    def update_counts(self) -> None:
        """Count the body's words and characters, recounting only the lines edited since the
        last count (a pause after typing costs a line's count, not the 25-40 ms of 20,000
        words). Never in a worker: counting is Python, and a worker holding the interpreter
        lock makes every keystroke wait for it (a keystroke took ~30 ms instead of ~2 ms)."""
        words, characters = self.body_counts.counts()
        self.countsChanged.emit(words, characters, self.target_words.value())

    def show_find_bar(self, replace: bool = True) -> None:
        self.find_bar.show_for(self.body.textCursor().selectedText(), replace)
