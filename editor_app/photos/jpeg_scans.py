"""Does a JPEG hold enough pixel data for the size its header declares?

libjpeg treats image data that stops early at a marker (the end-of-image marker, say) as a
warning and fills the rest of the picture with grey; Pillow ignores libjpeg's warnings. So a
file whose header says 9000x9000 over the data of a 64x48 thumbnail decodes "successfully"
and would be stored as a 81-megapixel photo. Truncation without an end marker is caught by
Pillow itself (``LOAD_TRUNCATED_IMAGES`` stays False); this catches the rest.

The check is a lower bound, so it never refuses a sound file: every 8x8 block of a Huffman-
coded scan costs at least one code word per coefficient group it must contain (a baseline
block needs a DC code and at least one AC code, the end-of-block; a progressive DC scan
needs a DC code, or one bit when refining), and a code word is at least as long as the
shortest code in the scan's table. A scan with fewer bytes than its blocks require cannot
be complete. Arithmetic-coded and lossless JPEGs, which have no such bound, are left to
the decoder. It reads only marker segments and searches for the end of each scan, so it
costs a few milliseconds for a 24-megapixel photo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import ceil

from editor_app.photos.errors import TruncatedImageError

_SOI = b"\xff\xd8"
_EOI = 0xD9
_SOS = 0xDA
_DHT = 0xC4
# Start-of-frame markers of Huffman-coded DCT images: baseline, extended, progressive.
_SEQUENTIAL_FRAMES = {0xC0, 0xC1}
_PROGRESSIVE_FRAMES = {0xC2}
# Every other start of frame (lossless, hierarchical, arithmetic-coded): no bound is checked.
_OTHER_FRAMES = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
# Markers with no length field.
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
# Inside a scan, 0xFF is followed by 0x00 (a stuffed byte) or a restart marker; anything
# else ends the scan.
_END_OF_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7]")


@dataclass(frozen=True)
class _Frame:
    width: int
    height: int
    progressive: bool
    sampling: dict[int, tuple[int, int]]  # component id -> (horizontal, vertical) factors

    @property
    def max_sampling(self) -> tuple[int, int]:
        return max(h for h, _ in self.sampling.values()), max(v for _, v in self.sampling.values())


def require_complete_scans(data: bytes, name: str) -> None:
    """Raise TruncatedImageError when a scan of the JPEG ``data`` is too short for its frame.

    Anything it cannot follow (an odd structure, a format it does not bound) is left to the
    decoder, which refuses what is really broken: this only ever adds a refusal that is certain.
    """
    if not data.startswith(_SOI):
        return
    frame: _Frame | None = None
    shortest_code: dict[tuple[int, int], int] = {}  # (class 0=DC 1=AC, table id) -> bits
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return  # not at a marker: leave the verdict to the decoder
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        if marker == _EOI:
            return
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segment = data[position + 4 : position + 2 + length]
        if length < 2 or len(segment) != length - 2:
            return
        position += 2 + length
        if marker in _OTHER_FRAMES:
            return
        if marker in _SEQUENTIAL_FRAMES or marker in _PROGRESSIVE_FRAMES:
            frame = _parse_frame(segment, progressive=marker in _PROGRESSIVE_FRAMES)
            if frame is None:
                return
        elif marker == _DHT:
            if not _parse_huffman_tables(segment, shortest_code):
                return
        elif marker == _SOS:
            if frame is None:
                return
            needed_bits = _least_bits(frame, segment, shortest_code)
            if needed_bits is None:
                return
            # Look for the scan's end only as far as it must reach: for the usual camera JPEG
            # (one scan holding every component) nothing after it matters, so the check reads
            # a few hundred kilobytes rather than the whole file.
            needed_bytes = ceil(needed_bits / 8)
            end = _END_OF_SCAN.search(data, position, position + needed_bytes + 1)
            if end is not None or len(data) - position < needed_bytes:
                raise TruncatedImageError(
                    name,
                    f"its pixel data is truncated: the header declares {frame.width}x{frame.height} pixels "
                    "but the file holds far too little image data for them (a damaged file or a forged header)",
                )
            if not frame.progressive and segment[0] == len(frame.sampling):
                return
            end = _END_OF_SCAN.search(data, position + needed_bytes)
            position = end.start() if end else len(data)


def _parse_frame(segment: bytes, *, progressive: bool) -> _Frame | None:
    if len(segment) < 6:
        return None
    height = int.from_bytes(segment[1:3], "big")
    width = int.from_bytes(segment[3:5], "big")
    count = segment[5]
    if height == 0 or width == 0 or count == 0 or len(segment) < 6 + 3 * count:
        return None  # a height given later (DNL) or a broken header: the decoder decides
    sampling = {}
    for index in range(count):
        component_id, factors = segment[6 + 3 * index], segment[7 + 3 * index]
        horizontal, vertical = factors >> 4, factors & 0x0F
        if not (1 <= horizontal <= 4 and 1 <= vertical <= 4):
            return None
        sampling[component_id] = (horizontal, vertical)
    return _Frame(width, height, progressive, sampling)


def _parse_huffman_tables(segment: bytes, shortest_code: dict[tuple[int, int], int]) -> bool:
    offset = 0
    while offset < len(segment):
        if offset + 17 > len(segment):
            return False
        table_class, table_id = segment[offset] >> 4, segment[offset] & 0x0F
        counts = segment[offset + 1 : offset + 17]
        lengths = [bits for bits, count in enumerate(counts, start=1) if count]
        if table_class > 1 or not lengths:
            return False
        shortest_code[(table_class, table_id)] = lengths[0]
        offset += 17 + sum(counts)
    return offset == len(segment)


def _least_bits(frame: _Frame, segment: bytes, shortest_code: dict[tuple[int, int], int]) -> int | None:
    """The fewest bits a complete scan described by the SOS ``segment`` can take."""
    if not segment:
        return None
    count = segment[0]
    if len(segment) < 1 + 2 * count + 3:
        return None
    spectral_start = segment[1 + 2 * count]
    refining = segment[3 + 2 * count] >> 4  # Ah: a later pass over bits already sent
    if frame.progressive and spectral_start > 0:
        return 0  # AC passes can cover thousands of empty blocks with one end-of-band run
    max_h, max_v = frame.max_sampling
    total = 0
    for index in range(count):
        component_id, tables = segment[1 + 2 * index], segment[2 + 2 * index]
        if component_id not in frame.sampling:
            return None
        horizontal, vertical = frame.sampling[component_id]
        if count == 1:  # a non-interleaved scan covers exactly the component's blocks
            blocks = ceil(ceil(frame.width * horizontal / max_h) / 8) * ceil(ceil(frame.height * vertical / max_v) / 8)
        else:  # an interleaved scan covers whole MCUs
            blocks = ceil(frame.width / (8 * max_h)) * ceil(frame.height / (8 * max_v)) * horizontal * vertical
        if frame.progressive:
            per_block = 1 if refining else shortest_code.get((0, tables >> 4), 1)
        else:
            per_block = shortest_code.get((0, tables >> 4), 1) + shortest_code.get((1, tables & 0x0F), 1)
        total += blocks * per_block
    return total
