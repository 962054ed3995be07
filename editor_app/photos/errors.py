"""Why a photo was refused.

Every error names the file and says what is wrong in words an editor can act on,
because the importer reports these messages per file without further wrapping.
"""

from __future__ import annotations

from editor_app.library.errors import LibraryError


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


class NotAFileError(PhotoError):
    """The path names a device, a pipe or a socket: reading one could block or never end."""


class FileTooLargeError(PhotoError):
    """The file is larger than any photo Copydesk imports (``MAX_PHOTO_BYTES``)."""


class ImportStoppedError(LibraryError):
    """Storing photos failed for the whole library (disk full, busy, damaged, closed).

    One message for the batch rather than the same refusal for every remaining file.
    ``results`` holds what happened to the files handled before it stopped (their photos
    are in the library); ``not_imported`` the files that were not stored.
    """

    def __init__(self, cause: LibraryError, results: list, not_imported: list) -> None:
        stored = sum(1 for result in results if result.photo is not None)
        super().__init__(
            f"{cause} The photo import stopped: {stored} photo(s) are in the library, "
            f"{len(not_imported)} file(s) were not imported."
        )
        self.cause = cause
        self.results = results
        self.not_imported = not_imported
