"""The library list: search as you type, filters, and a lazily fetched article table.

The model holds only the rows fetched so far (pages of `PAGE_SIZE` summaries, no
bodies) and asks for more through canFetchMore/fetchMore as the view scrolls, so a
library of 100,000 articles opens and scrolls as quickly as one of ten. Searching goes
to the library's FTS5 index newest-first, which stops after one page.

The Problems column counts each article's caption problems (red when some would stop
an export). The counts of a page are computed in a worker when the page is fetched
(about a millisecond an article, too much for the GUI thread over 200 rows), and again
for one article when its photos or text change; until they arrive the cell is empty.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..model import STATUS_LABELS

# The root of a flat model; Qt passes it as the default parent.
NO_PARENT = QModelIndex()
PAGE_SIZE = 200
ERROR_RED = "#c62828"  # readable on light and dark rows alike
# A section name longer than this (in characters) is elided: the headline needs the room more.
SECTION_COLUMN_MAX_CHARACTERS = 18
# The widest values the narrow columns can show: a 200,000-character body has under
# 100,000 words; "Updated" is at most a date (format_updated_short); Problems a count.
WIDEST_WORD_COUNT = "100,000"
WIDEST_UPDATED = ("00:00", "0000-00-00")
WIDEST_PROBLEMS = "999"


@dataclass(frozen=True)
class ArticleQuery:
    """What the list shows: a search (text) or a plain listing, and the filters."""

    text: str = ""
    section: str | None = None
    status: str | None = None
    tag: str | None = None


def format_updated(iso_text: str) -> str:
    """'2026-11-27T09:12:03.123Z' in local time as '2026-11-27 10:12'."""
    try:
        moment = datetime.datetime.fromisoformat(iso_text)
    except (TypeError, ValueError):
        return iso_text or ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def format_updated_short(iso_text: str, now: datetime.datetime | None = None) -> str:
    """For a narrow list column: '10:12' today, '27 Nov' this year, '2025-03-04' before."""
    try:
        moment = datetime.datetime.fromisoformat(iso_text).astimezone()
    except (TypeError, ValueError):
        return iso_text or ""
    now = (now or datetime.datetime.now().astimezone()).astimezone()
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    if moment.year == now.year:
        return f"{moment.day} {moment.strftime('%b')}"
    return moment.strftime("%Y-%m-%d")


class ArticleListModel(QAbstractTableModel):
    COLUMNS = ("Headline", "Section", "Status", "Words", "Updated", "Problems")
    PROBLEMS_COLUMN = 5
    ArticleIdRole = Qt.ItemDataRole.UserRole + 1
    countsWanted = Signal(list)  # article ids whose caption problems should be counted

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.library = None
        self.query = ArticleQuery()
        self._rows: list = []
        self._exhausted = True
        self.problem_counts: dict = {}  # article id -> ProblemCount, as far as counted

    def set_library(self, library) -> None:
        self.library = library
        self.set_query(ArticleQuery())

    def set_query(self, query: ArticleQuery) -> None:
        """Show the first page of `query`; later pages come as the view scrolls."""
        self.beginResetModel()
        self.query = query
        self._rows = []
        self._exhausted = self.library is None
        if self.library is not None:
            self._rows = self._fetch_page(0)
            self._exhausted = len(self._rows) < PAGE_SIZE
        self.endResetModel()
        self._want_counts(self._rows)

    def _fetch_page(self, offset: int) -> list:
        query = self.query
        if query.text.strip():
            hits = self.library.search(query.text, limit=PAGE_SIZE, offset=offset, section=query.section,
                                       status=query.status, tag=query.tag, snippets=False)  # fmt: skip
            return [hit.article for hit in hits]
        return self.library.list_articles(section=query.section, status=query.status, tag=query.tag,
                                          limit=PAGE_SIZE, offset=offset)  # fmt: skip

    def canFetchMore(self, parent=NO_PARENT) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=NO_PARENT) -> None:
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch_page(len(self._rows))
        self._exhausted = len(page) < PAGE_SIZE
        known = {summary.id for summary in self._rows[-PAGE_SIZE:]}
        page = [summary for summary in page if summary.id not in known]
        if page:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
            self._want_counts(page)

    def _want_counts(self, summaries: list) -> None:
        if summaries:
            self.countsWanted.emit([summary.id for summary in summaries])

    def set_problem_counts(self, counts: dict) -> None:
        """Counts (article id -> ProblemCount) from the worker; rows gone since are ignored."""
        self.problem_counts.update(counts)
        rows = [row for row in (self.row_of(article_id) for article_id in counts) if row is not None]
        if rows:
            column = self.PROBLEMS_COLUMN
            self.dataChanged.emit(self.index(min(rows), column), self.index(max(rows), column))

    def rowCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return summary.headline or "(no headline)"
            if column == 1:
                return summary.section
            if column == 2:
                return STATUS_LABELS.get(summary.status, summary.status)
            if column == 3:
                return f"{summary.word_count:,}"
            if column == 4:
                return format_updated_short(summary.updated_at)
            if column == self.PROBLEMS_COLUMN:
                count = self.problem_counts.get(summary.id)
                return str(count.total) if count is not None and count.total else ""
        elif column == self.PROBLEMS_COLUMN and role in (
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return describe_problem_count(self.problem_counts.get(summary.id))
        elif column == self.PROBLEMS_COLUMN and role == Qt.ItemDataRole.ForegroundRole:
            count = self.problem_counts.get(summary.id)
            return QBrush(QColor(ERROR_RED)) if count is not None and count.errors else None
        elif role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return summary.headline or "(no headline)"
        elif role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return format_updated(summary.updated_at)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column in (3, self.PROBLEMS_COLUMN):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == self.ArticleIdRole:
            return summary.id
        return None

    def article_id_at(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, article_id: int) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == article_id:
                return row
        return None

    def update_summary(self, summary) -> None:
        """Refresh one row in place after a save (the list is not re-sorted under the user)."""
        row = self.row_of(summary.id)
        if row is None:
            return
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def insert_summary_at_top(self, summary) -> None:
        if self.row_of(summary.id) is not None:
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, summary)
        self.endInsertRows()

    def remove_article(self, article_id: int) -> None:
        row = self.row_of(article_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()


def describe_problem_count(count) -> str:
    if count is None:
        return "Caption problems not counted yet"
    if not count.total:
        return "No caption problems"
    plural = "s" if count.total != 1 else ""
    errors = f", {count.errors} of them stopping an export" if count.errors else ""
    return f"{count.total} caption problem{plural}{errors}"


def count_caption_problems(library, article_ids: list[int]) -> dict:
    """In a worker: the problem counts of a page of articles (read connection of that thread)."""
    from editor_app.photos.placements import caption_problem_counts

    return caption_problem_counts(library, article_ids)


def confirm_delete(parent: QWidget, headline: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Delete article",
        f"Delete “{headline or '(no headline)'}” and its history? This cannot be undone.",
        QMessageBox.StandardButton.Delete | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Delete


class LibraryPane(QWidget):
    articleOpenRequested = Signal(int)
    newArticleRequested = Signal()
    duplicateRequested = Signal(int)
    deleteRequested = Signal(int)

    def __init__(self, search_delay_ms: int = 120, parent: QWidget | None = None, workers=None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.setAccessibleName("Library")
        self.library = None
        self.workers = workers  # counts caption problems off the GUI thread; without it, here
        # Replaceable so tests (and a future undo-delete) need no modal dialog.
        self.confirm_delete = confirm_delete
        self._selecting_programmatically = False

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Search the library")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search the library")
        self.search_field.setAccessibleDescription('Words, "quoted phrases", prefix* and -exclusions')
        self.section_filter = QComboBox()
        self.section_filter.setAccessibleName("Section filter")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Status filter")
        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName("Tag filter")
        for combo in (self.section_filter, self.tag_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
        self.status_filter.addItem("Any status", None)
        for value, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, value)

        self.model = ArticleListModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Articles")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setAccessibleName("Article rows")
        self.table.horizontalHeader().setAccessibleName("Article columns")
        # Fixed row heights: the view never measures 100,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # The headline takes whatever the other columns leave; they are as wide as what
        # they can hold (still draggable).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(ArticleListModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.size_columns([])

        self.new_button = QPushButton("&New")
        self.new_button.setAccessibleName("New article")
        self.duplicate_button = QPushButton("D&uplicate")
        self.duplicate_button.setAccessibleName("Duplicate article")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete article")

        filters = QHBoxLayout()
        filters.addWidget(self.section_filter, 2)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.tag_filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_field)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(search_delay_ms)
        self._search_timer.timeout.connect(self.run_query)
        self.search_field.textChanged.connect(self._search_timer.start)
        self.search_field.returnPressed.connect(self.run_query)
        self.section_filter.activated.connect(self.run_query)
        self.status_filter.activated.connect(self.run_query)
        self.tag_filter.activated.connect(self.run_query)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.countsWanted.connect(self.count_problems)
        self.new_button.clicked.connect(self.newArticleRequested)
        self.duplicate_button.clicked.connect(self._duplicate_clicked)
        self.delete_button.clicked.connect(self._delete_clicked)
        self._update_buttons()

    # ------------------------------------------------------------------ library

    def set_library(self, library) -> None:
        self.library = library
        self.refresh_filters()
        self.model.set_library(library)
        self._update_buttons()

    def refresh_filters(self) -> None:
        """Fill the section and tag filters from the library, keeping the current choice."""
        if self.library is None:
            return
        sections = self.library.sections()
        self._refill(self.section_filter, "All sections", sections)
        self._refill(self.tag_filter, "Any tag", self.library.tags())
        self.size_columns(sections)

    def size_columns(self, sections: list[str]) -> None:
        """Size every column but the headline to what it can hold, measured once from the
        font rather than row by row (the list may hold 100,000 articles)."""
        metrics = self.table.fontMetrics()
        # The item delegate's text margins either side, and a little air.
        margin = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1)
        margin += metrics.horizontalAdvance("  ")
        months = [datetime.date(2000, month, 28).strftime("%d %b") for month in range(1, 13)]
        widest_section = metrics.averageCharWidth() * SECTION_COLUMN_MAX_CHARACTERS
        contents = {
            1: [min(metrics.horizontalAdvance(name), widest_section) for name in sections],
            2: [metrics.horizontalAdvance(label) for label in STATUS_LABELS.values()],
            3: [metrics.horizontalAdvance(WIDEST_WORD_COUNT)],
            4: [metrics.horizontalAdvance(text) for text in (*WIDEST_UPDATED, *months)],
            ArticleListModel.PROBLEMS_COLUMN: [metrics.horizontalAdvance(WIDEST_PROBLEMS)],
        }
        header = self.table.horizontalHeader()
        for column, widths in contents.items():
            header.resizeSection(column, max(header.sectionSizeHint(column), max(widths, default=0) + margin))

    @staticmethod
    def _refill(combo: QComboBox, everything: str, values: list[str]) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value in values:
            combo.addItem(value, value)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def current_query(self) -> ArticleQuery:
        return ArticleQuery(
            text=self.search_field.text(),
            section=self.section_filter.currentData(),
            status=self.status_filter.currentData(),
            tag=self.tag_filter.currentData(),
        )

    @Slot()
    def run_query(self) -> None:
        self._search_timer.stop()
        if self.library is None:
            return
        selected = self.selected_article_id()
        self.model.set_query(self.current_query())
        if selected is not None:
            self.select_article(selected)
        self._update_buttons()

    @Slot(list)
    def count_problems(self, article_ids: list[int]) -> None:
        """Count the caption problems of these articles (a page, or one that changed)."""
        if self.library is None or not article_ids:
            return
        if self.workers is None:
            self.model.set_problem_counts(count_caption_problems(self.library, article_ids))
            return
        self.workers.submit(count_caption_problems, self.library, list(article_ids),
                            on_result=self._counted, on_error=self._count_failed)  # fmt: skip

    def _counted(self, counts: dict) -> None:
        self.model.set_problem_counts(counts)

    def _count_failed(self, failure) -> None:
        """The library refusing a count (closed under it) leaves the cells empty: they are only
        a hint, and the next change counts again. Anything else is a defect and reported."""
        from .writes import is_user_facing

        if not is_user_facing(failure.error):
            self.workers.jobFailed.emit(failure)

    # ------------------------------------------------------------------ selection

    def selected_article_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id_at(index.row()) if index.isValid() else None

    def select_article(self, article_id: int) -> None:
        """Highlight an article without asking to open it again."""
        row = self.model.row_of(article_id)
        self._selecting_programmatically = True
        try:
            if row is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
            else:
                index = self.model.index(row, 0)
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
        finally:
            self._selecting_programmatically = False
        self._update_buttons()

    @Slot(QModelIndex, QModelIndex)
    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        if self._selecting_programmatically or not current.isValid():
            return
        article_id = self.model.article_id_at(current.row())
        if article_id is not None:
            self.articleOpenRequested.emit(article_id)

    def _update_buttons(self) -> None:
        has_library = self.library is not None
        has_selection = self.selected_article_id() is not None
        self.new_button.setEnabled(has_library)
        self.duplicate_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    @Slot()
    def _duplicate_clicked(self) -> None:
        article_id = self.selected_article_id()
        if article_id is not None:
            self.duplicateRequested.emit(article_id)

    @Slot()
    def _delete_clicked(self) -> None:
        article_id = self.selected_article_id()
        if article_id is None:
            return
        row = self.model.row_of(article_id)
        headline = self.model.data(self.model.index(row, 0)) if row is not None else ""
        if self.confirm_delete(self, headline):
            self.deleteRequested.emit(article_id)

    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()
