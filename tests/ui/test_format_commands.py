"""The Format menu on the body: each command by its key or menu, toggled off, one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from editor_app.model.markdown_edits import LINK_URL_PLACEHOLDER
from editor_app.ui.format_commands import KeysOverTextEditing, index_from_utf16, utf16_length
from editor_app.ui.shortcuts import assign_shortcuts


@pytest.fixture
def body(qtbot, window, library):
    article = library.create_article(headline="Budget", body="")
    window.library_pane.model.set_library(library)
    window.open_article(article.id)
    editor = window.editor.body
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return editor


def set_text(body, text: str, start: int, end: int | None = None) -> None:
    body.setPlainText(text)
    cursor = body.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start if end is None else end, QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)


@pytest.mark.parametrize(
    ("key", "wrapped"),
    [(Qt.Key.Key_B, "The **budget** vote"), (Qt.Key.Key_I, "The *budget* vote")],
)
def test_bold_and_italic_by_key_toggle_and_undo_in_one_step(key, wrapped, qtbot, body):
    set_text(body, "The budget vote", 4, 10)
    qtbot.keyClick(body, key, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == wrapped
    assert body.textCursor().selectedText() == "budget"
    qtbot.keyClick(body, key, Qt.KeyboardModifier.ControlModifier)  # again: off
    assert body.toPlainText() == "The budget vote"
    body.undo()  # each command one step
    assert body.toPlainText() == wrapped
    body.undo()
    assert body.toPlainText() == "The budget vote"
    assert not body.document().isUndoAvailable()


def test_link_by_ctrl_k_selects_the_address_to_type_over(qtbot, body):
    set_text(body, "Read the report today", 5, 15)
    qtbot.keyClick(body, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == f"Read [the report]({LINK_URL_PLACEHOLDER}) today"
    assert body.textCursor().selectedText() == LINK_URL_PLACEHOLDER
    qtbot.keyClicks(body, "https://news.example/budget")
    assert body.toPlainText() == "Read [the report](https://news.example/budget) today"
    qtbot.keyClick(body, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)  # inside the link: off
    assert body.toPlainText() == "Read the report today"


@pytest.mark.parametrize(
    ("action_name", "text", "selection", "expected"),
    [
        ("heading2_action", "Budget vote\n\nBody.", (3, 3), "## Budget vote\n\nBody."),
        ("heading3_action", "Budget vote", (0, 0), "### Budget vote"),
        ("quote_action", "One.\n\nTwo.\n\nThree.", (0, 11), "> One.\n>\n> Two.\n\nThree."),
        ("bullets_action", "eggs\nmilk\nbread", (0, 15), "- eggs\n- milk\n- bread"),
        ("numbers_action", "eggs\nmilk\nbread", (2, 7), "1. eggs\n2. milk\nbread"),
    ],
)
def test_line_commands_from_the_menu_toggle_and_undo_in_one_step(action_name, text, selection, expected, window, body):
    action = getattr(window.format_commands, action_name)
    assert action in window.format_menu.actions()
    set_text(body, text, *selection)
    action.trigger()
    assert body.toPlainText() == expected
    action.trigger()
    assert body.toPlainText() == text
    body.undo()  # each command one step
    assert body.toPlainText() == expected
    body.undo()
    assert body.toPlainText() == text and not body.document().isUndoAvailable()


def test_selection_dragged_to_the_next_line_start_leaves_that_line_out(window, body):
    set_text(body, "one\ntwo\nthree", 0, 8)  # "one\ntwo\n" selected, the cursor at the start of "three"
    window.format_commands.bullets_action.trigger()
    assert body.toPlainText() == "- one\n- two\nthree"


def test_only_the_changed_characters_are_rewritten(window, body):
    """The rest of the document keeps its blocks: a cursor elsewhere stays where it was."""
    set_text(body, "First paragraph.\n\nThe budget vote\n\nLast paragraph.", 22, 28)
    elsewhere = QTextCursor(body.document())
    elsewhere.setPosition(len("First paragraph.\n\nThe budget vote\n\nLast "))
    window.format_commands.bold_action.trigger()
    assert body.toPlainText() == "First paragraph.\n\nThe **budget** vote\n\nLast paragraph."
    assert body.toPlainText()[elsewhere.position() :] == "paragraph."


def test_emoji_before_the_selection_is_counted_as_qt_counts(window, body):
    set_text(body, "🗳️ The budget vote", 0)
    start = body.toPlainText().index("budget")
    text = body.toPlainText()
    set_text(body, text, utf16_length(text[:start]), utf16_length(text[: start + 6]))
    window.format_commands.bold_action.trigger()
    assert body.toPlainText() == "🗳️ The **budget** vote"
    assert body.textCursor().selectedText() == "budget"
    assert index_from_utf16("🗳x", 2) == 1


def test_keys_answer_in_the_body_only(qtbot, window, body):
    window.editor.headline.setFocus()
    qtbot.waitUntil(window.editor.headline.hasFocus)
    set_text(body, "The budget vote", 4, 10)
    window.editor.headline.setFocus()
    qtbot.keyClick(window.editor.headline, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert body.toPlainText() == "The budget vote"


def test_commands_wait_for_an_article(window):
    assert not window.format_commands.bold_action.isEnabled()
    window.format_commands.bold_action.trigger()  # disabled: nothing happens, nothing breaks


def test_a_key_the_text_field_claims_reaches_the_command(qtbot):
    """Ctrl+K deletes to the end of the line under X11; Undo's key stands in for it here, as
    a text field claims it under every platform theme."""
    field = QPlainTextEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    fired = []
    command = QAction("Command", field)
    assign_shortcuts(command, QKeySequence.StandardKey.Undo)
    command.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    command.triggered.connect(lambda: fired.append(True))
    field.addAction(command)
    field.activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    sequence = command.shortcuts()[0][0]
    qtbot.keyClicks(field, "typed")
    qtbot.keyClick(field, sequence.key(), sequence.keyboardModifiers())
    assert fired == [] and field.toPlainText() == ""  # the field took the key and undid the typing
    field.installEventFilter(KeysOverTextEditing([command], field))
    qtbot.keyClicks(field, "typed")
    qtbot.keyClick(field, sequence.key(), sequence.keyboardModifiers())
    assert fired == [True] and field.toPlainText() == "typed"
