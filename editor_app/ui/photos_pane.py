"""The article's photos: a thumbnail grid of placements and an inspector for the selected one.

Placements are reordered by dragging in the grid and files dropped from the file
manager are imported and attached (through `filesDropped`, which the window runs in a
worker). The inspector edits the words that travel with the photo. Its edits are
written after a short pause, and a caption that ends in a wire credit such as
"(AFP photo)" has the credit split into the credit field at that moment. The caption
problems the photo checker finds are listed under the fields they concern.

Every write goes to the library's writer thread through `LibraryWrites`, like the
autosaver's. A write the library refuses (a full disk...) is shown in the status bar,
and the grid is read back from the library, so it never shows as stored what was not;
the inspector keeps the words typed and tries them again at the next pause.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon, QPixmap, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..model import ALT_TEXT_LIMIT
from .thumbnails import ThumbnailIcons
from .writes import LibraryWrites, is_user_facing, report_unexpected

# The root of a flat model; Qt passes it as the default parent.
NO_PARENT = QModelIndex()
PLACEMENT_MIME = "application/x-copydesk-placement"
CAPTION_GUIDE = 300
ICON_SIZE = QSize(128, 128)


class PlacementListModel(QAbstractListModel):
    """The article's placements in order; drags carry placement ids, drops may carry files."""

    moveRequested = Signal(int, int)  # placement id, new position
    filesDropped = Signal(list)  # paths from the file manager
    PlacementIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, icons: ThumbnailIcons, parent=None) -> None:
        super().__init__(parent)
        self.icons = icons
        self.rows: list = []  # [(Placement, Photo)]
        self.pending: list = []  # [(file name, QIcon)] of photos still being imported

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

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
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icons.icon(photo.id)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return placement.caption or photo.original_name or f"Photo {photo.id}"
        if role == self.PlacementIdRole:
            return placement.id
        return None

    @staticmethod
    def _pending_data(pending, role):
        name, icon = pending
        if role == Qt.ItemDataRole.DisplayRole:
            return "Importing…"
        if role == Qt.ItemDataRole.DecorationRole:
            return icon
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{name} (importing)"
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.row() >= len(self.rows):
            return Qt.ItemFlag.ItemIsEnabled  # a pending tile: not selectable, not draggable
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [PLACEMENT_MIME, "text/uri-list"]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if rows:
            mime.setData(PLACEMENT_MIME, QByteArray(str(self.rows[rows[0]][0].id).encode()))
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(PLACEMENT_MIME) or data.hasUrls()

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.rows)
        if data.hasFormat(PLACEMENT_MIME):
            placement_id = int(bytes(data.data(PLACEMENT_MIME).data()).decode())
            current = self.row_of(placement_id)
            if current is None:
                return False
            target = row - 1 if row > current else row
            if target != current:
                self.moveRequested.emit(placement_id, target)
            return False  # the grid is rebuilt from the library; nothing for the view to remove
        paths = [url.toLocalFile() for url in data.urls() if url.isLocalFile()]
        if paths:
            self.filesDropped.emit(paths)
            return True
        return False

    def row_of(self, placement_id: int) -> int | None:
        for row, (placement, _photo) in enumerate(self.rows):
            if placement.id == placement_id:
                return row
        return None


class CountedTextEdit(QPlainTextEdit):
    """A short multi-line field (caption, alt text) whose Tab moves focus, not indents."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)


def replace_text_keeping_undo(editor: QPlainTextEdit, text: str) -> None:
    """Set the text as one undoable edit (setPlainText would wipe the undo history)."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    cursor.select(QTextCursor.SelectionType.Document)
    cursor.insertText(text)
    cursor.endEditBlock()
    editor.setTextCursor(cursor)


class PhotoInspector(QWidget):
    """Caption, credit, alt text (of this use) and creator, copyright (of the photo)."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Photo inspector")
        self.caption = CountedTextEdit(4)
        self.caption.setAccessibleName("Caption")
        self.caption_count = QLabel()
        self.credit = QLineEdit()
        self.credit.setAccessibleName("Credit")
        self.alt_text = CountedTextEdit(3)
        self.alt_text.setAccessibleName("Alt text")
        self.alt_text.setAccessibleDescription("Describes the photo for people who cannot see it")
        self.alt_count = QLabel()
        self.creator = QLineEdit()
        self.creator.setAccessibleName("Creator")
        self.copyright = QLineEdit()
        self.copyright.setAccessibleName("Copyright")
        self.from_file = QLabel()
        self.from_file.setAccessibleName("What the file said")
        self.from_file.setWordWrap(True)
        self.from_file.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.problems = QListWidget()
        self.problems.setAccessibleName("Caption problems")
        self.problems.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)
        self.problems.setWordWrap(True)
        for counter in (self.caption_count, self.alt_count):
            counter.setAccessibleName("Character count")

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._label("&Caption", self.caption), self.caption)
        form.addRow("", self.caption_count)
        form.addRow(self._label("C&redit", self.credit), self.credit)
        form.addRow(self._label("Alt te&xt", self.alt_text), self.alt_text)
        form.addRow("", self.alt_count)
        form.addRow(self._label("Creat&or", self.creator), self.creator)
        form.addRow(self._label("Cop&yright", self.copyright), self.copyright)
        form.addRow(self._label("Problems", self.problems), self.problems)
        form.addRow(QLabel("From the file"), self.from_file)

        self.caption.textChanged.connect(self._caption_changed)
        self.alt_text.textChanged.connect(self._alt_changed)
        for line in (self.credit, self.creator, self.copyright):
            line.textEdited.connect(self.edited)
        self._loading = False
        self.show_placement(None, None)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def show_placement(self, placement, photo) -> None:
        self._loading = True
        try:
            self.caption.setPlainText(placement.caption if placement else "")
            self.credit.setText(placement.credit if placement else "")
            self.alt_text.setPlainText(placement.alt_text if placement else "")
            self.creator.setText(photo.creator if photo else "")
            self.copyright.setText(photo.copyright if photo else "")
            self.from_file.setText(describe_file_metadata(photo) if photo else "")
        finally:
            self._loading = False
        self.setEnabled(placement is not None)
        self._update_counts()

    def values(self) -> dict:
        return {
            "caption": self.caption.toPlainText().strip(),
            "credit": self.credit.text().strip(),
            "alt_text": self.alt_text.toPlainText().strip(),
            "creator": self.creator.text().strip(),
            "copyright": self.copyright.text().strip(),
        }

    def split_credit_from_caption(self) -> bool:
        """Move a trailing wire credit "(AFP photo)" from the caption to the credit field."""
        from editor_app.photos import split_credit

        caption, credit = split_credit(self.caption.toPlainText().strip())
        if credit is None:
            return False
        replace_text_keeping_undo(self.caption, caption)
        self.credit.selectAll()
        self.credit.insert(credit)  # insert, unlike setText, keeps the field's undo history
        return True

    def show_problems(self, messages: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(messages or ["No problems found."])

    @Slot()
    def _caption_changed(self) -> None:
        self._update_counts()
        if not self._loading:
            self.edited.emit()

    @Slot()
    def _alt_changed(self) -> None:
        self._update_counts()
        if not self._loading:
            self.edited.emit()

    def _update_counts(self) -> None:
        caption_length = len(self.caption.toPlainText().strip())
        alt_length = len(self.alt_text.toPlainText().strip())
        self.caption_count.setText(f"{caption_length} characters (a caption reads best under {CAPTION_GUIDE})")
        self.alt_count.setText(
            f"{alt_length} / {ALT_TEXT_LIMIT} characters" + (" — too long" if alt_length > ALT_TEXT_LIMIT else "")
        )


FILE_FIELD_LABELS = (
    ("description", "Caption"), ("headline", "Headline"), ("creator", "Creator"), ("credit", "Credit"),
    ("copyright", "Copyright"), ("source", "Source"), ("alt_text", "Alt text"), ("city", "City"),
    ("country", "Country"), ("taken_at", "Taken"), ("camera_make", "Camera make"), ("camera_model", "Camera model"),
    ("usage_terms", "Usage terms"),
)  # fmt: skip


def describe_file_metadata(photo) -> str:
    """What the file itself said at import, one 'Label: value' per line."""
    said = dict(photo.embedded or {})
    lines = []
    for key, label in FILE_FIELD_LABELS:
        value = said.get(key, getattr(photo, key, ""))
        if isinstance(value, (list, tuple)):
            value = "; ".join(str(v) for v in value)
        if value:
            lines.append(f"{label}: {value}")
    width, height = photo.display_size
    lines.append(f"File: {photo.original_name or 'unnamed'} ({photo.format}, {width}×{height})")
    if photo.has_location:
        lines.append("Location: the original carries location data (never exported)")
    return "\n".join(lines)


class PhotosPane(QWidget):
    importRequested = Signal()
    browseRequested = Signal()
    insertRequested = Signal(int)  # placement id to place in the body at the cursor
    filesDropped = Signal(list)
    placementsChanged = Signal()
    statusMessage = Signal(str)

    def __init__(self, writes: LibraryWrites, caption_delay_ms: int = 800, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("photosPane")
        self.setAccessibleName("Photos")
        self.writes = writes
        self.library = None
        self.article_id: int | None = None
        self.icons = ThumbnailIcons("grid")
        self.model = PlacementListModel(self.icons, self)

        self.grid = QListView()
        self.grid.setAccessibleName("Photos in this article")
        self.grid.setAccessibleDescription("Drag to reorder; drop files here to import them")
        self.grid.setModel(self.model)
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setMovement(QListView.Movement.Snap)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setIconSize(ICON_SIZE)
        self.grid.setGridSize(QSize(ICON_SIZE.width() + 24, ICON_SIZE.height() + 36))
        self.grid.setUniformItemSizes(True)
        self.grid.setWrapping(True)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.grid.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.grid.setDragEnabled(True)
        self.grid.setAcceptDrops(True)
        self.grid.setDropIndicatorShown(True)

        self.import_button = QPushButton("&Import Photos…")
        self.import_button.setAccessibleName("Import photos")
        self.browse_button = QPushButton("From &Library…")
        self.browse_button.setAccessibleName("Add a photo from the library")
        self.lead_button = QPushButton("Set as &Lead")
        self.lead_button.setAccessibleName("Set as lead photo")
        self.insert_button = QPushButton("Insert in &Text")
        self.insert_button.setAccessibleName("Insert photo in the text at the cursor")
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setAccessibleName("Remove photo from the article")
        self.inspector = PhotoInspector()

        top = QHBoxLayout()
        for button in (self.import_button, self.browse_button):
            top.addWidget(button)
        top.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.lead_button, self.insert_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        grid_box = QWidget()
        grid_layout = QVBoxLayout(grid_box)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addLayout(top)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addLayout(actions)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(grid_box)
        self.splitter.addWidget(self.inspector)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(caption_delay_ms)
        self._commit_timer.timeout.connect(self.commit_inspector)
        self._shown_placement_id: int | None = None

        self.import_button.clicked.connect(self.importRequested)
        self.browse_button.clicked.connect(self.browseRequested)
        self.lead_button.clicked.connect(self.set_selected_as_lead)
        self.insert_button.clicked.connect(self._insert_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid.doubleClicked.connect(self._insert_clicked)
        self.model.moveRequested.connect(self.move_placement)
        self.model.filesDropped.connect(self.filesDropped)
        self.inspector.edited.connect(self._commit_timer.start)
        self.inspector.caption.installEventFilter(self)
        self._update_buttons()

    # ------------------------------------------------------------------ loading

    def set_library(self, library) -> None:
        self.library = library
        self.icons.set_library(library)
        self.show_article(None)

    def show_article(self, article_id: int | None) -> None:
        self.commit_inspector()
        self.model.clear_pending()  # tiles of another article's import
        self.article_id = article_id
        self._shown_placement_id = None
        self.reload()
        self.setEnabled(article_id is not None)

    def reload(self, select_placement_id: int | None = None) -> None:
        """Re-read the placements from the library and keep (or set) the selection."""
        keep = select_placement_id or self.selected_placement_id()
        rows = self.library.placed_photos(self.article_id) if self.library and self.article_id else []
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and rows:
            row = 0
        if row is not None:
            self.grid.setCurrentIndex(self.model.index(row))
        else:
            self._show_selected()
        self.refresh_problems()
        self._update_buttons()

    def placed_photos(self) -> list:
        """[(Placement, Photo)] as currently shown, for the preview."""
        return list(self.model.rows)

    # ------------------------------------------------------------------ selection

    def selected_placement_id(self) -> int | None:
        index = self.grid.currentIndex()
        return self.model.data(index, PlacementListModel.PlacementIdRole) if index.isValid() else None

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
        self._shown_placement_id = placement.id if placement else None
        self.inspector.show_placement(placement, photo)
        self.refresh_problems()

    def _update_buttons(self) -> None:
        has_article = self.article_id is not None
        selected = self.selected_row()
        for button in (self.import_button, self.browse_button):
            button.setEnabled(has_article)
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
        self._commit_timer.stop()
        self._shown_placement_id = None
        removed = f"Removed photo placement {placement_id}; its line in the text, if any, stays."
        self.writes.submit(self.library.detach_photo, placement_id,
                           on_done=partial(self._placements_written, None, removed))  # fmt: skip

    @Slot(int, int)
    def move_placement(self, placement_id: int, new_position: int) -> None:
        self.commit_inspector()
        self.writes.submit(self.library.move_placement, placement_id, new_position,
                           on_done=partial(self._placements_written, placement_id, None))  # fmt: skip

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

        Returns the writes' Futures (each resolves to the new Placement).
        """
        if self.library is None or self.article_id is None or not photo_ids:
            return []
        futures = [self.writes.submit(self.library.attach_photo, self.article_id, photo_id)
                   for photo_id in photo_ids[:-1]]  # fmt: skip
        futures.append(self.writes.submit(self.library.attach_photo, self.article_id, photo_ids[-1],
                                          on_done=self._attached))  # fmt: skip
        return futures

    def _attached(self, future) -> None:
        error = future.exception()
        self._placements_written(None if error else future.result().id, None, future)

    # ------------------------------------------------------------------ inspector

    def eventFilter(self, watched, event) -> bool:
        if watched is self.inspector.caption and event.type() == event.Type.FocusOut:
            self.commit_inspector()
        return super().eventFilter(watched, event)

    @Slot()
    def commit_inspector(self) -> None:
        """Write the inspector's fields (after splitting a wire credit off the caption)."""
        self._commit_timer.stop()
        placement_id = self._shown_placement_id
        if self.library is None or placement_id is None:
            return
        row = self.model.row_of(placement_id)
        if row is None:
            return
        placement, photo = self.model.rows[row]
        split = self.inspector.split_credit_from_caption()
        values = self.inspector.values()
        wanted = {k: values[k] for k in ("caption", "credit", "alt_text")}
        changed_placement = any(getattr(placement, k) != v for k, v in wanted.items())
        photo_fields = {k: values[k] for k in ("creator", "copyright") if getattr(photo, k) != values[k]}
        if not changed_placement and not photo_fields:
            return
        if split:
            self.statusMessage.emit(f"Moved the credit “{values['credit']}” from the caption to the credit field.")
        if changed_placement:
            self.writes.submit(self.library.update_placement, placement_id, **wanted,
                               on_done=partial(self._inspector_written, placement_id, 0))  # fmt: skip
        if photo_fields:
            self.writes.submit(self.library.update_photo, photo.id, **photo_fields,
                               on_done=partial(self._inspector_written, placement_id, 1))  # fmt: skip

    def _inspector_written(self, placement_id: int, part: int, future) -> None:
        """Show the stored placement (part 0) or photo (part 1) in the grid.

        On failure the grid keeps what the library holds and the inspector keeps the words
        typed, so the next commit sees the difference and tries again.
        """
        error = future.exception()
        if error is not None:
            self._write_failed(error)
            return
        row = self.model.row_of(placement_id)
        if row is None:
            return  # another article is shown now
        stored = list(self.model.rows[row])
        stored[part] = future.result()
        self.model.rows[row] = tuple(stored)
        index = self.model.index(row)
        self.model.dataChanged.emit(index, index)
        self.refresh_problems()
        self.placementsChanged.emit()

    def refresh_problems(self) -> list:
        """Caption problems of the article; the selected photo's are listed in the inspector."""
        if self.library is None or self.article_id is None:
            self.inspector.show_problems([])
            return []
        from editor_app.photos import caption_problems

        problems = caption_problems(self.library, self.article_id)
        mine = [p.message for p in problems if p.placement_id == self._shown_placement_id]
        if self._shown_placement_id is not None:
            self.inspector.show_problems(mine)
        else:
            self.inspector.show_problems([])
        return problems
