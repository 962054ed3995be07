"""Browse the library's photos to use ones already imported in the current article.

The same contact sheet as the article's photos, over every photo in the library,
fetched a page at a time as the sheet scrolls; searchable by caption, credit, creator
and file name, and filterable to the photos no article uses yet. Space or a double click
shows the photo in the loupe, as on the article's sheet (its caption there is the photo's
own, read-only: nothing here is placed yet); the photo the loupe ends on stays selected.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from .contact_sheet import ContactSheet, FactsRole, KeyRole, PhotoIdRole, TileFacts
from .loupe import CaptionRole, Loupe
from .thumbnails import ThumbnailIcons

# The root of a flat model; Qt passes it as the default parent.
NO_PARENT = QModelIndex()
PAGE_SIZE = 48  # six rows of tiles at the default zoom
MAX_PAGES = 100  # pages kept: about 5,000 photos, however large the library
# What a tile and its tooltip say, read a page at a time: not the whole records (whose
# embedded metadata is parsed), and kept as plain tuples, which the garbage collector
# stops walking.
TILE_FIELDS = ("original_name", "description", "credit", "alt_text", "has_location")


class LibraryPhotoModel(QAbstractListModel):
    """Photos newest first: every id at once, what each tile says a page at a time as it is drawn.

    With every row known from the start the sheet is laid out once, and its scroll bar
    says how far the library goes. (Appending pages as the sheet scrolled made the view
    lay out every tile again each time, a Python call per tile: tens of milliseconds in
    the middle of a scroll over thousands of photos.)
    """

    PhotoIdRole = PhotoIdRole

    def __init__(self, library, icons: ThumbnailIcons, parent=None) -> None:
        super().__init__(parent)
        self.library = library
        self.icons = icons
        self.query = ""
        self.unused_only = False
        self.ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, tuple]] = OrderedDict()  # TILE_FIELDS by id
        self.set_query("")

    def set_query(self, query: str, unused_only: bool | None = None) -> None:
        self.beginResetModel()
        self.query = query.strip()
        if unused_only is not None:
            self.unused_only = unused_only
        self.ids = self.library.photo_ids(query=self.query or None, unused=self.unused_only)
        self._pages.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """List the photos again (an import finished meanwhile). Photos imported since come
        in at the top, newest first, as inserted rows, so the selection and the current
        photo stay where they are; any other change resets the list."""
        ids = self.library.photo_ids(query=self.query or None, unused=self.unused_only)
        if ids == self.ids:
            return
        added = len(ids) - len(self.ids)
        if added > 0 and ids[added:] == self.ids:
            self.beginInsertRows(NO_PARENT, 0, added - 1)
            self.ids = ids
            self._pages.clear()  # kept by row number, and every row moved
            self.endInsertRows()
        else:
            self.beginResetModel()
            self.ids = ids
            self._pages.clear()
            self.endResetModel()

    def tile_fields(self, row: int) -> tuple | None:
        """The TILE_FIELDS of a row's photo, its page read now if need be (None if the
        photo was deleted meanwhile)."""
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            ids = self.ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
            page = self._pages[number] = self.library.photo_fields_by_id(ids, TILE_FIELDS)
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page.get(self.ids[row])

    def rowCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        photo_id = self.ids[index.row()]
        if role in (PhotoIdRole, KeyRole):
            return photo_id
        fields = self.tile_fields(index.row())
        if fields is None:
            return None
        name, description, credit, alt_text, has_location = fields
        label = name or f"Photo {photo_id}"
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == FactsRole:
            return TileFacts(label=label, missing_credit=not credit, missing_alt=not alt_text,
                             has_location=bool(has_location))  # fmt: skip
        if role == CaptionRole:
            return description
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return description or name
        return None


class PhotoBrowserDialog(QDialog):
    def __init__(self, library, parent: QWidget | None = None, workers=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Photos from the Library")
        self.setAccessibleName("Photo browser")
        self.resize(960, 680)
        self.library = library
        self.workers = workers  # decodes full pixels for the loupe; without it the loupe shows the preview
        self.loupe: Loupe | None = None
        self._stale = False  # photos came in while the loupe was open: listed when it closes
        self.icons = ThumbnailIcons("grid", workers, self)
        self.icons.set_library(library)
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search captions, creators, credits and file names")
        self.search_field.setAccessibleName("Search photos")
        self.search_field.setClearButtonEnabled(True)
        self.unused_box = QCheckBox("&Not used yet")
        self.unused_box.setAccessibleName("Only photos no article uses yet")
        self.model = LibraryPhotoModel(library, self.icons, self)
        self.sheet = ContactSheet(self.icons, self.model, "Library photos")
        self.view = self.sheet.view
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.attach_button = self.buttons.addButton("&Add to Article", QDialogButtonBox.ButtonRole.AcceptRole)
        self.attach_button.setAccessibleName("Add selected photos to the article")
        filters = QHBoxLayout()
        filters.addWidget(self.search_field, 1)
        filters.addWidget(self.unused_box)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.sheet, 1)
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._search)
        self.search_field.textChanged.connect(self._search_timer.start)
        self.unused_box.toggled.connect(self._search)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.view.loupeRequested.connect(self.open_loupe)
        self.sheet.selectionChanged.connect(self._update_button)
        self._update_button()

    @Slot()
    def _search(self, *_args) -> None:
        self._search_timer.stop()
        self.model.set_query(self.search_field.text(), self.unused_box.isChecked())
        self._update_button()

    @Slot()
    def library_photos_changed(self) -> None:
        """Photos were imported while the browser is open: show them (after the loupe,
        which shows a row of the list as it is, closes)."""
        self._stale = self.loupe is not None
        if not self._stale:
            self.model.refresh()
            self._update_button()

    @Slot()
    def _update_button(self, *_args) -> None:
        self.attach_button.setEnabled(bool(self.sheet.selected_keys()))

    def selected_photo_ids(self) -> list[int]:
        return self.sheet.selected_keys()

    @Slot(int)
    def open_loupe(self, row: int) -> Loupe | None:
        if not 0 <= row < self.model.rowCount():
            return None
        if self.loupe is not None:
            self.loupe.close()
        self.loupe = Loupe(self.model, row, self.library, self.workers, editable=False, parent=self)
        self.loupe.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.loupe.rowChanged.connect(self._loupe_moved)
        self.loupe.destroyed.connect(self._loupe_closed)
        self.loupe.open()
        return self.loupe

    @Slot(int)
    def _loupe_moved(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row))

    @Slot()
    def _loupe_closed(self, *_args) -> None:
        self.loupe = None
        if self._stale:
            self.library_photos_changed()
