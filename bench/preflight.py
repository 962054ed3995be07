"""Preflight speed: the check Export Site runs first, over a library of 1,000 articles.

Builds N articles of ~800 words (bench/export.py's generator, ready or published), gives
each two placed photos with wire captions, credits and alt text (one caption names
someone the story never mentions), then times `run_preflight` over the whole library:
median of --runs, and the cost per article. The window runs it in a worker; this
says how long the editor waits for the dialog.

    python bench/preflight.py [--articles 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from bench.export import generate
from editor_app.export import run_preflight
from editor_app.library import Library


def add_photos(library: Library, count: int) -> list:
    photos = []
    for n in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (n * 10, 100, 200 - n * 5)).save(buffer, "JPEG")
        data = buffer.getvalue()
        record = {"sha256": hashlib.sha256(data).hexdigest(), "format": "JPEG", "mime": "image/jpeg",
                  "byte_size": len(data), "width": 64, "height": 48, "description": f"Photo {n}"}  # fmt: skip
        photos.append(library.add_photo(record, data, {"grid": data})[0])
    return photos


def place_photos(library: Library, photos: list) -> None:
    def place_all() -> None:
        for summary in library.list_articles():
            article = library.get_article(summary.id)
            ids = []
            for n, caption in enumerate(
                (
                    "Lawmakers leave the chamber after the vote in Tehran on Thursday.",
                    "Finance Minister Reza Karimi speaks to reporters outside the building.",
                )
            ):
                placement = library.attach_photo(
                    article.id,
                    photos[(article.id + n) % len(photos)].id,
                    role="inline",
                    caption=caption,
                    credit="AFP",
                    alt_text="People standing in a large hall.",
                )
                ids.append(placement.id)
            body = article.body + "".join(f"\n\n![](placement:{i})\n" for i in ids)
            library.update_article(article.id, body=body)

    library.submit(place_all).result()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        library = Library.create(Path(folder) / "bench.copydesk")
        try:
            started = time.perf_counter()
            generate(library, args.articles)
            place_photos(library, add_photos(library, 20))
            print(f"built {args.articles:,} articles with 2 photos each in {time.perf_counter() - started:.1f} s")
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                preflight = run_preflight(library)
                timings.append(time.perf_counter() - started)
            median = statistics.median(timings)
            print(preflight.headline())
            print(f"run_preflight over {len(preflight.articles):,} articles: median {median:.2f} s "
                  f"({median / max(1, len(preflight.articles)) * 1000:.2f} ms an article), "
                  f"runs {', '.join(f'{t:.2f}' for t in timings)} s")  # fmt: skip
        finally:
            library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
