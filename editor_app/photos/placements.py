"""Photo work for a placement (a photo used in an article), reading from the library.

The pure pieces live in ``renditions`` and ``captions``; this module only gathers their
inputs from the library: a placement's own caption, credit and alt text, and the photo's
creator and copyright, which do not change from one use to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from editor_app.library.desk import CAPTION_LENGTH_LIMIT, DATE_TOLERANCE_DAYS
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
    if placement.is_slot:
        raise ValueError(f"Photo placement {placement.id} is a slot waiting for its photo; there is nothing to render.")
    photo = library.get_photo(placement.photo_id)
    return render_rendition(
        library.photo_original(photo.id), width, rendition_metadata(placement, photo), name=photo.original_name
    )


def article_text(article) -> str:
    """Everything a reader sees of an article, as the caption checker searches it."""
    return f"{article.headline}\n{article.standfirst}\n{article.byline}\n{article.dateline}\n{article.body}"


def file_credit(photo: Photo | None) -> tuple[str, str, str]:
    """(credit, creator, source) as the photo's file said them at import (XMP, else IPTC, else EXIF)."""
    if photo is None:
        return "", "", ""
    embedded = photo.embedded or {}
    keys = ("credit", "creator", "source")
    said = dict.fromkeys(keys, "")
    for block in ("xmp", "iptc", "exif"):
        values = embedded.get(block) or {}
        for key in keys:
            value = values.get(key)
            if isinstance(value, list):
                value = "; ".join(str(v) for v in value if v)
            if value and not said[key]:
                said[key] = str(value).strip()
    return said["credit"], said["creator"], said["source"]


def placement_check(placement: Placement, photo: Photo | None) -> PlacementCheck:
    """What the caption checks need of one placement and its photo (None when it is gone,
    or when the placement is a slot that never had one: its caption is checked all the same)."""
    credit, creator, source = file_credit(photo)
    return PlacementCheck(
        placement.id, placement.caption, placement.credit, placement.alt_text,
        creator=photo.creator if photo is not None else "",
        file_credit=credit, file_creator=creator, file_source=source,
        taken_at=photo.taken_at if photo is not None else None,
        photo_missing=photo is None and not placement.is_slot,
        awaiting_photo=placement.is_slot,
    )  # fmt: skip


def desk_limits(library) -> dict:
    """The desk settings the checks use, from the library (defaults when never set)."""
    return {
        "caption_limit": int(library.get_setting(CAPTION_LENGTH_LIMIT.key, CAPTION_LENGTH_LIMIT.default)),
        "date_tolerance_days": int(library.get_setting(DATE_TOLERANCE_DAYS.key, DATE_TOLERANCE_DAYS.default)),
    }


def caption_problems(library, article_id: int | str) -> list[CaptionProblem]:
    """Problems with the captions, credits and alt texts of every photo in an article."""
    article = library.get_article(article_id)
    placed = library.placed_photos_of([article.id])[article.id]
    checks = [placement_check(placement, photo) for placement, photo in placed]
    return find_caption_problems(article_text(article), checks, **desk_limits(library))


@dataclass(frozen=True)
class ProblemCount:
    errors: int
    warnings: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings


def caption_problem_counts(library, article_ids: list[int]) -> dict[int, ProblemCount]:
    """Problem counts for a page of the library list: placements and photos in two queries,
    one more per article (its text). A few ms an article with three photos (225 ms for a page
    of 50 on the loaded 2-core machine): run it in a worker, not on the GUI thread."""
    placed = library.placed_photos_of(list(article_ids))
    limits = desk_limits(library)
    counts: dict[int, ProblemCount] = {}
    for article_id, pairs in placed.items():
        if not pairs:
            counts[article_id] = ProblemCount(0, 0)
            continue
        article = library.get_article(article_id)
        problems = find_caption_problems(
            article_text(article), [placement_check(p, photo) for p, photo in pairs], **limits
        )
        errors = sum(1 for problem in problems if problem.is_error)
        counts[article_id] = ProblemCount(errors, len(problems) - errors)
    return counts
