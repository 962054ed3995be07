"""The library as a static site: layout, filters, links, CSP, feed, and what never leaves."""

from __future__ import annotations

import json

from editor_app.export import FEED_FILE, MANIFEST_NAME, export_site

from .conftest import CSP, EDITOR_NOTE_MARK, files_under, html_pages, local_links


def test_site_has_index_article_section_tag_pages_assets_photos_and_feed(newsroom, library, tmp_path):
    out = tmp_path / "site"
    report = export_site(library, out)
    files = files_under(out)
    assert report.articles == len(newsroom)
    assert "index.html" in files and FEED_FILE in files and MANIFEST_NAME in files
    assert "assets/copydesk.css" in files
    budget = newsroom["budget"]
    assert f"articles/{budget.slug}/index.html" in files
    assert sum(p.startswith("articles/") for p in files) == len(newsroom)
    for section in ("news", "news/politics", "news/world", "sport", "sport/football"):
        assert f"sections/{section}/index.html" in files, section
    for tag in ("iran", "budget", "parliament", "diplomacy", "football", "tennis"):
        assert f"tags/{tag}/index.html" in files, tag
    photos = [p for p in files if p.startswith("photos/")]
    assert len(photos) >= 2
    assert report.files_written == len(files) - 1  # all but the manifest
    assert report.files_reused == 0


def test_index_lists_articles_newest_first(newsroom, library, tmp_path):
    export_site(library, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    positions = [index.index(a.headline) for a in sorted(newsroom.values(), key=lambda a: a.id, reverse=True)]
    assert positions == sorted(positions)


def test_section_pages_list_their_subsections_articles(newsroom, library, tmp_path):
    export_site(library, tmp_path / "site")
    news = (tmp_path / "site" / "sections/news/index.html").read_text(encoding="utf-8")
    politics = (tmp_path / "site" / "sections/news/politics/index.html").read_text(encoding="utf-8")
    assert newsroom["budget"].headline in news and newsroom["world"].headline in news
    assert newsroom["budget"].headline in politics and newsroom["world"].headline not in politics
    assert newsroom["derby"].headline not in news


def test_filters_by_status_section_and_tag(newsroom, library, tmp_path):
    export_site(library, tmp_path / "ready", status="ready")
    ready = {p for p in files_under(tmp_path / "ready") if p.startswith("articles/")}
    expected = {f"articles/{a.slug}/index.html" for a in newsroom.values() if a.status == "ready"}
    assert ready == expected
    assert not (tmp_path / "ready" / "sections/sport/football").exists()  # the published derby is out

    export_site(library, tmp_path / "news", section="News")
    news = {p for p in files_under(tmp_path / "news") if p.startswith("articles/")}
    assert news == {f"articles/{a.slug}/index.html" for a in newsroom.values() if a.section.startswith("News")}

    export_site(library, tmp_path / "iran", tag="Iran", status="ready")
    iran = {p for p in files_under(tmp_path / "iran") if p.startswith("articles/")}
    assert iran == {f"articles/{newsroom[k].slug}/index.html" for k in ("budget", "world", "persian")}


def test_every_page_carries_the_content_security_policy(newsroom, library, tmp_path):
    export_site(library, tmp_path / "site")
    pages = html_pages(tmp_path / "site")
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in text.replace("&#39;", "'"), page


def test_editors_note_is_never_exported(newsroom, library, tmp_path):
    export_site(library, tmp_path / "site")
    for path in files_under(tmp_path / "site"):
        data = (tmp_path / "site" / path).read_bytes()
        assert EDITOR_NOTE_MARK.encode() not in data, path
        assert b"Legal has cleared the quotes" not in data, path


def test_every_local_link_resolves_inside_the_export(newsroom, library, tmp_path):
    from urllib.parse import unquote

    site = (tmp_path / "site").resolve()
    export_site(library, site)
    for page in html_pages(site):
        for target in local_links(page):
            resolved = (page.parent / unquote(target)).resolve()
            assert resolved.is_relative_to(site), (page, target)
            assert resolved.is_file(), (page, target)


def test_feed_is_json_feed_1_1_with_relative_urls(newsroom, library, tmp_path):
    export_site(library, tmp_path / "site")
    feed = json.loads((tmp_path / "site" / FEED_FILE).read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"]
    assert len(feed["items"]) == len(newsroom)
    budget = newsroom["budget"]
    item = next(i for i in feed["items"] if i["id"] == f"urn:uuid:{budget.uuid}")
    assert item["title"] == budget.headline
    assert (tmp_path / "site" / item["url"]).is_file()
    assert "protesters gathered" in item["content_html"] or "Parliament approved" in item["content_html"]
    assert "../../photos/" not in item["content_html"]
    assert item["tags"] == list(budget.tags)
    for entry in feed["items"]:
        assert entry["id"] and ("content_html" in entry or "content_text" in entry)


def test_hostile_headlines_tags_and_sections_stay_inside_the_folder(library, tmp_path):
    hostile = [
        ("../../../escape", "../../up", ["../../etc", "CON"]),
        ("CON", "nul . / com1", ["nul .", "LPT9"]),
        ("a/b\\c:d*e?f", "..", ["a/b", "C:\\x"]),
        ("x" * 600, "é" * 300, ["😀" * 200]),
        ("Iran", "News", ["Iran"]),
        ("IRAN", "NEWS", ["IRAN"]),
        ("\u202eevil", "\u202e", ["\u202e"]),
    ]
    for headline, section, tags in hostile:
        article = library.create_article(headline=headline, section=section, tags=tags, body="text")
        library.update_article(
            article.id, slug=f"{headline}-{article.id}" if headline.strip("./") else f"a{article.id}"
        )
    exports = tmp_path / "exports"
    exports.mkdir()
    site = exports / "site"
    export_site(library, site)
    assert sorted(p.name for p in exports.iterdir()) == ["site"]
    seen_folded: dict[str, set[str]] = {}
    for current, folders, names in __import__("os").walk(site):
        for name in folders + names:
            path = __import__("pathlib").Path(current) / name
            assert not path.is_symlink()
            assert path.resolve().is_relative_to(site.resolve())
            assert len(name.encode()) <= 255
            seen_folded.setdefault(current, set())
            assert name.casefold() not in seen_folded[current], path  # no case-folding collisions
            seen_folded[current].add(name.casefold())
    tag_pages = {p for p in files_under(site) if p.startswith("tags/")}
    assert {"tags/iran/index.html", "tags/iran-2/index.html"} <= tag_pages
    assert {"sections/news/index.html", "sections/news-2/index.html"} <= set(files_under(site))
