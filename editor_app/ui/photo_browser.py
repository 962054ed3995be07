"""Browse the library's photos to use one already imported in the current article."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from .thumbnails import ThumbnailIcons

# The root of a flat model; Qt passes it as the default parent.
NO_PARENT = QModelIndex()
PAGE_SIZE = 120


class LibraryPhotoModel(QAbstractListModel):
    """Photos newest first, fetched a page at a time as the view scrolls."""

    PhotoIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, library, icons: ThumbnailIcons, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.icons = icons
        self.query = ""
        self.photos: list = []
        self._exhausted = False
        self.set_query("")

    def set_query(self, query: str) -> None:
        self.beginResetModel()
        self.query = query.strip()
        self.photos = self.library.list_photos(limit=PAGE_SIZE, offset=0, query=self.query or None)
        self._exhausted = len(self.photos) < PAGE_SIZE
        self.endResetModel()

    def canFetchMore(self, parent=NO_PARENT) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=NO_PARENT) -> None:
        page = self.library.list_photos(limit=PAGE_SIZE, offset=len(self.photos), query=self.query or None)
        self._exhausted = len(page) < PAGE_SIZE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.photos), len(self.photos) + len(page) - 1)
            self.photos.extend(page)
            self.endInsertRows()

    def rowCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        photo = self.photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.original_name or f"Photo {photo.id}"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icons.icon(photo.id)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return photo.description or photo.original_name
        if role == self.PhotoIdRole:
            return photo.id
        return None


class PhotoBrowserDialog(QDialog):
    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Photos from the Library")
        self.setAccessibleName("Photo browser")
        self.resize(760, 560)
        self.icons = ThumbnailIcons("grid")
        self.icons.set_library(library)
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search captions, creators, credits and file names")
        self.search_field.setAccessibleName("Search photos")
        self.search_field.setClearButtonEnabled(True)
        self.model = LibraryPhotoModel(library, self.icons, self)
        self.view = QListView()
        self.view.setAccessibleName("Library photos")
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setIconSize(QSize(128, 128))
        self.view.setGridSize(QSize(152, 172))
        self.view.setUniformItemSizes(True)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.attach_button = self.buttons.addButton("&Add to Article", QDialogButtonBox.ButtonRole.AcceptRole)
        self.attach_button.setAccessibleName("Add selected photos to the article")
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_field)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._search)
        self.search_field.textChanged.connect(self._search_timer.start)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.view.doubleClicked.connect(self.accept)
        self.view.selectionModel().selectionChanged.connect(self._update_button)
        self._update_button()

    @Slot()
    def _search(self) -> None:
        self.model.set_query(self.search_field.text())
        self._update_button()

    @Slot()
    def _update_button(self, *_args) -> None:
        self.attach_button.setEnabled(bool(self.view.selectionModel().selectedIndexes()))

    def selected_photo_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedIndexes())
        return [self.model.photos[row].id for row in rows]
