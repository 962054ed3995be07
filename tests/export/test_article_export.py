"""One article as a folder that opens from disk."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from editor_app.export import MANIFEST_NAME, export_article
from editor_app.render.resources import SITE_ICONS

from .conftest import CSP, EDITOR_NOTE_MARK, files_under, local_links


def test_article_folder_has_page_photos_and_stylesheet(newsroom, library, tmp_path):
    out = tmp_path / "one"
    report = export_article(library, newsroom["budget"].id, out)
    files = files_under(out)
    assert {"index.html", "assets/copydesk.css", MANIFEST_NAME} <= set(files)
    photos = sorted(p for p in files if p.startswith("photos/"))
    assert len(photos) >= 2
    icons = {icon.href for icon in SITE_ICONS}
    assert set(files) == {"index.html", "assets/copydesk.css", MANIFEST_NAME, *photos, *icons}
    assert report.articles == 1 and report.files_written == len(files) - 1
    page = (out / "index.html").read_text(encoding="utf-8")
    assert newsroom["budget"].headline in page
    assert CSP in page.replace("&#39;", "'")
    assert 'href="assets/copydesk.css"' in page
    assert EDITOR_NOTE_MARK not in page and "Legal has cleared" not in page
    for target in local_links(out / "index.html"):
        assert (out / target).resolve().is_file(), target
    used = {t for t in local_links(out / "index.html") if t.startswith("photos/")}
    assert used == set(photos)


def test_export_article_accepts_a_slug(newsroom, library, tmp_path):
    export_article(library, newsroom["world"].slug, tmp_path / "one")
    assert newsroom["world"].headline in (tmp_path / "one" / "index.html").read_text(encoding="utf-8")


@pytest.mark.exiftool
@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
def test_exported_photos_carry_caption_and_credit_but_no_location(newsroom, library, tmp_path):
    out = tmp_path / "one"
    export_article(library, newsroom["budget"].id, out)
    inline = next(p for p, _photo in library.placed_photos(newsroom["budget"].id) if p.role == "inline")
    photos = sorted((out / "photos").iterdir())
    result = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", *map(str, photos)], capture_output=True, text=True, check=True
    )
    records = json.loads(result.stdout)
    assert len(records) == len(photos)
    for record in records:
        assert not [k for k in record if "GPS" in k], record["SourceFile"]
        assert not [k for k in record if k.startswith(("MakerNotes", "Nikon"))]
    captions = {r.get("XMP-dc:Description") for r in records}
    credits = {r.get("XMP-photoshop:Credit") for r in records}
    assert inline.caption in captions
    assert inline.credit in credits
