"""Figures for the renderer: the preview's 5,000-word article, and pathological bodies.

Run: python bench/render.py   (prints figures)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path


def _median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "render"))
    import markdown
    from render_helpers import make_article, news_body
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
