"""The From Library... browser: the contact sheet over the library, search, "Not used yet"."""

from __future__ import annotations

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
    return {photo.id for photo in dialog.model.photos}


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
