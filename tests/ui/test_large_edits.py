"""Never lose a story to one keystroke: History keeps the text from before a large edit."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from editor_app.library.text import count_words
from editor_app.ui.highlighter import MarkdownHighlighter
from editor_app.ui.large_edits import LargeEdit, LargeEditWatcher, removed_and_inserted

HEADLINE = "Parliament approves emergency budget after all-night session"


def six_hundred_words() -> str:
    """Twelve paragraphs of fifty words, each with one "Tehran" (twelve in all)."""
    rng = random.Random(3)
    vocabulary = ["budget", "vote", "minister", "fuel", "subsidy", "session", "protest", "lawmakers", "plan"]
    paragraphs = []
    for i in range(12):
        words = [rng.choice(vocabulary) for _ in range(49)]
        words.insert(i * 4 % 49, "Tehran")
        words[0] = words[0].capitalize()
        paragraphs.append(" ".join(words) + ".")
    body = "\n\n".join(paragraphs)
    assert count_words(body) == 600 and body.count("Tehran") == 12
    return body


@pytest.fixture
def story(library):
    return library.create_article(headline=HEADLINE, body=six_hundred_words())


@pytest.fixture
def window(library, story, make_window):
    window = make_window(library)
    assert window.article_id == story.id
    return window


def snapshots(library, article_id) -> list:
    return [r for r in library.revisions(article_id) if r.kind == "snapshot"]


def saved(window) -> None:
    assert window.autosaver.save_now()


def test_select_all_and_type_in_the_body_keeps_the_story_in_history(qtbot, window, library, story):
    body = window.editor.body
    body.setFocus()
    QTest.keySequence(body, QKeySequence.StandardKey.SelectAll)
    QTest.keyClicks(body, "Oops")
    saved(window)
    assert library.get_article(story.id).body == "Oops"
    newest, before = library.revisions(story.id)[:2]
    assert newest.kind == "auto" and newest.fields["body"] == "Oops"
    assert before.kind == "snapshot"
    assert before.name == "Before replacing 600 words"
    assert before.fields["body"] == story.body
    assert before.fields["headline"] == HEADLINE


def test_typing_not_yet_saved_is_in_the_text_kept(qtbot, window, library, story):
    body = window.editor.body
    body.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(body, " Added just now.")  # not saved yet: autosave waits for a pause
    body.selectAll()
    QTest.keyClick(body, Qt.Key.Key_X)
    saved(window)
    (kept,) = snapshots(library, story.id)
    assert kept.fields["body"] == story.body + " Added just now."


def test_select_all_and_type_in_the_headline(qtbot, window, library, story):
    headline = window.editor.headline
    headline.setFocus()
    headline.selectAll()
    QTest.keyClicks(headline, "Budget")
    saved(window)
    newest, before = library.revisions(story.id)[:2]
    assert newest.fields["headline"] == "Budget"
    assert before.name == "Before replacing 7 words"
    assert before.fields["headline"] == HEADLINE


def test_paste_over_everything_is_named_a_paste(qtbot, window, library, story):
    QGuiApplication.clipboard().setText("A short wire brief that arrived.")
    body = window.editor.body
    body.setFocus()
    body.selectAll()
    QTest.keySequence(body, QKeySequence.StandardKey.Paste)
    saved(window)
    assert library.get_article(story.id).body == "A short wire brief that arrived."
    (kept,) = snapshots(library, story.id)
    assert kept.name == "Before pasting over 600 words"
    assert kept.fields["body"] == story.body


def test_cut_of_everything_is_named_a_cut(qtbot, window, library, story):
    body = window.editor.body
    body.setFocus()
    body.selectAll()
    QTest.keySequence(body, QKeySequence.StandardKey.Cut)
    saved(window)
    (kept,) = snapshots(library, story.id)
    assert kept.name == "Before cutting 600 words"
    assert kept.fields["body"] == story.body


def test_replace_all_across_the_story(qtbot, window, library, story):
    window.editor.show_find_bar(replace=True)
    bar = window.editor.find_bar
    bar.find_text.setText("Tehran")
    bar.replace_text.setText("Teheran")
    assert bar.replace_all() == 12
    saved(window)
    newest, before = library.revisions(story.id)[:2]
    assert newest.fields["body"] == story.body.replace("Tehran", "Teheran")
    assert before.name == "Before Replace All (12 replacements)"
    assert before.fields["body"] == story.body


def test_small_edits_make_no_revision_of_their_own(qtbot, window, library, story):
    body = window.editor.body
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(body, " More words typed.")
    for _ in range(5):
        QTest.keyClick(body, Qt.Key.Key_Backspace)
    cursor = body.textCursor()  # a whole paragraph selected and retyped: a twelfth of the story
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
    body.setTextCursor(cursor)
    QTest.keyClicks(body, "A new last paragraph.")
    window.editor.show_find_bar(replace=True)
    window.editor.find_bar.find_text.setText("minister")
    window.editor.find_bar.replace_text.setText("Minister")
    cursor = body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    body.setTextCursor(cursor)
    window.editor.find_bar.find_next()
    window.editor.find_bar.replace_current()  # one match, not all
    headline = window.editor.headline
    headline.setFocus()
    headline.end(False)
    QTest.keyClick(headline, Qt.Key.Key_Backspace)
    saved(window)
    assert snapshots(library, story.id) == []


def test_opening_another_article_is_not_an_edit(qtbot, window, library, story):
    other = library.create_article(headline="Short", body="Two words.")
    assert window.open_article(other.id)
    assert window.open_article(story.id)
    saved(window)
    assert snapshots(library, story.id) == [] and snapshots(library, other.id) == []


def test_highlighting_alone_is_no_edit_to_save(qtbot, window):
    """Spelling underlines arriving re-mark blocks, which fires textChanged: nothing to save."""
    assert not window.editor.has_pending_changes
    window.editor.body.highlighter.rehighlight()
    window.editor.standfirst.document().markContentsDirty(0, 5)
    assert not window.editor.has_pending_changes
    assert not window.autosaver.pending


def test_text_before_is_kept_even_when_a_field_sent_with_it_is_refused(library, story):
    from editor_app.ui.autosave import store_text_before

    edit = LargeEdit("body", story.body, story.body, "replacing")
    kept = store_text_before(library, story.id, {"body": story.body, "language": "not a tag!!"}, edit)
    assert kept.name == "Before replacing 600 words" and kept.fields["body"] == story.body
    kept = store_text_before(library, story.id, {"language": "not a tag!!"}, edit)  # the only field, refused
    assert kept.kind == "snapshot" and kept.fields["language"] == "en"


# ---------------------------------------------------------------------- the watcher alone


def test_document_mirror_follows_every_kind_of_edit(qtbot):
    """The previous text is spliced change by change; it must equal the document's at every step."""
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    MarkdownHighlighter(editor.document(), editor.palette())  # re-marks blocks as text changes
    editor.setPlainText("# Title\n\nFirst *para*\u00a0here.\n\n- a\n- b\n")
    watcher = LargeEditWatcher("body", editor)
    reported: list[LargeEdit] = []
    watcher.largeEdit.connect(reported.append)
    rng = random.Random(11)
    for _step in range(300):
        document = editor.document()
        cursor = QTextCursor(document)
        length = document.characterCount() - 1
        start = rng.randint(0, length)
        cursor.setPosition(start)
        cursor.setPosition(rng.randint(start, min(length, start + 4)), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(rng.choice(["", "x", "\n", "## ", "*", "word ", "\u00a0", "é"]))
        if rng.random() < 0.05:
            editor.undo()
        assert watcher._text == document.toRawText()
    assert reported == []
    editor.setPlainText("Loaded afresh, a different text entirely.")
    assert watcher._text == editor.document().toRawText()


def test_previous_text_is_the_plain_text_autosave_stores(qtbot):
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("Line one\u00a0with a no-break space.\nLine two of the story, long enough.")
    previous = editor.toPlainText()
    watcher = LargeEditWatcher("body", editor)
    reported: list[LargeEdit] = []
    watcher.largeEdit.connect(reported.append)
    editor.selectAll()
    editor.insertPlainText("x")
    (edit,) = reported
    assert edit.previous == previous
    assert edit.action == "replacing"
    assert edit.revision_name(count_words) == "Before replacing 13 words"


def test_line_edit_watcher_ignores_set_text_and_short_fields(qtbot):
    line = QLineEdit("A headline long enough to matter")
    qtbot.addWidget(line)
    watcher = LargeEditWatcher("headline", line)
    reported: list[LargeEdit] = []
    watcher.largeEdit.connect(reported.append)
    line.setText("Set by the program, not typed")  # setText is not an edit
    line.selectAll()
    QTest.keyClicks(line, "x")
    (edit,) = reported
    assert edit.previous == "Set by the program, not typed"
    short = QLineEdit("Staff")
    qtbot.addWidget(short)
    short_watcher = LargeEditWatcher("byline", short)
    short_watcher.largeEdit.connect(reported.append)
    short.selectAll()
    QTest.keyClicks(short, "AFP")
    assert len(reported) == 1  # under twenty characters: retyping it loses nothing


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("", "", ("", "")),
        ("abc", "abc", ("", "")),
        ("abc", "", ("abc", "")),
        ("", "abc", ("", "abc")),
        ("The budget", "The", (" budget", "")),
        ("aaa", "aa", ("a", "")),
        ("The old budget", "The new budget", ("old", "new")),
    ],
)
def test_removed_and_inserted(before, after, expected):
    assert removed_and_inserted(before, after) == expected
