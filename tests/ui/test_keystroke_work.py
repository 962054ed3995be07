"""A keystroke in a long article does only the work its own line needs (issue 10).

The outline is read again only after an edit that may change the subheads; the word
count recounts only the lines edited and always agrees with the library's count of the
whole text; focus mode's dimming is set again only when the cursor's paragraph changes.
"""

from __future__ import annotations

import random

from PySide6.QtGui import QTextCursor

from editor_app.library.text import count_characters, count_words
from editor_app.ui.focus_mode import DIMMED_PROPERTY
from editor_app.ui.running_counts import RunningCounts
from tests.ui.conftest import type_text

BODY = "\n\n".join(
    ["Lead paragraph with a [link](https://example.org/a) and **bold** words."]
    + [
        f"## Section {n}\n\n" + "\n\n".join(f"Paragraph {n}.{p} of the story. " * 8 for p in range(10))
        for n in range(4)
    ]
    + ["```\n## not a subhead\n```", "- one item\n- two items\n\n> A quote, said *she*."]
)


def open_article(window, library, body=BODY):
    article = library.create_article(headline="Long read", body=body)
    window.library_pane.model.set_library(library)
    window.open_article(article.id)
    return window.editor.body


def put_cursor_at_end_of(body, text: str) -> None:
    block = body.document().find(text).block()
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    body.setTextCursor(cursor)
    body.setFocus()


# ---------------------------------------------------------------------- the outline


def count_outline_reads(monkeypatch, outline) -> list:
    reads = []
    read = outline.refresh

    def counted():
        reads.append(1)
        read()

    monkeypatch.setattr(outline, "refresh", counted)
    outline._timer.timeout.disconnect()
    outline._timer.timeout.connect(counted)
    return reads


def test_typing_in_a_paragraph_does_not_read_the_outline_again(qtbot, window, library, monkeypatch):
    body = open_article(window, library)
    outline = window.editor.outline
    reads = count_outline_reads(monkeypatch, outline)
    put_cursor_at_end_of(body, "Paragraph 2.5 of the story.")
    qtbot.keyClicks(body, " More words")
    assert not outline._timer.isActive()
    qtbot.wait(50)
    assert reads == []


def test_the_outline_follows_edits_that_change_subheads(qtbot, window, library, monkeypatch):
    body = open_article(window, library)
    outline = window.editor.outline
    reads = count_outline_reads(monkeypatch, outline)
    titles = lambda: [outline.itemText(i) for i in range(outline.count())]
    assert titles() == ["Section 0", "Section 1", "Section 2", "Section 3"]

    put_cursor_at_end_of(body, "## Section 2")  # the subhead's own line
    qtbot.keyClicks(body, " and after")
    qtbot.waitUntil(lambda: titles()[2] == "Section 2 and after", timeout=3000)

    put_cursor_at_end_of(body, "Paragraph 0.3 of the story.")  # a new line moves every subhead below
    type_text(qtbot, body, "\n\n## Inserted")
    qtbot.waitUntil(lambda: "Inserted" in titles(), timeout=3000)
    outline.activated.emit(titles().index("Section 3"))
    assert body.textCursor().block().text() == "## Section 3"

    put_cursor_at_end_of(body, "Paragraph 1.1 of the story.")  # a paragraph becomes a subhead
    cursor = body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "## ")
    qtbot.waitUntil(lambda: len(titles()) == 6, timeout=3000)
    cursor = body.textCursor()  # and back, in one step: the line was a subhead, now it is not
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    qtbot.waitUntil(lambda: len(titles()) == 5, timeout=3000)

    put_cursor_at_end_of(body, "## not a subhead")  # closing the fence early frees the heading below
    cursor = body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.insertText("\n```")
    qtbot.waitUntil(lambda: "not a subhead" in titles(), timeout=3000)
    assert reads  # every change above came through the timer


# ---------------------------------------------------------------------- the counts


def test_running_counts_agree_with_the_library_after_any_edit(qtbot, window, library):
    body = open_article(window, library)
    document = body.document()
    counts = window.editor.body_counts
    rng = random.Random(7)
    pieces = ["word ", "\n", "\n\n", "[a link](https://x.org/y z) ", "<b>tag</b> ", "![](placement:3)",
              "don't well-known ", "\u2028", "ضدّ هذا ", "  ", "`code` "]  # fmt: skip
    for step in range(300):
        cursor = QTextCursor(document)
        length = document.characterCount() - 1
        start = rng.randrange(length + 1)
        cursor.setPosition(start)
        if rng.random() < 0.35:
            cursor.setPosition(min(length, start + rng.randrange(1, 60)), QTextCursor.MoveMode.KeepAnchor)
        if rng.random() < 0.8:
            cursor.insertText("".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))))
        else:
            cursor.removeSelectedText()
        if rng.random() < 0.1:
            body.undo()
        if step % 7 == 0:
            text = body.toPlainText()
            assert counts.counts() == (count_words(text), count_characters(text)), step
    body.selectAll()
    body.insertPlainText("")
    assert counts.counts() == (0, 0)


def test_a_count_after_a_keystroke_recounts_only_its_line(qtbot, window, library, monkeypatch):
    body = open_article(window, library)
    counts = window.editor.body_counts
    counts.counts()
    from editor_app.library import text as text_rules

    counted = []
    count = text_rules.count_words
    monkeypatch.setattr(text_rules, "count_words", lambda line: counted.append(line) or count(line))
    put_cursor_at_end_of(body, "Paragraph 3.4 of the story.")
    qtbot.keyClicks(body, " Extra")
    with qtbot.waitSignal(window.editor.countsChanged, timeout=3000) as signal:
        pass
    assert len(counted) == 1 and counted[0].startswith("Paragraph 3.4 ") and counted[0].endswith(" Extra")
    text = body.toPlainText()
    assert signal.args[:2] == [count_words(text), count_characters(text)]


def test_running_counts_of_a_new_document(qtbot):
    from PySide6.QtWidgets import QPlainTextEdit

    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    counts = RunningCounts(edit.document())
    assert counts.counts() == (0, 0)
    edit.setPlainText("One two\n\nthree [four](x)")
    counts.reset()
    assert counts.counts() == (4, len("One twothree [four]"))


# ---------------------------------------------------------------------- focus mode's dimming


def dimmed(body) -> list[tuple[int, int]]:
    return [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in body.extraSelections()
        if s.format.hasProperty(DIMMED_PROPERTY)
    ]


def test_dimming_is_set_once_per_paragraph_and_follows_typing(qtbot, window, library, monkeypatch):
    window.resize(780, 720)
    body = open_article(window, library)
    focus = window.focus_mode
    focus.dimming_action.setChecked(True)
    put_cursor_at_end_of(body, "Paragraph 1.2 of the story.")
    focus.set_active(True)
    sets = []
    set_selections = body.setExtraSelections
    monkeypatch.setattr(body, "setExtraSelections", lambda selections: sets.append(1) or set_selections(selections))

    qtbot.keyClicks(body, " Typed at the end")
    assert sets == []  # the same paragraph: the dimmed stretches follow the text by themselves
    block = body.textCursor().block()
    paragraph = (block.position(), block.position() + block.length() - 1)
    assert dimmed(body) == [(0, paragraph[0]), (paragraph[1], body.document().characterCount() - 1)]

    cursor = body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "Start ")  # typed at the paragraph's start: not dimmed
    assert sets == []
    block = body.textCursor().block()
    assert block.text().startswith("Start Paragraph 1.2")
    assert dimmed(body)[0] == (0, block.position())

    cursor.movePosition(QTextCursor.MoveOperation.NextBlock)  # the blank line below: a paragraph of its own
    body.setTextCursor(cursor)
    assert len(sets) == 1
    blank = body.textCursor().block()
    assert dimmed(body) == [(0, blank.position()), (blank.position(), body.document().characterCount() - 1)]
    focus.set_active(False)
    assert dimmed(body) == []


# ---------------------------------------------------------------------- workers' Python


def test_the_application_hands_the_interpreter_to_the_gui_thread_often():
    """A worker running Python (the preview's Markdown) gives the GUI thread the interpreter
    lock within a millisecond, not Python's default five, at each of a keystroke's slots."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from editor_app.ui.app import GUI_SWITCH_INTERVAL_S, create_application; "
        "create_application(); print(sys.getswitchinterval(), GUI_SWITCH_INTERVAL_S)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, env=env, timeout=60
    )
    interval, wanted = (float(value) for value in done.stdout.split())
    assert interval == wanted <= 0.001


def test_a_hidden_preview_renders_only_when_shown_again(qtbot, window, library, monkeypatch):
    from editor_app.ui import preview_pane

    body = open_article(window, library)
    qtbot.waitUntil(lambda: "Section 3" in window.preview.last_html, timeout=15000)
    renders = []
    render_page = preview_pane._render_page
    monkeypatch.setattr(preview_pane, "_render_page", lambda *args: renders.append(1) or render_page(*args))
    window.show_preview_action.trigger()  # View > Preview off
    assert not window.preview.isVisible()
    put_cursor_at_end_of(body, "Paragraph 2.2 of the story.")
    qtbot.keyClicks(body, " Hidden edit")
    window.refresh_preview()  # what the pause does
    qtbot.wait(100)
    assert renders == [] and "Hidden edit" not in window.preview.last_html
    window.show_preview_action.trigger()
    qtbot.waitUntil(lambda: "Hidden edit" in window.preview.last_html, timeout=15000)
    assert renders == [1]
