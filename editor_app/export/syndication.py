"""Atom and RSS 2.0 feeds, sitemap.xml, the Google News sitemap and robots.txt.

XML is built with ElementTree (escaping is the library's business, not ours) and holds no
time but the articles' own: a feed's `updated` is its newest article's, so two exports of
the same library are the same bytes.

URLs are absolute when the site's address is known; otherwise they are relative to the
file that holds them (feed readers resolve them against the feed's own address).
Sitemaps need absolute addresses by protocol, so they are written only with a site URL.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from editor_app.model import Article
from editor_app.render.page import parse_timestamp as article_time

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM_FILE = "feed.atom"
RSS_FILE = "feed.rss"
SITEMAP_FILE = "sitemap.xml"
NEWS_SITEMAP_FILE = "sitemap-news.xml"
ROBOTS_FILE = "robots.txt"
# Google News reads articles published in the last two days from a news sitemap.
NEWS_WINDOW = timedelta(days=2)
# A feed with no articles still needs an `updated`: the earliest moment, not the clock.
EMPTY_FEED_TIME = datetime(1970, 1, 1, tzinfo=UTC)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

for prefix, namespace in (("atom", ATOM_NS), ("media", MEDIA_NS), ("content", CONTENT_NS), ("news", NEWS_NS)):
    ET.register_namespace(prefix, namespace)


@dataclass(frozen=True)
class FeedImage:
    url: str
    width: int
    height: int
    media_type: str
    length: int  # bytes, as RSS enclosures require
    alt: str


@dataclass(frozen=True)
class SyndicationEntry:
    article: Article
    link: str
    content_html: str
    image: FeedImage | None = None


@dataclass(frozen=True)
class FeedHeader:
    title: str
    description: str
    language: str
    home: str  # the page the feed belongs to
    self_link: str  # the feed's own address
    author: str


def _published(article: Article) -> datetime:
    return article_time(article.published_at) or article_time(article.created_at) or EMPTY_FEED_TIME


def _updated(article: Article) -> datetime:
    return article_time(article.updated_at) or _published(article)


def _rfc3339(moment: datetime) -> str:
    """UTC to the millisecond, as the library keeps it: two changes in one second still
    give two different `lastmod` and `updated` times."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def newest_update(articles: Sequence[Article]) -> datetime:
    return max((_updated(a) for a in articles), default=EMPTY_FEED_TIME)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _serialize(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _root(tag: str, namespace: str, **attributes: str) -> ET.Element:
    """A root element whose namespace is the default one: its children are written without
    a prefix (ElementTree's own default_namespace refuses attributes with no namespace)."""
    return ET.Element(tag, {"xmlns": namespace, **attributes})


def _media(parent: ET.Element, image: FeedImage) -> None:
    content = _sub(
        parent,
        f"{{{MEDIA_NS}}}content",
        url=image.url,
        type=image.media_type,
        medium="image",
        width=str(image.width),
        height=str(image.height),
    )
    if image.alt:
        _sub(content, f"{{{MEDIA_NS}}}description", image.alt)


def build_atom(header: FeedHeader, entries: Sequence[SyndicationEntry]) -> bytes:
    """An Atom 1.0 feed (RFC 4287) with each article's full content and lead photo."""
    a = ""  # Atom is the default namespace
    feed = _root("feed", ATOM_NS, **{XML_LANG: header.language})
    _sub(feed, f"{a}id", f"urn:copydesk:feed:{header.self_link}")
    _sub(feed, f"{a}title", header.title)
    if header.description:
        _sub(feed, f"{a}subtitle", header.description)
    _sub(feed, f"{a}updated", _rfc3339(newest_update([e.article for e in entries])))
    _sub(feed, f"{a}link", rel="self", type="application/atom+xml", href=header.self_link)
    _sub(feed, f"{a}link", rel="alternate", type="text/html", href=header.home)
    author = _sub(feed, f"{a}author")
    _sub(author, f"{a}name", header.author)
    _sub(feed, f"{a}generator", "Copydesk")
    for item in entries:
        article = item.article
        entry = _sub(feed, f"{a}entry")
        _sub(entry, f"{a}id", f"urn:uuid:{article.uuid}")
        _sub(entry, f"{a}title", article.headline or "Untitled")
        _sub(entry, f"{a}link", rel="alternate", type="text/html", href=item.link)
        _sub(entry, f"{a}published", _rfc3339(_published(article)))
        _sub(entry, f"{a}updated", _rfc3339(_updated(article)))
        if article.byline.strip():
            _sub(_sub(entry, f"{a}author"), f"{a}name", article.byline.strip())
        for tag in article.tags:
            _sub(entry, f"{a}category", term=tag)
        if article.standfirst.strip():
            _sub(entry, f"{a}summary", article.standfirst.strip())
        _sub(entry, f"{a}content", item.content_html, type="html")
        if item.image is not None:
            _sub(
                entry,
                f"{a}link",
                rel="enclosure",
                type=item.image.media_type,
                href=item.image.url,
                length=str(item.image.length),
            )
            _media(entry, item.image)
    return _serialize(feed)


def build_rss(header: FeedHeader, entries: Sequence[SyndicationEntry]) -> bytes:
    """An RSS 2.0 feed: content:encoded holds the full article, the lead photo is the enclosure."""
    rss = ET.Element("rss", version="2.0")
    channel = _sub(rss, "channel")
    _sub(channel, "title", header.title)
    _sub(channel, "link", header.home)
    _sub(channel, "description", header.description or header.title)
    _sub(channel, "language", header.language)
    _sub(channel, "generator", "Copydesk")
    _sub(channel, "lastBuildDate", format_datetime(newest_update([e.article for e in entries]), usegmt=True))
    _sub(channel, f"{{{ATOM_NS}}}link", rel="self", type="application/rss+xml", href=header.self_link)
    for item in entries:
        article = item.article
        element = _sub(channel, "item")
        _sub(element, "title", article.headline or "Untitled")
        _sub(element, "link", item.link)
        _sub(element, "guid", f"urn:uuid:{article.uuid}", isPermaLink="false")
        _sub(element, "pubDate", format_datetime(_published(article), usegmt=True))
        for tag in article.tags:
            _sub(element, "category", tag)
        _sub(element, "description", article.standfirst.strip() or article.headline)
        _sub(element, f"{{{CONTENT_NS}}}encoded", item.content_html)
        if item.image is not None:
            _sub(element, "enclosure", url=item.image.url, length=str(item.image.length), type=item.image.media_type)
            _media(element, item.image)
    return _serialize(rss)


def build_sitemap(urls: Sequence[tuple[str, datetime]]) -> bytes:
    """sitemap.xml: every page's absolute address with its last modification."""
    urlset = _root("urlset", SITEMAP_NS)
    for loc, lastmod in urls:
        url = _sub(urlset, "url")
        _sub(url, "loc", loc)
        _sub(url, "lastmod", _rfc3339(lastmod))
    return _serialize(urlset)


@dataclass(frozen=True)
class NewsEntry:
    loc: str
    title: str
    published: datetime
    language: str


def recent_news(articles: Sequence[Article], now: datetime) -> list[Article]:
    """The articles published in the news window before `now` (not after it: not yet news)."""
    recent = []
    for article in articles:
        published = article_time(article.published_at)
        if published is not None and now - NEWS_WINDOW <= published <= now:
            recent.append(article)
    return recent


def news_language(language: str) -> str:
    """Google News wants ISO 639 codes, with zh-cn and zh-tw as its two exceptions."""
    parts = language.lower().replace("_", "-").split("-")
    if parts[0] == "zh" and len(parts) > 1 and parts[-1] in ("cn", "tw"):
        return f"zh-{parts[-1]}"
    return parts[0] if re.fullmatch(r"[a-z]{2,3}", parts[0]) else "en"


def build_news_sitemap(publication: str, entries: Sequence[NewsEntry]) -> bytes:
    """A Google News sitemap: publication, publication date and title of each recent article."""
    s, n = "", f"{{{NEWS_NS}}}"  # the sitemap's namespace is the default one
    urlset = _root("urlset", SITEMAP_NS)
    for item in entries:
        url = _sub(urlset, f"{s}url")
        _sub(url, f"{s}loc", item.loc)
        news = _sub(url, f"{n}news")
        source = _sub(news, f"{n}publication")
        _sub(source, f"{n}name", publication)
        _sub(source, f"{n}language", news_language(item.language))
        _sub(news, f"{n}publication_date", _rfc3339(item.published))
        _sub(news, f"{n}title", item.title or "Untitled")
    return _serialize(urlset)


def build_robots(sitemaps: Sequence[str]) -> bytes:
    """robots.txt: everything may be crawled; the sitemaps are named when there are any."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemaps:
        lines.append("")
        lines.extend(f"Sitemap: {url}" for url in sitemaps)
    return ("\n".join(lines) + "\n").encode("utf-8")
