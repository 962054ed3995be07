"""The contact sheet: zoom within 96-320 px, tiles that say what matters, a plain selection."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from editor_app.ui.contact_sheet import TILE_MAX, TILE_MIN, ContactSheet, FactsRole, PhotoIdRole, TileFacts
from editor_app.ui.photo_browser import LibraryPhotoModel
from editor_app.ui.thumbnails import ThumbnailIcons
from tests.ui.test_photo_browser import imported


def make_sheet(qtbot, library):
    icons = ThumbnailIcons()
    icons.set_library(library)
    model = LibraryPhotoModel(library, icons)
    sheet = ContactSheet(icons, model, "Photos")
    model.setParent(sheet)
    qtbot.addWidget(sheet)
    sheet.resize(900, 600)
    sheet.show()
    qtbot.waitExposed(sheet)
    return sheet


def test_zoom_slider_sizes_the_tiles_within_96_to_320(qtbot, library, corpus_dir):
    imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    sheet = make_sheet(qtbot, library)
    first = sheet.view.model().index(0, 0)
    sheet.zoom.setValue(200)
    qtbot.waitUntil(lambda: sheet.view.visualRect(first).width() >= 200)
    wide = sheet.view.visualRect(first).width()
    sheet.zoom.setValue(120)
    qtbot.waitUntil(lambda: sheet.view.visualRect(first).width() < wide)
    assert sheet.view.tile_edge == 120
    sheet.set_tile_edge(1000)
    assert (sheet.view.tile_edge, sheet.zoom.value()) == (TILE_MAX, TILE_MAX)
    sheet.set_tile_edge(10)
    assert (sheet.view.tile_edge, sheet.zoom.value()) == (TILE_MIN, TILE_MIN)


def test_tile_facts_say_missing_credit_alt_and_location(qtbot, library, corpus_dir):
    imported(library, corpus_dir, "gps_nikon_coolpix.jpg", "news_canadian_press.jpg")
    sheet = make_sheet(qtbot, library)
    model = sheet.view.model()
    by_name = {index.data(): index.data(FactsRole) for index in map(model.index, range(model.rowCount()))}
    facts = by_name["gps_nikon_coolpix.jpg"]
    assert facts.has_location and not by_name["news_canadian_press.jpg"].has_location
    assert facts.missing_credit and not by_name["news_canadian_press.jpg"].missing_credit
    assert facts.missing_alt
    assert "location in the original" in facts.describe()
    assert facts.missing_alt
    assert "location in the original" in facts.describe()
    assert TileFacts("x.jpg", marker="Lead", problems=2).describe() == "Lead, x.jpg, 2 problems"


def test_selection_is_plain_in_a_dark_palette(qtbot, library, corpus_dir):
    imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg")
    sheet = make_sheet(qtbot, library)
    dark = QPalette(QApplication.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.Text, QColor(230, 230, 230))
    dark.setColor(QPalette.ColorRole.Highlight, QColor(42, 130, 218))
    dark.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    sheet.setPalette(dark)
    view = sheet.view
    model = view.model()
    view.selectionModel().select(model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.clearFocus()
    image = view.viewport().grab().toImage()

    def corner(row):
        rect = view.visualRect(model.index(row, 0))
        return image.pixelColor(rect.left() + 3, rect.top() + 3)

    assert corner(0) == QColor(42, 130, 218)  # the selected tile is filled with the highlight
    assert corner(1) != QColor(42, 130, 218)  # the other is not


def test_with_workers_thumbnails_are_read_off_the_gui_thread_then_shown(qtbot, library, corpus_dir):
    from editor_app.ui.workers import Workers

    (photo,) = imported(library, corpus_dir, "news_canadian_press.jpg")
    workers = Workers()
    icons = ThumbnailIcons(workers=workers)
    icons.set_library(library)
    with qtbot.waitSignal(icons.thumbnailsReady):
        assert icons.scaled_if_ready(photo.id, 160) is None  # queued for a worker, not read here
    ready = icons.scaled_if_ready(photo.id, 160)
    assert not ready.isNull() and max(ready.width(), ready.height()) == 160
    assert workers.stop_all(5000)


def test_a_thumbnail_arriving_from_a_worker_repaints_its_tile_alone(qtbot, library, corpus_dir):
    from PySide6.QtCore import QEvent, QObject

    from editor_app.ui.workers import Workers

    imported(library, corpus_dir, "news_canadian_press.jpg", "gps_nikon_coolpix.jpg", "cmyk.jpg")
    workers = Workers()
    icons = ThumbnailIcons(workers=workers)
    icons.set_library(library)
    model = LibraryPhotoModel(library, icons)
    sheet = ContactSheet(icons, model, "Photos")
    model.setParent(sheet)
    qtbot.addWidget(sheet)
    sheet.resize(900, 600)

    class PaintedRegions(QObject):
        def __init__(self):
            super().__init__()
            self.regions = []

        def eventFilter(self, _watched, event):
            if event.type() == QEvent.Type.Paint:
                self.regions.extend(event.region())  # its rectangles
            return False

    spy = PaintedRegions()
    sheet.view.viewport().installEventFilter(spy)
    with qtbot.waitSignal(icons.thumbnailsReady, timeout=10000):
        sheet.show()  # the first paint draws the tiles waiting and asks a worker for their pictures
    # Drawn straight onto the sheet while waiting, not kept: only the finished tile is.
    assert len(sheet.view.tile_delegate._tiles) == 0
    spy.regions.clear()
    qtbot.waitUntil(lambda: bool(spy.regions))
    tiles = {sheet.view.visualRect(model.index(row, 0)) for row in range(model.rowCount())}
    for painted in spy.regions:
        assert any(tile.contains(painted) for tile in tiles), painted  # a tile, not the whole sheet
    (press_id,) = [index.data(PhotoIdRole) for index in map(model.index, range(model.rowCount()))
                   if index.data() == "news_canadian_press.jpg"]  # fmt: skip
    picture = icons.scaled_if_ready(press_id, sheet.view.tile_edge)
    assert picture is not None  # scaled to the tile in the worker:
    assert max(picture.width(), picture.height()) == sheet.view.tile_edge
    assert icons.kept_pixels() >= picture.width() * picture.height()  # counted against the budget
    assert workers.stop_all(5000)


def _encoded(image, format_name: str) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, format_name)
    return out.getvalue()


def test_a_tile_decodes_to_the_thumbnails_colours_fitted_and_with_its_transparency(qapp):
    from PIL import Image

    from editor_app.ui.thumbnails import decode_tile

    opaque = Image.new("RGB", (256, 128), (200, 40, 10))
    tile = decode_tile(_encoded(opaque, "PNG"), 160)
    assert (tile.width(), tile.height()) == (160, 80)
    assert tile.pixelColor(80, 40).getRgb() == (200, 40, 10, 255)

    clear = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    clear.paste((30, 90, 200, 255), (0, 0, 50, 100))  # the left half a solid blue, the right transparent
    tile = decode_tile(_encoded(clear, "PNG"), 160)
    assert (tile.width(), tile.height()) == (100, 100)  # never enlarged
    assert tile.pixelColor(10, 50).getRgb() == (30, 90, 200, 255)
    assert tile.pixelColor(90, 50).alpha() == 0

    grey = decode_tile(_encoded(Image.new("L", (64, 64), 120), "JPEG"))
    assert abs(grey.pixelColor(32, 32).red() - 120) <= 2 and grey.pixelColor(32, 32).alpha() == 255
    assert decode_tile(b"\xff\xd8 not a jpeg").isNull()  # damaged: a blank tile, no exception


def test_decoding_tiles_in_a_worker_leaves_the_gil_to_the_gui_thread():
    """The GUI thread paints the sheet while workers decode tiles: a decoder holding the
    GIL for a whole image stalled its frames. Python on the main thread must keep
    running while another thread decodes large tiles."""
    import threading
    import time

    from PIL import Image

    from editor_app.ui.thumbnails import decode_tile

    large = _encoded(Image.effect_mandelbrot((2400, 1600), (-2, -1.5, 1, 1.5), 60).convert("RGB"), "JPEG")
    decodes = 8
    decoding = threading.Thread(target=lambda: [decode_tile(large, 320) for _ in range(decodes)])
    turns = 0
    decoding.start()
    while decoding.is_alive():
        time.sleep(0)  # let go of the GIL, as the event loop does between events
        turns += 1
    # A decoder holding the GIL lets this thread in only between images (2 or 3 turns
    # each); one that lets go leaves it running all along (hundreds of turns each).
    assert turns > 20 * decodes, turns


def _many_photos(library, count: int) -> None:
    """`count` distinct small photos stored as an import stores them (one transaction)."""
    import random

    from PIL import Image

    from bench.contact_sheet import photo_row, store_photos

    rng = random.Random(3)
    base = Image.new("RGB", (256, 171), (90, 120, 150))
    library.submit(store_photos, library, [photo_row(n, rng, base) for n in range(count)]).result()


def test_a_large_library_is_laid_out_once_and_its_records_read_as_tiles_come_into_view(qtbot, library):
    from editor_app.ui import photo_browser

    _many_photos(library, 400)
    sheet = make_sheet(qtbot, library)
    model, bar = sheet.view.model(), sheet.view.verticalScrollBar()
    assert model.rowCount() == 400  # every row from the start: the scroll bar spans the whole library
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bool(model._pages))  # laid out and painted once
    read_at_first = len(model._pages)
    assert 0 < read_at_first * photo_browser.PAGE_SIZE < 400  # only what is on screen was read
    maximum = bar.maximum()
    positions = []
    for _ in range(40):  # scroll down a notch at a time, as a wheel does
        bar.setValue(bar.value() + 120)
        QApplication.processEvents()
        positions.append(bar.value())
    assert positions == sorted(positions) and bar.maximum() == maximum  # never jumps back, never regrows
    assert len(model._pages) > read_at_first
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert 399 // photo_browser.PAGE_SIZE in model._pages  # the end of the library, read when shown
    assert model.data(model.index(399), photo_browser.FactsRole).label == "DSC_00000.jpg"  # the oldest, last


def test_a_paint_with_two_far_apart_rectangles_draws_only_the_tiles_in_them(qtbot, library):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QRegion

    _many_photos(library, 60)
    sheet = make_sheet(qtbot, library)
    view = sheet.view
    qtbot.waitUntil(lambda: bool(view.model()._pages))  # laid out and painted once
    drawn = []
    delegate = view.tile_delegate
    original = delegate._paint_tile
    delegate._paint_tile = lambda painter, option, index, *rest: (drawn.append(index.row()),
                                                                  original(painter, option, index, *rest))  # fmt: skip
    delegate._tiles.clear()  # nothing kept: every tile painted is drawn
    top_left = view.visualRect(view.model().index(0))
    viewport = view.viewport().rect()
    strip = QRect(0, viewport.height() - 20, viewport.width(), 20)  # as a scroll uncovers at the bottom
    view.viewport().repaint(QRegion(top_left) + QRegion(strip))
    in_strip = {
        row for row in range(view.model().rowCount()) if view.visualRect(view.model().index(row)).intersects(strip)
    }
    assert drawn and set(drawn) == {0} | in_strip  # not the whole sheet between them


def test_thumbnail_caches_keep_to_a_budget_of_pixels_not_a_count(qtbot):
    """3,000 thumbnails at the largest zoom held 500-800 MB; a pixel budget holds the
    memory whatever the zoom, dropping what was used least recently."""
    from PySide6.QtGui import QPixmap

    from editor_app.ui.thumbnails import PixmapCache

    cache = PixmapCache(max_pixels=100 * 100 * 3)
    for key in "abc":
        cache.put(key, QPixmap(100, 100))
    assert len(cache) == 3 and cache.pixels == 30_000
    assert cache.get("a") is not None  # used again: now the most recent
    cache.put("big", QPixmap(150, 100))  # costs a tile and a half: the two least recent go
    assert "b" not in cache and "c" not in cache and "a" in cache and "big" in cache
    assert cache.pixels == 25_000 <= cache.max_pixels
    cache.put("a", QPixmap(10, 10))  # replacing an entry counts its new cost only
    assert cache.pixels == 15_100
    cache.put("huge", QPixmap(400, 400))  # larger than the budget: kept alone, not refused
    assert len(cache) == 1 and cache.get("huge") is not None
    cache.clear()
    assert len(cache) == 0 and cache.pixels == 0


def test_at_the_largest_zoom_a_worker_reads_fewer_thumbnails_at_a_time(qtbot, library):
    """Every tile of a batch is repainted in the frame it arrives: 24 tiles of 320 px took
    that frame to 14 ms of the GUI thread. A batch covers the same area at any zoom."""
    from editor_app.ui.workers import Workers

    _many_photos(library, 30)
    ids = library.photo_ids()
    workers = Workers()
    icons = ThumbnailIcons(workers=workers)
    icons.set_library(library)
    batches = []
    icons.thumbnailsReady.connect(batches.append)
    for edge in (320, 160):
        batches.clear()
        assert all(icons.scaled_if_ready(photo_id, edge) is None for photo_id in ids)
        qtbot.waitUntil(lambda: sum(map(len, batches)) == len(ids), timeout=20000)
        sizes = [len(batch) for batch in batches]
        assert max(sizes) == (6 if edge == 320 else 24), sizes
    assert workers.stop_all(5000)
