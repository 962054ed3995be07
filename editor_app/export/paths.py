"""Folder and file names that are safe on every disk, whatever a headline or tag says.

A name in an export comes from user text (slugs, tags, section names), so it is reduced
to letters, digits and combining marks (which Devanagari or Vietnamese need to stay
readable), hyphens between words, NFC-normalised, lower-cased by Unicode case folding,
bounded in UTF-8 bytes, and kept away from the names Windows reserves. Names are handed
out per folder so two that differ only by case (which collide on macOS and Windows) get
"-2", "-3" suffixes in a stable order.

`SafeTree` then opens every folder relative to its parent's descriptor with O_NOFOLLOW
and creates files with O_CREAT | O_EXCL | O_NOFOLLOW, so a symbolic link planted
anywhere in the tree can redirect nothing outside the chosen folder.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Self

from .errors import UnsafePathError

# Windows refuses these as a file or folder name, with any extension and any trailing
# dots or spaces ("nul .", "com1.txt"); the superscript digits count as digits there.
_WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"]
    + [f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789¹²³"]
)
# Well under the 255-byte limit of common file systems, leaving room for "-NNN" suffixes
# and for paths of several levels to fit the limits of older Windows tools.
MAX_SEGMENT_BYTES = 100
FALLBACK_SEGMENT = "untitled"


def is_windows_reserved(name: str) -> bool:
    stem = name.rstrip(" .").split(".", 1)[0].rstrip(" ")
    return stem.casefold() in _WINDOWS_DEVICE_NAMES


def _keeps(character: str) -> bool:
    """Letters, digits and combining marks; everything else separates words."""
    return unicodedata.category(character)[0] in "LNM"


def truncate_utf8(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` whose UTF-8 form fits `max_bytes`, never splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore")


def safe_segment(text: str, fallback: str = FALLBACK_SEGMENT, max_bytes: int = MAX_SEGMENT_BYTES) -> str:
    """One path component made from user text: lower-case words joined by hyphens.

    Never empty, never "." or "..", no separators, control or bidi characters, never a
    Windows device name, at most `max_bytes` bytes of UTF-8.
    """
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", str(text)).casefold())
    text = text.replace("'", "").replace("\u2019", "")  # "Iran's" reads "irans", as library slugs do
    words: list[str] = []
    current: list[str] = []
    for character in text:
        if _keeps(character):
            # A combining mark cannot start a name: it would attach to the separator.
            if current or unicodedata.category(character)[0] != "M":
                current.append(character)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    segment = "-".join(words)
    segment = truncate_utf8(segment, max_bytes).strip("-")
    if not segment:
        segment = fallback
    if is_windows_reserved(segment):
        segment = truncate_utf8(f"{segment}-page", max_bytes)
    return unicodedata.normalize("NFC", segment)


def collision_key(segment: str) -> str:
    """Two names with the same key are the same file on a case-insensitive disk."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", segment).casefold())


class SegmentAllocator:
    """Hands out unique safe names within one folder, "-2", "-3" after a case-folded clash.

    Callers ask in a stable order (article id, tag name) so the same library gives the same
    names on every export, which is what lets an incremental export reuse files.
    """

    def __init__(self, reserved: Iterable[str] = ()):
        self._taken: set[str] = {collision_key(name) for name in reserved}
        self._given: dict[str, str] = {}

    def claim(self, text: str, fallback: str = FALLBACK_SEGMENT) -> str:
        if text in self._given:
            return self._given[text]
        base = safe_segment(text, fallback)
        candidate = base
        counter = 1
        while collision_key(candidate) in self._taken or is_windows_reserved(candidate):
            counter += 1
            suffix = f"-{counter}"
            candidate = truncate_utf8(base, MAX_SEGMENT_BYTES - len(suffix)).rstrip("-") + suffix
        self._taken.add(collision_key(candidate))
        self._given[text] = candidate
        return candidate


def check_relative_path(relative: str | PurePosixPath) -> tuple[str, ...]:
    """The components of a path inside the export, refusing anything that could leave it."""
    text = str(relative)
    if not text or "\x00" in text or "\\" in text:
        raise UnsafePathError(f"Refusing the export path {text!r}.")
    if text.startswith("/"):
        raise UnsafePathError(f"Refusing the absolute export path {text!r}.")
    parts = tuple(text.split("/"))
    for part in parts:
        if part in ("", ".", "..") or "/" in part or is_windows_reserved(part) or part != part.rstrip(" ."):
            raise UnsafePathError(f"Refusing the export path {text!r}: unsafe component {part!r}.")
        if len(part.encode("utf-8")) > 255:
            raise UnsafePathError(f"Refusing the export path {text!r}: a component is too long.")
    return parts


_DIRECTORY_FLAGS = (
    os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
)
_NEW_FILE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)  # fmt: skip
_READ_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
HAVE_DIR_FD = os.open in os.supports_dir_fd and os.link in os.supports_dir_fd


class SafeTree:
    """A folder whose sub-folders and files are reached without following any symlink.

    Folder descriptors are cached (a bounded number, reopened from the root when evicted),
    so writing thousands of files does not walk the path each time. On systems without
    directory descriptors every component is checked with lstat instead.
    """

    MAX_OPEN_FOLDERS = 128

    def __init__(self, root: os.PathLike | str, *, create: bool):
        self.root = os.fspath(root)
        self._create = create
        self._handles: OrderedDict[tuple[str, ...], int] = OrderedDict()
        self._known_folders: set[tuple[str, ...]] = {()}
        if HAVE_DIR_FD:
            self._root_fd = os.open(self.root, _DIRECTORY_FLAGS)
        else:
            if stat.S_ISLNK(os.lstat(self.root).st_mode):
                raise UnsafePathError(f"{self.root} is a symbolic link.")
            self._root_fd = -1

    def close(self) -> None:
        for handle in self._handles.values():
            os.close(handle)
        self._handles.clear()
        if self._root_fd >= 0:
            os.close(self._root_fd)
            self._root_fd = -1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- folders

    def _folder_fd(self, parts: tuple[str, ...]) -> int:
        """A descriptor for the folder `parts` (created when this tree creates), no symlinks."""
        if not parts:
            return self._root_fd
        handle = self._handles.get(parts)
        if handle is not None:
            self._handles.move_to_end(parts)
            return handle
        parent = self._folder_fd(parts[:-1])
        name = parts[-1]
        if self._create and parts not in self._known_folders:
            try:
                os.mkdir(name, 0o755, dir_fd=parent)
            except FileExistsError:
                pass
        try:
            handle = os.open(name, _DIRECTORY_FLAGS, dir_fd=parent)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise UnsafePathError(f"{'/'.join(parts)} in {self.root} is not a real folder.") from exc
            raise
        self._known_folders.add(parts)
        self._handles[parts] = handle
        while len(self._handles) > self.MAX_OPEN_FOLDERS:
            _, evicted = self._handles.popitem(last=False)
            os.close(evicted)
        return handle

    def _checked_path(self, parts: tuple[str, ...]) -> str:
        """Fallback without descriptors: lstat every existing component."""
        path = self.root
        for index, part in enumerate(parts):
            path = os.path.join(path, part)
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                if self._create and index < len(parts) - 1:
                    os.mkdir(path, 0o755)
                    continue
                if index == len(parts) - 1:
                    return path
                raise
            if stat.S_ISLNK(mode):
                raise UnsafePathError(f"{path} is a symbolic link.")
        return path

    # ---------------------------------------------------------------- files

    def write_new(self, relative: str, data: bytes) -> os.stat_result:
        """Create `relative` (it must not exist) with `data`; returns its stat after writing."""
        parts = check_relative_path(relative)
        if HAVE_DIR_FD:
            handle = os.open(parts[-1], _NEW_FILE_FLAGS, 0o644, dir_fd=self._folder_fd(parts[:-1]))
        else:
            handle = os.open(self._checked_path(parts), _NEW_FILE_FLAGS, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(handle, view)
                view = view[written:]
            return os.fstat(handle)
        finally:
            os.close(handle)

    def stat_file(self, relative: str) -> os.stat_result | None:
        """lstat of a regular file inside the tree; None when missing, a link or not a file."""
        parts = check_relative_path(relative)
        try:
            if HAVE_DIR_FD:
                result = os.stat(parts[-1], dir_fd=self._folder_fd(parts[:-1]), follow_symlinks=False)
            else:
                result = os.lstat(self._checked_path(parts))
        except (FileNotFoundError, NotADirectoryError, UnsafePathError):
            return None
        return result if stat.S_ISREG(result.st_mode) else None

    def read_file(self, relative: str) -> bytes:
        parts = check_relative_path(relative)
        if HAVE_DIR_FD:
            handle = os.open(parts[-1], _READ_FILE_FLAGS, dir_fd=self._folder_fd(parts[:-1]))
        else:
            handle = os.open(self._checked_path(parts), _READ_FILE_FLAGS)
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise UnsafePathError(f"{relative} is not a regular file.")
            return stream.read()

    def link_from(self, source: SafeTree, relative: str, before: os.stat_result | None = None) -> os.stat_result:
        """Put `source`'s regular file at the same place here: a hard link, else a copy.

        A hard link keeps the inode and the modification time, so tools that watch the
        folder (and our own manifest) see the file as unchanged.
        """
        parts = check_relative_path(relative)
        before = before if before is not None else source.stat_file(relative)
        if before is None:
            raise FileNotFoundError(errno.ENOENT, "no regular file to reuse", relative)
        if HAVE_DIR_FD:
            target_fd = self._folder_fd(parts[:-1])
            try:
                os.link(
                    parts[-1],
                    parts[-1],
                    src_dir_fd=source._folder_fd(parts[:-1]),
                    dst_dir_fd=target_fd,
                    follow_symlinks=False,
                )
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
                    raise
                return self._copy_from(source, relative, before)
            after = os.stat(parts[-1], dir_fd=target_fd, follow_symlinks=False)
            if not stat.S_ISREG(after.st_mode) or after.st_ino != before.st_ino:
                # Swapped for something else between the check and the link.
                os.unlink(parts[-1], dir_fd=target_fd)
                raise UnsafePathError(f"{relative} changed while it was being reused.")
            return after
        return self._copy_from(source, relative, before)

    def _copy_from(self, source: SafeTree, relative: str, before: os.stat_result) -> os.stat_result:
        self.write_new(relative, source.read_file(relative))
        parts = check_relative_path(relative)
        if HAVE_DIR_FD:
            os.utime(parts[-1], ns=(before.st_atime_ns, before.st_mtime_ns), dir_fd=self._folder_fd(parts[:-1]))
        else:
            os.utime(self._checked_path(parts), ns=(before.st_atime_ns, before.st_mtime_ns))
        stat_result = self.stat_file(relative)
        assert stat_result is not None
        return stat_result
