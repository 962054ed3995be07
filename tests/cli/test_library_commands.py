"""The headless command line for the library: every command, --json, and clear errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from editor_app.cli.main import main
from tests.conftest import REPO_ROOT
from tests.fixture_article import FIXTURE_FIELDS


@pytest.fixture
def lib_path(tmp_path, capsys):
    path = tmp_path / "cli.copydesk"
    assert main(["init", str(path)]) == 0
    capsys.readouterr()
    return path


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, lib_path, *argv, **kwargs):
    status, out, err = run(capsys, "--library", str(lib_path), *argv, "--json", **kwargs)
    assert status == 0, err
    return json.loads(out)


def test_fixture_article_round_trips_through_the_cli(lib_path, capsys, monkeypatch):
    f = FIXTURE_FIELDS
    body = f["body"].format(inline_placement=1)
    args = ["new", "--headline", f["headline"], "--section", f["section"], "--standfirst", f["standfirst"],
            "--byline", f["byline"], "--dateline", f["dateline"], "--language", f["language"],
            "--body-file", "-"]  # fmt: skip
    for tag in f["tags"]:
        args += ["--tag", tag]
    created = run_json(capsys, lib_path, *args, stdin=body, monkeypatch=monkeypatch)
    assert set(created) == {"id", "uuid", "slug"}
    assert created["slug"] == "parliament-approves-emergency-budget-after-all-night-session"
    shown = run_json(capsys, lib_path, "show", created["uuid"])
    for key in ("headline", "section", "standfirst", "byline", "dateline", "language", "tags"):
        assert shown[key] == f[key], key
    assert shown["body"] == body
    assert shown["status"] == "draft"
    listed = run_json(capsys, lib_path, "list", "--section", "News")
    assert [a["id"] for a in listed] == [created["id"]]


def test_edit_status_and_list_filters(lib_path, capsys):
    first = run_json(capsys, lib_path, "new", "--headline", "One")
    run_json(capsys, lib_path, "new", "--headline", "Two")
    edited = run_json(capsys, lib_path, "edit", str(first["id"]), "--status", "in edit", "--target-words", "400")
    assert (edited["status"], edited["target_words"]) == ("in_edit", 400)
    assert [a["headline"] for a in run_json(capsys, lib_path, "list", "--status", "in_edit")] == ["One"]
    assert len(run_json(capsys, lib_path, "list", "--limit", "1")) == 1
    status, out, _ = run(capsys, "--library", str(lib_path), "list")
    assert status == 0 and "In edit" in out and "One" in out


def test_body_file_from_disk(lib_path, capsys, tmp_path):
    body = tmp_path / "story.md"
    body.write_text("Ninety-nine *red* balloons.", encoding="utf-8")
    created = run_json(capsys, lib_path, "new", "--headline", "Balloons", "--body-file", str(body))
    assert run_json(capsys, lib_path, "show", str(created["id"]))["word_count"] == 3


def test_search_history_snapshot_restore_and_diff(lib_path, capsys):
    created = run_json(capsys, lib_path, "new", "--headline", "Budget vote in Tehran")
    ref = str(created["id"])
    hits = run_json(capsys, lib_path, "search", '"budget vote"')
    assert [h["id"] for h in hits] == [created["id"]]
    assert run_json(capsys, lib_path, "search", "tehr*", "--ranked")[0]["snippet"]
    snap = run_json(capsys, lib_path, "snapshot", ref, "--name", "Before subs")
    run_json(capsys, lib_path, "edit", ref, "--headline", "Budget passes")
    changes = run_json(capsys, lib_path, "diff", ref, str(snap["id"]))
    assert {"field": "headline", "old": "Budget vote in Tehran", "new": "Budget passes"} in changes
    restored = run_json(capsys, lib_path, "restore", ref, str(snap["id"]))
    assert restored["headline"] == "Budget vote in Tehran"
    history = run_json(capsys, lib_path, "history", ref)
    assert [r["kind"] for r in history][:2] == ["restore", "auto"]
    assert any(r["name"] == "Before subs" for r in history)


def test_backup_and_check(lib_path, capsys, tmp_path):
    run_json(capsys, lib_path, "new", "--headline", "Keep me")
    backup = run_json(capsys, lib_path, "backup", str(tmp_path / "copy.copydesk"))
    assert run_json(capsys, backup["backup"], "check") == {"ok": True, "problems": []}
    assert [a["headline"] for a in run_json(capsys, backup["backup"], "list")] == ["Keep me"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["show", "42"], "No article '42'"),
        (["edit", "1"], "Nothing to change"),
        (["edit", "1", "--status", "spiked"], "Unknown status"),
        (["new", "--headline", "x", "--body-file", "/nonexistent/story.md"], "No body file"),
        (["restore", "1", "999"], "No revision 999"),
    ],
)
def test_user_errors_are_one_clear_line_without_traceback(lib_path, capsys, argv, message):
    run_json(capsys, lib_path, "new", "--headline", "Exists")
    status, _, err = run(capsys, "--library", str(lib_path), *argv)
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_command_on_a_missing_library_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "typo.copydesk"
    status, _, err = run(capsys, "--library", str(missing), "list")
    assert status == 2 and "No library at" in err and "copydesk init" in err
    assert not missing.exists()


def test_environment_variable_chooses_the_library(lib_path, capsys, monkeypatch):
    monkeypatch.setenv("COPYDESK_LIBRARY", str(lib_path))
    assert main(["new", "--headline", "From env"]) == 0
    capsys.readouterr()
    assert [a["headline"] for a in json.loads(_out(capsys, ["list", "--json"]))] == ["From env"]


def _out(capsys, argv):
    assert main(argv) == 0
    return capsys.readouterr().out


def test_init_refuses_an_existing_file(tmp_path, capsys):
    path = tmp_path / "exists.copydesk"
    path.write_text("mine")
    status, _, err = run(capsys, "init", str(path))
    assert status == 2 and "already exists" in err
    assert path.read_text() == "mine"


def test_locked_library_error_names_the_holder(lib_path, capsys):
    from editor_app.library import Library

    with Library.open(lib_path, program="Copydesk window") as window:
        window.create_article("Typed in the window")
        status, _, err = run(capsys, "--library", str(lib_path), "new", "--headline", "From the shell")
        assert status == 2
        assert "open in another Copydesk: Copydesk window of" in err
        # Reading needs no lock: it runs beside the window and sees what the window saved.
        status, out, err = run(capsys, "--library", str(lib_path), "list")
        assert status == 0, err
        assert "Typed in the window" in out and "From the shell" not in out
    assert not lib_path.with_name(lib_path.name + ".lock").exists()


@pytest.mark.parametrize(
    "launcher", [["-m", "editor_app"], [str(REPO_ROOT / "main.py")]], ids=["python -m editor_app", "main.py"]
)
def test_entry_points_run_the_same_program(lib_path, launcher):
    result = subprocess.run(
        [sys.executable, *launcher, "--library", str(lib_path), "new", "--headline", "Via entry point", "--json"],
        capture_output=True,
        check=False,
        text=True,
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["slug"] == "via-entry-point"
    version = subprocess.run(
        [sys.executable, *launcher, "--version"], capture_output=True, text=True, cwd=REPO_ROOT, check=False
    )
    assert version.stdout.startswith("copydesk ")


def test_every_command_takes_json():
    from editor_app.cli.main import build_parser

    def leaf_parsers(parser, name=""):
        groups = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not groups:
            yield name.strip(), parser
            return
        for child_name, child in groups[0].choices.items():
            yield from leaf_parsers(child, f"{name} {child_name}")

    commands = dict(leaf_parsers(build_parser()))
    assert {"init", "new", "search", "photos import", "attach", "check-captions", "render", "export"} <= set(commands)
    missing = [
        name for name, parser in commands.items() if not any("--json" in a.option_strings for a in parser._actions)
    ]
    assert missing == []


def test_a_reading_command_upgrades_a_library_from_an_older_copydesk(tmp_path, capsys):
    """Read-only opening refuses an older schema; the command line upgrades it once
    (as every command did before reading commands opened read-only) and reads on."""
    import shutil

    from editor_app.library import inspect_library_file, schema

    path = tmp_path / "old.copydesk"
    shutil.copy(REPO_ROOT / "tests" / "fixtures" / "library-v1.copydesk", path)
    listed = run_json(capsys, path, "list")
    assert "Budget vote in Tehran" in [a["headline"] for a in listed]
    assert inspect_library_file(path) == schema.LATEST_VERSION
