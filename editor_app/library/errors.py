"""Errors the library raises. Each names what went wrong so the CLI and the window
can say it in one clear sentence; none of them leaves a half-written file."""

from __future__ import annotations

import shlex


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


# ---------------------------------------------------------------------- the file's health
#
# What SQLite says when a write or a read fails is translated into one of these by
# `translate_sqlite_error`, so every caller (window, CLI, workers) gets one sentence that
# says what happened to the user's work and what to do, never "disk I/O error".


class LibraryDamagedError(LibraryError):
    """SQLite itself (with the WAL) finds the file damaged."""

    def __init__(self, path, detail: str):
        library = f"copydesk --library {shlex.quote(str(path))}"
        super().__init__(
            f"{path} is damaged ({detail}). The file was not changed. `{library} check` shows what is wrong; "
            f"`{library} check --recover NEW{_suffix(path)}` copies everything that can be read into a new library."
        )
        self.path = path
        self.detail = detail


class LibraryBusyError(LibraryError):
    """Another program holds an SQLite lock on the file longer than the busy timeout."""

    def __init__(self, path):
        super().__init__(
            f"{path} is busy (another program holds it). Nothing was lost; close that program or try again in a moment."
        )
        self.path = path


class LibraryUnreadableError(LibraryError):
    """The file is ours and not known to be damaged, but SQLite cannot read it just now
    (a WAL whose index cannot be created on a full disk or in a read-only folder)."""

    def __init__(self, path, detail: str):
        super().__init__(f"{path} cannot be read just now ({detail}). The file was not changed.")
        self.path = path
        self.detail = detail


class NotSavedError(LibraryError):
    """A write the disk refused. The library is as it was before the write; the caller
    still has the unsaved data and can try again."""

    def __init__(self, path, message: str):
        super().__init__(message)
        self.path = path


class DiskFullError(NotSavedError):
    def __init__(self, path, free_bytes: int | None):
        free = "" if free_bytes is None else f" ({free_bytes / 1_000_000:.0f} MB free)"
        super().__init__(
            path,
            f"Not saved: the disk holding {path} is full{free}. Nothing was lost; free some space and try again.",
        )
        self.free_bytes = free_bytes


class FileSizeLimitError(NotSavedError):
    def __init__(self, path, limit_bytes: int):
        super().__init__(
            path,
            f"Not saved: {path} reached this session's file-size limit ({describe_size(limit_bytes)}, "
            "`ulimit -f`). Nothing was lost; raise the limit and try again.",
        )
        self.limit_bytes = limit_bytes


class LibraryIOError(NotSavedError):
    def __init__(self, path, detail: str):
        super().__init__(
            path,
            f"Not saved: the disk holding {path} reported an error ({detail}). Nothing was lost; "
            "check the disk or its connection and try again.",
        )
        self.detail = detail


def describe_size(size: int) -> str:
    """'3 MB', or '512 KB' below a megabyte: a small limit must not read as '0 MB'."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.0f} MB"
    return f"{size / 1000:.0f} KB"


def _suffix(path) -> str:
    name = str(path)
    return ".copydesk" if name.endswith(".copydesk") else ""
