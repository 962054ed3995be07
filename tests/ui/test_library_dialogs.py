"""File > New Library and the library's photo browser, driven through the window."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication

from editor_app.photos import import_photos
from editor_app.ui.photo_browser import PhotoBrowserDialog


def test_new_library_from_the_window_creates_and_opens_it(qtbot, window, tmp_path):
    path = tmp_path / "desk" / "new.copydesk"
    path.parent.mkdir()
    old_path = window.library.path
    window.choose_new_library_path = lambda parent: path
    window.new_library()
    assert window.library.path == path and path.exists()
    assert window.library.count_articles() == 0
    # The previous library was let go: another window or process may open it now.
    from editor_app.library import Library

    Library.open(old_path).close()


def test_photo_browser_attaches_a_library_photo_to_the_article(qtbot, window, library, corpus_dir):
    import_photos(library, [corpus_dir / "news_canadian_press.jpg", corpus_dir / "cmyk.jpg"])
    window.new_article_action.trigger()
    searched = []

    def pick_in_the_dialog():
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PhotoBrowserDialog) and w.isVisible())
        qtbot.keyClicks(dialog.search_field, "Montreal")  # words from the wire caption
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=3000)
        searched.append(dialog.model.rowCount())
        dialog.view.selectionModel().select(dialog.model.index(0), QItemSelectionModel.SelectionFlag.Select)
        dialog.attach_button.click()

    QTimer.singleShot(0, pick_in_the_dialog)
    window.browse_library_photos()
    assert searched == [1]
    qtbot.waitUntil(lambda: window.photos.model.rowCount() == 1)  # attached by the library's writer
    [placement] = library.placements(window.article_id)
    assert library.get_photo(placement.photo_id).original_name == "news_canadian_press.jpg"
    assert placement.credit == "The Canadian Press"  # a new placement starts from the photo's fields
