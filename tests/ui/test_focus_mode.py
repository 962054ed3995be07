"""Focus mode: by keys on and off, the layout put back exactly, the reading column,
typewriter scrolling and dimming that never touches the text or its undo history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from editor_app.ui.focus_mode import COLUMN_CHARACTERS, DIMMED_PROPERTY, column_margin
from tests.ui.conftest import type_text

LONG_BODY = "\n\n".join(f"Paragraph {n}: " + "the council met again to discuss the budget. " * 6 for n in range(80))


def open_long_article(window, library, body=LONG_BODY):
    # Smaller than the offscreen screen (800 x 800), as a window must be to come back the same.
    window.resize(780, 720)
    article = library.create_article(headline="Budget", body=body)
    window.library_pane.model.set_library(library)
    window.open_article(article.id)
    return article


def layout_of(window) -> dict:
    return {
        "main": window.splitter.sizes(),
        "side": window.side_panel.sizes(),
        "photos": window.photos.splitter.sizes(),
        "visible": [w.isVisible() for w in (window.library_pane, window.editor.fields, window.side_panel)],
        "enabled": [a.isEnabled() for a in (window.show_library_action, window.caption_desk_action)],
        "state": window.windowState(),
    }


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, key, modifier)


def test_f11_enters_and_escape_leaves_restoring_the_layout(qtbot, window, library):
    open_long_article(window, library)
    window.splitter.setSizes([200, 350, 230])
    window.side_panel.setSizes([250, 400])
    before = layout_of(window)
    size = window.size()
    body = window.editor.body
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)

    press(qtbot, body, Qt.Key.Key_F11)
    assert window.focus_mode.active and window.focus_mode_action.isChecked()
    assert not window.library_pane.isVisible() and not window.editor.fields.isVisible()
    assert not window.side_panel.isVisible()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.menuBar().isVisible() and window.counts_label.isVisible()  # menus and word count stay
    assert window.editor.outline.isVisible()
    assert not window.show_library_action.isEnabled()

    qtbot.waitUntil(lambda: window.size() != size)  # full screen

    press(qtbot, body, Qt.Key.Key_Escape)
    assert not window.focus_mode.active and not window.focus_mode_action.isChecked()
    qtbot.waitUntil(lambda: window.size() == size and layout_of(window) == before, timeout=3000)
    # And through the View menu's action, the same again.
    window.focus_mode_action.trigger()
    assert window.focus_mode.active
    qtbot.waitUntil(lambda: window.size() != size)
    window.focus_mode_action.trigger()
    qtbot.waitUntil(lambda: window.size() == size and layout_of(window) == before, timeout=3000)


def test_escape_in_the_find_bar_closes_the_bar_not_focus_mode(qtbot, window, library):
    open_long_article(window, library)
    window.focus_mode_action.trigger()
    window.show_find_replace()
    find_field = window.editor.find_bar.find_text
    qtbot.waitUntil(find_field.hasFocus)
    press(qtbot, find_field, Qt.Key.Key_Escape)
    assert not window.editor.find_bar.isVisible()
    assert window.focus_mode.active


def test_leaving_restores_hidden_panes_and_the_caption_desk(qtbot, window, library):
    open_long_article(window, library)
    window.show_preview_action.trigger()  # preview hidden before entering: stays hidden after
    assert not window.preview.isVisible()
    window.caption_desk_action.trigger()
    qtbot.waitUntil(lambda: sum(window.photos.splitter.sizes()) > window.width() // 2)  # the desk laid out
    desk_sizes = window.photos.splitter.sizes()
    window.focus_mode_action.trigger()
    assert window.editor.isVisible() and not window.photos.isVisible()
    window.focus_mode_action.trigger()
    assert window.caption_desk_action.isChecked() and not window.editor.isVisible()

    # The desk's minimum width makes the window wider than the offscreen screen (800 px),
    # so it comes back narrower: the sheet keeps its share of the photos pane.
    def sheet_share(sizes):
        return sizes[0] / sum(sizes)

    qtbot.waitUntil(lambda: abs(sheet_share(window.photos.splitter.sizes()) - sheet_share(desk_sizes)) < 0.02)
    assert not window.preview.isVisible() and window.show_preview_action.isEnabled()


def test_reading_column_about_seventy_characters_centred(qtbot, window, library):
    open_long_article(window, library)
    body = window.editor.body
    interface_font = body.font()
    window.focus_mode_action.trigger()
    qtbot.waitUntil(lambda: body.viewportMargins().left() > 0)
    margins = body.viewportMargins()
    assert margins.left() == margins.right()
    assert body.font().pointSizeF() > interface_font.pointSizeF()
    average = body.fontMetrics().averageCharWidth()
    assert abs(body.viewport().width() - average * COLUMN_CHARACTERS) <= 2 * average + 2
    # Narrower window: the column re-centred, never wider than the room there is.
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(900, 700)
    qtbot.waitUntil(lambda: body.viewportMargins().left() != margins.left(), timeout=3000)
    assert body.viewportMargins().left() == body.viewportMargins().right()
    window.focus_mode_action.trigger()
    assert body.viewportMargins().left() == 0 and body.font() == interface_font


def test_zoom_in_focus_mode_sizes_the_reading_font_and_the_writing_font_after(qtbot, window, library):
    open_long_article(window, library)
    body = window.editor.body
    window.focus_mode_action.trigger()
    reading = body.font().pointSizeF()
    window.zoom_in_action.trigger()
    assert body.font().pointSizeF() == reading + 1
    window.focus_mode_action.trigger()
    window.zoom_out_action.trigger()
    after_round_trip = body.font()
    window.zoom_in_action.trigger()
    window.zoom_out_action.trigger()
    assert body.font() == after_round_trip


def test_column_margin_leaves_a_centred_column(qapp):
    from PySide6.QtGui import QFont, QFontMetricsF

    font = QFont()
    column = QFontMetricsF(font).averageCharWidth() * COLUMN_CHARACTERS
    assert column_margin(int(column) + 400, font) in (199, 200)
    assert column_margin(10, font) == 0  # a column wider than the room: no margin, never negative


def cursor_line_offset(body) -> float:
    """How far the cursor's line is from the middle of the view, in lines."""
    middle = body.viewport().height() / 2
    return abs(body.cursorRect().center().y() - middle) / body.fontMetrics().lineSpacing()


@pytest.mark.parametrize("where", ["middle", "end"])
def test_typewriter_scrolling_keeps_the_line_at_mid_height(where, qtbot, window, library):
    open_long_article(window, library)
    window.focus_mode.typewriter_action.setChecked(True)
    window.focus_mode_action.trigger()
    body = window.editor.body
    body.setFocus()
    cursor = body.textCursor()
    if where == "end":
        cursor.movePosition(QTextCursor.MoveOperation.End)
    else:
        cursor.setPosition(len(LONG_BODY) // 2)
    body.setTextCursor(cursor)
    type_text(qtbot, body, "\nA new line typed here.\nAnd another.")
    qtbot.waitUntil(lambda: cursor_line_offset(body) <= 1.5, timeout=3000)
    for _ in range(5):
        press(qtbot, body, Qt.Key.Key_Down if where == "middle" else Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: cursor_line_offset(body) <= 1.5, timeout=3000)


def test_without_typewriter_scrolling_the_line_is_not_centred(qtbot, window, library):
    open_long_article(window, library)
    window.focus_mode.typewriter_action.setChecked(False)
    window.focus_mode_action.trigger()
    body = window.editor.body
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.wait(50)
    assert cursor_line_offset(body) > 3  # at the foot of the view: the check above can fail


def test_dimming_leaves_text_undo_and_saving_alone(qtbot, window, library):
    article = open_long_article(window, library)
    body = window.editor.body
    document = body.document()
    body.setFocus()
    type_text(qtbot, body, "Typed first. ")
    text_before = body.toPlainText()
    dirty_before = window.editor.has_pending_changes
    window.autosaver.save_now()
    qtbot.waitUntil(lambda: not window.editor.has_pending_changes, timeout=5000)
    # Leaving the paragraph just typed in lets the spellchecker underline its last word,
    # which is a highlighting pass that counts as a document revision: done before the count.
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.wait(50)
    undo_steps = document.availableUndoSteps()
    revision = document.revision()

    window.focus_mode.dimming_action.setChecked(True)
    window.focus_mode_action.trigger()
    cursor = body.textCursor()
    cursor.setPosition(len(text_before) // 2)
    body.setTextCursor(cursor)
    dimmed = [s for s in body.extraSelections() if s.format.hasProperty(DIMMED_PROPERTY)]
    assert len(dimmed) == 2  # before and after the paragraph being edited
    current = cursor.block()
    assert dimmed[0].cursor.selectionEnd() <= current.position()
    assert dimmed[1].cursor.selectionStart() >= current.position() + current.length() - 1
    body.moveCursor(QTextCursor.MoveOperation.Start)
    assert body.toPlainText() == text_before
    assert document.availableUndoSteps() == undo_steps and document.revision() == revision
    assert not window.editor.has_pending_changes and dirty_before
    assert library.get_article(article.id).body == text_before

    window.focus_mode_action.trigger()
    assert not any(s.format.hasProperty(DIMMED_PROPERTY) for s in body.extraSelections())


def test_dimming_keeps_other_extra_selections(qtbot, window, library):
    from PySide6.QtWidgets import QTextEdit

    open_long_article(window, library)
    body = window.editor.body
    found = QTextEdit.ExtraSelection()
    found.cursor = body.document().find("council")
    body.setExtraSelections([found])
    window.focus_mode.dimming_action.setChecked(True)
    window.focus_mode_action.trigger()
    kept = [s.cursor.selectedText() for s in body.extraSelections() if not s.format.hasProperty(DIMMED_PROPERTY)]
    assert kept == ["council"]
    assert any(s.format.hasProperty(DIMMED_PROPERTY) for s in body.extraSelections())
    window.focus_mode_action.trigger()
    assert [s.cursor.selectedText() for s in body.extraSelections()] == ["council"]


def test_options_are_remembered(qtbot, make_window, library, tmp_path):
    from editor_app.library import Library

    first = make_window(library)
    first.focus_mode.typewriter_action.trigger()
    first.focus_mode.dimming_action.trigger()
    assert first.focus_mode.typewriter_action.isChecked() and first.focus_mode.dimming_action.isChecked()
    first.close()
    second = make_window(Library.open(library.path))
    assert second.focus_mode.typewriter_action.isChecked() and second.focus_mode.dimming_action.isChecked()
    second.focus_mode.dimming_action.trigger()
    second.close()
    third = make_window(Library.open(library.path))
    assert third.focus_mode.typewriter_action.isChecked() and not third.focus_mode.dimming_action.isChecked()
