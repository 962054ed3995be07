"""Export Site and Export Article from the window: the preflight first, in the background,
its dialog beside the window with Go To, Check Again, the drafts choice and Export Anyway."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from editor_app.photos import import_photos
from editor_app.ui.workers import StatusBarJob

WRONG_CAPTION = "Justin Trudeau and Pierre Poilievre shake hands in Ottawa on Wednesday."
RIGHT_CAPTION = "Montreal police at the scene on Wednesday."


@pytest.fixture
def newsroom(library, corpus_dir):
    scene, police_car = import_photos(
        library, [corpus_dir / "gps_nikon_coolpix.jpg", corpus_dir / "news_canadian_press.jpg"]
    )
    clean = library.create_article(headline="Ferry strike ends", body="The strike is over.", status="ready")
    story = library.create_article(headline="Police open an inquiry", status="ready")
    first = library.attach_photo(
        story.id, scene.photo.id, caption="The street in Montreal.", credit="Desk photo", alt_text="A street."
    )
    # The second photo's caption is the one from another story: Go To must select it, not the first.
    placement = library.attach_photo(
        story.id, police_car.photo.id, caption=WRONG_CAPTION, credit="The Canadian Press", alt_text="A police car."
    )
    body = f"Montreal police said so.\n\n![](placement:{first.id})\n\n![](placement:{placement.id})\n"
    library.update_article(story.id, body=body)
    draft = library.create_article(headline="Half-written", body="Notes.", status="draft")
    return {"clean": clean, "story": story, "placement": placement, "draft": draft}


def export_site_until_the_dialog(qtbot, window, folder):
    window.choose_export_folder = lambda parent, title: folder
    window.export_site_action.trigger()
    assert window.statusBar().findChildren(StatusBarJob)  # the check runs in the background
    assert QApplication.activeModalWidget() is None
    qtbot.waitUntil(lambda: window.preflight_dialog is not None and window.preflight_dialog.isVisible(), timeout=30000)
    return window.preflight_dialog


def test_a_wrong_story_caption_stops_export_site_until_fixed_through_go_to(
    qtbot, make_window, library, newsroom, tmp_path
):
    window = make_window(library)
    window.open_article(newsroom["clean"].id)
    site = tmp_path / "site"
    dialog = export_site_until_the_dialog(qtbot, window, site)
    assert not site.exists() and window.last_export_report is None
    assert not dialog.isModal()
    assert not dialog.export_button.isEnabled()

    # Go To opens the story with the placement selected and its caption in hand.
    dialog.tree.setCurrentItem(dialog.problem_items()[0])
    qtbot.mouseClick(dialog.go_to_button, Qt.MouseButton.LeftButton)
    assert window.article_id == newsroom["story"].id
    assert window.photos.selected_placement_id() == newsroom["placement"].id
    caption = window.photos.inspector.caption
    assert caption.toPlainText() == WRONG_CAPTION
    qtbot.waitUntil(caption.hasFocus)

    caption.selectAll()
    qtbot.keyClicks(caption, RIGHT_CAPTION)
    qtbot.mouseClick(dialog.check_again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preflight.ok and dialog.export_button.isEnabled(), timeout=30000)
    assert library.get_placement(newsroom["placement"].id).caption == RIGHT_CAPTION

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    assert window.last_export_report.overridden == []
    assert (site / "articles" / newsroom["story"].slug / "index.html").is_file()
    assert not (site / "articles" / newsroom["draft"].slug).exists()  # drafts stay home by default


def test_export_anyway_exports_and_the_report_records_the_override(qtbot, make_window, library, newsroom, tmp_path):
    window = make_window(library)
    site = tmp_path / "site"
    dialog = export_site_until_the_dialog(qtbot, window, site)
    dialog.override.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    report = window.last_export_report
    assert {p.code for p in report.overridden} == {"person_not_in_article"}
    assert "Exported anyway over 2 preflight errors" in report.summary()
    assert (site / "articles" / newsroom["story"].slug / "index.html").is_file()


def test_an_error_that_appears_after_the_dialog_brings_it_back(qtbot, make_window, library, newsroom, tmp_path):
    window = make_window(library)
    site = tmp_path / "site"
    dialog = export_site_until_the_dialog(qtbot, window, site)
    library.update_article(newsroom["clean"].id, headline="")  # someone else's change, after the look
    dialog.override.setChecked(True)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.preflight_dialog is not None and window.preflight_dialog is not dialog, timeout=30000
    )
    assert any(p.code == "missing_headline" for p in window.preflight_dialog.preflight.errors)
    assert not site.exists() and window.last_export_report is None


def export_article(window, article_id, folder) -> None:
    """File > Export Article on `article_id`, the folder dialog answered with `folder`."""
    window.open_article(article_id)
    window.choose_export_folder = lambda parent, title: folder
    window.export_article_action.trigger()


def test_export_article_of_a_draft_asks_for_the_drafts_choice(qtbot, make_window, library, newsroom, tmp_path):
    window = make_window(library)
    export_article(window, newsroom["draft"].id, tmp_path / "one")
    qtbot.waitUntil(lambda: window.preflight_dialog is not None, timeout=30000)
    dialog = window.preflight_dialog
    assert [p.code for p in dialog.preflight.errors] == ["not_ready"]
    dialog.include_drafts.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preflight.ok and dialog.export_button.isEnabled(), timeout=30000)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    assert "Half-written" in (tmp_path / "one" / "index.html").read_text(encoding="utf-8")


def test_a_clean_export_shows_no_dialog(qtbot, make_window, library, newsroom, tmp_path):
    window = make_window(library)
    export_article(window, newsroom["clean"].id, tmp_path / "one")
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    assert window.preflight_dialog is None
    assert "Ferry strike ends" in (tmp_path / "one" / "index.html").read_text(encoding="utf-8")


def test_opening_another_library_closes_the_dialog(qtbot, make_window, library, newsroom, tmp_path):
    from editor_app.library import Library

    window = make_window(library)
    dialog = export_site_until_the_dialog(qtbot, window, tmp_path / "site")
    Library.create(tmp_path / "other.copydesk").close()
    assert window.open_library_path(tmp_path / "other.copydesk")
    # Its Go To named the old library's articles. It deletes itself on close, which may
    # already have happened if the switch ran the event loop.
    assert window.preflight_dialog is None
    assert not (shiboken6.isValid(dialog) and dialog.isVisible())
