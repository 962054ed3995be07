"""The camera's own large previews inside a JPEG (CIPA DC-007 "Multi-Picture Format").

Most cameras write each JPEG as a Baseline MP file: an APP2 "MPF" segment indexes the
pictures in the file, the main image comes first and its large previews (a VGA-sized and a
full-HD-sized JPEG of the same picture) follow the main image's end marker. Decoding a
1620x1080 preview costs a tenth of decoding the 24-megapixel main image, even at libjpeg's
reduced DCT scales (the whole entropy-coded stream must be read either way).

Only what the index calls a "Large Thumbnail" is offered, and only when the index agrees
with the file: the main image ends exactly where the index says (so the file was neither
cut short nor re-encoded by a tool that kept a stale index) and each preview lies inside
the file and starts as a JPEG. Other MP pictures (the second eye of a stereo pair, the
frames of a panorama, an HDR gain map) are different pictures and are never offered.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

_SOI = b"\xff\xd8"
_EOI = b"\xff\xd9"
_SOS = 0xDA
_APP2 = 0xE2
_MPF_SIGNATURE = b"MPF\x00"
_NUMBER_OF_IMAGES = 0xB001
_MP_ENTRY = 0xB002
_UNDEFINED = 7
_ENTRY_SIZE = 16
# Image types of the specification's table 4 (the low 24 bits of an entry's attribute).
_BASELINE_PRIMARY = 0x030000
_LARGE_THUMBNAILS = (0x010001, 0x010002)  # VGA-equivalent, full-HD-equivalent
_JPEG_DATA_FORMAT = 0
# An index describes a handful of pictures; more than this is not a camera file.
_MAX_ENTRIES = 64


@dataclass(frozen=True)
class LargePreview:
    """Where one of the camera's large previews lies in the file."""

    start: int
    size: int

    def bytes_of(self, data: bytes) -> bytes:
        return data[self.start : self.start + self.size]


def large_previews(data: bytes) -> list[LargePreview]:
    """The camera's large previews in the JPEG ``data``, in index order; [] when it has none
    or when its index does not agree with the file."""
    header_at = _mp_index_position(data)
    if header_at is None:
        return []
    entries = _mp_entries(data, header_at)
    if not entries:
        return []
    main_attribute, main_size, main_offset = entries[0]
    if (
        main_attribute & 0xFFFFFF != _BASELINE_PRIMARY
        or main_offset != 0
        or not 4 <= main_size <= len(data)
        or data[main_size - 2 : main_size] != _EOI
    ):
        return []
    previews = []
    for attribute, size, offset in entries[1:]:
        if attribute & 0xFFFFFF not in _LARGE_THUMBNAILS or (attribute >> 24) & 0x7 != _JPEG_DATA_FORMAT:
            continue
        start = header_at + offset
        if offset == 0 or start < main_size or start + size > len(data) or data[start : start + 2] != _SOI:
            continue
        previews.append(LargePreview(start, size))
    return previews


def _mp_index_position(data: bytes) -> int | None:
    """Where the TIFF header of the first image's MPF segment starts (offsets count from it)."""
    if not data.startswith(_SOI):
        return None
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker == _SOS:
            return None  # the index belongs before the pixels
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2:
            return None
        if marker == _APP2 and data[position + 4 : position + 8] == _MPF_SIGNATURE:
            return position + 8
        position += 2 + length
    return None


def _mp_entries(data: bytes, header_at: int) -> list[tuple[int, int, int]]:
    """(attribute, size, offset) of each MP entry of the index at ``header_at``; [] if malformed."""
    order = data[header_at : header_at + 2]
    if order == b"II":
        endian = "<"
    elif order == b"MM":
        endian = ">"
    else:
        return []
    try:
        magic, ifd_offset = struct.unpack_from(endian + "HI", data, header_at + 2)
        if magic != 42:
            return []
        ifd_at = header_at + ifd_offset
        (tag_count,) = struct.unpack_from(endian + "H", data, ifd_at)
        count = None
        entries_at = None
        entries_length = 0
        for index in range(min(tag_count, 32)):
            tag, kind, length, value = struct.unpack_from(endian + "HHII", data, ifd_at + 2 + 12 * index)
            if tag == _NUMBER_OF_IMAGES:
                count = struct.unpack_from(endian + "I", data, ifd_at + 2 + 12 * index + 8)[0]
            elif tag == _MP_ENTRY and kind == _UNDEFINED:
                entries_at, entries_length = header_at + value, length
        if (
            count is None
            or entries_at is None
            or not 1 <= count <= _MAX_ENTRIES
            or entries_length != _ENTRY_SIZE * count
        ):
            return []
        return [struct.unpack_from(endian + "III", data, entries_at + _ENTRY_SIZE * index) for index in range(count)]
    except struct.error:  # the index runs past the end of the file
        return []
