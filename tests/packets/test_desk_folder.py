"""The desk folder without the window: sending into an outbox, listing other senders' packets."""

from __future__ import annotations

import json
import os

import pytest

from editor_app.cli.main import main
from editor_app.packets.desk_folder import (
    DeskFolderScanner,
    is_finished_packet_name,
    send_to_desk,
    sender_folder_name,
)
from editor_app.packets.errors import DeskFolderError


def test_send_to_desk_writes_one_whole_packet_into_the_senders_outbox(reporter, reporter_story, tmp_path):
    desk = tmp_path / "Desk"
    desk.mkdir()
    path = send_to_desk(reporter, reporter_story.id, desk, sender="Leila Ahmadi")
    assert path.parent == desk / "outbox" / "Leila Ahmadi"
    assert path.name.startswith(reporter_story.slug) and path.name.endswith(".copydesk-story")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_a_missing_desk_folder_is_refused(reporter, reporter_story, tmp_path):
    with pytest.raises(DeskFolderError, match="is the shared drive connected"):
        send_to_desk(reporter, reporter_story.id, tmp_path / "unplugged", sender="Leila")


def test_sender_names_become_safe_folder_names():
    assert sender_folder_name("Leila / Tehran bureau") == "Leila - Tehran bureau"
    assert sender_folder_name('..\\evil:*?"<>|') == "evil"
    assert sender_folder_name("   ") == "desk"


@pytest.mark.parametrize(
    ("name", "finished"),
    [
        ("budget-20261202T021500Z.copydesk-story", True),
        (".syncthing.budget.copydesk-story.tmp", False),
        ("budget.copydesk-story.syncthing.tmp", False),
        (".budget.copydesk-story.4242.copydesk-partial", False),
        ("~budget.copydesk-story", False),
        ("budget.copydesk-story~", False),
        ("budget.copydesk-story.part", False),
        (".~lock.budget.copydesk-story#", False),
        ("notes.txt", False),
    ],
)
def test_only_finished_packets_are_listed(name, finished):
    assert is_finished_packet_name(name) is finished


def test_the_scan_lists_other_senders_packets_newest_first_and_skips_our_own(
    reporter, editor, reporter_story, tmp_path
):
    desk = tmp_path / "Desk"
    desk.mkdir()
    first = send_to_desk(reporter, reporter_story.id, desk, sender="Leila")
    second = send_to_desk(reporter, reporter_story.id, desk, sender="Leila")  # within the same second, often
    (desk / "outbox" / "Leila" / ".syncthing.x.copydesk-story.tmp").write_bytes(b"half")
    (desk / "outbox" / "Desk").mkdir()
    (desk / "outbox" / "Desk" / "mine.copydesk-story").write_bytes(b"our own")
    broken = desk / "outbox" / "Leila" / "broken.copydesk-story"
    broken.write_bytes(b"not a zip")
    scanner = DeskFolderScanner(desk, own_sender="Desk")
    listed = scanner.scan()
    good = [item for item in listed if item.error is None]
    assert {item.path for item in good} == {first, second}
    assert all(item.sender == "Leila" and item.headline == reporter_story.headline for item in good)
    assert all(item.story_uuid == reporter_story.uuid for item in good)
    assert good[0].sent_at >= good[1].sent_at
    [refused] = [item for item in listed if item.error is not None]
    assert refused.path == broken and "not a zip file" in refused.error
    # A rescan reads only what changed: a removed packet goes from the list.
    os.remove(broken)
    assert [item.path for item in scanner.scan() if item.error] == []


def test_cli_sets_the_desk_folder_sends_and_lists_the_inbox(reporter, reporter_story, tmp_path, capsys):
    desk = tmp_path / "Desk"
    desk.mkdir()
    reporter_path = reporter.path
    reporter.close()
    lib = ["--library", str(reporter_path)]
    assert main([*lib, "packet", "send", str(reporter_story.id)]) == 2
    assert "No desk folder is set" in capsys.readouterr().err
    assert main([*lib, "packet", "desk-folder", str(desk)]) == 0
    assert main([*lib, "packet", "sender", "Leila"]) == 0
    assert main([*lib, "packet", "send", str(reporter_story.id)]) == 0
    capsys.readouterr()
    assert len(list((desk / "outbox" / "Leila").glob("*.copydesk-story"))) == 1
    other = tmp_path / "desk.copydesk"
    assert main(["init", str(other)]) == 0
    assert main(["--library", str(other), "packet", "desk-folder", str(desk)]) == 0
    assert main(["--library", str(other), "packet", "sender", "Desk"]) == 0
    capsys.readouterr()
    assert main(["--library", str(other), "--json", "packet", "inbox"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["sender"], listed["kind"], listed["headline"]) == ("Leila", "new", reporter_story.headline)
    assert main(["--library", str(other), "packet", "import", listed["path"]]) == 0
    capsys.readouterr()
    assert main(["--library", str(other), "--json", "packet", "inbox"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "taken"
