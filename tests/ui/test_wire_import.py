"""Wire import in the window: File > Import Wire Story..., Edit > Paste as New Story, and the
caption desk's empty slots that a dropped or chosen photo fills."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from editor_app.ui.contact_sheet import FactsRole, PhotoIdRole
from editor_app.ui.photo_slots import SLOT_TEXT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wire"


def _menu_texts(window, title: str) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    return [action.text() for action in menu.actions()]


def _import(qtbot, window, path: Path):
    before = window.wire_import.last_imported
    window.wire_import.choose_wire_file = lambda _parent: path
    window.wire_import.import_action.trigger()
    qtbot.waitUntil(lambda: window.wire_import.last_imported is not before, timeout=20000)
    qtbot.waitUntil(lambda: window.article_id == window.wire_import.last_imported.id)
    return window.wire_import.last_imported


def test_the_menus_offer_both_ways_in_once_a_library_is_open(make_window, library):
    empty = make_window()
    assert not empty.wire_import.import_action.isEnabled() and not empty.wire_import.paste_action.isEnabled()
    window = make_window(library)
    assert "Import &Wire Story…" in _menu_texts(window, "&File")
    assert "Paste as &New Story" in _menu_texts(window, "&Edit")
    assert window.wire_import.import_action.isEnabled() and window.wire_import.paste_action.isEnabled()


def test_a_wire_file_opens_as_a_new_article_with_its_slots_as_empty_tiles(qtbot, window):
    article = _import(qtbot, window, FIXTURES / "tehran_times_caption_block.txt")
    assert window.editor.headline.text() == "Majlis passes emergency budget after marathon session"
    assert window.library_pane.model.article_id_at(0) == article.id
    model = window.photos.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    first = model.index(0)
    assert model.data(first, PhotoIdRole) is None
    assert not model.data(first, Qt.ItemDataRole.DecorationRole).isNull()  # the dashed "drop here" frame
    facts = model.data(first, FactsRole)
    assert (facts.label, facts.marker, facts.missing_alt) == (SLOT_TEXT, "Lead", True)
    qtbot.waitUntil(lambda: model.data(first, FactsRole).problems >= 1)  # the empty slot is an error already
    assert window.photos.placed_photos() == []  # nothing for the preview to show yet
    inspector = window.photos.inspector
    window.photos.grid.setCurrentIndex(model.index(1))
    qtbot.waitUntil(lambda: inspector.placement is not None and inspector.placement.is_slot)
    assert inspector.caption.toPlainText().startswith("Parliament Speaker Mohammad Baqer Qalibaf chairs")
    assert inspector.from_file.text().startswith("No photo yet")
    assert not inspector.creator.isEnabled() and not inspector.copyright.isEnabled()
    assert "3 photo slots" in window.statusBar().currentMessage()


def test_paste_as_new_story_takes_the_clipboards_html_before_its_text(qtbot, window):
    mime = QMimeData()
    mime.setHtml((FIXTURES / "web_page_figure.html").read_text(encoding="utf-8"))
    mime.setText("A plain headline\n\nA plain paragraph.")
    QGuiApplication.clipboard().setMimeData(mime)
    window.wire_import.paste_action.trigger()
    qtbot.waitUntil(lambda: window.wire_import.last_imported is not None, timeout=20000)
    article = window.wire_import.last_imported
    assert article.headline.startswith("Caspian sturgeon return")
    assert next(s.alt_text for s in window.library.photo_slots(article.id)).startswith("A large grey sturgeon")
    QGuiApplication.clipboard().setText("Plain headline\n\nTEHRAN (Reuters) - A plain paragraph.")
    window.wire_import.paste_action.trigger()
    qtbot.waitUntil(lambda: window.wire_import.last_imported.id != article.id, timeout=20000)
    pasted = window.wire_import.last_imported
    assert (pasted.headline, pasted.dateline, pasted.byline) == ("Plain headline", "TEHRAN", "Reuters")


def test_an_empty_clipboard_or_a_binary_file_is_refused_in_words(qtbot, window, tmp_path):
    QGuiApplication.clipboard().setText("")
    window.wire_import.paste_action.trigger()
    assert "no text" in window.statusBar().currentMessage()
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50)
    window.wire_import.choose_wire_file = lambda _parent: binary
    window.wire_import.import_action.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible() for w in window.findChildren(QMessageBox)))
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert "photo.txt is not text or HTML" in box.text()
    box.close()
    assert window.library.count_articles() == 0


def test_a_photo_dropped_on_a_slot_fills_that_slot_and_undo_empties_it(qtbot, window, corpus_dir):
    article = _import(qtbot, window, FIXTURES / "tehran_times_caption_block.txt")
    model = window.photos.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    window.photos.grid.setCurrentIndex(model.index(0))  # another slot is selected: the drop decides
    slots = window.library.photo_slots(article.id)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corpus_dir / "news_canadian_press.jpg"))])
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.index(2))
    qtbot.waitUntil(lambda: window.library.get_placement(slots[2].id).photo_id is not None, timeout=30000)
    filled = window.library.get_placement(slots[2].id)
    assert (filled.caption, filled.credit) == (slots[2].caption, "ICANA")
    assert [p.photo_id is None for p in window.library.placements(article.id)] == [True, True, False]
    qtbot.waitUntil(lambda: model.data(model.index(2), PhotoIdRole) == filled.photo_id)
    assert len(window.photos.placed_photos()) == 1
    window.photos.inspector.desk.undo_stack.undo()
    qtbot.waitUntil(lambda: window.library.get_placement(slots[2].id).photo_id is None)
    qtbot.waitUntil(lambda: model.data(model.index(2), PhotoIdRole) is None)


def test_a_library_photo_chosen_while_a_slot_is_selected_fills_that_slot(qtbot, window, corpus_dir):
    from editor_app.photos import import_photos

    (result,) = import_photos(window.library, [corpus_dir / "gps_nikon_coolpix.jpg"])
    article = _import(qtbot, window, FIXTURES / "gulf_news_captions.txt")
    model = window.photos.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    window.photos.grid.setCurrentIndex(model.index(1))
    second = window.library.photo_slots(article.id)[1]
    window.photos.attach_photos([result.photo.id])  # what From Library... does with the chosen photo
    qtbot.waitUntil(lambda: window.library.get_placement(second.id).photo_id == result.photo.id)
    assert [p.photo_id for p in window.library.placements(article.id)] == [None, result.photo.id]
    qtbot.waitUntil(lambda: model.data(model.index(1), PhotoIdRole) == result.photo.id)  # the sheet shows it
    window.photos.grid.setCurrentIndex(model.index(1))  # a filled tile: the next photo is added beside
    window.photos.attach_photos([result.photo.id])
    qtbot.waitUntil(lambda: len(window.library.placements(article.id)) == 3)
