"""Photo work for a placement (a photo used in an article), reading from the library.

The pure pieces live in ``renditions`` and ``captions``; this module only gathers their
inputs from the library: a placement's own caption, credit and alt text, and the photo's
creator and copyright, which do not change from one use to the next.
"""

from __future__ import annotations

from editor_app.model import Photo, Placement
from editor_app.photos.captions import CaptionProblem, PlacementCheck, find_caption_problems
from editor_app.photos.renditions import Rendition, RenditionMetadata, render_rendition


def rendition_metadata(placement: Placement, photo: Photo) -> RenditionMetadata:
    """The words an exported copy carries for this use of the photo."""
    return RenditionMetadata(
        caption=placement.caption,
        creator=photo.creator,
        credit=placement.credit or photo.credit,
        copyright=photo.copyright,
        alt_text=placement.alt_text,
        headline=photo.headline,
        source=photo.source,
    )


def render_photo(library, placement: Placement | int, width: int) -> Rendition:
    """An export copy of a placed photo, ``width`` pixels wide at most."""
    if not isinstance(placement, Placement):
        placement = library.get_placement(placement)
    photo = library.get_photo(placement.photo_id)
    return render_rendition(
        library.photo_original(photo.id), width, rendition_metadata(placement, photo), name=photo.original_name
    )


def article_text(article) -> str:
    """Everything a reader sees of an article, as the caption checker searches it."""
    return f"{article.headline}\n{article.standfirst}\n{article.byline}\n{article.dateline}\n{article.body}"


def caption_problems(library, article_id: int | str) -> list[CaptionProblem]:
    """Problems with the captions, credits and alt texts of every photo in an article."""
    article = library.get_article(article_id)
    checks = [PlacementCheck(p.id, p.caption, p.credit, p.alt_text) for p in library.placements(article.id)]
    return find_caption_problems(article_text(article), checks)
