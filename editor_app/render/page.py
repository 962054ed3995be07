"""Whole pages: an article, a section or tag listing, the site's index.

The preview pane and the exporters both call these, so what an editor sees is
what a reader gets. Pages link only to files inside the export (`root` is the
relative path from the page to the export root) and carry a Content-Security-
Policy that forbids everything else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from html.parser import HTMLParser
from types import MappingProxyType

import jinja2
from markupsafe import Markup

from editor_app.model import Article
from editor_app.render.body import figure_html, render_body_parts
from editor_app.render.language import normalized_language, text_direction
from editor_app.render.photos import PlacedPhoto, Rendition, rendition_url, renditions
from editor_app.render.resources import SITE_ICONS, STYLESHEET_NAME, templates_dir

RENDERER_VERSION = "4"
"""Part of the cache key for rendered HTML: bump whenever the output for the same input changes."""

# No script may run (script-src falls back to 'none'), so connect-src 'self' opens nothing to
# the page itself; it lets tools that fetch in the page's context read the site's own files,
# as Lighthouse does for robots.txt (DevTools' Network.loadNetworkResource obeys connect-src).
CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; style-src 'self'; connect-src 'self'"
STYLESHEET_HREF = f"assets/{STYLESHEET_NAME}"

_ROOT = re.compile(r"(?:\.\./)*")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BYLINE_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
_AUTHOR_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
# Search engines show about this many characters of a description; longer is cut.
DESCRIPTION_LENGTH = 155
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _check_root(root: str) -> None:
    if not _ROOT.fullmatch(root):
        raise ValueError(f"root must be empty or a run of '../', not {root!r}")


def _check_relative_href(href: str) -> str:
    """Hrefs handed in by the exporter stay inside the export: relative, no scheme."""
    if _SCHEME.match(href) or href.startswith(("/", "\\")) or "\\" in href:
        raise ValueError(f"page links must be relative to the export root, not {href!r}")
    return href


@dataclass(frozen=True)
class FeedLink:
    """A feed a page announces with `<link rel="alternate">`; href relative to the export root."""

    href: str
    media_type: str  # application/atom+xml, application/rss+xml, application/feed+json
    title: str

    def __post_init__(self) -> None:
        _check_relative_href(self.href)


@dataclass(frozen=True)
class SiteContext:
    """What a page of an exported site knows about the rest of the site.

    Hrefs are relative to the export root (the page's `root` is prefixed);
    plain mappings rather than callables, so a context can be sent to worker
    processes. Without a site, breadcrumbs and tags are plain text.
    """

    name: str
    home_href: str = "index.html"
    section_hrefs: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    tag_hrefs: Mapping[str, str] = field(default_factory=dict)
    base_url: str = ""
    """Absolute URL of the published site (canonical links, social cards, JSON-LD); empty when unknown."""
    language: str = "en"
    description: str = ""
    """The site's description: the meta description of its listings."""
    feeds: tuple[FeedLink, ...] = ()
    """The site-wide feeds every page announces."""

    def __post_init__(self) -> None:
        _check_relative_href(self.home_href)
        for href in (*self.section_hrefs.values(), *self.tag_hrefs.values()):
            _check_relative_href(href)
        if self.base_url and not self.base_url.startswith(("https://", "http://")):
            raise ValueError(f"base_url must be an http(s) URL, not {self.base_url!r}")
        object.__setattr__(self, "section_hrefs", MappingProxyType(dict(self.section_hrefs)))
        object.__setattr__(self, "tag_hrefs", MappingProxyType(dict(self.tag_hrefs)))
        object.__setattr__(self, "feeds", tuple(self.feeds))

    def __reduce__(self):
        return (
            SiteContext,
            (
                self.name,
                self.home_href,
                dict(self.section_hrefs),
                dict(self.tag_hrefs),
                self.base_url,
                self.language,
                self.description,
                self.feeds,
            ),
        )

    def absolute(self, path: str) -> str | None:
        """The public URL of a file of the export (index.html dropped), or None without a site URL."""
        if not self.base_url:
            return None
        return self.base_url.rstrip("/") + "/" + public_path(path)


@dataclass(frozen=True)
class RenderedArticle:
    html: str
    """The full page."""
    body_html: str
    """The sanitized body fragment alone."""
    title: str
    warnings: tuple[str, ...]
    """Problems an editor should fix, such as a reference to a missing placement."""
    renditions: tuple[Rendition, ...]
    """Every photo file the page refers to, for the exporter to write under `photos/`."""


@dataclass(frozen=True)
class ListingEntry:
    """One article in a listing, with the href of its page relative to the export root."""

    article: Article
    href: str
    lead: PlacedPhoto | None = None

    def __post_init__(self) -> None:
        _check_relative_href(self.href)


@dataclass(frozen=True)
class _Crumb:
    label: str
    href: str | None


@dataclass(frozen=True)
class _Tag:
    label: str
    href: str | None


@dataclass(frozen=True)
class _Thumbnail:
    src: str
    width: int
    height: int
    alt: str


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The Jinja environment, built once: it caches compiled templates."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def parse_timestamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _machine_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def display_date(moment: datetime, language: str) -> str:
    """English gets "27 November 2025, 14:05 UTC"; other languages the unambiguous ISO form."""
    if normalized_language(language).split("-")[0] == "en":
        return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _page_time(article: Article) -> tuple[str, str] | None:
    """`(datetime attribute, text)` for the article's publication (else last update) time."""
    moment = parse_timestamp(article.published_at) or parse_timestamp(article.updated_at)
    if moment is None:
        return None
    return _machine_time(moment), display_date(moment, article.language)


def _crumbs(article: Article, site: SiteContext | None, root: str) -> list[_Crumb]:
    crumbs = []
    parts = article.section_parts
    for depth in range(1, len(parts) + 1):
        href = site.section_hrefs.get(parts[:depth]) if site else None
        crumbs.append(_Crumb(parts[depth - 1], root + href if href else None))
    return crumbs


def _tags(tags: Sequence[str], site: SiteContext | None, root: str) -> list[_Tag]:
    result = []
    for tag in tags:
        href = site.tag_hrefs.get(tag) if site else None
        result.append(_Tag(tag, root + href if href else None))
    return result


def _authors(byline: str, language: str) -> list[str]:
    """Names from a byline ("By Jane Roe and Ali Rezaei" -> two names), English bylines only."""
    byline = byline.strip()
    if not byline:
        return []
    if normalized_language(language).split("-")[0] != "en":
        return [byline]
    names = _AUTHOR_SEPARATOR.split(_BYLINE_PREFIX.sub("", byline))
    return [name.strip() for name in names if name.strip()]


def json_for_script(data: object) -> Markup:
    """JSON that cannot end its `<script>` element or open a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


def _absolute(url: str, site: SiteContext | None, root: str) -> str:
    """The URL for JSON-LD: absolute when the site's address is known, else as the page has it."""
    if site and site.base_url:
        return site.base_url.rstrip("/") + "/" + url[len(root) :]
    return url


def _json_ld(
    article: Article,
    images: Sequence[PlacedPhoto],
    site: SiteContext | None,
    root: str,
) -> Markup:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
    }
    if article.standfirst:
        data["description"] = article.standfirst
    authors = _authors(article.byline, article.language)
    if authors:
        data["author"] = [{"@type": "Person", "name": name} for name in authors]
    published = parse_timestamp(article.published_at)
    modified = parse_timestamp(article.updated_at)
    if published:
        data["datePublished"] = _machine_time(published)
    if modified:
        data["dateModified"] = _machine_time(modified)
    if article.section_parts:
        data["articleSection"] = " / ".join(article.section_parts)
    if article.tags:
        data["keywords"] = list(article.tags)
    data["inLanguage"] = normalized_language(article.language)
    if images:
        data["image"] = [_absolute(rendition_url(share_rendition(placed), root), site, root) for placed in images]
    if article.word_count:
        data["wordCount"] = article.word_count
    if site:
        data["publisher"] = {"@type": "Organization", "name": site.name}
    return json_for_script(data)


def _lead_and_inline(
    placements: Sequence[PlacedPhoto],
) -> tuple[PlacedPhoto | None, dict[int, PlacedPhoto], list[str]]:
    """The lead photo (the first by position) and the photos the body may place."""
    ordered = sorted(placements, key=lambda placed: (placed.placement.position, placed.id))
    leads = [placed for placed in ordered if placed.is_lead]
    warnings = []
    if len(leads) > 1:
        warnings.append(
            f"The article has {len(leads)} lead photos; placement {leads[0].id} is shown, "
            "the others can be placed in the body."
        )
    lead = leads[0] if leads else None
    inline = {placed.id: placed for placed in ordered if placed is not lead}
    return lead, inline, warnings


def share_rendition(placed: PlacedPhoto) -> Rendition:
    """The rendition social cards, JSON-LD and feeds show: the largest (cards ask for 1200 pixels or more)."""
    return renditions(placed)[-1]


def public_path(path: str) -> str:
    """A file's path as its public URL path: percent-encoded, a folder's index.html dropped."""
    from urllib.parse import quote

    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return quote(path, safe="/")


class _FirstParagraph(HTMLParser):
    """The text of the first `<p>` of a sanitized body."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, _attrs):
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.done = self.done or (self.depth == 0 and bool("".join(self.parts).strip()))

    def handle_data(self, data):
        if self.depth and not self.done:
            self.parts.append(data)


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters (an ellipsis marks the cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.\u2013\u2014-") + "\u2026"


def page_description(article: Article, body_html: str) -> str:
    """The meta description: the standfirst, else the first paragraph, else the headline."""
    if article.standfirst.strip():
        return shorten(article.standfirst)
    parser = _FirstParagraph()
    parser.feed(body_html)
    parser.close()
    return shorten("".join(parser.parts)) or shorten(article.headline)


@dataclass(frozen=True)
class _ShareImage:
    url: str
    width: int
    height: int
    alt: str


def _share_image(lead: PlacedPhoto | None, site: SiteContext | None, root: str) -> _ShareImage | None:
    """The lead photo as social cards show it: its largest rendition, absolute when the site URL is known."""
    if lead is None:
        return None
    rendition = share_rendition(lead)
    url = rendition_url(rendition, "")
    absolute = site.absolute(url) if site else None
    return _ShareImage(
        absolute or root + url, rendition.width, rendition.height, lead.placement.alt_text or lead.photo.alt_text
    )


def _head_links(root: str, site: SiteContext | None, path: str | None, feeds: Sequence[FeedLink] = ()) -> dict:
    """What every page's head links to: icons, its canonical address, the feeds."""
    canonical = site.absolute(path) if site and path is not None else None
    announced = [*(site.feeds if site else ()), *feeds]
    return {
        "root": root,
        "icons": SITE_ICONS,
        "canonical": canonical,
        "feeds": [{"href": root + feed.href, "type": feed.media_type, "title": feed.title} for feed in announced],
    }


def _page_title(title: str, site: SiteContext | None) -> str:
    return f"{title} \u2014 {site.name}" if site and site.name else title


def render_article(
    article: Article,
    placements: Sequence[PlacedPhoto],
    *,
    root: str = "",
    site: SiteContext | None = None,
    path: str | None = None,
    source_lines: bool = False,
) -> RenderedArticle:
    """The article page: breadcrumb, headline, standfirst, byline, dateline and time,
    lead photo, body, tags, JSON-LD, social cards. The editor's note is never rendered.

    `path` is where the page goes, relative to the export root: with the site's URL it
    gives the canonical address. `source_lines` is the preview's: the body's top-level
    elements carry the line they start on (`data-source-line`); exports never ask.

    Raises a `RenderError` subclass when the body is outside the renderer's limits.
    """
    _check_root(root)
    lead, inline, warnings = _lead_and_inline(placements)
    body = render_body_parts(
        article.body,
        language=article.language,
        placements=inline,
        root=root,
        lead_ids=(lead.id,) if lead else (),
        source_lines=source_lines,
    )
    warnings.extend(body.warnings)
    used = [inline[placement_id] for placement_id in dict.fromkeys(body.used_placement_ids)]
    for placed in inline.values():
        if placed.id not in body.used_placement_ids:
            warnings.append(
                f"Photo placement {placed.id} is not placed in the body; "
                f"add ![](placement:{placed.id}) on its own line to show it."
            )
    shown = ([lead] if lead else []) + used
    page_renditions = tuple(r for placed in shown for r in renditions(placed))
    title = article.headline.strip() or "Untitled"
    language = normalized_language(article.language)
    published = parse_timestamp(article.published_at)
    modified = parse_timestamp(article.updated_at)
    html = (
        _environment()
        .get_template("article.html")
        .render(
            lang=language,
            dir=text_direction(article.language),
            title=_page_title(title, site),
            description=page_description(article, body.html),
            **_head_links(root, site, path),
            share_image=_share_image(lead, site, root),
            og_type="article",
            heading=title,
            published_time=_machine_time(published) if published else None,
            modified_time=_machine_time(modified) if modified else None,
            section_name=" / ".join(article.section_parts),
            tag_names=list(article.tags),
            csp=CONTENT_SECURITY_POLICY,
            stylesheet_href=root + STYLESHEET_HREF,
            renderer_version=RENDERER_VERSION,
            json_ld=_json_ld(article, shown, site, root),
            site=site,
            home_href=root + site.home_href if site else None,
            crumbs=_crumbs(article, site, root),
            headline=title,
            standfirst=article.standfirst.strip(),
            byline=article.byline.strip(),
            dateline=article.dateline.strip(),
            time=_page_time(article),
            lead_figure=(Markup(figure_html(lead, root, css_class="photo lead", lazy=False)) if lead else None),
            body=Markup(body.html),
            tags=_tags(article.tags, site, root),
        )
    )
    return RenderedArticle(
        html=html,
        body_html=body.html,
        title=title,
        warnings=tuple(warnings),
        renditions=page_renditions,
    )


def _thumbnail(lead: PlacedPhoto | None, root: str) -> _Thumbnail | None:
    if lead is None:
        return None
    smallest = renditions(lead)[0]
    return _Thumbnail(
        src=rendition_url(smallest, root),
        width=smallest.width,
        height=smallest.height,
        alt=lead.placement.alt_text or lead.photo.alt_text,
    )


def listing_renditions(entries: Sequence[ListingEntry]) -> tuple[Rendition, ...]:
    """The thumbnail files a listing refers to, for the exporter to write."""
    return tuple(renditions(entry.lead)[0] for entry in entries if entry.lead is not None)


def render_listing(
    title: str,
    entries: Sequence[ListingEntry],
    *,
    root: str = "",
    site: SiteContext | None = None,
    heading_kind: str = "section",
    language: str | None = None,
    path: str | None = None,
    feeds: Sequence[FeedLink] = (),
) -> str:
    """A page listing articles in the order given (the exporter sorts, newest first).

    Each entry shows its headline linked to `root + entry.href`, standfirst,
    byline, date, section and, when `entry.lead` is set, the smallest rendition
    of the lead photo as a thumbnail (see `listing_renditions`). `heading_kind`
    ("index", "section" or "tag") labels the page for styles and readers.
    """
    _check_root(root)
    if heading_kind not in ("index", "section", "tag"):
        raise ValueError(f"heading_kind must be index, section or tag, not {heading_kind!r}")
    page_language = normalized_language(language or (site.language if site else "en"))
    items = [_listing_item_html(entry, root, page_language) for entry in entries]
    return (
        _environment()
        .get_template("listing.html")
        .render(
            lang=page_language,
            dir=text_direction(page_language),
            title=_page_title(title, site) if heading_kind != "index" else title,
            description=listing_description(title, site, heading_kind),
            og_type="website",
            share_image=None,
            **_head_links(root, site, path, feeds),
            heading=title,
            heading_kind=heading_kind,
            csp=CONTENT_SECURITY_POLICY,
            stylesheet_href=root + STYLESHEET_HREF,
            renderer_version=RENDERER_VERSION,
            site=site,
            home_href=root + site.home_href if site else None,
            items=items,
        )
    )


def listing_description(title: str, site: SiteContext | None, heading_kind: str) -> str:
    """A listing's meta description: the site's description, else a sentence naming the page."""
    if site and site.description.strip():
        return shorten(site.description)
    name = site.name if site and site.name else "Copydesk"
    if heading_kind == "index":
        return shorten(f"The latest articles from {name}.")
    return shorten(f"Articles {'in' if heading_kind == 'section' else 'tagged'} {title} from {name}.")


@lru_cache(maxsize=8192)
def _listing_item_html(entry: ListingEntry, root: str, page_language: str) -> Markup:
    """One listing entry's HTML. An article shows on the index, its section pages and its
    tag pages (about six listings each in a site export): drawing the entry once per link
    prefix halves the time spent on listings. Entries are frozen values, so a changed
    article is a different key."""
    article = entry.article
    article_language = normalized_language(article.language)
    item = {
        "href": root + entry.href,
        "headline": article.headline.strip() or "Untitled",
        "standfirst": article.standfirst.strip(),
        "byline": article.byline.strip(),
        "section": " \u203a ".join(article.section_parts),
        "time": _page_time(article),
        "thumbnail": _thumbnail(entry.lead, root),
        "lang": article_language if article_language != page_language else None,
        "dir": text_direction(article.language),
    }
    return Markup(_environment().get_template("listing_item.html").render(item=item))


def render_index_page(
    entries: Sequence[ListingEntry],
    *,
    root: str = "",
    site: SiteContext | None = None,
    path: str | None = "index.html",
) -> str:
    """The site's front page: every entry given, in order, under the site's name."""
    title = site.name if site and site.name else "Copydesk"
    return render_listing(title, entries, root=root, site=site, heading_kind="index", path=path)
