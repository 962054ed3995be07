"""Errors the library raises. Each names what went wrong so the CLI and the window
can say it in one clear sentence; none of them leaves a half-written file."""

from __future__ import annotations


class LibraryError(Exception):
    """Base class for every library problem a user can cause or meet."""


class LibraryNotFoundError(LibraryError):
    def __init__(self, path):
        super().__init__(
            f"No library at {path}. Create one with `copydesk init {path}` "
            "(nothing was created, in case the path is a typo)."
        )
        self.path = path


class LibraryExistsError(LibraryError):
    def __init__(self, path):
        super().__init__(f"{path} already exists; refusing to overwrite it with a new library.")
        self.path = path


class NotALibraryError(LibraryError):
    def __init__(self, path, reason: str):
        super().__init__(f"{path} is not a Copydesk library: {reason}.")
        self.path = path
        self.reason = reason


class LibraryTooNewError(LibraryError):
    def __init__(self, path, detail: str):
        super().__init__(
            f"{path} was written by a newer version of Copydesk ({detail}); "
            "update Copydesk to open it. The file was not changed."
        )
        self.path = path


class LibraryReadOnlyError(LibraryError):
    def __init__(self, path, reason: str):
        super().__init__(f"Cannot open {path} for writing: {reason}.")
        self.path = path
        self.reason = reason


class LibraryLockedError(LibraryError):
    def __init__(self, path, holder: dict | None):
        self.path = path
        self.holder = holder or {}
        super().__init__(f"{path} is open in another Copydesk: {describe_holder(self.holder)}.")


class LibraryClosedError(LibraryError):
    def __init__(self):
        super().__init__("The library has been closed.")


class NotFoundError(LibraryError):
    """An article, photo, placement or revision that does not exist."""


class ArticleNotFoundError(NotFoundError):
    def __init__(self, ref):
        super().__init__(f"No article {ref!r} in this library.")
        self.ref = ref


class PhotoNotFoundError(NotFoundError):
    def __init__(self, ref):
        super().__init__(f"No photo {ref!r} in this library.")
        self.ref = ref


class PlacementNotFoundError(NotFoundError):
    def __init__(self, ref, article_id=None):
        where = f" in article {article_id}" if article_id is not None else ""
        super().__init__(f"No photo placement {ref!r}{where}.")
        self.ref = ref


class RevisionNotFoundError(NotFoundError):
    def __init__(self, ref, article_id=None):
        where = f" of article {article_id}" if article_id is not None else ""
        super().__init__(f"No revision {ref!r}{where}.")
        self.ref = ref


class InvalidFieldError(LibraryError, ValueError):
    """A field value the library cannot store as given (bad status, empty slug, ...)."""


class SlugTakenError(InvalidFieldError):
    def __init__(self, slug):
        super().__init__(f"The slug {slug!r} is already used by another article.")
        self.slug = slug


class PhotoInUseError(LibraryError):
    def __init__(self, photo_id, count):
        super().__init__(f"Photo {photo_id} is used in {count} placement(s); detach it first.")


class BackupError(LibraryError):
    pass


def describe_holder(holder: dict) -> str:
    """'Copydesk window of ana on laptop-3 (process 4121, since 2026-11-27T09:12Z)'."""
    if not holder:
        return "another process (no details recorded)"
    program = holder.get("program", "Copydesk")
    user = holder.get("user", "someone")
    host = holder.get("host", "this computer")
    pid = holder.get("pid", "?")
    since = holder.get("since", "")
    text = f"{program} of {user} on {host} (process {pid}"
    if since:
        text += f", since {since}"
    return text + ")"
