"""Errors about story packets. Each says what is wrong with which file, in one sentence,
and none of them is raised after anything was written: a packet is checked whole before
the library changes, and taking it in is one transaction."""

from __future__ import annotations


class PacketError(Exception):
    """Base class for every story packet problem a user can meet."""


class NotAPacketError(PacketError):
    def __init__(self, path, reason: str):
        super().__init__(f"{path} is not a Copydesk story packet: {reason}. Nothing was changed.")
        self.path = path


class PacketDamagedError(PacketError):
    def __init__(self, path, reason: str):
        super().__init__(f"{path} is damaged ({reason}); ask the sender to send it again. Nothing was changed.")
        self.path = path
        self.reason = reason


class PacketTooNewError(PacketError):
    def __init__(self, path, version, supported: int):
        super().__init__(
            f"{path} was made by a newer Copydesk (packet format version {version}; this one reads up to "
            f"{supported}); update Copydesk to take it in. Nothing was changed."
        )
        self.path = path


class UnsafePacketError(PacketError):
    """A member name that would reach outside the packet, or sizes that would exhaust memory."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path} was refused as unsafe: {reason}. Nothing was changed.")
        self.path = path
        self.reason = reason


class MissingPhotoError(PacketError):
    def __init__(self, path, sha256: str, where: str):
        super().__init__(
            f"{path} is incomplete: the photo {sha256[:12]}... that {where} is not in the packet. Nothing was changed."
        )
        self.path = path
        self.sha256 = sha256


class UnresolvedConflictsError(PacketError):
    """A merge was asked to finish while some conflicts had no side chosen."""

    def __init__(self, keys: list[str]):
        super().__init__(
            f"{len(keys)} conflict(s) have no side chosen: {', '.join(keys)}. "
            "Choose with --take mine|theirs, or --take FIELD=mine|theirs for each. Nothing was changed."
        )
        self.keys = keys


class UnknownConflictError(PacketError):
    def __init__(self, name: str, known: list[str]):
        listed = ", ".join(known) if known else "there are none"
        super().__init__(f"--take {name}: no conflict is named {name!r} ({listed}).")
        self.name = name


class ArticleChangedError(PacketError):
    def __init__(self, headline: str):
        super().__init__(
            f"“{headline}” changed in this library while the packet was being taken; take the packet again "
            "to merge it with the latest version. Nothing was changed."
        )


class DeskFolderError(PacketError):
    def __init__(self, folder, reason: str):
        super().__init__(f"The desk folder {folder} cannot be used: {reason}.")
        self.folder = folder


class UnsendableStoryError(PacketError):
    """A story the library holds but no receiver would accept: said before anything is written."""

    def __init__(self, headline: str, reason: str):
        super().__init__(f"“{headline}” cannot be sent: {reason}. No packet was written.")
        self.reason = reason
