"""Caption desk speed: what the editor waits for in the inspector and the library list.

Builds N articles (bench/export.py's generator) with two placed photos each
(bench/preflight.py's), then times, as medians over every placement:
- selecting a photo: `PhotoInspector.show_placement` (fields, the article read for the
  checks, this placement's checks); the issue asks < 30 ms;
- the check after a pause in typing (`check_problems`, this placement only);
- a space that ends a code (`expand_code` with a 500-code list, expanding it);
and the Problems column of the library list: `caption_problem_counts` over one page of
200 articles (the worker's job per page).

    QT_QPA_PLATFORM=offscreen python bench/caption_desk.py [--articles 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from bench.export import generate
from bench.photos import median_ms
from bench.preflight import add_photos, place_photos
from editor_app.library import Library
from editor_app.photos.placements import caption_problem_counts
from editor_app.ui.photo_inspector import PhotoInspector
from editor_app.ui.writes import LibraryWrites


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        library = Library.create(Path(folder) / "bench.copydesk")
        try:
            generate(library, args.articles)
            place_photos(library, add_photos(library, 20))
            library.import_code_replacements({f"=c{n}": f"Replacement number {n}" for n in range(500)})
            writes = LibraryWrites()
            writes.set_library(library)
            inspector = PhotoInspector(writes)
            inspector.set_library(library)
            rows = [pair for summary in library.list_articles(limit=args.articles)
                    for pair in library.placed_photos(summary.id)]  # fmt: skip

            def select(pair) -> None:
                inspector.show_placement(*pair)

            selecting = median_ms(select, rows)
            checking = median_ms(lambda _pair: inspector.check_problems(), rows)
            typing_timings = []
            for _ in range(200):
                inspector.caption.setPlainText("Speaker =c42 ")  # the space just typed ends the code
                cursor = inspector.caption.textCursor()
                cursor.movePosition(cursor.MoveOperation.End)
                inspector.caption.setTextCursor(cursor)
                started = time.perf_counter()
                assert inspector.caption.expand_code()
                typing_timings.append((time.perf_counter() - started) * 1000)
            typing = statistics.median(typing_timings)
            inspector.forget_placement()
            ids = [summary.id for summary in library.list_articles(limit=200)]
            started = time.perf_counter()
            counts = caption_problem_counts(library, ids)
            page = (time.perf_counter() - started) * 1000
            print(f"{len(rows)} placements in {args.articles} articles")
            print(f"select a photo (show_placement with its checks): median {selecting:.2f} ms")
            print(f"check one placement after a pause in typing: median {checking:.2f} ms")
            print(f"a space that ends a code, expanded (500 codes): median {typing:.3f} ms")
            print(f"Problems column, one page of {len(ids)} articles (in a worker): {page:.0f} ms "
                  f"({sum(c.total for c in counts.values())} problems)")  # fmt: skip
            writes.wait(5)
        finally:
            library.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
