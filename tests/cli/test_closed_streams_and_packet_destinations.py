"""Found by an outside test of the command line: standard input or output closed by the
shell (`<&-`, `>&-`), and a story packet written where it cannot go. Each ends in one
sentence that names what the user must change, never an "unexpected error", and nothing
is half done."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import zipfile

import pytest

from editor_app.cli.main import main
from editor_app.library import Library
from tests.conftest import REPO_ROOT

STORY = (
    "World > Middle East\n\nIran's speaker warns of response to sanctions\n\nBy Parisa Hafezi\n\n"
    "DUBAI, March 8 (Reuters) - Iran's parliament speaker said on Sunday that Tehran would respond.\n"
)


@pytest.fixture
def library_path(tmp_path):
    path = tmp_path / "desk.copydesk"
    with Library.create(path) as library:
        library.create_article("Budget passes", body="The budget passed.")
    return path


def _run_closed(library_path, argv, closed_fd):
    """`copydesk ...` started with standard input (0) or output (1) closed, as the shell's
    `<&-` or `>&-` leave it: Python then has no sys.stdin or sys.stdout at all."""
    closing = "<&-" if closed_fd == 0 else ">&-"
    return subprocess.run(
        ["sh", "-c", f'exec "$0" "$@" {closing}', sys.executable, "-m", "editor_app", "--library", str(library_path),
         *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )  # fmt: skip


@pytest.mark.parametrize(
    "argv", [["import-wire", "-"], ["edit", "1", "--body-file", "-"], ["new", "--headline", "x", "--body-file", "-"]]
)
def test_a_closed_standard_input_is_named_and_nothing_is_written(library_path, argv):
    result = _run_closed(library_path, argv, 0)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Standard input is closed" in result.stderr
    with Library.open(library_path, read_only=True) as library:
        assert [library.get_article(a.id).body for a in library.list_articles()] == ["The budget passed."]


@pytest.mark.parametrize("argv", [["import-wire", "STORY"], ["dictionary", "add", "Qalibaf"], ["render", "1"]])
def test_a_closed_standard_output_refuses_before_anything_is_done(library_path, tmp_path, argv):
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    argv = [str(story) if word == "STORY" else word for word in argv]
    result = _run_closed(library_path, argv, 1)
    # Not "unexpected error" after the article was saved: the user would import it twice.
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Standard output is closed" in result.stderr
    with Library.open(library_path, read_only=True) as library:
        assert len(library.list_articles()) == 1
        assert library.newsroom_words() == []


def test_a_packet_for_a_missing_folder_names_the_folder_not_a_temporary_file(library_path, tmp_path, capsys):
    missing = tmp_path / "no" / "such"
    assert main(["--library", str(library_path), "packet", "export", "1", "--out", str(missing / "p")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(missing) in err and "does not exist" in err
    assert "partial" not in err


def test_a_full_disk_under_the_packet_is_not_called_the_librarys(library_path, tmp_path, capsys, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out = tmp_path / "usb"
    out.mkdir()
    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    assert main(["--library", str(library_path), "packet", "export", "1", "--out", str(out / "p")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "full" in err and str(out) in err
    assert library_path.name not in err  # the library's disk has room; the packet's has not
    assert list(out.iterdir()) == []  # no temporary file left behind


def test_a_full_desk_folder_is_named_when_sending(library_path, tmp_path, capsys, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    desk = tmp_path / "desk"
    desk.mkdir()
    assert main(["--library", str(library_path), "packet", "desk-folder", str(desk)]) == 0
    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    capsys.readouterr()
    assert main(["--library", str(library_path), "packet", "send", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "full" in err and str(desk) in err
    assert library_path.name not in err


@pytest.mark.parametrize("argv", [["packet", "sender"], ["packet", "desk-folder"]])
def test_showing_a_packet_setting_works_beside_an_open_window(library_path, tmp_path, capsys, argv):
    """Only showing the sender name or desk folder reads the library, so the window holding it
    (or a read-only copy) does not stop it; changing one still waits for the window."""
    desk = tmp_path / "desk"
    desk.mkdir()
    assert main(["--library", str(library_path), "packet", "desk-folder", str(desk)]) == 0
    assert main(["--library", str(library_path), "packet", "sender", "Leila Karimi"]) == 0
    capsys.readouterr()
    with Library.open(library_path, program="Copydesk window"):
        assert main(["--library", str(library_path), *argv]) == 0
        assert capsys.readouterr().out.strip() in ("Leila Karimi", str(desk))
        assert main(["--library", str(library_path), *argv, str(tmp_path)]) == 2
        assert "open in another Copydesk" in capsys.readouterr().err


def test_the_inbox_table_shows_a_hostile_senders_control_characters_without_obeying_them(
    library_path, tmp_path, capsys
):
    """A packet's sender comes from another computer: escape sequences (clear the screen,
    recolour) and line breaks in it must not reach the terminal or split the table's row."""
    desk = tmp_path / "desk"
    (desk / "outbox" / "Elsewhere").mkdir(parents=True)
    other = tmp_path / "other.copydesk"
    with Library.create(other) as library:
        library.create_article("Budget passes", body="The budget passed.")
    assert main(["--library", str(other), "packet", "export", "1", "--out", str(tmp_path / "p")]) == 0
    with zipfile.ZipFile(tmp_path / "p.copydesk-story") as packet:
        members = {name: packet.read(name) for name in packet.namelist()}
    story = json.loads(members["story.json"])
    story["sender"] = "Evil\x1b[2J\x1b[31m\r\nforged row\x07"
    members["story.json"] = json.dumps(story).encode()
    with zipfile.ZipFile(desk / "outbox" / "Elsewhere" / "x.copydesk-story", "w") as packet:
        for name, data in members.items():
            packet.writestr(name, data)
    assert main(["--library", str(library_path), "packet", "desk-folder", str(desk)]) == 0
    capsys.readouterr()
    assert main(["--library", str(library_path), "packet", "inbox"]) == 0
    out = capsys.readouterr().out
    assert not any(ord(c) < 32 and c != "\n" or c == "\x7f" for c in out)
    assert len(out.splitlines()) == 2 and "Evil" in out.splitlines()[1]


def test_a_story_without_a_headline_is_named_by_its_slug_when_taken(tmp_path, capsys):
    """A wire story without a headline line arrives with none; "New article 1:  (from ...)"
    named nothing the desk could find it by."""
    reporter, editor = tmp_path / "reporter.copydesk", tmp_path / "editor.copydesk"
    for path in (reporter, editor):
        assert main(["init", str(path)]) == 0
    with Library.open(reporter) as library:
        library.create_article("", slug="senate-stopgap", body="The Senate passed the bill.")
    assert main(["--library", str(reporter), "packet", "export", "1", "--out", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["--library", str(editor), "packet", "import", str(tmp_path / "p.copydesk-story")]) == 0
    assert capsys.readouterr().out.startswith("New article 1: senate-stopgap (from ")


@pytest.mark.parametrize(
    "argv", [["packet", "sender", "é" * 201], ["packet", "export", "1", "--sender", "é" * 201, "--out", "p"]]
)
def test_a_sender_name_every_receiver_would_refuse_is_refused_when_given(library_path, tmp_path, capsys, argv):
    """Receivers refuse a packet whose sender has more than MAX_SENDER_CHARS characters as
    damaged; the name is refused where it is typed, not in every packet sent with it."""
    from editor_app.packets.reading import MAX_SENDER_CHARS

    argv = [str(tmp_path / word) if word == "p" else word for word in argv]
    assert main(["--library", str(library_path), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"at most {MAX_SENDER_CHARS}" in err
    assert not (tmp_path / "p.copydesk-story").exists()
    assert main(["--library", str(library_path), "packet", "sender"]) == 0
    assert "é" not in capsys.readouterr().out
