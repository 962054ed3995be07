"""A packet is written whole or not at all, and a take never lands on a story that changed
after its merge was worked out."""

from __future__ import annotations

import errno

import pytest

from editor_app.packets.errors import ArticleChangedError
from editor_app.packets.taking import plan_packet, take_packet
from editor_app.packets.writing import shared_state, write_packet


def test_a_disk_that_fills_up_mid_packet_leaves_no_file_and_the_old_one_whole(
    reporter, reporter_story, tmp_path, monkeypatch
):
    destination = tmp_path / "story.copydesk-story"
    destination.write_bytes(b"the packet sent yesterday")
    real_original = reporter.photo_original
    calls = []

    def full_disk_on_the_second_photo(photo_id):
        calls.append(photo_id)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_original(photo_id)

    monkeypatch.setattr(reporter, "photo_original", full_disk_on_the_second_photo)
    with pytest.raises(OSError, match="No space left"):
        write_packet(reporter, reporter_story.id, destination, sender="Leila")
    assert destination.read_bytes() == b"the packet sent yesterday"
    assert [p.name for p in tmp_path.iterdir() if "story" in p.name] == ["story.copydesk-story"]  # no partial file
    assert shared_state(reporter, reporter_story.uuid) is None  # nothing was sent, so nothing is shared


def test_a_story_edited_between_the_merge_and_the_take_is_not_overwritten(reporter, editor, reporter_story, tmp_path):
    take_packet(editor, plan_packet(editor, write_packet(reporter, reporter_story.id, tmp_path / "one", sender="L")))
    reporter.update_article(reporter_story.id, headline="Reporter headline")
    plan = plan_packet(editor, write_packet(reporter, reporter_story.id, tmp_path / "two", sender="L"))
    editor.update_article(reporter_story.uuid, byline="Typed while the dialog was open")
    with pytest.raises(ArticleChangedError, match="take the packet again"):
        take_packet(editor, plan)
    article = editor.get_article(reporter_story.uuid)
    assert (article.headline, article.byline) == (reporter_story.headline, "Typed while the dialog was open")
    take_packet(editor, plan_packet(editor, tmp_path / "two.copydesk-story"))  # planned again, it merges
    assert editor.get_article(reporter_story.uuid).headline == "Reporter headline"


def test_a_story_that_arrived_meanwhile_is_not_created_twice(reporter, editor, reporter_story, tmp_path):
    path = write_packet(reporter, reporter_story.id, tmp_path / "one", sender="L")
    first, second = plan_packet(editor, path), plan_packet(editor, path)  # two windows, say
    take_packet(editor, first)
    with pytest.raises(ArticleChangedError, match="take the packet again"):
        take_packet(editor, second)
    assert editor.count_articles() == 1


def test_a_packet_for_a_folder_that_does_not_exist_is_refused_by_its_own_name(reporter, reporter_story, tmp_path):
    from editor_app.packets.errors import PacketError

    target = tmp_path / "no such folder" / "story"
    with pytest.raises(PacketError, match="no such folder does not exist") as refused:
        write_packet(reporter, reporter_story.id, target, sender="L")
    assert "partial" not in str(refused.value)
