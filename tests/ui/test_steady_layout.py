"""Nothing the window says or opens moves the panes.

The issue's near loss: opening the find bar widened the editor pane (the bar asked for
more than the pane had), the splitters gave the room back from the library and the side
panel, and a click meant for one box landed in another. Here every splitter's sizes, the
central widget's geometry and the window's size are compared before and after.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter

from editor_app.ui.find_replace import FIELD_MIN_CHARACTERS
from editor_app.ui.workers import JobCancelled, StatusBarJob

NARROWEST = (200, 600)  # below the window's minimum: Qt keeps the minimum


def layout_of(qtbot, window) -> dict:
    qtbot.wait(1)  # let queued layout requests run
    return {
        "splitters": {s.objectName(): s.sizes() for s in window.findChildren(QSplitter)},
        "central": window.centralWidget().geometry(),
        "window": window.size(),
    }


@pytest.fixture
def writing_window(window, fixture_article):
    window.open_article(fixture_article.id)
    return window


@pytest.mark.parametrize("size", [(1400, 900), NARROWEST])
def test_the_find_bar_opens_and_closes_without_moving_a_pane(size, qtbot, writing_window):
    window = writing_window
    window.resize(*size)
    before = layout_of(qtbot, window)
    window.editor.body.setFocus()
    qtbot.keyClick(window.editor.body, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.find_bar.isVisible()
    assert layout_of(qtbot, window) == before
    qtbot.keyClicks(window.editor.find_bar.find_text, "no such words anywhere")
    qtbot.keyClick(window.editor.find_bar.find_text, Qt.Key.Key_Return)
    assert window.editor.find_bar.message.text() == "Not found"
    assert layout_of(qtbot, window) == before
    qtbot.keyClick(window.editor.find_bar.find_text, Qt.Key.Key_Escape)
    assert not window.editor.find_bar.isVisible()
    assert layout_of(qtbot, window) == before


def test_the_find_fields_are_wide_enough_to_read(qtbot, writing_window):
    bar = writing_window.editor.find_bar
    writing_window.show_find_replace()
    qtbot.waitUntil(bar.isVisible)
    readable = bar.fontMetrics().averageCharWidth() * FIELD_MIN_CHARACTERS
    assert bar.find_text.width() >= readable
    assert bar.replace_text.width() >= readable
    width = bar.message.width()
    bar.message.setText("12,345 replaced")
    assert bar.message.width() == width


def test_escape_closes_the_find_bar_from_the_body_and_from_the_bar(qtbot, writing_window):
    editor = writing_window.editor
    editor.body.setFocus()
    for start in (editor.body, editor.find_bar.find_text, editor.find_bar.match_case):
        writing_window.show_find_replace()
        start.setFocus()
        qtbot.keyClick(start, Qt.Key.Key_Escape)
        assert not editor.find_bar.isVisible(), start.accessibleName()
        assert editor.body.hasFocus()


def test_escape_goes_to_the_find_bar_before_a_window_wide_escape(qtbot, writing_window):
    """Leaving focus mode answers Escape window-wide: the open bar must still close first."""
    left = []
    leave = QAction("Leave", writing_window)
    leave.setShortcut(Qt.Key.Key_Escape)
    leave.triggered.connect(lambda: left.append(True))
    writing_window.addAction(leave)
    writing_window.show_find_replace()
    body = writing_window.editor.body
    body.setFocus()
    qtbot.keyClick(body, Qt.Key.Key_Escape)
    assert not writing_window.editor.find_bar.isVisible() and left == []
    qtbot.keyClick(body, Qt.Key.Key_Escape)
    assert left == [True]


def test_status_messages_counts_and_jobs_move_nothing(qtbot, writing_window):
    window = writing_window
    before = layout_of(qtbot, window)
    counts_place = window.counts_label.geometry()
    status_height = window.statusBar().height()

    window.show_message("Exported 1 article to /home/desk/a/very/long/folder/name " * 8)
    window._show_counts(199_999, 199_999, 0)
    window._show_counts(3, 15, 500)  # the target bar appears
    window.save_state_label.setText("Not saved: the disk is full (No space left on device). " * 4)
    window.busy_label.setText("Stopping background work before closing the library… " * 2)
    assert layout_of(qtbot, window) == before
    assert window.counts_label.geometry() == counts_place
    assert window.save_state_label.text().startswith("Not saved: the disk is full")  # whole, for the tests
    assert window.save_state_label.toolTip() == window.save_state_label.text()  # and for the reader

    window._show_counts(0, 0, 0)  # the target bar goes
    assert window.counts_label.geometry() == counts_place

    never_ends = StatusBarJob(window.workers, window.statusBar(), "Waiting", _wait_until_cancelled)
    qtbot.waitUntil(never_ends.isVisible)
    assert window.statusBar().height() == status_height
    assert window.counts_label.geometry() == counts_place
    assert layout_of(qtbot, window) == before
    never_ends.cancel_button.click()
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=10000)


def _wait_until_cancelled(progress, cancel):
    while not cancel():
        time.sleep(0.01)
    raise JobCancelled()
