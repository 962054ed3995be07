"""Photo thumbnails as icons, read from the library once and kept while the window runs.

The library stores small JPEG/PNG/WebP thumbnails made at import, so decoding one is
well under a millisecond; the cache saves even that when a grid repaints.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QIcon, QPixmap

MAX_ICONS = 2000


class ThumbnailIcons:
    def __init__(self, size: str = "grid") -> None:
        self.size = size
        self.library = None
        self._icons: OrderedDict[int, QIcon] = OrderedDict()

    def set_library(self, library) -> None:
        self.library = library
        self._icons.clear()

    def icon(self, photo_id: int) -> QIcon:
        icon = self._icons.get(photo_id)
        if icon is not None:
            self._icons.move_to_end(photo_id)
            return icon
        icon = QIcon(self.pixmap(photo_id))
        self._icons[photo_id] = icon
        if len(self._icons) > MAX_ICONS:
            self._icons.popitem(last=False)
        return icon

    def pixmap(self, photo_id: int) -> QPixmap:
        pixmap = QPixmap()
        if self.library is None:
            return pixmap
        stored = self.library.photo_thumbnail(photo_id, self.size)
        if stored is not None:
            pixmap.loadFromData(stored[0])
        return pixmap
