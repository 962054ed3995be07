"""Listing pages of an exported site: the front page, section pages and tag pages.

The renderer draws them (`render_listing`, `render_index_page`), with the same templates,
stylesheet and Content-Security-Policy as article pages. A listing's key hashes the
renderer version, the page's place and title, and for each article it lists the article's
link and a digest of every field except the body and the editor's note, plus its lead
photo: so a listing is redrawn exactly when an article it shows changed (or joined or
left it), and drawing is skipped otherwise, which keeps a re-export fast.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor_app.model import Article, Photo, Placement

from .manifest import content_key
from .writer import FileOutput

LISTING_FORMAT_VERSION = 1
_NOT_SHOWN_IN_LISTINGS = ("body", "editor_note")


def lead_of(placed: list[tuple[Placement, Photo]]):
    """The lead photo as the renderer shows it in a listing thumbnail (the first lead by position)."""
    from editor_app.render import PlacedPhoto

    leads = sorted((p for p in placed if p[0].role == "lead"), key=lambda p: (p[0].position, p[0].id))
    return PlacedPhoto(*leads[0]) if leads else None


@dataclass(frozen=True)
class PlannedEntry:
    """One article in listings: the renderer's entry and the digest of what it may show."""

    entry: object  # editor_app.render.ListingEntry
    digest: str


def planned_entry(article: Article, path: str, placed: list[tuple[Placement, Photo]]) -> PlannedEntry:
    from editor_app.render import ListingEntry

    lead = lead_of(placed)
    fields = {k: v for k, v in vars(article).items() if k not in _NOT_SHOWN_IN_LISTINGS}
    lead_inputs = None
    if lead is not None:
        photo = {k: v for k, v in vars(lead.photo).items() if k != "embedded"}
        lead_inputs = [vars(lead.placement), photo]
    return PlannedEntry(ListingEntry(article, path, lead), content_key(path, fields, lead_inputs))


def listing_output(path: str, title: str, entries: list[PlannedEntry], site, *, kind: str, feeds=()) -> FileOutput:
    """A listing page as a planned file, drawn only when its key changed; `feeds` are the
    page's own (a section's), announced beside the site's."""
    from editor_app.render import RENDERER_VERSION

    root = "../" * path.count("/")
    key = content_key(
        "listing",
        LISTING_FORMAT_VERSION,
        RENDERER_VERSION,
        path,
        title,
        kind,
        [site.name, site.home_href, site.language, site.base_url, site.description],
        [vars(feed) for feed in (*site.feeds, *feeds)],
        [e.digest for e in entries],
    )
    return FileOutput(path, key, make=lambda: _draw(path, title, [e.entry for e in entries], root, site, kind, feeds))


def _draw(path: str, title: str, entries: list, root: str, site, kind: str, feeds) -> bytes:
    from editor_app.render import render_index_page, render_listing

    if kind == "index":
        return render_index_page(entries, root=root, site=site, path=path).encode("utf-8")
    return render_listing(title, entries, root=root, site=site, heading_kind=kind, path=path, feeds=feeds).encode(
        "utf-8"
    )
