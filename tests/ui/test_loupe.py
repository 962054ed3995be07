"""The loupe: Space opens it on the current tile, arrows move, the caption typed there is stored."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor_app.ui.workers import Workers
from tests.ui.conftest import wait_until_stored
from tests.ui.test_photos_pane import attach, imported, make_pane


def test_space_opens_the_loupe_arrows_move_and_the_caption_is_stored(qtbot, library, corpus_dir):
    article = library.create_article(headline="Ferry strike")
    photos = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    pane = make_pane(qtbot, library, article)
    pane.workers = Workers(pane)
    first, second = attach(qtbot, pane, [p.id for p in photos])
    pane.grid.setCurrentIndex(pane.model.index(0))
    pane.grid.setFocus()
    qtbot.keyClick(pane.grid, Qt.Key.Key_Space)
    loupe = pane.loupe
    assert loupe is not None and loupe.isVisible()
    assert loupe.row == 0
    assert not loupe.picture.pixmap().isNull()  # the stored preview, at once
    qtbot.waitUntil(lambda: loupe.full_pixels_shown, timeout=10000)  # then the decoded original

    loupe.picture.setFocus()
    qtbot.keyClick(loupe.picture, Qt.Key.Key_Right)
    assert loupe.row == 1
    assert pane.selected_placement_id() == second  # the sheet and inspector follow
    qtbot.keyClick(loupe.picture, Qt.Key.Key_Right)  # no photo after the last: stays
    assert loupe.row == 1

    loupe.caption.setFocus()
    loupe.caption.selectAll()
    qtbot.keyClicks(loupe.caption, "Ferries idle at the dock in Halifax.")
    qtbot.keyClick(loupe.caption, Qt.Key.Key_Left)  # in the caption an arrow moves the text cursor
    assert loupe.row == 1
    qtbot.keyClick(loupe.caption, Qt.Key.Key_PageUp)  # moving on writes what was typed
    assert loupe.row == 0
    wait_until_stored(
        qtbot, pane, lambda: library.get_placement(second).caption == "Ferries idle at the dock in Halifax."
    )
    assert pane.model.rows[1][0].caption == "Ferries idle at the dock in Halifax."
    assert library.get_placement(first).caption != "Ferries idle at the dock in Halifax."
    loupe.close()
    assert pane.workers.stop_all(10000)  # the last decode ends before the library closes


def test_double_click_opens_the_loupe(qtbot, library, corpus_dir):
    article = library.create_article(headline="Ferry strike")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    pane = make_pane(qtbot, library, article)
    attach(qtbot, pane, [photo.id])
    center = pane.grid.visualRect(pane.model.index(0)).center()
    qtbot.mouseClick(pane.grid.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(pane.grid.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.waitUntil(lambda: pane.loupe is not None and pane.loupe.isVisible())
    assert not pane.loupe.picture.pixmap().isNull()


def open_loupe_on(qtbot, pane, row):
    pane.grid.setCurrentIndex(pane.model.index(row))
    pane.grid.setFocus()
    qtbot.keyClick(pane.grid, Qt.Key.Key_Space)
    assert pane.loupe is not None and pane.loupe.isVisible()
    return pane.loupe


def type_caption(qtbot, loupe, text):
    loupe.caption.setFocus()
    loupe.caption.selectAll()
    qtbot.keyClicks(loupe.caption, text)


def test_the_loupe_caption_expands_codes_as_the_inspector_does(qtbot, library, corpus_dir):
    library.import_code_replacements({"=qal": "Iranian Parliament Speaker Mohammad Baqer Qalibaf"})
    article = library.create_article(headline="Budget vote")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    pane = make_pane(qtbot, library, article)
    (placement_id,) = attach(qtbot, pane, [photo.id])
    loupe = open_loupe_on(qtbot, pane, 0)
    type_caption(qtbot, loupe, "=qal, in Tehran.")
    assert loupe.caption.toPlainText() == "Iranian Parliament Speaker Mohammad Baqer Qalibaf, in Tehran."
    wait_until_stored(
        qtbot, pane, lambda: library.get_placement(placement_id).caption.startswith("Iranian Parliament Speaker")
    )
    qtbot.keyClick(loupe.caption, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # back to the typing
    qtbot.keyClick(loupe.caption, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = loupe.caption.toPlainText().strip()
    assert "=qal" in undone
    loupe.close()  # writes what the field now says
    wait_until_stored(qtbot, pane, lambda: library.get_placement(placement_id).caption == undone)


def test_a_wire_credit_typed_in_the_loupe_moves_to_the_credit_with_an_undo(qtbot, library, corpus_dir):
    article = library.create_article(headline="Budget vote")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    pane = make_pane(qtbot, library, article)
    (placement_id,) = attach(qtbot, pane, [photo.id])
    credit_before = library.get_placement(placement_id).credit
    loupe = open_loupe_on(qtbot, pane, 0)

    type_caption(qtbot, loupe, "Lawmakers vote in Tehran. (AFP photo)")
    qtbot.waitUntil(loupe.split_notice.isVisible)  # at the pause, as in the inspector
    assert "AFP" in loupe.split_notice.text() and "Undo" in loupe.split_notice.text()
    assert loupe.caption.toPlainText() == "Lawmakers vote in Tehran."
    wait_until_stored(qtbot, pane, lambda: library.get_placement(placement_id).credit == "AFP")
    assert library.get_placement(placement_id).caption == "Lawmakers vote in Tehran."

    loupe.split_notice.linkActivated.emit("undo")  # the notice's Undo link
    wait_until_stored(
        qtbot, pane, lambda: library.get_placement(placement_id).caption == "Lawmakers vote in Tehran. (AFP photo)"
    )
    assert library.get_placement(placement_id).credit == credit_before
    assert loupe.caption.toPlainText() == "Lawmakers vote in Tehran. (AFP photo)"
    assert not loupe.split_notice.isVisible()

    # Ctrl+Z right after a split undoes the whole split too, as in the inspector.
    type_caption(qtbot, loupe, "Ferries idle. (Reuters/Jane Doe)")
    qtbot.waitUntil(loupe.split_notice.isVisible)
    wait_until_stored(qtbot, pane, lambda: library.get_placement(placement_id).credit == "Reuters")
    assert library.get_photo(photo.id).creator == "Jane Doe"
    qtbot.keyClick(loupe.caption, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_until_stored(
        qtbot, pane, lambda: library.get_placement(placement_id).caption == "Ferries idle. (Reuters/Jane Doe)"
    )
    assert loupe.caption.toPlainText() == "Ferries idle. (Reuters/Jane Doe)"
    assert library.get_placement(placement_id).credit == credit_before
    assert not loupe.split_notice.isVisible()
    loupe.close()
