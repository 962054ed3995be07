"""Re-exporting after one change rewrites only what changed; everything else keeps its
inode and modification time (it is hard-linked from the previous export). A file edited
by hand since the last export is written again."""

from __future__ import annotations

import json
import os

import pytest

from editor_app.export import MANIFEST_NAME, export_article, export_site

from .conftest import files_under


def identity(stat):
    return (stat.st_ino, stat.st_mtime_ns)


def feeds(*folders: str) -> set[str]:
    """The Atom and RSS feeds of the site ("") and of the given section folders, and the JSON Feed."""
    return {"feed.json", *(f"{folder}{name}" for folder in folders for name in ("feed.atom", "feed.rss"))}


def test_an_unchanged_library_reuses_every_file(newsroom, library, tmp_path):
    site = tmp_path / "site"
    first = export_site(library, site)
    before = files_under(site)
    second = export_site(library, site)
    after = files_under(site)
    assert second.files_written == 0
    assert second.files_reused == first.files_written
    assert set(after) == set(before)
    for path in before:
        if path != MANIFEST_NAME:
            assert identity(after[path]) == identity(before[path]), path


def test_one_changed_headline_rewrites_its_page_its_listings_and_the_feed_only(newsroom, library, tmp_path):
    site = tmp_path / "site"
    export_site(library, site)
    before = files_under(site)
    world = newsroom["world"]  # News / World, tags Diplomacy and Iran
    updated = library.update_article(world.id, headline="Ceasefire talks collapse in Geneva")
    # Unpublished, so its slug followed the headline: the page moves with it.
    old_page, new_page = f"articles/{world.slug}/index.html", f"articles/{updated.slug}/index.html"
    assert old_page != new_page
    report = export_site(library, site)
    after = files_under(site)
    expected = {
        new_page,
        "index.html",
        "sections/news/index.html",
        "sections/news/world/index.html",
        "tags/diplomacy/index.html",
        "tags/iran/index.html",
        *feeds("", "sections/news/", "sections/news/world/"),
    }
    assert set(report.written) == expected
    assert set(after) == (set(before) - {old_page}) | {new_page}
    for path in before:
        if path in expected or path in (MANIFEST_NAME, old_page):
            continue
        assert identity(after[path]) == identity(before[path]), f"{path} was rewritten"
    for path in expected - {new_page}:
        assert after[path].st_ino != before[path].st_ino
    assert "Ceasefire talks collapse" in (site / "index.html").read_text(encoding="utf-8")
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert any(item["title"] == "Ceasefire talks collapse in Geneva" for item in feed["items"])
    assert all(item.get("content_html") for item in feed["items"])


def test_a_body_change_leaves_other_sections_and_tags_alone(newsroom, library, tmp_path):
    site = tmp_path / "site"
    export_site(library, site)
    derby = newsroom["derby"]
    library.update_article(derby.id, body=derby.body + "\n\nA late paragraph.")
    report = export_site(library, site)
    assert set(report.written) == {
        f"articles/{derby.slug}/index.html",
        "index.html",
        "sections/sport/index.html",
        "sections/sport/football/index.html",
        "tags/football/index.html",
        *feeds("", "sections/sport/", "sections/sport/football/"),
    }
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["id"].endswith(derby.uuid))
    assert "A late paragraph." in item["content_html"]


def test_a_new_caption_makes_a_new_rendition_and_keeps_the_others(newsroom, library, tmp_path):
    site = tmp_path / "site"
    export_site(library, site)
    before = files_under(site)
    lead = next(p for p, _photo in library.placed_photos(newsroom["budget"].id) if p.role == "lead")
    library.update_placement(lead.id, caption="A new caption for the minister.")
    report = export_site(library, site)
    after = files_under(site)
    new_photos = {p for p in report.written if p.startswith("photos/")}
    assert new_photos and new_photos.isdisjoint(before)
    removed = {p for p in before if p.startswith("photos/")} - set(after)
    assert len(removed) == len(new_photos)  # old renditions of that caption are gone
    for path in after:
        if path.startswith("photos/") and path not in new_photos:
            assert identity(after[path]) == identity(before[path])


@pytest.mark.parametrize(
    "edit",
    [lambda original: b"<p>defaced</p>", lambda original: original.replace(b"Late goal", b"LATE GOAL")],
    ids=["another size", "same size"],
)
def test_a_file_edited_by_hand_in_the_export_is_rewritten(newsroom, library, tmp_path, edit):
    site = tmp_path / "site"
    export_site(library, site)
    page = site / "articles" / newsroom["derby"].slug / "index.html"
    original = page.read_bytes()
    page.write_bytes(edit(original))
    report = export_site(library, site)
    assert report.written == [f"articles/{newsroom['derby'].slug}/index.html"]
    assert page.read_bytes() == original


def test_a_touched_file_with_its_bytes_intact_is_reused(newsroom, library, tmp_path):
    site = tmp_path / "site"
    export_site(library, site)
    page = site / "articles" / newsroom["derby"].slug / "index.html"
    later = page.stat().st_mtime_ns + 60 * 10**9
    os.utime(page, ns=(later, later))  # as a sync tool or `touch` leaves it
    report = export_site(library, site)
    assert report.files_written == 0


def test_an_export_made_by_the_previous_manifest_format_is_reused(newsroom, library, tmp_path):
    """Format 1 also held each file's modification time; an upgrade must not rewrite a whole site."""
    site = tmp_path / "site"
    export_site(library, site)
    manifest = json.loads((site / MANIFEST_NAME).read_bytes())
    manifest["format"] = 1
    for path, entry in manifest["files"].items():
        entry["mtime_ns"] = (site / path).stat().st_mtime_ns
    (site / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    report = export_site(library, site)
    assert report.files_written == 0


def test_removed_articles_disappear_from_the_export(newsroom, library, tmp_path):
    site = tmp_path / "site"
    export_site(library, site, status="ready")
    library.update_article(newsroom["tennis"].id, status="draft")
    export_site(library, site, status="ready")
    assert not (site / "articles" / newsroom["tennis"].slug).exists()
    assert not (site / "tags" / "tennis").exists()
    assert newsroom["tennis"].headline not in (site / "index.html").read_text(encoding="utf-8")


def test_re_exporting_one_article_reuses_its_photos(newsroom, library, tmp_path):
    out = tmp_path / "one"
    export_article(library, newsroom["budget"].id, out)
    before = files_under(out)
    library.update_article(newsroom["budget"].id, standfirst="A new standfirst.")
    report = export_article(library, newsroom["budget"].id, out)
    assert report.written == ["index.html"]
    after = files_under(out)
    for path in before:
        if path not in ("index.html", MANIFEST_NAME):
            assert identity(after[path]) == identity(before[path]), path


def test_with_a_site_url_one_change_also_rewrites_the_sitemap_and_nothing_else(newsroom, library, tmp_path):
    from editor_app.export import SiteSettings

    settings = SiteSettings(url="https://times.example/", name="The Times")
    site = tmp_path / "site"
    export_site(library, site, settings=settings)
    before = files_under(site)
    derby = newsroom["derby"]
    library.update_article(derby.id, body=derby.body + "\n\nA late paragraph.")
    report = export_site(library, site, settings=settings)
    after = files_under(site)
    expected = {
        f"articles/{derby.slug}/index.html",
        "index.html",
        "sections/sport/index.html",
        "sections/sport/football/index.html",
        "tags/football/index.html",
        *feeds("", "sections/sport/", "sections/sport/football/"),
        "sitemap.xml",
    }
    assert set(report.written) == expected
    for path in set(before) - expected - {MANIFEST_NAME}:
        assert identity(after[path]) == identity(before[path]), f"{path} was rewritten"
    assert {"robots.txt", "sitemap-news.xml", "favicon.ico", "sections/news/feed.atom"} <= set(report.reused)


def test_changing_the_site_settings_rewrites_pages_but_not_photos(newsroom, library, tmp_path):
    from editor_app.export import SiteSettings

    site = tmp_path / "site"
    export_site(library, site, settings=SiteSettings(name="The Times"))
    report = export_site(library, site, settings=SiteSettings(name="The Times", description="Checked twice."))
    assert "index.html" in report.written and "feed.atom" in report.written
    assert not [path for path in report.written if path.startswith(("photos/", "icons/"))]
