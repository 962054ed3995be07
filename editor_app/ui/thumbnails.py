"""Photo thumbnails as pixmaps, read from the library once and kept while the window runs.

The library stores small JPEG/PNG/WebP thumbnails made at import, so decoding one is
well under a millisecond; the cache saves even that when a contact sheet repaints.
Tiles are drawn at the zoom slider's size, so each photo is also kept scaled to the
current tile edge: a scroll then only blits pixmaps, and scaling happens once per
photo and zoom step, not once per frame.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap

MAX_PIXMAPS = 3000


class ThumbnailIcons:
    def __init__(self, size: str = "grid") -> None:
        self.size = size
        self.library = None
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()
        self._scaled: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()

    def set_library(self, library) -> None:
        self.library = library
        self._pixmaps.clear()
        self._scaled.clear()

    def icon(self, photo_id: int) -> QIcon:
        return QIcon(self.pixmap(photo_id))

    def pixmap(self, photo_id: int) -> QPixmap:
        """The stored thumbnail at its own size (an empty pixmap when there is none)."""
        pixmap = self._pixmaps.get(photo_id)
        if pixmap is not None:
            self._pixmaps.move_to_end(photo_id)
            return pixmap
        pixmap = QPixmap()
        if self.library is not None:
            stored = self.library.photo_thumbnail(photo_id, self.size)
            if stored is not None:
                pixmap.loadFromData(stored[0])
        _remember(self._pixmaps, photo_id, pixmap)
        return pixmap

    def scaled(self, photo_id: int, edge: int) -> QPixmap:
        """The thumbnail fitted in an `edge`-pixel square, scaled once and kept."""
        key = (photo_id, edge)
        pixmap = self._scaled.get(key)
        if pixmap is not None:
            self._scaled.move_to_end(key)
            return pixmap
        source = self.pixmap(photo_id)
        if source.isNull() or (source.width() <= edge and source.height() <= edge):
            pixmap = source
        else:
            pixmap = source.scaled(edge, edge, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        _remember(self._scaled, key, pixmap)
        return pixmap


def _remember(cache: OrderedDict, key, value) -> None:
    cache[key] = value
    if len(cache) > MAX_PIXMAPS:
        cache.popitem(last=False)
