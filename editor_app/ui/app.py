"""Start the window: `copydesk` with no command, `python main.py`, `python -m editor_app`.

The window is shown first and the library opened right after the first paint, so the
heavy imports the library and the renderer need (sqlite-utils, Pillow, Markdown) are
not paid for before the user sees anything.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from .crash_reporter import ExceptionReporter
from .library_dialogs import OPEN_ANOTHER
from .settings import APPLICATION, ORGANIZATION, open_settings

# The preview is one static page with JavaScript off: Chromium's GPU process and a
# renderer per page buy nothing here. Folding the GPU work into the browser process,
# drawing in software and keeping one renderer took the window with its helpers from
# 407 to 352 MB (summed PSS, ten articles with photos open). Users can still set
# QTWEBENGINE_CHROMIUM_FLAGS themselves.
PREVIEW_CHROMIUM_FLAGS = "--in-process-gpu --disable-gpu --renderer-process-limit=1"
# Workers run Python too (the preview's Markdown rendering, saves, imports), and the GUI
# thread needs the interpreter lock for every slot, event filter and highlighter call a
# keystroke runs. With Python's default 5 ms switch interval it waited up to 5 ms at each
# of them while a worker ran: a keystroke in a 20,000-word article took a 29 ms median
# instead of 2 ms. At 1 ms it takes 2 ms with the worker busy; the worker loses little.
GUI_SWITCH_INTERVAL_S = 0.001


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with what Qt WebEngine needs declared before it exists."""
    existing = QApplication.instance()
    if existing is not None:
        return existing
    from .preview_scheme import register_preview_scheme

    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", PREVIEW_CHROMIUM_FLAGS)
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    register_preview_scheme()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setDesktopFileName("copydesk")
    return app


def collect_garbage_due() -> int:
    """Run the generations of Python's cycle collector that its thresholds say are due.

    Called on the GUI thread only (see `GuiThreadGarbageCollector`); returns how many
    objects were collected.
    """
    threshold0, threshold1, threshold2 = gc.get_threshold()
    young, middle, old = gc.get_count()
    if young < threshold0:
        return 0
    if middle + 1 < threshold1:
        return gc.collect(0)
    if old + 1 < threshold2:
        return gc.collect(1)
    return gc.collect(2)


class GuiThreadGarbageCollector(QObject):
    """Python's cycle collector, run on the GUI thread and nowhere else (qutebrowser does
    the same, for the same reason).

    Any thread that allocates can start a collection, and a collection walks the Qt
    wrappers. shiboken lets go of the GIL in the middle of destroying a wrapper on the
    GUI thread; a collection started meanwhile by the library's writer thread walked
    freed memory and the process died (caught under gdb: visit_decref, from shiboken's
    traverse). With automatic collection off, this timer runs the generations that are
    due, where no wrapper can be half destroyed.
    """

    INTERVAL_MS = 250

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(collect_garbage_due)
        self._timer.start()


def freeze_startup_objects() -> None:
    """Take what start-up built out of the garbage collector's sight, once the window is open.

    A full collection walks every tracked object, and with the window and its library
    open there are tens of thousands (Qt wrappers, modules, caches): one took 15-34 ms,
    a dropped frame whenever Python chose to run it while the editor scrolled or typed.
    Those objects live as long as the window, so the collector need not walk them again;
    everything made later is collected as before.
    """
    gc.collect()  # what is already garbage goes now, not frozen with the rest
    gc.freeze()


def open_library_interactively(window, path: Path, create: bool):
    """Open `path`; on failure (locked, not a library...) let the user pick another or quit.

    Returns the open Library, or None when the user chose to quit.
    """
    from editor_app.library import LibraryError

    from .opening import open_library

    while True:
        try:
            return open_library(window, window.workers, path, create)
        except LibraryError as error:
            if window.ask_after_open_failure(window, error) != OPEN_ANOTHER:
                return None
            chosen = window.choose_library_to_open(window)
            if chosen is None:
                return None
            path, create = chosen, False


def _open_first_library(window, path: Path, create: bool) -> None:
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    library = open_library_interactively(window, path, create)
    if library is None:
        window.close()
        QApplication.quit()
        return
    window.set_library(library)
    freeze_startup_objects()


def run_window(library: str | None = None) -> int:
    """Open the window on the chosen library (creating the default one on first start)."""
    from editor_app.paths import chosen_library_path

    app = create_application()
    collector = GuiThreadGarbageCollector(app)  # noqa: F841 - lives as long as the application
    reporter = ExceptionReporter()
    reporter.install()
    from .main_window import MainWindow, application_icon

    app.setWindowIcon(application_icon())
    window = MainWindow(open_settings())
    window.show()
    path, is_default = chosen_library_path(library)
    QTimer.singleShot(0, window, _LibraryOpener(window, path, is_default))
    try:
        return app.exec()
    finally:
        reporter.uninstall()


class _LibraryOpener:
    """Opens the library once the event loop runs (after the first paint)."""

    def __init__(self, window, path: Path, create: bool) -> None:
        self.window = window
        self.path = path
        self.create = create

    def __call__(self) -> None:
        _open_first_library(self.window, self.path, self.create)
