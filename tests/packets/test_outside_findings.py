"""Defects an outside tester found in story packets, each pinned by the case that showed it:
a detached photo coming back, non-text fields stored as Python repr, packets written
beside devices and folders, limits the writer and reader disagreed on, a read-only
library's refusal, conflict names, and sender folders Windows cannot sync."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from editor_app.cli.main import main
from editor_app.library import Library
from editor_app.packets.desk_folder import DESK_FOLDER_SETTING, DeskFolderScanner, send_to_desk, sender_folder_name
from editor_app.packets.errors import PacketDamagedError, PacketError, UnsendableStoryError
from editor_app.packets.merge import merge_story, parse_take_rules
from editor_app.packets.names import PACKET_SUFFIX
from editor_app.packets.reading import MAX_SENDER_CHARS, MAX_TEXT_CHARS, read_packet
from editor_app.packets.taking import plan_packet, take_packet
from editor_app.packets.writing import SENDER_SETTING, shared_state, write_packet


def _take(library, path, choices=None):
    plan = plan_packet(library, path)
    return plan, take_packet(library, plan, choices)


# ---------------------------------------------------------------------- 1. no silent resurrection


def test_a_first_packet_taken_again_does_not_bring_back_a_photo_the_editor_detached(
    reporter, editor, reporter_story, tmp_path, capsys
):
    first = write_packet(reporter, reporter_story.id, tmp_path / "p1", sender="Leila")
    _, taken = _take(editor, first)
    lead = editor.placements(taken.article.id)[0]
    assert lead.role == "lead"
    editor.detach_photo(lead.id)
    kept = [p.uuid for p in editor.placements(taken.article.id)]
    editor_path = editor.path
    editor.close()
    # The packet has no base (it was the first one sent): the editor's library remembers
    # that packet as the story both share, so the detach is the editor's change, kept.
    # No conflict to settle either: the packet is what the library last took.
    status = main(["--library", str(editor_path), "--json", "packet", "import", str(first)])
    out, err = capsys.readouterr()
    assert status == 0, err
    result = json.loads(out)
    assert result["taken"] == [] and not result["changed"]
    with Library.open(editor_path, read_only=True) as library:
        assert [p.uuid for p in library.placements(taken.article.id)] == kept


def _story(placements, **fields):
    return {"fields": {"headline": "", "body": "", "tags": [], **fields}, "placements": placements}


def _placement(uuid, caption=""):
    return {"uuid": uuid, "photo": "a" * 64, "role": "inline", "caption": caption, "credit": "", "alt_text": ""}


def test_without_any_base_a_photo_on_one_side_only_is_a_conflict_either_way():
    mine = _story([_placement("kept"), _placement("only-mine")])
    theirs = _story([_placement("kept"), _placement("only-theirs")])
    merge = merge_story(None, mine, theirs)
    assert [(c.key, c.mine, c.theirs) for c in merge.conflicts] == [
        ("photo.2", "photo aaaaaaaaaaaa (inline): ", "(not in the packet)"),
        ("photo.3", "(not here)", "photo aaaaaaaaaaaa (inline): "),
    ]
    assert not any("added" in taken for taken in merge.taken)
    as_mine = merge.resolve({"photo.2": "mine", "photo.3": "mine"})
    assert [p["uuid"] for p in as_mine["placements"]] == ["kept", "only-mine"]
    as_theirs = merge.resolve({"photo.2": "theirs", "photo.3": "theirs"})
    assert [p["uuid"] for p in as_theirs["placements"]] == ["kept", "only-theirs"]


# ---------------------------------------------------------------------- 2. field types


def _rewritten(packet, target, change):
    """A copy of `packet` with its story.json changed by `change(document)`."""
    with zipfile.ZipFile(packet) as old:
        document = json.loads(old.read("story.json"))
        change(document)
        with zipfile.ZipFile(target, "w") as new:
            for info in old.infolist():
                data = json.dumps(document).encode() if info.filename == "story.json" else old.read(info)
                new.writestr(info.filename, data)
    return target


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["story"]["fields"].update(headline={"x": 1}), "the story's field headline is not text"),
        (lambda d: d["story"]["fields"].update(tags=[1, {"a": 1}]), "the story's field tags is not a list of texts"),
        (lambda d: d["story"]["fields"].update(tags="Iran"), "the story's field tags is not a list of texts"),
        (lambda d: d["story"]["fields"].update(body=["a", "b"]), "the story's field body is not text"),
        (lambda d: d["story"]["fields"].update(status=7), "the story's field status is not text"),
        (lambda d: d["story"]["fields"].update(target_words="500"), "field target_words is not a whole number"),
        (lambda d: d["story"]["fields"].update(target_words=True), "field target_words is not a whole number"),
        (lambda d: d.update(base={"fields": {"byline": ["x"]}, "placements": []}), "the base's field byline is not"),
    ],
)
def test_a_field_that_is_not_text_refuses_the_packet_naming_it(
    reporter, reporter_story, editor, tmp_path, capsys, change, field
):
    good = write_packet(reporter, reporter_story.id, tmp_path / "good", sender="Leila")
    bad = _rewritten(good, tmp_path / "bad.copydesk-story", change)
    with pytest.raises(PacketDamagedError, match=re.escape(field)):
        read_packet(bad)
    editor_path = editor.path
    editor.close()
    assert main(["--library", str(editor_path), "packet", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert field in err and "{'" not in err
    with Library.open(editor_path, read_only=True) as library:
        assert library.list_articles() == []


# ---------------------------------------------------------------------- 3. destinations


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/full"])
def test_a_packet_is_not_written_beside_a_device(reporter, reporter_story, tmp_path, capsys, device):
    beside = Path(device + PACKET_SUFFIX)
    assert not beside.exists()
    reporter_path = reporter.path
    reporter.close()
    try:
        status = main(["--library", str(reporter_path), "packet", "export", "1", "--out", device])
        assert not beside.exists()
    finally:
        beside.unlink(missing_ok=True)  # what the defect wrote: never left in /dev
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert f"Cannot write a packet to {device}: it is a device or a pipe" in err


def test_a_packet_is_not_written_beside_a_fifo(reporter, reporter_story, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(PacketError, match="it is a device or a pipe"):
        write_packet(reporter, reporter_story.id, fifo)
    assert sorted(p.name for p in tmp_path.iterdir() if "pipe" in p.name) == ["pipe"]


def test_a_packet_exported_to_a_folder_goes_into_it_under_the_slug(reporter, reporter_story, tmp_path, capsys):
    folder = tmp_path / "adir"
    folder.mkdir()
    reporter_path = reporter.path
    reporter.close()
    status = main(["--library", str(reporter_path), "packet", "export", "1", "--out", str(folder)])
    out, err = capsys.readouterr()
    assert status == 0, err
    written = folder / f"{reporter_story.slug}{PACKET_SUFFIX}"
    assert out == f"Wrote {written}\n"
    assert read_packet(written).uuid == reporter_story.uuid
    assert not (tmp_path / f"adir{PACKET_SUFFIX}").exists()


# ---------------------------------------------------------------------- 4. one set of limits


def test_a_long_caption_the_library_accepts_travels(reporter, editor, reporter_story, tmp_path):
    lead = reporter.placements(reporter_story.id)[0]
    caption = "Lawmakers vote. " * 1_600  # 25,600 characters: the tester's refused caption
    reporter.update_placement(lead.id, caption=caption)
    _, taken = _take(editor, write_packet(reporter, reporter_story.id, tmp_path / "long", sender="Leila"))
    assert editor.placements(taken.article.id)[0].caption == caption.strip()


def test_a_caption_too_long_for_any_receiver_is_refused_when_sent_naming_it(reporter, reporter_story, tmp_path):
    inline = reporter.placements(reporter_story.id)[1]
    reporter.update_placement(inline.id, caption="x" * (MAX_TEXT_CHARS + 1))
    with pytest.raises(UnsendableStoryError, match=r"photo 2 of the story's caption is longer than 200,000"):
        write_packet(reporter, reporter_story.id, tmp_path / "p", sender="Leila")
    assert list(tmp_path.glob("*copydesk-story*")) == [] and list(tmp_path.glob(".*")) == []
    assert shared_state(reporter, reporter_story.uuid) is None  # nothing was sent


def test_a_sender_name_stored_too_long_refuses_sending_with_the_fix(reporter, reporter_story, tmp_path, capsys):
    reporter.set_setting(SENDER_SETTING, "L" * (MAX_SENDER_CHARS + 50))  # stored before the CLI checked it
    reporter_path = reporter.path
    reporter.close()
    status = main(["--library", str(reporter_path), "packet", "export", "1", "--out", str(tmp_path / "p")])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert "the sender name has 250 characters" in err and "copydesk packet sender NAME" in err
    assert list(tmp_path.glob("p*")) == []


# ---------------------------------------------------------------------- 5. a read-only library


@pytest.mark.parametrize("command", [["export", "1", "--out", "OUT"], ["send", "1"]])
def test_sending_from_a_read_only_library_says_why_it_must_be_writable(
    reporter, reporter_story, tmp_path, capsys, command
):
    desk = tmp_path / "desk"
    desk.mkdir()
    reporter.set_setting(DESK_FOLDER_SETTING, str(desk))
    reporter_path = reporter.path
    reporter.close()
    reporter_path.chmod(0o444)
    argv = [str(tmp_path / "p") if word == "OUT" else word for word in command]
    assert main(["--library", str(reporter_path), "packet", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "read-only" in err
    assert "sending a packet records what was sent" in err.lower() and "must be writable" in err
    assert list(tmp_path.glob("p*")) == [] and list(desk.iterdir()) == []


# ---------------------------------------------------------------------- 6. conflict names


def test_a_body_conflict_is_named_and_labelled_by_the_same_paragraph_number():
    base = "\n\n".join(f"Paragraph {n}." for n in range(1, 9))
    mine = base.replace("Paragraph 2.", "Two, mine.").replace("Paragraph 6.", "Six, mine.")
    theirs = base.replace("Paragraph 2.", "Two, theirs.").replace("Paragraph 6.", "Six, theirs.")
    merge = merge_story(_story([], body=base), _story([], body=mine), _story([], body=theirs))
    assert [(c.key, c.label) for c in merge.conflicts] == [
        ("body.2", "Body, paragraph 2"),
        ("body.6", "Body, paragraph 6"),
    ]
    merged = merge.resolve({"body.2": "mine", "body.6": "theirs"})["fields"]["body"]
    assert "Two, mine." in merged and "Six, theirs." in merged
    # Where this side has no paragraph, the number is the one the conflict comes before.
    inserted = merge_story(
        _story([], body="A.\n\nB."), _story([], body="A.\n\nMine.\n\nB."), _story([], body="A.\n\nTheirs.\n\nB.")
    )
    assert [(c.key, c.label) for c in inserted.conflicts] == [("body.2", "Body, paragraph 2")]
    removed = merge_story(
        _story([], body="A.\n\nB.\n\nC."), _story([], body="A.\n\nC."), _story([], body="A.\n\nB, edited.\n\nC.")
    )
    assert [(c.key, c.label) for c in removed.conflicts] == [("body.2", "Body, before paragraph 2")]


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (["=theirs"], "the name before '=' is empty"),
        ([" =mine"], "the name before '=' is empty"),
        (["mine", "theirs"], "--take mine and --take theirs contradict each other"),
        (["headline=mine", "headline=theirs"], "contradict each other"),
    ],
)
def test_take_rules_with_no_name_or_contradicting_each_other_are_refused(rules, message):
    with pytest.raises(PacketError, match=re.escape(message)):
        parse_take_rules(rules)
    assert parse_take_rules(["mine", "mine", "headline=theirs"]) == [
        (None, "mine"),
        (None, "mine"),
        ("headline", "theirs"),
    ]


def test_no_conflicts_is_not_said_when_the_import_then_fails(reporter, editor, reporter_story, tmp_path, capsys):
    good = write_packet(reporter, reporter_story.id, tmp_path / "p", sender="Leila")
    broken = tmp_path / "broken.copydesk-story"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(broken, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            # A photo's bytes changed in transit: found only while taking it in.
            new.writestr(info.filename, data[:-1] + b"!" if info.filename.startswith("photos/") else data)
    editor_path = editor.path
    editor.close()
    status = main(["--library", str(editor_path), "packet", "import", str(broken), "--take", "mine"])
    err = capsys.readouterr().err
    assert status == 2 and "does not match its SHA-256" in err
    assert "--take was not needed" not in err and err.count("\n") == 1


# ---------------------------------------------------------------------- 7. Windows-safe sender folders


@pytest.mark.parametrize(
    ("sender", "folder"),
    [
        ("CON", "CON_"),
        ("prn", "prn_"),
        ("Aux", "Aux_"),
        ("NUL", "NUL_"),
        ("COM1", "COM1_"),
        ("lpt9", "lpt9_"),
        ("con.desk", "con_.desk"),
        ("CON .desk", "CON_.desk"),
        ("Desk. . ", "Desk"),
        ("Conrad", "Conrad"),
        ("COM10", "COM10"),
        ("Leila", "Leila"),
    ],
)
def test_a_sender_folder_name_is_one_windows_can_make(sender, folder):
    assert sender_folder_name(sender) == folder


def test_a_desk_named_con_sends_into_a_folder_windows_can_sync(reporter, editor, reporter_story, tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    sent = send_to_desk(reporter, reporter_story.id, desk, sender="CON")
    assert sent.parent == desk / "outbox" / "CON_"
    [incoming] = DeskFolderScanner(desk, "Editor").scan()
    assert (incoming.sender, incoming.path, incoming.error) == ("CON", sent, None)  # the name as typed
    assert DeskFolderScanner(desk, "CON").scan() == []  # its own outbox is not its inbox
