"""The article's photos: a contact sheet of placements and an inspector for the selected one.

The sheet (contact_sheet.py) shows each placement as a tile that says what matters:
lead or number, a red badge counting its caption problems, missing credit or alt
text, location data in the original. Shift/Ctrl select several (`selectionChanged`
gives their placement ids to batch tools); Space or a double click opens the loupe.
Placements are reordered by dragging in the sheet (one write) and files dropped from
the file manager are imported and attached (through `filesDropped`, which the window
runs in a worker). The inspector (photo_inspector.py) edits and writes the words that travel
with the photo; the pane shows what it stored in the grid.

Every write goes to the library's writer thread through `LibraryWrites`, like the
autosaver's. A write the library refuses (a full disk...) is shown in the status bar,
and the grid is read back from the library, so it never shows as stored what was not.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QAbstractListModel, QByteArray, QEvent, QMimeData, QModelIndex, QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .contact_sheet import ContactSheet, FactsRole, KeyRole, PhotoIdRole, TileFacts
from .loupe import CaptionRole, Loupe
from .photo_inspector import PhotoInspector
from .photo_slots import SLOT_TEXT, FillSlotCommand, slot_placeholder
from .thumbnails import ThumbnailIcons
from .writes import LibraryWrites, is_user_facing, report_unexpected

# The root of a flat model; Qt passes it as the default parent.
NO_PARENT = QModelIndex()
PLACEMENT_MIME = "application/x-copydesk-placement"
# The inspector's least height before it scrolls: the caption field and its label in sight.
INSPECTOR_LEAST_HEIGHT = 160


def placement_tile_facts(placement, photo, number: int, problems: int) -> TileFacts:
    if photo is not None:
        label = photo.original_name or f"Photo {photo.id}"
    else:  # a slot waiting for its photo, or a placement whose photo was deleted
        label = SLOT_TEXT if placement.is_slot else "Photo missing"
    return TileFacts(
        label=label,
        marker="Lead" if placement.role == "lead" else str(number),
        problems=problems,
        missing_credit=not placement.credit,
        missing_alt=not placement.alt_text,
        has_location=bool(photo is not None and photo.has_location),
    )


class PlacementListModel(QAbstractListModel):
    """The article's placements in order; drags carry placement ids, drops may carry files."""

    reorderRequested = Signal(list)  # placement ids in their new order
    filesDropped = Signal(list)  # paths from the file manager
    slotFilesDropped = Signal(int, list)  # files dropped on an empty slot: (its placement id, paths)
    PlacementIdRole = KeyRole

    def __init__(self, icons: ThumbnailIcons, parent=None) -> None:
        super().__init__(parent)
        self.icons = icons
        self.rows: list = []  # [(Placement, Photo or None for a slot)]
        self.pending: list = []  # [(file name, QIcon)] of photos still being imported
        self.problem_counts: dict[int, int] = {}  # placement id -> caption problems

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_problem_counts(self, counts: dict[int, int]) -> None:
        if counts != self.problem_counts:
            self.problem_counts = counts
            if self.rows:
                self.dataChanged.emit(self.index(0), self.index(len(self.rows) - 1), [FactsRole])

    def add_pending(self, name: str, icon) -> None:
        row = len(self.rows) + len(self.pending)
        self.beginInsertRows(NO_PARENT, row, row)
        self.pending.append((name, icon))
        self.endInsertRows()

    def clear_pending(self) -> None:
        if self.pending:
            first = len(self.rows)
            self.beginRemoveRows(NO_PARENT, first, first + len(self.pending) - 1)
            self.pending.clear()
            self.endRemoveRows()

    def rowCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows) + len(self.pending)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.row() >= len(self.rows):
            return self._pending_data(self.pending[index.row() - len(self.rows)], role)
        placement, photo = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            role_label = "Lead" if placement.role == "lead" else "Inline"
            return f"{role_label} · {placement.id}"
        if photo is None and role in (Qt.ItemDataRole.DecorationRole, PhotoIdRole, Qt.ItemDataRole.ToolTipRole):
            return {PhotoIdRole: None, Qt.ItemDataRole.DecorationRole: slot_placeholder()}.get(
                role, f"{placement.caption}\n({SLOT_TEXT.lower()})"
            )
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icons.icon(photo.id)
        if role == PhotoIdRole:
            return photo.id
        if role == KeyRole:
            return placement.id
        if role == FactsRole:
            return placement_tile_facts(placement, photo, index.row() + 1, self.problem_counts.get(placement.id, 0))
        if role == CaptionRole:
            return placement.caption
        if role == Qt.ItemDataRole.ToolTipRole:
            return placement.caption or photo.original_name or f"Photo {photo.id}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            facts = placement_tile_facts(placement, photo, index.row() + 1, self.problem_counts.get(placement.id, 0))
            return f"{facts.describe()}: {placement.caption}" if placement.caption else facts.describe()
        return None

    @staticmethod
    def _pending_data(pending, role):
        name, icon = pending
        if role == Qt.ItemDataRole.DisplayRole:
            return "Importing…"
        if role == Qt.ItemDataRole.DecorationRole:
            return icon
        if role == FactsRole:
            return TileFacts(label=name, marker="Importing…", pending=True)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{name} (importing)"
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.row() >= len(self.rows):
            return Qt.ItemFlag.ItemIsEnabled  # a pending tile: not selectable, not draggable
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if self.rows[index.row()][0].is_slot:
            flags |= Qt.ItemFlag.ItemIsDropEnabled  # a photo dropped on an empty slot fills it
        return flags

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PLACEMENT_MIME, "text/uri-list"]

    def mimeData(self, indexes) -> QMimeData:
        """Every dragged tile's placement id, in the article's order."""
        mime = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid() and index.row() < len(self.rows)})
        if rows:
            mime.setData(PLACEMENT_MIME, QByteArray(",".join(str(self.rows[row][0].id) for row in rows).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(PLACEMENT_MIME) or data.hasUrls()

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        on_slot = row < 0 and parent.isValid() and parent.row() < len(self.rows) and self.rows[parent.row()][0].is_slot
        if on_slot and data.hasUrls() and not data.hasFormat(PLACEMENT_MIME):
            paths = [url.toLocalFile() for url in data.urls() if url.isLocalFile()]
            if paths:
                self.slotFilesDropped.emit(self.rows[parent.row()][0].id, paths)
                return True
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.rows)
        if data.hasFormat(PLACEMENT_MIME):
            order = self.order_after_drop(bytes(data.data(PLACEMENT_MIME).data()).decode(), row)
            if order is not None:
                self.reorderRequested.emit(order)
            return False  # the grid is rebuilt from the library; nothing for the view to remove
        paths = [url.toLocalFile() for url in data.urls() if url.isLocalFile()]
        if paths:
            self.filesDropped.emit(paths)
            return True
        return False

    def order_after_drop(self, dragged: str, row: int) -> list[int] | None:
        """The placement ids in order once the ``dragged`` ones ("3,7,9") land before ``row``,
        together and in their order; None when nothing would move."""
        try:
            moving = {int(part) for part in dragged.split(",")}
        except ValueError:
            return None
        order = [placement.id for placement, _photo in self.rows]
        together = [placement_id for placement_id in order if placement_id in moving]
        if not together:
            return None
        row = min(row, len(order))
        new_order = [i for i in order[:row] if i not in moving] + together + [i for i in order[row:] if i not in moving]
        return new_order if new_order != order else None

    def row_of(self, placement_id: int) -> int | None:
        for row, (placement, _photo) in enumerate(self.rows):
            if placement.id == placement_id:
                return row
        return None


def _put_in_order(library, article_id: int, order: list[int]) -> None:
    """On the writer thread, one transaction: the placements of ``order`` take the places
    they hold among themselves in it. Placements the sheet did not show (added since, or
    not drawn as tiles) keep theirs; ids gone since are passed over."""
    current = [placement.id for placement in library.placements(article_id)]
    wanted = [placement_id for placement_id in order if placement_id in current]
    shown = set(wanted)
    in_turn = iter(wanted)
    full = [next(in_turn) if placement_id in shown else placement_id for placement_id in current]
    for position, placement_id in enumerate(full):
        library.move_placement(placement_id, position)


class ReorderPlacementsCommand(QUndoCommand):
    """Placements dragged to a new place in their article's order, however many: one write;
    undo puts back the order as it was."""

    def __init__(self, desk, article_id: int, old_order: list[int], new_order: list[int]) -> None:
        super().__init__("Reorder the article's photos")
        self.desk, self.article_id = desk, article_id
        self.old_order, self.new_order = old_order, new_order

    def redo(self) -> None:
        self.desk.submit(_put_in_order, self.desk.library, self.article_id, self.new_order)

    def undo(self) -> None:
        self.desk.submit(_put_in_order, self.desk.library, self.article_id, self.old_order)


class InspectorScroller(QScrollArea):
    """The inspector scrolls up and down when the column is shorter than its fields (a small
    screen) instead of setting the whole window's least height; with room it looks the same.
    It never scrolls sideways: its least width is the inspector's, whatever the inspector shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photoInspectorScroller")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, which scroll into sight

    def minimumSizeHint(self) -> QSize:
        inspector = self.widget()
        least = inspector.minimumSizeHint().width() if inspector is not None else 0
        return QSize(least + self.verticalScrollBar().sizeHint().width(), INSPECTOR_LEAST_HEIGHT)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the inspector's least width changed: the splitter hears of it
        return super().eventFilter(watched, event)


class PhotosPane(QWidget):
    importRequested = Signal()
    importToLibraryRequested = Signal()
    browseRequested = Signal()
    selectionChanged = Signal(list)  # placement ids of the selected tiles, in the article's order
    insertRequested = Signal(int)  # placement id to place in the body at the cursor
    filesDropped = Signal(list)
    placementsChanged = Signal()
    statusMessage = Signal(str)

    def __init__(self, writes: LibraryWrites, caption_delay_ms: int = 800, workers=None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._slot_to_fill: int | None = None  # the slot files were dropped on, filled once imported
        self.setObjectName("photosPane")
        self.setAccessibleName("Photos")
        self.writes = writes
        self.workers = workers  # decodes full pixels for the loupe; without it the loupe shows the preview
        self.caption_delay_ms = caption_delay_ms
        self.library = None
        self.article_id: int | None = None
        self.loupe: Loupe | None = None
        self.icons = ThumbnailIcons("grid", workers, self)
        self.model = PlacementListModel(self.icons, self)

        self.sheet = ContactSheet(self.icons, self.model, "Photos in this article")
        self.grid = self.sheet.view
        self.grid.setAccessibleDescription(
            "Shift or Ctrl to select several; Space for the loupe; drag to reorder; drop files here to import them"
        )
        self.grid.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.grid.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.grid.setDragEnabled(True)
        self.grid.setAcceptDrops(True)
        self.grid.setDropIndicatorShown(True)

        self.import_button = QPushButton("&Import Photos…")
        self.import_button.setAccessibleName("Import photos")
        self.import_to_library_button = QPushButton("Import to Li&brary…")
        self.import_to_library_button.setAccessibleName("Import photos to the library without adding them")
        self.browse_button = QPushButton("From &Library…")
        self.browse_button.setAccessibleName("Add a photo from the library")
        self.lead_button = QPushButton("Set as &Lead")
        self.lead_button.setAccessibleName("Set as lead photo")
        self.insert_button = QPushButton("Insert in &Text")
        self.insert_button.setAccessibleName("Insert photo in the text at the cursor")
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setAccessibleName("Remove photo from the article")
        self.inspector = PhotoInspector(writes, caption_delay_ms)

        # Two rows, so a narrow column (a 1280 x 720 laptop) keeps every button whole: adding
        # photos to this article, then importing to the library alone.
        top = QVBoxLayout()
        for row_buttons in ((self.import_button, self.browse_button), (self.import_to_library_button,)):
            row = QHBoxLayout()
            for button in row_buttons:
                row.addWidget(button)
            row.addStretch(1)
            top.addLayout(row)
        actions = QHBoxLayout()
        for button in (self.lead_button, self.insert_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addLayout(top)
        grid_layout.addWidget(self.sheet, 1)
        grid_layout.addLayout(actions)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("photosSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(grid_box)
        self.splitter.addWidget(self._scrolling(self.inspector))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.import_button.clicked.connect(self.importRequested)
        self.import_to_library_button.clicked.connect(self.importToLibraryRequested)
        self.browse_button.clicked.connect(self.browseRequested)
        self.lead_button.clicked.connect(self.set_selected_as_lead)
        self.insert_button.clicked.connect(self._insert_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid.loupeRequested.connect(self.open_loupe)
        self.sheet.selectionChanged.connect(self.selectionChanged)
        self.model.reorderRequested.connect(self.reorder_placements)
        self.model.filesDropped.connect(self.filesDropped)
        self.model.slotFilesDropped.connect(self._files_dropped_on_slot)
        self.inspector.placementStored.connect(self._placement_stored)
        self.inspector.photoStored.connect(self._photo_stored)
        self.inspector.statusMessage.connect(self.statusMessage)
        self.inspector.problemsChecked.connect(self._shown_placement_checked)
        self.sheet.selectionChanged.connect(self.inspector.set_selection)  # templates and batch act on it
        self.inspector.desk.stored.connect(self._desk_stored)
        self.inspector.desk.statusMessage.connect(self.statusMessage)
        self._update_buttons()

    # ------------------------------------------------------------------ loading

    def set_library(self, library) -> None:
        self.library = library
        self.icons.set_library(library)
        self.inspector.set_library(library)
        self.show_article(None)

    def show_article(self, article_id: int | None) -> None:
        self.commit_inspector()
        self.model.clear_pending()  # tiles of another article's import
        self._slot_to_fill = None
        self.article_id = article_id
        self.inspector.show_placement(None, None)
        self.reload()
        self.setEnabled(article_id is not None)

    def reload(self, select_placement_id: int | None = None) -> None:
        """Re-read the placements from the library and keep (or set) the selection."""
        keep = select_placement_id or self.selected_placement_id()
        # Every placement, slots (photo None) included: they show as empty tiles.
        rows = self.library.placed_photos_of([self.article_id])[self.article_id] if self.library and self.article_id else []
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.grid.setCurrentIndex(self.model.index(row))
        else:
            self._show_selected()
        self.count_problems()
        self._update_buttons()

    def placed_photos(self) -> list:
        """[(Placement, Photo)] as currently shown, for the preview (slots have nothing to show)."""
        return [(placement, photo) for placement, photo in self.model.rows if photo is not None]

    # ------------------------------------------------------------------ selection

    def selected_placement_id(self) -> int | None:
        index = self.grid.currentIndex()
        return self.model.data(index, PlacementListModel.PlacementIdRole) if index.isValid() else None

    def selected_placement_ids(self) -> list[int]:
        """Every selected placement (Shift/Ctrl), in the article's order."""
        return self.sheet.selected_keys()

    @staticmethod
    def _scrolling(inspector: QWidget) -> QScrollArea:
        scroller = InspectorScroller()
        scroller.setWidget(inspector)
        return scroller

    def set_side_by_side(self, side_by_side: bool) -> None:
        """The inspector beside the sheet (the caption desk) or under it (a narrow column)."""
        self.splitter.setOrientation(Qt.Orientation.Horizontal if side_by_side else Qt.Orientation.Vertical)

    def selected_row(self):
        index = self.grid.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, _current, _previous) -> None:
        self.commit_inspector()
        self._show_selected()
        self._update_buttons()

    def _show_selected(self) -> None:
        selected = self.selected_row()
        placement, photo = selected if selected else (None, None)
        # The inspector checks the shown placement itself; the article's counts on the
        # tiles stay as they are, so selecting costs no check of the whole article.
        self.inspector.show_placement(placement, photo)

    def _update_buttons(self) -> None:
        has_article = self.article_id is not None
        selected = self.selected_row()
        for button in (self.import_button, self.browse_button):
            button.setEnabled(has_article)
        self.import_to_library_button.setEnabled(self.library is not None)
        self.lead_button.setEnabled(selected is not None and selected[0].role != "lead")
        self.insert_button.setEnabled(selected is not None)
        self.remove_button.setEnabled(selected is not None)

    # ------------------------------------------------------------------ actions

    @Slot()
    def set_selected_as_lead(self) -> None:
        placement_id = self.selected_placement_id()
        if placement_id is None:
            return
        self.commit_inspector()
        self.writes.submit(
            self.library.set_lead, placement_id, on_done=partial(self._placements_written, placement_id, None)
        )

    @Slot()
    def _insert_clicked(self, *_args) -> None:
        placement_id = self.selected_placement_id()
        if placement_id is not None:
            self.insertRequested.emit(placement_id)

    @Slot()
    def remove_selected(self) -> None:
        placement_id = self.selected_placement_id()
        if placement_id is None:
            return
        self.inspector.forget_placement()
        self.inspector.desk.remove_placement(placement_id)  # one step of the desk's undo history

    @Slot()
    def _desk_stored(self) -> None:
        """A caption desk step (template, batch, removal, or its undo) landed: show it."""
        self.reload()
        self.placementsChanged.emit()

    @Slot(list)
    def reorder_placements(self, new_order: list) -> None:
        """Tiles dragged to a new place, one or several: one write, one step of the desk's undo history."""
        old_order = [placement.id for placement, _photo in self.model.rows]
        if self.library is None or self.article_id is None or new_order == old_order:
            return
        self.commit_inspector()
        command = ReorderPlacementsCommand(self.inspector.desk, self.article_id, old_order, list(new_order))
        self.inspector.desk.undo_stack.push(command)

    def _placements_written(self, select_placement_id: int | None, done_message: str | None, future) -> None:
        """After a write to the article's placements: show what the library now holds."""
        error = future.exception()
        if error is not None:
            self._write_failed(error)
            self.reload()
            return
        self.reload(select_placement_id)
        self.placementsChanged.emit()
        if done_message:
            self.statusMessage.emit(done_message)

    def _write_failed(self, error: BaseException) -> None:
        if is_user_facing(error):
            self.statusMessage.emit(str(error))
        else:
            report_unexpected(error)

    def show_pending_tile(self, name: str, jpeg: bytes) -> None:
        """A tile for a photo still being imported, from the camera's embedded preview."""
        pixmap = QPixmap()
        if pixmap.loadFromData(jpeg):
            self.model.add_pending(name, QIcon(pixmap))

    def clear_pending_tiles(self) -> None:
        self.model.clear_pending()

    def attach_photos(self, photo_ids: list[int]) -> list:
        """Use existing library photos in this article; the last one is selected once stored.

        The first fills the slot files were dropped on, or the slot selected (From Library...),
        as one step of the desk's undo history. Returns the writes' Futures for the others
        (each resolves to the new Placement).
        """
        if self.library is None or self.article_id is None or not photo_ids:
            return []
        slot = self._slot_for_next_photo()
        if slot is not None:
            self.commit_inspector()
            self.inspector.desk.undo_stack.push(FillSlotCommand(self.inspector.desk, slot, photo_ids[0]))
            photo_ids = photo_ids[1:]
            if not photo_ids:
                return []
        futures = [self.writes.submit(self.library.attach_photo, self.article_id, photo_id)
                   for photo_id in photo_ids[:-1]]  # fmt: skip
        futures.append(self.writes.submit(self.library.attach_photo, self.article_id, photo_ids[-1],
                                          on_done=self._attached))  # fmt: skip
        return futures

    @Slot(int, list)
    def _files_dropped_on_slot(self, placement_id: int, paths: list) -> None:
        """Files dropped on an empty slot: imported as any dropped files, the first fills it."""
        self._slot_to_fill = placement_id
        self.filesDropped.emit(paths)

    def _slot_for_next_photo(self):
        """The slot the next photo fills: the one files were dropped on, else the selected tile
        when it is a slot; None to attach the photo as a new placement."""
        wanted, self._slot_to_fill = self._slot_to_fill, None
        if wanted is None:
            selected = self.selected_row()
            wanted = selected[0].id if selected is not None and selected[0].is_slot else None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is None or not self.model.rows[row][0].is_slot:
            return None
        return self.model.rows[row][0]

    def _attached(self, future) -> None:
        error = future.exception()
        self._placements_written(None if error else future.result().id, None, future)

    # ------------------------------------------------------------------ loupe

    @Slot(int)
    def open_loupe(self, row: int) -> Loupe | None:
        if self.library is None or not 0 <= row < len(self.model.rows):
            return None
        self.commit_inspector()
        if self.loupe is not None:
            self.loupe.close()
        self.loupe = Loupe(self.model, row, self.library, self.workers, caption_delay_ms=self.caption_delay_ms,
                           codes=self.inspector.desk.codes, parent=self)  # fmt: skip
        self.loupe.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.loupe.captionEdited.connect(self.write_caption)
        self.loupe.creditSplitUndoRequested.connect(self._undo_credit_split)
        self.inspector.creditSplit.connect(self.loupe.show_credit_split)
        self.inspector.creditSplitUndone.connect(self.loupe.show_split_undone)
        self.loupe.rowChanged.connect(self._loupe_moved)
        self.loupe.destroyed.connect(self._loupe_closed)
        self.loupe.open()
        return self.loupe

    @Slot(int)
    def _loupe_moved(self, row: int) -> None:
        if row < len(self.model.rows):
            self.grid.setCurrentIndex(self.model.index(row))

    @Slot()
    def _loupe_closed(self, *_args) -> None:
        self.loupe = None

    @Slot(int, str)
    def write_caption(self, placement_id: int, caption: str) -> None:
        """A caption typed outside the inspector (the loupe): the inspector, which shows the
        same placement, writes it as if typed there (credit split included)."""
        if self.library is None or self.inspector.take_caption(placement_id, caption):
            return
        self.writes.submit(self.library.update_placement, placement_id, caption=caption,
                           on_done=self._caption_written)  # fmt: skip

    @Slot(int)
    def _undo_credit_split(self, placement_id: int) -> None:
        if self.inspector.placement_id == placement_id:
            self.inspector.undo_split()

    def _caption_written(self, future) -> None:
        error = future.exception()
        if error is not None:
            self._write_failed(error)
            return
        placement = future.result()
        row = self.model.row_of(placement.id)
        if row is not None and self.inspector.placement_id == placement.id and not self.inspector.has_unsaved_edits():
            self.inspector.show_placement(placement, self.model.rows[row][1])
        self._placement_stored(placement)

    # ------------------------------------------------------------------ inspector

    @Slot()
    def commit_inspector(self) -> None:
        """Write what was typed in the inspector now (switching article, closing)."""
        self.inspector.commit()

    @Slot(object)
    def _placement_stored(self, placement) -> None:
        row = self.model.row_of(placement.id)
        if row is None:
            return  # another article is shown now
        self.model.rows[row] = (placement, self.model.rows[row][1])
        self._stored_shown(row)

    @Slot(object)
    def _photo_stored(self, photo) -> None:
        rows = [row for row, (_p, shown) in enumerate(self.model.rows) if shown is not None and shown.id == photo.id]
        for row in rows:
            self.model.rows[row] = (self.model.rows[row][0], photo)
        if rows:
            self._stored_shown(rows[0])

    def _stored_shown(self, row: int) -> None:
        index = self.model.index(row)
        self.model.dataChanged.emit(index, index)
        self.count_problems()
        self.placementsChanged.emit()

    def count_problems(self) -> None:
        """Re-check the whole article for the tiles' badges, in a worker when the pane has one."""
        if self.library is None or self.article_id is None:
            self.model.set_problem_counts({})
            return
        if self.workers is None:
            self._problems_counted(self.article_id, self._article_problems(self.library, self.article_id))
            return
        self.workers.submit(self._article_problems, self.library, self.article_id,
                            on_result=partial(self._problems_counted, self.article_id),
                            on_error=self._problems_not_counted)  # fmt: skip

    @staticmethod
    def _article_problems(library, article_id: int) -> list:
        from editor_app.photos import caption_problems

        return caption_problems(library, article_id)

    def _problems_counted(self, article_id: int, problems: list) -> None:
        if article_id != self.article_id:
            return  # another article is shown now
        counts: dict[int, int] = {}
        for problem in problems:
            counts[problem.placement_id] = counts.get(problem.placement_id, 0) + 1
        self.model.set_problem_counts(counts)

    @Slot(object)
    def _problems_not_counted(self, failure) -> None:
        """The article went away under the check (deleted, library closed): no badges to show."""
        if is_user_facing(failure.error):
            return
        report_unexpected(failure.error)

    @Slot(list)
    def _shown_placement_checked(self, problems: list) -> None:
        """The inspector re-checked the shown placement as typed: its badge follows at once."""
        placement_id = self.inspector.placement_id
        if placement_id is not None and self.model.row_of(placement_id) is not None:
            counts = dict(self.model.problem_counts)
            counts[placement_id] = len(problems)
            self.model.set_problem_counts(counts)

    def refresh_problems(self) -> list:
        """Caption problems of the article; the selected photo's are listed in the inspector."""
        if self.library is None or self.article_id is None:
            self.inspector.show_problems([])
            return []
        from editor_app.photos import caption_problems

        problems = caption_problems(self.library, self.article_id)
        counts: dict[int, int] = {}
        for problem in problems:
            counts[problem.placement_id] = counts.get(problem.placement_id, 0) + 1
        self.model.set_problem_counts(counts)
        shown = self.inspector.placement_id
        mine = [p for p in problems if p.placement_id == shown]
        if shown is not None:
            self.inspector.show_problems(mine)
        else:
            self.inspector.show_problems([])
        return problems
