"""While the writer types, the GUI thread never waits for SQLite or a long count."""

from __future__ import annotations

import random
import threading
import traceback

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from editor_app.library.text import count_characters, count_words


@pytest.fixture
def gui_thread_library_use(library, monkeypatch):
    """Every read connection taken and every write waited for on the GUI thread, with where."""
    gui_thread = threading.current_thread()
    uses: list[str] = []
    connections = library.connections
    connection, write = connections.connection, connections.write

    def note(kind: str) -> None:
        if threading.current_thread() is gui_thread:
            ours = [frame for frame in traceback.extract_stack() if "/editor_app/" in frame.filename.replace("\\", "/")]
            uses.append(
                kind + " from " + " < ".join(f"{f.name} ({f.filename.rsplit('editor_app', 1)[1]})" for f in ours)
            )

    def spied_connection():
        note("read")
        return connection()

    def spied_write(*args, **kwargs):
        note("write")
        return write(*args, **kwargs)

    monkeypatch.setattr(connections, "connection", spied_connection)
    monkeypatch.setattr(connections, "write", spied_write)
    return uses


def long_body(words: int) -> str:
    rng = random.Random(8)
    vocabulary = ["budget", "vote", "minister", "fuel", "subsidy", "session", "protest", "lawmakers", "Tehran"]
    paragraphs = [" ".join(rng.choices(vocabulary, k=100)) + "." for _ in range(words // 100)]
    return "\n\n".join(paragraphs)


def test_typing_and_autosave_never_touch_sqlite_on_the_gui_thread(qtbot, library, make_window, gui_thread_library_use):
    article = library.create_article(headline="Budget vote", body=long_body(800))
    window = make_window(library)
    assert window.article_id == article.id
    qtbot.waitUntil(lambda: not window.workers.busy and not window.writes.pending, timeout=15000)
    gui_thread_library_use.clear()  # opening an article reads it: typing must not
    window.autosaver._timer.setInterval(50)
    body = window.editor.body
    body.setFocus()
    body.moveCursor(QTextCursor.MoveOperation.End)
    saves = []
    window.autosaver.articleSaved.connect(saves.append)
    for burst in range(4):
        QTest.keyClicks(body, f" more words {burst}")
        qtbot.waitUntil(lambda burst=burst: len(saves) > burst, timeout=10000)  # an autosave at each pause
    window.refresh_preview()
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=15000)
    used_while_typing = list(gui_thread_library_use)
    assert library.get_article(article.id).body.endswith(" more words 3")
    assert used_while_typing == []


def test_a_long_body_is_recounted_line_by_line(qtbot, library, make_window, monkeypatch):
    """A pause after typing recounts the edited line only: no 20,000-word count on the GUI
    thread, and none in a worker either (a worker counting holds the interpreter lock, and
    every keystroke then waits for it)."""
    from editor_app.library import text as text_rules

    body_text = long_body(20_000)
    article = library.create_article(headline="Long read", body=body_text)
    counted: list[str] = []
    count = text_rules.count_words

    def spied_count(text):
        counted.append(text)
        return count(text)

    window = make_window(library)
    assert window.article_id == article.id
    monkeypatch.setattr(text_rules, "count_words", spied_count)
    body = window.editor.body
    body.moveCursor(QTextCursor.MoveOperation.End)
    shown = []
    window.editor.countsChanged.connect(lambda words, characters, _target: shown.append((words, characters)))
    QTest.keyClicks(body, " and one")
    text = body.toPlainText()
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == (count_words(text), count_characters(text)), timeout=10000)
    assert len(counted) == 1 and counted[0].endswith(" and one")


def test_a_short_body_is_counted_at_once(qtbot, library, make_window):
    article = library.create_article(headline="Brief", body="Two words.")
    window = make_window(library)
    assert window.article_id == article.id
    with qtbot.waitSignal(window.editor.countsChanged, timeout=1000) as counted:
        window.editor.update_counts()  # emitted before update_counts returns
    assert counted.args[:2] == [2, len("Two words.")]
