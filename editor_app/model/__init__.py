"""The domain's ground floor: what an article, a photo and a placement are, their
statuses and the limits on them. Library, photos, render, export and ui all stand on
this package; it imports nothing of theirs (and no Qt)."""

from .records import (
    ALT_TEXT_LIMIT,
    ARTICLE_TEXT_FIELDS,
    OPTIONAL_PHOTO_TEXT_FIELDS,
    PLACEMENT_ROLES,
    REQUIRED_PHOTO_FIELDS,
    STATUS_LABELS,
    STATUSES,
    STORED_PHOTO_FIELDS,
    Article,
    ArticleSummary,
    FieldChange,
    Photo,
    Placement,
    Revision,
    field_names,
)

__all__ = [
    "ALT_TEXT_LIMIT", "ARTICLE_TEXT_FIELDS", "OPTIONAL_PHOTO_TEXT_FIELDS", "PLACEMENT_ROLES", "REQUIRED_PHOTO_FIELDS",
    "STATUSES", "STATUS_LABELS", "STORED_PHOTO_FIELDS", "Article", "ArticleSummary", "FieldChange", "Photo",
    "Placement", "Revision", "field_names",
]  # fmt: skip
