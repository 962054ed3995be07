"""The site's JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

Without a site URL the feed carries no `home_page_url` or `feed_url`, and item URLs and
image sources are relative to the export folder: whoever publishes the folder gets a feed
that works where they put it. With one, they are absolute (see site.py). Atom and RSS are
in syndication.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from editor_app.model import Article

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_FILE = "feed.json"
# Newest items only: feed readers fetch the whole file on every poll.
FEED_ITEM_LIMIT = 50


@dataclass(frozen=True)
class FeedItem:
    article: Article
    url: str  # relative to the export root, e.g. "articles/budget/"
    content_html: str  # with image sources relative to the export root
    image: str | None = None


def build_feed(title: str, items: list[FeedItem], *, description: str = "", language: str | None = None) -> bytes:
    document: dict = {"version": JSON_FEED_VERSION, "title": title}
    if description:
        document["description"] = description
    if language:
        document["language"] = language
    document["items"] = [_item(item) for item in items]
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _item(item: FeedItem) -> dict:
    article = item.article
    entry: dict = {
        "id": f"urn:uuid:{article.uuid}",
        "url": item.url,
        "title": article.headline,
        "content_html": item.content_html,
    }
    if article.standfirst:
        entry["summary"] = article.standfirst
    if item.image:
        entry["image"] = item.image
    entry["date_published"] = article.published_at or article.created_at
    entry["date_modified"] = article.updated_at
    if article.byline:
        entry["authors"] = [{"name": article.byline}]
    if article.tags:
        entry["tags"] = list(article.tags)
    if article.language:
        entry["language"] = article.language
    return entry
