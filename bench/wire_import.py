"""Figures for wire import: a 5,000-word story pasted as plain text and as a web page's HTML.

Run: python bench/wire_import.py   (prints figures; the target is < 50 ms to read the story)

The story is built from the Reuters and web-page fixtures' paragraphs, with subheads,
photo captions and trailing boilerplate, so every kind of line is exercised. Figures on a
shared, loaded machine vary; the median of many runs is printed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARAGRAPHS = [
    (
        "Iran's parliament approved the government's budget on Sunday but threw out a proposal to raise petrol prices, "
        "state media reported, a week after protests over the cost of living spread to several cities."
    ),
    (
        "“The people cannot bear another shock,” lawmaker Ahmad Naderi said during the debate, according to state "
        "television, as deputies argued over subsidies for bread, medicine and fuel."
    ),
    (
        "Iran's economy has been squeezed by sanctions and by inflation running above 40%, and the rial has lost more "
        "than half of its value against the dollar in two years."
    ),
    (
        "Speaker Mohammad Baqer Qalibaf told lawmakers that the plan protects families from the worst of the price "
        "rises and promised that parliament would follow every rial of spending."
    ),
]
CAPTION = "Iranian lawmakers attend a session of parliament in Tehran, Iran, March 8, 2026. REUTERS/Majid Asgaripour"
TRAILER = [
    "(Reporting by Parisa Hafezi; Editing by Toby Chopra)",
    "Our Standards: The Thomson Reuters Trust Principles.",
]


def story_parts(words: int) -> list[tuple[str, str]]:
    """[(kind, text)] of a story of about `words` words."""
    parts = [("section", "World > Middle East"), ("headline", "Iran's parliament approves budget")]
    parts += [("byline", "By Parisa Hafezi"), ("caption", CAPTION)]
    parts.append(("p", "TEHRAN (Reuters) - " + PARAGRAPHS[0]))
    count = len(" ".join(text for _kind, text in parts).split())
    index = 1
    while count < words:
        if index % 12 == 0:
            parts.append(("subhead", f"Reaction in region {index // 12}"))
        if index % 20 == 0:
            parts.append(("caption", CAPTION))
        paragraph = PARAGRAPHS[index % len(PARAGRAPHS)]
        parts.append(("p", paragraph))
        count += len(paragraph.split())
        index += 1
    parts += [("p", line) for line in TRAILER]
    return parts


def as_plain_text(parts) -> str:
    return "\n\n".join(text for _kind, text in parts)


def as_html(parts) -> str:
    tags = {"section": "nav class='breadcrumb'", "headline": "h1", "byline": "p class='byline'", "subhead": "h2"}
    lines = ["<!DOCTYPE html><html lang='en'><head><script>var a = 1 < 2;</script></head><body><article>"]
    for kind, text in parts:
        if kind == "caption":
            lines.append(f"<figure><img src='x.jpg' alt='Lawmakers'><figcaption>{text}</figcaption></figure>")
        else:
            tag = tags.get(kind, "p")
            lines.append(f"<{tag}>{text}</{tag.split()[0]}>")
    lines.append("<div class='share'><button>Share</button><button>Tweet</button></div></article></body></html>")
    return "\n".join(lines)


def _median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from editor_app.library import Library
    from editor_app.wire import decode_wire_bytes, import_wire_story
    from editor_app.wire import parse_wire_story as parse_cached
    from editor_app.wire.parsing import caption_of, is_debris

    def parse_wire_story(source):
        # Lines seen before are remembered (a story pasted twice); every run here reads it anew.
        caption_of.cache_clear()
        is_debris.cache_clear()
        return parse_cached(source)

    parts = story_parts(5_000)
    for label, text, is_html in (("plain text", as_plain_text(parts), False), ("HTML", as_html(parts), True)):
        data = text.encode("utf-8")
        draft = parse_wire_story(decode_wire_bytes(data, "bench", is_html=is_html))
        words = len(draft.body().split())
        read = _median_ms(lambda d=data, h=is_html: parse_wire_story(decode_wire_bytes(d, "bench", is_html=h)), 30)
        print(
            f"5,000-word story as {label}: {len(data):,} bytes -> {words:,} words in the body, "
            f"{len(draft.slots)} photo slots, {len(draft.removed)} lines to the note"
        )
        print(f"  read (decode + parse): {read:.1f} ms median of 30 (target < 50 ms)")
        with tempfile.TemporaryDirectory() as folder, Library.create(Path(folder) / "bench.copydesk") as library:
            stored = _median_ms(
                lambda d=data, h=is_html: (
                    caption_of.cache_clear(),
                    is_debris.cache_clear(),
                    import_wire_story(library, decode_wire_bytes(d, "bench", is_html=h)),
                ),
                10,
            )
        print(f"  read and stored as an article with its slots (one write, synchronous=FULL): {stored:.1f} ms median")


if __name__ == "__main__":
    main()
