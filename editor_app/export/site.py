"""The library as a static site, and one article as a folder.

Site layout (every link relative and ending in index.html, so it works from file://):

    index.html                          every exported article, newest first
    articles/<slug>/index.html          one page per article
    sections/<part>/<part>/index.html   one page per section path and each of its parents
    tags/<tag>/index.html               one page per tag
    photos/<content-addressed name>     renditions, shared by every page that shows them
    assets/copydesk.css                 the stylesheet
    feed.json                           JSON Feed 1.1 of the newest articles

Names come from `paths.SegmentAllocator`, asked in a stable order (article id, sorted
tags and sections) so the same library gives the same paths export after export.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from urllib.parse import quote

from editor_app.model import Article, Photo, Placement
from editor_app.model.limits import body_refusal

from . import pages
from .errors import ArticleRefusedError
from .feed import FEED_FILE, FEED_ITEM_LIMIT, FeedItem, build_feed, feed_bodies
from .jobs import ArticlePageJob, RenderedPage
from .manifest import content_key
from .paths import SegmentAllocator
from .progress import CancelCheck, ExportReport, ProgressCallback, SkippedArticle
from .writer import Exporter, ExportPlan, ExportSession, FileOutput, PageOutput, PhotoOutput

# Bump when the layout or the way files are made changes, so old files are not reused.
EXPORT_FORMAT_VERSION = 1
STYLESHEET_PATH = "assets/copydesk.css"
DEFAULT_SITE_TITLE = "Copydesk"


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


class _PhotoPlanner:
    """Collects renditions across articles; the same file is planned once."""

    def __init__(self):
        self.outputs: dict[int, PhotoOutput] = {}
        self._seen_paths: set[str] = set()

    def add(self, placement: Placement, photo: Photo) -> None:
        from editor_app.photos import rendition_key, rendition_metadata
        from editor_app.render import PlacedPhoto, photo_filename, rendition_widths

        placed = PlacedPhoto(placement, photo)
        meta = rendition_metadata(placement, photo)
        for width in rendition_widths(placed):
            path = f"photos/{photo_filename(placed, width)}"
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
        language=site.language,
    )


def _site_key(site) -> list:
    return [
        site.name,
        site.home_href,
        sorted(site.section_hrefs.items()),
        sorted(site.tag_hrefs.items()),
        site.language,
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
        title: str = DEFAULT_SITE_TITLE,
        article_ids: list[int] | None = None,
    ):
        super().__init__(library)
        self.section, self.status, self.tag = section, status, tag
        # Exactly these articles, as a preflight chose them; the filters are then not asked.
        self.article_ids = None if article_ids is None else sorted(set(article_ids))
        self.title = title
        self._feed_articles: list[tuple[Article, str, str]] = []  # (article, page path, page key)

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
        site = SiteContext(name=self.title, home_href="index.html", section_hrefs=section_paths, tag_hrefs=tag_paths)

        plan = ExportPlan(articles=len(articles), skipped=skipped)
        plan.files.append(_stylesheet_output())

        photos = _PhotoPlanner()
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
        plan.files.append(
            pages.listing_output("index.html", self.title, [entries[a.id] for a in ordered], site, kind="index")
        )
        for parts, path in sorted(section_paths.items()):
            members = [entries[a.id] for a in ordered if a.section_parts[: len(parts)] == parts]
            plan.files.append(pages.listing_output(path, " / ".join(parts), members, site, kind="section"))
        for tag, path in sorted(tag_paths.items()):
            members = [entries[a.id] for a in ordered if tag in a.tags]
            plan.files.append(pages.listing_output(path, tag, members, site, kind="tag"))

        page_keys = {page.job.path: page.key for page in plan.pages}
        self._feed_articles = [
            (a, article_paths[a.id], page_keys[article_paths[a.id]]) for a in ordered[:FEED_ITEM_LIMIT]
        ]
        return plan

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

    # ------------------------------------------------------------------ the feed

    def finish_count(self) -> int:
        return 1

    def finish(self, session: ExportSession, rendered: dict[str, RenderedPage]) -> Iterator[str]:
        key = content_key(
            "feed", EXPORT_FORMAT_VERSION, self.title, [(a.uuid, p, k) for a, p, k in self._feed_articles]
        )
        if session.reuse(FEED_FILE, key):
            session.manifest.feed_bodies = {a.uuid: k for a, _p, k in self._feed_articles}
            yield FEED_FILE
            return
        old_bodies: dict[str, str] = {}
        previous_feed = session.read_previous(FEED_FILE)
        if previous_feed is not None:
            old_bodies = feed_bodies(previous_feed)
        items = []
        missing: list[ArticlePageJob] = []
        for article, path, page_key in self._feed_articles:
            if path in rendered:
                continue
            if session.previous.feed_bodies.get(article.uuid) == page_key and article.uuid in old_bodies:
                continue
            missing.append(ArticlePageJob(path, article, tuple(self.library.placed_photos(article.id)), "../../"))
        from .jobs import render_pages

        bodies_rendered = {page.path: page for page in render_pages(missing)} if missing else {}
        for article, path, page_key in self._feed_articles:
            page = rendered.get(path) or bodies_rendered.get(path)
            body = feed_body(page.body_html, "../../") if page is not None else old_bodies[article.uuid]
            items.append(FeedItem(article, quote(path, safe="/"), body))
        session.write(FEED_FILE, key, build_feed(self.title, items))
        session.manifest.feed_bodies = {a.uuid: k for a, _p, k in self._feed_articles}
        yield FEED_FILE


def feed_body(body_html: str, page_root: str) -> str:
    """An article body with its photo sources made relative to the export root (the feed's place)."""
    if not page_root:
        return body_html
    for attribute in ('src="', 'srcset="', ", "):
        body_html = body_html.replace(f"{attribute}{page_root}photos/", f"{attribute}photos/")
    return body_html


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
        photos = _PhotoPlanner()
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
    title: str = DEFAULT_SITE_TITLE,
    article_ids: list[int] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ExportReport:
    """Export the articles matching the filters (or exactly `article_ids`) as a static site.

    Atomic (the folder holds the old export or the new one, never a mix) and incremental
    (unchanged files are kept as they are). Raises ExportCancelled when `cancel` fires.
    This writes what it is given: the window and the CLI go through
    `preflight.export_checked`, which chooses the articles and stops on their errors.
    """
    exporter = SiteExporter(library, section=section, status=status, tag=tag, title=title, article_ids=article_ids)
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
