"""Reading a story packet defensively: the file comes from another computer, through a
sync tool or a USB stick, and is checked whole before anything is taken from it.

A packet is a zip holding `story.json` (format name and version, the story, its base,
the sender and time, the photos' list), each photo's original as `photos/<sha256>.<ext>`
and its thumbnails as `thumbnails/<sha256>-<size>.jpg`. Refused, each with its own
sentence and nothing changed: a file that is not a zip (NotAPacketError), one that ends
early or fails its checksums (PacketDamagedError), a newer format version
(PacketTooNewError), member names that reach outside the packet and sizes that would
exhaust memory, i.e. a zip bomb (UnsafePacketError), and a photo the story places but
the packet lacks (MissingPhotoError). Nothing is ever extracted to disk: members are
read into memory, each up to its limit, and photos are checked against their hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
import uuid as uuid_module
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Self

from ..library.errors import InvalidFieldError
from ..library.stories import check_story_fields
from ..model import ARTICLE_TEXT_FIELDS, PLACEMENT_ROLES
from ..model.limits import MAX_BODY_CHARS
from ..photos.importer import MAX_PHOTO_BYTES
from .errors import (
    MissingPhotoError,
    NotAPacketError,
    PacketDamagedError,
    PacketTooNewError,
    UnsafePacketError,
    UnsendableStoryError,
)
from .names import FORMAT_NAME, FORMAT_VERSION

STORY_MEMBER = "story.json"

# A 5,000-word story is 40 KB of JSON; its base doubles that. 32 MB is far beyond any
# story and still nothing to hold in memory.
MAX_STORY_JSON_BYTES = 32 * 1024 * 1024
MAX_THUMBNAIL_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 1000
MAX_PLACEMENTS = 1000
MAX_MEMBERS = 3 * MAX_PHOTOS + 10
# Everything a packet may expand to, all members together: a bomb declares more.
MAX_TOTAL_BYTES = 16 * 1024**3
# One caption, credit, alt text or photo field: as long as a body may be. The writer
# checks every packet against these same limits (writing.py), so what one desk sends
# another can read; a receiver that refused it could only ask for it again.
MAX_TEXT_CHARS = MAX_BODY_CHARS
MAX_SENDER_CHARS = 200

NEW_ARTICLE_FIELDS = {
    "slug": "", "section": "", "headline": "", "standfirst": "", "byline": "", "dateline": "", "body": "",
    "status": "draft", "language": "en", "target_words": None, "editor_note": "", "tags": [],
}  # fmt: skip

_SHA256 = re.compile(r"[0-9a-f]{64}")
_PHOTO_MEMBER = re.compile(r"photos/(?P<sha>[0-9a-f]{64})(\.[a-z0-9]{1,5})?")
_THUMBNAIL_MEMBER = re.compile(r"thumbnails/(?P<sha>[0-9a-f]{64})-(?P<size>[a-z]{1,20})\.(jpg|png)")


@dataclass(frozen=True)
class PacketPhoto:
    """A photo the packet carries: where its original is, and its text fields."""

    sha256: str
    member: str
    original_name: str
    fields: dict  # description, creator, credit... as the sender's library has them
    thumbnails: dict[str, str] = field(default_factory=dict)  # size name -> member


@dataclass(frozen=True)
class StoryPacket:
    """What `story.json` says, checked. `story` and `base` are stories as merge.py takes them."""

    path: Path
    version: int
    packet_id: str
    sender: str
    sent_at: str
    story: dict  # {"uuid", "fields", "placements"}
    base: dict | None  # {"fields", "placements"} both sides last shared, or None
    photos: tuple[PacketPhoto, ...]

    @property
    def uuid(self) -> str:
        return self.story["uuid"]

    @property
    def headline(self) -> str:
        return self.story["fields"].get("headline", "")

    def photo(self, sha256: str) -> PacketPhoto:
        for photo in self.photos:
            if photo.sha256 == sha256:
                return photo
        raise MissingPhotoError(self.path, sha256, "the story places")


def read_packet(path: str | os.PathLike) -> StoryPacket:
    """Check a packet's structure and read its story (not its photos' bytes)."""
    with PacketFile(path) as packet:
        return packet.packet


class PacketFile:
    """An open packet: `packet` (the checked story) and each photo's bytes on demand."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._zip = _open_zip(self.path)
        try:
            self._members = _check_members(self.path, self._zip)
            self.packet = _parse_story(self.path, self._read(STORY_MEMBER, MAX_STORY_JSON_BYTES))
            for photo in self.packet.photos:
                if photo.member not in self._members:
                    raise MissingPhotoError(self.path, photo.sha256, "the packet lists")
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def read_photo(self, sha256: str) -> bytes:
        """The photo's original, checked against its hash."""
        photo = self.packet.photo(sha256)
        info = self._members[photo.member]
        if info.compress_type == zipfile.ZIP_STORED and info.file_size <= MAX_PHOTO_BYTES:
            data = self._read_stored(info)
        else:
            data = self._read(photo.member, MAX_PHOTO_BYTES)
        if hashlib.sha256(data).hexdigest() != sha256:
            raise PacketDamagedError(self.path, f"the photo {photo.member} does not match its SHA-256")
        return data

    def read_thumbnails(self, sha256: str) -> dict[str, bytes]:
        """The thumbnails the sender's library made, by size name ({} when none came)."""
        photo = self.packet.photo(sha256)
        return {
            size: self._read(member, MAX_THUMBNAIL_BYTES)
            for size, member in photo.thumbnails.items()
            if member in self._members
        }

    def _read_stored(self, info: zipfile.ZipInfo) -> bytes:
        """An uncompressed member's bytes straight from the file, without zipfile's CRC pass:
        the caller checks them against their SHA-256, which says more (and the CRC took a
        third of the time of reading a 10 MB photo)."""
        try:
            with open(self.path, "rb") as file:
                file.seek(info.header_offset)
                header = file.read(30)
                if len(header) < 30 or header[:4] != b"PK\x03\x04":
                    raise PacketDamagedError(self.path, f"{info.filename} has no local header")
                name_length, extra_length = struct.unpack("<HH", header[26:30])
                file.seek(info.header_offset + 30 + name_length + extra_length)
                data = file.read(info.file_size)
        except OSError as exc:
            raise PacketDamagedError(self.path, f"{info.filename} cannot be read: {exc.strerror or exc}") from None
        if len(data) != info.file_size:
            raise PacketDamagedError(self.path, f"{info.filename} ends early")
        return data

    def _read(self, name: str, limit: int) -> bytes:
        """A member's bytes, never more than `limit` whatever its header claims."""
        info = self._members.get(name)
        if info is None:
            raise NotAPacketError(self.path, f"it has no {name}")
        if info.file_size > limit:
            raise UnsafePacketError(self.path, _too_large(name, info.file_size, limit))
        try:
            with self._zip.open(info) as member:
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise PacketDamagedError(self.path, f"{name} cannot be read: {exc}") from None
        except OSError as exc:
            raise PacketDamagedError(self.path, f"{name} cannot be read: {exc.strerror or exc}") from None
        if len(data) > limit:
            raise UnsafePacketError(self.path, _too_large(name, len(data), limit))
        return data


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name} would expand to {size / 2**20:,.1f} MB, more than the {limit / 2**20:,.0f} MB a packet's "
        f"{'story' if name == STORY_MEMBER else 'member'} may hold (a zip bomb)"
    )


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise NotAPacketError(path, "there is no such file") from None
    except OSError as exc:
        raise NotAPacketError(path, f"it cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(status.st_mode):
        raise NotAPacketError(path, "it is not a regular file")
    if status.st_size == 0:
        raise NotAPacketError(path, "the file is empty")
    try:
        with open(path, "rb") as file:
            head = file.read(4)
    except OSError as exc:
        raise NotAPacketError(path, f"it cannot be read ({exc.strerror or exc})") from None
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        if head == b"PK\x03\x04":
            raise PacketDamagedError(path, "it ends early: truncated, or still being copied") from None
        raise NotAPacketError(path, "it is not a zip file") from None
    except OSError as exc:
        raise NotAPacketError(path, f"it cannot be read ({exc.strerror or exc})") from None


def unsafe_member_name(name: str) -> bool:
    """A name that would land outside a folder it were extracted to, or that a file system
    reads as something other than a plain relative path."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return True
    return any(part in ("..", "") for part in PurePosixPath(name).parts) or ".." in name.split("/")


def _check_members(path: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafePacketError(path, f"it holds {len(infos):,} members, more than a packet can ({MAX_MEMBERS:,})")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if unsafe_member_name(info.filename):
            raise UnsafePacketError(path, f"the member name {info.filename!r} points outside the packet")
        if info.filename in members:
            raise PacketDamagedError(path, f"it holds {info.filename} twice")
        if info.flag_bits & 0x1:
            raise NotAPacketError(path, "it is encrypted")
        members[info.filename] = info
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnsafePacketError(
            path,
            f"it would expand to {total / 2**30:,.1f} GB, more than a packet may ({MAX_TOTAL_BYTES / 2**30:,.0f} GB; a zip bomb)",
        )
    if STORY_MEMBER not in members:
        raise NotAPacketError(path, f"it has no {STORY_MEMBER}")
    return members


# ---------------------------------------------------------------------- story.json


def check_sendable(document: dict) -> None:
    """Refuse (UnsendableStoryError) a story.json no receiver would read: the very checks a
    receiver makes, asked by the sender before it writes anything."""
    headline = document["story"]["fields"].get("headline") or document["story"]["fields"].get("slug", "")
    sender = document.get("sender", "")
    if len(sender) > MAX_SENDER_CHARS:
        raise UnsendableStoryError(
            headline,
            f"the sender name has {len(sender):,} characters and a packet carries at most {MAX_SENDER_CHARS}; "
            "shorten it under Desk Folder… or with copydesk packet sender NAME",
        )
    data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    if len(data) > MAX_STORY_JSON_BYTES:
        raise UnsendableStoryError(
            headline,
            f"its text comes to {len(data) / 2**20:,.1f} MB and a packet's story holds at most "
            f"{MAX_STORY_JSON_BYTES / 2**20:,.0f} MB",
        )
    try:
        _parse_story(Path(STORY_MEMBER), data)
    except (PacketDamagedError, UnsafePacketError) as refusal:
        raise UnsendableStoryError(headline, f"every receiver would refuse it ({refusal.reason})") from None


def _parse_story(path: Path, data: bytes) -> StoryPacket:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PacketDamagedError(path, f"{STORY_MEMBER} is not valid JSON ({exc})") from None
    except RecursionError:
        raise PacketDamagedError(path, f"{STORY_MEMBER} nests deeper than any story does") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise NotAPacketError(path, f"its {STORY_MEMBER} is not a Copydesk story")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PacketDamagedError(path, f"its format version {version!r} is not a version number")
    if version > FORMAT_VERSION:
        raise PacketTooNewError(path, version, FORMAT_VERSION)
    check = _Checker(path)
    story = check.story(document.get("story"), "the story")
    base = document.get("base")
    base = check.story(base, "the base", needs_uuid=False) if base is not None else None
    photos = check.photos(document.get("photos", []))
    listed = {photo.sha256 for photo in photos}
    for number, placement in enumerate(story["placements"], 1):
        if placement["photo"] is not None and placement["photo"] not in listed:
            raise MissingPhotoError(path, placement["photo"], f"photo {number} of the story places")
    return StoryPacket(
        path=path,
        version=version,
        packet_id=check.text(document.get("packet_id", ""), "the packet id", 100),
        sender=check.text(document.get("sender", ""), "the sender", MAX_SENDER_CHARS),
        sent_at=check.text(document.get("sent_at", ""), "the time sent", 100),
        story=story,
        base=base,
        photos=photos,
    )


class _Checker:
    """Type checks for story.json; each failure is a PacketDamagedError naming the value."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, what: str) -> PacketDamagedError:
        return PacketDamagedError(self.path, what)

    def text(self, value, what: str, limit: int = MAX_TEXT_CHARS) -> str:
        if not isinstance(value, str):
            raise self.fail(f"{what} is not text")
        if len(value) > limit:
            raise self.fail(f"{what} is longer than {limit:,} characters")
        return value

    def story(self, value, what: str, needs_uuid: bool = True) -> dict:
        if not isinstance(value, dict):
            raise self.fail(f"{what} is missing")
        story: dict = {}
        if needs_uuid:
            try:
                story["uuid"] = str(uuid_module.UUID(self.text(value.get("uuid"), f"{what}'s id", 100)))
            except ValueError:
                raise self.fail(f"{what}'s id {value.get('uuid')!r} is not a UUID") from None
        fields = value.get("fields")
        if not isinstance(fields, dict):
            raise self.fail(f"{what} has no fields")
        self.field_types(fields, what)
        try:
            cleaned = check_story_fields(fields)
        except (InvalidFieldError, TypeError, ValueError, AttributeError) as exc:
            raise self.fail(f"{what} has a field the library refuses: {exc}") from None
        # The cleaned values are what a library would store, so a merge compares like with
        # like; a field the packet leaves out reads as a new article's.
        story["fields"] = {**NEW_ARTICLE_FIELDS, **cleaned, "tags": list(cleaned.get("tags", ()))}
        placements = value.get("placements", [])
        if not isinstance(placements, list) or len(placements) > MAX_PLACEMENTS:
            raise self.fail(f"{what}'s photo list is not a list of at most {MAX_PLACEMENTS} placements")
        story["placements"] = [self.placement(p, f"photo {n} of {what}") for n, p in enumerate(placements, 1)]
        if len({p["uuid"] for p in story["placements"]}) != len(story["placements"]):
            raise self.fail(f"{what} lists one photo placement twice")
        return story

    def field_types(self, fields: dict, what: str) -> None:
        """Each article field as a library writes it: text, tags a list of texts, the target
        length a whole number. The library's own cleaning would turn anything else into
        its Python spelling (a headline `{'x': 1}`), so any other type is damage."""
        for name in ARTICLE_TEXT_FIELDS:
            value = fields.get(name)
            if value is None:
                continue  # left out: read as a new article's
            if name == "tags":
                if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
                    raise self.fail(f"{what}'s field tags is not a list of texts")
            elif name == "target_words":
                if not isinstance(value, int) or isinstance(value, bool):
                    raise self.fail(f"{what}'s field target_words is not a whole number")
            elif not isinstance(value, str):
                raise self.fail(f"{what}'s field {name} is not text")

    def placement(self, value, what: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(f"{what} is not a placement")
        photo = value.get("photo")
        if photo is not None and (not isinstance(photo, str) or not _SHA256.fullmatch(photo)):
            raise self.fail(f"{what} names its photo by {photo!r}, not by a SHA-256")
        role = value.get("role", "inline")
        if role not in PLACEMENT_ROLES:
            raise self.fail(f"{what} has the role {role!r}; a placement is lead or inline")
        return {
            "uuid": self.text(value.get("uuid"), f"{what}'s id", 100),
            "photo": photo,
            "role": role,
            **{
                name: self.text(value.get(name, ""), f"{what}'s {name}").strip()
                for name in ("caption", "credit", "alt_text")
            },
        }

    def photos(self, value) -> tuple[PacketPhoto, ...]:
        if not isinstance(value, list) or len(value) > MAX_PHOTOS:
            raise self.fail(f"the photo list is not a list of at most {MAX_PHOTOS} photos")
        photos = []
        for number, item in enumerate(value, 1):
            what = f"photo {number} of the packet"
            if not isinstance(item, dict):
                raise self.fail(f"{what} is not described")
            sha256 = item.get("sha256")
            if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
                raise self.fail(f"{what} has no SHA-256")
            member = self.text(item.get("member"), f"{what}'s file name", 200)
            if unsafe_member_name(member):
                raise UnsafePacketError(self.path, f"the member name {member!r} points outside the packet")
            matched = _PHOTO_MEMBER.fullmatch(member)
            if matched is None or matched["sha"] != sha256:
                raise self.fail(f"{what} is stored as {member!r}, not under its SHA-256")
            thumbnails = item.get("thumbnails", {})
            if not isinstance(thumbnails, dict):
                raise self.fail(f"{what}'s thumbnails are not listed by size")
            for size, thumbnail in thumbnails.items():
                matched = _THUMBNAIL_MEMBER.fullmatch(thumbnail) if isinstance(thumbnail, str) else None
                if matched is None or matched["sha"] != sha256 or matched["size"] != size:
                    raise self.fail(f"{what}'s {size} thumbnail is stored as {thumbnail!r}")
            fields = item.get("fields", {})
            if not isinstance(fields, dict):
                raise self.fail(f"{what}'s fields are not a record")
            photos.append(
                PacketPhoto(
                    sha256=sha256,
                    member=member,
                    original_name=self.text(item.get("original_name", ""), f"{what}'s name", 500),
                    fields={str(k): self.text(v, f"{what}'s {k}") for k, v in fields.items()},
                    thumbnails=dict(thumbnails),
                )
            )
        if len({p.sha256 for p in photos}) != len(photos):
            raise self.fail("the packet lists one photo twice")
        return tuple(photos)
