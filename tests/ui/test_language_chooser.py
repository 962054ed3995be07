"""The language chooser: names with their tags, and any stored tag kept exactly."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor_app.ui.editor_pane import ArticleEditorPane
from editor_app.ui.language_chooser import describe_language
from tests.ui.conftest import wait_until_stored


def loaded_pane(qtbot, article) -> ArticleEditorPane:
    pane = ArticleEditorPane()
    qtbot.addWidget(pane)
    pane.load_article(article)
    return pane


def test_the_list_shows_names_with_codes(qtbot, library):
    pane = loaded_pane(qtbot, library.create_article(headline="h", language="fa"))
    labels = [pane.language.itemText(i) for i in range(pane.language.count())]
    assert "English (UK) - en-GB" in labels and "فارسی - fa" in labels and "Français - fr" in labels
    assert pane.language.currentText() == "فارسی - fa"
    assert pane.value_of("language") == "fa"
    assert pane.body.layoutDirection() == Qt.LayoutDirection.RightToLeft
    index = pane.language.findData("fa")
    assert pane.language.itemData(index, Qt.ItemDataRole.ToolTipRole) == "Persian"


def test_choosing_a_language_stores_its_code_and_says_so(qtbot, library):
    pane = loaded_pane(qtbot, library.create_article(headline="h"))
    with qtbot.waitSignal(pane.languageChanged) as changed:
        pane.language.setCurrentIndex(pane.language.findData("en-GB"))
    assert changed.args == ["en-GB"]
    assert pane.pending_changes() == {"language": "en-GB"}


def test_a_typed_tag_is_kept_as_typed(qtbot, library):
    pane = loaded_pane(qtbot, library.create_article(headline="h"))
    pane.language.setCurrentText("ar-EG")
    assert pane.value_of("language") == "ar-EG"
    assert pane.body.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_an_unknown_code_shows_and_round_trips(qtbot, window, library):
    unknown = library.create_article(headline="Klingon copy", language="tlh")
    regional = library.create_article(headline="Habari", language="sw-KE")
    window.library_pane.model.set_library(library)
    window.open_article(unknown.id)
    chooser = window.editor.language
    assert chooser.currentText() == "tlh"
    # An edit elsewhere saves the article; its language goes back exactly as it came.
    window.editor.body.setFocus()
    qtbot.keyClicks(window.editor.body, "Qapla'")
    wait_until_stored(qtbot, window, lambda: library.get_article(unknown.id).body == "Qapla'")
    assert library.get_article(unknown.id).language == "tlh"
    window.open_article(regional.id)
    assert chooser.currentText() == "Kiswahili (Kenya) - sw-KE"
    assert chooser.findText("tlh") == -1  # the last article's unlisted tag is gone from the list
    window.editor.headline.setFocus()
    qtbot.keyClicks(window.editor.headline, "!")
    wait_until_stored(qtbot, window, lambda: library.get_article(regional.id).headline == "Habari!")
    assert library.get_article(regional.id).language == "sw-KE"


def test_names_from_qt_for_unlisted_tags(qapp):
    assert describe_language("es-MX") == ("Español (México)", "Spanish (Mexico)")  # not "español de España"
    assert describe_language("fa-AF") == ("فارسی (افغانستان)", "Persian (Afghanistan)")
    assert describe_language("EN-gb") == ("English (UK)", "British English")
    assert describe_language("x-private") == ("", "")
    assert describe_language("") == ("", "")
