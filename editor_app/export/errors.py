"""What can go wrong while exporting, named so the window and the CLI can say it plainly."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be completed; the previous export (if any) is left as it was."""


class ExportCancelled(ExportError):
    """The user cancelled; nothing was changed in the destination folder."""

    def __init__(self, message: str = "Export cancelled; the previous export was left as it was."):
        super().__init__(message)


class UnsafePathError(ExportError):
    """A path would leave the export folder or pass through a symbolic link."""


class ExportDestinationError(ExportError):
    """The chosen folder cannot receive an export (a file, a symlink, someone else's folder)."""


class ArticleRefusedError(ExportError):
    """The one article asked for cannot be rendered (its body is outside the shared limits)."""


class SiteSettingsError(ExportError):
    """A site setting cannot be used (a site URL that is not an http(s) address, ...)."""
