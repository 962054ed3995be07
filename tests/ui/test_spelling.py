"""Spellcheck in the window, with the real Hunspell dictionaries: underlines, the right-click
menu, the newsroom dictionary, per-article ignores, Persian, and missing dictionaries."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from editor_app.library import Library
from editor_app.spelling import tokens
from editor_app.spelling.tokens import AFTER_BLANK, words_in_line
from editor_app.ui.highlighter import MarkdownHighlighter, SpellingHighlighter
from editor_app.ui.spelling import ADD_TO_DICTIONARY, IGNORE_IN_ARTICLE
from tests.ui.conftest import HEADLESS_GPU_NOTICES

SPELLCHECK_UNDERLINE = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


def underlined_words(edit) -> list[str]:
    """The words the highlighter gave the spellcheck underline, in order."""
    found = []
    block = edit.document().firstBlock()
    while block.isValid():
        for format_range in block.layout().formats():
            if format_range.format.underlineStyle() == SPELLCHECK_UNDERLINE:
                found.append(block.text()[format_range.start : format_range.start + format_range.length])
        block = block.next()
    return found


def headline_underlines(window) -> list[str]:
    line_edit = window.editor.headline
    spelling = next(s for s in window.spelling._line_edits if s.line_edit is line_edit)
    return [line_edit.text()[start : start + length] for start, length in spelling.underlined]


def wait_for_underlines(qtbot, edit, expected, timeout=10000):
    """Wait until every block is checked (no catch-up pending), then compare: waiting for
    "no underline" alone would pass before the check had even begun."""
    highlighter = edit.document().findChild(SpellingHighlighter)

    def shown():
        assert not highlighter.is_catching_up
        assert underlined_words(edit) == expected

    qtbot.waitUntil(shown, timeout=timeout)


def point_at(edit, word: str, occurrence: int = 0) -> QPoint:
    """Where `word` is on screen in a text edit's viewport (or a line edit)."""
    if isinstance(edit, QLineEdit):
        position = edit.text().index(word) + 1
        saved = edit.cursorPosition()
        edit.setCursorPosition(position)
        point = edit.cursorRect().center()
        edit.setCursorPosition(saved)
        return point
    text = edit.toPlainText()
    position = -1
    for _ in range(occurrence + 1):
        position = text.index(word, position + 1)
    cursor = QTextCursor(edit.document())
    cursor.setPosition(position + 1)
    return edit.cursorRect(cursor).center()


def menu_action(menu, text: str):
    return next(action for action in menu.actions() if action.text() == text)


def open_new_article(window, library, **fields):
    article = library.create_article(**fields)
    window.library_pane.refresh_filters()
    assert window.open_article(article.id)
    return article


def test_a_misspelling_is_underlined_and_corrected_from_the_context_menu(qtbot, window, library):
    article = open_new_article(window, library, headline="Budget vote", body="The vote was cloes today.")
    body = window.editor.body
    wait_for_underlines(qtbot, body, ["cloes"])
    menu = window.spelling.context_menu(body, point_at(body, "cloes"))
    texts = [action.text() for action in menu.actions()]
    assert "close" in texts and ADD_TO_DICTIONARY in texts and IGNORE_IN_ARTICLE in texts
    assert texts.index("close") < texts.index(ADD_TO_DICTIONARY)
    assert any(action.text().startswith("&Undo") or "Undo" in action.text() for action in menu.actions())
    menu_action(menu, "close").trigger()
    assert body.toPlainText() == "The vote was close today."
    wait_for_underlines(qtbot, body, [])
    qtbot.waitUntil(lambda: library.get_article(article.id).body == "The vote was close today.", timeout=10000)
    body.undo()
    assert body.toPlainText() == "The vote was cloes today."


def test_a_correct_word_keeps_the_fields_own_menu(qtbot, window, library):
    open_new_article(window, library, headline="Budget vote", body="The vote was cloes today.")
    body = window.editor.body
    wait_for_underlines(qtbot, body, ["cloes"])
    assert window.spelling.context_menu(body, point_at(body, "vote")) is None


# The offscreen platform cannot raise a popup or grab the keyboard for it; it says so.
@pytest.mark.qt_log_ignore(
    *HEADLESS_GPU_NOTICES, r"does not support raise\(\)", r"does not support grabbing the keyboard"
)
def test_a_right_click_on_the_headline_offers_suggestions_and_replaces_the_word(qtbot, window, library):
    article = open_new_article(window, library, headline="Parliment passes the budget", body="")
    headline = window.editor.headline
    assert headline_underlines(window) == ["Parliment"]
    chosen = []

    def choose_from_the_popup():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, choose_from_the_popup)
            return
        chosen.append([action.text() for action in menu.actions()])
        menu_action(menu, "Parliament").trigger()
        menu.close()

    QTimer.singleShot(0, choose_from_the_popup)
    point = point_at(headline, "Parliment")
    QApplication.sendEvent(
        headline, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, headline.mapToGlobal(point))
    )
    assert "Parliament" in chosen[0]
    assert headline.text() == "Parliament passes the budget"
    assert headline_underlines(window) == []
    qtbot.waitUntil(lambda: library.get_article(article.id).headline == "Parliament passes the budget", timeout=10000)


def test_a_learnt_word_is_not_underlined_in_another_article_and_stays_in_the_library(qtbot, make_window, tmp_path):
    path = tmp_path / "desk.copydesk"
    library = Library.create(path)
    first = library.create_article(headline="Speaker", body="Qalibaf's speech, and Volodin listened to Qalibaf.")
    second = library.create_article(headline="Again", body="Qalibaf spoke again.")
    window = make_window(library)
    window.open_article(first.id)
    body = window.editor.body
    wait_for_underlines(qtbot, body, ["Qalibaf's", "Volodin", "Qalibaf"])
    # Learnt from its possessive, the name itself is learnt: both forms lose their underline.
    menu_action(window.spelling.context_menu(body, point_at(body, "Qalibaf's")), ADD_TO_DICTIONARY).trigger()
    wait_for_underlines(qtbot, body, ["Volodin"])
    qtbot.waitUntil(lambda: library.newsroom_words() == ["Qalibaf"], timeout=10000)
    window.open_article(second.id)
    wait_for_underlines(qtbot, body, [])
    window.close()
    with Library.open(path, read_only=True) as reopened:
        assert reopened.newsroom_words() == ["Qalibaf"]


def test_ignore_in_this_article_leaves_other_articles_flagged(qtbot, window, library):
    first = open_new_article(window, library, headline="One", body="Araghchi arrived.")
    second = library.create_article(headline="Two", body="Araghchi left.")
    body = window.editor.body
    wait_for_underlines(qtbot, body, ["Araghchi"])
    menu_action(window.spelling.context_menu(body, point_at(body, "Araghchi")), IGNORE_IN_ARTICLE).trigger()
    wait_for_underlines(qtbot, body, [])
    qtbot.waitUntil(lambda: library.ignored_words(first.id) == ["Araghchi"], timeout=10000)
    window.open_article(second.id)
    wait_for_underlines(qtbot, body, ["Araghchi"])
    window.open_article(first.id)
    wait_for_underlines(qtbot, body, [])


def test_markdown_addresses_references_code_and_acronyms_are_never_underlined(qtbot, window, library):
    body_text = (
        "## Budgte headline\n\n"
        "See https://news.exmaple/storry_one and www.exmaple.org/pagge, or write to editr@newsdsk.example.\n\n"
        "![Lawmakrs vote](placement:12)\n\n"
        "Run `prnt(vaule)` now. NATO, the IRGC and NGOs met on the 3rd at 10:30.\n\n"
        "```\nfenced codde blokc\n```\n\n"
        '[lnk](https://exmaple.org/pth) and <span class="ledde">text</span> &nbsp; wrold'
    )
    open_new_article(window, library, headline="Markdown", body=body_text)
    wait_for_underlines(qtbot, window.editor.body, ["Budgte", "lnk", "wrold"])


def test_persian_is_checked_with_the_persian_dictionary(qtbot, window, library):
    open_new_article(
        window,
        library,
        headline="بودجه تصویب شد",
        language="fa",
        body="مجلس امروز کتابب را خواند و من می\u200cخواهم بروم.",
    )
    assert window.spelling.checker.tag == "fa_IR"
    wait_for_underlines(qtbot, window.editor.body, ["کتابب"])
    menu = window.spelling.context_menu(window.editor.body, point_at(window.editor.body, "کتابب"))
    assert "کتاب" in [action.text() for action in menu.actions()]
    assert headline_underlines(window) == []


def test_changing_the_language_changes_the_dictionary(qtbot, window, library):
    open_new_article(window, library, headline="Colour", language="en-GB", body="The colour of the flag.")
    wait_for_underlines(qtbot, window.editor.body, [])
    assert window.spelling.checker.tag == "en_GB"
    window.editor.language.setCurrentText("en-US")
    assert window.spelling.checker.tag == "en_US"
    wait_for_underlines(qtbot, window.editor.body, ["colour"])
    assert headline_underlines(window) == ["Colour"]


def test_captions_and_alt_text_are_checked_in_the_inspector(qtbot, window, library, fixture_article):
    placement = library.placements(fixture_article.id)[0]
    library.update_placement(placement.id, caption="Lawmakers in Tehrn vote", alt_text="A crowdd chamber")
    window.open_article(fixture_article.id)
    inspector = window.photos.inspector
    qtbot.waitUntil(lambda: inspector.placement_id == placement.id, timeout=10000)
    wait_for_underlines(qtbot, inspector.caption, ["Tehrn"])
    wait_for_underlines(qtbot, inspector.alt_text, ["crowdd"])
    menu = window.spelling.context_menu(inspector.alt_text, point_at(inspector.alt_text, "crowdd"))
    menu_action(menu, "crowd").trigger()
    assert inspector.alt_text.toPlainText() == "A crowd chamber"


def test_a_language_with_no_dictionary_says_so_once_and_editing_goes_on(qtbot, window, library):
    messages = []
    window.spelling.statusMessage.connect(messages.append)
    first = open_new_article(window, library, headline="Hebrew", language="he", body="Shalom wrold")
    assert window.spelling.checker is None
    assert len(messages) == 1 and "No spelling dictionary is installed for the language 'he'" in messages[0]
    assert "'he'" in window.statusBar().currentMessage()
    second = library.create_article(headline="More Hebrew", language="he", body="More wrold")
    window.open_article(second.id)
    window.open_article(first.id)
    assert len(messages) == 1
    window.editor.body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.editor.body, " typing wrold")
    assert underlined_words(window.editor.body) == []
    qtbot.waitUntil(lambda: library.get_article(first.id).body.endswith("typing wrold"), timeout=10000)


def test_without_enchant_spelling_is_off_with_one_message(qtbot, make_window, library, monkeypatch):
    from editor_app.spelling import SpellingUnavailableError, dictionaries

    def no_enchant():
        raise SpellingUnavailableError("the Enchant library was not found")

    monkeypatch.setattr(dictionaries, "load_enchant", no_enchant)
    article = library.create_article(headline="Vote", body="The vote was cloes.")
    window = make_window()
    messages = []
    window.spelling.statusMessage.connect(messages.append)
    window.set_library(library)
    window.open_article(article.id)
    assert messages == [
        (
            "Spellcheck is off: the Enchant library was not found. Install libenchant-2 and the "
            "hunspell dictionaries (scripts/install-system-packages) to turn it on."
        )
    ]
    assert underlined_words(window.editor.body) == []
    assert window.spelling.context_menu(window.editor.body, point_at(window.editor.body, "cloes")) is None


def test_the_first_check_of_a_long_article_is_done_in_slices(qtbot, window, library):
    paragraph = " ".join(["The committee approved the budget after a long debate"] * 10)
    body_text = "\n\n".join([paragraph] * 200 + ["The last paragrap."])  # 20,000 words and one typo
    article = library.create_article(headline="Long", body=body_text)
    window.open_article(article.id)
    highlighter = window.editor.body.highlighter
    assert highlighter.is_catching_up  # not all underlined in the call that opened the article
    qtbot.waitUntil(lambda: not highlighter.is_catching_up, timeout=20000)
    assert underlined_words(window.editor.body) == ["paragrap"]


def test_a_misspelt_word_in_bold_or_a_link_keeps_its_markdown_format(qtbot, window, library):
    open_new_article(window, library, headline="Formats", body="**Budgte** plan and [lnk](https://x.example) wrold")
    body = window.editor.body
    wait_for_underlines(qtbot, body, ["Budgte", "lnk", "wrold"])
    block = body.document().firstBlock()
    formats = {}  # word: (bold, colour)
    for format_range in block.layout().formats():
        character_format = format_range.format
        if character_format.underlineStyle() == SPELLCHECK_UNDERLINE:
            word = block.text()[format_range.start : format_range.start + format_range.length]
            formats[word] = (character_format.fontWeight() == QFont.Weight.Bold, character_format.foreground().color())
    assert formats["Budgte"][0] is True
    assert formats["lnk"][1] == body.palette().color(QPalette.ColorRole.Link)
    assert formats["wrold"][0] is False


def test_a_keystroke_rechecks_its_own_paragraph_and_looks_up_only_the_new_word(qtbot, window, library):
    paragraphs = [f"Paragraph {n} says the committee approved the budget after a long debate." for n in range(50)]
    open_new_article(window, library, headline="Many", body="\n\n".join(paragraphs))
    body = window.editor.body
    wait_for_underlines(qtbot, body, [])
    checker = window.spelling.checker
    judged, looked_up = [], []
    real_is_correct, real_dictionary = checker.is_correct, checker._dictionary

    class CountingDictionary:
        def check(self, word):
            looked_up.append(word)
            return real_dictionary.check(word)

    def counting_is_correct(word):
        judged.append(word)
        return real_is_correct(word)

    checker.is_correct = counting_is_correct
    checker._dictionary = CountingDictionary()
    cursor = QTextCursor(body.document().findBlockByNumber(50))  # paragraph 25
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.Left)  # before the full stop
    body.setTextCursor(cursor)
    qtbot.keyClicks(body, "s")  # debates
    # Only the word the key changed is judged, and looked up in Hunspell: the paragraph's
    # other words keep their verdicts, and the other paragraphs are not read.
    assert judged == ["debates"]
    assert looked_up == ["debates"]


def test_a_keystroke_in_a_long_paragraph_reads_only_the_words_around_it(qtbot, window, library, monkeypatch):
    # 300 words in one paragraph with Markdown around the edit's neighbours: each key reads
    # the chunk it touched, not the paragraph (issue 10: < 1 ms a key in a long article).
    sentence = "The **committee** approved the [budget](https://example.org/b) after a `long` debate &amp; vote."
    paragraph = " ".join([sentence] * 25) + " Teh end."
    open_new_article(window, library, headline="Long", body="Lead.\n\n" + paragraph + "\n\nLast paragraph.")
    body = window.editor.body
    wait_for_underlines(qtbot, body, ["Teh"])
    checker = window.spelling.checker
    judged, characters_read = [], []
    real_is_correct = checker.is_correct
    real_words_between = tokens._words_between

    def counting_is_correct(word):
        judged.append(word)
        return real_is_correct(word)

    def counting_words_between(line, start, end, found):
        characters_read.append(max(0, end - start))
        real_words_between(line, start, end, found)

    monkeypatch.setattr(checker, "is_correct", counting_is_correct)
    monkeypatch.setattr(tokens, "_words_between", counting_words_between)
    cursor = QTextCursor(body.document().findBlockByNumber(2))
    cursor.setPosition(cursor.position() + paragraph.index("approved", len(paragraph) // 2) + len("approved"))
    body.setTextCursor(cursor)
    window.activateWindow()
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)
    typed = " parlament voted "
    per_key = []
    for character in typed:
        judged.clear()
        characters_read.clear()
        qtbot.keyClick(body, character)
        per_key.append((len(judged), sum(characters_read)))
    assert max(words for words, _characters in per_key) <= 2, per_key
    assert max(characters for _words, characters in per_key) <= 40, per_key
    assert underlined_words(body) == ["parlament", "Teh"]
    # Backspace back to the text opened: the same underlines as reading it whole.
    for _ in typed:
        qtbot.keyClick(body, Qt.Key.Key_Backspace)
    assert body.document().findBlockByNumber(2).text() == paragraph
    assert underlined_words(body) == ["Teh"]


def test_the_standfirst_is_checked_and_corrected_from_its_menu(qtbot, window, library):
    article = open_new_article(window, library, headline="Vote", standfirst="Lawmakers pased the plan.", body="")
    standfirst = window.editor.standfirst
    wait_for_underlines(qtbot, standfirst, ["pased"])
    menu = window.spelling.context_menu(standfirst, point_at(standfirst, "pased"))
    menu_action(menu, "passed").trigger()
    assert standfirst.toPlainText() == "Lawmakers passed the plan."
    wait_for_underlines(qtbot, standfirst, [])
    qtbot.waitUntil(lambda: library.get_article(article.id).standfirst == "Lawmakers passed the plan.", timeout=10000)


def test_the_word_being_typed_is_underlined_once_the_cursor_leaves_it(qtbot, window, library):
    open_new_article(window, library, headline="Typing", body="")
    body = window.editor.body
    window.activateWindow()
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)
    wait_for_underlines(qtbot, body, [])
    # Each keystroke's paragraph is checked in the keystroke itself: no waiting (the preview
    # loading meanwhile may take the focus, and a word the focus leaves is underlined).
    qtbot.keyClicks(body, "Teh vote was cloes")
    assert underlined_words(body) == ["Teh"]  # half a word is no misspelling
    qtbot.keyClicks(body, " to")
    assert underlined_words(body) == ["Teh", "cloes"]
    qtbot.keyClicks(body, " tomorow")
    assert underlined_words(body) == ["Teh", "cloes"]
    # The cursor leaves the word: underlined; put beside another, that one stays underlined.
    body.moveCursor(QTextCursor.MoveOperation.Start)
    assert underlined_words(body) == ["Teh", "cloes", "tomorow"]
    body.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(body, " agian")
    assert underlined_words(body) == ["Teh", "cloes", "tomorow"]
    window.editor.headline.setFocus()
    qtbot.waitUntil(lambda: underlined_words(body) == ["Teh", "cloes", "tomorow", "agian"])


def test_an_articles_ignored_words_do_not_follow_the_window_to_the_next_article(qtbot, window, library):
    first = open_new_article(window, library, headline="One", body="Araghchi arrived.")
    library.ignore_word(first.id, "Araghchi")
    window.article_id = None
    window.open_article(first.id)
    wait_for_underlines(qtbot, window.editor.body, [])
    second = library.create_article(headline="Two", language="he", body="Araghchi left.")
    window.open_article(second.id)
    window.editor.language.setCurrentText("en")  # a dictionary again, with this article's ignored words
    wait_for_underlines(qtbot, window.editor.body, ["Araghchi"])


def test_the_headline_underlines_a_word_once_the_cursor_leaves_it(qtbot, window, library):
    open_new_article(window, library, headline="", body="")
    headline = window.editor.headline
    window.activateWindow()
    headline.setFocus()
    qtbot.waitUntil(headline.hasFocus)
    qtbot.keyClicks(headline, "Budgte vot")
    assert headline_underlines(window) == ["Budgte"]
    headline.home(False)
    assert headline_underlines(window) == ["Budgte", "vot"]
    headline.end(False)
    qtbot.keyClicks(headline, "e agian")
    assert headline_underlines(window) == ["Budgte"]
    window.editor.body.setFocus()
    qtbot.waitUntil(lambda: headline_underlines(window) == ["Budgte", "agian"])


def test_a_long_paragraph_is_read_again_around_each_edit_with_the_same_result(qtbot, window, library):
    paragraph = " ".join(["the committee approved the budget"] * 100)  # 3,400 characters, one block
    open_new_article(window, library, headline="Long", body=paragraph + " wrold")
    body = window.editor.body
    wait_for_underlines(qtbot, body, ["wrold"])
    cursor = QTextCursor(body.document())
    cursor.setPosition(1700)
    body.setTextCursor(cursor)
    window.activateWindow()
    body.setFocus()
    qtbot.waitUntil(body.hasFocus)
    qtbot.keyClicks(body, " parlament ")
    assert underlined_words(body) == ["parlament", "wrold"]
    for _ in range(len(" parlament ")):
        qtbot.keyClick(body, Qt.Key.Key_Backspace)
    assert underlined_words(body) == ["wrold"]
    assert body.toPlainText() == paragraph + " wrold"


class WordListChecker:
    """A checker that knows every word but a few misspellings, and counts its revisions."""

    def __init__(self, misspelt: set[str]) -> None:
        self.misspelt = misspelt
        self.revision = 0

    def is_correct(self, word: str) -> bool:
        return word not in self.misspelt

    def learn(self, word: str) -> None:
        self.misspelt.discard(word)
        self.revision += 1


def misspellings_read_whole(document, checker) -> list[str]:
    found, state = [], AFTER_BLANK
    block = document.firstBlock()
    while block.isValid():
        words, state = words_in_line(block.text(), state)
        found += [word for _start, word in words if not checker.is_correct(word)]
        block = block.next()
    return found


def test_underlines_kept_across_random_edits_match_reading_every_line_whole(qtbot):
    # Each block keeps its misspellings and re-reads only around an edit: after any run of
    # edits (lines split and joined, fences opened, links typed into, a word learnt) the
    # underlines are those a fresh read of the whole text finds.
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    highlighter = MarkdownHighlighter(edit.document(), edit.palette())
    checker = WordListChecker({"teh", "wrold", "cloes", "agian", "Qalibaf"})
    edit.setPlainText(
        "Teh lead with teh [wrold](https://example.org/wrold) and **cloes** words.\n\n"
        + "A long paragraph of teh story said Qalibaf agian, `teh code` &amp; <b>wrold</b>. " * 12
        + "\n\n    indented teh\n\n```\nteh fenced\n```\nAfter teh fence."
    )
    highlighter.set_checker(checker)
    qtbot.waitUntil(lambda: not highlighter.is_catching_up)
    rng = random.Random(5)
    pieces = ["teh ", "word ", " ", "\n", "\n\n", "`", "```\n", "[", "](x)", "wrold", "<b>", "&amp;", "*", "    "]
    document = edit.document()
    for step in range(250):
        cursor = QTextCursor(document)
        at = rng.randrange(document.characterCount())
        cursor.setPosition(at)
        if rng.random() < 0.3:
            cursor.setPosition(
                min(at + rng.randint(1, 8), document.characterCount() - 1), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.removeSelectedText()
        else:
            cursor.insertText(rng.choice(pieces))
        if step == 120:
            checker.learn("Qalibaf")
            highlighter.recheck_word("Qalibaf")
        qtbot.waitUntil(lambda: not highlighter.is_catching_up)
        assert underlined_words(edit) == misspellings_read_whole(document, checker), step
