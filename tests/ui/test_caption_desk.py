"""The window's caption desk: photos and preview together, a layout of its own, Import to Library."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def test_caption_desk_gives_photos_the_window_and_both_layouts_are_remembered(qtbot, make_window, library):
    window = make_window(library)
    window.new_article_action.trigger()
    # The writing layout: photos and preview both in sight, beside the text.
    assert window.photos.isVisible() and window.preview.isVisible() and window.editor.isVisible()
    window.splitter.setSizes([300, 600, 500])
    writing_sizes = window.splitter.sizes()

    window.caption_desk_action.trigger()
    assert window.caption_desk_action.isChecked()
    assert not window.editor.isVisible() and not window.library_pane.isVisible()
    assert window.photos.isVisible() and window.preview.isVisible()
    qtbot.waitUntil(lambda: window.photos.width() > window.width() * 0.8)
    assert window.photos.splitter.orientation() == window.photos.splitter.orientation().Horizontal  # inspector beside
    window.side_panel.setSizes([650, 250])
    desk_sizes = window.side_panel.sizes()
    window.photos.sheet.zoom.setValue(240)

    window.caption_desk_action.trigger()  # back to writing, as it was
    assert window.editor.isVisible() and window.library_pane.isVisible()
    assert window.splitter.sizes() == writing_sizes
    window.caption_desk_action.trigger()
    path = library.path
    window.close()

    from editor_app.library import Library

    again = make_window(Library.open(path))
    assert again.caption_desk_action.isChecked()
    assert not again.editor.isVisible()
    assert again.side_panel.sizes() == desk_sizes
    assert again.photos.sheet.view.tile_edge == 240
    again.caption_desk_action.trigger()
    assert again.splitter.sizes() == writing_sizes


def test_caption_desk_shortcut_is_its_own(window):
    from PySide6.QtGui import QAction

    desk = window.caption_desk_action.shortcut()
    assert not desk.isEmpty()
    others = [
        (action.text(), shortcut)
        for action in window.findChildren(QAction)
        if action is not window.caption_desk_action
        for shortcut in action.shortcuts()
    ]
    assert [text for text, shortcut in others if shortcut.matches(desk) == QKeySequence.SequenceMatch.ExactMatch] == []


def test_import_to_library_attaches_nothing_and_lists_refused_files_with_reasons(
    qtbot, window, library, corpus_dir, tmp_path
):
    card = tmp_path / "card" / "DCIM"
    card.mkdir(parents=True)
    for name in ("news_canadian_press.jpg", "decompression_bomb.gif", "truncated.jpg"):
        (card / name).write_bytes((corpus_dir / name).read_bytes())
    (card / "notes.txt").write_text("not a photo, skipped quietly")
    window.new_article_action.trigger()
    window.choose_photo_folder = lambda _parent: [tmp_path / "card"]
    window.import_to_library_action.trigger()
    qtbot.waitUntil(lambda: window.refused_photos_box is not None, timeout=30000)
    assert library.count_photos() == 1
    assert window.photos.model.rowCount() == 0  # nothing attached to the open article
    listed = window.refused_photos_box.informativeText()
    assert "notes.txt" not in listed
    assert "decompression_bomb.gif" in listed and "too many pixels" in listed
    assert "truncated.jpg" in listed and "truncated" in listed.split("truncated.jpg:")[1]
    window.refused_photos_box.close()
