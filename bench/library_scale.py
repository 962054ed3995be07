"""Library at scale: 100,000 articles of ~800 words and 20,000 photo placements.

Builds the library (or reuses one given with --path), then times, through the
library's own API, what the window does all day: opening the file, listing the
newest 50 articles of a section, counting, and full-text search newest-first
(search-as-you-type) and ranked. Prints median and p95 of each, and peak memory.

    python bench/library_scale.py [--articles 100000] [--placements 20000] [--path FILE] [--realistic]

--realistic builds the library a desk has after a few years (the one bench/ui.py types
into): each article also has its tags and two revisions (as filed, and as last edited),
and photo originals of a few megabytes bring the file to at least 2.3 GB. At 100,000
articles the text, revisions and search index alone come to about 4.1 GB (no photos
needed); building it took 25 minutes on a loaded 2-core machine.

Targets (2 cores): open < 0.3 s, newest-50 of a section < 5 ms, newest-first
search < 2 ms median / 15 ms p95, ranked search < 15 ms median / 100 ms p95,
peak memory < 300 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import itertools
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image

from editor_app.library import Library
from editor_app.library.text import count_words

SECTIONS = [
    "News / Politics", "News / Economy", "News / World", "News / Health", "Sport / Football",
    "Sport / Tennis", "Culture / Books", "Culture / Film", "Opinion", "Science",
]  # fmt: skip
STATUSES = ["draft", "in_edit", "ready", "published"]


def make_vocabulary(rng: random.Random, size: int = 30000) -> tuple[list[str], list[float]]:
    syllables = ["ka", "lo", "mi", "ren", "tas", "vo", "shi", "an", "pe", "dor", "li", "qua", "zen", "ru", "bel"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    weights = [1.0 / (rank + 1) for rank in range(len(ordered))]  # Zipf: a few very common words
    return ordered, weights


def make_body(rng: random.Random, words: list[str], weights: list[float], count: int = 800) -> str:
    """`weights` may be cumulative (from itertools.accumulate): far faster for long bodies."""
    chosen = rng.choices(words, cum_weights=weights, k=count)
    paragraphs = []
    for start in range(0, count, 80):
        chunk = chosen[start : start + 80]
        text = " ".join(chunk).capitalize() + "."
        if start and start % 240 == 0:
            paragraphs.append("## " + " ".join(chunk[:4]).capitalize())
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


REALISTIC_BYTES = 2_300_000_000
TAGS = [f"tag{n}" for n in range(300)]


def build(path: Path, articles: int, placements: int, seed: int = 7, realistic: bool = False) -> None:
    """The library; `realistic` adds tags, two revisions an article, and photos up to 2.3 GB."""
    rng = random.Random(seed)
    words, weights = make_vocabulary(rng)
    cumulative = list(itertools.accumulate(weights))
    started = time.perf_counter()
    with Library.create(path) as library:
        conn = library.db.conn
        batch = []
        base = time.time() - articles * 60
        for n in range(articles):
            body = make_body(rng, words, cumulative)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(base + n * 60))
            headline = " ".join(rng.choices(words, cum_weights=cumulative, k=8)).capitalize()
            batch.append(
                (str(uuid.uuid4()), f"a{n}", rng.choice(SECTIONS), headline, headline + " standfirst", "Staff",
                 "TEHRAN", body, rng.choice(STATUSES), "en", stamp, stamp, count_words(body))
            )  # fmt: skip
            if len(batch) == 1000:
                _insert(conn, batch, rng if realistic else None)
                batch = []
                print(f"\r  {n + 1:,} articles ({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr)
        if batch:
            _insert(conn, batch, rng if realistic else None)
        print(file=sys.stderr)
        photos = []
        for n in range(20):
            buffer = io.BytesIO()
            Image.new("RGB", (64, 48), (n * 10, 100, 200 - n * 5)).save(buffer, "JPEG")
            data = buffer.getvalue()
            record = {"sha256": hashlib.sha256(data).hexdigest(), "format": "JPEG", "mime": "image/jpeg",
                      "byte_size": len(data), "width": 64, "height": 48, "description": f"Photo {n}"}  # fmt: skip
            photos.append(library.add_photo(record, data, {"grid": data})[0])
        article_ids = rng.sample(range(1, articles + 1), min(placements, articles))
        for count, article_id in enumerate(article_ids, 1):
            library.attach_photo(
                article_id,
                rng.choice(photos).id,
                caption=" ".join(rng.choices(words, weights=weights, k=15)).capitalize() + ". (AFP photo)",
                credit="AFP",
            )
            if count % 1000 == 0:
                print(f"\r  {count:,} placements", end="", file=sys.stderr)
        print(file=sys.stderr)
        if realistic:
            add_originals(library, REALISTIC_BYTES - path.stat().st_size, rng)
    size = path.stat().st_size / 1e9
    print(f"built {articles:,} articles and {placements:,} placements ({size:.2f} GB) in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip


def build_once(path: Path, articles: int, placements: int, realistic: bool = False) -> None:
    """Build under a temporary name, then rename: an interrupted build is never reused."""
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, partial.with_name(partial.name + ".lock")):
        leftover.unlink(missing_ok=True)
    build(partial, articles, placements, realistic=realistic)
    os.replace(partial, path)


def _insert(conn, rows, rng: random.Random | None = None) -> None:
    """One transaction of articles; with `rng`, their tags and revisions too."""
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO article (uuid, slug, section, headline, standfirst, byline, dateline, body, status,"
        " language, created_at, updated_at, word_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    if rng is not None:
        slugs = [row[1] for row in rows]
        marks = ",".join("?" * len(slugs))
        ids = dict(conn.execute(f"SELECT slug, id FROM article WHERE slug IN ({marks})", slugs).fetchall())
        tags, revisions = [], []
        for row in rows:
            article_id = ids[row[1]]
            chosen = rng.sample(TAGS, rng.randint(1, 4))
            tags.extend((article_id, tag, position) for position, tag in enumerate(chosen))
            fields = {"headline": row[3], "standfirst": row[4], "byline": row[5], "dateline": row[6],
                      "section": row[2], "status": row[8], "language": row[9], "tags": chosen, "slug": row[1],
                      "target_words": None, "editor_note": ""}  # fmt: skip
            filed = {**fields, "status": "draft", "body": row[7][: len(row[7]) * 2 // 3]}
            revisions.append((article_id, row[10], row[10], "auto", None, json.dumps(filed)))
            revisions.append((article_id, row[11], row[11], "auto", None, json.dumps({**fields, "body": row[7]})))
        conn.executemany("INSERT INTO article_tag (article_id, tag, position) VALUES (?, ?, ?)", tags)
        conn.executemany(
            "INSERT INTO revision (article_id, created_at, updated_at, kind, name, fields) VALUES (?, ?, ?, ?, ?, ?)",
            revisions,
        )
    conn.execute("COMMIT")


def add_originals(library: Library, total_bytes: int, rng: random.Random, size: int = 4 * 1024 * 1024) -> None:
    """Photo originals of `size` bytes (random: they do not compress) until `total_bytes` are added."""
    thumbnail = io.BytesIO()
    Image.new("RGB", (320, 214), (90, 120, 150)).save(thumbnail, "JPEG")
    count = max(0, total_bytes // size)
    for n in range(count):
        data = rng.randbytes(size)
        record = {"sha256": hashlib.sha256(data).hexdigest(), "format": "JPEG", "mime": "image/jpeg",
                  "byte_size": len(data), "width": 6000, "height": 4000, "description": f"Archive photo {n}"}  # fmt: skip
        library.add_photo(record, data, {"grid": thumbnail.getvalue()})
        print(f"\r  {n + 1}/{count} photo originals", end="", file=sys.stderr)
    print(file=sys.stderr)


def timed(function, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def report(label: str, figures: tuple[float, float], target: str = "") -> None:
    median, p95 = figures
    print(f"  {label:<44} median {median:8.2f} ms   p95 {p95:8.2f} ms   {target}")


def measure(path: Path, repeat: int) -> None:
    rng = random.Random(11)
    print(f"library {path} ({path.stat().st_size / 1e6:,.0f} MB)")

    def open_close():
        Library.open(path).close()

    report("open (and close) the library", timed(open_close, 20), "target < 300 ms")
    library = Library.open(path)
    try:
        vocab = _vocabulary_by_frequency(library)
        # By rank in a Zipf vocabulary: vocab[0] is in every article (like "the"); around
        # rank 700 a word is in roughly one article in ten (like "government" in a news
        # library); the rare word is in a handful.
        very_common, common, rare = vocab[0], vocab[700], vocab[len(vocab) * 3 // 4]
        second = vocab[300]
        phrase_source = library.get_article(rng.randint(1, library.count_articles())).body.split()[10:12]
        phrase = '"' + " ".join(w.strip(".,").lower() for w in phrase_source) + '"'
        prefix = next(w for w in vocab[400:] if len(w) >= 7)[:5] + "*"
        report(
            "newest 50 of a section",
            timed(lambda: library.list_articles(section=rng.choice(SECTIONS), limit=50), repeat),
            "target < 5 ms",
        )
        report("newest 50 of all", timed(lambda: library.list_articles(limit=50), repeat))
        report("count all articles", timed(library.count_articles, repeat))
        report("count a section", timed(lambda: library.count_articles(section=rng.choice(SECTIONS)), repeat))
        report("count by status", timed(lambda: library.count_articles(status=rng.choice(STATUSES)), repeat))
        queries = {
            f"very common word ({very_common})": very_common,
            f"common word ({common})": common,
            f"rare word ({rare})": rare,
            f"two words ({second} {rare})": f"{second} {rare}",
            f"phrase ({phrase})": phrase,
            f"prefix ({prefix})": prefix,
        }
        for label, query in queries.items():
            hits = library.count_search_matches(query)
            print(f"  {label:<44} matches {hits:,} articles")
        print("  search, newest first, as the window's search-as-you-type (no snippets;")
        print("  target < 2 ms median, < 15 ms p95):")
        newest = []
        for label, query in queries.items():
            figures = timed(lambda q=query: library.search(q, limit=50, snippets=False), repeat)
            newest.append(figures)
            report("  " + label, figures)
        print("  search, newest first, 50 results with text snippets (as `copydesk search` prints):")
        for label, query in queries.items():
            report("  " + label, timed(lambda q=query: library.search(q, limit=50), max(10, repeat // 5)))
        print("  search, ranked (target < 15 ms median, < 100 ms p95):")
        ranked = []
        for label, query in queries.items():
            figures = timed(lambda q=query: library.search(q, ranked=True, limit=50, snippets=False), repeat)
            ranked.append(figures)
            report("  " + label, figures)
        _summary("newest-first search, all queries", newest, repeat)
        _summary("ranked search, all queries", ranked, repeat)
    finally:
        library.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory (max RSS) {peak:.0f} MB   target < 300 MB")


def _summary(label, figures, repeat):
    medians = sorted(m for m, _ in figures)
    p95s = sorted(p for _, p in figures)
    print(f"  {label:<44} median of medians {statistics.median(medians):.2f} ms, worst p95 {max(p95s):.2f} ms")


def _vocabulary_by_frequency(library) -> list[str]:
    """Indexed terms, most frequent first (from the body column of a sample of articles)."""
    from collections import Counter

    counts: Counter = Counter()
    for (body,) in library.db.execute("SELECT body FROM article ORDER BY random() LIMIT 300"):
        counts.update(w.strip(".,#").lower() for w in body.split() if w.strip(".,#").isalpha())
    return [w for w, _ in counts.most_common()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--placements", type=int, default=20_000)
    parser.add_argument("--path", type=Path, help="reuse (or build at) this library file")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--realistic", action="store_true", help="tags, revisions and photos: about 2.3 GB")
    parser.add_argument("--build-only", action="store_true", help="build the library, measure nothing")
    args = parser.parse_args()
    if args.path is None:
        folder = tempfile.mkdtemp(prefix="copydesk-bench-")
        args.path = Path(folder) / "scale.copydesk"
    if not args.path.exists():
        build_once(args.path, args.articles, args.placements, realistic=args.realistic)
    if not args.build_only:
        measure(args.path, args.repeat)


if __name__ == "__main__":
    main()
