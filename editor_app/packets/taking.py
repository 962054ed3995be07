"""Taking a story packet into a library: a new article, or a three-way merge.

`plan_packet` reads and checks the packet and works out the merge (nothing is written);
the caller shows the conflicts and collects a side for each; `take_packet` writes the
result in one transaction, as one revision named after the sender, checking each photo
it stores (hash, format, thumbnails) as it goes: a bad one undoes it all. The library's state just before
stays its latest revision, so restoring that revision undoes the merge, captions
included. What the packet carried is remembered as the story both sides now share, so
the next packet sent back names it as its base.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..library.errors import InvalidFieldError
from ..library.photo_store import PhotoStore
from ..model import Article
from ..photos.errors import PhotoError
from ..photos.importer import photo_record
from ..photos.reading import describe_image, guarded_decoding, open_image
from ..photos.thumbnails import THUMBNAIL_BOXES, make_thumbnails
from .errors import ArticleChangedError, PacketDamagedError, PacketError
from .merge import StoryMerge, merge_story
from .reading import PacketFile, StoryPacket
from .writing import remember_shared_state, shared_state

TAKEN_SETTING = "packets.taken"  # ids of the packets already taken, newest last
TAKEN_REMEMBERED = 500


@dataclass
class PacketPlan:
    """What taking a packet will do: create an article, or merge into `existing`."""

    packet: StoryPacket
    existing: Article | None
    mine: dict | None
    merge: StoryMerge | None

    @property
    def is_update(self) -> bool:
        return self.existing is not None

    @property
    def conflicts(self):
        return self.merge.conflicts if self.merge is not None else ()


@dataclass(frozen=True)
class TakenPacket:
    article: Article
    created: bool
    changed: bool  # False when the library already had everything the packet brought
    taken: tuple[str, ...]  # what came from the packet without a conflict
    photos_added: int


def plan_packet(library, path: str | os.PathLike) -> PacketPlan:
    """Read and check the packet and merge it in memory; nothing is written."""
    with PacketFile(path) as packet_file:
        packet = packet_file.packet
    existing = library.find_article_by_uuid(packet.uuid)
    if existing is None:
        return PacketPlan(packet, None, None, None)
    mine = library.story_state(existing.id)
    # A packet without a base is its sender's first; what this library last sent or took
    # of the story (the same packet, taken before) is then the best base there is: with
    # it, a photo the editor detached since stays detached instead of coming back.
    base = packet.base if packet.base is not None else shared_state(library, packet.uuid)
    merge = merge_story(base, mine, packet.story)
    names = {photo.sha256: photo.original_name for photo in packet.photos if photo.original_name}
    for placement in mine["placements"]:
        if placement["photo"] and placement["photo"] not in names:
            photo = library.find_photo_by_sha256(placement["photo"])
            if photo is not None and photo.original_name:
                names[photo.sha256] = photo.original_name
    merge.name_photos(names)
    return PacketPlan(packet, existing, mine, merge)


def take_packet(library, plan: PacketPlan, choices: dict[str, str] | None = None) -> TakenPacket:
    """Write what `plan` says, each conflict settled by `choices` (see StoryMerge.resolve)."""
    packet = plan.packet
    if plan.merge is None:
        story = packet.story
        taken: tuple[str, ...] = ()
    else:
        story = {"uuid": packet.uuid, **plan.merge.resolve(choices)}
        taken = plan.merge.taken
    with PacketFile(packet.path) as packet_file:
        if packet_file.packet.packet_id != packet.packet_id:
            raise PacketDamagedError(packet.path, "it was replaced by another packet while it was being taken")
        needed = [
            sha for sha in dict.fromkeys(p["photo"] for p in story["placements"] if p["photo"])
            if library.find_photo_by_sha256(sha) is None
        ]  # fmt: skip
        changed = plan.merge is None or _differs(story, plan.mine)
        sender = packet.sender or "another desk"

        def photo_source(sha: str):
            # Run inside the transaction, one photo at a time: each original is read and
            # checked once, and a bad one undoes everything (see _Refused).
            return lambda: _prepare_photo(packet_file, sha)

        def write() -> tuple[Article, bool]:
            article, created = plan.existing, False
            if plan.existing is None and library.find_article_by_uuid(packet.uuid) is not None:
                raise _Refused(ArticleChangedError(packet.headline))  # taken meanwhile, elsewhere
            if plan.existing is not None and library.story_state(plan.existing.id) != plan.mine:
                raise _Refused(ArticleChangedError(plan.existing.headline))
            if changed:
                name = f"Merged packet from {sender}" if plan.is_update else f"Received packet from {sender}"
                article, created = library.take_story(
                    story,
                    revision_name=name,
                    new_photos=[photo_source(sha) for sha in needed],
                    photo_fields={sha: _editable(packet.photo(sha).fields) for sha in needed},
                )
            remember_shared_state(library, packet.story)
            _remember_taken(library, packet.packet_id)
            return article, created

        try:
            article, created = library.submit(write).result()
        except _Refused as refused:
            raise refused.error from None
    return TakenPacket(article, created, changed, taken, len(needed) if changed else 0)


def packet_was_taken(library, packet_id: str) -> bool:
    return bool(packet_id) and packet_id in (library.get_setting(TAKEN_SETTING) or [])


def _remember_taken(library, packet_id: str) -> None:
    if not packet_id:
        return
    taken = [i for i in (library.get_setting(TAKEN_SETTING) or []) if i != packet_id]
    library.set_setting(TAKEN_SETTING, [*taken, packet_id][-TAKEN_REMEMBERED:])


def _editable(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k in PhotoStore.PHOTO_EDITABLE_FIELDS}


def _differs(story: dict, mine: dict | None) -> bool:
    if mine is None:
        return True
    ours = {k: v for k, v in mine["fields"].items() if k != "slug"}
    theirs = {k: v for k, v in story["fields"].items() if k in ours}
    return ours != theirs or story["placements"] != mine["placements"]


class _Refused(InvalidFieldError):
    """The packet refused inside the write (a bad photo, an article changed meanwhile): an
    invalid request to the library, so the write is undone and not reported as the
    library's failure; take_packet unwraps it into the packet's own error."""

    def __init__(self, error: PacketError):
        super().__init__(str(error))
        self.error = error


def _prepare_photo(packet_file: PacketFile, sha: str) -> tuple[dict, bytes, dict[str, bytes]]:
    """(record, original, thumbnails) of a photo the library lacks, from the packet.

    Its metadata is read from the file itself (a header read, no decode), never taken from
    the packet's word. The sender's thumbnails are used when they are what they claim
    (small JPEG or PNG images); otherwise they are made here."""
    try:
        return _read_photo(packet_file, sha)
    except PacketError as exc:
        raise _Refused(exc) from None


def _read_photo(packet_file: PacketFile, sha: str) -> tuple[dict, bytes, dict[str, bytes]]:
    data = packet_file.read_photo(sha)
    photo = packet_file.packet.photo(sha)
    name = photo.original_name or Path(photo.member).name
    try:
        image, image_format = open_image(data, name)
        with image:
            info = describe_image(image, image_format, name)
        thumbnails = packet_file.read_thumbnails(sha)
        if set(thumbnails) != set(THUMBNAIL_BOXES) or not all(
            _fits(thumbnails[s], THUMBNAIL_BOXES[s]) for s in thumbnails
        ):
            thumbnails = make_thumbnails(data, name)
    except PhotoError as exc:
        raise PacketDamagedError(packet_file.path, f"its photo {exc}") from None
    return photo_record(info, sha256=sha, original_name=name, byte_size=len(data)), data, thumbnails


def _fits(data: bytes, box: tuple[int, int]) -> bool:
    """A JPEG or PNG no larger than its box: what the library's own thumbnails are."""
    try:
        with guarded_decoding("thumbnail"), Image.open(io.BytesIO(data), formats=["JPEG", "PNG"]) as image:
            width, height = image.size
    except (PhotoError, UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return 0 < width <= box[0] and 0 < height <= box[1]
