"""Writing a story packet: one file, complete or absent.

The zip is written under a temporary name in the destination folder, fsynced, renamed
into place and the folder fsynced, so a sync tool watching the folder (or a crash) never
sees half a packet under the real name. Photos are stored uncompressed (JPEG, PNG and
WebP do not shrink), one original in memory at a time.
"""

from __future__ import annotations

import getpass
import json
import os
import stat
import uuid as uuid_module
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from ..library.files import fsync_folder
from ..photos.thumbnails import THUMBNAIL_BOXES
from .errors import PacketError, UnsendableStoryError
from .names import FORMAT_NAME, FORMAT_VERSION, PACKET_SUFFIX
from .reading import MAX_STORY_JSON_BYTES, STORY_MEMBER, check_sendable

# The temporary name a packet has while it is written; the desk folder's scan skips it.
PARTIAL_SUFFIX = ".copydesk-partial"
SENDER_SETTING = "packets.sender_name"
SHARED_SETTING_PREFIX = "packets.shared."  # + story uuid: what both sides last had

_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/tiff": ".tif",
               "image/heif": ".heif", "image/heic": ".heic"}  # fmt: skip
_PHOTO_FIELDS = ("description", "creator", "credit", "copyright", "source", "headline", "city", "country",
                 "alt_text", "usage_terms")  # fmt: skip

Progress = Callable[[int, int, str], None]


def sender_name(library) -> str:
    """Who the packets of this library are from: the setting, else the computer's user."""
    chosen = library.get_setting(SENDER_SETTING)
    if isinstance(chosen, str) and chosen.strip():
        return " ".join(chosen.split())
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "Copydesk"


def shared_state(library, story_uuid: str) -> dict | None:
    """The story as both sides last had it (sent or taken in here), or None if never shared."""
    state = library.get_setting(SHARED_SETTING_PREFIX + story_uuid)
    if isinstance(state, dict) and isinstance(state.get("fields"), dict):
        return {"fields": state["fields"], "placements": state.get("placements", [])}
    return None


def remember_shared_state(library, story: dict) -> None:
    library.set_setting(
        SHARED_SETTING_PREFIX + story["uuid"], {"fields": story["fields"], "placements": story["placements"]}
    )


def packet_file_name(library, ref) -> str:
    """`<slug>-<UTC time>-<random>.copydesk-story`: sorted by time, safe on any disk, and
    unique, so two sends in one second never replace each other."""
    article = library.get_article(ref)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{article.slug[:80]}-{stamp}-{uuid_module.uuid4().hex[:6]}{PACKET_SUFFIX}"


def _photo_member(photo) -> str:
    return f"photos/{photo.sha256}{_EXTENSIONS.get(photo.mime, '')}"


def _photo_entry(photo, thumbnails: dict[str, str]) -> dict:
    return {
        "sha256": photo.sha256,
        "member": _photo_member(photo),
        "original_name": photo.original_name,
        "fields": {name: getattr(photo, name) for name in _PHOTO_FIELDS},
        "thumbnails": thumbnails,
    }


def _packet_destination(library, ref, destination: Path) -> Path:
    if _is_special_file(destination):
        raise PacketError(f"Cannot write a packet to {destination}: it is a device or a pipe, not a file or a folder.")
    if destination.is_dir():
        destination = destination / f"{library.get_article(ref).slug[:80]}{PACKET_SUFFIX}"
    elif destination.suffix != PACKET_SUFFIX:
        destination = destination.with_name(destination.name + PACKET_SUFFIX)
    if destination.is_dir() or _is_special_file(destination):
        raise PacketError(f"Cannot write a packet as {destination}: something other than a file has that name.")
    return destination


def _is_special_file(path: Path) -> bool:
    """A device, pipe or socket (following links: /dev/stdout is one)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def write_packet(
    library,
    ref: int | str,
    destination: str | os.PathLike,
    *,
    sender: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write article `ref` as a packet at `destination` and remember what was sent as the
    story both sides share. `destination` is a file name (the suffix is added when
    missing), or a folder to write `<slug>.copydesk-story` into, as `cp file folder/` does;
    a device or a pipe is refused (the packet would be written beside it, in /dev)."""
    destination = _packet_destination(library, ref, Path(destination))
    if not destination.parent.is_dir():
        # Said here, or the error would name the temporary file the packet is written under.
        raise PacketError(f"Cannot write {destination}: the folder {destination.parent} does not exist.")
    story = library.story_state(ref)
    sender = sender or sender_name(library)
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "packet_id": str(uuid_module.uuid4()),
        "sender": sender,
        "sent_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "story": story,
        "base": shared_state(library, story["uuid"]),
        "photos": [],
    }
    hashes = list(dict.fromkeys(p["photo"] for p in story["placements"] if p["photo"]))
    photos = [photo for photo in (library.find_photo_by_sha256(sha) for sha in hashes) if photo is not None]
    # Checked as a receiver checks it, before anything is written (thumbnails listed later).
    check_sendable({**document, "photos": [_photo_entry(photo, {}) for photo in photos]})
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    try:
        # The next original is read from the library while this one is written out: SQLite,
        # the CRC and the disk all release the GIL, so the two overlap.
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="copydesk-packet-read") as reader,
            open(temporary, "wb") as file,
        ):
            originals = [reader.submit(library.photo_original, photo.id) for photo in photos[:1]]
            with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
                for number, photo in enumerate(photos, 1):
                    if progress is not None:
                        progress(number - 1, len(photos), photo.original_name)
                    if number < len(photos):
                        originals.append(reader.submit(library.photo_original, photos[number].id))
                    archive.writestr(_photo_member(photo), originals[number - 1].result())
                    originals[number - 1] = None  # one original in memory at a time (and the next)
                    thumbnails = {}
                    for size in THUMBNAIL_BOXES:
                        stored = library.photo_thumbnail(photo.id, size)
                        if stored is not None and stored[1] in ("image/jpeg", "image/png"):
                            thumbnails[size] = f"thumbnails/{photo.sha256}-{size}{_EXTENSIONS[stored[1]]}"
                            archive.writestr(thumbnails[size], stored[0])
                    document["photos"].append(_photo_entry(photo, thumbnails))
                # A photo deleted since the story was read: sending it now would lose it.
                missing = set(hashes) - {p["sha256"] for p in document["photos"]}
                if missing:
                    raise PacketError("A photo of the story was deleted while its packet was written; send it again.")
                story_json = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
                if len(story_json) > MAX_STORY_JSON_BYTES:  # the thumbnails' names tipped it over
                    raise UnsendableStoryError(story["fields"]["headline"], "its text is too long for a packet")
                archive.writestr(STORY_MEMBER, story_json, compress_type=zipfile.ZIP_DEFLATED)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, destination)
        fsync_folder(destination.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    remember_shared_state(library, story)
    if progress is not None:
        progress(len(photos), len(photos), "")
    return destination
