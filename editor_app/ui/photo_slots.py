"""Photo slots on the caption desk: a wire story's captions waiting for their photos.

A slot is drawn as an empty tile (a dashed frame saying "Drop a photo here") with its
number, its problem badge and its missing-credit and alt-text warnings like any tile.
A photo dropped on it from the file manager, or chosen with "From Library..." while it is
selected, fills it: its caption stays, and filling is one step of the desk's undo history.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap, QUndoCommand

SLOT_TEXT = "Drop a photo here"
_PLACEHOLDERS: dict[int, QPixmap] = {}


def slot_placeholder(edge: int = 160) -> QPixmap:
    """The picture of an empty slot, `edge` pixels square (made once per size)."""
    pixmap = _PLACEHOLDERS.get(edge)
    if pixmap is not None:
        return pixmap
    pixmap = QPixmap(edge, edge)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(128, 128, 128))
    pen.setStyle(Qt.PenStyle.DashLine)
    pen.setWidth(2)
    painter.setPen(pen)
    painter.drawRoundedRect(QRect(3, 3, edge - 6, edge - 6), 8, 8)
    font = QFont()
    font.setPointSizeF(max(7.0, edge / 14))
    painter.setFont(font)
    painter.drawText(QRect(8, 8, edge - 16, edge - 16), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                     SLOT_TEXT)  # fmt: skip
    painter.end()
    _PLACEHOLDERS[edge] = pixmap
    return pixmap


class FillSlotCommand(QUndoCommand):
    """A photo put in a slot; undo empties the slot again, with its own words as they were."""

    def __init__(self, desk, slot, photo_id: int) -> None:
        super().__init__("Put a photo in its slot")
        self.desk, self.slot, self.photo_id = desk, slot, photo_id

    def redo(self) -> None:
        library = self.desk.library
        self.desk.submit(library.fill_photo_slot, self.slot.id, self.photo_id, done_message="Photo placed in its slot")

    def undo(self) -> None:
        self.desk.submit(self.desk.library.restore_photo_slot, self.slot)
