"""The desk folder: a folder the newsroom already shares (Syncthing, Nextcloud, a network
share) through which packets travel. Copydesk has no network code of its own.

Each sender writes under `outbox/<sender>/` there, atomically, so the sync tool only ever
carries whole packets; every other desk's window lists what is in the other senders'
outboxes. Files a sync tool or an editor is still writing are passed over: Syncthing's
`.syncthing.*.tmp`, Nextcloud's `.part`, `~` backups, hidden files and our own
`.copydesk-partial` temporary names. A scan caches what it read by name, size and
modification time, so a rescan every few seconds reads only what changed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import DeskFolderError, PacketError
from .names import PACKET_SUFFIX
from .reading import read_packet
from .writing import packet_file_name, sender_name, write_packet

DESK_FOLDER_SETTING = "packets.desk_folder"
OUTBOX = "outbox"

_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')
_WINDOWS_DEVICE_NAME = re.compile(r"(?i)con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$")


@dataclass(frozen=True)
class IncomingPacket:
    """A packet in another sender's outbox, as the inbox lists it."""

    path: Path
    sender: str
    sent_at: str
    headline: str
    story_uuid: str
    packet_id: str
    error: str | None = None  # why it cannot be taken (damaged, too new...)


def desk_folder(library) -> Path | None:
    chosen = library.get_setting(DESK_FOLDER_SETTING)
    return Path(chosen) if isinstance(chosen, str) and chosen.strip() else None


def sender_folder_name(sender: str) -> str:
    """A sender's name as one folder name on any file system the sync tool may reach.

    Windows reserves device names (CON, NUL, COM1... also before a dot: "con.desk") and
    cannot hold a name ending in a dot or space; a sync tool on a Windows machine cannot
    make such a folder, so that desk would never see the packets. A reserved name gets
    `_` after it. The packet still carries the sender's name as typed, which is what
    the inbox shows."""
    cleaned = _UNSAFE_IN_NAME.sub("-", " ".join(sender.split())).strip(" .-")[:80].rstrip(" .-")
    stem, dot, rest = cleaned.partition(".")
    if _WINDOWS_DEVICE_NAME.fullmatch(stem.rstrip(" ")):
        cleaned = f"{stem.rstrip(' ')}_{dot}{rest}"
    return cleaned or "desk"


def send_to_desk(library, ref, folder: str | os.PathLike, *, sender: str | None = None) -> Path:
    """Write the article's packet into this sender's outbox in the desk folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DeskFolderError(folder, "it is not a folder (is the shared drive connected?)")
    sender = sender or sender_name(library)
    outbox = folder / OUTBOX / sender_folder_name(sender)
    try:
        outbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeskFolderError(folder, f"its outbox cannot be made ({exc.strerror or exc})") from None
    return write_packet(library, ref, outbox / packet_file_name(library, ref), sender=sender)


def is_finished_packet_name(name: str) -> bool:
    """Whether a file name is a whole packet, not something still being written."""
    lowered = name.lower()
    return (
        lowered.endswith(PACKET_SUFFIX)
        and not name.startswith((".", "~"))
        and ".syncthing." not in lowered
        and not lowered.endswith(("~", ".tmp", ".part", ".partial"))
    )


class DeskFolderScanner:
    """Lists the packets other senders left in a desk folder (never this sender's own)."""

    def __init__(self, folder: str | os.PathLike, own_sender: str):
        self.folder = Path(folder)
        self.own_folder = sender_folder_name(own_sender)
        self._cache: dict[Path, tuple[tuple[int, int], IncomingPacket]] = {}

    def watched_folders(self) -> list[Path]:
        """The folders whose changes may mean a new packet: the outbox and each sender's."""
        outbox = self.folder / OUTBOX
        folders = [self.folder, outbox]
        try:
            folders += sorted(p for p in outbox.iterdir() if p.is_dir())
        except OSError:
            pass
        return folders

    def scan(self) -> list[IncomingPacket]:
        """Every finished packet in the other outboxes, newest first."""
        found: list[IncomingPacket] = []
        seen: set[Path] = set()
        outbox = self.folder / OUTBOX
        try:
            senders = sorted(p for p in outbox.iterdir() if p.is_dir() and not p.name.startswith("."))
        except OSError:
            return []
        for sender_folder in senders:
            if sender_folder.name == self.own_folder:
                continue
            try:
                entries = list(os.scandir(sender_folder))
            except OSError:
                continue
            for entry in entries:
                if not is_finished_packet_name(entry.name) or not entry.is_file():
                    continue
                path = Path(entry.path)
                seen.add(path)
                try:
                    status = entry.stat()
                except OSError:
                    continue
                stamp = (status.st_size, status.st_mtime_ns)
                cached = self._cache.get(path)
                if cached is None or cached[0] != stamp:
                    cached = (stamp, _describe(path, sender_folder.name))
                    self._cache[path] = cached
                found.append(cached[1])
        for gone in set(self._cache) - seen:
            del self._cache[gone]
        return sorted(found, key=lambda p: (p.sent_at, p.path.name), reverse=True)


def _describe(path: Path, folder_sender: str) -> IncomingPacket:
    try:
        packet = read_packet(path)
    except PacketError as exc:
        return IncomingPacket(path, folder_sender, "", path.name, "", "", error=str(exc))
    except OSError as exc:
        return IncomingPacket(path, folder_sender, "", path.name, "", "", error=exc.strerror or str(exc))
    return IncomingPacket(
        path, packet.sender or folder_sender, packet.sent_at, packet.headline, packet.uuid, packet.packet_id
    )
