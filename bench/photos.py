"""Benchmark the photo import path: 24-megapixel JPEGs with EXIF (GPS, an IFD1 thumbnail) and IPTC.

Prints photos per second for a full import (hash, metadata, both thumbnails, storage) into
a fresh library, the median thumbnail time of our draft-decoding path against a
full-decode-then-resize baseline measured in the same run, the embedded-preview time, and
peak memory. Run: python bench/photos.py [--count 200]

Generation is cheap on purpose: one noisy 24 MP JPEG is encoded once, and each file gets
its own EXIF block (the Nikon corpus file's, with a per-file ImageDescription) so every
file has different bytes and therefore a different SHA-256.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus" / "photos"

from PIL import Image, ImageOps

from editor_app.library import Library
from editor_app.photos import iim
from editor_app.photos.importer import import_photos
from editor_app.photos.thumbnails import THUMBNAIL_BOXES, embedded_preview, encode_preview, make_thumbnails

SIZE = (6000, 4000)  # 24 megapixels
SAMPLE = 9  # files timed one by one for the thumbnail comparison


def base_jpeg() -> bytes:
    """A 24 MP JPEG with photo-like detail (noise over gradients), without any APP segments but JFIF."""
    # Noise drawn at half size and enlarged: fine detail like a real photo's, without the
    # pixel-level randomness no camera produces (which would double the decode time).
    noise = Image.effect_noise((SIZE[0] // 2, SIZE[1] // 2), 40).resize(SIZE, Image.Resampling.BICUBIC)
    horizontal = Image.linear_gradient("L").resize(SIZE)
    vertical = Image.linear_gradient("L").rotate(90).resize(SIZE)
    image = Image.merge("RGB", (noise, Image.blend(horizontal, noise, 0.4), Image.blend(vertical, noise, 0.3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def camera_app1() -> bytes:
    """The APP1 EXIF segment of the Nikon corpus photo: GPS IFD, maker note and IFD1 thumbnail."""
    data = (CORPUS_DIR / "gps_nikon_coolpix.jpg").read_bytes()
    position = 2
    while data[position] == 0xFF:
        marker, length = data[position + 1], int.from_bytes(data[position + 2 : position + 4], "big")
        if marker == 0xE1 and data[position + 4 : position + 10] == b"Exif\x00\x00":
            return data[position : position + 2 + length]
        position += 2 + length
    raise SystemExit("the Nikon corpus file has no EXIF segment")


def generate(folder: Path, count: int) -> list[Path]:
    pixels = base_jpeg()
    app1 = camera_app1()
    blank_description = b" " * 31  # the Nikon ImageDescription: 31 spaces we can overwrite in place
    assert blank_description in app1
    paths = []
    for index in range(count):
        exif = app1.replace(blank_description, f"bench photo {index:06d}".ljust(31).encode(), 1)
        iptc = iim.photoshop_app13(
            iim.build_iim([(iim.CAPTION, f"Bench photo {index} in Tehran. (Photo by ICANA)"), (iim.BYLINE, "Bench Photographer"), (iim.CREDIT, "ICANA")])
        )
        path = folder / f"photo_{index:04d}.jpg"
        path.write_bytes(pixels[:2] + exif + iptc + pixels[2:])
        paths.append(path)
    return paths


def baseline_thumbnails(data: bytes) -> dict[str, bytes]:
    """What a naive importer does: decode every pixel, then resize."""
    image = Image.open(io.BytesIO(data))
    image.load()
    upright = ImageOps.exif_transpose(image)
    thumbnails = {}
    for name, box in sorted(THUMBNAIL_BOXES.items(), key=lambda item: -item[1][0]):
        upright.thumbnail(box, Image.Resampling.LANCZOS)
        thumbnails[name] = encode_preview(upright.convert("RGB"))
    return thumbnails


class ProcessTreeMemory(threading.Thread):
    """Samples the resident memory of this process plus its worker processes (Linux /proc).

    getrusage's children figure is not enough on Linux: a child's maximum RSS includes the
    parent's pages at fork time, so it reports the parent's size even for a small worker.
    """

    def __init__(self, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_bytes = 0
        self._stop_event = threading.Event()
        self._page_size = os.sysconf("SC_PAGE_SIZE")

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_bytes = max(self.peak_bytes, self._tree_rss(os.getpid()))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_bytes

    def _tree_rss(self, pid: int) -> int:
        total = self._rss(pid)
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return total
        return total + sum(self._tree_rss(int(child)) for child in children)

    def _rss(self, pid: int) -> int:
        try:
            return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * self._page_size
        except (OSError, IndexError, ValueError):
            return 0


def median_ms(function, items) -> float:
    timings = []
    for item in items:
        started = time.perf_counter()
        function(item)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="number of 24 MP photos to import (default 200)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="copydesk-bench-") as temp:
        temp_dir = Path(temp)
        (temp_dir / "photos").mkdir()
        started = time.perf_counter()
        paths = generate(temp_dir / "photos", args.count)
        total_bytes = sum(p.stat().st_size for p in paths)
        print(f"generated {len(paths)} photos of {SIZE[0]}x{SIZE[1]} ({total_bytes / len(paths) / 1e6:.1f} MB each) "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip

        library = Library.create(temp_dir / "bench.copydesk")
        sampler = ProcessTreeMemory() if Path("/proc/self/statm").exists() else None
        if sampler:
            sampler.start()
        try:
            started = time.perf_counter()
            results = import_photos(library, [temp_dir / "photos"])
            elapsed = time.perf_counter() - started
        finally:
            peak_import = sampler.stop() if sampler else None
            library.close()
        failures = [r for r in results if r.error]
        created = sum(1 for r in results if r.created)
        print(f"import: {created} photos stored, {len(failures)} refused, in {elapsed:.1f} s "
              f"= {len(results) / elapsed:.1f} photos/s (target: {args.count} in < 30 s on 2 cores)")  # fmt: skip
        for failure in failures[:5]:
            print(f"  refused: {failure.error}")
        if peak_import is not None:
            print(f"peak memory during import, this process + workers: {peak_import / 2**20:.0f} MB (target < 500 MB)")

        sample = [p.read_bytes() for p in paths[:SAMPLE]]
        make_thumbnails(sample[0])  # warm up decoders and the sRGB profile
        ours = median_ms(make_thumbnails, sample)
        baseline = median_ms(baseline_thumbnails, sample)
        preview = median_ms(embedded_preview, sample)
        print(f"thumbnails (grid + inspector), median of {len(sample)}: ours {ours:.0f} ms, "
              f"full decode then resize {baseline:.0f} ms, ratio {ours / baseline:.2f} (target <= 0.50)")  # fmt: skip
        print(f"embedded EXIF preview, median: {preview:.2f} ms")

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"getrusage max RSS over the whole run (generation and the full-decode baseline included): "
          f"this process {own:.0f} MB, largest child {children:.0f} MB (Linux counts the parent's pages at fork)")  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
