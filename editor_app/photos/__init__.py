"""The headless photo pipeline: import, metadata, thumbnails, renditions, caption rules (no Qt)."""

from editor_app.photos.captions import (
    CaptionProblem,
    PlacementCheck,
    find_caption_problems,
    people_named_in,
    split_credit,
)
from editor_app.photos.errors import (
    CorruptImageError,
    FileTooLargeError,
    ImageTooLargeError,
    ImportStoppedError,
    NotAFileError,
    PhotoError,
    TruncatedImageError,
    UnsupportedImageError,
)
from editor_app.photos.importer import MAX_PHOTO_BYTES, ImportResult, analyse_photo, import_photos
from editor_app.photos.placements import caption_problems, render_photo, rendition_metadata
from editor_app.photos.reading import PhotoInfo, read_photo
from editor_app.photos.renditions import Rendition, RenditionMetadata, render_rendition, rendition_key
from editor_app.photos.thumbnails import THUMBNAIL_BOXES, embedded_preview, make_thumbnails

__all__ = [
    "MAX_PHOTO_BYTES", "THUMBNAIL_BOXES", "CaptionProblem", "CorruptImageError", "FileTooLargeError",
    "ImageTooLargeError", "ImportResult", "ImportStoppedError", "NotAFileError", "PhotoError", "PhotoInfo",
    "PlacementCheck", "Rendition", "RenditionMetadata", "TruncatedImageError", "UnsupportedImageError",
    "analyse_photo", "caption_problems", "embedded_preview", "find_caption_problems", "import_photos",
    "make_thumbnails", "people_named_in", "read_photo", "render_photo", "render_rendition", "rendition_key",
    "rendition_metadata", "split_credit",
]  # fmt: skip
