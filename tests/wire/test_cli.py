"""`copydesk import-wire FILE|-` as a user runs it: a real process on a real library file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor_app.library import Library
from tests.conftest import REPO_ROOT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wire"


@pytest.fixture
def copydesk(tmp_path):
    library = tmp_path / "lib.copydesk"
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)}
    command = [sys.executable, "-m", "editor_app", "--library", str(library)]
    subprocess.run([*command, "init", str(library)], check=True, capture_output=True, env=env)

    def run(*args, stdin=None, input_bytes=None):
        return subprocess.run(
            [*command, *args], stdin=stdin, input=input_bytes, capture_output=True, timeout=120, env=env, check=False
        )

    run.library = library
    return run


def test_a_file_becomes_an_article_with_its_slots(copydesk):
    result = copydesk("import-wire", str(FIXTURES / "tehran_times_caption_block.txt"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert out.startswith("Imported article 1 “Majlis passes emergency budget after marathon session”")
    assert "3 photo slots waiting for photos" in out and "3 lines of boilerplate" in out
    with Library.open(copydesk.library, read_only=True) as library:
        article = library.get_article(1)
        assert (article.section, article.dateline) == ("Politics / Parliament", "TEHRAN")
        assert [s.credit for s in library.photo_slots(1)] == ["ICANA", "ICANA", "ICANA"]


def test_standard_input_with_json_prints_the_new_article(copydesk):
    html = (FIXTURES / "irna_persian_rtl.html").read_bytes()
    result = copydesk("import-wire", "-", "--json", input_bytes=html)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["id"], data["language"], data["dateline"]) == (1, "fa", "تهران")
    assert [(s["photo_id"], s["credit"], s["role"]) for s in data["photo_slots"]] == [(None, "ایرنا", "lead")]
    assert "Removed on import:" in data["editor_note"]


def test_format_says_how_to_read_a_file_whatever_its_suffix(copydesk, tmp_path):
    story = tmp_path / "story.dat"
    story.write_bytes((FIXTURES / "web_page_figure.html").read_bytes())
    result = copydesk("import-wire", str(story), "--format", "html", "--json")
    assert json.loads(result.stdout)["headline"].startswith("Caspian sturgeon return")


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda tmp: ("-", b""), "Standard input is empty: there is no story to import."),
        (lambda tmp: ("-", b"  \n\n \t\n"), "Standard input is empty"),
        (lambda tmp: ("-", bytes(range(256)) * 20), "Standard input is not text or HTML"),
        (lambda tmp: (str(tmp / "missing.txt"), None), "missing.txt does not exist."),
        (lambda tmp: (str(tmp), None), "is a folder; choose the story's file."),
        (lambda tmp: ("/dev/urandom", None), "is not text or HTML"),
        (lambda tmp: ("-", b"<p>" + b"<a " * 5000), "too many unclosed HTML tags"),
    ],
    ids=["empty", "blank", "binary", "missing", "folder", "device", "hostile-html"],
)
def test_bad_input_is_refused_in_one_line_and_nothing_is_stored(copydesk, tmp_path, make_input, message):
    name, data = make_input(tmp_path)
    result = copydesk("import-wire", name, input_bytes=data if data is not None else b"")
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert message in err
    with Library.open(copydesk.library, read_only=True) as library:
        assert library.count_articles() == 0


def test_an_endless_pipe_of_text_is_refused_without_reading_it_all(copydesk):
    endless = subprocess.Popen(["yes", "Lawmakers approved the budget on Sunday."], stdout=subprocess.PIPE)
    try:
        result = copydesk("import-wire", "-", stdin=endless.stdout)
    finally:
        endless.kill()
        endless.wait()
    assert result.returncode == 2
    assert "larger than 8 MB" in result.stderr.decode()


def test_a_file_the_system_cannot_open_is_named_with_the_reason(copydesk, tmp_path):
    name = str(tmp_path / ("x" * 300 + ".txt"))  # longer than any file system allows
    result = copydesk("import-wire", name)
    err = result.stderr.decode()
    assert result.returncode == 2 and "Could not read" in err and "File name too long" in err


def test_fill_slot_puts_a_library_photo_in_a_slot_and_refuses_a_filled_one(copydesk, corpus_dir):
    assert copydesk("import-wire", str(FIXTURES / "reuters_tehran.txt")).returncode == 0
    imported = copydesk("photos", "import", str(corpus_dir / "news_canadian_press.jpg"), "--json")
    assert imported.returncode == 0, imported.stderr
    with Library.open(copydesk.library, read_only=True) as library:
        [slot] = library.photo_slots(1)
        [photo] = library.list_photos()
    listed = copydesk("placements", "1").stdout.decode()
    assert "(slot)" in listed
    result = copydesk("fill-slot", str(slot.id), str(photo.id), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["photo_id"], data["caption"]) == (photo.id, slot.caption)
    again = copydesk("fill-slot", str(slot.id), str(photo.id))
    assert again.returncode == 2 and "already has a photo" in again.stderr.decode()
