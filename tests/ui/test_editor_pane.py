"""The article editor: fields, autosave, counts, right-to-left, highlighting, placements, find."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from editor_app.ui.autosave import SAVED
from editor_app.ui.editor_pane import ArticleEditorPane, is_right_to_left
from tests.ui.conftest import type_text, wait_until_stored


def test_every_edit_reaches_the_library_after_a_pause(qtbot, window, library):
    window.new_article_action.trigger()
    article_id = window.article_id
    qtbot.keyClicks(window.editor.headline, "Storm closes coastal road")
    qtbot.keyClicks(window.editor.section, "News / Weather")
    qtbot.keyClicks(window.editor.tags, "storm, roads")
    window.editor.body.setFocus()
    type_text(qtbot, window.editor.body, "First line.\nSecond line.")
    # How soon is bench/ui.py's business; here only that it arrives, with no Save command.
    qtbot.waitUntil(lambda: library.get_article(article_id).body == "First line.\nSecond line.", timeout=10000)
    stored = library.get_article(article_id)
    assert stored.headline == "Storm closes coastal road"
    assert stored.section == "News / Weather"
    assert stored.tags == ("storm", "roads")
    qtbot.waitUntil(lambda: window.save_state_label.text() == SAVED)


def test_switching_and_closing_save_at_once(qtbot, window, library):
    window.new_article_action.trigger()
    first = window.article_id
    qtbot.keyClicks(window.editor.headline, "Saved on switch")
    window.new_article_action.trigger()  # no pause: the switch itself saves
    assert library.get_article(first).headline == "Saved on switch"
    qtbot.keyClicks(window.editor.headline, "Saved on close")
    second = window.article_id
    path = library.path
    window.close()
    from editor_app.library import Library

    with Library.open(path) as reopened:
        assert reopened.get_article(second).headline == "Saved on close"


def test_counts_and_target_in_status_bar(qtbot, window):
    window.new_article_action.trigger()
    window.editor.target_words.setValue(10)
    window.editor.body.setFocus()
    with qtbot.waitSignal(window.editor.countsChanged, timeout=2000) as counted:
        qtbot.keyClicks(window.editor.body, "one two three four five")
    assert counted.args[0] == 5 and counted.args[2] == 10
    assert "5 words" in window.counts_label.text()
    assert window.target_bar.isVisibleTo(window) and window.target_bar.format() == "50% of 10"


def test_right_to_left_languages():
    assert is_right_to_left("fa") and is_right_to_left("ar-EG") and is_right_to_left("he")
    assert not is_right_to_left("en") and not is_right_to_left("fr-CA")
    # The same rule as the page: script subtags decide.
    assert is_right_to_left("az-Arab") and not is_right_to_left("sd-Deva")


def test_persian_article_edits_right_to_left(qtbot, library):
    article = library.create_article(headline="خبر", body="متن خبر", language="fa")
    pane = ArticleEditorPane()
    qtbot.addWidget(pane)
    pane.load_article(article)
    assert pane.body.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert pane.body.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft
    pane.language.setCurrentText("en")
    assert pane.body.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert pane.pending_changes() == {"language": "en"}


def test_highlighter_marks_headings_links_and_placements(qtbot, library):
    body = "# Heading\n\nSee [the report](https://example.org) and *this*.\n\n![](placement:7)\n\n> A quote"
    pane = ArticleEditorPane()
    qtbot.addWidget(pane)
    pane.load_article(library.create_article(headline="h", body=body))
    document = pane.body.document()

    def formats_of(block_number):
        return document.findBlockByNumber(block_number).layout().formats()

    assert any(f.format.fontWeight() >= 700 for f in formats_of(0))
    assert any(f.format.fontUnderline() for f in formats_of(2))
    assert any(f.format.fontItalic() for f in formats_of(2))
    placement_formats = formats_of(4)
    assert placement_formats and placement_formats[0].length == len("![](placement:7)")
    assert any(f.format.fontItalic() for f in formats_of(6))


def test_insert_placement_on_its_own_line_and_undo(qtbot, library):
    pane = ArticleEditorPane()
    qtbot.addWidget(pane)
    pane.load_article(library.create_article(headline="h", body="First paragraph here."))
    cursor = pane.body.textCursor()
    cursor.setPosition(len("First paragraph"))
    pane.body.setTextCursor(cursor)
    pane.insert_placement(12)
    assert pane.body.toPlainText() == "First paragraph\n\n![](placement:12)\n\n here."
    pane.body.undo()
    assert pane.body.toPlainText() == "First paragraph here."
    cursor.movePosition(QTextCursor.MoveOperation.End)
    pane.body.setTextCursor(cursor)
    pane.insert_placement(3)
    assert pane.body.toPlainText() == "First paragraph here.\n\n![](placement:3)\n"


def test_undo_in_every_field_through_the_edit_menu(qtbot, window):
    window.new_article_action.trigger()
    window.editor.headline.setFocus()
    qtbot.keyClicks(window.editor.headline, "Typo")
    qtbot.waitUntil(window.editor.headline.hasFocus)
    window.undo_action.trigger()
    assert window.editor.headline.text() == ""
    window.redo_action.trigger()
    assert window.editor.headline.text() == "Typo"


def test_find_and_replace(qtbot, library):
    pane = ArticleEditorPane()
    qtbot.addWidget(pane)
    pane.load_article(library.create_article(headline="h", body="colour and Colour and colour"))
    pane.show_find_bar()
    bar = pane.find_bar
    bar.find_text.setText("colour")
    assert bar.find_next()
    assert pane.body.textCursor().selectedText() == "colour"
    bar.replace_text.setText("color")
    assert bar.replace_all() == 3
    assert pane.body.toPlainText() == "color and color and color"
    pane.body.undo()
    assert pane.body.toPlainText() == "colour and Colour and colour"
    bar.match_case.setChecked(True)
    assert bar.replace_all() == 2


def test_slug_and_editors_note_are_edited_and_a_taken_slug_does_not_block_saving(qtbot, window, library):
    library.create_article("Taken", slug="budget-vote")
    window.new_article_action.trigger()
    editor = window.editor
    qtbot.keyClicks(editor.headline, "Budget vote tonight")
    qtbot.keyClicks(editor.editor_note, "Check the minister's quote with legal.")
    editor.slug.selectAll()
    qtbot.keyClicks(editor.slug, "budget-vote")  # already used by another article
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "Parliament votes tonight.")
    wait_until_stored(qtbot, window, lambda: library.get_article(window.article_id).body == "Parliament votes tonight.")
    stored = library.get_article(window.article_id)
    assert stored.editor_note == "Check the minister's quote with legal."
    assert stored.headline == "Budget vote tonight"
    assert stored.slug != "budget-vote"
    assert editor.slug.text() == stored.slug  # the refused slug was put back
    assert "already used" in window.statusBar().currentMessage()
    editor.slug.selectAll()
    qtbot.keyClicks(editor.slug, "Budget Vote Night")
    qtbot.waitUntil(lambda: library.get_article(window.article_id).slug == "budget-vote-night", timeout=5000)
    qtbot.waitUntil(lambda: editor.slug.text() == "budget-vote-night", timeout=5000)


def test_a_half_typed_language_tag_does_not_stop_the_text_being_saved(qtbot, window, library):
    window.new_article_action.trigger()
    editor = window.editor
    editor.language.setCurrentText("ar-")  # mid-typing "ar-EG": not a valid tag yet
    editor.body.setFocus()
    qtbot.keyClicks(editor.body, "The text is safe.")
    wait_until_stored(qtbot, window, lambda: library.get_article(window.article_id).body == "The text is safe.")
    assert library.get_article(window.article_id).language == "en"
    assert window.autosaver.state.startswith("Not saved:") and "language tag" in window.autosaver.state
    editor.language.setCurrentText("ar-EG")  # finished: saved at the next pause
    qtbot.waitUntil(lambda: library.get_article(window.article_id).language == "ar-EG", timeout=5000)
    qtbot.waitUntil(lambda: window.autosaver.state == "Saved", timeout=5000)
