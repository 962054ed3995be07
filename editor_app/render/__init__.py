"""Markdown articles to sanitized HTML pages: the one renderer behind the preview and the export.

Headless (no Qt). The preview renders `render_article(...).html` with root ""
and the export folder's address as base URL; the exporters write the same
HTML, the files in `RenderedArticle.renditions` under `photos/`, and
`stylesheet_text()` as `assets/copydesk.css`.
"""

from editor_app.render.body import render_body
from editor_app.render.errors import (
    BodyTooComplexError,
    BodyTooDeeplyNestedError,
    BodyTooLargeError,
    RenderError,
)
from editor_app.render.language import quote_style, text_direction
from editor_app.render.page import (
    CONTENT_SECURITY_POLICY,
    RENDERER_VERSION,
    ListingEntry,
    RenderedArticle,
    SiteContext,
    listing_renditions,
    render_article,
    render_index_page,
    render_listing,
)
from editor_app.render.photos import (
    PHOTOS_FOLDER,
    RENDITION_FORMAT_VERSION,
    PlacedPhoto,
    Rendition,
    photo_filename,
    rendition_widths,
    renditions,
)
from editor_app.render.resources import stylesheet_path, stylesheet_text

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "PHOTOS_FOLDER",
    "RENDERER_VERSION",
    "RENDITION_FORMAT_VERSION",
    "BodyTooComplexError",
    "BodyTooDeeplyNestedError",
    "BodyTooLargeError",
    "ListingEntry",
    "PlacedPhoto",
    "RenderError",
    "RenderedArticle",
    "Rendition",
    "SiteContext",
    "listing_renditions",
    "photo_filename",
    "quote_style",
    "render_article",
    "render_body",
    "render_index_page",
    "render_listing",
    "rendition_widths",
    "renditions",
    "stylesheet_path",
    "stylesheet_text",
    "text_direction",
]
