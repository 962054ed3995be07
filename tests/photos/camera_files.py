"""Build JPEGs the way cameras write them: a main image followed by its own large preview.

A camera JPEG is a Baseline MP file (CIPA DC-007, "Multi-Picture Format"): an APP2 "MPF"
segment right after the APP1 EXIF segment holds an index of the pictures in the file, and
after the main image's end marker come the camera's "Large Thumbnail" previews (VGA and
full-HD sized JPEGs of the same picture). Pillow's MPO writer marks extra pictures as
"Undefined", not as previews, so the index is assembled here byte by byte.

Used by the thumbnail tests and by ``bench/card_import.py`` (which makes a card of them).
"""

from __future__ import annotations

import io
import struct

from PIL import Image

# MP entry attribute: the image-type codes of the specification's table 4.
BASELINE_PRIMARY = 0x030000
LARGE_THUMBNAIL_VGA = 0x010001
LARGE_THUMBNAIL_FULL_HD = 0x010002
DISPARITY = 0x020002  # the other eye of a stereo pair: a different picture, never a preview
_REPRESENTATIVE_IMAGE = 1 << 29
_FULL_HD = (1920, 1080)


def jpeg_bytes(image: Image.Image, quality: int = 85, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, **options)
    return out.getvalue()


def camera_preview_of(image: Image.Image, box: tuple[int, int] = _FULL_HD) -> bytes:
    """The full-HD preview a camera stores of ``image``: the same picture fitted into ``box``."""
    preview = image.copy()
    preview.thumbnail(box, Image.Resampling.BILINEAR)
    return jpeg_bytes(preview.convert("RGB"), quality=80)


def with_previews(main: bytes, previews: list[tuple[int, bytes]]) -> bytes:
    """``main`` (a JPEG) with ``previews`` ((image type, JPEG bytes) each) appended and indexed.

    The MPF segment goes after the leading APP0/APP1 segments, where cameras put it; the
    offsets of the appended pictures count from the start of its TIFF header, as the
    specification says, and the main image's size covers everything up to its end marker.
    """
    position = 2
    while main[position] == 0xFF and main[position + 1] in (0xE0, 0xE1):
        position += 2 + int.from_bytes(main[position + 2 : position + 4], "big")
    count = 1 + len(previews)
    entries_offset = 8 + 2 + 3 * 12 + 4  # TIFF header, entry count, three entries, next-IFD offset
    segment_length = 2 + 4 + entries_offset + 16 * count
    header_at = position + 4 + 4  # marker, length, "MPF\0"
    main_size = len(main) + 2 + segment_length
    entries = [(_REPRESENTATIVE_IMAGE | BASELINE_PRIMARY, main_size, 0)]
    next_at = main_size
    for image_type, data in previews:
        entries.append((image_type, len(data), next_at - header_at))
        next_at += len(data)
    index = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 3)
    index += struct.pack("<HHI4s", 0xB000, 7, 4, b"0100")
    index += struct.pack("<HHII", 0xB001, 4, 1, count)
    index += struct.pack("<HHII", 0xB002, 7, 16 * count, entries_offset)
    index += struct.pack("<I", 0)
    index += b"".join(struct.pack("<IIIHH", attribute, size, offset, 0, 0) for attribute, size, offset in entries)
    segment = b"\xff\xe2" + struct.pack(">H", segment_length) + b"MPF\x00" + index
    assert len(segment) == 2 + segment_length
    return main[:position] + segment + main[position:] + b"".join(data for _, data in previews)


def camera_jpeg(
    image: Image.Image, *, preview: Image.Image | None = None, exif: bytes | None = None, **options
) -> bytes:
    """``image`` as a camera writes it: with a full-HD preview of itself (or of ``preview``)."""
    main = jpeg_bytes(image, exif=exif, **options) if exif else jpeg_bytes(image, **options)
    return with_previews(main, [(LARGE_THUMBNAIL_FULL_HD, camera_preview_of(preview or image))])
