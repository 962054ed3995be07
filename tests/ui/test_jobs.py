"""Long jobs from the window: export and backup run off the GUI thread and report back."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from editor_app.ui.workers import StatusBarJob


def test_export_article_runs_in_the_status_bar_while_the_writer_types(qtbot, window, tmp_path):
    window.new_article_action.trigger()
    qtbot.keyClicks(window.editor.headline, "Ferry strike ends")
    window.choose_export_folder = lambda parent, title: tmp_path / "out"
    window.export_article_action.trigger()
    jobs = window.statusBar().findChildren(StatusBarJob)
    assert jobs and QApplication.activeModalWidget() is None
    qtbot.keyClicks(window.editor.body, "Typing goes on.")  # not blocked by the export
    qtbot.waitUntil(lambda: getattr(window, "last_export_report", None) is not None, timeout=30000)
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Ferry strike ends" in html
    assert "Typing goes on." in window.editor.body.toPlainText()
    qtbot.waitUntil(lambda: not [j for j in window.statusBar().findChildren(StatusBarJob) if j.isVisible()])


def test_cancelling_an_export_from_the_status_bar_keeps_the_previous_export(qtbot, window, library, tmp_path):
    from editor_app.export import wait_for_cleanup

    for n in range(40):
        library.create_article(f"Story {n}", body="Paragraph. " * 200, status="ready")
    out = tmp_path / "site"
    window.export_site(out)
    qtbot.waitUntil(lambda: getattr(window, "last_export_report", None) is not None, timeout=60000)
    first_index = (out / "index.html").read_bytes()
    window.last_export_report = None
    for n in range(40):
        library.update_article(f"story-{n}", body="Rewritten. " * 200)
    library.create_article("Late story", body="Late.", status="ready")
    window.export_site(out)
    [job] = [j for j in window.statusBar().findChildren(StatusBarJob) if j.isVisible()]
    qtbot.mouseClick(job.cancel_button, Qt.MouseButton.LeftButton)
    assert job.label.text() == "Cancelling…"
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=60000)
    wait_for_cleanup()
    index = (out / "index.html").read_bytes()
    if window.last_export_report is None:  # cancelled in time: the previous export stands whole
        assert index == first_index
    else:  # the export had already finished: the new one is complete
        assert b"Late story" in index
    assert sorted(p.name for p in tmp_path.iterdir() if "site" in p.name) == ["site"]  # no staging debris


def test_backup_from_the_window_is_a_sound_copy(qtbot, window, library, tmp_path):
    library.create_article("Keep this", body="Words.")
    destination = tmp_path / "backup.copydesk"
    window.choose_backup_path = lambda parent, suggested: destination
    window.backup_library_requested()
    qtbot.waitUntil(destination.exists, timeout=30000)
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=30000)
    with sqlite3.connect(destination) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT headline FROM article").fetchall() == [("Keep this",)]
