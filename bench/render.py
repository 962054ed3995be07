"""Figures for the renderer: the preview's 5,000-word article, and pathological bodies.

Run: python tests/render/bench_render.py   (prints figures; not collected by pytest)
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

_WORDS = [
    "government",
    "minister",
    "said",
    "officials",
    "parliament",
    "budget",
    "vote",
    "protest",
    "city",
    "police",
    "report",
    "economy",
    "inflation",
    "prices",
    "workers",
    "union",
    "strike",
    "talks",
    "agreement",
    "election",
    "campaign",
    "court",
    "ruling",
    "judge",
    "appeal",
    "crisis",
    "border",
    "refugees",
    "aid",
    "hospital",
    "doctors",
    "patients",
    "energy",
    "fuel",
    "subsidies",
    "spending",
    "deficit",
    "analysts",
    "week",
    "month",
    "year",
    "morning",
    "evening",
    "statement",
    "interview",
]
_NAMES = ["Leila Ahmadi", "Tom Becker", "Dariush Kamali", "Maryam Hosseini", "Ali Rahimi"]


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def news_body(target_words: int, seed: int = 5) -> str:
    """A realistic news body: paragraphs, quoted speech, links, subheads every ~400 words, lists."""
    rng = random.Random(seed)
    blocks, words = [], 0
    while words < target_words:
        kind = rng.random()
        if words and words % 400 < 60 and kind < 0.5:
            blocks.append(f"## {_sentence(rng, 4)[:-1]}")
            words += 4
        elif kind < 0.25:
            quote = _sentence(rng, 14)
            blocks.append(f'"{quote}" said {rng.choice(_NAMES)}, who has worked in the city\'s council for years.')
            words += 24
        elif kind < 0.32:
            items = [f"- {_sentence(rng, 8)}" for _ in range(3)]
            blocks.append("\n".join(items))
            words += 24
        elif kind < 0.36:
            blocks.append(f"> {_sentence(rng, 20)}")
            words += 20
        else:
            text = " ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(3))
            text += f" The [{rng.choice(_WORDS)} report](https://example.org/{words}) was published *on Monday*."
            blocks.append(text)
            words += len(text.split())
    return "\n\n".join(blocks) + "\n"


def _median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import markdown
    from render_helpers import make_article
    from test_limits import PATHOLOGICAL

    from editor_app.render import RenderError, render_article, render_body

    body = news_body(5_000)
    article = make_article(body=body)
    render_article(article, [])
    plain = markdown.Markdown(extensions=["tables", "footnotes", "attr_list", "smarty", "sane_lists", "toc"])
    print(f"5,000-word body: {len(body.split()):,} words, {len(body):,} characters")
    print(
        f"  plain Python-Markdown convert: {_median_ms(lambda: (plain.reset(), plain.convert(body)), 30):.1f} ms median"
    )
    print(
        f"  render_body:                   {_median_ms(lambda: render_body(body, language='en', placements={}), 30):.1f} ms median"
    )
    print(f"  render_article (full page):    {_median_ms(lambda: render_article(article, []), 30):.1f} ms median")
    print("pathological bodies:")
    for name, pathological in PATHOLOGICAL.items():
        started = time.perf_counter()
        try:
            render_body(pathological, language="en", placements={})
            outcome = "rendered"
        except RenderError as error:
            outcome = f"{type(error).__name__}"
        print(f"  {name:32} {(time.perf_counter() - started) * 1000:8.1f} ms  {outcome}")


if __name__ == "__main__":
    main()
