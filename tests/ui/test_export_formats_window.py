"""File > Export Article As: Markdown, ninjs and DOCX from the window, the preflight first as
for HTML, and the format kept through the preflight dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor_app.export.formats import EXPORT_FORMATS


def test_the_menu_offers_every_format_once_an_article_is_open(make_window, library):
    window = make_window(library)  # an empty library: no article to export
    assert not window.export_as_menu.menuAction().isEnabled()
    assert not window.export_article_action.isEnabled()
    article = library.create_article(headline="Ferry strike ends", body="The strike is over.", status="ready")
    window.open_article(article.id)
    assert window.export_as_menu.menuAction().isEnabled()
    window.export_as_menu.aboutToShow.emit()
    window.export_as_menu.aboutToShow.emit()  # filled once
    assert list(window.export_format_actions()) == list(EXPORT_FORMATS)
    assert len(window.export_as_menu.actions()) == len(EXPORT_FORMATS)


def test_export_article_as_markdown(qtbot, make_window, library, tmp_path):
    article = library.create_article(
        headline="Ferry strike ends", body="The strike is over.\n\n## Next\n\nTalks resume.", status="ready"
    )
    window = make_window(library)
    window.open_article(article.id)
    window.choose_export_folder = lambda parent, title: tmp_path / "md"
    window.export_format_actions()["markdown"].trigger()
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    text = (tmp_path / "md" / "index.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Ferry strike ends\n") and "## Next" in text
    assert not (tmp_path / "md" / "index.html").exists()


def test_a_draft_as_docx_goes_through_the_preflight_dialog_in_its_format(qtbot, make_window, library, tmp_path):
    draft = library.create_article(headline="Half-written", body="Notes.", status="draft")
    window = make_window(library)
    window.open_article(draft.id)
    window.choose_export_folder = lambda parent, title: tmp_path / "docx"
    window.export_format_actions()["docx"].trigger()
    qtbot.waitUntil(lambda: window.preflight_dialog is not None, timeout=30000)
    dialog = window.preflight_dialog
    assert [p.code for p in dialog.preflight.errors] == ["not_ready"]
    dialog.include_drafts.setChecked(True)
    qtbot.waitUntil(lambda: dialog.preflight.ok and dialog.export_button.isEnabled(), timeout=30000)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.last_export_report is not None, timeout=60000)
    assert (tmp_path / "docx" / f"{draft.slug}.docx").is_file()
    assert not (tmp_path / "docx" / "index.html").exists()
