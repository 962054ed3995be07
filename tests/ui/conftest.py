"""Window tests: offscreen Qt, a fresh library per test, settings and logs in tmp_path.

Qt WebEngine needs its URL scheme declared and OpenGL contexts shared before the
QApplication exists, so that happens here at import, before pytest-qt makes the app.
Qt warnings fail these tests, except the GPU notices Chromium prints when it falls
back to software rendering on a display-less machine.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # Chromium refuses to sandbox as root

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt

from editor_app.ui.preview_scheme import register_preview_scheme

register_preview_scheme()
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

# Chromium's notes about the missing GPU on an offscreen display; nothing Copydesk does.
HEADLESS_GPU_NOTICES = (
    r"QRhiGles2", r"Failed to create RHI", r"Vulkan", r"GBM is not supported", r"propagateSizeHints",
    r"GPUInfo", r"Sandboxing disabled", r"QOpenGLContext", r"EGL", r"GLX",
)  # fmt: skip


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/ui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*HEADLESS_GPU_NOTICES))


@pytest.fixture(autouse=True)
def isolated_qt_state(tmp_path, monkeypatch):
    """QSettings, QStandardPaths and the error log all point into tmp_path."""
    QStandardPaths.setTestModeEnabled(True)
    settings_dir = tmp_path / "qsettings"
    settings_dir.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(settings_dir))
    log_dir = tmp_path / "logs"
    monkeypatch.setenv("COPYDESK_LOG_DIR", str(log_dir))
    return log_dir


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "copydesk-settings.ini"


@pytest.fixture
def qsettings(settings_file):
    return QSettings(str(settings_file), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings_file):
    """Build a window on a library; several calls give several windows (close and reopen)."""
    from editor_app.ui.main_window import MainWindow

    windows = []

    def build(library=None, workers=None):
        window = MainWindow(QSettings(str(settings_file), QSettings.Format.IniFormat), workers)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        if library is not None:
            window.set_library(library)
        windows.append(window)
        return window

    yield build
    for window in windows:
        if window.library is not None:
            window.close()


@pytest.fixture
def window(make_window, library):
    return make_window(library)


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user: QTest cannot map "\n" to a key, so line breaks are Return presses."""
    from PySide6.QtCore import Qt

    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(widget, line)


def wait_for_preview(qtbot, window, *needles, timeout=15000):
    """Wait until the preview's loaded page contains every needle."""

    def shown():
        html = window.preview.last_html
        assert html and all(needle in html for needle in needles), needles

    qtbot.waitUntil(shown, timeout=timeout)


def wait_until_stored(qtbot, window, stored, timeout=10000):
    """Wait until `stored()` holds in the library and the window (or a pane: anything with
    `writes`) has had the writer's answer.

    The writer commits before its answer reaches the GUI thread, so what the window does
    with the answer (a refused slug put back, the save state) comes a moment after.
    """
    qtbot.waitUntil(lambda: stored() and not window.writes.pending, timeout=timeout)


@pytest.fixture
def inspector(qtbot, library):
    """A photo inspector on `library`, writing through its own LibraryWrites."""
    from editor_app.ui.photo_inspector import PhotoInspector
    from editor_app.ui.writes import LibraryWrites

    writes = LibraryWrites()
    writes.set_library(library)
    widget = PhotoInspector(writes, caption_delay_ms=50)
    writes.setParent(widget)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_library(library)
    yield widget
    widget.forget_placement()  # the library closes before qtbot closes the widget: nothing left to write
    writes.wait(5)
