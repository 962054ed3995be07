"""Writes the disk refuses: the window keeps the text, says why, and saves once it can.

A full disk is produced for real where the machine allows it (a library on a small
tmpfs, filled up); everywhere, a Library whose write path raises the library's own
DiskFullError while `disk_full` is set, which the writer thread carries back exactly as
it would carry SQLite's refusal.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from editor_app.library import Library
from editor_app.library.errors import DiskFullError
from editor_app.model.limits import MAX_BODY_CHARS
from editor_app.ui.autosave import SAVED

FULL_DISK_WORDS = "Not saved: the disk holding"


class DiskFullLibrary(Library):
    """A real library whose article and placement writes fail like a full disk while `disk_full`."""

    disk_full = False
    photos_until_full: int | None = None  # add_photo succeeds this many more times, then refuses

    def add_photo(self, record, original, thumbnails):
        if self.photos_until_full is not None:
            if self.photos_until_full <= 0:
                raise DiskFullError(self.path, 0)
            self.photos_until_full -= 1
        return super().add_photo(record, original, thumbnails)

    def _refuse_if_full(self) -> None:
        if self.disk_full:
            raise DiskFullError(self.path, 0)

    def update_article(self, ref, **fields):
        self._refuse_if_full()
        return super().update_article(ref, **fields)

    def set_lead(self, placement_id):
        self._refuse_if_full()
        return super().set_lead(placement_id)


@pytest.fixture
def full_disk_window(make_window, qsettings, tmp_path):
    qsettings.setValue("editor/autosave_delay_ms", 50)
    qsettings.setValue("editor/save_retry_ms", 200)
    qsettings.sync()
    library = DiskFullLibrary.create(tmp_path / "full.copydesk")
    window = make_window(library)
    yield window, library
    library.disk_full = False


def test_a_full_disk_keeps_the_text_in_the_editor_and_it_is_saved_when_space_returns(qtbot, full_disk_window):
    window, library = full_disk_window
    window.new_article_action.trigger()
    article_id = window.article_id
    qtbot.keyClicks(window.editor.headline, "Harbour reopens")
    qtbot.waitUntil(lambda: library.get_article(article_id).headline == "Harbour reopens")
    qtbot.waitUntil(lambda: window.save_state_label.text() == SAVED)

    library.disk_full = True
    window.editor.body.setFocus()
    qtbot.keyClicks(window.editor.body, "Ships are back.")
    qtbot.waitUntil(lambda: window.save_state_label.text().startswith(FULL_DISK_WORDS))
    assert "Nothing was lost" in window.save_state_label.text()
    assert window.statusBar().currentMessage().startswith(FULL_DISK_WORDS)
    assert window.editor.body.toPlainText() == "Ships are back."
    assert library.get_article(article_id).body == ""

    # Leaving the article would lose the only copy of the text: the window stays.
    other = library.create_article("Another story")
    assert not window.open_article(other.id)
    assert window.article_id == article_id and window.editor.body.toPlainText() == "Ships are back."

    # The retry timer keeps trying; once the disk has room, the text is stored on its own.
    qtbot.wait(500)  # several retries, all refused
    library.disk_full = False
    qtbot.waitUntil(lambda: library.get_article(article_id).body == "Ships are back.")
    qtbot.waitUntil(lambda: window.save_state_label.text() == SAVED)


def test_the_next_edit_after_a_refused_save_tries_again(qtbot, full_disk_window):
    window, library = full_disk_window
    window.autosaver._retry_timer.setInterval(3_600_000)  # only the edit can bring the save now
    window.new_article_action.trigger()
    article_id = window.article_id
    library.disk_full = True
    window.editor.body.setFocus()
    qtbot.keyClicks(window.editor.body, "Draft")
    qtbot.waitUntil(lambda: window.autosaver.write_error is not None)
    library.disk_full = False
    qtbot.keyClicks(window.editor.body, " one.")
    qtbot.waitUntil(lambda: library.get_article(article_id).body == "Draft one.")
    qtbot.waitUntil(lambda: window.save_state_label.text() == SAVED)


def test_a_photo_write_the_disk_refuses_is_shown_and_the_grid_shows_what_is_stored(qtbot, full_disk_window, corpus_dir):
    from editor_app.photos import import_photos

    window, library = full_disk_window
    window.new_article_action.trigger()
    photos = [r.photo for r in import_photos(library, [corpus_dir / "news_canadian_press.jpg",
                                                       corpus_dir / "gps_nikon_coolpix.jpg"])]  # fmt: skip
    window.photos.attach_photos([p.id for p in photos])
    qtbot.waitUntil(lambda: window.photos.model.rowCount() == 2)
    window.photos.grid.setCurrentIndex(window.photos.model.index(1))
    placement_id = window.photos.selected_placement_id()

    library.disk_full = True
    qtbot.mouseClick(window.photos.lead_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith(FULL_DISK_WORDS))
    assert library.get_placement(placement_id).role != "lead"
    roles = {placement.id: placement.role for placement, _photo in window.photos.model.rows}
    assert roles[placement_id] != "lead"  # read back from the library, not what was asked for
    assert window.photos.lead_button.isEnabled()


def test_a_body_beyond_the_renderer_limit_is_refused_with_the_renderers_words_and_kept(qtbot, full_disk_window):
    window, library = full_disk_window
    window.new_article_action.trigger()
    article_id = window.article_id
    qtbot.keyClicks(window.editor.headline, "A very long read")
    too_long = "Word " * (MAX_BODY_CHARS // 5 + 10)
    window.editor.body.setPlainText(too_long)
    qtbot.waitUntil(lambda: window.save_state_label.text().startswith("Not saved:"))
    assert f"the renderer accepts at most {MAX_BODY_CHARS:,}" in window.save_state_label.text()
    assert window.editor.body.toPlainText() == too_long  # the text stays in the editor
    stored = library.get_article(article_id)
    assert stored.headline == "A very long read" and stored.body == ""  # the other field was saved


# ---------------------------------------------------------------------- a real full disk


@pytest.fixture
def small_tmpfs(tmp_path):
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount_point)],
                          check=False, capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        reason = f"cannot mount a tmpfs here ({done.stderr.strip()})"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the full-disk test: {reason}")
        pytest.skip(reason)
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill_disk(folder) -> os.PathLike:
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:  # unbuffered: nothing left to fail at close
        for chunk in (65536, 512):  # then the last few bytes
            try:
                while True:
                    handle.write(b"\0" * chunk)
            except OSError:
                pass
    return filler


def test_a_really_full_disk_keeps_the_text_and_saves_after_space_is_freed(qtbot, make_window, qsettings, small_tmpfs):
    qsettings.setValue("editor/autosave_delay_ms", 50)
    qsettings.setValue("editor/save_retry_ms", 200)
    qsettings.sync()
    library = Library.create(small_tmpfs / "news.copydesk")
    window = make_window(library)
    window.new_article_action.trigger()
    article_id = window.article_id
    qtbot.waitUntil(lambda: window.save_state_label.text() == SAVED)

    filler = fill_disk(small_tmpfs)
    text = "Flood waters rise. " * 2000  # 38 KB: needs new pages in the WAL
    window.editor.body.setPlainText(text)
    qtbot.waitUntil(lambda: window.save_state_label.text().startswith(FULL_DISK_WORDS), timeout=15000)
    assert window.editor.body.toPlainText() == text
    assert library.get_article(article_id).body == ""

    os.remove(filler)
    qtbot.waitUntil(lambda: library.get_article(article_id).body == text, timeout=15000)
    qtbot.waitUntil(lambda: window.save_state_label.text() == SAVED)
    window.close()  # before the tmpfs goes


def test_photos_stored_before_the_disk_filled_are_attached_and_the_stop_is_said(qtbot, full_disk_window, corpus_dir):
    window, library = full_disk_window
    window.new_article_action.trigger()
    article_id = window.article_id
    library.photos_until_full = 1
    names = ["news_canadian_press.jpg", "gps_nikon_coolpix.jpg", "iptc_reference_2017.jpg"]
    window.import_photo_files([corpus_dir / name for name in names])
    qtbot.waitUntil(lambda: len(library.placements(article_id)) == 1, timeout=30000)
    qtbot.waitUntil(lambda: window.photos.model.rowCount() == 1)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox) is not None)
    box = window.findChild(QMessageBox)
    assert FULL_DISK_WORDS in box.text() and "import stopped" in box.text()
    box.close()
