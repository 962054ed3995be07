"""Listing pages of an exported site: the front page, section pages and tag pages.

The renderer draws them (`render_listing`, `render_index_page`), with the same templates,
stylesheet and Content-Security-Policy as article pages. Listings are cheap to draw, so
instead of guessing which article fields a listing shows, each one is drawn on every
export and its key is the hash of its bytes: an unchanged listing is then reused exactly
when it would come out the same, and a changed headline rewrites only the listings that
show it.
"""

from __future__ import annotations

import hashlib

from editor_app.library.models import Article, Photo, Placement

from .writer import FileOutput


def lead_of(placed: list[tuple[Placement, Photo]]):
    """The lead photo as the renderer shows it in a listing thumbnail (the first lead by position)."""
    from editor_app.render import PlacedPhoto

    leads = sorted((p for p in placed if p[0].role == "lead"), key=lambda p: (p[0].position, p[0].id))
    return PlacedPhoto(*leads[0]) if leads else None


def listing_entry(article: Article, path: str, placed: list[tuple[Placement, Photo]]):
    from editor_app.render import ListingEntry

    return ListingEntry(article, path, lead_of(placed))


def listing_output(path: str, title: str, entries: list, site, *, kind: str) -> FileOutput:
    """A listing page as a planned file, keyed by its own content."""
    from editor_app.render import render_index_page, render_listing

    root = "../" * path.count("/")
    if kind == "index":
        html = render_index_page(entries, root=root, site=site)
    else:
        html = render_listing(title, entries, root=root, site=site, heading_kind=kind)
    data = html.encode("utf-8")
    return FileOutput(path, "content:" + hashlib.sha256(data).hexdigest(), data)
