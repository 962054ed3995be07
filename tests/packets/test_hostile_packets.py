"""Packets that are broken or built to do harm are refused with their own sentence, and the
library is left exactly as it was."""

from __future__ import annotations

import json
import zipfile

import pytest

from editor_app.cli.main import main
from editor_app.packets.errors import (
    MissingPhotoError,
    NotAPacketError,
    PacketDamagedError,
    PacketTooNewError,
    UnsafePacketError,
)
from editor_app.packets.reading import MAX_STORY_JSON_BYTES, read_packet
from editor_app.packets.taking import plan_packet, take_packet
from editor_app.packets.writing import write_packet


@pytest.fixture
def good_packet(reporter, reporter_story, tmp_path):
    return write_packet(reporter, reporter_story.id, tmp_path / "good", sender="Leila")


@pytest.fixture
def story_document(good_packet) -> dict:
    with zipfile.ZipFile(good_packet) as archive:
        return json.loads(archive.read("story.json"))


def rebuild(source, target, *, story=None, extra=(), drop=(), story_bytes=None):
    """A copy of packet `source` with story.json replaced, members added or left out."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            if info.filename == "story.json":
                data = story_bytes if story_bytes is not None else json.dumps(story).encode() if story else None
                new.writestr("story.json", data if data is not None else old.read(info), zipfile.ZIP_DEFLATED)
            else:
                new.writestr(info, old.read(info))
        for name, data in extra:
            new.writestr(name, data, zipfile.ZIP_DEFLATED)
    return target


def library_state(library) -> tuple:
    articles = [library.story_state(a.id) for a in library.list_articles()]
    return articles, [len(library.revisions(a.id)) for a in library.list_articles()], library.count_photos()


def assert_refused(library, path, error, match):
    before = library_state(library)
    with pytest.raises(error, match=match):
        take_packet(library, plan_packet(library, path))
    assert library_state(library) == before


def test_a_file_that_is_not_a_zip_is_refused(editor, tmp_path):
    path = tmp_path / "notes.copydesk-story"
    path.write_text("Dear desk, here is my story.")
    assert_refused(editor, path, NotAPacketError, "not a zip file")


def test_an_empty_file_and_a_folder_are_refused(editor, tmp_path):
    empty = tmp_path / "empty.copydesk-story"
    empty.write_bytes(b"")
    assert_refused(editor, empty, NotAPacketError, "the file is empty")
    folder = tmp_path / "folder.copydesk-story"
    folder.mkdir()
    assert_refused(editor, folder, NotAPacketError, "not a regular file")


def test_a_truncated_packet_is_refused_as_damaged(editor, good_packet, tmp_path):
    data = good_packet.read_bytes()
    for cut in (len(data) // 3, len(data) - 30):
        truncated = tmp_path / f"cut-{cut}.copydesk-story"
        truncated.write_bytes(data[:cut])
        assert_refused(editor, truncated, PacketDamagedError, "truncated")


def test_a_photo_whose_bytes_do_not_match_their_hash_is_refused(editor, good_packet, story_document, tmp_path):
    member = story_document["photos"][0]["member"]
    with zipfile.ZipFile(good_packet) as old:
        original = old.read(member)
    tampered = rebuild(good_packet, tmp_path / "tampered.copydesk-story", drop={member})
    with zipfile.ZipFile(tampered, "a") as archive:
        archive.writestr(member, original[:-200] + b"\x00" * 200)
    assert_refused(editor, tampered, PacketDamagedError, "does not match its SHA-256")


def test_a_newer_format_version_is_refused(editor, good_packet, story_document, tmp_path):
    newer = rebuild(good_packet, tmp_path / "newer.copydesk-story", story={**story_document, "version": 2})
    assert_refused(editor, newer, PacketTooNewError, "format version 2; this one reads up to 1")


def test_a_zip_bomb_is_refused_before_it_is_expanded(editor, good_packet, tmp_path):
    # 100 MB of one repeated byte compresses to about 100 KB.
    bomb = rebuild(good_packet, tmp_path / "bomb.copydesk-story", story_bytes=b" " * (MAX_STORY_JSON_BYTES + 1))
    assert bomb.stat().st_size < 1024 * 1024
    assert_refused(editor, bomb, UnsafePacketError, "zip bomb")


def test_a_member_that_lies_about_its_size_is_not_read_past_the_limit(editor, good_packet, tmp_path):
    bomb = rebuild(good_packet, tmp_path / "liar.copydesk-story", story_bytes=b" " * (MAX_STORY_JSON_BYTES + 5))
    data = bytearray(bomb.read_bytes())
    # Rewrite the declared size (local header and central directory) to claim 10 bytes.
    real = (MAX_STORY_JSON_BYTES + 5).to_bytes(4, "little")
    assert data.count(real) == 2
    liar = tmp_path / "liar2.copydesk-story"
    liar.write_bytes(bytes(data).replace(real, (10).to_bytes(4, "little")))
    assert_refused(editor, liar, PacketDamagedError, "story.json cannot be read")


@pytest.mark.parametrize("name", ["../../.bashrc", "/etc/passwd", "photos/../../x", "C:/Windows/evil.dll", "a\\..\\b"])
def test_member_names_that_reach_outside_the_packet_are_refused(editor, good_packet, tmp_path, name):
    hostile = rebuild(good_packet, tmp_path / "traversal.copydesk-story", extra=[(name, b"payload")])
    assert_refused(editor, hostile, UnsafePacketError, "points outside the packet")


def test_a_photo_member_named_outside_the_packet_in_the_story_is_refused(editor, good_packet, story_document, tmp_path):
    story_document["photos"][0]["member"] = "../" + story_document["photos"][0]["member"]
    hostile = rebuild(good_packet, tmp_path / "traversal.copydesk-story", story=story_document)
    assert_refused(editor, hostile, UnsafePacketError, "points outside the packet")


def test_a_photo_missing_from_the_packet_is_refused(editor, good_packet, story_document, tmp_path):
    member = story_document["photos"][1]["member"]
    incomplete = rebuild(good_packet, tmp_path / "incomplete.copydesk-story", drop={member})
    assert_refused(editor, incomplete, MissingPhotoError, "is not in the packet")
    unlisted = dict(story_document, photos=story_document["photos"][:1])
    unlisted_packet = rebuild(good_packet, tmp_path / "unlisted.copydesk-story", story=unlisted)
    assert_refused(editor, unlisted_packet, MissingPhotoError, "photo 2 of the story places")


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.update(format="something-else"), "not a Copydesk story"),
        (lambda d: d["story"].update(uuid="not-a-uuid"), "is not a UUID"),
        (lambda d: d["story"]["fields"].update(status="lost"), "Unknown status"),
        (lambda d: d["story"]["placements"][0].update(role="hero"), "lead or inline"),
        (lambda d: d["story"]["placements"][0].update(photo="../x"), "not by a SHA-256"),
        (lambda d: d["story"].update(placements="all of them"), "not a list"),
        (lambda d: d["story"]["fields"].update(body="x" * 300_000), "refuses"),
        # More than SQLite's integer holds: an OverflowError, "unexpected error", before.
        (lambda d: d["story"]["fields"].update(target_words=10**20), "refuses"),
    ],
)
def test_a_story_with_bad_values_is_refused(editor, good_packet, story_document, tmp_path, change, match):
    change(story_document)
    bad = rebuild(good_packet, tmp_path / "bad.copydesk-story", story=story_document)
    with pytest.raises((NotAPacketError, PacketDamagedError), match=match):
        read_packet(bad)


def test_a_story_that_is_not_json_is_refused(editor, good_packet, tmp_path):
    bad = rebuild(good_packet, tmp_path / "json.copydesk-story", story_bytes=b"{not json")
    assert_refused(editor, bad, PacketDamagedError, "not valid JSON")


def test_json_nested_to_exhaust_the_stack_is_refused(editor, good_packet, tmp_path):
    deep = rebuild(good_packet, tmp_path / "deep.copydesk-story", story_bytes=b"[" * 200_000 + b"]" * 200_000)
    assert_refused(editor, deep, PacketDamagedError, "nests deeper")


def test_the_cli_says_what_is_wrong_in_one_line(editor, tmp_path, capsys):
    path = tmp_path / "x.copydesk-story"
    path.write_bytes(b"PK\x03\x04 and then nothing")
    library_path = editor.path
    editor.close()
    assert main(["--library", str(library_path), "packet", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is damaged" in err and "Nothing was changed" in err


@pytest.mark.parametrize(
    ("name", "match"), [("decompression_bomb.gif", "likely a decompression bomb"), ("truncated.jpg", "data ends early"),
                        ("not_an_image.jpg", "plain text, not an image")],
)  # fmt: skip
def test_a_photo_that_is_a_bomb_broken_or_no_image_refuses_the_packet(
    editor, good_packet, story_document, tmp_path, corpus_dir, name, match
):
    import hashlib

    data = (corpus_dir / name).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    story_document["photos"].append({"sha256": sha, "member": f"photos/{sha}", "original_name": name})
    story_document["story"]["placements"][2]["photo"] = sha  # the slot, filled with it
    hostile = rebuild(good_packet, tmp_path / "photo.copydesk-story", story=story_document,
                      extra=[(f"photos/{sha}", data)])  # fmt: skip
    before = library_state(editor)
    with pytest.raises(PacketDamagedError, match=match) as refused:
        take_packet(editor, plan_packet(editor, hostile))
    assert name in str(refused.value)
    assert library_state(editor) == before
