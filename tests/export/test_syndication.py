"""What readers' tools, feed readers and search engines read from an exported site.

Every page carries a description, social cards, icons, its canonical address and its
feeds; every feed parses in feedparser without complaint and holds each article's full
body and lead photo; every sitemap validates against its XML schema (tests/export/schemas).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

import feedparser
import pytest
import xmlschema
from PIL import Image

from editor_app.export import export_site
from editor_app.export.site import SiteExporter
from editor_app.export.site_settings import SiteSettings
from editor_app.export.syndication import NEWS_SITEMAP_FILE, ROBOTS_FILE, SITEMAP_FILE

from .conftest import html_pages, run_copydesk

SCHEMAS = Path(__file__).parent / "schemas"
SITE_URL = "https://times.example/desk/"
SETTINGS = SiteSettings(
    url=SITE_URL, name="The Copydesk Times", description="News from the desk, checked twice.", language="en"
)


class Head(HTMLParser):
    """The meta and link elements of a page, and its JSON-LD."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in attributes or "property" in attributes):
            key = attributes.get("property") or attributes["name"]
            self.meta.setdefault(key, []).append(attributes["content"])
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "script":
            self._script = attributes

    def handle_data(self, data):
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


def head_of(path: Path) -> Head:
    return Head(path.read_text(encoding="utf-8"))


@pytest.fixture
def published_site(newsroom, library, tmp_path):
    """The newsroom exported with a site URL; `now` one hour after the derby was published."""
    derby = library.update_article(newsroom["derby"].id, published_at="2026-03-02T09:00:00+00:00")
    budget = library.update_article(newsroom["budget"].id, published_at="2026-02-20T09:00:00+00:00")
    SiteExporter(library, settings=SETTINGS, now=datetime(2026, 3, 2, 10, tzinfo=UTC)).write(tmp_path / "site")
    return tmp_path / "site", {**newsroom, "derby": derby, "budget": budget}


def local_file(site: Path, page: Path, href: str) -> Path:
    if href.startswith(SITE_URL):
        target = site / unquote(href[len(SITE_URL) :])
    else:
        target = (page.parent / unquote(href)).resolve()
    return target / "index.html" if target.is_dir() else target


def test_every_page_has_a_description_icons_a_canonical_address_and_the_feeds(published_site):
    site, _articles = published_site
    for page in html_pages(site):
        head = head_of(page)
        description = head.one("description")
        assert 0 < len(description) <= 155
        relative = page.relative_to(site).as_posix()
        expected = SITE_URL + quote(relative.removesuffix("index.html"))
        assert [link["href"] for link in head.links if link["rel"] == "canonical"] == [expected]
        assert head.one("og:url") == expected
        icons = [link for link in head.links if link["rel"] in ("icon", "apple-touch-icon")]
        assert {link.get("type") for link in icons} >= {"image/svg+xml", "image/png"}
        assert any(link["rel"] == "apple-touch-icon" for link in icons)
        feeds = [link for link in head.links if link["rel"] == "alternate"]
        assert {link["type"] for link in feeds} >= {"application/atom+xml", "application/rss+xml"}
        for link in icons + feeds:
            assert local_file(site, page, link["href"]).is_file(), f"{relative}: {link['href']}"
        assert all(attributes == {"type": "application/ld+json"} for attributes, _data in head.scripts)
    listing = head_of(site / "sections" / "news" / "index.html")
    assert listing.one("description") == SETTINGS.description
    assert listing.one("og:type") == "website"
    section_feeds = [link["href"] for link in listing.links if link["rel"] == "alternate"]
    assert "../../sections/news/feed.atom" in section_feeds


def test_an_article_with_a_lead_photo_has_a_large_social_card(published_site, library):
    site, articles = published_site
    budget = library.get_article(articles["budget"].id)
    page = site / "articles" / budget.slug / "index.html"
    head = head_of(page)
    assert head.one("og:type") == "article"
    assert head.one("og:title") == budget.headline
    assert head.one("og:description") == head.one("description") == budget.standfirst.strip()[:155]
    assert head.one("twitter:card") == "summary_large_image"
    image = head.one("og:image")
    assert image.startswith(SITE_URL + "photos/")
    with Image.open(local_file(site, page, image)) as picture:
        assert (str(picture.width), str(picture.height)) == (head.one("og:image:width"), head.one("og:image:height"))
    lead = next(p for p, _photo in library.placed_photos(budget.id) if p.role == "lead")
    assert head.one("og:image:alt") == lead.alt_text
    assert head.one("twitter:image") == image
    assert head.one("article:published_time").endswith("Z")
    assert head.one("article:section") == budget.section
    assert head.meta["article:tag"] == list(budget.tags)
    (_attributes, data), *_ = head.scripts
    assert json.loads(data)["@type"] == "NewsArticle"


def test_an_article_without_a_photo_or_standfirst_gets_a_small_card_and_its_first_paragraph(library, tmp_path):
    words = " ".join(f"word{n}" for n in range(60))
    article = library.create_article(headline="No standfirst", section="News", body=f"{words}\n\nSecond paragraph.")
    export_site(library, tmp_path / "site", settings=SETTINGS)
    head = head_of(tmp_path / "site" / "articles" / article.slug / "index.html")
    assert head.one("twitter:card") == "summary"
    assert "og:image" not in head.meta
    description = head.one("description")
    assert len(description) <= 155 and description.endswith("\u2026")
    assert words.startswith(description.removesuffix("\u2026"))  # cut between words, not inside one
    assert description.removesuffix("\u2026").split()[-1] in words.split()


def _feed_paths(site: Path) -> list[Path]:
    return sorted([*site.rglob("feed.atom"), *site.rglob("feed.rss")])


def test_every_feed_parses_without_complaint_with_full_content_and_the_lead_photo(published_site, library):
    site, articles = published_site
    feeds = _feed_paths(site)
    assert {p.relative_to(site).as_posix() for p in feeds} >= {
        "feed.atom",
        "feed.rss",
        "sections/news/feed.atom",
        "sections/news/feed.rss",
        "sections/sport/football/feed.atom",
    }
    budget = articles["budget"]
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version in ("atom10", "rss20")
        assert parsed.feed.title and parsed.entries
        for entry in parsed.entries:
            body = entry.content[0].value
            assert "<h2" in body or "<p" in body
            assert entry.link.startswith(SITE_URL)
        lead_entries = [e for e in parsed.entries if e.id == f"urn:uuid:{budget.uuid}"]
        for entry in lead_entries:
            enclosure = next(link for link in entry.links if link.rel == "enclosure")
            photo = site / unquote(enclosure.href[len(SITE_URL) :])
            assert int(enclosure.length) == photo.stat().st_size > 0
            assert enclosure.type == "image/jpeg"
            assert entry.media_content[0]["url"] == enclosure.href
    site_atom = feedparser.parse((site / "feed.atom").read_bytes())
    assert {e.id for e in site_atom.entries} == {f"urn:uuid:{a.uuid}" for a in articles.values()}
    news_atom = feedparser.parse((site / "sections" / "news" / "feed.atom").read_bytes())
    assert f"urn:uuid:{articles['derby'].uuid}" not in {e.id for e in news_atom.entries}


def test_feeds_without_a_site_url_link_relative_to_where_they_are(newsroom, library, tmp_path):
    report = export_site(library, tmp_path / "site")
    site = tmp_path / "site"
    for path in _feed_paths(site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        for entry in parsed.entries:
            assert (path.parent / unquote(entry.link)).is_file(), entry.link
            for source in _image_sources(entry.content[0].value):
                assert (path.parent / unquote(source)).is_file(), source
    assert not (site / SITEMAP_FILE).exists() and not (site / NEWS_SITEMAP_FILE).exists()
    assert any(SITEMAP_FILE in w and NEWS_SITEMAP_FILE in w and "site URL" in w for w in report.warnings)
    assert "Sitemap:" not in (site / ROBOTS_FILE).read_text(encoding="utf-8")


def _image_sources(html: str) -> list[str]:
    class Images(HTMLParser):
        def __init__(self):
            super().__init__()
            self.sources: list[str] = []

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "img":
                self.sources.append(attributes["src"])
                self.sources.extend(c.strip().split(" ")[0] for c in (attributes.get("srcset") or "").split(",") if c)

    parser = Images()
    parser.feed(html)
    return parser.sources


def test_sitemaps_validate_against_their_schemas(published_site, library):
    site, articles = published_site
    schema = xmlschema.XMLSchema(
        str(SCHEMAS / "sitemap.xsd"),
        locations=[("http://www.google.com/schemas/sitemap-news/0.9", str(SCHEMAS / "sitemap-news.xsd"))],
    )
    schema.validate(str(site / SITEMAP_FILE))
    schema.validate(str(site / NEWS_SITEMAP_FILE))
    sitemap = schema.to_dict(str(site / SITEMAP_FILE))
    urls = {url["loc"]: url["lastmod"] for url in sitemap["url"]}
    pages = {SITE_URL + quote(p.relative_to(site).as_posix().removesuffix("index.html")) for p in html_pages(site)}
    assert set(urls) == pages
    world = library.get_article(articles["world"].id)
    assert urls[f"{SITE_URL}articles/{world.slug}/"] == world.updated_at
    news = schema.to_dict(str(site / NEWS_SITEMAP_FILE))
    derby = articles["derby"]
    assert [url["loc"] for url in news["url"]] == [f"{SITE_URL}articles/{derby.slug}/"]
    (item,) = news["url"][0]["news:news"]
    assert item["news:title"] == derby.headline
    assert item["news:publication_date"] == "2026-03-02T09:00:00.000Z"
    assert item["news:publication"]["news:name"] == SETTINGS.name
    robots = (site / ROBOTS_FILE).read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}{SITEMAP_FILE}" in robots


def test_the_news_sitemap_keeps_two_days_of_news_and_drops_older(newsroom, library, tmp_path):
    published = datetime(2026, 3, 2, 9, tzinfo=UTC)
    library.update_article(newsroom["derby"].id, published_at=published.isoformat())
    for hours, expected in ((47, 1), (49, 0)):
        now = published + timedelta(hours=hours)
        SiteExporter(library, settings=SETTINGS, now=now).write(tmp_path / f"site-{hours}")
        text = (tmp_path / f"site-{hours}" / NEWS_SITEMAP_FILE).read_text(encoding="utf-8")
        assert text.count("<url>") == expected


def test_the_command_line_remembers_the_site_settings_in_the_library(newsroom, library, tmp_path):
    path = library.path
    library.close()
    first = run_copydesk(
        path,
        "export",
        "--out",
        str(tmp_path / "one"),
        "--site-url",
        "https://news.example",
        "--site-name",
        "Desk Daily",
        "--site-description",
        "All the news.",
        "--site-language",
        "en-GB",
    )
    assert first.returncode == 0, first.stderr
    second = run_copydesk(path, "export", "--out", str(tmp_path / "two"))
    assert second.returncode == 0, second.stderr
    head = head_of(tmp_path / "two" / "index.html")
    assert head.one("description") == "All the news."
    assert head.one("og:site_name") == "Desk Daily"
    assert [link["href"] for link in head.links if link["rel"] == "canonical"] == ["https://news.example/"]
    assert 'lang="en-GB"' in (tmp_path / "two" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "two" / SITEMAP_FILE).is_file()


def test_a_site_url_that_is_not_an_address_is_refused_in_one_sentence(newsroom, library, tmp_path):
    path = library.path
    library.close()
    result = run_copydesk(path, "export", "--out", str(tmp_path / "one"), "--site-url", "news.example")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "site URL" in result.stderr and "https://" in result.stderr
    assert not (tmp_path / "one").exists()
