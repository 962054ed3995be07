"""IPTC IIM (the 1990s newswire record format): decode what Pillow hands us, write our own.

Pillow reads IIM datasets as raw bytes and has no API to write them. Text is UTF-8 only
when dataset 1:90 says so (ESC % G); older tools wrote Latin-1/cp1252 or Mac Roman without
saying, so callers prefer the XMP copy whenever there is one.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

UTF8_MARKER = b"\x1b%G"  # ISO 2022 escape for UTF-8, dataset 1:90 CodedCharacterSet

# Dataset numbers (record 2, the application record) for the fields Copydesk uses.
OBJECT_NAME = (2, 5)
KEYWORDS = (2, 25)
DATE_CREATED = (2, 55)
TIME_CREATED = (2, 60)
BYLINE = (2, 80)
CITY = (2, 90)
COUNTRY = (2, 101)
HEADLINE = (2, 105)
CREDIT = (2, 110)
SOURCE = (2, 115)
COPYRIGHT = (2, 116)
CAPTION = (2, 120)

# Maximum octets per dataset as the IIM 4.2 specification sets them.
MAX_OCTETS = {
    BYLINE: 32,
    HEADLINE: 256,
    CREDIT: 32,
    SOURCE: 32,
    COPYRIGHT: 128,
    CAPTION: 2000,
}


def decode_iim(raw: dict | None) -> dict[tuple[int, int], str | list[str]]:
    """Turn Pillow's ``getiptcinfo`` result into text, honouring the 1:90 character set."""
    if not raw:
        return {}
    declared_utf8 = raw.get((1, 90)) == UTF8_MARKER
    decoded: dict[tuple[int, int], str | list[str]] = {}
    for key, value in raw.items():
        if key[0] != 2 or key == (2, 0):  # envelope record and record version are not text
            continue
        if isinstance(value, list):
            decoded[key] = [_decode_text(v, declared_utf8) for v in value]
        else:
            decoded[key] = _decode_text(value, declared_utf8)
    return decoded


def _decode_text(value: bytes, declared_utf8: bool) -> str:
    if declared_utf8:
        return value.decode("utf-8", errors="replace").strip()
    try:
        return value.decode("utf-8").strip()
    except UnicodeDecodeError:
        return value.decode("cp1252", errors="replace").strip()


def truncate_utf8(text: str, max_octets: int) -> bytes:
    """Encode ``text`` as UTF-8 in at most ``max_octets`` bytes without splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= max_octets:
        return encoded
    return encoded[:max_octets].decode("utf-8", errors="ignore").encode("utf-8")


def build_iim(fields: Iterable[tuple[tuple[int, int], str]]) -> bytes:
    """IIM datasets: 1:90 = UTF-8, 2:0 record version 4, then each non-empty field, truncated to its limit."""
    out = bytearray(_dataset((1, 90), UTF8_MARKER))
    out += _dataset((2, 0), b"\x00\x04")
    for key, text in fields:
        if text:
            out += _dataset(key, truncate_utf8(text, MAX_OCTETS.get(key, 2000)))
    return bytes(out)


def _dataset(key: tuple[int, int], payload: bytes) -> bytes:
    record, number = key
    return struct.pack(">BBBH", 0x1C, record, number, len(payload)) + payload


def photoshop_app13(iim: bytes) -> bytes:
    """A complete JPEG APP13 segment: "Photoshop 3.0" holding one 8BIM 0x0404 (IPTC) resource."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    if len(iim) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def splice_app13(jpeg: bytes, segment: bytes) -> bytes:
    """Insert an APP13 segment after the JPEG's leading APP0/APP1 segments (JFIF, EXIF, XMP).

    That is where Photoshop and Photo Mechanic put it, and where readers look first.
    """
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG stream")
    position = 2
    while jpeg[position] == 0xFF and jpeg[position + 1] in (0xE0, 0xE1):
        (length,) = struct.unpack(">H", jpeg[position + 2 : position + 4])
        position += 2 + length
    return jpeg[:position] + segment + jpeg[position:]
