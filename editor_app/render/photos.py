"""Photos as the page uses them: which renditions exist and what their files are called.

The exporter writes rendition files under exactly the names `photo_filename`
returns, in the export's `photos/` folder, and the preview serves the same
names; the page only ever refers to those files.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from editor_app.model import Photo, Placement

# Bump when rendition files change for the same inputs (encoder settings, the
# metadata written into them), so that every cached or exported file name changes.
RENDITION_FORMAT_VERSION = 1
# Candidate widths for srcset; a photo never gets a rendition wider than itself.
RENDITION_WIDTHS = (480, 960, 1600)
PHOTOS_FOLDER = "photos"

_SLUG_LENGTH = 40


@dataclass(frozen=True)
class PlacedPhoto:
    """A placement with its photo: what one figure on the page needs."""

    placement: Placement
    photo: Photo

    def __post_init__(self) -> None:
        if self.placement.photo_id != self.photo.id:
            raise ValueError(
                f"placement {self.placement.id} uses photo {self.placement.photo_id}, not photo {self.photo.id}"
            )

    @property
    def id(self) -> int:
        return self.placement.id

    @property
    def is_lead(self) -> bool:
        return self.placement.role == "lead"


@dataclass(frozen=True)
class Rendition:
    """One file the page refers to, for the exporter to write."""

    placed: PlacedPhoto
    width: int
    height: int
    filename: str


def rendition_widths(placed: PlacedPhoto) -> list[int]:
    """Widths to offer in srcset, ascending, capped by the photo's own width (at least one)."""
    display_width = max(1, placed.photo.display_size[0])
    widths = [width for width in RENDITION_WIDTHS if width < display_width]
    widths.append(min(display_width, RENDITION_WIDTHS[-1]))
    return sorted(set(widths))


def rendition_height(placed: PlacedPhoto, width: int) -> int:
    """Height of a rendition `width` pixels wide, keeping the displayed aspect ratio."""
    display_width, display_height = placed.photo.display_size
    if display_width <= 0 or display_height <= 0:
        return width
    return max(1, round(display_height * width / display_width))


def _filename_slug(photo: Photo) -> str:
    """An ASCII slug of the original file name: readable, and safe on every file system."""
    stem = photo.original_name.rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:_SLUG_LENGTH].strip("-")
    return slug or "photo"


def photo_filename(placed: PlacedPhoto, width: int) -> str:
    """The content-addressed file name of one rendition.

    The hash covers everything that changes the file's bytes (the original, the
    width, the caption, credit, alt text, creator and copyright written into its
    metadata, and the rendition format), so a changed caption gets a new name and
    an unchanged photo keeps its name across exports.
    """
    placement, photo = placed.placement, placed.photo
    identity = json.dumps(
        [
            RENDITION_FORMAT_VERSION,
            photo.sha256,
            width,
            placement.caption,
            placement.credit,
            placement.alt_text,
            photo.creator,
            photo.copyright,
            photo.has_alpha,
        ],
        ensure_ascii=False,
    )
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:12]
    extension = "png" if photo.has_alpha else "jpg"
    return f"{_filename_slug(photo)}-{width}-{digest}.{extension}"


def renditions(placed: PlacedPhoto) -> list[Rendition]:
    """Every rendition the page offers for this placement, narrowest first."""
    return [
        Rendition(placed, width, rendition_height(placed, width), photo_filename(placed, width))
        for width in rendition_widths(placed)
    ]


def rendition_url(rendition: Rendition, root: str) -> str:
    return f"{root}{PHOTOS_FOLDER}/{rendition.filename}"


def srcset(placed: PlacedPhoto, root: str) -> str:
    return ", ".join(f"{rendition_url(r, root)} {r.width}w" for r in renditions(placed))
