"""File > Site Settings: the exported site's address, name, description and language,
shown from the library, checked before they are kept, remembered through the writer, and
used by the next export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from editor_app.export import SiteSettings, export_site
from editor_app.export.syndication import SITEMAP_FILE

from .conftest import type_text


def open_dialog(qtbot, window):
    window.site_settings_action.trigger()
    qtbot.waitUntil(lambda: window.site_settings_dialog is not None and window.site_settings_dialog.isVisible())
    return window.site_settings_dialog


def press_ok(qtbot, dialog):
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_the_dialog_shows_what_the_library_remembers(qtbot, window, library):
    SiteSettings(url="https://times.example/", name="The Times", description="Checked twice.").remember(library)
    dialog = open_dialog(qtbot, window)
    assert (dialog.url.text(), dialog.name.text(), dialog.description.text(), dialog.language.text()) == (
        "https://times.example/",
        "The Times",
        "Checked twice.",
        "en",
    )


def test_accepted_settings_are_remembered_and_used_by_the_next_export(qtbot, window, library, tmp_path):
    dialog = open_dialog(qtbot, window)
    dialog.url.clear()
    type_text(qtbot, dialog.url, "https://news.example")
    dialog.name.clear()
    type_text(qtbot, dialog.name, "Desk Daily")
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: library.get_setting("site.url") == "https://news.example/")
    assert library.get_setting("site.name") == "Desk Daily"
    library.create_article(headline="A story", body="Text.", status="ready")
    export_site(library, tmp_path / "site")
    assert (tmp_path / "site" / SITEMAP_FILE).is_file()
    assert "Desk Daily" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_an_address_that_is_not_one_is_said_and_nothing_is_kept(qtbot, window, library):
    dialog = open_dialog(qtbot, window)
    type_text(qtbot, dialog.url, "news.example")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and "https://" in dialog.problem.text()
    assert library.get_setting("site.url") is None
