"""Errors from every thread reach the log and the window's dialog; a library problem is one sentence."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import qCritical

from editor_app.library import Library
from editor_app.library.errors import LibraryBusyError, LibraryDamagedError
from editor_app.ui.crash_reporter import LIBRARY_PROBLEM_TITLE, LOG_FILE_NAME, UNEXPECTED_TITLE, ExceptionReporter
from tests.ui.conftest import HEADLESS_GPU_NOTICES


@pytest.fixture
def reporter(qtbot):
    installed = ExceptionReporter()
    installed.install()
    yield installed
    installed.uninstall()
    if installed.dialog is not None:
        installed.dialog.close()


def shown_dialog(qtbot, reporter):
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    return reporter.dialog


def test_an_exception_in_a_worker_thread_reaches_the_log_and_the_dialog(qtbot, reporter, isolated_qt_state):
    def fail() -> None:
        raise RuntimeError("boom in a worker thread")

    worker = threading.Thread(target=fail, name="copydesk-test-worker")
    worker.start()
    worker.join()
    dialog = shown_dialog(qtbot, reporter)
    assert dialog.windowTitle() == UNEXPECTED_TITLE
    assert "boom in a worker thread" in dialog.text()
    assert "RuntimeError: boom in a worker thread" in dialog.detailedText()
    log = (isolated_qt_state / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "In thread copydesk-test-worker" in log and "RuntimeError: boom in a worker thread" in log


@pytest.mark.qt_log_ignore("Something Qt could not do", *HEADLESS_GPU_NOTICES)
def test_a_critical_qt_message_reaches_the_log_and_the_dialog(qtbot, reporter, isolated_qt_state):
    qCritical("Something Qt could not do")
    dialog = shown_dialog(qtbot, reporter)
    assert "Something Qt could not do" in dialog.text()
    assert "Something Qt could not do" in (isolated_qt_state / LOG_FILE_NAME).read_text(encoding="utf-8")


class FailingReadLibrary(Library):
    """A real library whose article reads raise `read_error` once it is set, as SQLite's
    refusal is raised on a damaged or busy file."""

    read_error = None

    def get_article(self, ref):
        if self.read_error is not None:
            raise self.read_error
        return super().get_article(ref)


@pytest.mark.parametrize("problem", [LibraryDamagedError, LibraryBusyError])
def test_a_damaged_or_busy_library_is_one_clear_dialog_not_a_traceback(qtbot, make_window, reporter, tmp_path,
                                                                        problem):  # fmt: skip
    library = FailingReadLibrary.create(tmp_path / "news.copydesk")
    first = library.create_article("First")
    second = library.create_article("Second")
    window = make_window(library)
    window.open_article(first.id)
    if problem is LibraryDamagedError:
        library.read_error = LibraryDamagedError(library.path, "database disk image is malformed")
    else:
        library.read_error = LibraryBusyError(library.path)
    window.library_pane.articleOpenRequested.emit(second.id)  # the slot meets the error
    dialog = shown_dialog(qtbot, reporter)
    library.read_error = None
    assert dialog.windowTitle() == LIBRARY_PROBLEM_TITLE
    assert dialog.detailedText() == ""  # no traceback for the user
    if problem is LibraryDamagedError:
        assert "is damaged" in dialog.text() and "copydesk check" in dialog.text()
    else:
        assert "is busy (another program holds it)" in dialog.text()


def test_a_damaged_library_file_is_refused_at_open_pointing_to_check(qtbot, make_window, tmp_path):
    path = tmp_path / "damaged.copydesk"
    with Library.create(path) as library:
        for n in range(200):
            library.create_article(f"Story {n}", body="Paragraph. " * 100)
    data = bytearray(path.read_bytes())
    for offset in range(8192, len(data) - 8192, 4096):  # scribble over the b-tree pages, keep the header
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    window = make_window()
    errors = []
    window.ask_after_open_failure = lambda parent, error: errors.append(error)
    assert not window.open_library_path(path)
    (error,) = errors
    assert "copydesk check" in str(error)
    assert "not a Copydesk library" not in str(error)
