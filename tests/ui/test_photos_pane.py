"""The photos pane: grid, import by drop, reorder, lead, inspector, credit split, problems."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, Qt, QUrl

from editor_app.ui.photo_inspector import describe_file_metadata
from editor_app.ui.photos_pane import PLACEMENT_MIME, PhotosPane
from editor_app.ui.writes import LibraryWrites
from tests.ui.conftest import wait_until_stored


def imported(library, corpus_dir, *names):
    from editor_app.photos import import_photos

    results = import_photos(library, [corpus_dir / name for name in names])
    assert all(r.ok for r in results), [r.error for r in results]
    return [r.photo for r in results]


def make_pane(qtbot, library, article):
    writes = LibraryWrites()
    writes.set_library(library)
    pane = PhotosPane(writes, caption_delay_ms=50)
    writes.setParent(pane)
    qtbot.addWidget(pane)
    pane.show()
    pane.set_library(library)
    pane.show_article(article.id)
    return pane


def attach(qtbot, pane, photo_ids):
    """Attach through the writer and wait until the grid shows the stored placements."""
    with qtbot.waitSignal(pane.placementsChanged):
        futures = pane.attach_photos(photo_ids)
    return [future.result().id for future in futures]


def test_grid_shows_placements_with_thumbnails(qtbot, library, corpus_dir):
    article = library.create_article(headline="Ferry strike", body="Text.")
    photos = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    pane = make_pane(qtbot, library, article)
    assert pane.model.rowCount() == 0
    pane.attach_photos([p.id for p in photos])
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2)
    icon = pane.model.data(pane.model.index(0), Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()
    # Tiles wrap left to right, a contact sheet rather than a one-column list.
    assert pane.grid.isWrapping() and pane.grid.flow() == pane.grid.Flow.LeftToRight


def test_reorder_by_drop_and_set_lead_and_remove(qtbot, library, corpus_dir):
    article = library.create_article(headline="Ferry strike")
    photos = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    pane = make_pane(qtbot, library, article)
    first, second = attach(qtbot, pane, [p.id for p in photos])
    mime = pane.model.mimeData([pane.model.index(1)])
    assert mime.hasFormat(PLACEMENT_MIME)
    with qtbot.waitSignal(pane.placementsChanged):
        pane.model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [p.id for p in library.placements(article.id)] == [second, first]
    assert [placement.id for placement, _photo in pane.model.rows] == [second, first]
    with qtbot.waitSignal(pane.placementsChanged):
        pane.inspector.desk.undo_stack.undo()  # the move is one step of the desk's history
    assert [p.id for p in library.placements(article.id)] == [first, second]
    with qtbot.waitSignal(pane.placementsChanged):
        pane.inspector.desk.undo_stack.redo()
    assert [p.id for p in library.placements(article.id)] == [second, first]

    pane.grid.setCurrentIndex(pane.model.index(pane.model.row_of(first)))
    with qtbot.waitSignal(pane.placementsChanged):
        qtbot.mouseClick(pane.lead_button, Qt.MouseButton.LeftButton)
    assert library.get_placement(first).role == "lead"
    assert not pane.lead_button.isEnabled()

    with qtbot.waitSignal(pane.placementsChanged):
        qtbot.mouseClick(pane.remove_button, Qt.MouseButton.LeftButton)
    assert [p.id for p in library.placements(article.id)] == [second]


def test_dragging_several_tiles_moves_them_all_in_one_undo_step(qtbot, library, corpus_dir):
    article = library.create_article(headline="Ferry strike")
    names = ("news_canadian_press.jpg", "gps_nikon_coolpix.jpg", "cmyk.jpg", "orientation_1.jpg")
    pane = make_pane(qtbot, library, article)
    a, b, c, d = attach(qtbot, pane, [p.id for p in imported(library, corpus_dir, *names)])
    pane.grid.setCurrentIndex(pane.model.index(0))
    pane.grid.selectionModel().select(pane.model.index(2), QItemSelectionModel.SelectionFlag.Select)
    assert pane.selected_placement_ids() == [a, c]

    def order():
        return [p.id for p in library.placements(article.id)]

    # What the view hands the model when the selection is dragged, dropped after the last tile.
    mime = pane.model.mimeData(pane.grid.selectedIndexes())
    with qtbot.waitSignal(pane.placementsChanged):
        pane.model.dropMimeData(mime, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    assert order() == [b, d, a, c]
    assert [placement.id for placement, _photo in pane.model.rows] == [b, d, a, c]
    undo_stack = pane.inspector.desk.undo_stack
    assert undo_stack.count() == 1
    with qtbot.waitSignal(pane.placementsChanged):
        undo_stack.undo()  # one Ctrl+Z puts every dragged tile back
    assert order() == [a, b, c, d]
    with qtbot.waitSignal(pane.placementsChanged):
        undo_stack.redo()
    assert order() == [b, d, a, c]

    # Dropped in the middle of themselves: they close up around the drop, in their order.
    mime = pane.model.mimeData([pane.model.index(0), pane.model.index(3)])  # b and c
    with qtbot.waitSignal(pane.placementsChanged):
        pane.model.dropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert order() == [d, b, c, a]
    # Dropped where they already are: nothing to do, no step.
    mime = pane.model.mimeData([pane.model.index(1), pane.model.index(2)])
    pane.model.dropMimeData(mime, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert undo_stack.count() == 2


def test_dropped_files_are_handed_on_for_import(qtbot, library, corpus_dir):
    pane = make_pane(qtbot, library, library.create_article(headline="h"))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corpus_dir / "news_canadian_press.jpg"))])
    with qtbot.waitSignal(pane.filesDropped) as dropped:
        assert pane.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    assert dropped.args == [[str(corpus_dir / "news_canadian_press.jpg")]]


def test_window_imports_dropped_files_in_a_worker(qtbot, window, corpus_dir):
    window.new_article_action.trigger()
    window.photos.filesDropped.emit([str(corpus_dir / "news_canadian_press.jpg"), str(corpus_dir / "not_an_image.jpg")])
    qtbot.waitUntil(lambda: len(window.last_import_results) == 2, timeout=30000)
    qtbot.waitUntil(lambda: window.photos.model.rowCount() == 1)  # attached by the library's writer
    refused = [r for r in window.last_import_results if r.error]
    assert len(refused) == 1 and refused[0].path.name == "not_an_image.jpg"


def test_inspector_splits_credit_counts_and_lists_problems(qtbot, library, corpus_dir):
    article = library.create_article(headline="Ferry strike", body="The mayor spoke.")
    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    pane = make_pane(qtbot, library, article)
    (placement_id,) = attach(qtbot, pane, [photo.id])
    inspector = pane.inspector
    assert inspector.from_file.text()  # what the file itself said

    inspector.caption.setFocus()
    inspector.caption.selectAll()
    qtbot.keyClicks(inspector.caption, "Ferries idle at the dock. (Reuters/Jane Doe)")
    qtbot.waitUntil(lambda: inspector.credit.text() == "Reuters")  # the agency is the credit,
    assert inspector.creator.text() == "Jane Doe"  # the photographer the creator
    assert inspector.caption.toPlainText() == "Ferries idle at the dock."
    qtbot.waitUntil(lambda: library.get_placement(placement_id).credit == "Reuters")
    assert inspector.caption_count.text().startswith(str(len("Ferries idle at the dock.")))

    inspector.alt_text.setFocus()
    inspector.alt_text.selectAll()
    qtbot.keyClicks(inspector.alt_text, "x" * 260)
    assert "too long" in inspector.alt_count.text()
    wait_until_stored(qtbot, pane, lambda: len(library.get_placement(placement_id).alt_text) == 260)
    problems = [inspector.problems.item(i).text() for i in range(inspector.problems.count())]
    assert any("alt text" in text for text in problems)

    # A caption naming someone the story never mentions is flagged right there.
    inspector.caption.setFocus()
    inspector.caption.selectAll()
    qtbot.keyClicks(inspector.caption, "Rebecca Thornbury waves to the crowd.")
    wait_until_stored(qtbot, pane, lambda: library.get_placement(placement_id).caption.startswith("Rebecca"))
    problems = [inspector.problems.item(i).text() for i in range(inspector.problems.count())]
    assert any("Rebecca Thornbury" in text for text in problems)


def test_file_metadata_description(library, corpus_dir):
    (photo,) = imported(library, corpus_dir, "gps_nikon_coolpix.jpg")
    text = describe_file_metadata(photo)
    assert "gps_nikon_coolpix.jpg" in text
    assert "location data" in text


def test_shift_click_selects_several_and_the_pane_says_which_placements(qtbot, library, corpus_dir):
    article = library.create_article(headline="Ferry strike")
    photos = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg", "cmyk.jpg")
    pane = make_pane(qtbot, library, article)
    pane.resize(1000, 700)
    ids = attach(qtbot, pane, [p.id for p in photos])
    grid = pane.grid
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(pane.model.index(0)).center())
    with qtbot.waitSignal(pane.selectionChanged) as selected:
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                         grid.visualRect(pane.model.index(2)).center())  # fmt: skip
    assert selected.args == [ids]
    with qtbot.waitSignal(pane.selectionChanged) as selected:
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         grid.visualRect(pane.model.index(1)).center())  # fmt: skip
    assert selected.args == [[ids[0], ids[2]]]
    assert pane.selected_placement_ids() == [ids[0], ids[2]]


def test_tiles_count_problems_and_say_lead_credit_and_alt(qtbot, library, corpus_dir):
    from editor_app.ui.contact_sheet import FactsRole

    article = library.create_article(headline="Ferry strike", body="The mayor spoke.")
    photos = imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    pane = make_pane(qtbot, library, article)
    first, second = attach(qtbot, pane, [p.id for p in photos])
    library.update_placement(second, caption="Rebecca Thornbury waves.", credit="", alt_text="")
    library.set_lead(first)
    pane.reload()
    facts = [pane.model.index(row).data(FactsRole) for row in range(2)]
    assert facts[0].marker == "Lead" and facts[1].marker == "2"
    expected = len([p for p in _problems(library, article.id) if p.placement_id == second])
    assert expected >= 2  # the absent person and the missing credit at least
    assert facts[1].problems == expected
    assert facts[1].missing_credit and facts[1].missing_alt
    assert facts[1].has_location  # the Nikon file carries GPS


def _problems(library, article_id):
    from editor_app.photos import caption_problems

    return caption_problems(library, article_id)
