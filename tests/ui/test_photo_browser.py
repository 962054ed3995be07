"""The From Library... browser: the contact sheet over the library, search, "Not used yet"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor_app.ui.contact_sheet import ContactSheet
from editor_app.ui.photo_browser import PhotoBrowserDialog


def imported(library, corpus_dir, *names):
    from editor_app.photos import import_photos

    results = import_photos(library, [corpus_dir / name for name in names])
    assert all(r.ok for r in results), [r.error for r in results]
    return [r.photo for r in results]


def open_browser(qtbot, library):
    dialog = PhotoBrowserDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown_ids(dialog):
    return set(dialog.model.ids)


def test_browser_is_the_contact_sheet_and_searches_caption_credit_creator_and_name(qtbot, library, corpus_dir):
    press, nikon = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    library.update_photo(press.id, description="Firefighters at the Montreal blaze", credit="The Canadian Press",
                         creator="Paul Chiasson")  # fmt: skip
    dialog = open_browser(qtbot, library)
    assert isinstance(dialog.sheet, ContactSheet)
    assert shown_ids(dialog) == {press.id, nikon.id}
    for query, expected in (("blaze", {press.id}), ("canadian press", {press.id}), ("chiasson", {press.id}),
                            ("coolpix", {nikon.id}), ("blaze coolpix", set())):  # fmt: skip
        dialog.search_field.setText(query)
        qtbot.waitUntil(lambda expected=expected: shown_ids(dialog) == expected)


def test_not_used_yet_hides_photos_an_article_places(qtbot, library, corpus_dir):
    press, nikon = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    article = library.create_article(headline="Fire")
    library.attach_photo(article.id, press.id)
    dialog = open_browser(qtbot, library)
    dialog.unused_box.setChecked(True)
    assert shown_ids(dialog) == {nikon.id}
    dialog.unused_box.setChecked(False)
    assert shown_ids(dialog) == {press.id, nikon.id}


def test_selected_photos_are_the_ones_to_attach(qtbot, library, corpus_dir):
    photos = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg", "cmyk.jpg")
    dialog = open_browser(qtbot, library)
    assert not dialog.attach_button.isEnabled()
    view = dialog.view
    with qtbot.waitSignal(dialog.sheet.selectionChanged):
        view.selectAll()
    assert sorted(dialog.selected_photo_ids()) == sorted(p.id for p in photos)
    assert dialog.attach_button.isEnabled()


def test_space_and_double_click_open_the_loupe_over_the_library(qtbot, library, corpus_dir):
    press, nikon = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    library.update_photo(press.id, description="Firefighters at the Montreal blaze")
    dialog = open_browser(qtbot, library)
    view = dialog.view
    row_of = {photo_id: row for row, photo_id in enumerate(dialog.model.ids)}
    view.setCurrentIndex(dialog.model.index(row_of[press.id]))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    loupe = dialog.loupe
    assert loupe is not None and loupe.isVisible()
    assert loupe.current_photo_id() == press.id
    assert not loupe.picture.pixmap().isNull()  # the stored preview
    assert loupe.caption.toPlainText() == "Firefighters at the Montreal blaze"  # the photo's own caption
    assert loupe.caption.isReadOnly()  # no article here: nothing to write it to
    loupe.picture.setFocus()
    next_row = row_of[nikon.id] - row_of[press.id]
    qtbot.keyClick(loupe.picture, Qt.Key.Key_Right if next_row > 0 else Qt.Key.Key_Left)
    assert loupe.current_photo_id() == nikon.id
    assert dialog.selected_photo_ids() == [nikon.id]  # the sheet follows: closing leaves it chosen
    loupe.close()
    qtbot.waitUntil(lambda: dialog.loupe is None)
    assert dialog.isVisible()  # a double click no longer adds the photo and closes the browser

    center = view.visualRect(dialog.model.index(row_of[press.id])).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.waitUntil(lambda: dialog.loupe is not None and dialog.loupe.isVisible())
    assert dialog.loupe.current_photo_id() == press.id
    assert dialog.isVisible() and dialog.result() == 0


def test_photos_imported_while_the_browser_is_open_come_in_at_the_top_keeping_the_selection(
    qtbot, library, corpus_dir
):
    (press,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    dialog = open_browser(qtbot, library)
    dialog.view.setCurrentIndex(dialog.model.index(0))
    assert dialog.selected_photo_ids() == [press.id]
    (nikon, cmyk) = imported(library, corpus_dir, "gps_nikon_coolpix.jpg", "cmyk.jpg")
    with qtbot.waitSignal(dialog.model.rowsInserted):  # inserted, not a reset that loses the selection
        dialog.library_photos_changed()
    assert dialog.model.ids == [cmyk.id, nikon.id, press.id]
    assert dialog.model.index(0).data() == "cmyk.jpg"  # what the tiles say is read again too
    assert dialog.selected_photo_ids() == [press.id] and dialog.attach_button.isEnabled()

    # While the loupe shows a row, the list stays as it is; it is brought up to date on closing.
    loupe = dialog.open_loupe(0)
    (other,) = imported(library, corpus_dir, "iptc_photo_mechanic.jpg")
    dialog.library_photos_changed()
    assert other.id not in dialog.model.ids and loupe.current_photo_id() == cmyk.id
    loupe.close()
    qtbot.waitUntil(lambda: other.id in dialog.model.ids)


def test_the_browser_opened_from_the_window_shows_an_import_that_finishes_meanwhile(
    qtbot, window, library, corpus_dir, tmp_path
):
    from PySide6.QtCore import QTimer

    imported(library, corpus_dir, "news_canadian_press.jpg")
    card = tmp_path / "card"
    card.mkdir()
    (card / "gps_nikon_coolpix.jpg").write_bytes((corpus_dir / "gps_nikon_coolpix.jpg").read_bytes())
    window.new_article_action.trigger()
    window.choose_photo_folder = lambda _parent: [card]
    seen = []

    def in_the_browser():
        dialog = window.findChild(PhotoBrowserDialog)
        try:
            seen.append(len(dialog.model.ids))
            # An import to the library running when the browser opened, finishing while it
            # is open (started here, from inside the modal browser, so it cannot end first).
            window.import_to_library_action.trigger()
            qtbot.waitUntil(lambda: bool(window.last_import_results), timeout=30000)
            seen.append(dialog.model.index(0).data())
        finally:
            dialog.reject()

    QTimer.singleShot(0, in_the_browser)
    window.browse_library_photos()
    assert seen == [1, "gps_nikon_coolpix.jpg"]
