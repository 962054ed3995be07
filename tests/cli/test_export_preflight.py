"""`copydesk export` runs the preflight first: --check, --force, --include-drafts, --json."""

from __future__ import annotations

import json

import pytest

from editor_app.cli.main import main
from editor_app.photos import import_photos

BODY = (
    "Montreal police said on Wednesday that an inquiry had been opened.\n\n"
    "![](placement:{placement})\n\nInspector Marie Gagnon said the officers were cooperating."
)
WRONG_CAPTION = "Justin Trudeau and Pierre Poilievre shake hands in Ottawa on Wednesday."
RIGHT_CAPTION = "Inspector Marie Gagnon speaks to reporters in Montreal on Wednesday."


@pytest.fixture
def newsroom(library, corpus_dir):
    """A ready story whose caption names two people from another story, and a draft;
    returns (library path, ids), with the library closed so the CLI can take its lock."""
    (result,) = import_photos(library, [corpus_dir / "news_canadian_press.jpg"])
    assert result.error is None, result.error
    story = library.create_article(headline="Police open an inquiry", status="ready", dateline="MONTREAL")
    placement = library.attach_photo(
        story.id, result.photo.id, caption=WRONG_CAPTION, credit="The Canadian Press", alt_text="A police car."
    )
    library.update_article(story.id, body=BODY.format(placement=placement.id))
    draft = library.create_article(headline="Half-written council story", body="Notes.", status="draft")
    path = library.path
    library.close()
    return path, {"story": story, "placement": placement.id, "draft": draft}


def run(capsys, path, *argv):
    status = main(["--library", str(path), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def fix_caption(path, placement_id):
    from editor_app.library import Library

    library = Library.open(path)
    try:
        library.update_placement(placement_id, caption=RIGHT_CAPTION)
    finally:
        library.close()


def test_check_prints_the_preflight_and_exits_1_on_errors_then_0(newsroom, capsys):
    path, ids = newsroom
    status, out, err = run(capsys, path, "export", "--check")
    assert status == 1, err
    assert out.startswith("Preflight: 1 article to export, 1 draft left out; ")
    assert f"Article {ids['story'].id} “Police open an inquiry” (Ready):" in out
    assert "error    person_not_in_article:" in out and "Justin Trudeau" in out
    assert ids["draft"].headline not in out

    fix_caption(path, ids["placement"])
    status, out, err = run(capsys, path, "export", "--check")
    assert status == 0, out + err
    assert "0 errors" in out


def test_an_export_with_errors_writes_nothing_and_exits_1(newsroom, tmp_path, capsys):
    path, _ids = newsroom
    out_dir = tmp_path / "site"
    status, out, err = run(capsys, path, "export", "--out", str(out_dir))
    assert status == 1
    assert "person_not_in_article" in out
    assert err.count("\n") == 1 and "--force" in err and "nothing was written" in err
    assert not out_dir.exists()


def test_force_exports_and_says_what_it_overrode(newsroom, tmp_path, capsys):
    path, ids = newsroom
    out_dir = tmp_path / "site"
    status, out, err = run(capsys, path, "export", "--out", str(out_dir), "--force")
    assert status == 0, err
    assert "Exported 1 article" in out
    assert "Exported anyway over 2 preflight errors:" in out and "Pierre Poilievre" in out
    assert (out_dir / "articles" / ids["story"].slug / "index.html").is_file()
    assert not (out_dir / "articles" / ids["draft"].slug).exists()


def test_include_drafts_and_status_choose_drafts(newsroom, tmp_path, capsys):
    path, ids = newsroom
    fix_caption(path, ids["placement"])
    status, out, err = run(capsys, path, "export", "--out", str(tmp_path / "all"), "--include-drafts")
    assert status == 0, err
    assert "Exported 2 articles" in out
    status, out, err = run(capsys, path, "export", "--out", str(tmp_path / "drafts"), "--status", "draft")
    assert status == 0, err
    assert [p.name for p in (tmp_path / "drafts" / "articles").iterdir()] == [ids["draft"].slug]
    # One draft asked for by name is held back, with the way to send it.
    status, out, _err = run(capsys, path, "export", "--check", "--article", ids["draft"].slug)
    assert status == 1 and "not_ready" in out
    status, _out, _err = run(capsys, path, "export", "--check", "--article", ids["draft"].slug, "--include-drafts")
    assert status == 0


def test_json_shapes(newsroom, tmp_path, capsys):
    path, ids = newsroom
    status, out, _err = run(capsys, path, "export", "--check", "--json")
    assert status == 1
    check = json.loads(out)
    assert set(check) == {"ok", "errors", "warnings", "articles", "left_out", "problems"}
    assert [a["id"] for a in check["articles"]] == [ids["story"].id]
    assert [a["id"] for a in check["left_out"]] == [ids["draft"].id]
    absent = [p for p in check["problems"] if p["code"] == "person_not_in_article"]
    assert len(absent) == 2 and all(p["severity"] == "error" for p in absent)
    assert absent[0]["go_to"] == {"article_id": ids["story"].id, "placement_id": ids["placement"], "field": "caption"}

    status, out, _err = run(capsys, path, "export", "--out", str(tmp_path / "stopped"), "--json")
    assert status == 1
    assert json.loads(out) == {"exported": False, "preflight": check}

    status, out, err = run(capsys, path, "export", "--out", str(tmp_path / "forced"), "--force", "--json")
    assert status == 0, err
    report = json.loads(out)
    assert report["exported"] is True and report["articles"] == 1 and report["preflight"] == check
    assert [p["code"] for p in report["overridden"]] == ["person_not_in_article"] * 2


def test_out_is_needed_unless_checking(newsroom, capsys):
    path, _ids = newsroom
    status, _out, err = run(capsys, path, "export")
    assert status == 2 and "--out" in err and "--check" in err and err.count("\n") == 1
