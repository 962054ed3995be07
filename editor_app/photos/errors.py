"""Why a photo was refused.

Every error names the file and says what is wrong in words an editor can act on,
because the importer reports these messages per file without further wrapping.
"""

from __future__ import annotations


class PhotoError(Exception):
    """Base for every problem with a photo file; ``name`` is the file it concerns."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.reason = message

    def __reduce__(self):
        # Errors cross from import worker processes by pickling; rebuild from both parts.
        return type(self), (self.name, self.reason)


class UnsupportedImageError(PhotoError):
    """The content is not one of the formats Copydesk accepts (whatever the extension says)."""


class TruncatedImageError(PhotoError):
    """The file ends before its pixel data does (an interrupted copy or download)."""


class ImageTooLargeError(PhotoError):
    """The file declares more pixels than is safe to decode (a decompression bomb)."""


class CorruptImageError(PhotoError):
    """The file claims to be a supported image but cannot be decoded."""
