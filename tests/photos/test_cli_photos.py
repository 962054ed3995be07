"""The photo commands of `copydesk`, run in-process against a real library file."""

from __future__ import annotations

import json

import pytest

from editor_app.cli.main import main
from tests.photos.conftest import CORPUS_DIR


@pytest.fixture
def run(tmp_path, capsys):
    library_path = tmp_path / "cli.copydesk"
    assert main(["init", str(library_path)]) == 0
    capsys.readouterr()

    def run_command(*argv: str) -> tuple[int, str, str]:
        status = main(["--library", str(library_path), *argv])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run_command


def test_import_reports_each_file_and_fails_when_one_is_refused(run):
    status, out, _ = run("photos", "import", str(CORPUS_DIR / "cmyk.jpg"), str(CORPUS_DIR / "truncated.jpg"), "--json")
    results = json.loads(out)
    assert status == 1
    assert results[0]["id"] == 1 and results[0]["created"] is True and results[0]["error"] is None
    assert results[1]["id"] is None and "truncated" in results[1]["error"]


def test_list_show_and_edit(run):
    run("photos", "import", str(CORPUS_DIR / "news_canadian_press.jpg"))
    status, out, _ = run("photos", "list")
    assert status == 0 and "news_canadian_press.jpg" in out and "400x265" in out

    status, out, _ = run("photos", "edit", "1", "--alt-text", "A police car door with the force's logo.", "--copyright", "© CP")
    assert status == 0
    status, out, _ = run("photos", "show", "1", "--json")
    shown = json.loads(out)
    assert shown["alt_text"] == "A police car door with the force's logo."
    assert shown["copyright"] == "© CP"
    assert shown["embedded"]["iptc"]["title"] == "MORT PIÉTONNE MONTRÉAL 20201014"  # as the file said
    status, out, _ = run("photos", "show", "1")
    assert "as the file said (IPTC)" in out


def test_edit_without_fields_is_a_user_error(run):
    run("photos", "import", str(CORPUS_DIR / "cmyk.jpg"))
    status, _, err = run("photos", "edit", "1")
    assert status == 2 and "Nothing to change" in err


def test_attach_splits_a_wire_credit_and_check_captions_exits_1_on_problems(run):
    run("photos", "import", str(CORPUS_DIR / "cmyk.jpg"))
    run("new", "--headline", "Budget passes in Tehran")
    status, out, _ = run("attach", "1", "1", "--role", "lead", "--caption", "Lawmakers vote in Tehran. (Photo by ICANA)", "--json")
    placement = json.loads(out)
    assert status == 0
    assert (placement["caption"], placement["credit"], placement["role"]) == ("Lawmakers vote in Tehran.", "ICANA", "lead")

    status, out, _ = run("check-captions", "1", "--json")
    assert status == 1
    assert [(p["code"], p["severity"]) for p in json.loads(out)] == [("missing_alt_text", "warning")]
    status, out, _ = run("check-captions", "1")
    assert status == 1 and out.startswith("warning: ")

    status, out, _ = run("placements", "1")
    assert "ICANA" in out and "lead" in out


def test_check_captions_exits_0_when_all_is_well(run):
    run("photos", "import", str(CORPUS_DIR / "cmyk.jpg"))
    run("new", "--headline", "Budget passes in Tehran")
    run("attach", "1", "1", "--caption", "Lawmakers vote.", "--credit", "ICANA", "--alt-text", "A chamber full of people.")
    status, out, _ = run("check-captions", "1")
    assert status == 0 and "No caption problems" in out


def test_detach(run):
    run("photos", "import", str(CORPUS_DIR / "cmyk.jpg"))
    run("new", "--headline", "Story")
    run("attach", "1", "1")
    status, _, _ = run("detach", "1", "1")
    assert status == 0
    status, out, _ = run("placements", "1", "--json")
    assert json.loads(out) == []
