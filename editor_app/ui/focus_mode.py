"""Focus mode: the body alone, full screen, in a centred reading column.

Entering hides the library, the article fields and the photos and preview, and takes the
window full screen; the menus stay (every command stays reachable) and so does the status
bar, which carries the word count. The text sits in a column about `COLUMN_CHARACTERS`
wide, worked out from the reading font's metrics and centred again whenever the editor
is resized. Two options, kept in the settings: typewriter scrolling keeps the line being
written at mid-height (the editor may scroll past the end so the last line can be
centred too), and dimming greys every paragraph but the one being edited.

Dimming is drawn with extra selections, never with document formats: it does not touch
the text, its undo history or what is saved. Leaving restores exactly what was there:
splitter sizes, which panes showed, the caption desk, the window's state and geometry,
the body's font and margins.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QColor, QFont, QFontDatabase, QFontMetricsF, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

COLUMN_CHARACTERS = 70
# Serif faces made for reading on screen, the first installed one wins; the system font otherwise.
READING_FAMILIES = ("Charter", "Source Serif 4", "Source Serif Pro", "Georgia", "Noto Serif", "DejaVu Serif",
                    "Liberation Serif", "Cambria", "Times New Roman")  # fmt: skip
READING_POINT_SIZE = 14.0  # at least this, or the system size and a quarter, whichever is larger
# How long after leaving full screen a late resize from the window manager may still come
# and re-spread the splitters; the saved sizes are put back once more when it does.
SETTLE_MS = 1000
# Marks the extra selections dimming owns, so the ones others set (find, spelling) stay.
DIMMED_PROPERTY = QTextFormat.Property.UserProperty + 0x0F0C
DIMMED_OPACITY = 0.38
TYPEWRITER_KEY = "focus/typewriter_scrolling"
DIMMING_KEY = "focus/dim_paragraphs"


@dataclass
class SavedLayout:
    """What entering focus mode changed, to be put back as it was."""

    window_state: Qt.WindowState
    geometry: QByteArray
    splitters: dict  # the writing layout's, to put back before the caption desk comes back
    shown_splitters: dict  # what was on screen: the caption desk's when it was on
    visible: dict
    caption_desk: bool
    view_actions_enabled: dict
    body_font: QFont
    body_margins: tuple[int, int, int, int]
    centre_on_scroll: bool
    zoom_steps: int


def reading_font(base: QFont, zoom_steps: int = 0) -> QFont:
    """A comfortable serif for long reading, a size up from the interface's."""
    installed = set(QFontDatabase.families())
    font = QFont(base)
    for family in READING_FAMILIES:
        if family in installed:
            font.setFamilies([family, *base.families()])
            break
    size = max(READING_POINT_SIZE, (base.pointSizeF() if base.pointSizeF() > 0 else 10.0) * 1.25)
    font.setPointSizeF(max(6.0, size + zoom_steps))
    return font


def column_margin(available_width: int, font: QFont, characters: int = COLUMN_CHARACTERS) -> int:
    """The left and right margin that leaves a centred column `characters` wide."""
    column = QFontMetricsF(font).averageCharWidth() * characters
    return max(0, int((available_width - column) / 2))


def paragraph_blocks(cursor_block) -> tuple:
    """The first and last block of the paragraph around a block: the run of non-blank lines.

    A blank line is its own paragraph, so the writer starting a new one sees only that.
    """
    first = last = cursor_block
    if cursor_block.text().strip():
        while first.previous().isValid() and first.previous().text().strip():
            first = first.previous()
        while last.next().isValid() and last.next().text().strip():
            last = last.next()
    return first, last


class FocusMode(QObject):
    """Focus mode for a `MainWindow`: its action, its two options and the layout it saves."""

    def __init__(self, window, settings, action: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.action = action
        self.typewriter_action = self._option("&Typewriter Scrolling", "Keep the line being written at mid-height")
        self.dimming_action = self._option("&Dim Other Paragraphs", "Grey every paragraph but the one being edited")
        self.zoom_steps = 0
        self.saved: SavedLayout | None = None
        self._dimmed_paragraph: tuple[int, int] | None = None  # its first and last block numbers
        self._settling = QTimer(self)
        self._settling.setSingleShot(True)
        self._settling.setInterval(SETTLE_MS)
        self._settling.timeout.connect(self._stop_watching_window)
        self._settle_splitters: dict = {}
        self.typewriter_action.setChecked(settings.preference(TYPEWRITER_KEY))
        self.dimming_action.setChecked(settings.preference(DIMMING_KEY))
        self.typewriter_action.toggled.connect(self.set_typewriter_scrolling)
        self.dimming_action.toggled.connect(self.set_dimming)

    def _option(self, text: str, tip: str) -> QAction:
        option = QAction(text, self.window)
        option.setCheckable(True)
        option.setStatusTip(f"In Focus Mode: {tip[:1].lower()}{tip[1:]}")
        option.setToolTip(option.statusTip())
        return option

    @property
    def body(self) -> QPlainTextEdit:
        return self.window.editor.body

    @property
    def active(self) -> bool:
        return self.saved is not None

    # ------------------------------------------------------------------ on and off

    def set_active(self, on: bool) -> None:
        if on == self.active:
            return
        if on:
            self._enter()
        else:
            self._leave()
        if self.action.isChecked() != on:
            self.action.setChecked(on)

    def _enter(self) -> None:
        window = self.window
        body = self.body
        margins = body.viewportMargins()
        self.saved = SavedLayout(
            window_state=window.windowState(),
            geometry=window.saveGeometry(),
            splitters={},
            shown_splitters=self._splitter_states(),
            visible={},
            caption_desk=window.caption_desk_action.isChecked(),
            view_actions_enabled={},
            body_font=QFont(body.font()),
            body_margins=(margins.left(), margins.top(), margins.right(), margins.bottom()),
            centre_on_scroll=body.centerOnScroll(),
            zoom_steps=self.zoom_steps,
        )
        if self.saved.caption_desk:  # the desk hides the editor; focus mode is the editor
            window.set_caption_desk(False)
        self.saved.splitters = self._splitter_states()
        self.saved.visible = {widget: widget.isVisible() for widget in self._hidden_widgets()}
        for action in self._view_actions():
            self.saved.view_actions_enabled[action] = action.isEnabled()
            action.setEnabled(False)
        for widget in self._hidden_widgets():
            widget.hide()
        window.setWindowState(window.windowState() | Qt.WindowState.WindowFullScreen)
        body.installEventFilter(self)
        window.installEventFilter(self)
        body.cursorPositionChanged.connect(self._cursor_moved)
        self.apply_font()
        self._apply_options()
        body.setFocus(Qt.FocusReason.OtherFocusReason)

    def _leave(self) -> None:
        window = self.window
        body = self.body
        saved = self.saved
        self.saved = None
        body.removeEventFilter(self)
        body.cursorPositionChanged.disconnect(self._cursor_moved)
        self._clear_dimming()
        body.setViewportMargins(*saved.body_margins)
        body.setCenterOnScroll(saved.centre_on_scroll)
        if self.zoom_steps == saved.zoom_steps:
            body.setFont(saved.body_font)
        else:  # zoomed while in focus mode: the writing font at the new size
            window.editor.zoom(self.zoom_steps)
        window.setWindowState(saved.window_state)
        if not saved.window_state & (Qt.WindowState.WindowFullScreen | Qt.WindowState.WindowMaximized):
            window.restoreGeometry(saved.geometry)
        for widget, visible in saved.visible.items():
            widget.setVisible(visible)
        for action, enabled in saved.view_actions_enabled.items():
            action.setEnabled(enabled)
        self._restore_splitters(saved.splitters)
        if saved.caption_desk:
            window.set_caption_desk(True)
            self._restore_splitters(saved.shown_splitters)
        # A window manager resizes the window a moment after the state changes, which
        # spreads the splitters by their stretch factors: the sizes go back once more then.
        self._settle_splitters = saved.shown_splitters
        self._settling.start()

    @Slot()
    def _stop_watching_window(self) -> None:
        if not self.active:
            self.window.removeEventFilter(self)

    def _hidden_widgets(self) -> list:
        window = self.window
        return [window.library_pane, window.editor.fields, window.side_panel]

    def _view_actions(self) -> list:
        window = self.window
        return [window.show_library_action, window.show_fields_action, window.show_preview_action,
                window.show_photos_action, window.caption_desk_action]  # fmt: skip

    def _splitters(self) -> dict:
        window = self.window
        return {"main": window.splitter, "side": window.side_panel, "photos": window.photos.splitter}

    def _splitter_states(self) -> dict:
        return {name: splitter.saveState() for name, splitter in self._splitters().items()}

    def _restore_splitters(self, states: dict) -> None:
        for name, splitter in self._splitters().items():
            splitter.restoreState(states[name])

    # ------------------------------------------------------------------ events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.Resize and self.active:
            QTimer.singleShot(0, self._centre_column)
        elif watched is self.window:
            if event.type() == QEvent.Type.KeyPress and self.active and event.key() == Qt.Key.Key_Escape:
                # Reaches the window only when nothing inside used Escape (a find bar, a popup).
                self.set_active(False)
                return True
            if event.type() == QEvent.Type.Resize and not self.active and self._settling.isActive():
                QTimer.singleShot(0, self._resettle)
        return super().eventFilter(watched, event)

    @Slot()
    def _resettle(self) -> None:
        if not self.active and self._settling.isActive():
            self._restore_splitters(self._settle_splitters)

    # ------------------------------------------------------------------ the column

    def set_zoom_steps(self, steps: int) -> None:
        self.zoom_steps = steps
        if self.active:
            self.apply_font()

    def apply_font(self) -> None:
        self.body.setFont(reading_font(self.saved.body_font if self.saved else self.body.font(), self.zoom_steps))
        self._centre_column()

    @Slot()
    def _centre_column(self) -> None:
        if not self.active:
            return
        body = self.body
        available = body.width() - 2 * body.frameWidth()
        if body.verticalScrollBar().isVisible():
            available -= body.verticalScrollBar().width()
        margin = column_margin(available, body.font())
        current = body.viewportMargins()
        if (current.left(), current.right()) != (margin, margin):
            body.setViewportMargins(margin, current.top(), margin, current.bottom())
        if self.typewriter_action.isChecked():
            body.centerCursor()

    # ------------------------------------------------------------------ options

    def _apply_options(self) -> None:
        self.set_typewriter_scrolling(self.typewriter_action.isChecked(), remember=False)
        self.set_dimming(self.dimming_action.isChecked(), remember=False)

    @Slot(bool)
    def set_typewriter_scrolling(self, on: bool, remember: bool = True) -> None:
        if remember:
            self.settings.set_preference(TYPEWRITER_KEY, on)
        if not self.active:
            return
        # Scrolling past the end lets the last line of the article come to mid-height too.
        self.body.setCenterOnScroll(on or self.saved.centre_on_scroll)
        if on:
            self.body.centerCursor()

    @Slot(bool)
    def set_dimming(self, on: bool, remember: bool = True) -> None:
        if remember:
            self.settings.set_preference(DIMMING_KEY, on)
        if not self.active:
            return
        self._dimmed_paragraph = None
        if on:
            self._dim_around_cursor()
        else:
            self._clear_dimming()

    @Slot()
    def _cursor_moved(self) -> None:
        if self.typewriter_action.isChecked():
            self.body.centerCursor()
        if self.dimming_action.isChecked():
            self._dim_around_cursor()

    def _dim_around_cursor(self) -> None:
        """Dim all but the cursor's paragraph; typing inside it changes nothing here.

        The dimmed stretches are live cursors that follow the edits, so they are only set
        again when the cursor's paragraph is another run of lines (numbered by block, not
        by position, which every keystroke moves). Text typed at the very start of the
        paragraph stays undimmed: the stretch before it keeps its end on an insertion there.
        """
        body = self.body
        first, last = paragraph_blocks(body.textCursor().block())
        paragraph = (first.blockNumber(), last.blockNumber())
        if paragraph == self._dimmed_paragraph:
            return
        self._dimmed_paragraph = paragraph
        bounds = (first.position(), last.position() + last.length() - 1)
        text = body.palette().color(QPalette.ColorRole.Text)
        base = body.palette().color(QPalette.ColorRole.Base)
        faded = QColor.fromRgbF(
            text.redF() * DIMMED_OPACITY + base.redF() * (1 - DIMMED_OPACITY),
            text.greenF() * DIMMED_OPACITY + base.greenF() * (1 - DIMMED_OPACITY),
            text.blueF() * DIMMED_OPACITY + base.blueF() * (1 - DIMMED_OPACITY),
        )
        selections = self._others_selections()
        end = body.document().characterCount() - 1
        for start, stop in ((0, bounds[0]), (bounds[1], end)):
            if stop <= start:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(body.document())
            cursor.setPosition(start)
            cursor.setPosition(stop, QTextCursor.MoveMode.KeepAnchor)
            cursor.setKeepPositionOnInsert(stop == bounds[0])  # the stretch before the paragraph
            selection.cursor = cursor
            selection.format.setForeground(faded)
            selection.format.setProperty(DIMMED_PROPERTY, True)
            selections.append(selection)
        body.setExtraSelections(selections)

    def _others_selections(self) -> list:
        return [s for s in self.body.extraSelections() if not s.format.hasProperty(DIMMED_PROPERTY)]

    def _clear_dimming(self) -> None:
        self._dimmed_paragraph = None
        others = self._others_selections()
        if len(others) != len(self.body.extraSelections()):
            self.body.setExtraSelections(others)
