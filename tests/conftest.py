"""Fixtures shared by every test package.

Tests never touch the real user folders: HOME-based locations (platformdirs,
QSettings) are redirected into tmp_path for every test by `isolate_user_folders`.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler

from editor_app.ui.app import collect_garbage_due
from editor_app.ui.crash_reporter import print_qt_message

# Qt runs without a display in tests; QtWebEngine refuses its sandbox as root (CI).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# A Python handler for Qt's messages for the whole session, before pytest-qt's first:
# pytest-qt puts back the handler it found after each test, and putting back "none"
# made PySide6 null its handler while Chromium's GPU thread was inside it (a segfault).
qInstallMessageHandler(print_qt_message)

# Python's cycle collector runs on the main thread only, between tests, as the window
# runs it on the GUI thread only (GuiThreadGarbageCollector): started from the library's
# writer thread while shiboken destroyed a widget, it walked freed memory (a segfault).
gc.disable()


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread():
    yield
    collect_garbage_due()

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus" / "photos"


def pytest_sessionstart(session):
    """In CI the independent readers must be there: a skipped exiftool or browser test
    would let a privacy or rendering regression land unseen."""
    if os.environ.get("CI"):
        import shutil

        missing = [tool for tool in ("exiftool", "chromium") if shutil.which(tool) is None]
        if missing:
            raise pytest.UsageError(f"CI needs {', '.join(missing)}: run scripts/install-system-packages tests")


@pytest.fixture(autouse=True)
def isolate_user_folders(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("COPYDESK_LIBRARY", raising=False)
    return home


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.fail(f"The shared photo corpus is missing at {CORPUS_DIR}")
    return CORPUS_DIR


@pytest.fixture
def library(tmp_path):
    from editor_app.library import Library

    lib = Library.create(tmp_path / "test.copydesk")
    yield lib
    lib.close()


@pytest.fixture
def fixture_article(library, corpus_dir):
    """The wire-story fixture article, with its two photo placements, in `library`."""
    from tests.fixture_article import build_fixture_article

    return build_fixture_article(library, corpus_dir)
