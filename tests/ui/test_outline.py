"""The outline drop-down: the article's subheads, live, and a jump to each section."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from editor_app.ui.outline import NO_SUBHEADS
from tests.ui.conftest import type_text

BODY = "\n\n".join(
    ["Lead paragraph."]
    + [f"## Section {n}\n\n" + "\n\n".join(f"Paragraph {n}.{p} " * 8 for p in range(12)) for n in range(1, 4)]
    + ["### Reaction\n\nQuotes.", "```\n## not a subhead\n```"]
)


def test_outline_lists_subheads_and_jumps(qtbot, window, library):
    article = library.create_article(headline="Budget", body=BODY)
    window.library_pane.model.set_library(library)
    window.open_article(article.id)
    outline = window.editor.outline
    assert [outline.itemText(i) for i in range(outline.count())] == [
        "Section 1", "Section 2", "Section 3", "\u2003Reaction",
    ]  # fmt: skip
    assert outline.currentIndex() == -1 and outline.isEnabled()  # the cursor is above the first subhead

    body = window.editor.body
    outline.activated.emit(2)
    assert body.textCursor().block().text() == "## Section 3"
    top = body.firstVisibleBlock().text()
    assert top == "## Section 3"  # the section starts at the top of the view
    assert outline.currentIndex() == 2

    cursor = body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    body.setTextCursor(cursor)
    assert outline.currentIndex() == -1


def test_outline_follows_typing(qtbot, window):
    window.new_article_action.trigger()
    outline = window.editor.outline
    assert outline.count() == 0 and not outline.isEnabled()
    assert outline.placeholderText() == NO_SUBHEADS
    body = window.editor.body
    body.setFocus()
    type_text(qtbot, body, "Intro.\n## Aftermath")
    qtbot.waitUntil(lambda: outline.count() == 1, timeout=3000)
    assert outline.itemText(0) == "Aftermath" and outline.currentIndex() == 0
    for _ in "Aftermath":
        qtbot.keyClick(body, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: outline.count() == 1 and outline.itemText(0) == "(untitled subhead)", timeout=3000)
    qtbot.keyClick(body, Qt.Key.Key_Backspace)
    qtbot.keyClick(body, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: outline.count() == 0, timeout=3000)
    assert not outline.isEnabled()
