"""The contact sheet: photos as tiles an editor can read at a glance, at any zoom.

One view and one delegate paint every tile (no widget per tile), from thumbnails the
`ThumbnailIcons` cache holds already scaled to the tile size, so scrolling over
thousands of photos only blits pixmaps. A model feeds the sheet through the roles
below: the photo to draw (`PhotoIdRole`), the id a selection stands for
(`KeyRole`: a placement in an article, a photo in the library) and what the tile must
say (`FactsRole`, a `TileFacts`).

The view is a list view in wrapping left-to-right list mode rather than icon mode:
icon mode moves a dragged tile around on screen itself, while list mode hands the drop
to the model, which asks for one write through the library's writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QSlider,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from .thumbnails import PixmapCache

TILE_MIN = 96
TILE_MAX = 320
TILE_DEFAULT = 160
TILE_PADDING = 6  # around the picture, inside the tile; the selection frame is drawn there
TILE_CACHE_PIXELS = 12_000_000  # finished tiles kept (about 48 MB), however large the zoom
TILE_STATES = QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_HasFocus
PROBLEM_RED = QColor(200, 30, 30)
WARNING_AMBER = QColor(176, 96, 0)
LOCATION_BLUE = QColor(30, 90, 170)
MARKER_FILL = QColor(20, 20, 20, 200)

PhotoIdRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2
FactsRole = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class TileFacts:
    """What a tile says besides its picture."""

    label: str  # under the picture: a file name, "Importing…"
    marker: str = ""  # top left: "Lead" or the placement's number
    problems: int = 0  # the red badge, top right
    missing_credit: bool = False
    missing_alt: bool = False
    has_location: bool = False  # the original carries GPS (never exported)
    pending: bool = False  # still being imported: drawn dimmed

    def cache_key(self) -> tuple:
        """The facts as a plain tuple of strings, numbers and flags: a key the garbage
        collector stops tracking (the tile cache keeps thousands)."""
        return (self.label, self.marker, self.problems, self.missing_credit, self.missing_alt,
                self.has_location, self.pending)  # fmt: skip

    def warnings(self) -> list[str]:
        return [text for flag, text in ((self.missing_credit, "no credit"), (self.missing_alt, "no alt"),
                                        (self.has_location, "GPS")) if flag]  # fmt: skip

    def describe(self) -> str:
        """The tile's words for a screen reader and the tooltip."""
        parts = [p for p in (self.marker, self.label) if p]
        if self.problems:
            parts.append(f"{self.problems} problem{'s' if self.problems != 1 else ''}")
        if self.missing_credit:
            parts.append("credit missing")
        if self.missing_alt:
            parts.append("alt text missing")
        if self.has_location:
            parts.append("location in the original")
        return ", ".join(parts)


class TileDelegate(QStyledItemDelegate):
    """Paints a tile: picture, marker, problem badge, warnings, label, selection frame.

    Each finished tile is kept as a pixmap, keyed by everything it shows (photo, facts,
    size, selection, hover, focus, palette), so a scroll or a repaint of tiles already
    seen is one blit each instead of a dozen painter calls from Python.
    """

    def __init__(self, icons, parent=None) -> None:
        super().__init__(parent)
        self.icons = icons
        self.edge = TILE_DEFAULT
        self._tiles = PixmapCache(TILE_CACHE_PIXELS)
        # Tiles drawn without their picture: photo id -> row, repainted alone when it
        # arrives. Plain numbers, not persistent indexes: thousands of those, made while
        # the sheet scrolled, made each garbage collection in a frame slower.
        self.waiting: dict[int, int] = {}
        # What the view's current paint event asks for (None outside one).
        self.paint_region: QRegion | None = None
        self._badges: dict[tuple, QPixmap] = {}  # a few dozen at most: texts are short and few
        self._bold_fonts: dict[str, QFont] = {}

    def tile_size(self, line_height: int) -> QSize:
        return QSize(self.edge + 2 * TILE_PADDING, self.edge + 2 * TILE_PADDING + line_height + 4)

    def sizeHint(self, option, index) -> QSize:
        return self.tile_size(option.fontMetrics.height())

    def paint(self, painter: QPainter, option, index) -> None:
        if option.rect.isEmpty() or (self.paint_region is not None and not self.paint_region.intersects(option.rect)):
            return
        facts: TileFacts = index.data(FactsRole) or TileFacts(label=str(index.data() or ""))
        photo_id = index.data(PhotoIdRole)
        if photo_id is None:
            # A pending tile (while importing), drawn from its embedded preview: not kept.
            self._paint_tile(painter, option, index, facts, None)
            return
        picture = self.icons.scaled_if_ready(photo_id, self.edge)
        if picture is None:
            # The thumbnail is still being read in a worker: the tile is drawn without its
            # picture, straight onto the sheet (cheap without one, and not worth keeping:
            # it is repainted alone when the picture comes, a few frames later).
            self.waiting[photo_id] = index.row()
            self._paint_tile(painter, option, index, facts, None)
            return
        state = option.state & TILE_STATES
        ratio = painter.device().devicePixelRatioF()
        key = (photo_id, facts.cache_key(), self.edge, int(state.value if hasattr(state, "value") else state),
               option.palette.cacheKey(), option.rect.width(), option.rect.height(), ratio)  # fmt: skip
        tile = self._tiles.get(key)
        if tile is None:
            tile = QPixmap(option.rect.size() * ratio)
            tile.setDevicePixelRatio(ratio)
            tile.fill(option.palette.color(QPalette.ColorRole.Base))  # opaque: a plain copy to draw, no blending
            at_origin = QStyleOptionViewItem(option)
            at_origin.rect = QRect(0, 0, option.rect.width(), option.rect.height())
            tile_painter = QPainter(tile)
            self._paint_tile(tile_painter, at_origin, index, facts, picture)
            tile_painter.end()
            self._tiles.put(key, tile)
        painter.drawPixmap(option.rect.topLeft(), tile)

    def _paint_tile(self, painter: QPainter, option, index, facts: TileFacts, picture: QPixmap | None) -> None:
        palette = option.palette
        rect = option.rect.adjusted(1, 1, -1, -1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            # The palette's highlight is made to stand out in light and dark themes alike;
            # a thick frame of it keeps the selection plain even over a dark photo.
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.AlternateBase))
        picture_box = QRect(rect.left() + TILE_PADDING - 1, rect.top() + TILE_PADDING - 1, self.edge, self.edge)
        pixmap = picture if picture is not None else self._pending_pixmap(index)
        if not pixmap.isNull():
            target = QSize(pixmap.width(), pixmap.height())
            if target.width() > self.edge or target.height() > self.edge:
                target.scale(self.edge, self.edge, Qt.AspectRatioMode.KeepAspectRatio)
            x = picture_box.left() + (self.edge - target.width()) // 2
            y = picture_box.top() + (self.edge - target.height()) // 2
            if facts.pending:
                painter.setOpacity(0.5)
            painter.drawPixmap(QRect(x, y, target.width(), target.height()), pixmap)
            painter.setOpacity(1.0)
        label_rect = QRect(rect.left() + 2, picture_box.bottom() + 3, rect.width() - 4,
                           rect.bottom() - picture_box.bottom() - 3)  # fmt: skip
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(palette.color(text_role))
        painter.drawText(
            label_rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            option.fontMetrics.elidedText(facts.label, Qt.TextElideMode.ElideMiddle, label_rect.width()),
        )
        self._paint_badges(painter, option, picture_box, facts)
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight))
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(2, 2, -3, -3))
        painter.restore()

    def _pending_pixmap(self, index) -> QPixmap:
        if index.data(PhotoIdRole) is not None:
            return QPixmap()  # the thumbnail is on its way
        decoration = index.data(Qt.ItemDataRole.DecorationRole)  # a pending tile's embedded preview
        if isinstance(decoration, QPixmap):
            return decoration
        return decoration.pixmap(self.edge, self.edge) if decoration is not None else QPixmap()

    def _paint_badges(self, painter: QPainter, option, box: QRect, facts: TileFacts) -> None:
        font = self._bold(option.font)
        ratio = painter.device().devicePixelRatioF()
        if facts.marker:
            painter.drawPixmap(box.left() + 3, box.top() + 3, self._badge(facts.marker, MARKER_FILL, font, ratio))
        if facts.problems:
            badge = self._badge(str(facts.problems), PROBLEM_RED, font, ratio, round_when_short=True)
            painter.drawPixmap(box.right() - _logical_width(badge) - 2, box.top() + 3, badge)
        left = box.left() + 3
        for warning in facts.warnings():
            badge = self._badge(warning, WARNING_AMBER if warning != "GPS" else LOCATION_BLUE, font, ratio)
            painter.drawPixmap(left, box.bottom() - _logical_height(badge) - 2, badge)
            left += _logical_width(badge) + 3

    def _bold(self, font: QFont) -> QFont:
        bold = self._bold_fonts.get(font.key())
        if bold is None:
            bold = self._bold_fonts[font.key()] = QFont(font)
            bold.setBold(True)
        return bold

    def _badge(self, text: str, fill: QColor, font: QFont, ratio: float, round_when_short: bool = False) -> QPixmap:
        """A pill with white text, drawn once per text, colour, font and screen and then
        blitted: antialiased rounded shapes and text are the dearest part of a tile."""
        key = (text, fill.rgba(), font.key(), ratio, round_when_short)
        badge = self._badges.get(key)
        if badge is None:
            metrics = QFontMetrics(font)
            height = metrics.height() + 2
            width = metrics.horizontalAdvance(text) + 10
            if round_when_short:
                width = max(height, width)
            badge = QPixmap(QSize(width, height) * ratio)
            badge.setDevicePixelRatio(ratio)
            badge.fill(Qt.GlobalColor.transparent)
            badge_painter = QPainter(badge)
            badge_painter.setFont(font)
            _pill(badge_painter, QRect(0, 0, width, height), fill, QColor("white"), text)
            badge_painter.end()
            self._badges[key] = badge
        return badge


def _logical_width(pixmap: QPixmap) -> int:
    return round(pixmap.width() / pixmap.devicePixelRatio())


def _logical_height(pixmap: QPixmap) -> int:
    return round(pixmap.height() / pixmap.devicePixelRatio())


def _pill(painter: QPainter, rect: QRect, fill: QColor, ink: QColor, text: str) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(fill))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(ink)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class ContactSheetView(QListView):
    """Wrapping tiles; Space or a double click asks for the loupe."""

    loupeRequested = Signal(int)  # row

    def __init__(self, icons, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile_delegate = TileDelegate(icons, self)
        self.setItemDelegate(self.tile_delegate)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        # One pass over every tile (a Python rowCount call each: about 15 ms for 5,000),
        # done when the rows are set, the zoom moves or the sheet is resized, never while
        # scrolling, since the models give every row at once. Batched layout restarted from
        # the first tile whenever rows were added, shrinking the scroll range meanwhile:
        # the sheet jumped back up as the editor scrolled down.
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setSpacing(2)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.doubleClicked.connect(self._double_clicked)
        self.set_tile_edge(TILE_DEFAULT)

    @property
    def tile_edge(self) -> int:
        return self.tile_delegate.edge

    def set_tile_edge(self, edge: int) -> int:
        """Resize every tile (clamped to 96-320 px); returns the edge used."""
        edge = max(TILE_MIN, min(TILE_MAX, int(edge)))
        self.tile_delegate.edge = edge
        self.verticalScrollBar().setSingleStep(max(20, edge // 4))
        self.scheduleDelayedItemsLayout()
        self.viewport().update()
        return edge

    def tile_size(self) -> QSize:
        return self.tile_delegate.tile_size(self.fontMetrics().height())

    def paintEvent(self, event) -> None:
        # QListView paints every tile in the bounding rectangle of what needs painting:
        # the strip a scroll uncovered plus the tile the pointer leaves at the top would
        # be the whole sheet, a call into Python for each tile. So each rectangle of the
        # region is painted on its own, and the delegate skips what lies outside it.
        region = event.region()
        self.tile_delegate.paint_region = region
        try:
            if region.rectCount() > 1 and self.state() == QAbstractItemView.State.NoState:
                for rect in region:  # no drag under way: no drop marker or rubber band to draw twice
                    super().paintEvent(QPaintEvent(rect))
            else:
                super().paintEvent(event)
        finally:
            self.tile_delegate.paint_region = None

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            self.loupeRequested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    @Slot()
    def _double_clicked(self, index) -> None:
        if index.isValid():
            self.loupeRequested.emit(index.row())

    @Slot(list)
    def thumbnails_arrived(self, photo_ids: list) -> None:
        """Repaint only the tiles that were drawn waiting for these photos' thumbnails (a
        whole-viewport repaint would redraw every visible tile for each batch that comes)."""
        waiting = self.tile_delegate.waiting
        model = self.model()
        for photo_id in photo_ids:
            row = waiting.pop(photo_id, None)
            if row is None:
                continue
            index = model.index(row, 0)
            # Rows that moved since (a reset, an insert) were repainted whole anyway.
            if index.isValid() and index.data(PhotoIdRole) == photo_id:
                self.update(index)

    def selected_keys(self) -> list[int]:
        """The `KeyRole` ids of the selected tiles, in the sheet's order."""
        rows = sorted(index.row() for index in self.selectionModel().selectedIndexes())
        keys = [self.model().data(self.model().index(row, 0), KeyRole) for row in rows]
        return [key for key in keys if key is not None]


class ContactSheet(QWidget):
    """The sheet with its zoom slider; says which ids are selected."""

    selectionChanged = Signal(list)  # KeyRole ids: placement ids in an article, photo ids in the library
    zoomChanged = Signal(int)

    def __init__(self, icons, model, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ContactSheetView(icons)
        self.view.setAccessibleName(accessible_name)
        self.view.setModel(model)
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(TILE_MIN, TILE_MAX)
        self.zoom.setSingleStep(16)
        self.zoom.setPageStep(48)
        self.zoom.setValue(TILE_DEFAULT)
        self.zoom.setAccessibleName("Tile size")
        self.zoom.setToolTip("Tile size")
        self.zoom.setMaximumWidth(180)
        zoom_label = QLabel("&Zoom")
        zoom_label.setBuddy(self.zoom)
        self.bar = QHBoxLayout()
        self.bar.setContentsMargins(0, 0, 0, 0)
        self.bar.addStretch(1)
        self.bar.addWidget(zoom_label)
        self.bar.addWidget(self.zoom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.bar)
        self.zoom.valueChanged.connect(self.set_tile_edge)
        icons.thumbnailsReady.connect(self.view.thumbnails_arrived)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        model.modelReset.connect(self._selection_changed)

    @Slot(int)
    def set_tile_edge(self, edge: int) -> None:
        edge = self.view.set_tile_edge(edge)
        if self.zoom.value() != edge:
            self.zoom.setValue(edge)
        self.zoomChanged.emit(edge)

    def selected_keys(self) -> list[int]:
        return self.view.selected_keys()

    @Slot()
    def _selection_changed(self, *_args) -> None:
        self.selectionChanged.emit(self.selected_keys())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.view.viewport().update()
        super().changeEvent(event)
