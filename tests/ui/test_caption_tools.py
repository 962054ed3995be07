"""The caption desk's steps: a template over a selection, a batch credit, a removal; one Undo each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from editor_app.ui.caption_tools import BatchDialog, TemplateDialog
from tests.ui.test_photo_inspector import imported, show

THREE = ("news_canadian_press.jpg", "tiff_iptc.tif", "large_phone_gps.jpg")


@pytest.fixture
def three_placed(library, corpus_dir):
    """An article with three photos, each taken somewhere else on another day."""
    article = library.create_article(headline="Three cities", dateline="OTTAWA", body="Text.")
    photos = imported(library, corpus_dir, *THREE)
    library.update_photo(photos[2].id, city="Tehran", country="Iran")  # the phone wrote no place
    placements = [library.attach_photo(article.id, photo.id, caption=f"Old caption {n}.", credit=f"Old credit {n}")
                  for n, photo in enumerate(photos)]  # fmt: skip
    return article, placements


def step(qtbot, inspector, action):
    """Run a desk action and wait until its write has landed."""
    with qtbot.waitSignal(inspector.desk.stored, timeout=10000):
        assert action() is not False


def captions(library, placements):
    return [library.get_placement(p.id).caption for p in placements]


def test_template_fills_three_selected_photos_each_from_its_own_metadata_in_one_undo_step(
    qtbot, library, inspector, three_placed
):
    _article, placements = three_placed
    show(inspector, library, placements[0].id)
    inspector.set_selection([p.id for p in placements])
    before = captions(library, placements)

    step(qtbot, inspector, lambda: inspector.apply_template("{city}, {date:%B %-d, %Y}: {dateline}"))
    assert captions(library, placements) == [
        "Montreal, July 8, 2020: OTTAWA",
        "Kingston, February 20, 2004: OTTAWA",
        "Tehran, August 14, 2022: OTTAWA",
    ]
    stack = inspector.desk.undo_stack
    assert stack.count() == 1
    step(qtbot, inspector, stack.undo)
    assert captions(library, placements) == before
    step(qtbot, inspector, stack.redo)
    assert captions(library, placements)[2] == "Tehran, August 14, 2022: OTTAWA"


def test_templates_menu_lists_the_librarys_templates(qtbot, library, inspector, three_placed):
    _article, placements = three_placed
    library.add_caption_template("City only", "{city}.")
    show(inspector, library, placements[1].id)
    inspector.templates_menu.aboutToShow.emit()
    names = [action.text() for action in inspector.templates_menu.actions()]
    assert "City only" in names
    chosen = next(a for a in inspector.templates_menu.actions() if a.text() == "City only")
    with qtbot.waitSignal(inspector.desk.stored, timeout=10000):
        chosen.trigger()  # nothing else selected: the shown photo alone
    assert captions(library, placements) == ["Old caption 0.", "Kingston.", "Old caption 2."]


def test_batch_credit_on_three_photos_is_one_undo_step(qtbot, library, inspector, three_placed):
    _article, placements = three_placed
    show(inspector, library, placements[0].id)
    inspector.set_selection([p.id for p in placements])
    creators = [library.get_photo(p.photo_id).creator for p in placements]

    step(qtbot, inspector, lambda: inspector.apply_batch({"credit": "AFP", "creator": "Jane Doe"}))
    assert [library.get_placement(p.id).credit for p in placements] == ["AFP"] * 3
    assert [library.get_photo(p.photo_id).creator for p in placements] == ["Jane Doe"] * 3
    assert inspector.desk.undo_stack.count() == 1
    step(qtbot, inspector, inspector.desk.undo_stack.undo)
    assert [library.get_placement(p.id).credit for p in placements] == [f"Old credit {n}" for n in range(3)]
    assert [library.get_photo(p.photo_id).creator for p in placements] == creators


def test_batch_dialog_keeps_only_the_fields_filled(qtbot):
    dialog = BatchDialog(3)
    qtbot.addWidget(dialog)
    dialog.credit.setText(" AFP ")
    assert dialog.values() == {"credit": "AFP"}
    assert dialog.chosen_template() is None


def test_template_dialog_previews_from_the_current_photo_and_shows_problems(qtbot, library, inspector, three_placed):
    _article, placements = three_placed
    show(inspector, library, placements[0].id)
    dialog = TemplateDialog(sample=inspector.template_sample())
    qtbot.addWidget(dialog)
    dialog.name.setText("Place")
    dialog.template.setPlainText("{city}, {country}")
    assert dialog.preview.text() == "Montreal, Canada"
    dialog.template.setPlainText("{town}")
    assert "not a variable" in dialog.problems.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_removed_photo_comes_back_with_undo(qtbot, library, inspector, three_placed):
    article, placements = three_placed
    library.update_placement(placements[1].id, alt_text="A street in Kingston.")
    kept = library.get_placement(placements[1].id)
    step(qtbot, inspector, lambda: inspector.desk.remove_placement(kept.id))
    assert [p.id for p in library.placements(article.id)] == [placements[0].id, placements[2].id]

    step(qtbot, inspector, inspector.desk.undo_stack.undo)
    back = library.placements(article.id)
    assert [p.id for p in back] == [p.id for p in placements]
    restored = back[1]
    assert (restored.caption, restored.credit, restored.alt_text, restored.position) == (
        kept.caption, kept.credit, kept.alt_text, kept.position,
    )  # fmt: skip
    step(qtbot, inspector, inspector.desk.undo_stack.redo)  # and Redo takes it out again
    assert len(library.placements(article.id)) == 2


def test_window_ctrl_z_in_the_photos_puts_a_removed_photo_back(qtbot, window, library, corpus_dir):
    from tests.ui.conftest import wait_until_stored

    article = library.create_article(headline="Three cities", body="Text.")
    photos = imported(library, corpus_dir, *THREE)
    placements = [library.attach_photo(article.id, photo.id, caption=f"Caption {n}.", credit="CP", alt_text=f"Alt {n}.")
                  for n, photo in enumerate(photos)]  # fmt: skip
    window.open_article(article.id)
    pane = window.photos
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)
    pane.grid.setCurrentIndex(pane.model.index(1))
    pane.grid.setFocus()
    pane.remove_button.click()
    wait_until_stored(qtbot, window, lambda: len(library.placements(article.id)) == 2)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)

    pane.grid.setFocus()
    qtbot.keyClick(pane.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_until_stored(qtbot, window, lambda: len(library.placements(article.id)) == 3)
    back = library.placements(article.id)[1]
    assert (back.id, back.caption, back.credit, back.alt_text) == (placements[1].id, "Caption 1.", "CP", "Alt 1.")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 3)


def test_templates_are_created_edited_and_deleted_in_the_library(qtbot, library, inspector, three_placed):
    _article, placements = three_placed
    show(inspector, library, placements[0].id)
    dialog = inspector.edit_template(None)
    dialog.name.setText("Dateline")
    dialog.template.setPlainText("{city} ({date:%P %-d})")
    assert dialog.preview.text() == "Montreal (July 8)"
    with qtbot.waitSignal(inspector.desk.stored, timeout=10000):
        dialog.accept()
    (stored,) = library.caption_templates()
    assert (stored.name, stored.template) == ("Dateline", "{city} ({date:%P %-d})")

    dialog = inspector.edit_template(stored)
    dialog.template.setPlainText("{city}")
    with qtbot.waitSignal(inspector.desk.stored, timeout=10000):
        dialog.accept()
    assert library.caption_templates()[0].template == "{city}"

    dialog = inspector.edit_template(library.caption_templates()[0])
    with qtbot.waitSignal(inspector.desk.stored, timeout=10000):
        dialog.done(dialog.DELETE)
    assert library.caption_templates() == []
