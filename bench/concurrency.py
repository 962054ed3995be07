"""The window's reads while the library works: search-as-you-type and thumbnails per frame.

On this (the "GUI") thread, each frame types one more letter of a word into the search
box (library.search of the prefix, as the library pane asks: 200 rows, no snippets) and
paints a grid of 12 thumbnails (library.photo_thumbnail). Frames are paced at 60 Hz.
First with nothing in the background (the baseline), then while other threads back the
library up and import photos (24 MP JPEGs made as bench/photos.py makes them, each file
distinct). Prints median / p95 / max milliseconds per operation and per frame, and how
many frames took longer than 16 ms.

    python bench/concurrency.py [--small] [--path FILE] [--photos 200] [--star]

The default library is about 2 GB (articles from bench/library_scale.py plus 10 MB
originals); --small builds ~150 MB and imports 20 photos for a quick run. Target: no
frame over 16 ms while the backup and the import run.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from library_scale import build, make_vocabulary
from PIL import Image

from editor_app.library import Library
from editor_app.photos.importer import import_photos

FRAME_SECONDS = 1 / 60
FRAME_BUDGET_MS = 16.0
THUMBNAILS_PER_FRAME = 12
ORIGINAL_BYTES = 10 * 1024 * 1024


def add_originals(library: Library, total_bytes: int) -> None:
    """Pad the library to size with 10 MB originals (random bytes: they do not compress)."""
    thumbnail = io.BytesIO()
    Image.new("RGB", (320, 214), (90, 120, 150)).save(thumbnail, "JPEG")
    count = max(1, total_bytes // ORIGINAL_BYTES)
    for n in range(count):
        data = os.urandom(ORIGINAL_BYTES)
        record = {"sha256": hashlib.sha256(data).hexdigest(), "format": "JPEG", "mime": "image/jpeg",
                  "byte_size": len(data), "width": 6000, "height": 4000, "description": f"Ballast {n}"}  # fmt: skip
        library.add_photo(record, data, {"grid": thumbnail.getvalue()})
        print(f"\r  {n + 1}/{count} originals", end="", file=sys.stderr)
    print(file=sys.stderr)


def keystrokes(count: int, star: bool) -> list[str]:
    """What a person types: words of the articles' vocabulary, one more letter each time.

    The library pane searches the text as typed ("k", "ka", "kal"); `star` searches each
    as a prefix instead ("ka*"), which costs more: FTS5 merges every term it begins.
    """
    words, _ = make_vocabulary(random.Random(7))
    rng = random.Random(11)
    typed: list[str] = []
    while len(typed) < count:
        word = rng.choice(words[:2000])
        typed += [word[:n] + ("*" if star else "") for n in range(1, len(word) + 1)]
    return typed[:count]


class Frames:
    def __init__(self):
        self.search_ms: list[float] = []
        self.thumbnail_ms: list[float] = []
        self.frame_ms: list[float] = []

    def run_one(self, library: Library, prefix: str, photo_ids: list[int], rng: random.Random) -> None:
        started = time.perf_counter()
        library.search(prefix, limit=200, snippets=False)
        searched = time.perf_counter()
        for photo_id in rng.sample(photo_ids, min(THUMBNAILS_PER_FRAME, len(photo_ids))):
            before = time.perf_counter()
            library.photo_thumbnail(photo_id, "grid")
            self.thumbnail_ms.append((time.perf_counter() - before) * 1000)
        finished = time.perf_counter()
        self.search_ms.append((searched - started) * 1000)
        self.frame_ms.append((finished - started) * 1000)
        time.sleep(max(0.0, FRAME_SECONDS - (finished - started)))

    def report(self, label: str) -> None:
        print(f"{label} ({len(self.frame_ms)} frames)")
        for name, values in (("search-as-you-type", self.search_ms), ("thumbnail read", self.thumbnail_ms),
                             ("frame (search + 12 thumbnails)", self.frame_ms)):  # fmt: skip
            ordered = sorted(values)
            p95 = ordered[int(len(ordered) * 0.95) - 1] if ordered else 0.0
            print(f"  {name:32} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   "
                  f"max {ordered[-1]:7.2f} ms")  # fmt: skip
        over = sum(1 for ms in self.frame_ms if ms > FRAME_BUDGET_MS)
        print(f"  frames over {FRAME_BUDGET_MS:.0f} ms: {over}")


def measure(path: Path, photo_count: int, baseline_frames: int, work: Path, star: bool) -> None:
    from photos import generate

    print(f"library {path} ({path.stat().st_size / 1e9:.2f} GB)")
    photo_folder = work / "import"
    photo_folder.mkdir(exist_ok=True)
    started = time.perf_counter()
    files = generate(photo_folder, photo_count)
    # A comment segment with a fresh nonce after the JPEG's start marker: every run
    # imports files the library has not seen (otherwise they are skipped as duplicates).
    for file in files:
        data = file.read_bytes()
        file.write_bytes(data[:2] + b"\xff\xfe\x00\x12" + os.urandom(16) + data[2:])
    print(f"generated {len(files)} photos to import in {time.perf_counter() - started:.0f} s")
    with Library.open(path) as library:
        photo_ids = [photo.id for photo in library.list_photos(limit=500)]
        typed = keystrokes(100_000, star)
        rng = random.Random(3)
        baseline = Frames()
        for prefix in typed[:baseline_frames]:
            baseline.run_one(library, prefix, photo_ids, rng)
        baseline.report("baseline: nothing in the background")

        timings: dict[str, float] = {}

        def timed(name, function, *args):
            begun = time.perf_counter()
            function(*args)
            timings[name] = time.perf_counter() - begun

        background = [
            threading.Thread(target=timed, args=("backup", library.backup, work / "backup.copydesk")),
            threading.Thread(target=timed, args=("import", import_photos, library, files)),
        ]
        loaded = Frames()
        for thread in background:
            thread.start()
        position = baseline_frames
        while any(thread.is_alive() for thread in background):
            loaded.run_one(library, typed[position % len(typed)], photo_ids, rng)
            position += 1
        loaded.report(f"while backing up and importing {photo_count} photos")
        print(f"  backup took {timings.get('backup', float('nan')):.1f} s, "
              f"import took {timings.get('import', float('nan')):.1f} s")  # fmt: skip
        print(f"  photos now in the library: {library.count_photos()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a ~150 MB library and 20 photos")
    parser.add_argument("--path", type=Path, help="reuse (or build at) this library file")
    parser.add_argument("--photos", type=int, help="photos to import (default 200; 20 with --small)")
    parser.add_argument("--frames", type=int, default=300, help="baseline frames")
    parser.add_argument("--star", action="store_true", help='search each keystroke as a prefix ("ka*")')
    args = parser.parse_args()
    articles, padding, photos = (5_000, 100_000_000, 20) if args.small else (50_000, 1_500_000_000, 200)
    photos = args.photos or photos
    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as temporary:
        work = Path(temporary)
        path = args.path or work / "library.copydesk"
        if not path.exists():
            build(path, articles, placements=min(2_000, articles))
            with Library.open(path) as library:
                add_originals(library, padding)
        measure(path, photos, args.frames, work, args.star)


if __name__ == "__main__":
    main()
