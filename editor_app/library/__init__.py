"""The SQLite library: articles, photos, placements, revisions and search (no Qt)."""

from ..model import STATUS_LABELS, STATUSES, Article, ArticleSummary, FieldChange, Photo, Placement, Revision
from .errors import (
    ArticleNotFoundError,
    BackupError,
    InvalidFieldError,
    LibraryClosedError,
    LibraryError,
    LibraryExistsError,
    LibraryLockedError,
    LibraryNotFoundError,
    LibraryReadOnlyError,
    LibraryTooNewError,
    NotALibraryError,
    NotFoundError,
    PhotoInUseError,
    PhotoNotFoundError,
    PlacementNotFoundError,
    RevisionNotFoundError,
    SlugTakenError,
)
from .library import LIBRARY_SUFFIX, Library, LibraryNeedsUpgradeError, SearchHit, diff_revisions, inspect_library_file

__all__ = [
    "LIBRARY_SUFFIX", "STATUSES", "STATUS_LABELS", "Article", "ArticleNotFoundError", "ArticleSummary",
    "BackupError", "FieldChange", "InvalidFieldError", "Library", "LibraryClosedError", "LibraryError",
    "LibraryExistsError", "LibraryLockedError", "LibraryNeedsUpgradeError", "LibraryNotFoundError", "LibraryReadOnlyError",
    "LibraryTooNewError", "NotALibraryError", "NotFoundError", "Photo", "PhotoInUseError", "PhotoNotFoundError",
    "Placement", "PlacementNotFoundError", "Revision", "RevisionNotFoundError", "SearchHit", "SlugTakenError",
    "diff_revisions", "inspect_library_file",
]  # fmt: skip
