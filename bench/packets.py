"""Benchmark story packets: the merge of a 5,000-word story, and a packet with 20 photos
of 24 megapixels written and taken in.

Targets (issue 12): merge < 100 ms; packet written < 3 s; packet imported < 3 s.
The photos are camera-like JPEGs, each with pixels of its own (bench/card_import.py makes
them; kept in /tmp/copydesk-packet-photos between runs). Taking the packet in is timed
twice: into an empty library (every photo stored) and into one that already holds the
photos (recognised by their hash, nothing stored twice). Run:
    python bench/packets.py [--photos 20] [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench.card_import import generate_card
from editor_app.library import Library
from editor_app.packets.merge import merge_story
from editor_app.packets.taking import plan_packet, take_packet
from editor_app.packets.writing import write_packet
from editor_app.photos.importer import import_photos

WORDS = [
    "the",
    "budget",
    "vote",
    "parliament",
    "minister",
    "said",
    "on",
    "thursday",
    "after",
    "session",
    "lawmakers",
    "protest",
    "fuel",
]


def long_body(words: int, seed: int = 12) -> str:
    """`words` words in paragraphs of 30-70 words, with a subhead every ten paragraphs."""
    rng = random.Random(seed)
    paragraphs, written = [], 0
    while written < words:
        count = min(rng.randint(30, 70), words - written)
        if len(paragraphs) % 10 == 9:
            paragraphs.append(f"## Part {len(paragraphs) // 10 + 1}")
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + ".")
        written += count
    return "\n\n".join(paragraphs) + "\n"


def _story(body: str, headline: str, placements: list[dict]) -> dict:
    fields = {"section": "News", "headline": headline, "standfirst": "", "byline": "", "dateline": "", "body": body,
              "status": "draft", "language": "en", "target_words": None, "editor_note": "", "tags": ["Iran"]}  # fmt: skip
    return {"fields": fields, "placements": placements}


def bench_merge(repeat: int) -> None:
    base_body = long_body(5000)
    paragraphs = base_body.split("\n\n")
    mine_paragraphs, theirs_paragraphs = list(paragraphs), list(paragraphs)
    for index in range(3, len(paragraphs), 9):  # each side edits its own paragraphs...
        mine_paragraphs[index] = "Mine: " + paragraphs[index]
    for index in range(6, len(paragraphs), 9):
        theirs_paragraphs[index] = "Theirs: " + paragraphs[index]
    theirs_paragraphs[3] = "Theirs too: " + paragraphs[3]  # ...and one paragraph both edited
    theirs_paragraphs.insert(20, "A paragraph only they added.")
    placements = [{"uuid": f"p{i}", "photo": f"{i:064x}", "role": "inline", "caption": f"Caption {i}",
                   "credit": "AFP", "alt_text": ""} for i in range(20)]  # fmt: skip
    theirs_placements = [dict(p, caption=p["caption"] + " (edited)") if i % 2 else p for i, p in enumerate(placements)]
    base = _story(base_body, "Headline", placements)
    mine = _story("\n\n".join(mine_paragraphs), "Headline", placements)
    theirs = _story("\n\n".join(theirs_paragraphs), "Their headline", theirs_placements)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        merge = merge_story(base, mine, theirs)
        merge.resolve({c.key: "theirs" for c in merge.conflicts})
        samples.append((time.perf_counter() - started) * 1000)
    words = len(base_body.split())
    print(
        f"merge of a {words:,}-word story ({len(paragraphs)} paragraphs, {len(merge.conflicts)} conflict, "
        f"20 placements): median {statistics.median(samples):.1f} ms, max {max(samples):.1f} ms  (target < 100 ms)"
    )


def bench_packet(photo_count: int) -> None:
    photos = generate_card(Path(tempfile.gettempdir()) / f"copydesk-packet-photos-{photo_count}", photo_count)
    size = sum(p.stat().st_size for p in photos)
    with tempfile.TemporaryDirectory(prefix="copydesk-packets-") as folder:
        folder = Path(folder)
        with Library.create(folder / "reporter.copydesk") as reporter:
            results = import_photos(reporter, photos)
            article = reporter.create_article("Budget vote", body=long_body(5000))
            for result in results:
                reporter.attach_photo(article.id, result.photo.id, caption=f"{result.photo.original_name}. (AFP)")
            started = time.perf_counter()
            packet = write_packet(reporter, article.id, folder / "story", sender="Reporter")
            written = time.perf_counter() - started
        print(
            f"packet with {photo_count} photos of 24 MP ({size / 2**20:,.0f} MB of originals): "
            f"written in {written:.2f} s  (target < 3 s), {packet.stat().st_size / 2**20:,.0f} MB"
        )
        with Library.create(folder / "editor.copydesk") as editor:
            started = time.perf_counter()
            result = take_packet(editor, plan_packet(editor, packet))
            taken = time.perf_counter() - started
            assert result.created and result.photos_added == photo_count
            print(f"imported into an empty library in {taken:.2f} s  (target < 3 s; every photo stored)")
        with Library.create(folder / "again.copydesk") as again:
            import_photos(again, photos)
            started = time.perf_counter()
            result = take_packet(again, plan_packet(again, packet))
            taken = time.perf_counter() - started
            assert result.photos_added == 0
            print(f"imported into a library that has the photos in {taken:.2f} s  (recognised by hash)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    bench_merge(args.repeat)
    bench_packet(args.photos)
    return 0


if __name__ == "__main__":
    sys.exit(main())
