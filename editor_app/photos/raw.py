"""Recognise camera RAW files, which are TIFF-like but not photos Copydesk can show.

A RAW file starts like a TIFF (or like nothing Pillow knows) and its first IFD is often a
tiny preview: opened as a TIFF it would import as a 1x1 or 8x8 "photo", or fail as
"truncated". So they are recognised before Pillow sees them: by their own magic bytes
(CR2, ORF, RW2, RAF, IIQ, CRW, CR3, X3F, MRW) or, for the many that are plain TIFF
structures (DNG, NEF, ARW, PEF, ...), by the first IFD: a ``DNGVersion`` tag, a colour
filter array photometric, a RAW-only compression, or a camera ``Make`` with a reduced
resolution first image and sub-IFDs (how NEF, ARW and PEF lay out their preview and data).
"""

from __future__ import annotations

import struct

RAW_REFUSAL = "camera RAW file ({kind}): export a JPEG or TIFF from your RAW converter first"

# Magic bytes at a fixed offset -> the RAW format they announce.
_RAW_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"FUJIFILMCCD-RAW", "Fujifilm RAF"),
    (0, b"IIRO", "Olympus ORF"),
    (0, b"IIRS", "Olympus ORF"),
    (0, b"MMOR", "Olympus ORF"),
    (0, b"IIU\x00", "Panasonic RW2"),
    (0, b"IIII", "Phase One IIQ"),
    (0, b"FOVb", "Sigma X3F"),
    (0, b"\x00MRM", "Minolta MRW"),
    (6, b"HEAPCCDR", "Canon CRW"),
    (4, b"ftypcrx ", "Canon CR3"),
)

_DNG_VERSION = 0xC612
_MAKE = 0x010F
_NEW_SUBFILE_TYPE = 0x00FE
_SUB_IFDS = 0x014A
_COMPRESSION = 0x0103
_PHOTOMETRIC = 0x0106
_CFA_PHOTOMETRICS = {32803, 34892}  # colour filter array, LinearRaw
# Compressions only RAW writers use (Nikon NEF, Sony ARW, Kodak, Pentax, Samsung, lossy DNG).
_RAW_COMPRESSIONS = {32767, 32769, 32770, 32772, 34713, 34892, 65000, 65535}
_RAW_EXTENSIONS = {
    ".3fr", ".arw", ".cr2", ".crw", ".dcr", ".dng", ".erf", ".iiq", ".k25", ".kdc", ".mef", ".mos",
    ".mrw", ".nef", ".nrw", ".orf", ".pef", ".raf", ".raw", ".rw2", ".rwl", ".sr2", ".srf", ".srw", ".x3f",
}  # fmt: skip


def identify_raw(data: bytes, name: str = "") -> str | None:
    """The kind of camera RAW ``data`` is ("Canon CR2", "DNG", ...), or None when it is not one."""
    for offset, magic, kind in _RAW_SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return kind
    if data[:4] not in (b"II*\x00", b"MM\x00*"):
        return None
    if data[8:10] == b"CR":
        return "Canon CR2"
    tags = first_ifd_tags(data)
    if _DNG_VERSION in tags:
        return "DNG"
    if tags.get(_PHOTOMETRIC) in _CFA_PHOTOMETRICS or tags.get(_COMPRESSION) in _RAW_COMPRESSIONS:
        return _maker_kind(data, tags)
    if _MAKE in tags:
        reduced_preview = tags.get(_NEW_SUBFILE_TYPE, 0) & 1 and _SUB_IFDS in tags
        if reduced_preview or name.lower().endswith(tuple(_RAW_EXTENSIONS)):
            return _maker_kind(data, tags)
    return None


def _maker_kind(data: bytes, tags: dict[int, int]) -> str:
    make = _ascii_at(data, tags.get(_MAKE))
    return f"{make.split()[0]} RAW" if make else "RAW"


def first_ifd_tags(data: bytes) -> dict[int, int]:
    """Tag -> value (first number, or the value's file offset for ASCII Make) of IFD0; {} if unreadable."""
    order = "<" if data[:2] == b"II" else ">"
    try:
        (offset,) = struct.unpack_from(order + "I", data, 4)
        (count,) = struct.unpack_from(order + "H", data, offset)
        tags: dict[int, int] = {}
        for index in range(min(count, 512)):
            tag, kind, number = struct.unpack_from(order + "HHI", data, offset + 2 + index * 12)
            value_at = offset + 2 + index * 12 + 8
            if tag == _MAKE:
                # (offset, length) of the ASCII text: inline when four bytes or fewer.
                start = value_at if number <= 4 else struct.unpack_from(order + "I", data, value_at)[0]
                tags[tag] = (start << 16) | min(number, 0xFFFF)
            elif kind == 3:  # SHORT
                tags[tag] = struct.unpack_from(order + "H", data, value_at)[0]
            else:
                tags[tag] = struct.unpack_from(order + "I", data, value_at)[0]
        return tags
    except struct.error:
        return {}


def _ascii_at(data: bytes, packed: int | None) -> str:
    if packed is None:
        return ""
    start, length = packed >> 16, packed & 0xFFFF
    text = data[start : start + length].split(b"\x00", 1)[0]
    return text.decode("ascii", errors="replace").strip().title()
