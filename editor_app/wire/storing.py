"""A wire draft stored as an article with its photo slots, in one write."""

from __future__ import annotations

from editor_app.library.connections import writes
from editor_app.model import Article

from .parsing import WireDraft


class _WireWriter:
    """Runs the import on the library's writer thread (`@writes` needs `connections`), so
    the article, its slots and the body that places them are one transaction: a failure
    leaves no half-imported story behind."""

    def __init__(self, library):
        self.library = library
        self.connections = library.connections

    @writes
    def store(self, draft: WireDraft) -> Article:
        library = self.library
        article = library.create_article(draft.headline, **draft.article_fields())
        placement_ids = [
            library.add_photo_slot(
                article.id, caption=slot.caption, credit=slot.credit, alt_text=slot.alt_text, role=slot.role
            ).id
            for slot in draft.slots
        ]
        body = draft.body(placement_ids)
        if body:
            article = library.update_article(article.id, body=body)
        return article


def store_wire_draft(library, draft: WireDraft) -> Article:
    """Create the article `draft` describes, with a photo slot for each caption it found.

    Raises the library's InvalidFieldError when the body is beyond what the renderer
    accepts (the message names the limit)."""
    return _WireWriter(library).store(draft)
