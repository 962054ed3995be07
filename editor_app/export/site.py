"""The library as a static site, and one article as a folder.

Site layout (every link relative and ending in index.html, so it works from file://):

    index.html                          every exported article, newest first
    articles/<slug>/index.html          one page per article
    sections/<part>/<part>/index.html   one page per section path and each of its parents
    tags/<tag>/index.html               one page per tag
    photos/<content-addressed name>     renditions, shared by every page that shows them
    assets/copydesk.css                 the stylesheet
    icons/..., favicon.ico              the site's icons, linked from every page
    feed.json, feed.atom, feed.rss      the newest articles as JSON Feed 1.1, Atom and RSS 2.0
    sections/<part>/feed.atom|.rss      the same for each section
    robots.txt                          crawl everything (and where the sitemaps are)
    sitemap.xml, sitemap-news.xml       every page; articles of the last two days (site URL only)

Names come from `paths.SegmentAllocator`, asked in a stable order (article id, sorted
tags and sections) so the same library gives the same paths export after export.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote

from editor_app.model import Article, Photo, Placement
from editor_app.model.limits import body_refusal

from . import pages, syndication
from .errors import ArticleRefusedError
from .feed import FEED_FILE, FEED_ITEM_LIMIT, FeedItem, build_feed
from .jobs import ArticlePageJob, RenderedPage
from .manifest import content_key
from .paths import SegmentAllocator
from .progress import CancelCheck, ExportReport, ProgressCallback, SkippedArticle
from .site_settings import SiteSettings
from .writer import Exporter, ExportPlan, ExportSession, FileOutput, PageOutput, PhotoOutput

# Bump when the layout or the way files are made changes, so old files are not reused.
EXPORT_FORMAT_VERSION = 1
STYLESHEET_PATH = "assets/copydesk.css"
# The files that give a site's pages their absolute addresses: named in the report when
# there is no site URL, so the editor knows what setting one adds.
NEEDS_SITE_URL = (syndication.SITEMAP_FILE, syndication.NEWS_SITEMAP_FILE)


def publishable(article: Article) -> Article:
    """The article as it may leave the building: the editor's note is never exported."""
    return dataclasses.replace(article, editor_note="") if article.editor_note else article


def _page_inputs(article: Article, placed: list[tuple[Placement, Photo]]) -> dict:
    """What an article page is made from; its hash decides whether the page is rewritten."""
    fields = {k: v for k, v in vars(article).items() if k != "editor_note"}
    return {
        "article": fields,
        "placed": [
            {"placement": vars(placement), "photo": {k: v for k, v in vars(photo).items() if k != "embedded"}}
            for placement, photo in placed
        ],
    }


def refusal_of(article: Article) -> SkippedArticle | None:
    """The article as a skipped one when the renderer would refuse its body, else None.

    Asked while planning, so a refused article is left out of the listings and the feed
    as well as its own page: the site never links to a page it does not hold.
    """
    reason = body_refusal(article.body)
    if reason is None:
        return None
    return SkippedArticle(article.id, article.slug, article.headline, reason)


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.published_at or a.created_at, a.id), reverse=True)


class PhotoPlanner:
    """Collects renditions across articles; the same file is planned once.

    `folder` is where the files go ("photos", or an article's own "slug/photos" in the
    other formats); `largest_only` plans only the widest rendition, for formats that show
    one image where a page offers a srcset."""

    def __init__(self, folder: str = "photos", *, largest_only: bool = False):
        self.outputs: dict[int, PhotoOutput] = {}
        self._seen_paths: set[str] = set()
        self.folder = folder
        self.largest_only = largest_only

    def add(self, placement: Placement, photo: Photo) -> None:
        from editor_app.photos import rendition_key, rendition_metadata
        from editor_app.render import PlacedPhoto, photo_filename, rendition_widths

        placed = PlacedPhoto(placement, photo)
        meta = rendition_metadata(placement, photo)
        widths = rendition_widths(placed)
        for width in widths[-1:] if self.largest_only else widths:
            path = f"{self.folder}/{photo_filename(placed, width)}"
            if path in self._seen_paths:
                continue
            self._seen_paths.add(path)
            output = self.outputs.get(placement.id)
            if output is None:
                output = self.outputs[placement.id] = PhotoOutput(photo.id, {}, {}, placement, photo)
            # The renderer's name hashes the original, width and words; the photos package's
            # key also covers the words it writes that the name does not (headline, source).
            output.keys[path] = content_key(
                "photo", EXPORT_FORMAT_VERSION, path, rendition_key(photo.sha256, width, meta)
            )
            output.widths[path] = width


def _stylesheet_output() -> FileOutput:
    from editor_app.render import stylesheet_text

    data = stylesheet_text().encode("utf-8")
    return FileOutput(STYLESHEET_PATH, content_key("asset", data), data)


def _icon_outputs() -> list[FileOutput]:
    """The favicon and touch icons every page links to (a 404 in the console otherwise)."""
    from editor_app.render.resources import SITE_ICONS, site_icon_bytes

    outputs = []
    for icon in SITE_ICONS:
        data = site_icon_bytes(icon)
        outputs.append(FileOutput(icon.href, content_key("asset", icon.href, data), data))
    return outputs


def _site_feeds(name: str):
    """The site-wide feeds every page announces."""
    from editor_app.render.page import FeedLink

    return (
        FeedLink(syndication.ATOM_FILE, "application/atom+xml", f"{name} (Atom)"),
        FeedLink(syndication.RSS_FILE, "application/rss+xml", f"{name} (RSS)"),
        FeedLink(FEED_FILE, "application/feed+json", f"{name} (JSON Feed)"),
    )


def _section_feeds(listing_path: str, title: str) -> tuple:
    """A section's own feeds, beside its listing page."""
    from editor_app.render.page import FeedLink

    folder = listing_path.rsplit("/", 1)[0]
    return (
        FeedLink(f"{folder}/{syndication.ATOM_FILE}", "application/atom+xml", f"{title} (Atom)"),
        FeedLink(f"{folder}/{syndication.RSS_FILE}", "application/rss+xml", f"{title} (RSS)"),
    )


def _article_site(site, article: Article):
    """The site as one article page sees it: only its own section path and tags.

    Narrowing it keeps the page's key independent of the rest of the site, so a new
    tag on another article does not rewrite this page.
    """
    from editor_app.render import SiteContext

    parts = article.section_parts
    sections = (parts[:depth] for depth in range(1, len(parts) + 1))
    return SiteContext(
        name=site.name,
        home_href=site.home_href,
        section_hrefs={p: site.section_hrefs[p] for p in sections if p in site.section_hrefs},
        tag_hrefs={t: site.tag_hrefs[t] for t in article.tags if t in site.tag_hrefs},
        base_url=site.base_url,
        language=site.language,
        description=site.description,
        feeds=site.feeds,
    )


def _site_key(site) -> list:
    return [
        site.name,
        site.home_href,
        sorted(site.section_hrefs.items()),
        sorted(site.tag_hrefs.items()),
        site.language,
        site.base_url,
        site.description,
        [vars(feed) for feed in site.feeds],
    ]


class SiteExporter(Exporter):
    """Exports the articles matching the filters as a static site."""

    kind = "site"

    def __init__(
        self,
        library,
        *,
        section: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        title: str | None = None,
        article_ids: list[int] | None = None,
        settings: SiteSettings | None = None,
        now: datetime | None = None,
    ):
        """`settings` default to those the library remembers; `title` renames the site for
        this export. `now` dates the news sitemap's two-day window (the clock by default)."""
        super().__init__(library)
        self.section, self.status, self.tag = section, status, tag
        # Exactly these articles, as a preflight chose them; the filters are then not asked.
        self.article_ids = None if article_ids is None else sorted(set(article_ids))
        self.settings = (settings or SiteSettings.from_library(library)).with_changes(name=title)
        self.title = self.settings.name
        self.now = now or datetime.now(UTC)
        self._feed_articles: list[tuple[Article, str, str]] = []  # (article, page path, page key)
        self._feeds: list[_PlannedFeed] = []
        self._placed: dict[int, list] = {}

    def expected_pages(self) -> int:
        if self.article_ids is not None:
            return len(self.article_ids)
        return self.library.count_articles(section=self.section, status=self.status, tag=self.tag)

    def _chosen_ids(self) -> list[int]:
        if self.article_ids is not None:
            return self.article_ids
        summaries = self.library.list_articles(section=self.section, status=self.status, tag=self.tag, order="created")
        return [s.id for s in summaries]

    def plan(self) -> ExportPlan:
        from editor_app.render import RENDERER_VERSION, SiteContext

        articles, skipped = [], []
        for article_id in sorted(self._chosen_ids()):
            article = publishable(self.library.get_article(article_id))
            refusal = refusal_of(article)
            if refusal is None:
                articles.append(article)
            else:
                skipped.append(refusal)
        placed = {a.id: self.library.placed_photos(a.id) for a in articles}

        article_names = SegmentAllocator()
        article_paths = {
            a.id: f"articles/{article_names.claim(a.slug, f'article-{a.id}')}/index.html" for a in articles
        }
        section_paths = self._section_paths(articles)
        tag_paths = self._tag_paths(articles)
        settings = self.settings
        site = SiteContext(
            name=settings.name,
            home_href="index.html",
            section_hrefs=section_paths,
            tag_hrefs=tag_paths,
            base_url=settings.url,
            language=settings.language,
            description=settings.description,
            feeds=_site_feeds(settings.name),
        )

        plan = ExportPlan(articles=len(articles), skipped=skipped)
        plan.files.append(_stylesheet_output())
        plan.files.extend(_icon_outputs())
        self._placed = placed

        photos = PhotoPlanner()
        for article in articles:
            for placement, photo in placed[article.id]:
                photos.add(placement, photo)
        plan.photos = list(photos.outputs.values())

        for article in articles:
            path = article_paths[article.id]
            article_site = _article_site(site, article)
            inputs = _page_inputs(article, placed[article.id])
            key = content_key(
                "article", EXPORT_FORMAT_VERSION, RENDERER_VERSION, inputs, "../../", _site_key(article_site)
            )
            job = ArticlePageJob(path, article, tuple(placed[article.id]), "../../", article_site)
            plan.pages.append(PageOutput(key, job))

        ordered = newest_first(articles)
        entries = {a.id: pages.planned_entry(a, article_paths[a.id], placed[a.id]) for a in articles}
        page_keys = {page.job.path: page.key for page in plan.pages}
        feed_items = [(a, article_paths[a.id], page_keys[article_paths[a.id]]) for a in ordered]
        # Page addresses with their last change, for the sitemap.
        lastmods = {path: syndication.newest_update([a]) for a, path, _key in feed_items}
        lastmods["index.html"] = syndication.newest_update(ordered)
        plan.files.append(
            pages.listing_output("index.html", self.title, [entries[a.id] for a in ordered], site, kind="index")
        )
        self._feeds = [_PlannedFeed("", settings.name, settings.description, feed_items[:FEED_ITEM_LIMIT])]
        for parts, path in sorted(section_paths.items()):
            in_section = [a for a in ordered if a.section_parts[: len(parts)] == parts]
            title = " / ".join(parts)
            feeds = _section_feeds(path, title)
            plan.files.append(
                pages.listing_output(
                    path, title, [entries[a.id] for a in in_section], site, kind="section", feeds=feeds
                )
            )
            lastmods[path] = syndication.newest_update(in_section)
            member_ids = {a.id for a in in_section}
            members = [item for item in feed_items if item[0].id in member_ids][:FEED_ITEM_LIMIT]
            description = f"The latest articles in {title} from {settings.name}."
            self._feeds.append(
                _PlannedFeed(path.rsplit("/", 1)[0] + "/", f"{title} \u2014 {settings.name}", description, members)
            )
        for tag, path in sorted(tag_paths.items()):
            tagged = [a for a in ordered if tag in a.tags]
            plan.files.append(pages.listing_output(path, tag, [entries[a.id] for a in tagged], site, kind="tag"))
            lastmods[path] = syndication.newest_update(tagged)

        plan.files.extend(self._crawler_files(ordered, article_paths, lastmods, plan))
        self._feed_articles = feed_items[:FEED_ITEM_LIMIT]
        return plan

    def _crawler_files(self, ordered, article_paths, lastmods, plan) -> list[FileOutput]:
        """robots.txt, and with a site URL the sitemap and the Google News sitemap."""
        from editor_app.render.page import public_path

        base = self.settings.url
        outputs = []
        sitemaps = []
        if base:
            urls = [(base + public_path(path), moment) for path, moment in sorted(lastmods.items())]
            data = syndication.build_sitemap(urls)
            outputs.append(FileOutput(syndication.SITEMAP_FILE, content_key("sitemap", data), data))
            news = [
                syndication.NewsEntry(
                    base + public_path(article_paths[a.id]),
                    a.headline,
                    syndication.article_time(a.published_at),
                    a.language,
                )
                for a in syndication.recent_news(ordered, self.now)
            ]
            data = syndication.build_news_sitemap(self.settings.name, news)
            outputs.append(FileOutput(syndication.NEWS_SITEMAP_FILE, content_key("news-sitemap", data), data))
            sitemaps = [base + syndication.SITEMAP_FILE, base + syndication.NEWS_SITEMAP_FILE]
        else:
            plan.notes.append(
                f"No site URL is set, so {' and '.join(NEEDS_SITE_URL)} were not written and pages have no "
                "canonical address (they need the address the site is published at): set one with "
                "--site-url or in the Export dialog."
            )
        data = syndication.build_robots(sitemaps)
        outputs.append(FileOutput(syndication.ROBOTS_FILE, content_key("robots", data), data))
        return outputs

    def _section_paths(self, articles: list[Article]) -> dict[tuple[str, ...], str]:
        """sections/<part>/.../index.html for every section path and each of its parents."""
        prefixes = sorted(
            {a.section_parts[:depth] for a in articles for depth in range(1, len(a.section_parts) + 1)},
            key=lambda parts: (len(parts), [p.casefold() for p in parts], parts),
        )
        folders: dict[tuple[str, ...], str] = {(): "sections"}
        allocators: dict[tuple[str, ...], SegmentAllocator] = {}
        for parts in prefixes:
            allocator = allocators.setdefault(parts[:-1], SegmentAllocator())
            folders[parts] = f"{folders[parts[:-1]]}/{allocator.claim(parts[-1], 'section')}"
        return {parts: f"{folder}/index.html" for parts, folder in folders.items() if parts}

    def _tag_paths(self, articles: list[Article]) -> dict[str, str]:
        allocator = SegmentAllocator()
        tags = sorted({t for a in articles for t in a.tags}, key=lambda t: (t.casefold(), t))
        return {tag: f"tags/{allocator.claim(tag, 'tag')}/index.html" for tag in tags}

    # ------------------------------------------------------------------ the feeds

    def finish_count(self) -> int:
        return 1 + 2 * len(self._feeds)

    def finish(self, session: ExportSession, rendered: dict[str, RenderedPage]) -> Iterator[str]:
        """The feeds, which carry each article's full body: written after the pages, so a body
        comes from a page rendered now or from the previous export's copy of a reused page."""
        bodies = _FeedBodies(self.library, session, rendered)
        feed_key = [self.settings.url, self.settings.language, self.settings.description]
        key = content_key(
            "feed", EXPORT_FORMAT_VERSION, self.title, feed_key, [(a.uuid, p, k) for a, p, k in self._feed_articles]
        )
        if not session.reuse(FEED_FILE, key):
            items = [
                FeedItem(
                    article,
                    self._link(path, ""),
                    bodies.rebased(article, path, self._prefix("")),
                    self._image_url(article, ""),
                )
                for article, path, _key in self._feed_articles
            ]
            feed = build_feed(self.title, items, description=self.settings.description, language=self.settings.language)
            session.write(FEED_FILE, key, feed)
        yield FEED_FILE
        for feed in self._feeds:
            for name, build in (
                (syndication.ATOM_FILE, syndication.build_atom),
                (syndication.RSS_FILE, syndication.build_rss),
            ):
                path = feed.folder + name
                key = content_key(
                    name,
                    EXPORT_FORMAT_VERSION,
                    vars(self.settings),
                    feed.title,
                    feed.description,
                    [(a.uuid, p, k) for a, p, k in feed.items],
                )
                if not session.reuse(path, key):
                    session.write(path, key, build(self._feed_header(feed, name), self._entries(feed, session, bodies)))
                yield path

    def _prefix(self, folder: str) -> str:
        """How a file in `folder` reaches the export root: the site URL, else a relative path."""
        return self.settings.url or "../" * folder.count("/")

    def _link(self, path: str, folder: str) -> str:
        from editor_app.render.page import public_path

        if self.settings.url:
            return self.settings.url + public_path(path)
        return self._prefix(folder) + quote(path, safe="/")  # index.html kept: it works from a folder

    def _feed_header(self, feed: _PlannedFeed, name: str) -> syndication.FeedHeader:
        home = feed.folder + "index.html"
        return syndication.FeedHeader(
            title=feed.title,
            description=feed.description,
            language=self.settings.language,
            home=self._link(home, feed.folder),
            self_link=(self.settings.url + quote(feed.folder + name, safe="/")) if self.settings.url else name,
            author=self.settings.name,
        )

    def _image(self, article: Article, folder: str, session: ExportSession) -> syndication.FeedImage | None:
        from editor_app.render.page import share_rendition

        lead = pages.lead_of(self._placed.get(article.id, []))
        if lead is None:
            return None
        rendition = share_rendition(lead)
        path = f"photos/{rendition.filename}"
        written = session.manifest.files.get(path)
        return syndication.FeedImage(
            url=self._prefix(folder) + quote(path, safe="/"),
            width=rendition.width,
            height=rendition.height,
            media_type=mimetypes.guess_type(path)[0] or "image/jpeg",
            length=written.size if written is not None else 0,
            alt=lead.placement.alt_text or lead.photo.alt_text,
        )

    def _image_url(self, article: Article, folder: str) -> str | None:
        from editor_app.render.page import share_rendition

        lead = pages.lead_of(self._placed.get(article.id, []))
        if lead is None:
            return None
        return self._prefix(folder) + quote(f"photos/{share_rendition(lead).filename}", safe="/")

    def _entries(self, feed: _PlannedFeed, session: ExportSession, bodies: _FeedBodies) -> list:
        return [
            syndication.SyndicationEntry(
                article,
                self._link(path, feed.folder),
                bodies.rebased(article, path, self._prefix(feed.folder)),
                self._image(article, feed.folder, session),
            )
            for article, path, _key in feed.items
        ]


@dataclasses.dataclass(frozen=True)
class _PlannedFeed:
    folder: str  # "" for the site's feeds, "sections/news/" for a section's
    title: str
    description: str
    items: list  # (article, page path, page key), newest first


# Marks around the body in an article page (resources/templates/article.html); sanitized
# bodies hold no comments, so these can only be the template's.
BODY_START, BODY_END = "<!-- body -->\n", "\n<!-- /body -->"
ARTICLE_PAGE_ROOT = "../../"


def page_body(html: bytes) -> str | None:
    """The body of an exported article page, as the renderer made it; None if not found."""
    text = html.decode("utf-8", errors="replace")
    start, end = text.find(BODY_START), text.rfind(BODY_END)
    if start < 0 or end < start:
        return None
    return text[start + len(BODY_START) : end]


class _FeedBodies:
    """Article bodies for the feeds, rendered once per export at most.

    A page rendered in this export gives its body; a page reused from the previous export
    is that export's file, byte for byte, so its body is read back from it. Only a page
    found in neither (an export made by an older Copydesk) is rendered again.
    """

    def __init__(self, library, session: ExportSession, rendered: dict[str, RenderedPage]):
        self.library = library
        self.session = session
        self.rendered = rendered
        self._bodies: dict[str, str] = {}

    def body(self, article: Article, path: str) -> str:
        if path not in self._bodies:
            page = self.rendered.get(path)
            if page is not None:
                body = page.body_html
            else:
                previous = self.session.read_previous(path)
                body = page_body(previous) if previous is not None else None
            if body is None:
                from .jobs import render_pages

                job = ArticlePageJob(path, article, tuple(self.library.placed_photos(article.id)), ARTICLE_PAGE_ROOT)
                body = render_pages([job])[0].body_html
            self._bodies[path] = body
        return self._bodies[path]

    def rebased(self, article: Article, path: str, prefix: str) -> str:
        return rebase_photo_urls(self.body(article, path), ARTICLE_PAGE_ROOT, prefix)


_PHOTO_TAG = re.compile(r"<(?:img|source)\b[^>]*>")
_URL_ATTRIBUTE = re.compile(r'\b(src|srcset)="([^"]*)"')


def rebase_photo_urls(body_html: str, old_prefix: str, new_prefix: str) -> str:
    """Photo sources of a body rewritten from one page's place to another's (or to absolute
    URLs). Only `src` and `srcset` inside img and source tags change, never the text."""
    old = old_prefix + "photos/"
    new = new_prefix + "photos/"

    def attribute(match: re.Match) -> str:
        name, value = match.groups()
        if name == "src":
            value = new + value[len(old) :] if value.startswith(old) else value
        else:
            candidates = [c.strip() for c in value.split(",")]
            value = ", ".join(new + c[len(old) :] if c.startswith(old) else c for c in candidates)
        return f'{name}="{value}"'

    return _PHOTO_TAG.sub(lambda tag: _URL_ATTRIBUTE.sub(attribute, tag.group(0)), body_html)


class ArticleExporter(Exporter):
    """One article as a folder: index.html, its photos and the stylesheet."""

    kind = "article"

    def __init__(self, library, article: Article | int | str):
        super().__init__(library)
        self.article = publishable(article if isinstance(article, Article) else library.get_article(article))

    def render(self) -> str:
        """The page as it would be exported (what `copydesk render` prints).

        Raises ArticleRefusedError, as exporting it would, when the body is refused."""
        from .jobs import render_pages

        self._refuse_unrenderable()
        placed = tuple(self.library.placed_photos(self.article.id))
        return render_pages([ArticlePageJob("index.html", self.article, placed, "")])[0].html.decode("utf-8")

    def _refuse_unrenderable(self) -> None:
        refusal = refusal_of(self.article)
        if refusal is not None:
            raise ArticleRefusedError(f"Cannot render {refusal.describe()}")

    def plan(self) -> ExportPlan:
        from editor_app.render import RENDERER_VERSION

        self._refuse_unrenderable()
        placed = self.library.placed_photos(self.article.id)
        plan = ExportPlan(articles=1)
        plan.files.append(_stylesheet_output())
        plan.files.extend(_icon_outputs())
        photos = PhotoPlanner()
        for placement, photo in placed:
            photos.add(placement, photo)
        plan.photos = list(photos.outputs.values())
        inputs = _page_inputs(self.article, placed)
        key = content_key("article", EXPORT_FORMAT_VERSION, RENDERER_VERSION, inputs, "", None)
        plan.pages.append(PageOutput(key, ArticlePageJob("index.html", self.article, tuple(placed), "")))
        return plan


def export_site(
    library,
    out_dir: os.PathLike | str,
    *,
    section: str | None = None,
    status: str | None = None,
    tag: str | None = None,
    title: str | None = None,
    article_ids: list[int] | None = None,
    settings: SiteSettings | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ExportReport:
    """Export the articles matching the filters (or exactly `article_ids`) as a static site.

    Atomic (the folder holds the old export or the new one, never a mix) and incremental
    (unchanged files are kept as they are). Raises ExportCancelled when `cancel` fires.
    This writes what it is given: the window and the CLI go through
    `preflight.export_checked`, which chooses the articles and stops on their errors.
    `settings` (the site's URL, name, description, language) default to what the library
    remembers; `title` renames the site for this export only.
    """
    exporter = SiteExporter(
        library, section=section, status=status, tag=tag, title=title, article_ids=article_ids, settings=settings
    )
    return exporter.write(out_dir, progress=progress, cancel=cancel)


def export_article(
    library,
    article: Article | int | str,
    out_dir: os.PathLike | str,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ExportReport:
    """Export one article as a folder that opens from disk in any browser."""
    return ArticleExporter(library, article).write(out_dir, progress=progress, cancel=cancel)
