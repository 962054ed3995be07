"""Status bar labels that keep one width whatever they say.

A QLabel is as wide as its text, so a count going from 9 to 10,000 words or a long "Not
saved: ..." reason moved everything beside it, and a text wider than the window made the
window's minimum width grow. These labels take their width from a template (the longest
text they normally show, in their own font) and elide anything longer, with the whole
text in the tooltip and the accessible description.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget


class ReservedWidthLabel(QLabel):
    def __init__(self, template: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self._full_text = ""
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._reserve_width()

    def _reserve_width(self) -> None:
        metrics = self.fontMetrics()
        self.setFixedWidth(metrics.horizontalAdvance(self.template) + metrics.averageCharWidth())
        self._show_elided()

    def setText(self, text: str) -> None:
        self._full_text = text
        self._show_elided()

    def text(self) -> str:
        """The whole text, as given; the label shows it elided when it is too long."""
        return self._full_text

    def _show_elided(self) -> None:
        room = self.width() - self.contentsMargins().left() - self.contentsMargins().right()
        shown = self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, room)
        super().setText(shown)
        cut = shown != self._full_text
        self.setToolTip(self._full_text if cut else "")
        self.setAccessibleDescription(self._full_text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._reserve_width()
