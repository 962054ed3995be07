"""The desk inbox dock and the merge dialog, driven with pytest-qt (no main window)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from editor_app.packets.desk_folder import DESK_FOLDER_SETTING, sender_folder_name
from editor_app.packets.merge import merge_story
from editor_app.packets.writing import write_packet
from editor_app.ui.packet_inbox import DeskInbox
from editor_app.ui.packet_merge_dialog import PacketMergeDialog
from editor_app.ui.workers import Workers

# Long enough that only the file system watcher can be what notices a new packet.
NEVER_MS = 10 * 60 * 1000


@pytest.fixture
def desk(tmp_path):
    folder = tmp_path / "Shared Desk"
    (folder / "outbox").mkdir(parents=True)
    return folder


@pytest.fixture
def inbox(qtbot, editor, desk):
    workers = Workers()
    dock = DeskInbox(workers, rescan_ms=NEVER_MS)
    qtbot.addWidget(dock)
    workers.setParent(dock)  # as the window owns its Workers: deleted with it, not by GC later
    editor.set_setting(DESK_FOLDER_SETTING, str(desk))
    dock.set_folder(editor, desk, "Desk")
    yield dock
    dock.stop()
    workers.stop_all(5000)


def test_the_watcher_lists_a_packet_a_sync_tool_renames_into_place(qtbot, inbox, desk, reporter, reporter_story):
    outbox = desk / "outbox" / sender_folder_name("Leila")
    outbox.mkdir()
    qtbot.waitUntil(lambda: str(outbox) in inbox.watcher.directories(), timeout=5000)  # the new sender is watched
    # As Syncthing does: the file arrives under a temporary name, then is renamed into place.
    written = write_packet(reporter, reporter_story.id, desk / "staging", sender="Leila")
    partial = outbox / ".syncthing.story.copydesk-story.tmp"
    os.replace(written, partial)
    qtbot.wait(600)  # a notice came for the temporary file: it must not be listed
    assert inbox.packet_rows() == []
    os.rename(partial, outbox / "story.copydesk-story")
    qtbot.waitUntil(lambda: len(inbox.packet_rows()) == 1, timeout=5000)
    [(sender, sent, headline, kind)] = inbox.packet_rows()
    assert (sender, headline, kind) == ("Leila", reporter_story.headline, "New story")
    assert sent.endswith("UTC")
    inbox.table.setCurrentItem(inbox.table.topLevelItem(0))
    with qtbot.waitSignal(inbox.takeRequested) as taken:
        qtbot.mouseClick(inbox.take_button, Qt.MouseButton.LeftButton)
    assert taken.args[0] == outbox / "story.copydesk-story"


def test_the_periodic_rescan_finds_what_no_notice_announced(qtbot, editor, desk, reporter, reporter_story):
    workers = Workers()
    dock = DeskInbox(workers, rescan_ms=200)
    qtbot.addWidget(dock)
    workers.setParent(dock)  # as the window owns its Workers: deleted with it, not by GC later
    dock.set_folder(editor, desk, "Desk")
    dock.watcher.removePaths(dock.watcher.directories())  # a network share that sends no notices
    dock.watcher.blockSignals(True)
    outbox = desk / "outbox" / "Leila"
    outbox.mkdir()
    write_packet(reporter, reporter_story.id, outbox / "story", sender="Leila")
    qtbot.waitUntil(lambda: len(dock.packet_rows()) == 1, timeout=5000)
    dock.stop()
    workers.stop_all(5000)


def test_a_desk_folder_that_cannot_be_reached_says_so_and_is_watched_when_it_returns(qtbot, editor, tmp_path):
    workers = Workers()
    dock = DeskInbox(workers, rescan_ms=200)
    qtbot.addWidget(dock)
    workers.setParent(dock)  # as the window owns its Workers: deleted with it, not by GC later
    share = tmp_path / "share"
    dock.set_folder(editor, share, "Desk")
    qtbot.waitUntil(lambda: "cannot be reached" in dock.folder_label.text(), timeout=5000)
    (share / "outbox").mkdir(parents=True)  # the drive is connected again
    qtbot.waitUntil(lambda: str(share / "outbox") in dock.watcher.directories(), timeout=5000)
    assert "Packets in" in dock.folder_label.text()
    dock.stop()
    workers.stop_all(5000)


def test_a_damaged_packet_is_listed_but_cannot_be_taken(qtbot, inbox, desk):
    outbox = desk / "outbox" / "Leila"
    outbox.mkdir()
    (outbox / "broken.copydesk-story").write_bytes(b"PK\x03\x04 cut short")
    inbox.scan()
    qtbot.waitUntil(lambda: len(inbox.packet_rows()) == 1, timeout=5000)
    assert inbox.packet_rows()[0][3] == "Cannot be taken"
    inbox.table.setCurrentItem(inbox.table.topLevelItem(0))
    assert not inbox.take_button.isEnabled()


def _conflicted_plan():
    def story(headline, byline, caption):
        fields = {"headline": headline, "byline": byline, "body": "", "tags": []}
        placement = {"uuid": "p1", "photo": None, "role": "inline", "caption": caption, "credit": "", "alt_text": ""}
        return {"fields": fields, "placements": [placement]}

    return merge_story(story("H", "B", "C"), story("H mine", "B mine", "C"), story("H theirs", "B theirs", "C new"))


def test_the_merge_dialog_needs_a_side_for_every_conflict(qtbot):
    merge = _conflicted_plan()
    dialog = PacketMergeDialog(merge.conflicts, "Desk", merge.taken)
    qtbot.addWidget(dialog)
    assert [c.key for c in merge.conflicts] == ["headline", "byline"]
    assert not dialog.merge_button.isEnabled()
    dialog.choose("headline", "theirs")
    assert not dialog.merge_button.isEnabled()
    dialog.choose("byline", "mine")
    assert dialog.merge_button.isEnabled()
    assert dialog.choices() == {"headline": "theirs", "byline": "mine"}
    qtbot.mouseClick(dialog.all_theirs_button, Qt.MouseButton.LeftButton)
    assert dialog.choices() == {"headline": "theirs", "byline": "theirs"}
    assert merge.resolve(dialog.choices())["placements"][0]["caption"] == "C new"  # taken without asking
