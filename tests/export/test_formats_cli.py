"""`copydesk export --format`: the preflight first, atomic and incremental writes, clear
errors, several articles at once, photo slots left out."""

from __future__ import annotations

import errno
import json

import pytest

from editor_app.cli.main import main
from editor_app.cli.publishing import EXPORT_FORMAT_CHOICES
from editor_app.export import ExportError, ExportScope, export_checked, run_preflight
from editor_app.export.formats import EXPORT_FORMATS, UnknownFormatError

from .conftest import files_under, run_copydesk
from .formats_fixtures import export_as, make_rich_articles, split_front_matter

OTHER_FORMATS = ("markdown", "ninjs", "docx")
MAIN_FILE = {"markdown": "index.md", "ninjs": "ninjs.json"}


@pytest.fixture
def rich(library, corpus_dir):
    return make_rich_articles(library, corpus_dir)


@pytest.fixture
def lib_path(rich, library):
    path = library.path
    library.close()
    return path


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_command_offers_exactly_the_formats_there_are():
    assert EXPORT_FORMAT_CHOICES == EXPORT_FORMATS and EXPORT_FORMATS[0] == "html"


@pytest.mark.parametrize("export_format", OTHER_FORMATS)
def test_export_one_article_with_json(lib_path, rich, tmp_path, capsys, export_format):
    out = tmp_path / export_format
    article = rich["english"]
    status, stdout, err = run(
        capsys, "--library", str(lib_path), "export", "--format", export_format, "--article", article.slug,
        "--out", str(out), "--json",
    )  # fmt: skip
    assert status == 0, err
    result = json.loads(stdout)
    assert result["exported"] is True and result["format"] == export_format and result["articles"] == 1
    assert result["preflight"]["ok"] is True
    main_file = MAIN_FILE.get(export_format, f"{article.slug}.docx")
    assert (out / main_file).is_file()
    assert main_file in result["written"]


def test_several_articles_each_in_their_own_place(lib_path, rich, tmp_path, capsys):
    for export_format in OTHER_FORMATS:
        out = tmp_path / export_format
        status, stdout, err = run(
            capsys, "--library", str(lib_path), "export", "--format", export_format, "--out", str(out)
        )
        assert status == 0, err
        assert "Exported 2 articles" in stdout
        files = set(files_under(out))
        for article in rich.values():
            if export_format == "docx":
                assert f"{article.slug}.docx" in files
            else:
                assert f"{article.slug}/{MAIN_FILE[export_format]}" in files
                assert any(path.startswith(f"{article.slug}/photos/") for path in files)


@pytest.mark.parametrize("export_format", OTHER_FORMATS)
def test_preflight_errors_stop_every_format_and_write_nothing(library, corpus_dir, tmp_path, capsys, export_format):
    untitled = library.create_article(headline="", body="Text without a headline.", status="ready")
    path = library.path
    library.close()
    out = tmp_path / "out"
    status, _stdout, err = run(
        capsys, "--library", str(path), "export", "--format", export_format, "--article", str(untitled.id),
        "--out", str(out),
    )  # fmt: skip
    assert status == 1 and "nothing was written" in err
    assert not out.exists()
    status, _stdout, err = run(
        capsys, "--library", str(path), "export", "--format", export_format, "--article", str(untitled.id),
        "--out", str(out), "--force",
    )  # fmt: skip
    assert status == 0, err
    assert out.is_dir()


def test_wrong_options_are_one_line_errors(lib_path, rich, tmp_path, capsys):
    status, _out, err = run(
        capsys, "--library", str(lib_path), "export", "--format", "ninjs", "--site-url", "https://news.example/",
        "--out", str(tmp_path / "x"),
    )  # fmt: skip
    assert status == 2 and "--site-url" in err and "--format ninjs" in err and err.count("\n") == 1
    status, _out, err = run(
        capsys, "--library", str(lib_path), "export", "--format", "pdf", "--out", str(tmp_path / "y")
    )
    assert status == 2 and "invalid choice: 'pdf'" in err and "markdown" in err
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "mine.txt").write_text("mine")
    status, _out, err = run(capsys, "--library", str(lib_path), "export", "--format", "docx", "--out", str(occupied))
    assert status == 2 and "not a Copydesk export" in err and err.count("\n") == 1
    assert (occupied / "mine.txt").read_text() == "mine"


def test_unknown_format_is_an_export_error(library, rich, tmp_path):
    preflight = run_preflight(library, ExportScope(article=rich["english"].id))
    with pytest.raises(UnknownFormatError) as raised:
        export_checked(library, tmp_path / "x", preflight, export_format="pdf")
    assert isinstance(raised.value, ExportError) and "markdown" in str(raised.value)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("export_format", OTHER_FORMATS)
def test_a_failed_export_leaves_the_previous_one_whole(library, rich, tmp_path, monkeypatch, export_format):
    out = tmp_path / "out"
    export_as(library, export_format, out)
    before = {path: (out / path).read_bytes() for path in files_under(out)}

    def disk_full(_photo_id):
        raise OSError(errno.ENOSPC, "No space left on device")

    library.update_article(rich["english"].id, headline="A changed headline")
    library.update_placement(
        next(p for p, _photo in library.placed_photos(rich["persian"].id)).id, caption="A changed caption."
    )
    monkeypatch.setattr(library, "photo_original", disk_full)
    with pytest.raises(OSError):
        export_as(library, export_format, out)
    assert {path: (out / path).read_bytes() for path in files_under(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "test.copydesk", *_library_side_files(tmp_path)]


def _library_side_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("test.copydesk") and p.name != "test.copydesk")


def test_a_second_export_reuses_what_did_not_change(library, rich, tmp_path):
    out = tmp_path / "md"
    first = export_as(library, "markdown", out, article=rich["english"].id)
    again = export_as(library, "markdown", out, article=rich["english"].id)
    assert first.files_written == 3 and again.files_written == 0 and again.files_reused == 3
    library.update_article(rich["english"].id, headline="Budget passes")
    changed = export_as(library, "markdown", out, article=rich["english"].id)
    assert changed.written == ["index.md"]
    fields, _body = split_front_matter((out / "index.md").read_text(encoding="utf-8"))
    assert fields["title"] == "Budget passes"


def test_photo_slots_are_never_exported(library, rich, tmp_path):
    article = rich["english"]
    slot = library.add_photo_slot(article.id, caption="A photo still to come. (AFP photo)")
    library.update_article(article.id, body=library.get_article(article.id).body + f"\n\n![](placement:{slot.id})\n")
    preflight = run_preflight(library, ExportScope(article=article.id))
    assert preflight.errors  # the preflight refuses a slot without a photo
    for export_format in OTHER_FORMATS:
        out = tmp_path / export_format
        export_checked(library, out, preflight, override=True, export_format=export_format)
        everything = b"".join((out / path).read_bytes() for path in files_under(out))
        assert b"A photo still to come" not in everything
        assert f"placement:{slot.id}".encode() not in everything


def test_the_real_command_exports_docx(lib_path, rich, tmp_path):
    completed = run_copydesk(
        lib_path, "export", "--format", "docx", "--article", str(rich["persian"].id), "--out", str(tmp_path / "d"),
        "--json",
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["written"] == [f"{rich['persian'].slug}.docx"]
