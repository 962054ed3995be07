"""The window's first start (no saved geometry): a size that fits the screen, centred."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication

from editor_app.ui.main_window import FIRST_START_SHARE, MainWindow, first_start_geometry


@pytest.mark.parametrize(
    "available",
    [QRect(0, 0, 1920, 1050), QRect(0, 0, 1366, 738), QRect(0, 0, 800, 480), QRect(1920, 24, 1280, 776)],
)
def test_first_start_geometry_fits_and_is_centred(available):
    geometry = first_start_geometry(available)
    assert available.contains(geometry)
    assert abs(geometry.center().x() - available.center().x()) <= 1
    assert abs(geometry.center().y() - available.center().y()) <= 1
    assert geometry.width() >= int(available.width() * FIRST_START_SHARE)
    assert geometry.height() >= int(available.height() * FIRST_START_SHARE)


def test_a_small_screen_is_used_rather_than_a_cramped_window():
    assert first_start_geometry(QRect(0, 0, 1024, 600)).size() == QSize(960, 600)


def test_panes_wider_than_the_screen_start_at_its_corner():
    geometry = first_start_geometry(QRect(100, 30, 800, 600), minimum=QSize(1200, 500))
    assert geometry.topLeft().toTuple() == (100, 30 + (600 - geometry.height()) // 2)
    assert geometry.width() == 1200


def test_the_window_opens_at_that_size_on_first_start(qtbot, tmp_path):
    window = MainWindow(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    available = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    expected = first_start_geometry(available, window.minimumSizeHint())
    assert window.geometry() == expected
    assert window.height() <= available.height()
