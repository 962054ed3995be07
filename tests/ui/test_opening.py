"""Opening an older library from the window: migrated behind a progress dialog."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog

from editor_app.library.schema import LATEST_VERSION
from editor_app.ui.opening import needs_upgrade

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_an_older_library_is_upgraded_behind_a_progress_dialog(qtbot, make_window, tmp_path):
    old = tmp_path / "old.copydesk"
    shutil.copy(FIXTURES / "library-v1.copydesk", old)
    assert needs_upgrade(old)
    window = make_window()
    dialogs_seen = []

    def look_for_the_dialog():
        dialogs_seen.extend(d.windowTitle() for d in window.findChildren(QProgressDialog) if d.isVisible())

    QTimer.singleShot(0, look_for_the_dialog)  # runs inside the dialog's event loop
    assert window.open_library_path(old)
    assert "Upgrading library" in dialogs_seen
    assert window.library.schema_version == LATEST_VERSION
    assert window.library.get_article("budget-vote-in-tehran").headline == "Budget vote in Tehran"
    assert not needs_upgrade(old)


def test_a_current_library_opens_in_place_without_a_dialog(qtbot, make_window, tmp_path, library):
    path = library.path
    library.close()
    window = make_window()
    assert not needs_upgrade(path)
    assert window.open_library_path(path)
    assert not window.findChildren(QProgressDialog)
