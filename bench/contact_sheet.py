"""Speed of the caption desk's contact sheet and loupe. Prints figures; asserts nothing.

    QT_QPA_PLATFORM=offscreen python bench/contact_sheet.py [--photos 5000]
    xvfb-run -a python bench/contact_sheet.py          # the same on an X server

- scrolling a contact sheet over --photos library photos (each distinct, with its own
  stored thumbnails): the time of each frame, from the scroll bar's move through the
  model's paging and the layout to the synchronous repaint of the viewport. First pass
  cold (every thumbnail decoded on the way), second pass warm;
- selecting a photo in an article of 40 placements: from the click's setCurrentIndex to
  the end of the event loop's turn that paints the inspector filled (caption, credit,
  problems) and the tiles whose selection changed;
- the loupe on a 24-megapixel JPEG: from the request to the stored preview on screen,
  and to the full pixels decoded in a worker and shown.

Wall clock on a virtual machine includes CPU time the host gave to others ("steal"):
each pass says how much there was, and how many slow frames it touched.

Targets (issue 9): a frame under 16 ms while scrolling; the inspector filled in < 30 ms;
the loupe shows a 24 MP photo in < 150 ms (embedded preview first).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image, ImageDraw

from bench._stalls import stolen_ms
from bench.photos import generate as generate_camera_photos

WINDOW_SIZE = (1400, 900)
SCROLL_STEP_PX = 120
BATCH = 500  # one wheel notch of a mouse, roughly


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f} ms, p95 {percentile(values, 0.95):.2f} ms, "
            f"max {max(values):.2f} ms (n={len(values)})")  # fmt: skip


def jpeg(image: Image.Image, quality: int = 82) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def distinct_photo(index: int, rng: random.Random, base: Image.Image) -> tuple[bytes, dict[str, bytes]]:
    """A small photo, different for every index, that is also its own grid thumbnail.

    The contact sheet only ever reads the grid thumbnails, so the bench stores no larger
    sizes for these (the loupe is measured on real 24 MP imports below).
    """
    image = base.copy()
    draw = ImageDraw.Draw(image)
    draw.rectangle((rng.randrange(200), rng.randrange(120), 250, 165), fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.text((10, 10), f"photo {index}", fill="white")
    data = jpeg(image)
    return data, {"grid": data}


def photo_row(index: int, rng: random.Random, base: Image.Image) -> tuple[dict, bytes, dict[str, bytes]]:
    original, thumbnails = distinct_photo(index, rng, base)
    record = {
        "sha256": hashlib.sha256(original).hexdigest(), "original_name": f"DSC_{index:05d}.jpg",
        "format": "JPEG", "mime": "image/jpeg", "byte_size": len(original), "width": 256, "height": 171,
        "orientation": 1, "taken_at": None, "description": f"Bench photo {index} at the market in Tehran.",
        "creator": "Bench Photographer", "credit": "ICANA" if index % 3 else "", "alt_text": "",
        "has_location": index % 7 == 0, "has_alpha": False,
    }  # fmt: skip
    return record, original, thumbnails


def store_photos(library, rows) -> None:
    for record, original, thumbnails in rows:
        library.add_photo(record, original, thumbnails)


def build_library(path: Path, count: int):
    """`count` distinct photos stored through the library's own add_photo, a batch per transaction."""
    from editor_app.library import Library

    library = Library.create(path)
    rng = random.Random(9)
    base = Image.merge("RGB", [Image.linear_gradient("L").resize((256, 171))] * 2 + [Image.new("L", (256, 171), 90)])
    started = time.perf_counter()
    for first in range(0, count, BATCH):
        batch = [photo_row(index, rng, base) for index in range(first, min(count, first + BATCH))]
        # One transaction per batch on the writer thread (add_photo nests in it as a savepoint).
        library.submit(store_photos, library, batch).result()
    print(f"library: {count} photos stored in {time.perf_counter() - started:.1f} s")
    return library


def scroll_through(app, view, model, steps: int | None = None) -> tuple[list[float], list[float]]:
    """Scroll down a wheel notch at a time; each frame timed from the scroll bar's move to
    the end of the event loop's turn, which reads what the tiles coming into view say
    (a page of the library at a time) and paints what scrolled into view (Qt blits the
    rest), and delivers any thumbnails a worker has read meanwhile.

    Returns (wall-clock ms, GUI-thread CPU ms) per frame that moved the sheet. The CPU time
    is what the frame costs this process's GUI thread, without the time it waited for a
    core on a busy machine. Slow frames during which Python collected its older
    generations, or the hypervisor gave this machine's CPU time to others, are noted in
    FRAMES_WITH_COLLECTIONS and FRAMES_WITH_STEAL.
    """
    from PySide6.QtCore import QModelIndex

    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    wall, cpu = [], []
    collections: list[int] = []  # older-generation garbage collections during the frame
    gc.callbacks.append(_count_older_collections(collections))
    try:
        while steps is None or len(wall) < steps:
            before = bar.value()
            collections.clear()
            stolen_before = stolen_ms()
            started, started_cpu = time.perf_counter(), time.thread_time()
            bar.setValue(before + SCROLL_STEP_PX)
            app.processEvents()
            if bar.value() != before:  # not a turn spent waiting for the batched layout to grow
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.thread_time() - started_cpu) * 1000)
                if wall[-1] > 16 and collections:
                    FRAMES_WITH_COLLECTIONS.append(wall[-1])
                if wall[-1] > 16 and stolen_before is not None and stolen_ms() > stolen_before:
                    FRAMES_WITH_STEAL.append(wall[-1])
            if bar.value() >= bar.maximum() and not model.canFetchMore(QModelIndex()):
                break
    finally:
        gc.callbacks.pop()
    return wall, cpu


FRAMES_WITH_COLLECTIONS: list[float] = []  # slow frames during which Python collected gen 1 or 2
FRAMES_WITH_STEAL: list[float] = []  # slow frames during which the host took CPU time from this machine


def _count_older_collections(collections: list[int]):
    def callback(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] >= 1:
            collections.append(info["generation"])

    return callback


def bench_scrolling(app, library) -> None:
    from editor_app.ui.app import freeze_startup_objects
    from editor_app.ui.contact_sheet import ContactSheet
    from editor_app.ui.photo_browser import LibraryPhotoModel
    from editor_app.ui.thumbnails import ThumbnailIcons
    from editor_app.ui.workers import Workers

    workers = Workers()
    icons = ThumbnailIcons(workers=workers)  # as in the window: thumbnails read in a worker
    icons.set_library(library)
    model = LibraryPhotoModel(library, icons)
    sheet = ContactSheet(icons, model, "Library photos")
    sheet.resize(*WINDOW_SIZE)
    sheet.show()
    app.processEvents()
    view = sheet.view
    freeze_startup_objects()  # as the window does once its first library is open
    for label in ("first pass (thumbnails read and decoded as they come into view)", "second pass"):
        FRAMES_WITH_COLLECTIONS.clear()
        FRAMES_WITH_STEAL.clear()
        stolen_before = stolen_ms()
        frames, cpu = scroll_through(app, view, model)
        over = sum(1 for frame in frames if frame > 16)
        stolen = "unknown" if stolen_before is None else f"{(stolen_ms() - stolen_before) / 1000:.2f} s"
        print(f"scroll, {label}, wall clock: {summary(frames)}; over 16 ms: {over} "
              f"({len(FRAMES_WITH_COLLECTIONS)} during a gen 1/2 garbage collection, {len(FRAMES_WITH_STEAL)} while "
              f"the host took CPU time from this machine: {stolen} in the pass)")  # fmt: skip
        print(f"scroll, {label}, GUI-thread CPU: {summary(cpu)}; over 16 ms: {sum(1 for f in cpu if f > 16)}")
    repaints = []
    for _ in range(50):
        started = time.perf_counter()
        view.viewport().repaint()  # every visible tile, as after a resize or a palette change
        repaints.append((time.perf_counter() - started) * 1000)
    print(f"full repaint of the sheet ({WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}, 160 px tiles): {summary(repaints)}")
    sheet.set_tile_edge(320)
    app.processEvents()
    frames, cpu = scroll_through(app, view, model, steps=200)
    print(f"scroll at 320 px tiles (each thumbnail scaled once), wall clock: {summary(frames)}")
    print(f"scroll at 320 px tiles, GUI-thread CPU: {summary(cpu)}")
    print(f"thumbnails kept after the passes: {icons.kept_pixels() / 1e6:.1f} M pixels; "
          f"process resident memory {resident_mb():.0f} MB")  # fmt: skip
    sheet.close()
    workers.stop_all(10000)


def bench_selection(app, library) -> None:
    from editor_app.ui.photos_pane import PhotosPane
    from editor_app.ui.workers import Workers
    from editor_app.ui.writes import LibraryWrites

    body = " ".join(["The market in Tehran reopened on Monday as traders returned."] * 150)
    article = library.create_article(headline="Market reopens", body=body)
    for photo in library.list_photos(limit=40):
        library.attach_photo(article.id, photo.id)
    writes = LibraryWrites()
    writes.set_library(library)
    workers = Workers()
    pane = PhotosPane(writes, workers=workers)  # as in the window: thumbnails read in a worker
    pane.resize(*WINDOW_SIZE)
    pane.set_side_by_side(True)
    pane.show()
    pane.set_library(library)
    pane.show_article(article.id)
    app.processEvents()
    timings, cpu, first_visits = [], [], []
    for step in range(120):
        index = pane.model.index((step * 7) % pane.model.rowCount())
        started, started_cpu = time.perf_counter(), time.thread_time()
        pane.grid.setCurrentIndex(index)
        app.processEvents()  # the turn of the event loop that paints the inspector and the two tiles
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        if step < pane.model.rowCount():  # 7 and 40 are coprime: the first 40 steps visit each photo once
            first_visits.append(timings[-1])
        assert pane.inspector.placement_id == index.data(pane.model.PlacementIdRole)
    print(f"select a photo -> inspector filled (40 placements, 1,500-word article), wall: {summary(timings)}")
    print(f"select a photo -> inspector filled, GUI-thread CPU: {summary(cpu)}")
    print(f"  of which each photo's first selection (its tile scrolled into view, nothing read yet): "
          f"{summary(first_visits)}")  # fmt: skip
    workers.stop_all(10000)
    pane.close()
    return pane


def bench_loupe(app, library, folder: Path) -> None:
    from editor_app.photos import import_photos
    from editor_app.ui.photos_pane import PhotosPane
    from editor_app.ui.workers import Workers
    from editor_app.ui.writes import LibraryWrites

    paths = generate_camera_photos(folder, 3)
    results = import_photos(library, paths)
    article = library.create_article(headline="Loupe")
    for result in results:
        library.attach_photo(article.id, result.photo.id)
    writes = LibraryWrites()
    writes.set_library(library)
    workers = Workers()
    pane = PhotosPane(writes, workers=workers)
    pane.resize(*WINDOW_SIZE)
    pane.show()
    pane.set_library(library)
    pane.show_article(article.id)
    app.processEvents()
    first, first_cpu, full = [], [], []
    for row in range(3):
        started, started_cpu = time.perf_counter(), time.thread_time()
        loupe = pane.open_loupe(row)
        loupe.picture.repaint()
        first.append((time.perf_counter() - started) * 1000)
        first_cpu.append((time.thread_time() - started_cpu) * 1000)
        while not loupe.full_pixels_shown:
            app.processEvents()
            time.sleep(0.001)
        loupe.picture.repaint()
        full.append((time.perf_counter() - started) * 1000)
        loupe.close()
        app.processEvents()
    print(f"loupe on a 24 MP JPEG, stored preview on screen: {summary(first)}")
    print(f"loupe on a 24 MP JPEG, stored preview on screen, GUI-thread CPU: {summary(first_cpu)}")
    print(f"loupe on a 24 MP JPEG, full pixels decoded (worker) and shown: {summary(full)}")
    workers.stop_all(10000)
    pane.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=5000)
    args = parser.parse_args()
    from editor_app.ui.app import GuiThreadGarbageCollector, create_application

    app = create_application([])  # as the window starts it (the GUI thread's switch interval too)
    GuiThreadGarbageCollector(app)  # and collects garbage: on the GUI thread only, every 250 ms
    print(f"platform: {app.platformName()}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as temp:
        library = build_library(Path(temp) / "bench.copydesk", args.photos)
        try:
            bench_scrolling(app, library)
            bench_selection(app, library)
            bench_loupe(app, library, Path(temp))
        finally:
            library.close()


if __name__ == "__main__":
    main()
