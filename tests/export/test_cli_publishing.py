"""`copydesk render` and `copydesk export`, in-process and once as a real subprocess."""

from __future__ import annotations

import io
import json

import pytest

from editor_app.cli.main import main
from editor_app.cli.publishing import ProgressLine

from .conftest import CSP, EDITOR_NOTE_MARK, files_under, run_copydesk


@pytest.fixture
def lib_path(newsroom, library):
    """The newsroom library's file, closed so the CLI can take its lock."""
    path = library.path
    library.close()
    return path


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_render_prints_the_article_page(lib_path, newsroom, capsys):
    status, out, err = run(capsys, "--library", str(lib_path), "render", str(newsroom["budget"].id))
    assert status == 0, err
    assert out.lstrip().lower().startswith("<!doctype html>")
    assert newsroom["budget"].headline in out
    assert CSP in out.replace("&#39;", "'")
    assert EDITOR_NOTE_MARK not in out


def test_render_by_slug_with_json(lib_path, newsroom, capsys):
    status, out, _ = run(capsys, "--library", str(lib_path), "render", newsroom["world"].slug, "--json")
    assert status == 0
    document = json.loads(out)
    assert document["id"] == newsroom["world"].id and newsroom["world"].headline in document["html"]


def test_render_of_a_missing_article_is_a_one_line_error(lib_path, capsys):
    status, out, err = run(capsys, "--library", str(lib_path), "render", "999")
    assert status == 2 and out == ""
    assert err.startswith("copydesk: ") and err.count("\n") == 1


def test_export_site_with_filters_prints_a_summary(lib_path, newsroom, tmp_path, capsys):
    out_dir = tmp_path / "site"
    status, out, err = run(capsys, "--library", str(lib_path), "export", "--out", str(out_dir), "--status", "ready")
    assert status == 0, err
    assert "files written" in out and "reused" in out and " s." in out
    assert "\r" not in err  # not a terminal: no progress line
    articles = {p for p in files_under(out_dir) if p.startswith("articles/")}
    assert articles == {f"articles/{a.slug}/index.html" for a in newsroom.values() if a.status == "ready"}
    status, out, _ = run(
        capsys, "--library", str(lib_path), "export", "--out", str(out_dir), "--status", "ready", "--json"
    )
    report = json.loads(out)
    assert report["files_written"] == 0 and report["files_reused"] > 0


def test_export_one_article(lib_path, newsroom, tmp_path, capsys):
    out_dir = tmp_path / "one"
    status, out, err = run(
        capsys, "--library", str(lib_path), "export", "--out", str(out_dir), "--article", newsroom["budget"].slug
    )
    assert status == 0, err
    assert (out_dir / "index.html").is_file() and (out_dir / "assets" / "copydesk.css").is_file()
    assert "Exported 1 article" in out


def test_export_errors_are_one_line(lib_path, newsroom, tmp_path, capsys):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine")
    status, _out, err = run(capsys, "--library", str(lib_path), "export", "--out", str(occupied))
    assert status == 2 and "not a Copydesk export" in err and err.count("\n") == 1
    status, _out, err = run(
        capsys, "--library", str(lib_path), "export", "--out", str(tmp_path / "x"), "--article", "1", "--tag", "Iran"
    )
    assert status == 2
    status, _out, err = run(
        capsys, "--library", str(lib_path), "export", "--out", str(tmp_path / "y"), "--status", "nonsense"
    )
    assert status == 2 and "Unknown status" in err


def test_progress_line_redraws_in_place_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    line = ProgressLine(terminal)
    line(1, 10, "articles/a/index.html")
    line(10, 10, "Done")
    line.clear()
    text = terminal.getvalue()
    assert text.startswith("\rExporting 1/10 articles/a/index.html")
    assert "\rExporting 10/10 Done" in text and text.endswith("\r")
    pipe = io.StringIO()
    quiet = ProgressLine(pipe)
    quiet(1, 10, "x")
    quiet.clear()
    assert pipe.getvalue() == ""


def test_python_dash_m_editor_app_exports_a_site(lib_path, newsroom, tmp_path):
    out_dir = tmp_path / "site"
    result = run_copydesk(lib_path, "export", "--out", str(out_dir), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Exported 5 articles" in result.stdout  # the draft stays home unless chosen
    assert (out_dir / "index.html").is_file() and (out_dir / "feed.json").is_file()
    rendered = run_copydesk(lib_path, "render", str(newsroom["budget"].id))
    assert rendered.returncode == 0 and newsroom["budget"].headline in rendered.stdout
