"""The window's first start (no saved geometry): a size that fits the screen, centred."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

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


# ---------------------------------------------------------------------- a 1280 x 720 laptop

# What a 1280 x 720 screen leaves a window inside its frame, once a panel and a title bar
# have taken their share (and a desktop theme's larger widgets some more).
LAPTOP_ROOM = QSize(1200, 640)


def controls_cut_short(window) -> list[str]:
    """Visible controls narrower or shorter than they need, or lying outside the window;
    a control inside a scroll area only needs to fit its scroller's width (it scrolls down)."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QScrollArea

    problems = []
    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit)
    for control in window.findChildren(QWidget):
        if not isinstance(control, kinds) or not control.isVisible() or control.window() is not window:
            continue
        if isinstance(control.parentWidget(), kinds):
            continue  # a spin box's or combo box's own line edit, laid out by it
        least = QSize(  # as layouts take it: a minimum set on the widget, else its hint
            control.minimumWidth() or control.minimumSizeHint().width(),
            control.minimumHeight() or control.minimumSizeHint().height(),
        ).boundedTo(control.maximumSize())
        name = control.accessibleName() or type(control).__name__
        if control.width() < least.width() or control.height() < least.height():
            problems.append(f"{name}: {control.size().toTuple()} < {least.toTuple()}")
        scroller = next((p for p in _ancestors(control) if isinstance(p, QScrollArea)), None)
        if scroller is not None:
            right = control.mapTo(scroller.viewport(), control.rect().topRight()).x()
            if right >= scroller.viewport().width():
                problems.append(f"{name}: cut off at the right of its scroller")
        elif not window.rect().contains(QRect(control.mapTo(window, QPoint(0, 0)), control.size())):
            problems.append(f"{name}: outside the window")
    return problems


def _ancestors(widget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def test_the_window_fits_a_1280_by_720_laptop_with_every_control_whole(qtbot, make_window, library, fixture_article):
    window = make_window(library)
    window.open_article(fixture_article.id)
    window.photos.grid.setCurrentIndex(window.photos.model.index(0, 0))  # the inspector shows a photo
    qtbot.waitUntil(lambda: window.photos.inspector.caption.toPlainText() != "", timeout=5000)
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert least.width() <= LAPTOP_ROOM.width() and least.height() <= LAPTOP_ROOM.height(), least

    window.resize(least)
    qtbot.waitUntil(lambda: window.size() == least)
    qtbot.wait(50)  # the splitters lay out
    assert controls_cut_short(window) == []
    assert window.photos.inspector.caption.isVisible()

    window.resize(1600, 1000)  # a large screen: the editor leads, photos above the preview
    qtbot.waitUntil(lambda: window.size() == QSize(1600, 1000))
    qtbot.wait(50)
    assert controls_cut_short(window) == []
    library_width, editor_width, side_width = window.splitter.sizes()
    assert editor_width > max(library_width, side_width)
    photos_height, preview_height = window.side_panel.sizes()
    assert preview_height > photos_height * 0.8 > 200  # the preview has its share from the start


FIRST_START_ON_A_LAPTOP = """
import json, sys
from PySide6.QtCore import QSettings
from editor_app.ui.app import create_application
from editor_app.ui.main_window import MainWindow

app = create_application()
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
window.show()
app.processEvents()
available = window.screen().availableGeometry()
print(json.dumps({"available": available.getRect(), "frame": window.frameGeometry().getRect(),
                  "least": window.minimumSizeHint().toTuple()}))
window.close()
"""


def test_first_start_on_a_1280_by_720_screen_is_inside_it(tmp_path):
    """A real first start (no saved geometry) on an offscreen 1280 x 720 screen."""
    import json
    import os
    import subprocess
    import sys

    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    ]}))  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}", "COPYDESK_LOG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_START_ON_A_LAPTOP, str(tmp_path / "fresh.ini")],
        check=True, capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    available, frame = QRect(*shown["available"]), QRect(*shown["frame"])
    assert available.size() == QSize(1280, 720)
    assert available.contains(frame), (frame, available)
    assert frame.width() >= int(1280 * FIRST_START_SHARE)
    assert QSize(*shown["least"]).boundedTo(LAPTOP_ROOM) == QSize(*shown["least"])  # room for a frame and a panel
