"""A writer's session, driven through the window as a user would, then reopened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import type_text, wait_for_preview

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
HEADLINE = "Harbour ferry strike ends after talks"
BODY = "## Talks\n\nMayor Jane Holloway said the deal was *fair*.\n\n"
CAPTION = "Commuters wait for the ferry in Halifax on Monday. (AFP photo)"


def test_writer_session_survives_switching_and_reopening(qtbot, make_window, library, corpus_dir, tmp_path):
    window = make_window(library)
    library_path = library.path

    # A new article: headline and body typed key by key.
    window.new_article_action.trigger()
    qtbot.keyClicks(window.editor.headline, HEADLINE)
    window.editor.body.setFocus()
    type_text(qtbot, window.editor.body, BODY)
    qtbot.waitUntil(lambda: library.get_article(window.article_id).headline == HEADLINE, timeout=3000)
    article_id = window.article_id

    # Two photos through File > Import Photos..., the file dialog replaced by fixed paths.
    photo_paths = [corpus_dir / "news_canadian_press.jpg", corpus_dir / "gps_nikon_coolpix.jpg"]
    window.choose_photo_files = lambda parent: list(photo_paths)
    first_tiles = []
    show_pending_tile = window.photos.show_pending_tile

    def record_first_tile(name, jpeg):
        first_tiles.append(name)
        show_pending_tile(name, jpeg)

    window.photos.show_pending_tile = record_first_tile
    window.import_photos_action.trigger()
    # The import runs in the status bar, not a modal dialog: the body still takes typing.
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(lambda: len(window.last_import_results) == 2, timeout=30000)
    assert [r.error for r in window.last_import_results] == [None, None]
    qtbot.waitUntil(lambda: window.photos.model.rowCount() == 2)  # attached by the library's writer
    assert not window.photos.model.pending
    # The Nikon file carries an EXIF thumbnail: it was the first tile while importing.
    assert "gps_nikon_coolpix.jpg" in first_tiles

    # A caption typed with a wire credit at its end: the credit moves to its own field.
    assert window.photos.isVisible() and window.preview.isVisible()  # side by side, not behind tabs
    window.photos.grid.setCurrentIndex(window.photos.model.index(0))
    placement_id = window.photos.selected_placement_id()
    caption_field = window.photos.inspector.caption
    caption_field.setFocus()
    caption_field.selectAll()
    qtbot.keyClicks(caption_field, CAPTION)
    qtbot.waitUntil(lambda: window.photos.inspector.credit.text() == "AFP", timeout=3000)
    assert caption_field.toPlainText() == "Commuters wait for the ferry in Halifax on Monday."
    # The pane's write goes through the library's writer thread: wait for it to land.
    qtbot.waitUntil(lambda: library.get_placement(placement_id).credit == "AFP", timeout=3000)
    stored = library.get_placement(placement_id)
    assert (stored.caption, stored.credit) == ("Commuters wait for the ferry in Halifax on Monday.", "AFP")

    # Place it inline at the end of the body, on its own line.
    cursor = window.editor.body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.body.setTextCursor(cursor)
    qtbot.mouseClick(window.photos.insert_button, Qt.MouseButton.LeftButton)
    assert f"\n![](placement:{placement_id})\n" in window.editor.body.toPlainText() + "\n"

    # The preview shows the headline, the caption and the credit once the writer pauses.
    wait_for_preview(qtbot, window, HEADLINE, "Commuters wait for the ferry in Halifax", "AFP")

    def page_shows_them():  # the page actually loaded in the web view, not just the HTML sent
        with qtbot.waitCallback(timeout=10000) as page_html:
            window.preview.page.toHtml(page_html)
        assert HEADLINE in page_html.args[0] and "Commuters wait for the ferry" in page_html.args[0]

    qtbot.waitUntil(page_shows_them, timeout=15000)

    # Switch to another article and back: nothing is lost.
    window.new_article_action.trigger()
    assert window.article_id != article_id
    assert library.get_article(article_id).body.rstrip().endswith(f"![](placement:{placement_id})")
    window.library_pane.table.setCurrentIndex(
        window.library_pane.model.index(window.library_pane.model.row_of(article_id), 0)
    )
    assert window.article_id == article_id
    assert window.editor.headline.text() == HEADLINE
    assert window.photos.model.rowCount() == 2

    # Ready to publish, as an editor leaves a story: marked Ready, alt text on both photos
    # and a credit on the second (its file has none).
    window.set_article_status("ready")
    for row, alt_text, credit in ((0, "Commuters on a ferry pier.", ""), (1, "A village street.", "Desk photo")):
        window.photos.grid.setCurrentIndex(window.photos.model.index(row))
        window.photos.inspector.alt_text.setFocus()
        qtbot.keyClicks(window.photos.inspector.alt_text, alt_text)
        if credit:
            window.photos.inspector.credit.setFocus()
            window.photos.inspector.credit.selectAll()
            qtbot.keyClicks(window.photos.inspector.credit, credit)

    # Export the site (in a worker): the preflight first, which finds warnings only (the
    # second photo is not placed in the body) and lets the editor go on.
    site = tmp_path / "site"
    window.export_site(site)
    qtbot.waitUntil(lambda: window.preflight_dialog is not None, timeout=30000)
    preflight = window.preflight_dialog.preflight
    assert preflight.article_ids == [article_id] and preflight.ok, preflight.report()
    qtbot.mouseClick(window.preflight_dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    assert (site / "index.html").is_file()
    assert (site / "articles" / library.get_article(article_id).slug / "index.html").is_file()

    # The whole window, as a test artifact.
    ARTIFACTS.mkdir(exist_ok=True)
    window.resize(1400, 900)
    assert window.grab().save(str(ARTIFACTS / "copydesk-window.png"))

    # Close, reopen the same library: everything is as it was.
    window.close()
    assert library.closed
    from editor_app.library import Library

    reopened = make_window(Library.open(library_path, program="Copydesk window"))
    assert reopened.article_id == article_id
    assert reopened.editor.headline.text() == HEADLINE
    assert reopened.editor.body.toPlainText().startswith(BODY.rstrip("\n"))
    assert f"![](placement:{placement_id})" in reopened.editor.body.toPlainText()
    assert reopened.photos.model.rowCount() == 2
    reopened.photos.grid.setCurrentIndex(reopened.photos.model.index(reopened.photos.model.row_of(placement_id)))
    assert reopened.photos.inspector.credit.text() == "AFP"
    assert reopened.photos.inspector.caption.toPlainText() == "Commuters wait for the ferry in Halifax on Monday."
    wait_for_preview(qtbot, reopened, HEADLINE, "AFP")
