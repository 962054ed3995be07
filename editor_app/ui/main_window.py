"""The Copydesk window: the panes side by side, the menus, and the wiring between them.

The window is thin. Each pane lives in its own module and says what it wants through
`...Requested` signals; `_connect_signals` is the one place they are wired. Library
work that takes time (import, export, backup, preview rendering) goes through the
`Workers` helper; every write from the window goes to the library's writer thread
through `LibraryWrites` (the `Autosaver` and the photos pane), so the window never waits
for SQLite while the writer types. Closing the window or switching library cancels the
running jobs and waits for them a bounded time.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QGuiApplication,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QSplitter,
    QToolButton,
    QWidget,
)

from ..model import STATUS_LABELS
from ..model.limits import MAX_BODY_CHARS
from . import library_dialogs, shortcuts
from .autosave import NOT_SAVED, Autosaver
from .caption_tools import fill_templates_menu
from .code_replacements_dialog import CodeReplacementsDialog
from .editor_pane import ArticleEditorPane
from .focus_mode import FocusMode
from .format_commands import FormatCommands
from .library_pane import LibraryPane
from .packet_desk import PacketDesk
from .pane_navigation import Pane, PaneNavigator
from .photos_pane import PhotosPane
from .preview_pane import PreviewPane
from .settings import WindowSettings
from .spelling import WindowSpelling
from .status_labels import ReservedWidthLabel
from .wire_import import WireImport
from .workers import JobCancelled, JobFailure, StatusBarJob, Workers
from .writes import LibraryWrites

# How long closing the window or switching library waits for cancelled jobs to stop, and
# for the writes already queued to be stored, before letting the library go regardless.
JOBS_STOP_TIMEOUT_MS = 10_000
QUEUED_WRITES_TIMEOUT_S = 10.0
STOPPING_MESSAGE = "Stopping background work before closing the library…"

# The window's first size: most of the screen, at least a usable size where the screen has it.
FIRST_START_SHARE = 0.8
FIRST_START_MINIMUM = QSize(960, 640)

ICON_PATH = Path(__file__).resolve().parents[2] / "resources" / "icons" / "copydesk.svg"


def application_icon() -> QIcon:
    try:
        from importlib.resources import files

        packaged = files("editor_app.resources") / "icons" / "copydesk.svg"
        if packaged.is_file():
            return QIcon(str(packaged))
    except (ModuleNotFoundError, OSError):
        pass
    return QIcon(str(ICON_PATH))


# ---------------------------------------------------------------------- worker jobs (no self)


def _import_job(library, paths, progress, cancel, post):
    from editor_app.photos import import_photos

    def report(done, total, result):
        progress(done, total, f"Importing photos: {done} of {total}")

    def first_tile(path, jpeg):
        post((path.name, jpeg))

    return import_photos(library, paths, progress=report, cancel=cancel, preview=first_tile)


def _export_job(export_function, library, *args, progress, cancel, **kwargs):
    from editor_app.export import ExportCancelled

    try:
        return export_function(library, *args, progress=progress, cancel=cancel, **kwargs)
    except ExportCancelled as cancelled:
        raise JobCancelled() from cancelled


def _backup_job(library, destination, progress, cancel):
    if cancel():  # the window closed before the copy began; once begun it is one step
        raise JobCancelled()
    progress(0, 1, f"Copying the library to {destination}")
    return library.backup(destination)


def choose_folder_to_import(parent) -> list[Path]:
    """A card or folder of photos for Import to Library (its subfolders are imported too)."""
    from PySide6.QtWidgets import QFileDialog

    folder = QFileDialog.getExistingDirectory(parent, "Import a Folder to the Library")
    return [Path(folder)] if folder else []


def first_start_geometry(available: QRect, minimum: QSize | None = None, share: float = FIRST_START_SHARE) -> QRect:
    """The window on first start: `share` of the screen's free area each way, centred, no
    larger than the screen however small it is (a laptop at 1366 x 768, a projector).

    A window whose panes need more than the screen has (`minimum`) starts at the screen's
    top left corner, so its title bar and menus are on screen.
    """

    def fitted(room: int, least: int) -> int:
        return max(int(room * share), min(least, room))

    geometry = QRect(0, 0, fitted(available.width(), FIRST_START_MINIMUM.width()),
                     fitted(available.height(), FIRST_START_MINIMUM.height()))  # fmt: skip
    if minimum is not None:
        geometry.setSize(geometry.size().expandedTo(minimum))
    geometry.moveCenter(available.center())
    if geometry.width() > available.width():
        geometry.moveLeft(available.left())
    if geometry.height() > available.height():
        geometry.moveTop(available.top())
    return geometry


def _refusal_line(result) -> str:
    """The refused file's line, its name given once (the importer's reasons usually begin with it)."""
    name = result.path.name
    return result.error if result.error.startswith(f"{name}:") else f"{name}: {result.error}"


def ask_snapshot_name_lazily(parent):
    """The snapshot-name prompt; dialogs load on first use, not before the first paint."""
    from .history_dialog import ask_snapshot_name

    return ask_snapshot_name(parent)


class MainWindow(QMainWindow):
    # An import stored photos in the library (finished, or stopped after storing some).
    libraryPhotosChanged = Signal()

    def __init__(self, settings: QSettings, workers: Workers | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copydeskMainWindow")
        self.setWindowIcon(application_icon())
        self.setAccessibleName("Copydesk")
        self.settings = WindowSettings(settings)
        self.workers = workers or Workers(self)
        self.writes = LibraryWrites(self)
        self.library = None
        self.article_id: int | None = None
        self._zoom_steps = self.settings.preference("editor/zoom_steps")
        # Replaceable dialogs: tests inject paths instead of file dialogs.
        self.choose_photo_files = library_dialogs.choose_photo_files
        self.choose_photo_folder = choose_folder_to_import
        self.choose_export_folder = library_dialogs.choose_export_folder
        self.choose_backup_path = library_dialogs.choose_backup_path
        self.choose_library_to_open = library_dialogs.choose_library_to_open
        self.choose_new_library_path = library_dialogs.choose_new_library_path
        self.ask_after_open_failure = library_dialogs.ask_after_open_failure
        self.ask_snapshot_name = ask_snapshot_name_lazily
        self.last_import_results: list = []
        self.refused_photos_box: QMessageBox | None = None
        self.last_export_report = None
        self.preflight_dialog = None  # the one open before an export, if any
        self.site_settings_dialog = None  # the last Site Settings dialog opened

        self.library_pane = LibraryPane(self.settings.preference("library/search_delay_ms"), workers=self.workers)
        self.editor = ArticleEditorPane(self.settings.preference("editor/counts_delay_ms"))
        self.preview = PreviewPane(self.workers)
        self.photos = PhotosPane(self.writes, self.settings.preference("photos/caption_delay_ms"), self.workers)
        # Spellcheck in the article's language: headline, standfirst, body, caption and alt text.
        self.spelling = WindowSpelling(self.writes, self)
        self.spelling.attach_line_edit(self.editor.headline)
        self.spelling.attach_text_edit(self.editor.standfirst)
        self.spelling.attach_text_edit(self.editor.body, self.editor.body.highlighter)
        self.spelling.attach_text_edit(self.photos.inspector.caption)
        self.spelling.attach_text_edit(self.photos.inspector.alt_text)
        # Photos above the preview, both in sight: captions are checked against the page.
        self.side_panel = QSplitter(Qt.Orientation.Vertical)
        self.side_panel.setObjectName("sidePanel")
        self.side_panel.setAccessibleName("Photos and preview")
        self.side_panel.setChildrenCollapsible(False)
        self.side_panel.addWidget(self.photos)
        self.side_panel.addWidget(self.preview)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library_pane)
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.autosaver = Autosaver(
            self.editor, self.writes, self.settings.preference("editor/autosave_delay_ms"),
            self.settings.preference("editor/save_retry_ms"), parent=self,
        )  # fmt: skip
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(self.settings.preference("preview/refresh_delay_ms"))

        self._build_status_bar()
        self._build_actions()
        self.wire_import = WireImport(self)  # a wire story from a file or the clipboard as a new article
        self.packets = PacketDesk(self)  # story packets: send, take, the desk folder's inbox
        self.pane_navigator = PaneNavigator(self, self._panes_in_reading_order())
        self._build_menus()
        self._connect_signals()
        self._restore_window_state()
        self._update_title()
        self._update_actions()

    # ================================================================== building

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # Fixed widths and one height: a count, a save state or a job coming and going
        # never moves the rest of the bar, nor resizes the panes above it.
        self.save_state_label = ReservedWidthLabel(f"{NOT_SAVED}the disk is full")
        self.save_state_label.setAccessibleName("Save state")
        self.counts_label = ReservedWidthLabel(f"{MAX_BODY_CHARS:,} words · {MAX_BODY_CHARS:,} characters")
        self.counts_label.setAccessibleName("Word and character count")
        self.target_bar = QProgressBar()
        self.target_bar.setAccessibleName("Progress against the target length")
        self.target_bar.setFixedWidth(140)
        self.target_bar.setTextVisible(True)
        keep_place = self.target_bar.sizePolicy()
        keep_place.setRetainSizeWhenHidden(True)
        self.target_bar.setSizePolicy(keep_place)
        self.target_bar.hide()
        job_cancel = QToolButton()  # the tallest thing a StatusBarJob brings
        job_cancel.setText("Cancel")
        self.counts_label.setMinimumHeight(max(job_cancel.sizeHint().height(), self.target_bar.sizeHint().height()))
        self.busy_label = ReservedWidthLabel("Working…")
        self.busy_label.setAccessibleName("Background work")
        bar.addPermanentWidget(self.busy_label)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.target_bar)
        bar.addPermanentWidget(self.save_state_label)

    def _action(self, text: str, slot, shortcut=None, checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts.assign_shortcuts(action, shortcut)  # keeps the declaration for the conflict test
        action.setCheckable(checkable)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.new_article_action = self._action("&New Article", self.new_article, key.New)
        self.new_library_action = self._action("New &Library…", self.new_library)
        self.open_library_action = self._action("&Open Library…", self.open_library_dialog, key.Open)
        self.import_photos_action = self._action("&Import Photos…", self.import_photos_requested, "Ctrl+Shift+I")
        self.import_to_library_action = self._action("Import to Li&brary…", self.import_to_library_requested,
                                                     tip="Import a folder of photos (a card) into the library "
                                                     "without adding them to the article")  # fmt: skip
        self.export_article_action = self._action("&Export Article…", self.export_article_requested, "Ctrl+E")
        self.export_site_action = self._action("Export &Site…", self.export_site_requested, "Ctrl+Shift+E")
        self.site_settings_action = self._action("Site Se&ttings…", self.site_settings_requested,
                                                 tip="The exported site's address, name, description and language")  # fmt: skip
        self.backup_action = self._action("Back &Up Library…", self.backup_library_requested)
        self.quit_action = self._action("&Quit", self.close, key.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self._action("&Undo", partial(self.route_to_focus, "undo"), key.Undo)
        self.redo_action = self._action("&Redo", partial(self.route_to_focus, "redo"), shortcuts.REDO)
        self.cut_action = self._action("Cu&t", partial(self.route_to_focus, "cut"), key.Cut)
        self.copy_action = self._action("&Copy", partial(self.route_to_focus, "copy"), key.Copy)
        self.paste_action = self._action("&Paste", partial(self.route_to_focus, "paste"), key.Paste)
        self.find_action = self._action("&Find/Replace in Article…", self.show_find_replace, (key.Find, key.Replace))
        self.find_library_action = self._action("Find in &Library", self.find_in_library, "Ctrl+Shift+F")

        self.show_library_action = self._action("&Library", self.set_library_pane_visible, "Ctrl+1", True)
        self.show_fields_action = self._action("Article &Fields", self.set_fields_visible, "Ctrl+2", True)
        self.show_preview_action = self._action("&Preview", self.set_preview_visible, "Ctrl+3", True)
        self.show_photos_action = self._action("P&hotos", self.set_photos_visible, "Ctrl+4", True)
        for action in (self.show_library_action, self.show_fields_action, self.show_preview_action,
                       self.show_photos_action):  # fmt: skip
            action.setChecked(True)
        self.caption_desk_action = self._action("&Caption Desk", self.set_caption_desk, "Ctrl+5", True,
                                                "Give the photos most of the window")  # fmt: skip
        self.focus_mode_action = self._action("F&ocus Mode", self.set_focus_mode, shortcuts.FOCUS_MODE, True,
                                              "Show only the text")  # fmt: skip
        self.zoom_in_action = self._action("Zoom &In", partial(self.zoom, 1), key.ZoomIn)
        self.zoom_out_action = self._action("Zoom O&ut", partial(self.zoom, -1), key.ZoomOut)
        self.zoom_reset_action = self._action("&Actual Size", partial(self.zoom, None), "Ctrl+0")
        self.focus_mode = FocusMode(self, self.settings, self.focus_mode_action)
        self.focus_mode.set_zoom_steps(self._zoom_steps)
        self.format_commands = FormatCommands(self.editor.body, self)

        self.status_group = QActionGroup(self)
        self.status_actions: dict[str, QAction] = {}
        for value, label in STATUS_LABELS.items():
            action = self._action(label, partial(self.set_article_status, value), checkable=True)
            self.status_group.addAction(action)
            self.status_actions[value] = action
        self.snapshot_action = self._action("Take &Snapshot…", self.take_snapshot, "Ctrl+Shift+S")
        self.history_action = self._action("&History…", self.show_history, shortcuts.HISTORY)
        self.check_captions_action = self._action("&Check Captions", self.check_captions, "Ctrl+Shift+K")
        self.batch_action = self._action("Set on &Selected Photos…", self.batch_edit_photos, "Ctrl+Shift+B",
                                         tip="Credit, creator, copyright or a template on every selected photo")  # fmt: skip
        self.codes_action = self._action("Code Re&placements…", self.edit_code_replacements)
        self.about_action = self._action("&About Copydesk", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _panes_in_reading_order(self) -> list[Pane]:
        """Where Ctrl+Tab and F6 go; the fields come before the editor pane that holds them."""
        return [
            Pane("Library", self.library_pane, self.library_pane.table),
            Pane("Article fields", self.editor.fields, self.editor.headline),
            Pane("Body", self.editor, self.editor.body),
            Pane("Photos", self.photos, self.photos.grid),
            Pane("Preview", self.preview, partial(getattr, self.preview, "view")),  # made on first use
        ]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.new_article_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_library_action)
        file_menu.addAction(self.open_library_action)
        self.recent_menu = file_menu.addMenu("&Recent Libraries")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.import_photos_action)
        file_menu.addAction(self.import_to_library_action)
        file_menu.addAction(self.wire_import.import_action)
        file_menu.addAction(self.export_article_action)
        # Markdown, ninjs and DOCX beside HTML; filled when first shown, so the window
        # starts without importing the exporters that name them.
        self.export_as_menu = file_menu.addMenu("Export Article &As")
        self.export_as_menu.aboutToShow.connect(self.export_format_actions)
        file_menu.addAction(self.export_site_action)
        file_menu.addAction(self.site_settings_action)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.packets.take_action)
        file_menu.addAction(self.packets.desk_folder_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        for action in (self.undo_action, self.redo_action):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        for action in (self.cut_action, self.copy_action, self.paste_action):
            edit_menu.addAction(action)
        edit_menu.addAction(self.wire_import.paste_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.find_library_action)

        view_menu = bar.addMenu("&View")
        for action in (self.show_library_action, self.show_fields_action, self.show_preview_action,
                       self.show_photos_action):  # fmt: skip
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.caption_desk_action)
        view_menu.addAction(self.focus_mode_action)
        view_menu.addAction(self.focus_mode.typewriter_action)
        view_menu.addAction(self.focus_mode.dimming_action)
        view_menu.addAction(self.packets.inbox_action)
        view_menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.pane_navigator.next_action)
        view_menu.addAction(self.pane_navigator.previous_action)

        self.format_menu = bar.addMenu("F&ormat")
        self.format_commands.fill_menu(self.format_menu)

        article_menu = bar.addMenu("&Article")
        status_menu = article_menu.addMenu("S&tatus")
        for action in self.status_actions.values():
            status_menu.addAction(action)
        article_menu.addAction(self.snapshot_action)
        article_menu.addAction(self.history_action)
        article_menu.addSeparator()
        article_menu.addAction(self.check_captions_action)
        article_menu.addSeparator()
        article_menu.addAction(self.packets.send_action)
        article_menu.addAction(self.packets.send_to_desk_action)

        desk = self.photos.inspector.desk
        captions_menu = bar.addMenu("Ca&ptions")
        self.templates_menu = captions_menu.addMenu("Apply &Template")
        self.templates_menu.aboutToShow.connect(self._fill_templates_menu)
        captions_menu.addAction(self.batch_action)
        captions_menu.addAction(self.codes_action)
        captions_menu.addSeparator()
        # The desk's own history (templates, batch edits, removed photos); Ctrl+Z reaches it
        # from the photos (route_to_focus) while text fields keep their own.
        self.desk_undo_action = desk.undo_stack.createUndoAction(self, "&Undo Photos")
        self.desk_redo_action = desk.undo_stack.createRedoAction(self, "&Redo Photos")
        captions_menu.addAction(self.desk_undo_action)
        captions_menu.addAction(self.desk_redo_action)
        captions_menu.addSeparator()
        captions_menu.addAction(self.check_captions_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        """Every connection between panes, in one place."""
        self.library_pane.articleOpenRequested.connect(self.open_article)
        self.library_pane.newArticleRequested.connect(self.new_article)
        self.library_pane.duplicateRequested.connect(self.duplicate_article)
        self.library_pane.deleteRequested.connect(self.delete_article)

        self.editor.largeEdit.connect(self.autosaver.keep_text_before)  # before the edit's own save
        self.editor.edited.connect(self.autosaver.note_edit)
        self.editor.edited.connect(self._preview_timer.start)
        self.editor.countsChanged.connect(self._show_counts)
        self.editor.status.currentIndexChanged.connect(self._sync_status_actions)
        self.autosaver.stateChanged.connect(self.save_state_label.setText)
        self.autosaver.articleSaved.connect(self._article_saved)
        self.autosaver.saveFailed.connect(self.show_message)
        self.writes.writeFailed.connect(self.show_message)
        self.spelling.statusMessage.connect(self.show_message)
        self.editor.languageChanged.connect(self.spelling.set_language)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.editor.body.cursorPositionChanged.connect(self._follow_cursor)

        self.photos.importRequested.connect(self.import_photos_requested)
        self.photos.importToLibraryRequested.connect(self.import_to_library_requested)
        self.photos.browseRequested.connect(self.browse_library_photos)
        self.photos.insertRequested.connect(self.editor.insert_placement)
        self.photos.filesDropped.connect(self.import_photo_files)
        self.photos.placementsChanged.connect(self.refresh_preview)
        self.photos.placementsChanged.connect(self._recount_article_problems)
        self.photos.statusMessage.connect(self.show_message)

        self.preview.linkActivated.connect(self.open_external_link)
        self.preview.renderFailed.connect(self.show_message)
        self.workers.jobFailed.connect(self._job_failed)
        self.workers.busyChanged.connect(self._workers_busy)

    # ================================================================== library

    def set_library(self, library) -> bool:
        """Show `library` (the window now owns it and closes it when done with it).

        Returns False, closing `library` again, when the writer chose to stay with the
        current library because its latest text could not be saved.
        """
        if self.library is not None:
            if not self._save_everything() and not self._confirm_losing_unsaved_text("Switch library anyway?"):
                library.close()
                return False
            self._let_library_go()
        self.library = library
        self.article_id = None
        self.writes.set_library(library)
        self.autosaver.set_library(library)
        self.preview.set_library(library)
        self.photos.set_library(library)
        self.spelling.set_library(library)
        self.library_pane.set_library(library)
        self.packets.set_library(library)
        self.editor.clear_article()
        self.preview.clear()
        self.settings.remember_library(str(library.path))
        self._refresh_completions()
        last = self.settings.last_article(str(library.path))
        opened = False
        if last is not None:
            opened = self.open_article(last)
        if not opened:
            first = self.library_pane.model.article_id_at(0)
            if first is not None:
                self.open_article(first)
        self.save_state_label.setText("Saved")
        self._update_title()
        self._update_actions()
        return True

    def _confirm_losing_unsaved_text(self, question: str) -> bool:
        answer = QMessageBox.warning(
            self, "Copydesk", f"The latest changes could not be saved: {self.autosaver.state}\n\n{question}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _stop_background_work(self) -> bool:
        """Cancel import, export, backup and previews; wait for them a bounded time."""
        notice: list[QProgressDialog] = []

        def say_still_stopping() -> None:
            self.busy_label.setText(STOPPING_MESSAGE)
            dialog = QProgressDialog(STOPPING_MESSAGE, "", 0, 0, self)
            dialog.setWindowTitle("Closing the library")
            dialog.setAccessibleName("Stopping background work")
            dialog.setCancelButton(None)
            dialog.setMinimumDuration(0)
            dialog.show()
            notice.append(dialog)

        stopped = self.workers.stop_all(JOBS_STOP_TIMEOUT_MS, say_still_stopping)
        for dialog in notice:
            dialog.close()
            dialog.deleteLater()
        return stopped

    def _let_library_go(self) -> None:
        """Stop the jobs, store the writes already queued, and close the library."""
        if self.preflight_dialog is not None:  # its Go To names this library's articles
            self.preflight_dialog.close()
        self._stop_background_work()
        self.writes.wait(QUEUED_WRITES_TIMEOUT_S)
        self.library.close()
        self.library = None

    def open_library_path(self, path: Path, create: bool = False) -> bool:
        from editor_app.library import LibraryError

        from .opening import open_library

        try:
            library = open_library(self, self.workers, path, create)
        except LibraryError as error:
            self.ask_after_open_failure(self, error)
            return False
        return self.set_library(library)

    @Slot()
    def open_library_dialog(self) -> None:
        path = self.choose_library_to_open(self)
        if path is not None:
            self.open_library_path(path)

    @Slot()
    def new_library(self) -> None:
        path = self.choose_new_library_path(self)
        if path is None:
            return
        from editor_app.library import Library, LibraryError

        try:
            library = Library.create(path, program="Copydesk window")
        except LibraryError as error:
            QMessageBox.warning(self, "New Library", str(error))
            return
        self.set_library(library)

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = str(self.library.path) if self.library else None
        for path in self.settings.recent_libraries():
            action = self.recent_menu.addAction(path)
            action.setEnabled(path != current)
            action.triggered.connect(partial(self.open_library_path, Path(path)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent libraries").setEnabled(False)

    def _refresh_completions(self) -> None:
        if self.library is not None:
            self.editor.set_completions(self.library.sections(), self.library.tags())

    # ================================================================== articles

    def _save_everything(self) -> bool:
        """Write the article and the photo inspector now and wait, bounded (switching, history, closing).

        False when text is still only in the editor (the disk refused it).
        """
        self.photos.commit_inspector()
        saved = self.autosaver.save_now()
        return self.writes.wait(QUEUED_WRITES_TIMEOUT_S) and saved

    @Slot(int)
    def open_article(self, article_id: int) -> bool:
        from editor_app.library import ArticleNotFoundError

        if self.library is None:
            return False
        if article_id == self.article_id and self.editor.article is not None:
            return True
        if not self._save_everything() and self.editor.article is not None:
            # The text exists only in this editor: leaving the article would lose it.
            self.library_pane.select_article(self.editor.article.id)
            self.show_message(f"{self.autosaver.state} Stay with this article until it is saved.")
            return False
        try:
            article = self.library.get_article(article_id)
        except ArticleNotFoundError:
            return False
        self.article_id = article.id
        self._refresh_completions()  # sections and tags typed in the article just left
        self.editor.load_article(article)
        self.spelling.set_article(article.id, article.language)
        self.photos.show_article(article.id)
        self.library_pane.select_article(article.id)
        self.settings.set_last_article(str(self.library.path), article.id)
        self._sync_status_actions()
        self._preview_timer.stop()
        self.preview.show_article(article, self.photos.placed_photos(), self.editor.body.cursor_line())
        self._update_title()
        self._update_actions()
        return True

    @Slot()
    def new_article(self) -> None:
        if self.library is None:
            return
        self._save_everything()
        article = self.library.create_article(headline="")
        self.library_pane.model.insert_summary_at_top(article.summary())
        self.open_article(article.id)
        self.editor.headline.setFocus()

    @Slot(int)
    def duplicate_article(self, article_id: int) -> None:
        self._save_everything()
        copy = self.library.duplicate_article(article_id)
        self.library_pane.model.insert_summary_at_top(copy.summary())
        self.open_article(copy.id)

    @Slot(int)
    def delete_article(self, article_id: int) -> None:
        if article_id == self.article_id:
            self.autosaver.set_library(self.library)  # drop the pending timer; the article is going
            self.editor.clear_article()
            self.spelling.set_article(None)
            self.photos.show_article(None)
            self.preview.clear()
            self.article_id = None
        row = self.library_pane.model.row_of(article_id)
        self.library.delete_article(article_id)
        self.library_pane.model.remove_article(article_id)
        self.library_pane.refresh_filters()
        next_id = self.library_pane.model.article_id_at(min(row or 0, self.library_pane.model.rowCount() - 1))
        if self.article_id is None and next_id is not None:
            self.open_article(next_id)
        self._update_title()
        self._update_actions()

    @Slot(object)
    def _article_saved(self, article) -> None:
        self.library_pane.model.update_summary(article.summary())
        self.library_pane.count_problems([article.id])  # a name added to the story may fix a caption
        self._update_title()

    @Slot()
    def refresh_preview(self) -> None:
        self._preview_timer.stop()
        article = self.editor.current_article()
        if article is None:
            return
        self.preview.show_article(article, self.photos.placed_photos(), self.editor.body.cursor_line())

    @Slot()
    def _follow_cursor(self) -> None:
        self.preview.follow_line(self.editor.body.cursor_line())

    @Slot(int, int, int)
    def _show_counts(self, words: int, characters: int, target: int) -> None:
        text = f"{words:,} words · {characters:,} characters"
        if target:
            self.target_bar.setMaximum(target)
            self.target_bar.setValue(min(words, target))
            self.target_bar.setFormat(f"{round(100 * words / target)}% of {target:,}")
            self.target_bar.show()
        else:
            self.target_bar.hide()
        self.counts_label.setText(text)

    @Slot()
    def _sync_status_actions(self, *_args) -> None:
        value = self.editor.status.currentData()
        if value in self.status_actions:
            self.status_actions[value].setChecked(True)

    @Slot()
    def set_article_status(self, status: str, *_args) -> None:
        self.editor.set_status(status)

    def _update_title(self) -> None:
        parts = []
        if self.editor.article is not None:
            parts.append(self.editor.headline.text() or "Untitled article")
        if self.library is not None:
            parts.append(self.library.path.name)
        parts.append("Copydesk")
        self.setWindowTitle(" — ".join(parts))

    def _update_actions(self) -> None:
        has_library = self.library is not None
        has_article = self.article_id is not None
        for action in (self.new_article_action, self.export_site_action, self.site_settings_action,
                       self.backup_action, self.find_library_action,
                       self.import_to_library_action, self.codes_action):  # fmt: skip
            action.setEnabled(has_library)
        for action in (self.import_photos_action, self.export_article_action, self.export_as_menu.menuAction(),
                       self.snapshot_action,
                       self.history_action, self.check_captions_action, self.find_action, self.batch_action,
                       *self.status_actions.values()):  # fmt: skip
            action.setEnabled(has_article)
        self.format_commands.set_enabled(has_article)
        self.wire_import.update_actions(has_library)
        self.packets.update_actions(has_library, has_article)

    # ================================================================== photos

    @Slot()
    def _recount_article_problems(self) -> None:
        if self.article_id is not None:
            self.library_pane.count_problems([self.article_id])

    @Slot()
    def _fill_templates_menu(self) -> None:
        inspector = self.photos.inspector
        fill_templates_menu(self.templates_menu, inspector.desk, inspector.apply_template, inspector.edit_template)

    @Slot()
    def batch_edit_photos(self) -> None:
        if self.photos.inspector.batch_edit_selected() is None:
            self.show_message("Select one or more photos of the article first.")

    @Slot()
    def edit_code_replacements(self) -> None:
        if self.library is None:
            return
        dialog = CodeReplacementsDialog(self.photos.inspector.desk, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def import_photos_requested(self) -> None:
        if self.article_id is None:
            return
        paths = self.choose_photo_files(self)
        if paths:
            self.import_photo_files(paths)

    @Slot()
    def import_to_library_requested(self) -> None:
        if self.library is None:
            return
        paths = self.choose_photo_folder(self)
        if paths:
            self.import_files_to_library(paths)

    def import_files_to_library(self, paths: list) -> None:
        """Import into the library only (a card to caption later); no article gets them."""
        if self.library is None:
            return
        StatusBarJob(
            self.workers, self.statusBar(), "Importing photos", _import_job, self.library, [Path(p) for p in paths],
            on_result=self._photos_imported_to_library, on_error=self._job_failed, on_posted=self._ignore_tile,
        )  # fmt: skip

    def _ignore_tile(self, _tile) -> None:
        """No article shows tiles of an import to the library only."""

    def _photos_imported_to_library(self, results: list) -> None:
        self.last_import_results = list(results)
        self.libraryPhotosChanged.emit()
        stored = [result for result in results if result.photo is not None]
        refused = [result for result in results if result.error]
        self.show_message(f"Imported {len(stored)} photo(s) to the library"
                          + (f", refused {len(refused)}" if refused else ""))  # fmt: skip
        self._show_refused_photos(refused)

    def _show_refused_photos(self, refused: list) -> None:
        """List every refused file with its reason, in a dialog that stays until read."""
        if not refused:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Some files were not imported",
            f"{len(refused)} file(s) were refused:",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAccessibleName("Refused photos")
        box.setInformativeText("\n".join(_refusal_line(result) for result in refused))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._refused_photos_closed)
        box.open()
        self.refused_photos_box = box

    @Slot()
    def _refused_photos_closed(self, *_args) -> None:
        self.refused_photos_box = None

    @Slot(list)
    def import_photo_files(self, paths: list) -> None:
        """Import in a worker with a progress dialog, then attach what came in to the article."""
        if self.library is None or self.article_id is None:
            return
        # In the status bar, not a modal dialog: the writer keeps typing meanwhile.
        StatusBarJob(
            self.workers, self.statusBar(), "Importing photos", _import_job, self.library, [Path(p) for p in paths],
            on_result=partial(self._photos_imported, self.article_id),
            on_error=partial(self._import_failed, self.article_id),
            on_posted=partial(self._first_tile_arrived, self.article_id),
        )  # fmt: skip

    def _first_tile_arrived(self, article_id: int, tile) -> None:
        """The camera's embedded preview of a photo being imported: shown until it is stored."""
        if article_id == self.article_id:
            name, jpeg = tile
            self.photos.show_pending_tile(name, jpeg)

    def _import_failed(self, article_id: int, failure: JobFailure) -> None:
        self.photos.clear_pending_tiles()
        self.libraryPhotosChanged.emit()  # what was stored before the failure is in the library
        from editor_app.photos import ImportStoppedError

        if isinstance(failure.error, ImportStoppedError):
            # The photos stored before the disk (or the library) refused are in the
            # library: the article gets them, as the message says.
            self._attach_imported(article_id, failure.error.results)
        self._job_failed(failure)

    def _photos_imported(self, article_id: int, results: list) -> None:
        self.last_import_results = list(results)
        self.libraryPhotosChanged.emit()
        self.photos.clear_pending_tiles()
        photo_ids = self._attach_imported(article_id, results)
        refused = [result for result in results if result.error]
        self.show_message(f"Imported {len(photo_ids)} photo(s)" + (f", refused {len(refused)}" if refused else ""))
        self._show_refused_photos(refused)

    def _attach_imported(self, article_id: int, results: list) -> list[int]:
        photo_ids = [result.photo.id for result in results if result.photo is not None]
        if article_id == self.article_id:
            self.photos.attach_photos(photo_ids)
        else:
            for photo_id in photo_ids:
                self.writes.submit(self.library.attach_photo, article_id, photo_id)
        return photo_ids

    @Slot()
    def browse_library_photos(self) -> None:
        if self.library is None or self.article_id is None:
            return
        from .photo_browser import PhotoBrowserDialog

        dialog = PhotoBrowserDialog(self.library, self, self.workers)
        self.libraryPhotosChanged.connect(dialog.library_photos_changed)  # an import still running
        if dialog.exec():
            self.photos.attach_photos(dialog.selected_photo_ids())
        dialog.deleteLater()

    # ================================================================== export and backup

    @Slot()
    def export_article_requested(self) -> None:
        if self.article_id is None:
            return
        folder = self.choose_export_folder(self, "Export Article")
        if folder is not None:
            self.export_article(folder)

    def export_article(self, folder: Path, export_format: str = "html") -> None:
        from editor_app.export import ExportScope

        self._export_checked(Path(folder), ExportScope(article=self.article_id), export_format=export_format)

    @Slot()
    def export_format_actions(self) -> dict:
        """File > Export Article As: an action a format of the core's list, made once."""
        if not self.export_as_menu.isEmpty():
            return self._export_format_actions
        from editor_app.export.formats import EXPORT_FORMATS, FORMAT_LABELS

        self._export_format_actions = {}
        for name in EXPORT_FORMATS:
            action = self._action(f"{FORMAT_LABELS[name]}…", partial(self.export_article_as, name))
            self.export_as_menu.addAction(action)
            self._export_format_actions[name] = action
        return self._export_format_actions

    def export_article_as(self, export_format: str, _checked: bool = False) -> None:
        """Export Article in `export_format`: the folder asked, then the preflight as for HTML."""
        if self.article_id is None:
            return
        folder = self.choose_export_folder(self, "Export Article As")
        if folder is not None:
            self.export_article(folder, export_format)

    @Slot()
    def site_settings_requested(self) -> None:
        """The site settings the exports use; what the editor accepts goes through the writer."""
        from editor_app.export import SiteSettings

        from .site_settings_dialog import SiteSettingsDialog

        dialog = SiteSettingsDialog(SiteSettings.from_library(self.library), self)
        dialog.accepted.connect(partial(self._remember_site_settings, dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.site_settings_dialog = dialog
        dialog.open()

    def _remember_site_settings(self, dialog) -> None:
        self.writes.submit(dialog.chosen.remember, self.library)

    def export_site_requested(self) -> None:
        if self.library is None:
            return
        folder = self.choose_export_folder(self, "Export Site")
        if folder is not None:
            self.export_site(folder)

    def export_site(self, folder: Path, **filters) -> None:
        from editor_app.export import ExportScope

        self._export_checked(Path(folder), ExportScope(**filters))

    def _export_checked(self, folder: Path, scope, accepted: list | None = None, export_format: str = "html") -> None:
        """The preflight, then the export, in one status-bar job; problems stop at the dialog."""
        from editor_app.export import export_when_clean

        self._save_everything()
        title = "Exporting article" if scope.article is not None else "Exporting site"
        StatusBarJob(
            self.workers, self.statusBar(), title, _export_job, export_when_clean, self.library, folder, scope,
            accepted=accepted, export_format=export_format,
            on_result=partial(self._export_checked_done, folder, export_format),
            on_error=partial(self._export_check_failed, folder, export_format),
        )  # fmt: skip

    def _export_checked_done(self, folder: Path, export_format: str, result) -> None:
        from editor_app.export import Preflight

        if isinstance(result, Preflight):
            self.show_preflight(folder, result, export_format)
        else:
            self._exported(result)

    def _export_check_failed(self, folder: Path, export_format: str, failure: JobFailure) -> None:
        from editor_app.export import PreflightFailedError

        if isinstance(failure.error, PreflightFailedError):  # an error appeared after the dialog
            self.show_preflight(folder, failure.error.preflight, export_format)
        else:
            self._job_failed(failure)

    def show_preflight(self, folder: Path, preflight, export_format: str = "html"):
        """The problems before an export, beside the window (not modal) so Go To can fix them."""
        from .preflight_dialog import PreflightDialog

        if self.preflight_dialog is not None:
            self.preflight_dialog.close()
        what = "Export Article" if preflight.scope.article is not None else "Export Site"
        dialog = PreflightDialog(preflight, what, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.goToRequested.connect(self.go_to_problem)
        dialog.recheckRequested.connect(self._recheck_preflight)
        dialog.exportRequested.connect(partial(self._export_after_preflight, folder, export_format))
        dialog.finished.connect(self._preflight_closed)
        self.preflight_dialog = dialog
        dialog.show()
        return dialog

    @Slot(bool)
    def _recheck_preflight(self, include_drafts: bool) -> None:
        from editor_app.export import run_preflight

        dialog = self.preflight_dialog
        if dialog is None or self.library is None:
            return
        self._save_everything()  # what was fixed after Go To is what gets checked
        dialog.set_checking(True)
        scope = dialog.preflight.scope.with_drafts(include_drafts)
        self.workers.submit(run_preflight, self.library, scope, on_result=self._rechecked, on_error=self._job_failed)

    def _rechecked(self, preflight) -> None:
        if self.preflight_dialog is not None:
            self.preflight_dialog.set_checking(False)
            self.preflight_dialog.set_preflight(preflight)

    def _export_after_preflight(self, folder: Path, export_format: str, preflight, override: bool) -> None:
        accepted = preflight.errors if override else []
        self._export_checked(folder, preflight.scope, accepted=accepted, export_format=export_format)

    @Slot(int)
    def _preflight_closed(self, _result: int) -> None:
        self.preflight_dialog = None

    @Slot(int, object, str)
    def go_to_problem(self, article_id: int, placement_id: int | None, field: str) -> None:
        """Open the article at the problem: the placement's field in the inspector, or the
        article's own field (a body problem about a placement selects its reference)."""
        if not self.open_article(article_id):
            return
        self.activateWindow()
        inspector = self.photos.inspector
        placement_fields = {"caption": inspector.caption, "credit": inspector.credit,
                            "alt_text": inspector.alt_text, "creator": inspector.creator}  # fmt: skip
        if placement_id is not None and field in (*placement_fields, "photo"):
            self.show_photos_action.setChecked(True)
            self.set_photos_visible(True)
            row = self.photos.model.row_of(placement_id)
            if row is not None:
                self.photos.grid.setCurrentIndex(self.photos.model.index(row))
            target = placement_fields.get(field, self.photos.grid)
        else:
            editor = self.editor
            target = {"headline": editor.headline, "status": editor.status}.get(field, editor.body)
            if target is editor.body and placement_id is not None:
                found = editor.body.document().find(f"placement:{placement_id}")
                if not found.isNull():
                    editor.body.setTextCursor(found)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _exported(self, report) -> None:
        self.last_export_report = report
        self.show_message(report.summary() if hasattr(report, "summary") else "Export finished.")

    @Slot()
    def backup_library_requested(self) -> None:
        if self.library is None:
            return
        destination = self.choose_backup_path(
            self, str(self.library.path.with_name(self.library.path.stem + "-backup.copydesk"))
        )
        if destination is not None:
            self._save_everything()
            # In the status bar: the backup reads from a connection of its own, so typing,
            # autosave and search go on beside it.
            StatusBarJob(self.workers, self.statusBar(), "Backing up the library", _backup_job, self.library,
                         destination, on_result=self._backed_up, on_error=self._job_failed,
                         cancellable=False)  # fmt: skip

    def _backed_up(self, path) -> None:
        self.show_message(f"Backed up to {path}")

    @Slot(object)
    def _job_failed(self, failure: JobFailure) -> None:
        from editor_app.library import LibraryError

        error = failure.error
        known = isinstance(error, (LibraryError, OSError))
        try:
            from editor_app.export import ExportError

            known = known or isinstance(error, ExportError)
        except ImportError:
            pass
        if not known:
            from .crash_reporter import write_error_log

            write_error_log(failure.traceback)
        box = QMessageBox(QMessageBox.Icon.Warning, "Copydesk", str(error), QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName("Background work failed")
        if not known:
            box.setDetailedText(failure.traceback)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    @Slot(bool)
    def _workers_busy(self, busy: bool) -> None:
        self.busy_label.setText("Working…" if busy else "")

    # ================================================================== article menu

    @Slot()
    def take_snapshot(self) -> None:
        if self.article_id is None:
            return
        name = self.ask_snapshot_name(self)
        if name:
            self._save_everything()
            self.library.take_snapshot(self.article_id, name)
            self.show_message(f"Snapshot “{name}” taken.")

    @Slot()
    def show_history(self):
        if self.article_id is None:
            return None
        from .history_dialog import HistoryDialog

        self._save_everything()
        dialog = HistoryDialog(self.library, self.article_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.articleRestored.connect(self._article_restored)
        dialog.open()
        return dialog

    @Slot(object)
    def _article_restored(self, article) -> None:
        self.article_id = None  # force a reload of the restored fields
        self.open_article(article.id)
        self.library_pane.model.update_summary(article.summary())

    @Slot()
    def check_captions(self) -> list:
        if self.article_id is None:
            return []
        self._save_everything()
        problems = self.photos.refresh_problems()
        self.show_photos_action.setChecked(True)
        self.set_photos_visible(True)
        text = "\n".join(p.message for p in problems) if problems else "No caption problems in this article."
        box = QMessageBox(QMessageBox.Icon.Information, "Check Captions", text, QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName("Caption problems")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return problems

    # ================================================================== edit and view

    @Slot()
    def route_to_focus(self, method: str, *_args) -> None:
        """Edit menu commands act on whichever field has the keyboard focus.

        Undo and Redo in the photos outside a text field act on the caption desk's history.
        """
        widget = QApplication.focusWidget()
        if widget is None:
            return
        if method in ("undo", "redo") and not hasattr(widget, method) and self.photos.isAncestorOf(widget):
            stack = self.photos.inspector.desk.undo_stack
            if method == "undo":
                stack.undo()
            else:
                stack.redo()
            return
        target = getattr(widget, method, None)
        if target is None and hasattr(widget, "lineEdit") and widget.lineEdit() is not None:
            target = getattr(widget.lineEdit(), method, None)
        if callable(target):
            target()

    @Slot()
    def show_find_replace(self) -> None:
        if self.article_id is not None:
            self.editor.show_find_bar(replace=True)

    @Slot()
    def find_in_library(self) -> None:
        self.show_library_action.setChecked(True)
        self.set_library_pane_visible(True)
        self.library_pane.focus_search()

    @Slot(bool)
    def set_library_pane_visible(self, visible: bool) -> None:
        self.library_pane.setVisible(visible)

    @Slot(bool)
    def set_fields_visible(self, visible: bool) -> None:
        self.editor.fields.setVisible(visible)

    @Slot(bool)
    def set_preview_visible(self, visible: bool) -> None:
        self.preview.setVisible(visible)
        self._update_side_panel()

    @Slot(bool)
    def set_photos_visible(self, visible: bool) -> None:
        self.photos.setVisible(visible)
        self._update_side_panel()

    def _update_side_panel(self) -> None:
        self.side_panel.setVisible(self.show_preview_action.isChecked() or self.show_photos_action.isChecked())

    @Slot(bool)
    def set_caption_desk(self, on: bool) -> None:
        """Photos get most of the window: the sheet with the inspector beside it, the preview below.

        Each layout keeps its own splitter sizes, so going back restores the writing
        layout as it was, and both are remembered between starts.
        """
        if on == self._caption_desk:
            return
        self._layouts[self._caption_desk] = self._layout_state()
        self._caption_desk = on
        if self.caption_desk_action.isChecked() != on:
            self.caption_desk_action.setChecked(on)
        self.library_pane.setVisible(not on and self.show_library_action.isChecked())
        self.editor.setVisible(not on)
        self.photos.set_side_by_side(on)
        if on:
            self.show_photos_action.setChecked(True)
            self.photos.setVisible(True)
            self._update_side_panel()
        self._apply_layout_state(self._layouts.get(on))
        if on:
            self.photos.grid.setFocus()

    def _layout_state(self) -> dict:
        return {"main": self.splitter.saveState(), "side": self.side_panel.saveState(),
                "photos": self.photos.splitter.saveState(), "tile": self.photos.sheet.view.tile_edge}  # fmt: skip

    def _apply_layout_state(self, state: dict | None) -> None:
        if state is None:  # the first time in this layout: sensible sizes
            if self._caption_desk:
                self.side_panel.setSizes([700, 300])
                width = max(600, self.photos.width())
                self.photos.splitter.setSizes([width * 2 // 3, width // 3])
            else:
                self.splitter.setSizes([420, 540, 440])
                # The preview's web view comes after the first paint, so left to itself the
                # column would give the photos all of its height and the preview none.
                self.side_panel.setSizes([450, 550])
                self.photos.splitter.setSizes([200, 250])  # a row of tiles whole, the caption below
            return
        if state.get("main") is not None:
            self.splitter.restoreState(state["main"])
        if state.get("side") is not None:
            self.side_panel.restoreState(state["side"])
        if state.get("photos") is not None:
            self.photos.splitter.restoreState(state["photos"])
        if state.get("tile"):
            self.photos.sheet.set_tile_edge(int(state["tile"]))

    @Slot(bool)
    def set_focus_mode(self, on: bool) -> None:
        """Only the text, full screen, in a reading column (focus_mode.py); Escape leaves."""
        self.focus_mode.set_active(on)

    @Slot()
    def zoom(self, steps: int | None, *_args) -> None:
        self._zoom_steps = 0 if steps is None else max(-6, min(20, self._zoom_steps + steps))
        self.editor.zoom(self._zoom_steps)
        self.focus_mode.set_zoom_steps(self._zoom_steps)  # in focus mode, the reading font at the new size
        self.preview.set_zoom(self._zoom_steps)
        self.settings.set_preference("editor/zoom_steps", self._zoom_steps)

    @Slot(QUrl)
    def open_external_link(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    @Slot()
    def show_about(self) -> None:
        from .about_dialog import show_about

        show_about(self)

    # ================================================================== state

    def _restore_window_state(self) -> None:
        geometry = self.settings.byte_array("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is not None:
                self.setGeometry(first_start_geometry(screen.availableGeometry(), self.minimumSizeHint()))
        state = self.settings.byte_array("window/state")
        if state is not None:
            self.restoreState(state)
        # Each layout (writing, caption desk) keeps its own splitter sizes and tile size.
        self._caption_desk = False
        self._layouts = {False: self.settings.layout("writing"), True: self.settings.layout("caption_desk")}
        if self._layouts[False] is None and self.settings.byte_array("window/splitter") is not None:
            self._layouts[False] = {"main": self.settings.byte_array("window/splitter")}  # saved by 0.x
        # With none saved, the library list gets room for its five columns; the editor keeps the most.
        self._apply_layout_state(self._layouts[False])
        for action, key, apply in (
            (self.show_library_action, "window/show_library", self.set_library_pane_visible),
            (self.show_fields_action, "window/show_fields", self.set_fields_visible),
            (self.show_preview_action, "window/show_preview", self.set_preview_visible),
            (self.show_photos_action, "window/show_photos", self.set_photos_visible),
        ):
            visible = self.settings.flag(key, True)
            action.setChecked(visible)
            apply(visible)
        if self.settings.flag("window/caption_desk", False):
            self.set_caption_desk(True)
        if self._zoom_steps:
            self.editor.zoom(self._zoom_steps)
            self.preview.set_zoom(self._zoom_steps)

    def save_window_state(self) -> None:
        self.settings.set_byte_array("window/geometry", self.saveGeometry())
        self.settings.set_byte_array("window/state", self.saveState())
        self._layouts[self._caption_desk] = self._layout_state()
        for on, name in ((False, "writing"), (True, "caption_desk")):
            if self._layouts.get(on) is not None:
                self.settings.set_layout(name, self._layouts[on])
        self.settings.set_flag("window/caption_desk", self._caption_desk)
        self.settings.set_flag("window/show_library", self.show_library_action.isChecked())
        self.settings.set_flag("window/show_fields", self.show_fields_action.isChecked())
        self.settings.set_flag("window/show_preview", self.show_preview_action.isChecked())
        self.settings.set_flag("window/show_photos", self.show_photos_action.isChecked())
        if self.library is not None:
            self.settings.set_last_article(str(self.library.path), self.article_id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = self.library is not None and not self._save_everything()
        if unsaved and not self._confirm_losing_unsaved_text("Close anyway?"):
            event.ignore()
            return
        if self.focus_mode_action.isChecked():
            self.focus_mode_action.setChecked(False)
            self.set_focus_mode(False)
        self.save_window_state()
        if self.library is not None:
            self._let_library_go()
        else:
            self._stop_background_work()
        self.preview.shut_down()
        event.accept()
