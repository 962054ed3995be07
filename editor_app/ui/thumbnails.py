"""Photo thumbnails as pixmaps, read from the library once and kept while the window runs.

The library stores small JPEG/PNG/WebP thumbnails made at import. Tiles are drawn at
the zoom slider's size, so each photo is also kept scaled to the current tile edge: a
scroll then only blits pixmaps, and scaling happens once per photo and zoom step.

With `workers`, thumbnails not yet in memory are read, decoded and scaled to the tile
edge in a pool thread, a batch at a time: `scaled_if_ready` answers None at once, and
`thumbnailsReady(photo ids)` tells the sheet which tiles to repaint when they arrive.
Scrolling through thousands of photos then never waits for SQLite, a JPEG decoder or a
smooth scaling on the GUI thread. Without workers (dialogs, tests) they are read on the
spot; either way one is well under a millisecond.
"""

from __future__ import annotations

import io
import sys
from collections import OrderedDict
from functools import partial

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon, QImage, QPixmap

# Thumbnails kept in memory, by what they cost rather than how many: 3,000 of them at
# the largest zoom held 500-800 MB after a scroll through a large library.
THUMBNAIL_CACHE_PIXELS = 16_000_000  # about 64 MB each for stored and scaled thumbnails
# Thumbnails read per worker job: three rows of tiles at the default zoom (160 px), and
# the same area in pixels at other zooms. Every tile of a batch is repainted in the frame
# it arrives: 24 tiles at 320 px took a frame to 14 ms of the GUI thread's time.
BATCH_TILES = 24
BATCH_PIXELS = BATCH_TILES * 160 * 160


def batch_size(edge: int) -> int:
    """How many thumbnails fitted to `edge` one worker job reads."""
    return max(4, min(BATCH_TILES, BATCH_PIXELS // max(1, edge * edge)))


class PixmapCache:
    """Least recently used pixmaps, kept within a budget of pixels (what they cost in
    memory) however large each is: many small tiles or a few large ones."""

    def __init__(self, max_pixels: int) -> None:
        self.max_pixels = max_pixels
        self.pixels = 0
        self._items: OrderedDict[object, QPixmap] = OrderedDict()

    def get(self, key) -> QPixmap | None:
        pixmap = self._items.get(key)
        if pixmap is not None:
            self._items.move_to_end(key)
        return pixmap

    def put(self, key, pixmap: QPixmap) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.pixels -= _cost(old)
        self._items[key] = pixmap
        self.pixels += _cost(pixmap)
        while self.pixels > self.max_pixels and len(self._items) > 1:
            self.pixels -= _cost(self._items.popitem(last=False)[1])

    def clear(self) -> None:
        self._items.clear()
        self.pixels = 0

    def __contains__(self, key) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)


def _cost(pixmap: QPixmap) -> int:
    return max(1, pixmap.width() * pixmap.height())  # an empty one still takes a place


def read_thumbnails(library, photo_ids: list[int], size: str, edge: int | None = None) -> dict[int, QImage]:
    """A worker job: the stored thumbnails decoded and, with `edge`, fitted in an `edge`-pixel
    square (QImage, unlike QPixmap, is safe off the GUI thread)."""
    stored = library.photo_thumbnails(photo_ids, size)  # one query for the batch
    return {photo_id: decode_tile(stored[photo_id][0], edge) if photo_id in stored else QImage()
            for photo_id in photo_ids}  # fmt: skip


def decode_tile(data: bytes, edge: int | None = None) -> QImage:
    """A stored thumbnail as a screen-ready image, fitted in an `edge`-pixel square.

    Decoded and scaled by Pillow, which lets go of the GIL while it works: QImage's own
    decoder and smooth scaling hold it for the whole call, and the GUI thread, which
    needs it to paint, then waited several milliseconds a frame while the sheet
    scrolled. Handed over premultiplied in Qt's native 32-bit layout, so turning it
    into a pixmap on the GUI thread converts nothing. Empty when the data is damaged:
    the tile stays blank.
    """
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as opened:
            if edge is not None:
                opened.draft("RGB", (edge, edge))  # a JPEG decodes at a smaller scale when it can
            image = opened.convert("RGBA")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return QImage()
    if edge is not None and (image.width > edge or image.height > edge):
        image.thumbnail((edge, edge), Image.Resampling.BICUBIC)
    image = image.convert("RGBa")  # premultiplied alpha: what Qt paints from without converting
    if sys.byteorder == "little":
        pixels, layout = image.tobytes("raw", "BGRa"), QImage.Format.Format_ARGB32_Premultiplied
    else:
        pixels, layout = image.tobytes("raw", "RGBa"), QImage.Format.Format_RGBA8888_Premultiplied
    return QImage(pixels, image.width, image.height, 4 * image.width, layout).copy()


def read_tiles(library, photo_ids: list[int], size: str, edge: int) -> tuple[int, dict[int, QImage]]:
    """A worker job: (edge, the thumbnails fitted to it), for the tiles drawn at that edge."""
    return edge, read_thumbnails(library, photo_ids, size, edge)


class ThumbnailIcons(QObject):
    thumbnailsReady = Signal(list)  # ids of the photos whose tiles can be drawn now

    def __init__(self, size: str = "grid", workers=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.size = size
        self.workers = workers
        self.library = None
        self._pixmaps = PixmapCache(THUMBNAIL_CACHE_PIXELS)  # by photo: as stored
        self._scaled = PixmapCache(THUMBNAIL_CACHE_PIXELS)  # by (photo, edge): fitted to a tile
        self._wanted: dict[tuple[int, int], None] = {}  # (photo, edge) asked for, not yet sent (ordered)
        self._in_flight: set[tuple[int, int]] = set()
        self._generation = 0
        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setInterval(0)  # after the paint that asked: one job per frame
        self._batch_timer.timeout.connect(self._read_wanted)

    def set_library(self, library) -> None:
        self.library = library
        self._pixmaps.clear()
        self._scaled.clear()
        self._wanted.clear()
        self._in_flight.clear()
        self._generation += 1  # what a read still under way brings back is for the library before

    def kept_pixels(self) -> int:
        """What the thumbnails kept in memory cost, in pixels (4 bytes each)."""
        return self._pixmaps.pixels + self._scaled.pixels

    def icon(self, photo_id: int) -> QIcon:
        return QIcon(self.pixmap(photo_id))

    def pixmap(self, photo_id: int) -> QPixmap:
        """The stored thumbnail at its own size, read now if need be (empty when there is none)."""
        pixmap = self._pixmaps.get(photo_id)
        if pixmap is not None:
            return pixmap
        pixmap = QPixmap()
        if self.library is not None:
            stored = self.library.photo_thumbnail(photo_id, self.size)
            if stored is not None:
                pixmap.loadFromData(stored[0])
        self._pixmaps.put(photo_id, pixmap)
        return pixmap

    def scaled(self, photo_id: int, edge: int) -> QPixmap:
        """The thumbnail fitted in an `edge`-pixel square, read now if need be."""
        return self._scaled_from(photo_id, edge, self.pixmap(photo_id))

    def scaled_if_ready(self, photo_id: int, edge: int) -> QPixmap | None:
        """Like `scaled`, but None (and a read queued) when the thumbnail is not in memory
        at that edge yet: a worker reads and scales it."""
        key = (photo_id, edge)
        pixmap = self._scaled.get(key)
        if pixmap is not None:
            return pixmap
        source = self._pixmaps.get(photo_id)
        if source is None and (self.workers is None or self.library is None):
            return self.scaled(photo_id, edge)
        if source is None:
            if key not in self._in_flight:
                self._wanted[key] = None
                self._batch_timer.start()
            return None
        return self._scaled_from(photo_id, edge, source)

    def _scaled_from(self, photo_id: int, edge: int, source: QPixmap) -> QPixmap:
        key = (photo_id, edge)
        pixmap = self._scaled.get(key)
        if pixmap is not None:
            return pixmap
        if source.isNull() or (source.width() <= edge and source.height() <= edge):
            pixmap = source
        else:
            pixmap = source.scaled(edge, edge, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        self._scaled.put(key, pixmap)
        return pixmap

    @Slot()
    def _read_wanted(self) -> None:
        # One read at a time: what is asked meanwhile waits for it and goes as one batch.
        # On a two-core laptop, two readers and the GUI thread would leave the GUI thread
        # waiting for a core in the middle of a frame.
        if not self._wanted or self.library is None or self._in_flight:
            return
        # The tiles asked for last first: while the sheet scrolls fast they are the ones
        # on screen; those scrolled past are read after. A batch at most a few rows, so
        # the frame that draws its arrival stays short.
        edge = next(reversed(self._wanted))[1]  # one edge at a time: another only while the zoom moves
        batch = [key for key in reversed(self._wanted) if key[1] == edge][: batch_size(edge)]
        for key in batch:
            del self._wanted[key]
        self._in_flight.update(batch)
        self.workers.submit(read_tiles, self.library, [photo_id for photo_id, _edge in batch], self.size, edge,
                            on_result=partial(self._thumbnails_read, self._generation),
                            on_error=partial(self._thumbnails_failed, self._generation))  # fmt: skip

    def _thumbnails_read(self, generation: int, read: tuple[int, dict]) -> None:
        if generation != self._generation:
            return  # read from the library shown before
        edge, images = read
        self._in_flight.clear()
        for photo_id, image in images.items():
            self._scaled.put((photo_id, edge), QPixmap.fromImage(image))
        self.thumbnailsReady.emit(list(images))
        if self._wanted:
            self._batch_timer.start()

    def _thumbnails_failed(self, generation: int, failure) -> None:
        """The library closed or refused the read: the tiles stay blank, asked for again when painted."""
        from .writes import is_user_facing, report_unexpected

        if generation == self._generation:
            self._in_flight.clear()
        if not is_user_facing(failure.error):
            report_unexpected(failure.error)

