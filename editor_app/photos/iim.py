"""IPTC IIM (the 1990s newswire record format) and the Photoshop resources that carry it.

Pillow's IIM parser turns a dataset present with a zero-length value (common in files from
Photoshop 7-era tools and agency pipelines) into ``None`` and has no API to write, so both
directions are done here: ``parse_iim`` reads the datasets as bytes (an empty value is just
empty), ``parse_photoshop_resources`` the 8BIM resource blocks (JPEG APP13, TIFF tag
34377, ImageMagick's PNG raw profiles) that hold the IIM block and its ``IPTCDigest``.
Text is UTF-8 only when dataset 1:90 says so (ESC % G); older tools wrote Latin-1/cp1252
or Mac Roman without saying, so undeclared text is tried as UTF-8 first (right more often
than exiftool's Latin-1 default), then cp1252.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable

UTF8_MARKER = b"\x1b%G"
IPTC_RESOURCE = 0x0404  # Photoshop image resource holding the IIM block
IPTC_DIGEST_RESOURCE = 0x0425  # MD5 of the IIM block when the XMP was last synchronised  # ISO 2022 escape for UTF-8, dataset 1:90 CodedCharacterSet

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


RawDatasets = dict[tuple[int, int], "bytes | list[bytes]"]


def parse_iim(block: bytes | None) -> RawDatasets:
    """The datasets of an IIM block as bytes, a repeated dataset as a list (as Pillow shapes them).

    Reading stops quietly at the first byte that does not start a dataset (padding, a
    damaged tail): what came before is still the file's metadata.
    """
    datasets: RawDatasets = {}
    if not block:
        return datasets
    position = 0
    while position + 5 <= len(block) and block[position] == 0x1C:
        record, number, length = block[position + 1], block[position + 2], struct.unpack_from(">H", block, position + 3)[0]
        position += 5
        if length & 0x8000:  # extended dataset: the low bits give how many bytes hold the length
            size_bytes = length & 0x7FFF
            if size_bytes > 4 or position + size_bytes > len(block):
                break
            length = int.from_bytes(block[position : position + size_bytes], "big")
            position += size_bytes
        value = block[position : position + length]
        position += length
        key = (record, number)
        if key in datasets:
            previous = datasets[key]
            datasets[key] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            datasets[key] = value
    return datasets


def parse_photoshop_resources(data: bytes | None) -> dict[int, bytes]:
    """Photoshop image resources ("8BIM" blocks) by id; a damaged tail ends the list quietly."""
    resources: dict[int, bytes] = {}
    if not data:
        return resources
    if data.startswith(b"Photoshop 3.0\x00"):
        data = data[14:]
    position = 0
    while data[position : position + 4] == b"8BIM" and position + 12 <= len(data):
        (resource_id,) = struct.unpack_from(">H", data, position + 4)
        name_length = data[position + 6]
        position += 7 + name_length
        position += position & 1  # the Pascal name is padded to an even length
        if position + 4 > len(data):
            break
        (size,) = struct.unpack_from(">I", data, position)
        position += 4
        resources.setdefault(resource_id, data[position : position + size])
        position += size + (size & 1)
    return resources


def iptc_digest_is_stale(iim_block: bytes | None, stored_digest: bytes | None) -> bool:
    """True when a legacy tool changed the IIM block after the XMP was last synchronised.

    The Metadata Working Group's rule: the digest Photoshop stored no longer matches the MD5
    of the current block. An absent digest, or one of all zeros (as some tools write it),
    says nothing, so it is not stale.
    """
    if not iim_block or not stored_digest or len(stored_digest) != 16 or not any(stored_digest):
        return False
    return hashlib.md5(iim_block, usedforsecurity=False).digest() != stored_digest


def decode_iim(raw: dict | None) -> dict[tuple[int, int], str | list[str]]:
    """Turn raw datasets (from ``parse_iim``) into text, honouring the 1:90 character set."""
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


def _decode_text(value: bytes | None, declared_utf8: bool) -> str:
    if not value:  # an empty dataset is an empty value
        return ""
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
