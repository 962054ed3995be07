"""Starting the window: locked libraries, unexpected errors, remembered window state, About."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from editor_app.ui.about_dialog import component_versions
from editor_app.ui.app import open_library_interactively
from editor_app.ui.crash_reporter import LOG_FILE_NAME, ExceptionReporter
from editor_app.ui.library_dialogs import OPEN_ANOTHER, QUIT


class FakeWindow:
    """Stands in for the window's replaceable dialogs."""

    def __init__(self, answer, other_path=None):
        self.answer = answer
        self.other_path = other_path
        self.errors = []
        self.workers = None  # only an upgrade runs in a worker; these libraries are current

    def ask_after_open_failure(self, parent, error):
        self.errors.append(error)
        return self.answer

    def choose_library_to_open(self, parent):
        return self.other_path


def test_locked_library_names_the_holder_and_offers_another(library, tmp_path):
    from editor_app.library import Library, LibraryLockedError

    quitting = FakeWindow(QUIT)
    assert open_library_interactively(quitting, library.path, create=False) is None
    (error,) = quitting.errors
    assert isinstance(error, LibraryLockedError)
    assert str(error.holder.get("pid")) in str(error)

    other = tmp_path / "other.copydesk"
    Library.create(other).close()
    switching = FakeWindow(OPEN_ANOTHER, other)
    opened = open_library_interactively(switching, library.path, create=False)
    try:
        assert opened is not None and opened.path == other
    finally:
        opened.close()


def test_unexpected_exceptions_are_logged_and_reported(isolated_qt_state, qtbot):
    reporter = ExceptionReporter(show_dialogs=False)
    reporter.install()
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        reporter.uninstall()
    log = (isolated_qt_state / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: boom in a slot" in log


def test_window_state_and_last_article_are_restored(qtbot, make_window, library, settings_file):
    window = make_window(library)
    window.new_article_action.trigger()
    wanted = window.article_id
    window.new_article_action.trigger()
    window.library_pane.select_article(wanted)
    window.open_article(wanted)
    window.show_photos_action.trigger()  # hide the photos tab
    window.splitter.setSizes([200, 700, 500])
    sizes = window.splitter.sizes()
    path = library.path
    window.close()

    from editor_app.library import Library

    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    assert str(path) in settings.value("library/recent")
    again = make_window(Library.open(path))
    assert again.article_id == wanted
    assert not again.show_photos_action.isChecked()
    assert again.photos.isHidden() and not again.preview.isHidden()
    assert again.splitter.sizes() == sizes


def test_menus_are_as_the_issue_lists(window):
    menus = {action.text().replace("&", ""): action.menu() for action in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "View", "Format", "Article", "Captions", "Help"]

    def texts(menu):
        return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]

    assert texts(menus["File"]) == [
        "New Article",
        "New Library…",
        "Open Library…",
        "Recent Libraries",
        "Import Photos…",
        "Import to Library…",
        "Import Wire Story…",
        "Export Article…",
        "Export Article As",
        "Export Site…",
        "Site Settings…",
        "Back Up Library…",
        "Take Story Packet…",
        "Desk Folder…",
        "Quit",
    ]
    assert texts(menus["Edit"]) == [
        "Undo",
        "Redo",
        "Cut",
        "Copy",
        "Paste",
        "Paste as New Story",
        "Find/Replace in Article…",
        "Find in Library",
    ]
    assert texts(menus["Article"]) == [
        "Status", "Take Snapshot…", "History…", "Check Captions", "Send as Packet…", "Send to Desk",
    ]  # fmt: skip
    assert "Focus Mode" in texts(menus["View"]) and "Zoom In" in texts(menus["View"])
    assert {"Typewriter Scrolling", "Dim Other Paragraphs"} <= set(texts(menus["View"]))
    assert texts(menus["Format"]) == [
        "Bold", "Italic", "Link", "Subhead", "Smaller Subhead", "Quote", "Bulleted List", "Numbered List",
    ]  # fmt: skip
    assert texts(menus["Captions"]) == [
        "Apply Template",
        "Set on Selected Photos…",
        "Code Replacements…",
        "Undo Photos",
        "Redo Photos",
        "Check Captions",
    ]
    assert texts(menus["Help"]) == ["About Copydesk"]


def test_every_control_has_an_accessible_name(window):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QSpinBox,
        QTabBar,
        QWidget,
    )  # fmt: skip

    controls = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox)
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, controls) or widget.objectName().startswith("qt_"):
            continue  # not a control, or one of Qt's own (menu bar extension button...)
        if isinstance(widget.parent(), (QComboBox, QSpinBox, QTabBar, QLineEdit)):
            continue  # not a control, or an internal part of a named one
        if (
            isinstance(widget, QAbstractItemView)
            and widget.parent() is not None
            and widget.parent().inherits("QComboBoxPrivateContainer")
        ):
            continue
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()} in {type(widget.parent()).__name__}")
    assert unnamed == [], "\n".join(unnamed)


def test_about_lists_versions():
    versions = component_versions()
    assert set(versions) == {"Copydesk", "Python", "Qt", "PySide6", "SQLite", "Pillow", "Markdown"}
    assert all(versions.values())


def test_uninstalling_the_reporter_never_leaves_qt_without_a_python_message_handler():
    """PySide6 nulls its handler when given None; a Qt thread already inside it (Chromium's
    GPU thread) then calls a null pointer. In a fresh process, where the previous handler
    was none at all."""
    code = (
        "from PySide6.QtCore import qInstallMessageHandler\n"
        "from editor_app.ui.crash_reporter import ExceptionReporter, print_qt_message\n"
        "reporter = ExceptionReporter(show_dialogs=False)\n"
        "reporter.install()\n"
        "reporter.uninstall()\n"
        "print(qInstallMessageHandler(print_qt_message) is print_qt_message)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2], check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_once_the_first_library_is_open_what_startup_built_is_out_of_the_collectors_sight(tmp_path):
    """A full garbage collection over the open window took 15-34 ms, a dropped frame; the
    window freezes what start-up built once its library is open. In a fresh process:
    freezing is process-wide."""
    code = (
        "import gc, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QSettings\n"
        "from editor_app.ui.app import _open_first_library, create_application\n"
        "from editor_app.ui.main_window import MainWindow\n"
        "app = create_application([])\n"
        "window = MainWindow(QSettings(sys.argv[2], QSettings.Format.IniFormat))\n"
        "before = gc.get_freeze_count()\n"
        "_open_first_library(window, Path(sys.argv[1]), True)\n"
        "print(before, window.library is not None, gc.get_freeze_count())\n"
        "window.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "first.copydesk"), str(tmp_path / "settings.ini")],
        capture_output=True, text=True, timeout=180, cwd=Path(__file__).resolve().parents[2], check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    before, opened, frozen = result.stdout.split()
    assert before == "0" and opened == "True"
    assert int(frozen) > 10_000  # the window, its panes and the library's objects


def test_python_collects_garbage_on_the_gui_thread_only(qtbot):
    import gc
    import threading

    from editor_app.ui.app import GuiThreadGarbageCollector

    gc.enable()  # as Python starts
    collector = GuiThreadGarbageCollector()
    try:
        assert not gc.isenabled()  # no collection can start in the writer's thread
        collected_on_main_thread = []

        class Cycle:
            def __del__(self):
                collected_on_main_thread.append(threading.current_thread() is threading.main_thread())

        kept = []

        def writer_like_work():
            cycle = Cycle()
            cycle.itself = cycle
            del cycle
            kept.extend([] for _ in range(5_000))  # enough allocation to have started a collection

        worker = threading.Thread(target=writer_like_work)
        worker.start()
        worker.join()
        assert collected_on_main_thread == []
        qtbot.waitUntil(lambda: collected_on_main_thread == [True], timeout=5000)  # the timer's turn
    finally:
        collector.deleteLater()
